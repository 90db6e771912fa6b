"""Deadlines (期限): what the clerk does to one — mark it done, waive it, move it — and
the hooks through which events elsewhere satisfy or recompute deadlines.

Contract for other features (letters, sanctions):

* ``complete_deadlines_for(actor, case_id, kind, event)`` marks the case's open deadlines
  of rule ``kind`` (e.g. ``"supervision_letter"``; ``None`` = every open deadline whose
  rule lists ``event.kind`` in ``satisfied_by``) done, linked to ``event``, dated
  ``event.occurred_on``; returns the deadlines it closed (an empty list if none was open).
  Call it inside your own transaction after writing the event.
* ``add_standalone(actor, kind, due_on=…, responsible=…, subject=…)`` puts a deadline that
  belongs to no case (an inspection's fix) into the calendar with its responsible person;
  it is closed with ``mark_done`` like any other and never recomputed.
* ``on_event_recorded(actor, event)`` after recording a timeline event that may trigger
  or satisfy a deadline (``rectification_assigned`` with ``details={"due_on": "…"}``,
  ``escalated``, ``complaint_served`` …): satisfies what it satisfies, then recomputes.
"""

from __future__ import annotations

import contextlib
import datetime as dt

from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.dates import check_day
from xinyi_desktop.rules.deadline_rules import CASE_DATE_LABELS, earliest_day
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.services.deadline_rules import rule_label, rules_by_kind
from xinyi_desktop.services.deadline_sync import (
    DONE,
    OPEN,
    WAIVED,
    shown_period,
    store_monthly,
    sync_case,
)
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import Case, CaseLink, Event, User, db, now


def get_deadline(deadline_id: int) -> Deadline:
    try:
        return Deadline.get_by_id(deadline_id)
    except Deadline.DoesNotExist:
        raise NotFound("该期限已不存在，可能已被重新计算或删除。") from None


def _target(actor: User, deadline_id: int) -> Deadline:
    """The deadline the clerk acts on, read in the action's transaction. A monthly report
    only shown (its key ``shown_id``, negative) is stored here, so that the action's
    refusal, or a refusal of another row acted on with it, leaves it unstored."""
    period = shown_period(deadline_id)
    if period is None:
        return get_deadline(deadline_id)
    row = store_monthly(actor, period)
    if row is None:
        raise ValidationError("期限规则中的“月度通报”已停用，没有需要办理的期限。")
    return row


def _describe(row: Deadline) -> str:
    what = rule_label(row.kind)
    if row.case_id is None:
        return f"{row.period} {what}"
    return what


def _timeline(actor: User, row: Deadline, summary: str, today: dt.date, details=None) -> None:
    if row.case_id is not None:
        from xinyi_desktop.services.events import add_event

        add_event(
            actor,
            Case.get_by_id(row.case_id),
            "deadline",
            on=today,
            summary=summary,
            details=details,
        )


def _earliest(row: Deadline) -> tuple[dt.date | None, str]:
    """The day before which ``row`` can be neither met nor due, and what it is."""
    dates = None
    if row.case_id is not None:
        case = Case.get_by_id(row.case_id)
        dates = {name: getattr(case, name) for name in CASE_DATE_LABELS}
    return earliest_day(row.kind, row.basis, dates) or (None, "")


def _check_open(row: Deadline, action: str) -> None:
    if row.status != OPEN:
        state = "已办理" if row.status == DONE else "已免除"
        raise ValidationError(f"期限“{_describe(row)}”{state}，不能{action}。", field="status")


@contextlib.contextmanager
def _changing(actor: User, row: Deadline, expected_version: int | None):
    """A clerk's change to one deadline: refused over a newer save, then saved and audited
    with its old values (the body of the ``with`` makes the change)."""
    old = audit.snapshot(row)
    audit.bump_version(row, expected_version, "期限")
    yield
    row.save()
    audit.record(actor, "update", row, old)


