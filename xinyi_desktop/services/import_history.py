"""The history of court-list imports, and undoing one (撤销导入)."""

from __future__ import annotations

import datetime as dt

from xinyi_desktop.errors import NotFound, UndoConflict, ValidationError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.services.events import add_event
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

TABLES = {
    "case": Case,
    "agency": Agency,
    "person": Person,
    "case_link": CaseLink,
    "event": Event,
    "pending_basis": PendingBasis,
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
    """Case numbers changed by someone (or a later import) after this import."""
    changed = []
    query = ImportChange.select().where(
        (ImportChange.batch == batch) & (ImportChange.table_name == "case")
    )
    versions = {c.record_id: c.version for c in query}
    ids = list(versions)
    for start in range(0, len(ids), 500):
        rows = Case.select(Case.id, Case.case_no, Case.row_version).where(
            Case.id.in_(ids[start : start + 500])
        )
        for case_id, case_no, version in rows.tuples():
            if versions[case_id] is not None and version != versions[case_id]:
                changed.append(case_no)
    return changed


def undo_import(
    actor: User, batch_id: int, *, force: bool = False, today: dt.date | None = None
) -> int:
    """Undo an import: cases it created are deleted, cases it changed get their old values
    back, agencies, people and links it added go. Returns how many records were restored.

    Refused (``UndoConflict``) when cases were changed after the import, unless ``force``.
    """
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        batch = get_import(batch_id)
        if batch.undone_at is not None:
            raise ValidationError(
                f"导入“{batch.file_name}”已于{batch.undone_at:%Y-%m-%d %H:%M}撤销。"
            )
        changed = conflicts(batch)
        if changed and not force:
            shown = "、".join(changed[:5]) + (f"等{len(changed)}件" if len(changed) > 5 else "")
            raise UndoConflict(
                f"{shown}在这次导入之后又被修改过，撤销会同时丢失这些修改。确定仍要撤销吗？",
                cases=changed,
            )
        items = list(
            ImportChange.select()
            .where(ImportChange.batch == batch)
            .order_by(ImportChange.id.desc())
        )
        # Cases it created go first, so the agencies it created are free to go too.
        created = [i.record_id for i in items if i.table_name == "case" and i.action == "create"]
        deleted_cases = []
        for start in range(0, len(created), 500):
            rows = Case.select(Case.id, Case.case_no).where(
                Case.id.in_(created[start : start + 500])
            )
            deleted_cases += [
                ("delete", "case", i, {"case_no": no}, None) for i, no in rows.tuples()
            ]
            Case.delete().where(Case.id.in_(created[start : start + 500])).execute()
        audit.record_many(actor, deleted_cases)
        restored = len(deleted_cases)
        for item in items:
            if item.table_name == "case" and item.action == "create":
                continue
            model = TABLES.get(item.table_name)
            if model is None:
                continue
            if item.action == "delete":
                model.insert(**_restorable(model, item.old_values)).execute()
                restored += 1
                continue
            record = model.get_or_none(model.id == item.record_id)
            if record is None:
                continue
            if item.action == "create":
                if (
                    item.table_name == "agency"
                    and CaseParty.select().where(CaseParty.agency == record).exists()
                ):
                    continue  # still a party to a case registered since
                old = audit.snapshot(record)
                record.delete_instance()
                audit.record(actor, "delete", _Deleted(record, old), old)
            elif item.table_name == "case":
                _restore_case(actor, record, item.old_values, batch, today)
            elif item.table_name == "agency":
                old = audit.snapshot(record)
                record.credit_code = item.old_values.get("credit_code")
                audit.bump_version(record, None, "单位")
                record.save()
                audit.record(actor, "update", record, old)
            restored += 1
        batch.undone_at, batch.undone_by = now(), actor
        batch.save()
    return restored


class _Deleted:
    """Lets ``audit.record`` name a record already deleted."""

    def __init__(self, record, old):
        self._meta = record._meta
        self.id = old["id"]


def _restorable(model, values: dict) -> dict:
    return {name: values.get(name) for name in model._meta.fields if name in values}


def _restore_case(actor: User, case: Case, old: dict, batch: ImportBatch, today: dt.date) -> None:
    from xinyi_desktop.services.cases import _set_party_texts, _write_parties

    before = audit.snapshot(case)
    snapshot = old["case"]
    for name in CASE_FIELDS_RESTORED:
        field = Case._meta.fields[name]
        value = snapshot.get(name)
        setattr(case, name, field.python_value(value) if value is not None else None)
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
    deadlines.on_case_changed(actor, case.id, reason="撤销导入", today=today)
