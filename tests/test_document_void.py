"""Voiding a document undoes what recording it did (the rectification period it ordered,
the escalation it made, the measures it moved, the deadlines it satisfied), or is refused
while a later step stands on it, saying what to undo first."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_letters import TODAY, listed_case, overdue_case
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.sanctions import ItemStatus
from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters, sanction_steps
from xinyi_desktop.services.sanctions import overdue_bodies
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Event
from xinyi_desktop.store.sanction_models import Listing, SanctionItem

LATER = dt.date(2027, 3, 1)


def generate(actor, plans):
    return letters.run(letters.generate(actor, plans)).documents


def notice(actor, case, issued, due):
    plans = letters.plan_case_letter(
        "rectification", case.id, issued_on=issued, inputs={"整改期限": due}
    )
    return generate(actor, plans)[0]


def open_deadlines(case, kind):
    return list(
        Deadline.select().where(
            (Deadline.case == case.id) & (Deadline.kind == kind) & (Deadline.status == "open")
        )
    )


def test_a_void_notice_gives_no_period_and_makes_no_body_overdue(actor, make_case):
    case = listed_case(actor, make_case)
    document = notice(actor, case, TODAY, dt.date(2026, 12, 24))
    assert Listing.get().rectify_due_on == dt.date(2026, 12, 24)
    assert [d.due_on for d in open_deadlines(case, "rectification")] == [dt.date(2026, 12, 24)]
    assert [b.name for b in overdue_bodies(LATER)] == ["新沂市棋盘镇人民政府"]

    register.void_document(actor, document.id, reason="整改期限写错", today=TODAY)
    listing = Listing.get()
    assert (listing.rectify_assigned_on, listing.rectify_due_on) == (None, None)
    assert open_deadlines(case, "rectification") == []
    assert overdue_bodies(LATER) == []  # a void notice escalates nobody
    # the order stays on the timeline, marked void; it no longer counts as an order
    (order,) = [e for e in Event.select() if (e.details or {}).get("voided_kind")]
    assert order.kind == "note" and order.summary.startswith("（已作废：限期整改通知书新信用通")
    assert not Event.select().where(Event.kind == "rectification_assigned").exists()


def test_voiding_the_second_notice_gives_back_the_first_ones_period(actor, make_case):
    case = listed_case(actor, make_case)
    notice(actor, case, dt.date(2026, 11, 2), dt.date(2026, 12, 10))
    second = notice(actor, case, TODAY, dt.date(2027, 1, 8))
    assert Listing.get().rectify_due_on == dt.date(2027, 1, 8)
    register.void_document(actor, second.id, reason="重复下达", today=TODAY)
    listing = Listing.get()
    assert (listing.rectify_assigned_on, listing.rectify_due_on) == (
        dt.date(2026, 11, 2),
        dt.date(2026, 12, 10),
    )
    assert [d.due_on for d in open_deadlines(case, "rectification")] == [dt.date(2026, 12, 10)]


@pytest.fixture
def requested(actor, make_case, office_contact):
    overdue_case(actor, make_case)
    (request,) = generate(actor, letters.plan_escalation("request", issued_on=TODAY))
    return request


def test_a_void_request_escalates_nothing_and_its_items_are_proposed_again(
    actor, requested, make_case
):
    listing = Listing.get()
    assert listing.escalation_document_id == requested.id
    submitted = list(SanctionItem.select().where(SanctionItem.status == "submitted"))
    assert submitted and open_deadlines(listing.case, "sanctions_review")

    register.void_document(actor, requested.id, reason="名单有误", today=TODAY)
    listing = Listing.get()
    assert (listing.escalated_on, listing.escalation_document_id) == (None, None)
    assert {i.status for i in SanctionItem.select()} == {"proposed"}
    item = SanctionItem.get_by_id(submitted[0].id)
    last = item.steps.order_by(-item.steps.model.id).first()
    assert (last.from_status, last.to_status) == ("submitted", "proposed")
    assert "作废关于逾期未整改失信政府机构名单的请示新信用发〔2026〕1号：名单有误" in last.note
    assert open_deadlines(listing.case, "sanctions_review") == []
    # the approval can no longer be recorded on the void 请示; a new 请示 lists the body again
    with pytest.raises(ValidationError, match="尚未报送市政府"):
        sanction_steps.approve_listings(
            actor, [listing.id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
        )
    (again,) = generate(actor, letters.plan_escalation("request", issued_on=TODAY))
    assert Listing.get().escalation_document_id == again.id


def test_a_request_is_not_voided_once_its_approval_is_recorded(actor, requested):
    sanction_steps.approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    with pytest.raises(ValidationError) as refused:
        register.void_document(actor, requested.id, reason="名单有误", today=TODAY)
    assert "市政府核定已于2026年11月24日登记（新政复〔2026〕1号）" in str(refused.value)
    assert Document.get_by_id(requested.id).status == "issued"
    assert Listing.get().approved_on == TODAY


def test_a_notice_is_not_voided_while_a_request_stands_on_its_period(actor, requested):
    rectification = Document.get(Document.kind == "rectification")
    with pytest.raises(ValidationError, match="请先作废该请示新信用发〔2026〕1号"):
        register.void_document(actor, rectification.id, reason="重发", today=TODAY)
    assert Listing.get().rectify_due_on == dt.date(2025, 10, 9)
    register.void_document(actor, requested.id, reason="名单有误", today=TODAY)
    register.void_document(actor, rectification.id, reason="重发", today=TODAY)
    assert Listing.get().rectify_due_on is None


def test_a_void_delivery_letter_takes_the_measures_back_to_approved(actor, requested):
    sanction_steps.approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    notices = generate(actor, letters.plan_escalation("sanction_notice", issued_on=TODAY))
    delivered = [i.id for i in SanctionItem.select() if i.status == "delivered"]
    assert delivered
    first = SanctionItem.get_by_id(delivered[0])
    by = first.steps.order_by(-first.steps.model.id).first().document
    register.void_document(actor, by.id, reason="部门有误", today=TODAY)
    assert SanctionItem.get_by_id(first.id).status == "approved"
    # another department's letter, one of whose measures was carried out: refused
    other = next(n for n in notices if n.id != by.id and _delivered_by(n))
    (item,) = _delivered_by(other)[:1]
    sanction_steps.change_status(actor, [item.id], ItemStatus.CARRIED_OUT, on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="已登记为“已实施”"):
        register.void_document(actor, other.id, reason="部门有误", today=TODAY)
    assert SanctionItem.get_by_id(item.id).status == "carried_out"


def _delivered_by(document):
    return [
        i
        for i in SanctionItem.select()
        if i.status == "delivered"
        and i.steps.order_by(-i.steps.model.id).first().document_id == document.id
    ]


def test_a_void_referral_unrefers_its_records(actor, requested):
    from xinyi_desktop.services.accountability import AccountabilityInput, add_accountability
    from xinyi_desktop.store.sanction_models import Accountability

    listing = Listing.get()
    sanction_steps.approve_listings(
        actor, [listing.id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    add_accountability(
        actor,
        AccountabilityInput(agency_id=listing.agency_id, found="逾期未整改", listing_id=listing.id),
        today=TODAY,
    )
    (referral,) = generate(actor, letters.plan_escalation("accountability", issued_on=TODAY))
    assert Accountability.get().document_id == referral.id
    register.void_document(actor, referral.id, reason="收文单位有误", today=TODAY)
    record = Accountability.get()
    assert (record.referred_on, record.document_id) == (None, None)


def test_a_void_letter_leaves_done_what_another_standing_letter_did(actor, make_case):
    case = make_case(
        "(2026)苏0381行初21号",
        plaintiffs=["王伟"],
        filed_on=TODAY,
        defendants=["新沂市棋盘镇人民政府", "新沂市财政局"],
    )
    first, second = generate(actor, letters.plan_case_letter("reminder", case.id, issued_on=TODAY))
    row = Deadline.get((Deadline.case == case.id) & (Deadline.kind == "reminder_letter"))
    assert row.status == "done"
    register.void_document(actor, first.id, reason="重发", today=TODAY)
    row = Deadline.get_by_id(row.id)
    assert row.status == "done" and row.done_event.details["document_id"] == second.id
    register.void_document(actor, second.id, reason="重发", today=TODAY)
    assert Deadline.get_by_id(row.id).status == "open"


def test_the_documents_page_says_why_a_void_is_refused(
    qtbot, actor, requested, answers, monkeypatch
):
    from ui.pages import documents as page_module
    from ui.pages.documents import DocumentsPage

    sanction_steps.approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    page = DocumentsPage(actor)
    qtbot.addWidget(page)
    row = page._ids.index(requested.id)
    page.table.selectRow(row)
    monkeypatch.setattr(page_module, "ask_reason", lambda parent, text: "名单有误")
    page.void_selected()
    assert answers.messages and answers.messages[-1][0] == "warning"
    assert "不能作废" in answers.messages[-1][1]
    assert Document.get_by_id(requested.id).status == "issued"
