"""The deadlines of the cases a court-list import wrote, inside its transaction: new cases
in bulk (as the deadline feature's backfill does), changed ones through its hook."""

from __future__ import annotations

import datetime as dt

from xinyi_desktop.store.bulk import insert_dicts
from xinyi_desktop.store.models import User, now


def sync_deadlines(
    actor: User,
    created: list[int],
    updated: list[int],
    today: dt.date,
    *,
    created_query=None,
) -> None:
    """Let the deadline feature compute the deadlines of the cases just written: in bulk
    for new cases (as its backfill does), through its hook for changed ones.
    ``created_query`` selects the ids of ``created`` (read in one go instead)."""
    try:
        from xinyi_desktop.services import deadline_sync, deadlines
        from xinyi_desktop.store.deadline_models import Deadline
    except ImportError:  # a build without the deadline feature
        return
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
    engine = deadline_sync.Engine() if updated else None  # loaded once, not once a case
    for case_id in updated:
        deadlines.on_case_changed(actor, case_id, reason="导入法院数据", today=today, engine=engine)


def _chunks(values: list, size: int) -> list[list]:
    return [values[start : start + size] for start in range(0, len(values), size)]
