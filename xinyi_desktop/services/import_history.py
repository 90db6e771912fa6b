"""The history of court-list imports, and undoing one (撤销导入)."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
from collections.abc import Callable, Generator, Iterator

import peewee as pw

from xinyi_desktop.errors import NotFound, UndoConflict, UndoRefused, ValidationError
from xinyi_desktop.importing.collector import collector_paused
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.services.events import add_event
from xinyi_desktop.services.import_records import UNDONE, recorded_since, refusal
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.import_models import ImportBatch, ImportChange, PendingBasis
from xinyi_desktop.store.models import (
    Agency,
    Case,
    CaseLink,
    CaseParty,
    Event,
    Person,
    User,
    db,
    now,
)
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep

TABLES = {
    "case": Case,
    "agency": Agency,
    "person": Person,
    "case_link": CaseLink,
    "event": Event,
    "pending_basis": PendingBasis,
    "deadline": Deadline,
    "listing": Listing,
    "sanction_item": SanctionItem,
    "sanction_step": SanctionStep,
}
CASE_FIELDS_RESTORED = (
    "stage",
    "outcome",
    "cause",
    "court",
    "amount",
    "filed_on",
    "judgment_on",
    "judgment_effective_on",
    "performance_deadline",
    "listed_on",
    "closed_on",
    "note",
)
# Records an import created that undo deletes a chunk at a time (an agency only when no
# case registered since names it; the cases it created first of all).
BULK = frozenset(TABLES) - {"agency", "case"}
# A deadline gets back every value it had, under a new version.
_NOT_RESTORED = ("id", "row_version", "updated_at")
# An ImportChange of action UNDONE records a case's version right after the import was
# undone, so that undoing an earlier import knows those bumps were no one's edit (and the
# timeline entries the undo wrote, that they are no one's record).
CHUNK = 500

Progress = tuple[int, int, str]


class UndoCancelled(Exception):
    """The clerk cancelled; the transaction is rolled back."""


def list_imports(limit: int = 500) -> list[ImportBatch]:
    return list(
        ImportBatch.select(ImportBatch, User)
        .join(User, on=ImportBatch.user)
        .order_by(ImportBatch.id.desc())
        .limit(limit)
    )


def get_import(batch_id: int) -> ImportBatch:
    batch = ImportBatch.get_or_none(ImportBatch.id == batch_id)
    if batch is None:
        raise NotFound("该导入记录已不存在。")
    return batch


def conflicts(batch: ImportBatch) -> list[str]:
    """Case numbers changed by someone (or a later import still in force) after this
    import. A later import that was undone since changed nothing: its version bumps,
    and those of its undo, are followed through the undo records."""
    changed = []
    query = ImportChange.select(ImportChange.record_id, ImportChange.version).where(
        (ImportChange.batch == batch)
        & (ImportChange.table_name == "case")
        & (ImportChange.action.in_(["create", "update"]))
    )
    versions = dict(query.tuples())
    ids = [i for i, version in versions.items() if version is not None]
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        later: dict[int, list[ImportChange]] = {}
        rows = (
            ImportChange.select(ImportChange, ImportBatch)
            .join(ImportBatch)
            .where(
                (ImportChange.table_name == "case")
                & ImportChange.record_id.in_(chunk)
                & (ImportChange.batch > batch.id)
                & ImportChange.action.in_(["update", UNDONE])
            )
            .order_by(ImportChange.id)
        )
        for row in rows:
            later.setdefault(row.record_id, []).append(row)
        cases = Case.select(Case.id, Case.case_no, Case.row_version).where(Case.id.in_(chunk))
        for case_id, case_no, version in cases.tuples():
            if version != _expected_version(versions[case_id], later.get(case_id, [])):
                changed.append(case_no)
    return changed


def check_undo(batch: ImportBatch) -> list[str]:
    """Refuse (``UndoRefused``) undoing an import whose new cases got records since — a
    letter, a timeline entry, a sanction step …: deleting the case would take them along
    or leave them pointing at nothing. Returns the case numbers to ask about: those
    changed since (``conflicts``) and those the import updated that got records since."""
    recorded = recorded_since(batch)
    blocked = [r for r in recorded if r.created]
    if blocked:
        raise UndoRefused(refusal(batch.file_name, blocked))
    changed = conflicts(batch)
    return changed + [r.case_no for r in recorded if r.case_no not in changed]


def undo_check_steps(batch_id: int) -> Generator[Progress, None, list[str]]:
    """``check_undo`` as a job (a large import takes a moment), before the clerk is asked."""
    yield 0, 0, "正在检查导入之后的记录…"
    return check_undo(get_import(batch_id))


def _expected_version(version: int, later: list[ImportChange]) -> int | None:
    """The version the case has if nothing but later imports, since undone, touched it
    (None: a later import still in force, or someone's edit in between)."""
    for row in later:
        if row.action == UNDONE:
            version = row.version
            continue
        if row.batch.undone_at is None:
            return None
        before = ((row.old_values or {}).get("case") or {}).get("row_version")
        if before != version:
            return None
        version = row.version
    return version


def undo_import(
    actor: User, batch_id: int, *, force: bool = False, today: dt.date | None = None
) -> int:
    """Undo an import in one go (command line, tests); see ``undo_steps``."""
    from xinyi_desktop.services.court_import import run_to_end

    return run_to_end(undo_steps(actor, batch_id, force=force, today=today))


def undo_steps(
    actor: User,
    batch_id: int,
    *,
    force: bool = False,
    today: dt.date | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Generator[Progress, None, int | None]:
    """Undo an import: cases it created are deleted, cases it changed get their old values
    back, the deadlines it changed their old state, and the agencies, people, links,
    timeline entries, listings and sanction items it added go. Yields progress; returns
    how many records were restored, or None when cancelled (then nothing is written).

    Refused (``UndoConflict``) when cases were changed after the import, unless ``force``.
    """
    require(actor, "edit")
    today = today or dt.date.today()
    try:
        with collector_paused(), db.atomic():
            batch = get_import(batch_id)
            if batch.undone_at is not None:
                raise ValidationError(
                    f"导入“{batch.file_name}”已于{batch.undone_at:%Y-%m-%d %H:%M}撤销。"
                )
            yield 0, 0, "正在检查导入之后的修改…"
            changed = check_undo(batch)
            if changed and not force:
                shown = "、".join(changed[:5]) + (f"等{len(changed)}件" if len(changed) > 5 else "")
                raise UndoConflict(
                    f"{shown}在这次导入之后又被修改过或有了新的记录，撤销会同时丢失这些修改。确定仍要撤销吗？",
                    cases=changed,
                )
            items = list(
                ImportChange.select()
                .where((ImportChange.batch == batch) & (ImportChange.action != UNDONE))
                .order_by(ImportChange.id.desc())
            )
            total = len(items)
            # Cases it created go first, so the agencies it created are free to go too
            # (their parties, timeline, deadlines and listings go with them).
            created = [i.record_id for i in items if _creates_case(i)]
            rest = [i for i in items if not _creates_case(i)]
            restored = 0
            for start in range(0, len(created), CHUNK):
                if cancel and cancel():
                    raise UndoCancelled
                yield start, total, "正在删除导入新增的案件…"
                restored += _delete_cases(actor, created[start : start + CHUNK])
            versions, done = [], len(created)
            last_event = Event.select(pw.fn.MAX(Event.id)).scalar() or 0
            for run in _runs(rest):
                if cancel and cancel():
                    raise UndoCancelled
                if len(run) > 1 or done % 200 == 0:
                    yield done, total, "正在恢复导入前的内容…"
                if len(run) > 1:
                    restored += _delete_created(actor, run)
                else:
                    restored += _undo_one(actor, run[0], batch, today, versions)
                done += len(run)
            _note_undone_versions(batch, versions, last_event)
            batch.undone_at, batch.undone_by = now(), actor
            batch.save()
            yield total, total, "撤销完成"
            return restored
    except UndoCancelled:
        return None


def _note_undone_versions(
    batch: ImportBatch, versions: list[tuple[int, int]], last_event: int
) -> None:
    rows = [
        {"batch": batch.id, "table_name": "case", "record_id": i, "action": UNDONE, "version": v}
        for i, v in versions
    ]
    written = Event.select(Event.id).where((Event.id > last_event) & Event.case.is_null(False))
    rows += [
        {"batch": batch.id, "table_name": "event", "record_id": i, "action": UNDONE}
        for (i,) in written.tuples()
    ]
    for start in range(0, len(rows), CHUNK):
        ImportChange.insert_many(rows[start : start + CHUNK]).execute()


def _delete_cases(actor: User, ids: list[int]) -> int:
    rows = Case.select(Case.id, Case.case_no).where(Case.id.in_(ids))
    deleted = [("delete", "case", i, {"case_no": no}, None) for i, no in rows.tuples()]
    Case.delete().where(Case.id.in_(ids)).execute()
    audit.record_many(actor, deleted)
    return len(deleted)


def _runs(items: list[ImportChange]) -> Iterator[list[ImportChange]]:
    """The changes to undo, in order: records of one table the import created, side by
    side, in chunks (deleted together); every other change on its own."""
    for (_table, bulk), group in itertools.groupby(
        items, key=lambda i: (i.table_name, i.action == "create" and i.table_name in BULK)
    ):
        group = list(group)
        size = CHUNK if bulk else 1
        for start in range(0, len(group), size):
            yield group[start : start + size]


def _delete_created(actor: User, run: list[ImportChange]) -> int:
    """Delete records of one table the import created (timeline entries, deadlines,
    listings …), audited as deletions."""
    table = run[0].table_name
    model = TABLES[table]
    rows = list(model.select().where(model.id.in_([i.record_id for i in run])))
    model.delete().where(model.id.in_([r.id for r in rows])).execute()
    audit.record_many(actor, [("delete", table, r.id, audit.snapshot(r), None) for r in rows])
    return len(rows)


def _creates_case(item: ImportChange) -> bool:
    return item.table_name == "case" and item.action == "create"


def _undo_one(
    actor: User, item: ImportChange, batch: ImportBatch, today: dt.date, versions: list
) -> int:
    """Undo one change (not a case it created); returns 1 when a record was restored or
    removed."""
    model = TABLES.get(item.table_name)
    if model is None:
        return 0
    if item.action == "delete":
        model.insert(**_restorable(model, item.old_values)).execute()
        return 1
    record = model.get_or_none(model.id == item.record_id)
    if record is None:
        return 0
    if item.action == "create":
        if (
            item.table_name == "agency"
            and CaseParty.select().where(CaseParty.agency == record).exists()
        ):
            return 0  # still a party to a case registered since
        old = audit.snapshot(record)
        record.delete_instance()
        audit.record(actor, "delete", _Deleted(record, old), old)
    elif item.table_name == "case":
        _restore_case(actor, record, item.old_values, batch, today)
        versions.append((record.id, record.row_version))
    elif item.table_name == "agency":
        old = audit.snapshot(record)
        record.credit_code = item.old_values.get("credit_code")
        audit.bump_version(record, None, "单位")
        record.save()
        audit.record(actor, "update", record, old)
    elif item.table_name == "deadline":
        _restore_values(actor, record, item.old_values, "期限")
    return 1


class _Deleted:
    """Lets ``audit.record`` name a record already deleted."""

    def __init__(self, record, old):
        self._meta = record._meta
        self.id = old["id"]


def _restorable(model, values: dict) -> dict:
    return {name: values.get(name) for name in model._meta.fields if name in values}


def _value(field: pw.Field, value):
    """A value of ``audit.snapshot`` (dates as ISO text) back as the field holds it."""
    if value is None:
        return None
    if isinstance(field, pw.DateTimeField):
        return dt.datetime.fromisoformat(value)
    if isinstance(field, pw.DateField):
        return dt.date.fromisoformat(value)
    if isinstance(field, pw.DecimalField):
        return decimal.Decimal(value)
    return value


def _restore_values(actor: User, record, old: dict, what: str) -> None:
    """Every value ``record`` had before the import, under a new version, audited."""
    before = audit.snapshot(record)
    for name, field in record._meta.fields.items():
        if name in old and name not in _NOT_RESTORED:
            setattr(record, field.name, _value(field, old[name]))
    audit.bump_version(record, None, what)
    record.save()
    audit.record(actor, "update", record, before)


def _restore_case(actor: User, case: Case, old: dict, batch: ImportBatch, today: dt.date) -> None:
    from xinyi_desktop.services.cases import _set_party_texts, _write_parties

    before = audit.snapshot(case)
    snapshot = old["case"]
    for name in CASE_FIELDS_RESTORED:
        setattr(case, name, _value(Case._meta.fields[name], snapshot.get(name)))
    audit.bump_version(case, None, "案件")
    case.save()
    parties = old["parties"]
    current = [p.name for p in case.parties.order_by(CaseParty.role, CaseParty.position)]
    if current != parties["defendant"] + parties["plaintiff"]:
        CaseParty.delete().where(CaseParty.case == case).execute()
        _write_parties(actor, case, parties["plaintiff"], parties["defendant"])
    else:
        _set_party_texts(case, parties["plaintiff"], parties["defendant"])
    audit.record(actor, "update", case, before)
    add_event(
        actor, case, "edit", on=today, summary=f"撤销导入“{batch.file_name}”，恢复导入前的内容"
    )
    try:
        from xinyi_desktop.services import deadlines
    except ImportError:
        return
    # The deadlines are back as they were; this only catches up on rules changed since.
    deadlines.on_case_changed(actor, case.id, reason="撤销导入", today=today)
