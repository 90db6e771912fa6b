"""A case's timeline (时间线): court notices, letters, stage changes, edits."""

from __future__ import annotations

import datetime as dt

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.store.models import Case, Event, User

EVENT_KINDS: dict[str, str] = {
    "created": "登记",
    "court_notice": "法院通报",
    "letter": "发函",
    "stage": "阶段变更",
    "edit": "修改",
    "link": "关联案件",
    "note": "备注",
}
# Kinds a clerk may add by hand from the case detail; the others are written by services.
MANUAL_KINDS = ("court_notice", "letter", "note")


def add_event(
    actor: User,
    case: Case,
    kind: str,
    *,
    on: dt.date,
    summary: str,
    details: dict | None = None,
) -> Event:
    return Event.create(
        case=case, kind=kind, occurred_on=on, user=actor, summary=summary, details=details
    )


def record_manual_event(
    actor: User,
    case_id: int,
    kind: str,
    *,
    on: dt.date | None,
    summary: str,
    today: dt.date | None = None,
) -> Event:
    """A clerk's entry in the timeline: a court notice received, a letter sent, a note."""
    from xinyi_desktop.services.cases import get_case

    today = today or dt.date.today()
    if kind not in MANUAL_KINDS:
        raise ValidationError("请选择记录类型（法院通报、发函或备注）。", field="kind")
    if on is None:
        raise ValidationError("请填写日期。", field="on")
    if on > today:
        raise ValidationError(f"日期{on.isoformat()}晚于今天，请核对。", field="on")
    if not summary.strip():
        raise ValidationError("请填写记录内容。", field="summary")
    return add_event(actor, get_case(case_id), kind, on=on, summary=summary.strip())


def timeline(case_id: int) -> list[Event]:
    """Newest first; events of one day in the order they were recorded."""
    return list(
        Event.select(Event, User)
        .join(User)
        .where(Event.case == case_id)
        .order_by(Event.occurred_on.desc(), Event.id.desc())
    )
