"""Steps of checklist items (惩戒清单): one or many at once, each refused with the reason
when the workflow forbids it (all or none); the 请示 that submits, the city government's
approval (核定), the delivery letter (告知函) that delivers many items at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from peewee import fn

from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.agencies import PERSON_ROLES
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.sanctions import (
    STEP_LABELS,
    ItemStatus,
    check_step,
    roles_label,
    same_people,
)
from xinyi_desktop.services import audit
from xinyi_desktop.services.events import add_event
from xinyi_desktop.services.measures import get_measure, measures_by_key
from xinyi_desktop.services.sanctions import item_owners, people_in_post
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency, Person, User, db
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep


def get_item(item_id: int) -> SanctionItem:
    item = SanctionItem.get_or_none(SanctionItem.id == item_id)
    if item is None:
        raise NotFound("该惩戒清单项已不存在。")
    return item


def get_listing(listing_id: int) -> Listing:
    listing = Listing.get_or_none(Listing.id == listing_id)
    if listing is None:
        raise NotFound("该失信名单记录已不存在。")
    return listing


def describe(item: SanctionItem, measures: dict | None = None) -> str:
    """ "限制消费（张三，法定代表人）— 新沂市棋盘镇人民政府", for messages."""
    measures = measures or measures_by_key()
    name = measures[item.measure_key].name if item.measure_key in measures else item.measure_key
    agency = item.listing.agency.name
    if item.target_key == "agency":
        return f"“{name}”（{agency}）"
    return f"“{name}”（{item.target_name}，{roles_label(item.target_role)}，{agency}）"


def _last_on(item: SanctionItem) -> dt.date | None:
    last = SanctionStep.select().where(SanctionStep.item == item).order_by(SanctionStep.id.desc())
    last = last.first()
    return last.happened_on if last else None


# Steps that only a document makes: the 请示 (or its number), the city government's
# approval, the delivery letter (告知函, or the number of one sent outside the program).
NEEDS_DOCUMENT = {
    ItemStatus.SUBMITTED: "报送市政府的请示",
    ItemStatus.APPROVED: "市政府核定的文号",
    ItemStatus.DELIVERED: "送达实施部门的告知函",
}


def change_status(actor: User, item_ids: list[int], target: ItemStatus | str, **step):
    """Move items to ``target`` on ``step["on"]``; every item checked first, all or none
    (``apply_steps`` takes the same keywords).

    The city government's approval is recorded for listings, not items
    (``approve_listings``); submitting and delivering need the document that did it (or
    its number); nothing moves on a listing that has left the list."""
    target = ItemStatus(target)
    if target == ItemStatus.APPROVED:
        require(actor, step.get("permission", "approve"))
        raise ValidationError(
            "市政府核定按单位登记：请在“整改与问责 → 逾期名单”中选择单位，"
            "点“登记市政府核定…”，填写核定日期和文号。",
            field="status",
        )
    return apply_steps(actor, item_ids, target, **step)


def apply_steps(
    actor: User,
    item_ids: list[int],
    target: ItemStatus,
    *,
    on: dt.date | None,
    reason: str = "",
    document: Document | None = None,
    document_ref: str = "",
    note: str = "",
    today: dt.date | None = None,
    permission: str = "approve",
    exiting: bool = False,
) -> list[SanctionItem]:
    """The steps themselves: ``change_status`` without its approval guard, for
    ``approve_listings`` and the exit (``exiting``: the steps taking a listing off makes)."""
    require(actor, permission)
    today = today or dt.date.today()
    if not item_ids:
        raise ValidationError("请先选择要办理的惩戒清单项。")
    measures = measures_by_key()
    changed = []
    with db.atomic():
        items = [get_item(i) for i in dict.fromkeys(item_ids)]
        for item in items:
            what = describe(item, measures)
            listing = item.listing
            if listing.removed_on is not None and not exiting:
                raise ValidationError(
                    f"{what}所属单位已于{listing.removed_on.isoformat()}移出失信名单，"
                    "其惩戒措施不能再变更。",
                    field="status",
                )
            check_step(
                item.status,
                target,
                on=on,
                last_on=_last_on(item),
                reason=reason,
                today=today,
                what=what,
            )
            if target in NEEDS_DOCUMENT and document is None and not document_ref.strip():
                raise ValidationError(
                    f"请填写{what}{STEP_LABELS[target]}的依据文书（{NEEDS_DOCUMENT[target]}）。",
                    field="document_ref",
                )
        for item in items:
            changed.append(
                _write_step(actor, item, target, on, reason, document, document_ref, note)
            )
        if target == ItemStatus.SUBMITTED:
            _mark_escalated(actor, {i.listing_id for i in changed}, on, document)
        _timeline(actor, changed, target, on, document, document_ref, measures)
        if target == ItemStatus.CARRIED_OUT:
            from xinyi_desktop.services.accountability import records_for_items

            records_for_items(
                actor,
                [
                    i
                    for i in changed
                    if measures.get(i.measure_key) and measures[i.measure_key].creates_record
                ],
            )
    return changed


def _mark_escalated(actor, listing_ids, on: dt.date, document: Document | None) -> None:
    """Items submitted: their listings were escalated to the city government that day (by
    that 请示), so that its approval can be recorded."""
    for listing in Listing.select().where(
        Listing.id.in_(sorted(listing_ids) or [0]) & Listing.escalated_on.is_null()
    ):
        old = audit.snapshot(listing)
        listing.escalated_on, listing.escalation_document = on, document
        audit.bump_version(listing, None, "失信名单记录")
        listing.save()
        audit.record(actor, "update", listing, old)


def _write_step(actor, item, target, on, reason, document, document_ref, note) -> SanctionItem:
    old = audit.snapshot(item)
    step = SanctionStep.create(
        item=item,
        from_status=item.status,
        to_status=target.value,
        happened_on=on,
        user=actor,
        document=document,
        document_ref=document_ref.strip(),
        note=(reason or note).strip(),
    )
    item.status, item.status_on = target.value, on
    if target == ItemStatus.NOT_APPLICABLE:
        item.reason = reason.strip()
    elif target == ItemStatus.PROPOSED:
        item.reason = ""
    audit.bump_version(item, None, "惩戒清单项")
    item.save()
    audit.record(actor, "update", item, old)
    audit.record(actor, "create", step)
    return item


def _timeline(actor, items, target, on, document, document_ref, measures) -> None:
    """One line per case in its timeline: which measures moved, by which document."""
    by_case: dict[int, list[SanctionItem]] = {}
    for item in items:
        by_case.setdefault(item.listing.case_id, []).append(item)
    source = document.doc_no if document else document_ref.strip()
    for case_items in by_case.values():
        names = "、".join(
            dict.fromkeys(
                measures[i.measure_key].name for i in case_items if i.measure_key in measures
            )
        )
        summary = f"联合惩戒：{names}{STEP_LABELS[target]}" + (f"（{source}）" if source else "")
        add_event(actor, case_items[0].listing.case, "sanction", on=on, summary=summary)


# --- the 请示, the approval, the delivery -----------------------------------------------


def submit_for_request(actor: User, document: Document, listing_ids: list[int]) -> int:
    """The 请示 went to the city government: the proposed items of the listings it
    carries (``listing_ids``, the overdue ones — not the same agency's other listings)
    are submitted, and each listing remembers when and by which document."""
    listings = list(
        Listing.select().where(Listing.id.in_(listing_ids or [0]) & Listing.removed_on.is_null())
    )
    for listing in listings:
        old = audit.snapshot(listing)
        listing.escalated_on, listing.escalation_document = document.issued_on, document
        audit.bump_version(listing, None, "失信名单记录")
        listing.save()
        audit.record(actor, "update", listing, old)
    items = SanctionItem.select(SanctionItem.id).where(
        SanctionItem.listing.in_([x.id for x in listings] or [0])
        & (SanctionItem.status == ItemStatus.PROPOSED.value)
    )
    ids = [i.id for i in items]
    if ids:
        change_status(
            actor,
            ids,
            ItemStatus.SUBMITTED,
            on=document.issued_on,
            document=document,
            today=max(document.issued_on, dt.date.today()),
        )
    return len(ids)


def approve_listings(
    actor: User,
    listing_ids: list[int],
    *,
    on: dt.date | None,
    approval_ref: str,
    today: dt.date | None = None,
) -> int:
    """Record the city government's approval (核定) of escalated listings: their submitted
    items become approved. Refused for a listing never submitted.

    A listing already approved may be approved again (补充核定) when items were submitted
    after its approval (a new head in post, a later 请示): the listing keeps its first
    approval's date and number (the day it was approved onto the list), the items' steps
    and the case's timeline carry the further one's. Refused, naming it, when such a
    listing has nothing submitted to approve."""
    require(actor, "approve")
    today = today or dt.date.today()
    if not listing_ids:
        raise ValidationError("请先选择市政府核定的单位。")
    if not approval_ref.strip():
        raise ValidationError("请填写市政府核定的文号或批示。", field="approval_ref")
    if on is None:
        raise ValidationError("请填写市政府核定的日期。", field="on")
    if on > today:
        raise ValidationError(f"核定日期{on.isoformat()}晚于今天，请核对。", field="on")
    with db.atomic():
        listings = [get_listing(i) for i in dict.fromkeys(listing_ids)]
        waiting = submitted_counts([x.id for x in listings])
        for listing in listings:
            name = f"{listing.agency.name}（{listing.case.case_no}）"
            if listing.removed_on is not None:
                raise ValidationError(f"{name}已移出失信名单，无需核定。")
            if listing.escalated_on is None:
                raise ValidationError(f"{name}尚未报送市政府（没有请示），不能登记核定。")
            _refuse_approved_without_submitted(listing, waiting)
            if on < listing.escalated_on:
                raise ValidationError(
                    f"{name}的核定日期{on.isoformat()}早于报送日期"
                    f"{listing.escalated_on.isoformat()}，请核对。",
                    field="on",
                )
        ids = [
            i.id
            for i in SanctionItem.select(SanctionItem.id).where(
                SanctionItem.listing.in_([x.id for x in listings])
                & (SanctionItem.status == ItemStatus.SUBMITTED.value)
            )
        ]
        if ids:
            apply_steps(
                actor, ids, ItemStatus.APPROVED, on=on, document_ref=approval_ref, today=today
            )
        for listing in [x for x in listings if x.approved_on is None]:
            old = audit.snapshot(listing)
            listing.approved_on, listing.approval_ref = on, approval_ref.strip()
            audit.bump_version(listing, None, "失信名单记录")
            listing.save()
            audit.record(actor, "update", listing, old)
    return len(ids)


def _refuse_approved_without_submitted(listing, waiting: dict[int, int]) -> None:
    """A listing approved already, with nothing submitted since, has nothing to approve."""
    if listing.approved_on is not None and not waiting.get(listing.id):
        raise ValidationError(
            f"{listing.agency.name}（{listing.case.case_no}）已于"
            f"{listing.approved_on.isoformat()}核定，"
            "此后没有新报送市政府（“已报市政府”状态）的惩戒措施，无需再次核定。"
        )


def check_further_approval(listing_ids: list[int]) -> None:
    """Refuse, before any form is filled, a further approval (补充核定) of listings with
    nothing submitted to approve, with the sentence :func:`approve_listings` says."""
    listings = [get_listing(i) for i in dict.fromkeys(listing_ids)]
    waiting = submitted_counts([x.id for x in listings])
    for listing in listings:
        _refuse_approved_without_submitted(listing, waiting)


def submitted_counts(listing_ids: list[int]) -> dict[int, int]:
    """Listing id → how many of its items are submitted (已报市政府), awaiting approval."""
    query = (
        SanctionItem.select(SanctionItem.listing, fn.COUNT(SanctionItem.id))
        .where(
            SanctionItem.listing.in_(list(listing_ids) or [0])
            & (SanctionItem.status == ItemStatus.SUBMITTED.value)
        )
        .group_by(SanctionItem.listing)
        .tuples()
    )
    return {listing_id: count for listing_id, count in query}


def deliver_for_notice(
    actor: User, document: Document, agency_ids: list[int], item_ids: list[int] | None
) -> int:
    """A 告知函 went to a department: its approved items (those named in the letter, or
    all of the listed bodies') are delivered, linked to the letter."""
    measures = measures_by_key()
    if item_ids is None:
        query = (
            SanctionItem.select(SanctionItem, Listing)
            .join(Listing)
            .where(
                Listing.agency.in_(agency_ids or [0])
                & Listing.removed_on.is_null()
                & (SanctionItem.status == ItemStatus.APPROVED.value)
            )
        )
        found = list(query)
        owners = item_owners(found, measures)
        item_ids = [i.id for i in found if owners[i.id] == document.recipient]
    if not item_ids:
        return 0
    change_status(
        actor,
        item_ids,
        ItemStatus.DELIVERED,
        on=document.issued_on,
        document=document,
        today=max(document.issued_on, dt.date.today()),
    )
    return len(item_ids)


def delivery_plans(item_ids: list[int], *, issued_on: dt.date) -> list:
    """The 告知函 for a bulk "mark delivered": one letter per department the selected
    items belong to, listing their agencies; each letter carries the ids it delivers."""
    from xinyi_desktop.services.letters import plan_escalation

    if not item_ids:
        raise ValidationError("请先选择要送达的惩戒清单项。")
    measures = measures_by_key()
    items = [get_item(i) for i in dict.fromkeys(item_ids)]
    for item in items:
        if item.status != ItemStatus.APPROVED.value:
            check_step(
                item.status,
                ItemStatus.DELIVERED,
                on=issued_on,
                today=issued_on,
                what=describe(item, measures),
            )
    owners = item_owners(items, measures)
    by_department: dict[str, list[SanctionItem]] = {}
    for item in items:
        by_department.setdefault(owners[item.id], []).append(item)
    plans = []
    for department, chosen in by_department.items():
        agency_ids = sorted({i.listing.agency_id for i in chosen})
        found = plan_escalation("sanction_notice", issued_on=issued_on, agency_ids=agency_ids)
        for plan in found:
            if plan.recipient == department:
                plan.inputs = {**plan.inputs, "item_ids": [i.id for i in chosen]}
                plans.append(plan)
    if len(plans) != len(by_department):
        missing = sorted(set(by_department) - {p.recipient for p in plans})
        raise ValidationError(f"无法为{('、'.join(missing))}生成告知函：请核对惩戒措施目录。")
    return plans


def deliver_with_letter(
    actor: User, item_ids: list[int], *, issued_on: dt.date, cancel=None
) -> Iterator[tuple[int, int, str]]:
    """Generate the delivery letters and mark the items delivered (one transaction)."""
    from xinyi_desktop.services import letters

    require(actor, "approve")
    plans = delivery_plans(item_ids, issued_on=issued_on)
    return (yield from letters.generate(actor, plans, cancel=cancel))


# --- adding to a checklist ---------------------------------------------------------------


def add_item(
    actor: User,
    listing_id: int,
    measure_key: str,
    *,
    person_id: int | None = None,
    on: dt.date | None = None,
    today: dt.date | None = None,
) -> SanctionItem:
    """Add a measure of the catalogue (e.g. a national one) for the agency or a person."""
    require(actor, "edit")
    today = today or dt.date.today()
    measure = get_measure(measure_key)
    with db.atomic():
        listing = get_listing(listing_id)
        if listing.removed_on is not None:
            raise ValidationError(f"{listing.agency.name}已移出失信名单，不能再添加惩戒措施。")
        if person_id is None:
            if not measure.reaches_agency:
                raise ValidationError(f"措施“{measure.name}”不适用于单位，请选择人员。")
            keys, name, role, person = ["agency"], listing.agency.name, "", None
        else:
            person = Person.get_or_none(Person.id == person_id)
            if person is None or person.agency_id != listing.agency_id:
                raise ValidationError("所选人员不属于该单位。", field="person")
            group = _same_person(person, today)
            held = {p.role for p in group}
            roles = [r for r in PERSON_ROLES if r in held and r in measure.person_roles]
            if not roles:
                raise ValidationError(
                    f"措施“{measure.name}”不适用于{person.name}的身份。", field="person"
                )
            person = group[0]
            keys = [f"person:{p.id}" for p in group]
            name, role = person.name, ",".join(roles)
        if (
            SanctionItem.select()
            .where(
                (SanctionItem.listing == listing)
                & (SanctionItem.measure_key == measure.key)
                & SanctionItem.target_key.in_(keys)
            )
            .exists()
        ):
            raise ValidationError(f"“{measure.name}”（{name}）已在惩戒清单中。")
        key = keys[0]
        item = SanctionItem.create(
            listing=listing,
            measure_key=measure.key,
            target_key=key,
            person=person,
            target_name=name,
            target_role=role,
            status=ItemStatus.PROPOSED.value,
            status_on=on or today,
        )
        SanctionStep.create(
            item=item,
            from_status="",
            to_status=item.status,
            happened_on=item.status_on,
            user=actor,
            note="经办人添加",
        )
        audit.record(actor, "create", item)
    return item


def _same_person(person: Person, today: dt.date) -> list[Person]:
    """The rows of the agency's persons in post that are this person (one per post held),
    first the one that stands for the person; the person alone when not in post."""
    for group in same_people(people_in_post([person.agency_id], today).get(person.agency_id, [])):
        if any(p.id == person.id for p in group):
            return group
    return [person]


def complete_checklist(actor: User, listing_id: int, *, today: dt.date | None = None) -> int:
    """After persons were recorded: add the items of the measures now reaching them."""
    from xinyi_desktop.services.sanctions import ensure_checklists

    listing = get_listing(listing_id)
    if listing.removed_on is not None:
        raise ValidationError(f"{listing.agency.name}已移出失信名单。")
    return ensure_checklists(actor, [listing.case_id], today=today)


def agency_name(agency_id: int) -> str:
    agency = Agency.get_or_none(Agency.id == agency_id)
    return agency.name if agency else ""
