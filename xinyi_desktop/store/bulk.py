"""Bulk inserts through the driver's ``executemany``: building one big INSERT in peewee
costs more than SQLite takes to write the rows (20,000 cases: seconds against tenths)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import peewee as pw

from xinyi_desktop.store.models import BaseModel, db


def insert_rows(
    model: type[BaseModel], fields: Sequence[pw.Field], rows: Iterable[Sequence]
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``), converting each value as the
    field would. Runs in the caller's transaction."""
    database = db.obj
    columns = ", ".join(_quoted(database, f.column_name) for f in fields)
    marks = ", ".join([database.param] * len(fields))
    table = _quoted(database, model._meta.table_name)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    # Text and integer columns pass through as they are; only the others need converting.
    plain = (pw.CharField, pw.TextField, pw.IntegerField, pw.ForeignKeyField, pw.DateField)
    converters = [None if type(f) in plain else f.db_value for f in fields]
    if any(converters):
        data = [
            tuple(v if c is None else c(v) for c, v in zip(converters, row, strict=True))
            for row in rows
        ]
    else:
        data = [tuple(row) for row in rows]
    if data:
        cursor = database.cursor()
        cursor.executemany(sql, data)
    return len(data)


def _quoted(database: pw.Database, name: str) -> str:
    left, right = database.quote  # e.g. '""'
    return f"{left}{name}{right}"


def insert_dicts(model: type[BaseModel], rows: list[dict]) -> int:
    """``insert_rows`` for dicts that all have the same keys (field names)."""
    if not rows:
        return 0
    names = list(rows[0])
    # Columns left out get their field's default, as peewee's own inserts do.
    defaults = {
        name: field.default
        for name, field in model._meta.fields.items()
        if name not in names and field.default is not None and not field.primary_key
    }
    fields = [model._meta.fields[name] for name in [*names, *defaults]]

    def values(row: dict) -> list:
        given = [row[name] for name in names]
        return given + [d() if callable(d) else d for d in defaults.values()]

    return insert_rows(model, fields, (values(row) for row in rows))
