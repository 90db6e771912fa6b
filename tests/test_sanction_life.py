"""One agency's whole life: sued, lost, overdue, listed, measures, rectification overdue,
escalation, accountability, performance, exit — with the records checked at each step."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.services import (
    accountability,
    letters,
    rectification,
    sanction_query,
    sanction_steps,
    sanctions,
)
from xinyi_desktop.services.agencies import AgencyInput, PersonInput, add_person, create_agency
from xinyi_desktop.services.cases import CaseInput, change_stage, create_case
from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines
from xinyi_desktop.store.models import Case, Event
from xinyi_desktop.store.sanction_models import DishonestyRecord, Listing, SanctionItem

TOWN = "新沂市阿湖镇人民政府"


def statuses(listing) -> set[str]:
    return {i.status for i in SanctionItem.select().where(SanctionItem.listing == listing)}


def kinds(case_id) -> list[str]:
    return [e.kind for e in Event.select().where(Event.case == case_id).order_by(Event.id)]


def test_the_whole_life_of_a_listed_agency(actor, tmp_path, office_contact):
    agency = create_agency(
        actor, AgencyInput(name=TOWN, credit_code="11320381014100145Y", kind="town")
    ).record
    add_person(
        actor, agency.id, PersonInput(name="王军", role="legal_rep", id_number="320381198001011237")
    )
    add_person(  # the same person is also the principal head (one row per post)
        actor, agency.id, PersonInput(name="王军", role="principal", id_number="320381198001011237")
    )
    add_person(actor, agency.id, PersonInput(name="陈红", role="finance"))

    # Sued, then lost: no listing yet.
    day = dt.date(2025, 3, 5)
    case = create_case(
        actor,
        CaseInput("（2025）苏0381行初88号", defendants=[TOWN], plaintiffs=["刘某"], filed_on=day),
        today=day,
    )
    change_stage(
        actor,
        case.id,
        "lost",
        on=dt.date(2025, 6, 2),
        performance_deadline=dt.date(2025, 7, 2),
        today=dt.date(2025, 6, 3),
    )
    assert Listing.select().count() == 0

    # Performance deadline overdue → the court lists it: the checklist appears.
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=dt.date(2025, 8, 2))
    listing = Listing.get()
    assert (listing.agency_id, listing.listed_on) == (agency.id, dt.date(2025, 8, 1))
    assert statuses(listing) == {"proposed"}
    targets = sorted((i.measure_key, i.target_name, i.target_role) for i in SanctionItem.select())
    assert ("consumption", "王军", "legal_rep,principal") in targets
    assert ("consumption", "陈红", "finance") in targets
    assert ("talk", "王军", "principal") in targets  # the talk is with the principal head
    assert not any(t[:2] in (("consumption", TOWN), ("talk", TOWN)) for t in targets)
    assert len(targets) == len({t[:2] for t in targets})  # one item per person and measure

    # Rectification with responsible persons and a deadline in the calendar.
    rectification.assign_rectification(
        actor,
        listing.id,
        on=dt.date(2025, 8, 5),
        due_on=dt.date(2025, 9, 5),
        today=dt.date(2025, 8, 5),
    )
    rectification.add_responsible(
        actor, listing.id, name="王军", post="镇长", duty="筹措资金，履行判决"
    )
    rectification.add_progress(
        actor,
        listing.id,
        on=dt.date(2025, 8, 20),
        text="已召开专题会议，资金尚未落实",
        today=dt.date(2025, 8, 20),
    )
    (deadline,) = list_deadlines(
        DeadlineFilter(case_id=case.id, kind="rectification"), dt.date(2025, 8, 20)
    )
    assert deadline.due_on == dt.date(2025, 9, 5) and deadline.status == "open"
    assert sanctions.overdue_bodies(dt.date(2025, 9, 1)) == []

    # Overdue → on the escalation list → the 请示 submits → the city government approves.
    today = dt.date(2025, 9, 10)
    (body,) = sanctions.overdue_bodies(today)
    assert body.name == TOWN and body.legal_rep == "王军" and body.rectify_by == deadline.due_on
    (plan,) = letters.plan_escalation("request", issued_on=today)
    request = letters.run(letters.generate(actor, [plan])).documents[0]
    assert statuses(listing) == {"submitted"}
    assert "escalated" in kinds(case.id)
    (review,) = list_deadlines(DeadlineFilter(case_id=case.id, kind="sanctions_review"), today)
    assert review.status == "open"
    sanction_steps.approve_listings(
        actor,
        [listing.id],
        on=dt.date(2025, 9, 15),
        approval_ref="新政复〔2025〕9号",
        today=dt.date(2025, 9, 15),
    )
    assert statuses(listing) == {"approved"}
    assert Listing.get_by_id(listing.id).escalation_document_id == request.id

    # Delivered to the departments with one letter each, then carried out.
    today = dt.date(2025, 9, 16)
    every = [i.id for i in SanctionItem.select()]
    result = letters.run(sanction_steps.deliver_with_letter(actor, every, issued_on=today))
    assert len(result.documents) == 7  # one per department
    assert statuses(listing) == {"delivered"}
    sanction_steps.change_status(
        actor, every, "carried_out", on=dt.date(2025, 9, 20), today=dt.date(2025, 9, 20)
    )
    assert statuses(listing) == {"carried_out"}

    # 记入系统 carried out: dishonesty records for the unit and its legal representative.
    records = {(r.subject_kind, r.name) for r in DishonestyRecord.select()}
    assert records == {("unit", TOWN), ("person", "王军")}

    # Accountability, referred to the organisation and personnel department by letter.
    accountability.add_accountability(
        actor,
        accountability.AccountabilityInput(
            agency_id=agency.id,
            listing_id=listing.id,
            found="未按期筹措履行资金",
            decision="对镇长王军诫勉谈话",
            decided_on=dt.date(2025, 9, 25),
        ),
        today=dt.date(2025, 9, 25),
    )
    (referral,) = letters.plan_escalation("accountability", issued_on=dt.date(2025, 9, 26))
    letter = letters.run(letters.generate(actor, [referral])).documents[0]
    (record,) = accountability.accountability_list()
    assert record.referred_on == dt.date(2025, 9, 26)
    assert record.document_id == letter.id

    # Export for publication: ID numbers masked.
    path = tmp_path / "政务失信记录.xlsx"
    assert accountability.dishonesty_records() and True
    from xinyi_desktop.documents.dishonesty_export import COLUMNS, export

    export(accountability.dishonesty_records(), path, publication=True)
    sheet = openpyxl.load_workbook(path).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == COLUMNS
    person = next(r for r in rows if r[2] == "王军")
    assert person[4] == "320381********1237" and "1980" not in str(person)
    unit = next(r for r in rows if r[2] == TOWN)
    assert unit[3] == "11320381014100145Y" and unit[6] == "（2025）苏0381行初88号"

    # Not yet rectified: no positive example.
    with pytest.raises(ValidationError, match="尚未完成整改或履行，不能列为正面案例"):
        rectification.mark_positive(
            actor,
            listing.id,
            title="t",
            text="x",
            on=dt.date(2025, 10, 1),
            today=dt.date(2025, 10, 1),
        )

    # Full performance → exit: removal date, measures lifted, case closed, history kept.
    today = dt.date(2025, 11, 3)
    rectification.record_exit(
        actor,
        listing.id,
        removed_on=dt.date(2025, 11, 3),
        reason="performed",
        closed_on=dt.date(2025, 10, 30),
        today=today,
    )
    listing = Listing.get_by_id(listing.id)
    assert listing.removed_on == dt.date(2025, 11, 3) and listing.removal_reason == "performed"
    assert statuses(listing) == {"lifted"}
    for item in SanctionItem.select():
        assert [s.to_status for s in sanction_query.steps_of(item.id)] == [
            "proposed",
            "submitted",
            "approved",
            "delivered",
            "carried_out",
            "lifted",
        ]
    case = Case.get_by_id(case.id)
    assert (case.stage, case.outcome, case.closed_on) == (
        "closed",
        "performed",
        dt.date(2025, 10, 30),
    )
    assert all(r.removed_on == dt.date(2025, 11, 3) for r in DishonestyRecord.select())
    assert sanction_query.checklist_json() == []  # no longer listed …
    _, rows = sanction_query.matrix(sanction_query.MatrixFilter(include_removed=True))
    assert rows[0].removed  # … but the history is kept
    assert "exit" in kinds(case.id)

    # Performed: may become a positive example for publicity.
    rectification.mark_positive(
        actor, listing.id, title="阿湖镇主动履行", text="筹措资金全额履行", on=today, today=today
    )
    assert [x.positive_title for x in rectification.positive_examples()] == ["阿湖镇主动履行"]


def test_closing_a_listed_case_by_stage_change_also_exits(actor, make_case):
    case = make_case(
        "（2025）苏0381行初9号", stage="lost", judgment_effective_on=dt.date(2025, 6, 1)
    )
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=dt.date(2025, 8, 2))
    listing = Listing.get()
    ids = [i.id for i in SanctionItem.select().where(SanctionItem.measure_key == "financing")]
    sanction_steps.change_status(
        actor,
        ids,
        "submitted",
        on=dt.date(2025, 8, 3),
        document_ref="新信用发〔2025〕2号",
        today=dt.date(2025, 8, 3),
    )
    change_stage(
        actor,
        case.id,
        "closed",
        on=dt.date(2025, 9, 1),
        outcome="settled",
        today=dt.date(2025, 9, 2),
    )
    listing = Listing.get_by_id(listing.id)
    assert listing.removed_on == dt.date(2025, 9, 1) and listing.removal_reason == "settled"
    assert statuses(listing) == {"not_applicable"}  # none was carried out: none to lift
    assert {i.reason for i in SanctionItem.select()} == {rectification.NOT_CARRIED_OUT}


def test_exit_refusals(actor, make_case):
    case = make_case(
        "（2025）苏0381行初10号", stage="lost", judgment_effective_on=dt.date(2025, 6, 1)
    )
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=dt.date(2025, 8, 2))
    listing = Listing.get()
    with pytest.raises(ValidationError, match="早于列入日期"):
        rectification.record_exit(
            actor,
            listing.id,
            removed_on=dt.date(2025, 7, 1),
            reason="performed",
            today=dt.date(2025, 9, 1),
        )
    rectification.record_exit(
        actor,
        listing.id,
        removed_on=dt.date(2025, 9, 1),
        reason="performed",
        today=dt.date(2025, 9, 1),
    )
    with pytest.raises(ValidationError, match="已于2025-09-01移出失信名单"):
        rectification.record_exit(
            actor,
            listing.id,
            removed_on=dt.date(2025, 9, 1),
            reason="performed",
            today=dt.date(2025, 9, 1),
        )


def test_one_co_defendant_exiting_leaves_the_other_listed_and_the_case_open(actor, make_case):
    other = "新沂市阿湖镇人民政府"
    case = make_case(
        "（2025）苏0381行初11号",
        defendants=["新沂市棋盘镇人民政府", other],
        stage="lost",
        judgment_effective_on=dt.date(2025, 6, 1),
    )
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=dt.date(2025, 8, 2))
    first, second = Listing.select().where(Listing.case == case.id).order_by(Listing.id)
    assert [x.agency.name for x in rectification.co_listed(first)] == [other]

    rectification.record_exit(
        actor,
        first.id,
        removed_on=dt.date(2025, 9, 1),
        reason="performed",
        today=dt.date(2025, 9, 1),
    )
    assert Listing.get_by_id(first.id).removed_on == dt.date(2025, 9, 1)
    assert statuses(first) == {"not_applicable"}
    still = Listing.get_by_id(second.id)
    assert still.removed_on is None and statuses(still) == {"proposed"}
    assert Case.get_by_id(case.id).stage == "dishonest"  # the co-defendant is still listed

    # The last one exits: now the case closes.
    rectification.record_exit(
        actor,
        second.id,
        removed_on=dt.date(2025, 9, 5),
        reason="settled",
        today=dt.date(2025, 9, 5),
    )
    closed = Case.get_by_id(case.id)
    assert closed.stage == "closed" and closed.outcome == "settled"
    assert Listing.get_by_id(second.id).removed_on == dt.date(2025, 9, 5)
    assert Listing.get_by_id(first.id).removal_reason == "performed"  # its own exit kept