def mark_done(
    actor: User,
    deadline_id: int,
    *,
    on: dt.date | None,
    note: str = "",
    event: Event | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Deadline:
    """Mark a deadline done on ``on``, optionally linked to the event that satisfied it.
    ``deadline_id`` may be a shown monthly report's key (see ``_target``); so for
    ``waive``, ``waive_many`` and ``change_due``."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        row = _target(actor, deadline_id)
        _check_open(row, "再标记为已办理")
        if event is None:  # a date the clerk typed; an event that satisfies it dates itself
            start, started = _earliest(row)
            check_day(
                on, "办理日期", today, not_before=start, not_before_what=started, plausible=True
            )
        else:
            check_day(on, "办理日期", today)
        with _changing(actor, row, expected_version):
            row.status, row.resolved_on, row.note = DONE, on, note.strip()
            row.done_event = event
            row.resolved_by, row.resolved_at = actor, now()
        late = on > row.due_on
        _timeline(
            actor,
            row,
            f"期限已办理：{_describe(row)}（期限 {row.due_on.isoformat()}，"
            f"{on.isoformat()}办理{'，逾期' if late else ''}）"
            + (f"。{note.strip()}" if note.strip() else ""),
            on,  # on the timeline where it happened; when it was recorded is kept too
        )
    return row


def waive(
    actor: User,
    deadline_id: int,
    *,
    reason: str,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Deadline:
    """Waive a deadline (免除); the reason is required and kept."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        row = _target(actor, deadline_id)
        _check_open(row, "免除")
        if not reason.strip():
            raise ValidationError("请写明免除的理由。", field="reason")
        with _changing(actor, row, expected_version):
            row.status, row.note, row.resolved_on = WAIVED, reason.strip(), today
            row.resolved_by, row.resolved_at = actor, now()
        _timeline(actor, row, f"期限已免除：{_describe(row)}。理由：{reason.strip()}", today)
    return row


def waive_many(actor: User, deadline_ids: list[int], *, reason: str) -> int:
    """Waive several open deadlines with one reason (all or none)."""
    with db.atomic():
        for deadline_id in deadline_ids:
            waive(actor, deadline_id, reason=reason)
    return len(deadline_ids)


def change_due(
    actor: User,
    deadline_id: int,
    *,
    due_on: dt.date | None,
    reason: str,
    responsible: str | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Deadline:
    """Set a deadline's day by hand (改期); recomputing keeps the clerk's day from then on."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        row = _target(actor, deadline_id)
        _check_open(row, "改期")
        start, started = _earliest(row)
        check_day(
            due_on,
            "新的期限日期",
            today,
            field="due_on",
            future=True,
            not_before=start,
            not_before_what=started,
            plausible=True,
        )
        if not reason.strip():
            raise ValidationError("请写明改期的理由。", field="reason")
        before = row.due_on
        with _changing(actor, row, expected_version):
            basis = dict(row.basis or {})
            basis["manual"] = {
                "from": before.isoformat(),
                "to": due_on.isoformat(),
                "reason": reason.strip(),
                "by": actor.display_name,
                "at": now().isoformat(sep=" "),
            }
            row.due_on, row.manual, row.basis, row.note = due_on, True, basis, reason.strip()
            if responsible is not None and responsible.strip():
                row.responsible = responsible.strip()
        _timeline(
            actor,
            row,
            f"期限改期：{_describe(row)} {before.isoformat()} → {due_on.isoformat()}。"
            f"理由：{reason.strip()}",
            today,
        )
    return row


def reopen(actor: User, deadline_id: int, *, today: dt.date | None = None) -> Deadline:
    """Undo a mark as done or a waiver (e.g. marked by mistake)."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        row = get_deadline(deadline_id)
        if row.status == OPEN:
            raise ValidationError(f"期限“{_describe(row)}”本来就未办理。", field="status")
        with _changing(actor, row, None):
            row.status, row.resolved_on, row.done_event = OPEN, None, None
            row.resolved_by = row.resolved_at = None
            row.note = ""
        _timeline(actor, row, f"期限重新打开：{_describe(row)}", today)
    return row


def complete_deadlines_for(
    actor: User, case_id: int, kind: str | None, event: Event
) -> list[Deadline]:
    """Mark the case's open deadlines of ``kind`` (or, with None, those ``event`` satisfies
    by its kind) done, linked to ``event``. See the module docstring."""
    rules = rules_by_kind()
    if kind is None:
        kinds = [k for k, r in rules.items() if event.kind in r.satisfied_by]
    else:
        if kind not in rules:
            raise NotFound(f"没有名为“{kind}”的期限规则。")
        kinds = [kind]
    if not kinds:
        return []
    done = []
    with db.atomic():
        rows = Deadline.select().where(
            (Deadline.case == case_id) & (Deadline.kind.in_(kinds)) & (Deadline.status == OPEN)
        )
        for row in rows:
            done.append(
                mark_done(
                    actor,
                    row.id,
                    on=event.occurred_on,
                    note=f"由“{event.summary[:40]}”办理",
                    event=event,
                    today=max(event.occurred_on, dt.date.today()),
                )
            )
    return done


def add_standalone(
    actor: User,
    kind: str,
    *,
    due_on: dt.date | None,
    responsible: str,
    subject: str,
    note: str = "",
) -> Deadline:
    """A deadline of no case (``Deadline.case`` empty, ``period`` names the matter), set by
    hand: rule ``kind`` gives its label and reminder days; recomputing leaves it alone."""
    from xinyi_desktop.services.deadline_engine import remind_day
    from xinyi_desktop.services.work_calendar import load_calendar

    require(actor, "edit")
    rule = rules_by_kind().get(kind)
    if rule is None:
        raise NotFound(f"没有名为“{kind}”的期限规则。")
    check_day(
        due_on,
        f"{rule.label}的期限日期",
        dt.date.today(),
        field="due_on",
        future=True,
        plausible=True,
    )
    if not responsible.strip():
        raise ValidationError(f"请填写{rule.label}的责任人。", field="responsible")
    calendar = load_calendar()
    with db.atomic():
        row = Deadline.create(
            case=None,
            kind=kind,
            period=subject.strip()[:120],
            due_on=due_on,
            manual=True,
            responsible=responsible.strip(),
            remind_on=remind_day(calendar, due_on, rule.remind),
            calendar_known=calendar.knows(due_on.year),
            note=note.strip(),
        )
        audit.record(actor, "create", row)
    return row


def on_event_recorded(actor: User, event: Event, *, today: dt.date | None = None) -> None:
    """An event was added to a case's timeline: it may satisfy or trigger deadlines."""
    if event.case_id is None or event.kind == "deadline":
        return
    with db.atomic():
        # Triggers first (a court notice starts the reminder), then what the event satisfies.
        sync_case(actor, event.case_id, reason=f"新增记录：{event.summary[:30]}", today=today)
        complete_deadlines_for(actor, event.case_id, None, event)


def on_case_changed(
    actor: User, case_id: int, *, reason: str, today: dt.date | None = None, engine=None
):
    """The case services call this after creating, editing or moving a case (``engine``:
    the rules and calendar loaded once, for many cases in one transaction)."""
    quiet = reason == "登记案件"
    lines = sync_case(
        actor, case_id, reason=reason, today=today, quiet_inserts=quiet, engine=engine
    )
    # An execution case listed or closed takes its judgment over: the judgment's own
    # deadlines (履行期限, 发函督促) end with that.
    for judgment_id in enforced_judgments([case_id]):
        sync_case(actor, judgment_id, reason=reason, today=today, engine=engine)
    return lines


def enforced_judgments(case_ids: list[int]) -> list[int]:
    """The judgments these cases enforce (``case_link`` of kind execution from them)."""
    found = []
    for start in range(0, len(case_ids), 500):
        query = CaseLink.select(CaseLink.to_case).where(
            CaseLink.from_case.in_(case_ids[start : start + 500]) & (CaseLink.kind == "execution")
        )
        found += [row[0] for row in query.tuples()]
    return found
