"""Voiding a document (作废) undoes what recording it did, or is refused while later steps
stand on it (naming what to undo first). Called by ``documents.void_document`` inside its
transaction; every change is audited and the cases' timelines say it.

What a document recorded (``letters._record`` and its hooks) and how voiding undoes it:

* every case letter: the deadlines its timeline entry satisfied open again, unless another
  letter of the same kind to the case still stands, which then satisfies them;
* a 限期整改通知书, or a 交办单 that ordered a period: its order (``rectification_assigned``
  entry) no longer counts — it becomes a note marked void, so the deadline calendar drops
  it — and each listed body it ordered is given back the period of the order before it
  (none if there was none); refused once the body has been escalated to the city
  government on that period;
* the 请示: its listings are no longer escalated by it (back to an earlier 请示 still
  standing, if any), the items it submitted are proposed again, its ``escalated`` entries
  no longer start the sanctions review; refused once the city government's approval is
  recorded;
* the 告知函: the items it delivered are approved (not delivered) again; refused once one
  of them is recorded as carried out;
* the 移送函: the accountability records it referred are unreferred.
"""

from __future__ import annotations

import datetime as dt

from xinyi_desktop.documents.catalog import kind_label
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.dates import format_date, stored_date
from xinyi_desktop.rules.sanctions import ItemStatus
from xinyi_desktop.services import audit
from xinyi_desktop.services.events import add_event
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Case, Event, User

ORDER, ESCALATED = "rectification_assigned", "escalated"


def events_of(document: Document, kinds: tuple[str, ...]) -> list[Event]:
    """The timeline entries of ``kinds`` that recording ``document`` made."""
    candidates = Event.select().where(
        Event.kind.in_(list(kinds)) & Event.details.contains(f'"document_id": {document.id}')
    )
    return [
        e
        for e in candidates.order_by(Event.id)
        if (e.details or {}).get("document_id") == document.id and not e.details.get("void")
    ]


def check_voidable(document: Document) -> None:
    """Refuse, saying what to undo first, while a later step stands on the document."""
    name = f"{kind_label(document.kind)}{document.doc_no}"
    for event in events_of(document, (ORDER,)):
        for listing in _ordered_listings(document, event):
            if listing.escalated_on is not None and listing.escalated_on >= event.occurred_on:
                by = listing.escalation_document
                first = (
                    f"请先作废该请示{by.doc_no}"
                    if by is not None and by.status == "issued"
                    else "报送后不能再作废"
                )
                raise ValidationError(
                    f"{listing.agency.name}（{listing.case.case_no}）已于"
                    f"{format_date(listing.escalated_on)}以逾期未整改报送市政府核定，"
                    f"{name}下达的整改期限是报送的依据：{first}。"
                )
    if document.kind == "request":
        for listing in _escalated_by(document):
            if listing.approved_on is not None:
                raise ValidationError(
                    f"{listing.agency.name}（{listing.case.case_no}）的市政府核定已于"
                    f"{format_date(listing.approved_on)}登记（{listing.approval_ref}），"
                    f"核定所依据的{name}不能作废。"
                )
    if document.kind == "sanction_notice":
        for item in _moved_by(document, ItemStatus.DELIVERED, later=True):
            raise ValidationError(
                f"告知函送达的措施“{item.target_name}”已登记为“{ItemStatus(item.status).label}”，"
                f"{name}不能作废。"
            )


def undo_effects(actor: User, document: Document, *, reason: str, today: dt.date) -> None:
    """Undo what recording ``document`` did (``check_voidable`` has passed)."""
    name = f"{kind_label(document.kind)}{document.doc_no}"
    touched: set[int] = set()
    for event in events_of(document, (ORDER, ESCALATED)):
        listings = _ordered_listings(document, event) if event.kind == ORDER else []
        _void_event(actor, event, name)
        for listing in listings:
            _restore_period(actor, listing)
        touched.add(event.case_id)
    if document.kind == "request":
        _unescalate(actor, document, name, reason, today)
    elif document.kind == "sanction_notice":
        _step_back(actor, document, ItemStatus.DELIVERED, ItemStatus.APPROVED, name, reason, today)
    elif document.kind == "accountability":
        _unrefer(actor, document)
    _reopen_deadlines(actor, document, today)
    if touched:
        from xinyi_desktop.services.deadlines import on_case_changed

        for case_id in sorted(touched):  # the orders and escalations that counted are gone
            on_case_changed(actor, case_id, reason=f"作废{name}", today=today)


# --- timeline entries ----------------------------------------------------------------------


def _void_event(actor: User, event: Event, name: str) -> None:
    """The entry stays on the timeline, marked void; as a note it starts no deadline."""
    old = audit.snapshot(event)
    event.details = {**(event.details or {}), "voided_kind": event.kind, "voided_by": name}
    event.kind = "note"
    event.summary = f"（已作废：{name}）{event.summary}"
    event.save()
    audit.record(actor, "update", event, old)


def _reopen_deadlines(actor: User, document: Document, today: dt.date) -> None:
    """Deadlines closed by this document's letter entries are open again — unless another
    letter of the same kind to the case still stands: it satisfies them instead."""
    import contextlib

    from xinyi_desktop.services.deadline_rules import rules_by_kind
    from xinyi_desktop.services.deadlines import complete_deadlines_for, reopen
    from xinyi_desktop.store.deadline_models import Deadline

    events = events_of(document, ("letter",))
    if not events:
        return
    for row in Deadline.select().where(
        (Deadline.done_event.in_([e.id for e in events])) & (Deadline.status == "done")
    ):
        with contextlib.suppress(ValidationError):
            reopen(actor, row.id, today=today)
    kinds = [r.kind for r in rules_by_kind().values() if r.letter_kind == document.kind]
    for event in events:
        other = _standing_letter(event.case_id, document)
        if other is not None:
            for rule_kind in kinds:
                complete_deadlines_for(actor, event.case_id, rule_kind, other)


