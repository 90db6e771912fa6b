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
    step(actor, listed, "financing", "approved", document_ref="新政复〔2026〕3号")
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
    with pytest.raises(ValidationError, match="尚未报送市政府核定，不能登记为已核定"):
        step(actor, listed, "talk", "approved")
    with pytest.raises(ValidationError, match="尚未报送市政府（没有请示），不能登记核定"):
        sanction_steps.approve_listings(
            actor, [listed.id], on=TODAY, approval_ref="新政复〔2026〕3号", today=TODAY
        )


def test_a_bulk_step_is_all_or_none(actor, listed):
    step(actor, listed, "talk", "submitted")
    ids = [i.id for i in items(listed, "talk") + items(listed, "awards")]
    with pytest.raises(ValidationError, match="取消评先"):
        sanction_steps.change_status(actor, ids, "approved", on=TODAY, today=TODAY)
    assert items(listed, "talk")[0].status == "submitted"


def test_a_reader_may_not_step(actor, listed):
    from xinyi_desktop.rules.permissions import PermissionDenied
    from xinyi_desktop.services.accounts import create_user

    clerk = create_user(actor, "xiaowang", "小王", "Secret-123456-ab", "clerk")
    with pytest.raises(PermissionDenied, match="审核"):
        step(clerk, listed, "talk", "submitted")


def request_and_approve(actor):
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
    assert found["新沂市地方金融监督管理局"] == [
        "限制融资：通报各商业银行，对失信政府机构审慎发放贷款。"
    ]


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
    step(actor, listed, "talk", "submitted")
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
    assert row["items"][0] == {"measure": "失信约谈", "target": TOWN, "status": "proposed"}


def test_importing_the_dishonest_list_creates_the_proposed_items(actor):
    from xinyi_desktop.services.court_import import preview
    from xinyi_desktop.services.court_import_write import apply_plan

    samples = Path(__file__).parent / "data" / "samples"
    for name in ("sample_lost_2024.xlsx", "sample_dishonest_2024.xlsx"):
        letters.run(apply_plan(actor, preview(samples / name)))
    rows = sanction_query.checklist_json()
    assert rows
    for row in rows:  # 限制消费 reaches persons only: present where the list named some
        assert list(dict.fromkeys(i["measure"] for i in row["items"])) in (LOCAL, LOCAL[:6])
    assert all(i["status"] == "proposed" for r in rows for i in r["items"])
    listed_cases = {r["case_no"] for r in rows}
    from xinyi_desktop.store.models import Case

    dishonest = {c.case_no for c in Case.select().where(Case.stage == "dishonest")}
    assert listed_cases == dishonest
