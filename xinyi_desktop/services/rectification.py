"""Rectification (限期整改) of a listed agency, accountability (问责), government
dishonesty records (政务失信记录), exit from the list (信用修复/销号) and positive
examples (正面案例)."""

from __future__ import annotations

import datetime as dt

from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.dates import check_day as _check_day
from xinyi_desktop.rules.dates import stored_date
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.sanctions import ItemStatus
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services import audit
from xinyi_desktop.services.events import add_event
from xinyi_desktop.services.sanction_steps import get_listing
from xinyi_desktop.store.models import Person, User, db
from xinyi_desktop.store.sanction_models import (
    DishonestyRecord,
    Listing,
    ProgressNote,
    Responsible,
    SanctionItem,
)

RECTIFICATION = "rectification"  # the deadline rule of the rectification period
ORDERED = "rectification_assigned"  # the timeline event that orders it
EXIT_REASONS = {"performed": "履行完毕", "settled": "和解履行完毕", "other": "其他（法院删除）"}
NOT_CARRIED_OUT = "移出失信名单时尚未实施，不再实施"


def _listed(listing_id: int) -> Listing:
    listing = get_listing(listing_id)
    if listing.removed_on is not None:
        raise ValidationError(
            f"{listing.agency.name}已于{listing.removed_on.isoformat()}移出失信名单。"
        )
    return listing


# --- rectification -----------------------------------------------------------------------


def rectification_due(assigned_on: dt.date, due_on: dt.date | None) -> dt.date:
    """The rectification deadline as the deadline calendar computes it: the day ordered
    (moved to the next working day if it is not one), or the rule's default period."""
    from xinyi_desktop.rules.deadline_rules import Trigger, compute
    from xinyi_desktop.services.deadline_rules import get_rule
    from xinyi_desktop.services.work_calendar import load_calendar

    rule = get_rule(RECTIFICATION)
    trigger = Trigger(f"last:{ORDERED}", assigned_on, due_on)
    return compute(rule, trigger, load_calendar()).due_on


def _order(actor: User, listing: Listing, assigned_on: dt.date, due_on: dt.date | None) -> None:
    """Give ``listing`` its own rectification period (each listed body of a case has one)."""
    old = audit.snapshot(listing)
    listing.rectify_assigned_on = assigned_on
    listing.rectify_due_on = rectification_due(assigned_on, due_on)
    audit.bump_version(listing, None, "失信名单记录")
    listing.save()
    audit.record(actor, "update", listing, old)


def assign_rectification(
    actor: User,
    listing_id: int,
    *,
    on: dt.date | None,
    due_on: dt.date | None,
    requirement: str = "",
    today: dt.date | None = None,
):
    """Set this listed body's rectification deadline (the 交办单's 整改期限); it goes into
    the deadline calendar as the case's 整改期限."""
    from xinyi_desktop.services.deadlines import on_event_recorded

    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        listing = _listed(listing_id)
        _check_day(on, "下达整改的日期", today)
        if due_on is None:
            raise ValidationError("请填写整改期限。", field="due_on")
        if due_on <= on:
            raise ValidationError("整改期限应晚于下达整改的日期。", field="due_on")
        if listing.rectified_on is not None:
            raise ValidationError(
                f"{listing.agency.name}已于{listing.rectified_on.isoformat()}完成整改。"
            )
        summary = f"限期整改：{listing.agency.name}于{due_on.isoformat()}前完成整改"
        if requirement.strip():
            summary += f"。{requirement.strip()}"
        event = add_event(
            actor,
            listing.case,
            ORDERED,
            on=on,
            summary=summary,
            details={"due_on": due_on.isoformat(), "listing_id": listing.id},
        )
        _order(actor, listing, on, due_on)
        on_event_recorded(actor, event, today=today)
    return event


def on_rectification_ordered(actor: User, event, *, agency_id: int | None) -> None:
    """A 限期整改通知书 or a 交办单 to a listed body was recorded (``event``: its
    ``rectification_assigned``): the listing of that body for that case (every listed
    body of the case when the letter names none) gets the period. Called by the letters
    service inside its transaction."""
    due_on = stored_date((event.details or {}).get("due_on"))
    query = Listing.select().where(
        (Listing.case == event.case_id)
        & Listing.removed_on.is_null()
        & Listing.rectified_on.is_null()
    )
    if agency_id is not None:
        query = query.where(Listing.agency == agency_id)
    for listing in query:
        _order(actor, listing, event.occurred_on, due_on)


