"""The deadlines of the cases a court-list import wrote, inside its transaction: new cases
in bulk (as the deadline feature's backfill does), changed ones through its hook, whose
changes are recorded for undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from peewee import fn

from xinyi_desktop.rules.deadline_rules import CaseFacts
from xinyi_desktop.store.bulk import insert_dicts
from xinyi_desktop.store.models import Event, User, now

REASON = "导入法院数据"


class DeadlineWriter:
    """The deadline feature's rules and calendar, loaded once for a whole import."""

    def __init__(self) -> None:
        self._engine = None
        # Deadlines of equal triggers share one computed basis (the engine's memo):
        # each is encoded once for the whole import, not once a deadline.
        self._encoded: dict[int, tuple[object, str]] = {}
        self._rows: dict[tuple, list[dict]] = {}  # facts -> the deadline rows they make

    def engine(self):
        if self._engine is None:
            from xinyi_desktop.services.deadline_sync import Engine

            self._engine = Engine()
        return self._engine

    def insert_new(self, created: dict[int, CaseFacts]) -> None:
        """The deadlines of new cases, in bulk, from what the import knows of them
        (``created``: case id -> the facts the rules read); they go with their case."""
        from xinyi_desktop.services.deadline_sync import _row
        from xinyi_desktop.store.deadline_models import Deadline

        if not created:
            return
        engine = self.engine()
        stamp = now()
        to_json = Deadline.basis.db_value
        rows = []
        for case_id, facts in created.items():
            key = _facts_key(facts)
            found = self._rows.get(key)
            if found is None:  # cases with the same facts get the same deadlines
                found = self._rows[key] = []
                for e in engine.expected(0, facts):
                    row = _row(e, stamp)
                    basis = row["basis"]
                    known = self._encoded.get(id(basis))
                    if known is None:  # the basis is kept too, so that its id stays its own
                        known = self._encoded[id(basis)] = (basis, to_json(basis))
                    row["basis"] = known[1]
                    found.append(row)
            rows.extend(
                {**row, "case": case_id, "created_at": stamp, "updated_at": stamp} for row in found
            )
        insert_dicts(Deadline, rows, encoded={"basis"})

    def sync_changed(self, actor: User, updated: list[int], today: dt.date) -> list[tuple]:
        """Changed cases through the deadline feature's hook. Returns what it did —
        ``(table, id, action, old values)`` of the deadlines created or changed and the
        timeline entries about them — so that undoing the import restores them exactly."""
        from xinyi_desktop.services import deadlines
        from xinyi_desktop.store.deadline_models import Deadline

        if not updated:
            return []
        # A changed execution case may end its judgment's deadlines (deadlines.on_case_changed).
        watched = list(dict.fromkeys(updated + deadlines.enforced_judgments(updated)))
        before = _deadlines_of(Deadline, watched)
        last_event = Event.select(fn.MAX(Event.id)).scalar()
        engine = self.engine()
        for case_id in watched:  # each case once: its judgments are already in the list
            deadlines.sync_case(actor, case_id, reason=REASON, today=today, engine=engine)
        return _what_changed(Deadline, watched, before, last_event or 0)


def _facts_key(facts: CaseFacts) -> tuple:
    """Everything of ``facts`` the rules can read, as a dictionary key: every field, so
    that a field added to ``CaseFacts`` cannot be left out."""
    return tuple(
        tuple(value.items()) if isinstance(value, dict) else value
        for value in (getattr(facts, f.name) for f in fields(facts))
    )


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
