"""A case's timeline (时间线): court notices, letters, stage changes, edits."""

from __future__ import annotations

import datetime as dt

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.store.models import Case, Event, User, db

EVENT_KINDS: dict[str, str] = {
    "created": "登记",
    "court_notice": "法院通报",
    "letter": "发函",
    "stage": "阶段变更",
    "edit": "修改",
    "link": "关联案件",
    "note": "备注",
    # Deadlines (services/deadlines.py): changes, and the events that trigger or satisfy them.
    "deadline": "期限",
    "complaint_served": "起诉状副本送达",
    "answer_filed": "提交答辩举证",
    "rectification_assigned": "下达整改交办单",
    "rectified": "整改完成",
    "escalated": "逾期未整改报送市政府",
    "sanctions_reviewed": "惩戒落实复核",
    # Joint punishment (services/sanctions.py, rectification.py).
    "sanction": "联合惩戒",
    "accountability": "问责",
    "exit": "移出失信名单",
}
# Kinds a clerk may add by hand from the case detail; the others are written by services.
MANUAL_KINDS = ("court_notice", "letter", "complaint_served", "answer_filed", "note")


def add_event(
    actor: User,
    case: Case,
    kind: str,
    *,
    on: dt.date,
    summary: str,
    details: dict | None = None,
) -> Event:
    """Add an event to a case's timeline, sealed in the audit log like every change.
    Call it inside the transaction of the change it records."""
    event = Event.create(
        case=case, kind=kind, occurred_on=on, user=actor, summary=summary, details=details
    )
    audit.record(actor, "create", event)
    return event


def add_events(actor: User, rows: list[dict]) -> list[tuple]:
    """Insert many events at once (a court import's notices): each row a dict of every
    Event field but the id, values as the model takes them (ids for foreign keys).
    Returns their audit entries — what ``audit.snapshot`` records of each — to be sealed
    with the import's others by ``audit.record_many`` in the same transaction."""
    from xinyi_desktop.store.bulk import insert_rows, new_ids

    if not rows:
        return []
    names = [name for name in Event._meta.fields if name != "id"]
    ids = new_ids(Event, len(rows))
    table = Event._meta.table_name
    values, entries = [], []
    for event_id, row in zip(ids, rows, strict=True):
        given = [row[name] for name in names]
        values.append((event_id, *given))
        snapshot = audit.plain_values({"id": event_id, **dict(zip(names, given, strict=True))})
        entries.append(("create", table, event_id, None, snapshot))
    fields = [Event.id, *(Event._meta.fields[name] for name in names)]
    insert_rows(Event, fields, values)
    return entries


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

    require(actor, "edit")
    today = today or dt.date.today()
    if kind not in MANUAL_KINDS:
        names = "、".join(EVENT_KINDS[k] for k in MANUAL_KINDS)
        raise ValidationError(f"请选择记录类型（{names}）。", field="kind")
    if on is None:
        raise ValidationError("请填写日期。", field="on")
    if on > today:
        raise ValidationError(f"日期{on.isoformat()}晚于今天，请核对。", field="on")
    if not summary.strip():
        raise ValidationError("请填写记录内容。", field="summary")
    from xinyi_desktop.services.deadlines import on_event_recorded

    with db.atomic():
        event = add_event(actor, get_case(case_id), kind, on=on, summary=summary.strip())
        on_event_recorded(actor, event, today=today)  # a notice starts, a letter satisfies
    return event


def timeline(case_id: int) -> list[Event]:
    """Newest first; events of one day in the order they were recorded."""
    return list(
        Event.select(Event, User)
        .join(User)
        .where(Event.case == case_id)
        .order_by(Event.occurred_on.desc(), Event.id.desc())
    )