def add_responsible(
    actor: User,
    listing_id: int,
    *,
    person_id: int | None = None,
    name: str = "",
    post: str = "",
    duty: str = "",
) -> Responsible:
    """Make someone responsible for the rectification (责任到人)."""
    require(actor, "edit")
    with db.atomic():
        listing = _listed(listing_id)
        person = None
        if person_id is not None:
            person = Person.get_or_none(Person.id == person_id)
            if person is None:
                raise NotFound("该人员记录已不存在。")
            name, post = person.name, post or person.title
        if not name.strip():
            raise ValidationError("请填写责任人姓名。", field="name")
        if not duty.strip():
            raise ValidationError(f"请写明{name.strip()}负责的整改事项。", field="duty")
        row = Responsible.create(
            listing=listing,
            person=person,
            name=name.strip(),
            post=post.strip(),
            duty=duty.strip(),
        )
        audit.record(actor, "create", row)
    return row


def add_progress(
    actor: User, listing_id: int, *, on: dt.date | None, text: str, today: dt.date | None = None
) -> ProgressNote:
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        listing = _listed(listing_id)
        _check_day(on, "进展日期", today)
        if not text.strip():
            raise ValidationError("请填写整改进展。", field="text")
        note = ProgressNote.create(listing=listing, noted_on=on, text=text.strip(), user=actor)
        audit.record(actor, "create", note)
        add_event(actor, listing.case, "note", on=on, summary=f"整改进展：{text.strip()[:60]}")
    return note


def mark_rectified(
    actor: User,
    listing_id: int,
    *,
    on: dt.date | None,
    note: str = "",
    today: dt.date | None = None,
) -> Listing:
    """This listed body rectified. The case's rectification deadline is done once every
    body of the case given a period has rectified (or left the list)."""
    from xinyi_desktop.services.deadlines import on_event_recorded

    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        listing = _listed(listing_id)
        _check_day(on, "整改完成日期", today)
        if listing.rectified_on is not None:
            raise ValidationError(f"{listing.agency.name}已于{listing.rectified_on}完成整改。")
        if listing.rectify_assigned_on and on < listing.rectify_assigned_on:
            raise ValidationError(
                f"整改完成日期{on.isoformat()}早于下达整改的日期"
                f"{listing.rectify_assigned_on.isoformat()}，请核对。",
                field="on",
            )
        old = audit.snapshot(listing)
        listing.rectified_on = on
        audit.bump_version(listing, None, "失信名单记录")
        listing.save()
        audit.record(actor, "update", listing, old)
        summary = f"整改完成：{listing.agency.name}" + (f"。{note.strip()}" if note.strip() else "")
        waiting = [
            x.agency.name
            for x in Listing.select().where(
                (Listing.case == listing.case_id)
                & (Listing.id != listing.id)
                & Listing.removed_on.is_null()
                & Listing.rectified_on.is_null()
                & Listing.rectify_assigned_on.is_null(False)
            )
        ]
        if waiting:  # the case's deadline stays open for the others
            summary += f"（本案{'、'.join(waiting)}尚未完成整改）"
            add_event(actor, listing.case, "note", on=on, summary=summary)
        else:
            event = add_event(actor, listing.case, "rectified", on=on, summary=summary)
            on_event_recorded(actor, event, today=today)
    return listing


def responsibles_of(listing_id: int) -> list[Responsible]:
    return list(
        Responsible.select().where(Responsible.listing == listing_id).order_by(Responsible.id)
    )


def progress_of(listing_id: int) -> list[ProgressNote]:
    return list(
        ProgressNote.select()
        .where(ProgressNote.listing == listing_id)
        .order_by(ProgressNote.noted_on.desc(), ProgressNote.id.desc())
    )


# --- exit ----------------------------------------------------------------------------------