def _standing_letter(case_id: int, document: Document) -> Event | None:
    """The latest letter entry of the case for another issued document of the same kind."""
    standing = {
        d.id
        for d in Document.select(Document.id).where(
            (Document.kind == document.kind)
            & (Document.status == "issued")
            & (Document.id != document.id)
        )
    }
    found = None
    for event in Event.select().where((Event.case == case_id) & (Event.kind == "letter")):
        if (event.details or {}).get("document_id") in standing and not event.details.get("void"):
            if found is None or (event.occurred_on, event.id) > (found.occurred_on, found.id):
                found = event
    return found


# --- rectification periods -----------------------------------------------------------------


def _ordered_listings(document: Document, event: Event) -> list:
    """The listings an order of ``document`` gave a period: the recipient's for the case
    (every listed body of the case when the letter names none)."""
    from xinyi_desktop.store.sanction_models import Listing

    query = Listing.select().where(Listing.case == event.case_id)
    if document.agency_id is not None:
        query = query.where(Listing.agency == document.agency_id)
    return list(query.order_by(Listing.id))


def _applies(event: Event, listing) -> bool:
    """Whether a standing order entry gave ``listing`` its period."""
    details = event.details or {}
    if "listing_id" in details:
        return details["listing_id"] == listing.id
    if "document_id" in details:
        document = Document.get_or_none(Document.id == details["document_id"])
        return (
            document is not None
            and document.status == "issued"
            and document.agency_id in (None, listing.agency_id)
        )
    return True


def _restore_period(actor: User, listing) -> None:
    """The listing's period as the latest order still standing set it, or none."""
    from xinyi_desktop.services import rectification

    orders = [
        e
        for e in Event.select()
        .where((Event.case == listing.case_id) & (Event.kind == ORDER))
        .order_by(Event.occurred_on, Event.id)
        if _applies(e, listing)
    ]
    if orders:
        last = orders[-1]
        due = stored_date((last.details or {}).get("due_on"))
        # the rectification feature's own write (audit, version) of a listing's period
        rectification._order(actor, listing, last.occurred_on, due)
        return
    old = audit.snapshot(listing)
    listing.rectify_assigned_on = listing.rectify_due_on = None
    audit.bump_version(listing, None, "失信名单记录")
    listing.save()
    audit.record(actor, "update", listing, old)


# --- the sanctions lists -------------------------------------------------------------------


def _escalated_by(document: Document) -> list:
    from xinyi_desktop.store.sanction_models import Listing

    return list(Listing.select().where(Listing.escalation_document == document.id))


def _unescalate(actor, document: Document, name: str, reason: str, today: dt.date) -> None:
    """The 请示's listings: escalated by an earlier 请示 still standing, or not at all; the
    items it submitted proposed again."""
    for listing in _escalated_by(document):
        earlier = _other_request(listing.id, document)
        old = audit.snapshot(listing)
        listing.escalated_on = earlier.issued_on if earlier else None
        listing.escalation_document = earlier
        audit.bump_version(listing, None, "失信名单记录")
        listing.save()
        audit.record(actor, "update", listing, old)
    _step_back(actor, document, ItemStatus.SUBMITTED, ItemStatus.PROPOSED, name, reason, today)


def _other_request(listing_id: int, document: Document) -> Document | None:
    found = None
    for other in Document.select().where(
        (Document.kind == "request") & (Document.status == "issued") & (Document.id != document.id)
    ):
        if listing_id in [int(i) for i in (other.inputs or {}).get("listing_ids") or []]:
            if found is None or other.issued_on > found.issued_on:
                found = other
    return found


def _moved_by(document: Document, status: ItemStatus, *, later: bool = False) -> list:
    """The items whose step to ``status`` was made by ``document``: those still there, or
    (``later``) those that have moved on from there since."""
    from xinyi_desktop.store.sanction_models import SanctionItem, SanctionStep

    items = (
        SanctionItem.select()
        .join(SanctionStep)
        .where((SanctionStep.document == document.id) & (SanctionStep.to_status == status.value))
        .distinct()
    )
    if later:
        moved_on = {ItemStatus.CARRIED_OUT.value, ItemStatus.LIFTED.value}
        return [i for i in items if i.status in moved_on]
    return [i for i in items if i.status == status.value]


def _step_back(actor, document, status, back, name: str, reason: str, today: dt.date) -> None:
    """Items ``document`` moved to ``status`` go back to ``back``, one step each, with the
    reason; one line on each case's timeline."""
    from xinyi_desktop.services import sanction_steps

    items = _moved_by(document, status)
    note = f"作废{name}：{reason}"
    for item in items:
        # the sanctions feature's own write of a step (audit, version); the workflow has no
        # step backwards, so it is written here with the voided document as its reason
        sanction_steps._write_step(actor, item, back, today, "", None, "", note)
    cases: dict[int, Case] = {}
    for item in items:
        cases.setdefault(item.listing.case_id, item.listing.case)
    for case in cases.values():
        add_event(
            actor,
            case,
            "sanction",
            on=today,
            summary=f"联合惩戒：{note}，措施恢复为“{back.label}”",
        )


def _unrefer(actor: User, document: Document) -> None:
    from xinyi_desktop.store.sanction_models import Accountability

    for row in Accountability.select().where(Accountability.document == document.id):
        old = audit.snapshot(row)
        row.referred_on, row.document = None, None
        audit.bump_version(row, None, "问责记录")
        row.save()
        audit.record(actor, "update", row, old)
