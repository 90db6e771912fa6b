"""Accountability (问责) for agencies and persons, and government dishonesty records
(政务失信记录) of units and persons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.services.events import add_event
from xinyi_desktop.services.rectification import _check_day
from xinyi_desktop.services.sanction_steps import get_listing
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency, Case, CaseLink, Person, User, db
from xinyi_desktop.store.sanction_models import Accountability, DishonestyRecord, SanctionItem

# --- accountability ------------------------------------------------------------------------


@dataclass
class AccountabilityInput:
    agency_id: int
    found: str
    decision: str = ""
    person_id: int | None = None
    listing_id: int | None = None
    decided_on: dt.date | None = None
    referred_on: dt.date | None = None


def add_accountability(
    actor: User, data: AccountabilityInput, *, today: dt.date | None = None
) -> Accountability:
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        agency = Agency.get_or_none(Agency.id == data.agency_id)
        if agency is None:
            raise NotFound("该单位已不存在。")
        subject = agency.name
        if data.person_id is not None:
            person = Person.get_or_none(Person.id == data.person_id)
            if person is None or person.agency_id != agency.id:
                raise ValidationError("所选人员不属于该单位。", field="person")
            subject = person.name
        if not data.found.strip():
            raise ValidationError(f"请写明对{subject}查明的问题。", field="found")
        for value, what in ((data.decided_on, "问责决定日期"), (data.referred_on, "移送日期")):
            if value is not None:
                _check_day(value, what, today)
        if data.decided_on and data.referred_on and data.referred_on < data.decided_on:
            raise ValidationError(
                "移送组织人事部门的日期早于问责决定日期，请核对。", field="referred_on"
            )
        row = Accountability.create(
            agency=agency,
            person=data.person_id,
            listing=data.listing_id,
            subject=subject,
            found=data.found.strip(),
            decision=data.decision.strip(),
            decided_on=data.decided_on,
            referred_on=data.referred_on,
            user=actor,
        )
        audit.record(actor, "create", row)
        if data.listing_id is not None:
            listing = get_listing(data.listing_id)
            add_event(
                actor,
                listing.case,
                "accountability",
                on=data.decided_on or today,
                summary=f"问责：{subject}。{data.decision.strip() or data.found.strip()[:40]}",
            )
    return row


def refer_accountability(
    actor: User, ids: list[int], *, on: dt.date | None, today: dt.date | None = None
) -> int:
    """Record that accountability records went to the organisation and personnel dept."""
    require(actor, "edit")
    today = today or dt.date.today()
    _check_day(on, "移送日期", today)
    with db.atomic():
        for row in Accountability.select().where(Accountability.id.in_(ids or [0])):
            if row.decided_on and on < row.decided_on:
                raise ValidationError(f"{row.subject}的移送日期早于问责决定日期，请核对。")
            old = audit.snapshot(row)
            row.referred_on = on
            audit.bump_version(row, None, "问责记录")
            row.save()
            audit.record(actor, "update", row, old)
    return len(ids)


def refer_for_letter(actor: User, document: Document, agency_ids: list[int]) -> None:
    """The 政务失信记录移送函 went out: the agencies' unreferred records are referred."""
    query = Accountability.select().where(
        Accountability.agency.in_(agency_ids or [0]) & Accountability.referred_on.is_null()
    )
    for row in query:
        old = audit.snapshot(row)
        row.referred_on, row.document = document.issued_on, document
        audit.bump_version(row, None, "问责记录")
        row.save()
        audit.record(actor, "update", row, old)


def accountability_list() -> list[Accountability]:
    return list(Accountability.select().order_by(Accountability.id.desc()))


# --- government dishonesty records ---------------------------------------------------------


def records_for_items(actor: User, items: list[SanctionItem]) -> list[DishonestyRecord]:
    """记入系统 carried out: a record for the unit or the person (once each)."""
    made = []
    for item in items:
        if DishonestyRecord.select().where(DishonestyRecord.item == item).exists():
            continue
        listing = item.listing
        agency, case = listing.agency, listing.case
        person = item.person if item.target_key != "agency" else None
        legal = Person.select().where((Person.agency == agency) & (Person.role == "legal_rep"))
        legal = legal.order_by(Person.end_on.is_null(False), Person.id.desc()).first()
        responsible = person or legal
        row = DishonestyRecord.create(
            subject_kind="person" if person else "unit",
            agency=agency,
            person=person,
            listing=listing,
            item=item,
            name=item.target_name,
            credit_code="" if person else (agency.credit_code or ""),
            id_number=(person.id_number or "") if person else "",
            behaviour=behaviour_of(case),
            basis_no=case.case_no,
            determined_on=listing.listed_on or item.status_on,
            responsible=responsible.name if responsible else "",
            responsible_id=(responsible.id_number or "") if responsible else "",
            user=actor,
        )
        audit.record(actor, "create", row)
        made.append(row)
    return made


def behaviour_of(case: Case) -> str:
    """The 失信行为 of a listing: the judgment not performed — for an execution case (执)
    its 执行依据 (the linked judgment, or the number the court list gave), cited with it."""
    basis = None
    if case.case_type.startswith("执"):
        link = (
            CaseLink.select()
            .where((CaseLink.from_case == case.id) & (CaseLink.kind == "execution"))
            .first()
        )
        if link is not None:
            basis = link.to_case.case_no
        else:
            from xinyi_desktop.store.import_models import PendingBasis

            pending = PendingBasis.get_or_none(PendingBasis.case == case.id)
            basis = pending.basis_no if pending else None
        return (
            f"作为被执行人，未履行{basis or ''}生效法律文书确定的义务（执行案号{case.case_no}），"
            "被列入失信被执行人名单"
        )
    return f"作为被执行人，未履行{case.case_no}所确定的义务，被列入失信被执行人名单"


def dishonesty_records(*, include_removed: bool = True) -> list[DishonestyRecord]:
    query = DishonestyRecord.select().order_by(DishonestyRecord.determined_on, DishonestyRecord.id)
    if not include_removed:
        query = query.where(DishonestyRecord.removed_on.is_null())
    return list(query)


def export_dishonesty(actor: User, path, *, publication: bool = True) -> int:
    """Write the government dishonesty records for the public credit information system.
    A list for publication masks ID numbers and leaves out the records already removed
    (信用修复后移出); the full internal list needs the right to see ID numbers."""
    from xinyi_desktop.documents.dishonesty_export import export

    if not publication:
        require(actor, "see_id_numbers")
    records = dishonesty_records(include_removed=not publication)
    return export(records, path, publication=publication)