def exit_listing(
    actor: User, listing: Listing, *, removed_on: dt.date, reason: str, note: str = ""
) -> Listing:
    """Take a listing off: every measure carried out is lifted that day, the others end
    unapplied, dishonesty records are marked repaired. Nothing is deleted."""
    from xinyi_desktop.services.sanction_steps import apply_steps

    old = audit.snapshot(listing)
    listing.removed_on, listing.removal_reason = removed_on, reason
    listing.removal_note = note.strip()
    audit.bump_version(listing, None, "失信名单记录")
    listing.save()
    audit.record(actor, "update", listing, old)
    items = list(SanctionItem.select().where(SanctionItem.listing == listing))
    today = max(removed_on, dt.date.today())
    lift = [i.id for i in items if i.status == ItemStatus.CARRIED_OUT.value]
    end = [
        i.id
        for i in items
        if i.status
        not in (
            ItemStatus.CARRIED_OUT.value,
            ItemStatus.LIFTED.value,
            ItemStatus.NOT_APPLICABLE.value,
        )
    ]
    if lift:
        apply_steps(
            actor,
            lift,
            ItemStatus.LIFTED,
            on=removed_on,
            note="移出失信名单",
            today=today,
            permission="edit",
            exiting=True,
        )
    if end:
        apply_steps(
            actor,
            end,
            ItemStatus.NOT_APPLICABLE,
            on=removed_on,
            reason=NOT_CARRIED_OUT,
            today=today,
            permission="edit",
            exiting=True,
        )
    for record in DishonestyRecord.select().where(
        (DishonestyRecord.listing == listing) & DishonestyRecord.removed_on.is_null()
    ):
        before = audit.snapshot(record)
        record.removed_on = removed_on
        record.save()
        audit.record(actor, "update", record, before)
    add_event(
        actor,
        listing.case,
        "exit",
        on=removed_on,
        summary=f"{listing.agency.name}移出失信名单（{EXIT_REASONS.get(reason, reason)}）："
        f"解除措施{len(lift)}项，未实施措施{len(end)}项不再实施",
    )
    return listing


def record_exit(
    actor: User,
    listing_id: int,
    *,
    removed_on: dt.date | None,
    reason: str,
    closed_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Listing:
    """Exit by full performance or a carried-out settlement: the removal date, every
    measure lifted, the case closed (履行完毕/和解) — history kept. When other bodies of
    the case (co-defendants) are still listed, only this listing exits: the case closes
    with the exit of the last one (closing it exits every listing of the case)."""
    from xinyi_desktop.services.cases import change_stage

    require(actor, "approve")
    today = today or dt.date.today()
    if reason not in EXIT_REASONS:
        raise ValidationError("请选择移出名单的原因。", field="reason")
    with db.atomic():
        listing = _listed(listing_id)
        _check_day(removed_on, "移出名单日期", today)
        if listing.listed_on and removed_on < listing.listed_on:
            raise ValidationError(
                f"移出名单日期{removed_on.isoformat()}早于列入日期{listing.listed_on.isoformat()}，请核对。",
                field="on",
            )
        exit_listing(actor, listing, removed_on=removed_on, reason=reason, note=note)
        case = listing.case
        if (
            reason in ("performed", "settled")
            and case.stage == Stage.DISHONEST.value
            and not co_listed(listing)
        ):
            change_stage(
                actor,
                case.id,
                Stage.CLOSED,
                on=closed_on or removed_on,
                outcome=Outcome(reason),
                note="退出失信名单",
                today=today,
            )
    return get_listing(listing_id)


def co_listed(listing: Listing) -> list[Listing]:
    """The other listings of the listing's case still on the list (co-defendants)."""
    return list(
        Listing.select()
        .where(
            (Listing.case == listing.case_id)
            & (Listing.id != listing.id)
            & Listing.removed_on.is_null()
        )
        .order_by(Listing.id)
    )


def mark_positive(
    actor: User,
    listing_id: int,
    *,
    title: str,
    text: str,
    on: dt.date | None,
    today: dt.date | None = None,
) -> Listing:
    """A rectified listing as a positive example (正面案例) with a short write-up."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        listing = get_listing(listing_id)
        name = listing.agency.name
        if listing.rectified_on is None and listing.removal_reason not in ("performed", "settled"):
            raise ValidationError(f"{name}尚未完成整改或履行，不能列为正面案例。")
        _check_day(on, "案例日期", today)
        if not title.strip() or not text.strip():
            raise ValidationError("请填写正面案例的标题和简要内容。", field="text")
        old = audit.snapshot(listing)
        listing.positive, listing.positive_on = True, on
        listing.positive_title, listing.positive_text = title.strip(), text.strip()
        audit.bump_version(listing, None, "失信名单记录")
        listing.save()
        audit.record(actor, "update", listing, old)
    return listing


def positive_examples() -> list[Listing]:
    return list(Listing.select().where(Listing.positive == True).order_by(Listing.positive_on))  # noqa: E712
