"""The joint-punishment checklist: created on listing, every step, refusals, the 请示 and
the approval, bulk delivery with one letter, the command line, the court-import hook."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.services import letters, sanction_query, sanction_steps, sanctions
from xinyi_desktop.services.agencies import PersonInput, add_person
from xinyi_desktop.services.cases import change_stage
from xinyi_desktop.store.models import Agency, Event
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep

TODAY = dt.date(2026, 11, 24)
TOWN = "新沂市棋盘镇人民政府"
LOCAL = ["失信约谈", "限制融资", "取消评先", "记入系统", "限制投资", "限制补助", "限制消费"]


@pytest.fixture
def listed(actor, make_case):
    """A lost case of the town with its people, then put on the list."""
    case = make_case(
        "（2025）苏0381行初7号",
        stage="lost",
        judgment_effective_on=dt.date(2025, 6, 1),
        performance_deadline=dt.date(2025, 7, 1),
    )
    agency = Agency.get(Agency.name == TOWN)
    for name, role in (
        ("赵刚", "legal_rep"),
        ("孙明", "principal"),
        ("钱力", "direct"),
        ("李芳", "finance"),
    ):
        add_person(actor, agency.id, PersonInput(name=name, role=role, id_number=""))
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=TODAY)
    return Listing.get(Listing.case == case.id)


def items(listing, measure=None):
    query = SanctionItem.select().where(SanctionItem.listing == listing)
    if measure:
        query = query.where(SanctionItem.measure_key == measure)
    return list(query.order_by(SanctionItem.id))


def test_listing_creates_the_proposed_items_of_the_seven_local_measures(listed):
    (row,) = sanction_query.checklist_json()
    assert row["agency"] == TOWN and row["case_no"] == "（2025）苏0381行初7号"
    assert list(dict.fromkeys(i["measure"] for i in row["items"])) == LOCAL
    assert {i["status"] for i in row["items"]} == {"proposed"}
    consumption = [i["target"] for i in row["items"] if i["measure"] == "限制消费"]
    assert consumption == ["赵刚", "孙明", "钱力", "李芳"]  # persons only, no agency
    record = [i["target"] for i in row["items"] if i["measure"] == "记入系统"]
    assert record == [TOWN, "赵刚", "孙明", "钱力"]
    assert len(row["items"]) == 6 + 3 + 4
    step = SanctionStep.get(SanctionStep.item == items(listed, "talk")[0].id)
    assert step.to_status == "proposed" and step.happened_on == dt.date(2025, 8, 1)


def test_creating_checklists_again_changes_nothing(actor, listed):
    before = len(items(listed))
    assert sanctions.ensure_checklists(actor, [listed.case_id], today=TODAY) == 0
    assert len(items(listed)) == before


def test_a_person_recorded_later_is_added_by_completing_the_checklist(actor, listed):
    add_person(actor, listed.agency_id, PersonInput(name="周强", role="finance"))
    assert sanction_steps.complete_checklist(actor, listed.id, today=TODAY) == 1
    assert items(listed, "consumption")[-1].target_name == "周强"


def step(actor, listing, measure, target, on=TODAY, **kw):
    ids = [i.id for i in items(listing, measure)]
    return sanction_steps.change_status(actor, ids, target, on=on, today=TODAY, **kw)


def test_every_status_change_is_recorded_with_date_user_and_document(actor, listed):
    step(actor, listed, "financing", "submitted", document_ref="新信用发〔2026〕1号")
    sanction_steps.approve_listings(
        actor, [listed.id], on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
    )
    step(actor, listed, "financing", "delivered", document_ref="新信用函〔2026〕5号")
    step(actor, listed, "financing", "carried_out", note="金融办回函")
    step(actor, listed, "financing", "lifted", note="已履行")
    (item,) = items(listed, "financing")
    assert item.status == "lifted" and item.status_on == TODAY
    history = (
        sanction_steps.describe(item),
        [
            (s.from_status, s.to_status, s.user.username, s.document_ref)
            for s in sanction_query.steps_of(item.id)
        ],
    )
    assert history[1] == [
        ("", "proposed", actor.username, ""),
        ("proposed", "submitted", actor.username, "新信用发〔2026〕1号"),
        ("submitted", "approved", actor.username, "新政复〔2026〕3号"),
        ("approved", "delivered", actor.username, "新信用函〔2026〕5号"),
        ("delivered", "carried_out", actor.username, ""),
        ("carried_out", "lifted", actor.username, ""),
    ]
    summaries = [e.summary for e in Event.select().where(Event.kind == "sanction")]
    assert "联合惩戒：限制融资登记市政府核定（新政复〔2026〕3号）" in summaries


def test_not_applicable_needs_a_reason_and_can_be_reopened(actor, listed):
    with pytest.raises(ValidationError, match="理由"):
        step(actor, listed, "investment", "not_applicable")
    step(actor, listed, "investment", "not_applicable", reason="该镇无在建投资项目")
    assert items(listed, "investment")[0].reason == "该镇无在建投资项目"
    step(actor, listed, "investment", "proposed", reason="新申报项目")
    assert items(listed, "investment")[0].status == "proposed"


def test_lifting_a_measure_never_carried_out_is_refused_and_nothing_written(actor, listed):
    before = SanctionStep.select().count()
    with pytest.raises(ValidationError) as refused:
        step(actor, listed, "subsidy", "lifted")
    assert str(refused.value) == (
        f"“限制补助”（{TOWN}）处于“拟实施”状态，从未实施，无需也不能解除。"
    )
    assert SanctionStep.select().count() == before


def test_approving_what_was_never_submitted_is_refused(actor, listed):
    with pytest.raises(ValidationError, match="尚未报送市政府（没有请示），不能登记核定"):
        sanction_steps.approve_listings(
            actor, [listed.id], on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
        )


def test_a_bulk_step_is_all_or_none(actor, listed):
    step(actor, listed, "talk", "submitted", document_ref="新信用发〔2026〕1号")
    ids = [i.id for i in items(listed, "awards") + items(listed, "talk")]
    with pytest.raises(ValidationError, match="失信约谈.*已是“已报市政府”状态"):
        sanction_steps.change_status(
            actor, ids, "submitted", on=TODAY, today=TODAY, document_ref="新信用发〔2026〕1号"
        )
    assert items(listed, "awards")[0].status == "proposed"


def test_a_reader_may_not_step(actor, listed):
    from xinyi_desktop.rules.permissions import PermissionDenied
    from xinyi_desktop.services.accounts import create_user

    clerk = create_user(actor, "xiaowang", "小王", "Secret-123456-ab", "clerk")
    with pytest.raises(PermissionDenied, match="审核"):
        step(clerk, listed, "talk", "submitted", document_ref="新信用发〔2026〕1号")


def order_rectification(actor, listing, due=dt.date(2026, 10, 31)):
    from xinyi_desktop.services.rectification import assign_rectification

    assign_rectification(actor, listing.id, on=dt.date(2026, 10, 1), due_on=due, today=TODAY)


def request_and_approve(actor):
    order_rectification(actor, Listing.get())
    (plan,) = letters.plan_escalation("request", issued_on=TODAY)
    document = letters.run(letters.generate(actor, [plan])).documents[0]
    listing = Listing.get()
    sanction_steps.approve_listings(
        actor, [listing.id], on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
    )
    return document


def test_the_request_submits_and_the_approval_approves(actor, listed, office_contact):
    document = request_and_approve(actor)
    listing = Listing.get_by_id(listed.id)
    assert listing.escalated_on == TODAY and listing.escalation_document_id == document.id
    assert {i.status for i in items(listed)} == {"approved"}
    submitted = SanctionStep.get(SanctionStep.to_status == "submitted")
    assert submitted.document_id == document.id
    assert [b.name for b in sanctions.approved_bodies(TODAY)] == [TOWN]
    assert sanctions.overdue_bodies(TODAY) == []  # approved: no second 请示


def test_items_submitted_after_the_approval_get_a_further_approval(actor, listed, office_contact):
    request_and_approve(actor)
    # A new head in post after the approval: his items, then a later 请示 submits them.
    add_person(actor, listed.agency_id, PersonInput(name="周强", role="finance"))
    assert sanction_steps.complete_checklist(actor, listed.id, today=TODAY) == 1
    (new,) = [i for i in items(listed, "consumption") if i.target_name == "周强"]
    later = TODAY + dt.timedelta(days=10)
    sanction_steps.change_status(
        actor, [new.id], "submitted", on=later, today=later, document_ref="新信用发〔2026〕9号"
    )
    assert sanction_steps.submitted_counts([listed.id]) == {listed.id: 1}
    approved = sanction_steps.approve_listings(
        actor, [listed.id], on=later, approval_ref="新政复〔2026〕12号", today=later
    )
    assert approved == 1
    assert SanctionItem.get_by_id(new.id).status == "approved"
    last = sanction_query.steps_of(new.id)[-1]
    assert (last.to_status, last.happened_on, last.document_ref) == (
        "approved",
        later,
        "新政复〔2026〕12号",
    )
    listing = Listing.get_by_id(listed.id)  # the first approval stays the listing's
    assert (listing.approved_on, listing.approval_ref) == (TODAY, "新政复〔2026〕3号")
    assert sanction_query.approvals_of(listed.id) == [
        (TODAY, "新政复〔2026〕3号"),
        (later, "新政复〔2026〕12号"),
    ]
    summaries = [e.summary for e in Event.select().where(Event.kind == "sanction")]
    assert "联合惩戒：限制消费登记市政府核定（新政复〔2026〕12号）" in summaries

    # Nothing submitted any more: a further approval is refused, naming the listing.
    before = SanctionStep.select().count()
    with pytest.raises(ValidationError) as refused:
        sanction_steps.approve_listings(
            actor, [listed.id], on=later, approval_ref="新政复〔2026〕13号", today=later
        )
    assert str(refused.value) == (
        f"{TOWN}（（2025）苏0381行初7号）已于{TODAY.isoformat()}核定，"
        "此后没有新报送市政府（“已报市政府”状态）的惩戒措施，无需再次核定。"
    )
    assert SanctionStep.select().count() == before


def test_bulk_mark_delivered_makes_one_delivery_letter_linked_to_the_items(
    actor, listed, office_contact
):
    request_and_approve(actor)
    chosen = items(listed, "consumption")
    result = letters.run(
        sanction_steps.deliver_with_letter(actor, [i.id for i in chosen], issued_on=TODAY)
    )
    (document,) = result.documents
    assert document.kind == "sanction_notice" and document.recipient == "新沂市人民法院"
    assert document.inputs["item_ids"] == [i.id for i in chosen]
    assert {i.status for i in items(listed, "consumption")} == {"delivered"}
    assert items(listed, "talk")[0].status == "approved"  # not selected, not delivered
    for item in chosen:
        last = sanction_query.steps_of(item.id)[-1]
        assert (last.to_status, last.document_id) == ("delivered", document.id)
    from docx import Document as Docx

    from xinyi_desktop.services import documents as register

    text = "\n".join(p.text for p in Docx(str(register.file_of(document))).paragraphs)
    assert "乘坐G字头动车组列车全部座位" in text  # the Supreme Court's list is printed


def test_delivering_an_item_not_approved_is_refused_before_any_number(actor, listed):
    from xinyi_desktop.store.document_models import Document

    with pytest.raises(ValidationError, match="尚未经市政府核定，不能送达实施部门"):
        letters.run(
            sanction_steps.deliver_with_letter(
                actor, [items(listed, "talk")[0].id], issued_on=TODAY
            )
        )
    assert Document.select().count() == 0


def test_department_measures_come_from_the_catalogue(actor):
    found = {d.department: d.measures for d in sanctions.department_measures()}
    assert len(found) == 7
    assert found["新沂市金融办"] == [
        "限制融资：由市金融办牵头将逾期未整改的失信政府机构名单通报各商业银行，"
        "加强风险防控措施，审慎发放贷款。"
    ]
    # 失信约谈 is the area's people's government's: with no body approved, the city's.
    assert found["新沂市人民政府"][0].startswith("失信约谈：由各级人民政府负责约谈")


def test_overdue_means_the_rectification_period_is_over(actor, listed):
    from xinyi_desktop.services.rectification import assign_rectification, mark_rectified

    assign_rectification(
        actor, listed.id, on=dt.date(2026, 10, 1), due_on=dt.date(2026, 12, 31), today=TODAY
    )
    assert sanctions.overdue_bodies(TODAY) == []
    assert [b.name for b in sanctions.overdue_bodies(dt.date(2027, 1, 4))] == [TOWN]
    assert sanctions.overdue_bodies(dt.date(2027, 1, 4))[0].rectify_by == dt.date(2026, 12, 31)
    mark_rectified(actor, listed.id, on=TODAY, today=TODAY)
    assert sanctions.overdue_bodies(dt.date(2027, 1, 4)) == []


def test_matrix_filters(actor, listed, make_case):
    step(actor, listed, "talk", "submitted", document_ref="新信用发〔2026〕1号")
    measures, rows = sanction_query.matrix()
    assert [m.name for m in measures] == LOCAL and rows[0].agency == TOWN
    measures, rows = sanction_query.matrix(sanction_query.MatrixFilter(status="submitted"))
    assert [m.key for m in measures] == ["talk"] and len(rows) == 1
    _, rows = sanction_query.matrix(sanction_query.MatrixFilter(text="不存在的单位"))
    assert rows == []


@pytest.mark.sqlite_only
def test_the_command_line_prints_the_checklist(db_path, listed):
    from xinyi_desktop.store.connection import close_db

    close_db()
    main = Path(__file__).resolve().parent.parent / "main.py"
    done = subprocess.run(
        [sys.executable, str(main), "sanctions", "--db", str(db_path), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    (row,) = json.loads(done.stdout)
    assert set(row) == {"agency", "case_no", "items"}
    assert row["items"][0] == {"measure": "失信约谈", "target": "孙明", "status": "proposed"}
    assert row["items"][1] == {"measure": "限制融资", "target": TOWN, "status": "proposed"}


def test_importing_the_dishonest_list_creates_the_proposed_items(actor):
    from xinyi_desktop.services.court_import import preview
    from xinyi_desktop.services.court_import_write import apply_plan

    samples = Path(__file__).parent / "data" / "samples"
    for name in ("sample_lost_2024.xlsx", "sample_dishonest_2024.xlsx"):
        letters.run(apply_plan(actor, preview(samples / name)))
    rows = sanction_query.checklist_json()
    assert rows
    agency_measures = ["限制融资", "取消评先", "记入系统", "限制投资", "限制补助"]
    for row in rows:  # 失信约谈 and 限制消费 reach persons only: where the list named some
        found = list(dict.fromkeys(i["measure"] for i in row["items"]))
        assert [m for m in found if m in agency_measures] == agency_measures
        assert [m for m in LOCAL if m in found] == found
    assert all(i["status"] == "proposed" for r in rows for i in r["items"])
    listed_cases = {r["case_no"] for r in rows}
    from xinyi_desktop.store.models import Case

    dishonest = {c.case_no for c in Case.select().where(Case.stage == "dishonest")}
    assert listed_cases == dishonest


# --- acceptance review of issue 6 ---------------------------------------------------------


def test_a_body_never_given_a_rectification_deadline_is_not_overdue(actor, listed):
    """Only a set, past rectification deadline without rectification puts a body on the
    escalation list; a body never asked to rectify is not overdue."""
    assert sanctions.overdue_bodies(TODAY) == []
    assert sanctions.overdue_bodies(dt.date(2030, 1, 1)) == []
    order_rectification(actor, listed, due=dt.date(2026, 12, 31))
    assert sanctions.overdue_bodies(TODAY) == []  # within its period
    (body,) = sanctions.overdue_bodies(dt.date(2027, 1, 4))
    assert body.rectify_by == dt.date(2026, 12, 31) and body.row(1)["整改期限"] == "2026年12月31日"


@pytest.fixture
def two_cases_of_one_agency(actor, make_case):
    """The town listed for two cases: one overdue with its rectification, one not."""
    found = []
    for serial in (21, 22):
        case = make_case(
            f"（2025）苏0381行初{serial}号",
            stage="lost",
            judgment_effective_on=dt.date(2025, 6, 1),
            performance_deadline=dt.date(2025, 7, 1),
        )
        change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=TODAY)
        found.append(Listing.get(Listing.case == case.id))
    order_rectification(actor, found[0], due=dt.date(2026, 10, 31))  # overdue on TODAY
    order_rectification(actor, found[1], due=dt.date(2026, 12, 31))  # not yet due
    return found


def test_the_request_submits_only_the_listings_it_carries(
    actor, two_cases_of_one_agency, office_contact
):
    overdue, pending = two_cases_of_one_agency
    (body,) = sanctions.overdue_bodies(TODAY)
    assert body.listing_ids == [overdue.id] and body.case_nos == ["（2025）苏0381行初21号"]
    (plan,) = letters.plan_escalation("request", issued_on=TODAY)
    document = letters.run(letters.generate(actor, [plan])).documents[0]
    assert document.inputs["listing_ids"] == [overdue.id]
    assert {i.status for i in items(overdue)} == {"submitted"}
    assert {i.status for i in items(pending)} == {"proposed"}  # not in the 请示
    assert Listing.get_by_id(pending.id).escalated_on is None
    with pytest.raises(ValidationError, match="尚未报送市政府（没有请示）"):
        sanction_steps.approve_listings(
            actor, [pending.id], on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
        )
    sanction_steps.approve_listings(
        actor, body.listing_ids, on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
    )
    assert {i.status for i in items(overdue)} == {"approved"}
    assert {i.status for i in items(pending)} == {"proposed"}
    assert [b.listing_ids for b in sanctions.approved_bodies(TODAY)] == [[overdue.id]]


@pytest.fixture
def one_head_two_posts(actor, make_case):
    """黎桂芳 is both legal representative and principal (one row per post, same ID
    number); 张伟 (direct) and another 张伟 (finance) are two people (two ID numbers);
    a second row of the finance head typed without an ID number is the same person."""
    case = make_case(
        "（2025）苏0381行初31号",
        defendants=["新沂市时集镇人民政府"],
        stage="lost",
        judgment_effective_on=dt.date(2025, 6, 1),
        performance_deadline=dt.date(2025, 7, 1),
    )
    agency = Agency.get(Agency.name == "新沂市时集镇人民政府")
    for name, role, number in (
        ("黎桂芳", "legal_rep", "320381197503040021"),
        ("黎桂芳", "principal", "320381197503040021"),
        ("张伟", "direct", "320381198002020013"),
        ("张伟", "finance", "320381199001010018"),
        ("张伟", "controller", ""),
    ):
        add_person(actor, agency.id, PersonInput(name=name, role=role, id_number=number))
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=TODAY)
    return Listing.get(Listing.case == case.id)


def test_one_person_in_two_posts_gets_one_item_naming_both(actor, one_head_two_posts):
    listing = one_head_two_posts

    def targets(measure):
        return [(i.target_name, i.target_role) for i in items(listing, measure)]

    assert targets("consumption") == [
        ("黎桂芳", "legal_rep,principal"),
        ("张伟", "direct"),
        ("张伟", "finance"),
    ]
    assert targets("record") == [
        ("新沂市时集镇人民政府", ""),
        ("黎桂芳", "legal_rep,principal"),
        ("张伟", "direct"),
    ]
    assert targets("talk") == [("黎桂芳", "principal")]
    head = items(listing, "consumption")[0]
    assert sanction_steps.describe(head) == (
        "“限制消费”（黎桂芳，法定代表人、主要负责人，新沂市时集镇人民政府）"
    )
    # Adding the measure again for her other post is refused: she already has it.
    principal = next(p for p in listing.agency.persons if p.role == "principal")
    with pytest.raises(ValidationError, match="已在惩戒清单中"):
        sanction_steps.add_item(actor, listing.id, "consumption", person_id=principal.id)


def carry_out_record(actor, listing):
    """Through the 请示, the approval and the 告知函: 记入系统 carried out."""
    order_rectification(actor, listing)
    (plan,) = letters.plan_escalation("request", issued_on=TODAY)
    letters.run(letters.generate(actor, [plan]))
    sanction_steps.approve_listings(
        actor, [listing.id], on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
    )
    record = [i.id for i in items(listing, "record")]
    letters.run(sanction_steps.deliver_with_letter(actor, record, issued_on=TODAY))
    sanction_steps.change_status(actor, record, "carried_out", on=TODAY, today=TODAY)


def test_one_person_in_two_posts_gets_one_dishonesty_record(
    actor, one_head_two_posts, office_contact
):
    from xinyi_desktop.store.sanction_models import DishonestyRecord

    carry_out_record(actor, one_head_two_posts)
    names = sorted(r.name for r in DishonestyRecord.select())
    assert names == ["张伟", "新沂市时集镇人民政府", "黎桂芳"]


def test_items_cannot_skip_the_approval_or_the_document(actor, listed):
    before = SanctionStep.select().count()
    with pytest.raises(ValidationError, match="市政府核定按单位登记"):
        step(actor, listed, "financing", "approved", document_ref="新政复〔2026〕3号")
    with pytest.raises(ValidationError, match="依据文书（报送市政府的请示）"):
        step(actor, listed, "financing", "submitted")
    assert SanctionStep.select().count() == before
    assert Listing.get_by_id(listed.id).escalated_on is None

    # Submitted by a 请示 made outside the program (its number): the listing is escalated,
    # so the approval can be recorded — for the listing, with its number.
    step(actor, listed, "financing", "submitted", document_ref="新信用发〔2026〕1号")
    assert Listing.get_by_id(listed.id).escalated_on == TODAY
    with pytest.raises(ValidationError, match="市政府核定按单位登记"):
        step(actor, listed, "financing", "approved", document_ref="新政复〔2026〕3号")
    sanction_steps.approve_listings(
        actor, [listed.id], on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
    )
    listing = Listing.get_by_id(listed.id)
    assert (listing.approved_on, listing.approval_ref) == (TODAY, "新政复〔2026〕3号")
    assert items(listed, "financing")[0].status == "approved"

    with pytest.raises(ValidationError, match="依据文书（送达实施部门的告知函）"):
        step(actor, listed, "financing", "delivered")
    assert items(listed, "financing")[0].status == "approved"
    step(actor, listed, "financing", "delivered", document_ref="新金融函〔2026〕2号")
    assert items(listed, "financing")[0].status == "delivered"


def test_nothing_moves_on_a_listing_that_has_left_the_list(actor, listed):
    from xinyi_desktop.services.rectification import record_exit

    record_exit(actor, listed.id, removed_on=TODAY, reason="other", today=TODAY)
    assert {i.status for i in items(listed)} == {"not_applicable"}
    before = SanctionStep.select().count()
    with pytest.raises(ValidationError, match="已于2026-11-24移出失信名单"):
        step(actor, listed, "investment", "proposed", reason="恢复")
    with pytest.raises(ValidationError, match="移出失信名单"):
        step(actor, listed, "investment", "submitted", document_ref="新信用发〔2026〕1号")
    assert SanctionStep.select().count() == before
    assert {i.status for i in items(listed)} == {"not_applicable"}


def test_the_behaviour_of_an_execution_case_cites_the_judgment_it_enforces(
    actor, make_case, office_contact
):
    from xinyi_desktop.services.links import link_cases
    from xinyi_desktop.store.sanction_models import DishonestyRecord

    judgment = make_case(
        "（2025）苏0381行初61号", stage="lost", judgment_effective_on=dt.date(2025, 6, 1)
    )
    execution = make_case(
        "（2025）苏0381执61号",
        stage="dishonest",
        judgment_effective_on=dt.date(2025, 6, 1),
        listed_on=dt.date(2025, 8, 1),
        filed_on=dt.date(2025, 7, 20),
    )
    link_cases(actor, execution.id, judgment.id, "execution", today=TODAY)
    sanctions.ensure_checklists(actor, [execution.id], today=TODAY)
    carry_out_record(actor, Listing.get(Listing.case == execution.id))
    (record,) = DishonestyRecord.select()
    assert record.behaviour == (
        "作为被执行人，未履行（2025）苏0381行初61号生效法律文书确定的义务"
        "（执行案号（2025）苏0381执61号），被列入失信被执行人名单"
    )
    assert record.basis_no == "（2025）苏0381执61号"


def test_the_publication_list_leaves_out_removed_records_and_the_full_one_needs_the_right(
    actor, listed, tmp_path, office_contact
):
    import openpyxl

    from xinyi_desktop.rules.permissions import PermissionDenied
    from xinyi_desktop.services.accountability import export_dishonesty
    from xinyi_desktop.services.accounts import create_user
    from xinyi_desktop.services.rectification import record_exit

    carry_out_record(actor, listed)
    assert export_dishonesty(actor, tmp_path / "公示.xlsx") == 4  # the town and 3 persons
    record_exit(actor, listed.id, removed_on=TODAY, reason="performed", today=TODAY)
    assert export_dishonesty(actor, tmp_path / "公示.xlsx") == 0  # repaired: not published
    assert export_dishonesty(actor, tmp_path / "内部.xlsx", publication=False) == 4
    sheet = openpyxl.load_workbook(tmp_path / "内部.xlsx").active
    assert {row[11].value for row in sheet.iter_rows(min_row=2)} == {"已移出"}
    reader = create_user(actor, "chakan", "查看", "Secret-123456-ab", "readonly")
    with pytest.raises(PermissionDenied, match="查看完整身份证号码"):
        export_dishonesty(reader, tmp_path / "x.xlsx", publication=False)
    assert not (tmp_path / "x.xlsx").exists()
