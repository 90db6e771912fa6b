"""Tables of the court-list import (导入法院数据): the history of imports with what each
changed (so it can be undone), the column mappings the clerk confirmed, and execution
cases whose judgment (执行依据) is not registered yet."""

from __future__ import annotations

import peewee as pw

from xinyi_desktop.store.models import BaseModel, Case, JSONField, User, now


class ImportBatch(BaseModel):
    """One imported file: who, when, its content hash and what came of each row."""

    file_name = pw.CharField()
    content_hash = pw.CharField(index=True)  # SHA-256 of the file's bytes
    kind = pw.CharField()  # "suits" | "lost" | "dishonest"
    imported_at = pw.DateTimeField(default=now, index=True)
    user = pw.ForeignKeyField(User, backref="imports")
    created = pw.IntegerField(default=0)
    updated = pw.IntegerField(default=0)
    unchanged = pw.IntegerField(default=0)
    warnings = pw.IntegerField(default=0)
    errors = pw.IntegerField(default=0)
    report = JSONField(null=True)  # warnings and errors by row, as the command line prints
    undone_at = pw.DateTimeField(null=True)
    undone_by = pw.ForeignKeyField(User, null=True, backref="undone_imports")


class ImportChange(BaseModel):
    """One record an import created or changed, with what it was before (for undo)."""

    batch = pw.ForeignKeyField(ImportBatch, backref="changes", on_delete="CASCADE")
    table_name = pw.CharField()
    record_id = pw.IntegerField()
    action = pw.CharField()  # "create" | "update"
    old_values = JSONField(null=True)
    version = pw.IntegerField(null=True)  # the record's row_version right after the import

    class Meta:
        indexes = ((("table_name", "record_id"), False),)


class ImportLayout(BaseModel):
    """A column mapping the clerk confirmed, reused for files with the same headers."""

    signature = pw.CharField(unique=True)
    kind = pw.CharField()
    mapping = JSONField()  # {"column index": "field"}
    headers = JSONField(null=True)
    updated_at = pw.DateTimeField(default=now)
    user = pw.ForeignKeyField(User, null=True, backref="import_layouts")


class PendingBasis(BaseModel):
    """An execution case whose judgment (执行依据文号) was not registered when imported;
    linked as soon as an import brings that judgment."""

    case = pw.ForeignKeyField(Case, backref="pending_basis", on_delete="CASCADE")
    basis_key = pw.CharField(index=True)
    basis_no = pw.CharField()


IMPORT_MODELS = [ImportBatch, ImportChange, ImportLayout, PendingBasis]
