"""The deadlines of the cases a court-list import wrote, inside its transaction: new cases
in bulk (as the deadline feature's backfill does), changed ones through its hook."""

from __future__ import annotations

import datetime as dt

from peewee import fn

from xinyi_desktop.store.bulk import insert_dicts
from xinyi_desktop.store.models import Event, User, now

REASON = "导入法院数据"


def sync_deadlines(
    actor: User,
    created: list[int],
    updated: list[int],
    today: dt.date,
    *,
    created_query=None,
) -> list[tuple]:
    """Let the deadline feature compute the deadlines of the cases just written: in bulk
    for new cases (as its backfill does), through its hook for changed ones.
    ``created_query`` selects the ids of ``created`` (read in one go instead).

    Returns what it did to the changed cases — ``(table, id, action, old values)`` of the
    deadlines created or changed and the timeline entries about them — so that undoing
    the import restores them exactly (a new case's deadlines go with the case)."""
    try:
        from xinyi_desktop.services import deadline_sync, deadlines
        from xinyi_desktop.store.deadline_models import Deadline
    except ImportError:  # a build without the deadline feature
        return []
    if created:
        bulk_engine = deadline_sync.Engine()
        items = []
        parts = [created_query] if created_query is not None else _chunks(created, 900)
        for ids in parts:
            for case_id, found in deadline_sync.load_facts(bulk_engine.rules, ids).items():
                items.extend(bulk_engine.expected(case_id, found))
        if hasattr(deadline_sync, "_row"):  # its rows, written without peewee's SQL building
            stamp = now()
            rows = [deadline_sync._row(e, stamp) for e in items]
            # Deadlines of equal triggers share one computed basis: encode each once.
            encoded: dict[int, str] = {}
            to_json = Deadline.basis.db_value
            for row in rows:
                basis = row["basis"]
                text = encoded.get(id(basis))
                if text is None:
                    text = encoded[id(basis)] = to_json(basis)
                row["basis"] = text
            insert_dicts(Deadline, rows, encoded={"basis"})
        else:
            deadline_sync.insert_expected(items)
    if not updated:
        return []
    before = _deadlines_of(Deadline, updated)
    last_event = Event.select(fn.MAX(Event.id)).scalar()
    engine = deadline_sync.Engine()  # loaded once, not once a case
    for case_id in updated:
        deadlines.on_case_changed(actor, case_id, reason=REASON, today=today, engine=engine)
    return _what_changed(Deadline, updated, before, last_event or 0)


def _deadlines_of(model, case_ids: list[int]) -> dict[int, dict]:
    from xinyi_desktop.services.audit import snapshot

    found = {}
    for ids in _chunks(case_ids, 500):
        for row in model.select().where(model.case.in_(ids)):
            found[row.id] = snapshot(row)
    return found


def _what_changed(model, case_ids: list[int], before: dict[int, dict], last_event: int):
    """The deadlines the deadline feature created or changed for ``case_ids``, and the
    timeline entries it wrote about them: ``(table, id, action, old values)`` for undo."""
    changes = []
    after = _deadlines_of(model, case_ids)
    for deadline_id, values in sorted(after.items()):
        old = before.get(deadline_id)
        if old is None:
            changes.append(("deadline", deadline_id, "create", None))
        elif old != values:
            changes.append(("deadline", deadline_id, "update", old))
    for ids in _chunks(case_ids, 500):
        events = Event.select(Event.id).where(
            Event.case.in_(ids) & (Event.kind == "deadline") & (Event.id > last_event)
        )
        changes.extend(("event", event_id, "create", None) for (event_id,) in events.tuples())
    return changes


def _chunks(values: list, size: int) -> list[list]:
    return [values[start : start + size] for start in range(0, len(values), size)]
