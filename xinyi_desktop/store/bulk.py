"""Bulk inserts through the driver's ``executemany``: building one big INSERT in peewee
costs more than SQLite takes to write the rows (20,000 cases: seconds against tenths)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence

import peewee as pw

from xinyi_desktop.store.models import BaseModel, db

# Fields whose Python values the drivers take as they are (dates: the adapters that
# peewee registers for SQLite, psycopg2's own for PostgreSQL).
_PLAIN = (pw.CharField, pw.TextField, pw.IntegerField, pw.ForeignKeyField, pw.DateField)
# Values per statement when selecting by a list (SQLite before 3.32 allows 999).
IN_CHUNK = 900


def insert_rows(
    model: type[BaseModel],
    fields: Sequence[pw.Field],
    rows: Iterable[Sequence],
    *,
    encoded: Collection[pw.Field] = (),
) -> int:
    """Insert ``rows`` (tuples in the order of ``fields``), converting each value as the
    field would, except in the ``encoded`` fields, whose values are already what the
    database stores (e.g. JSON text). Runs in the caller's transaction."""
    database = db.obj
    columns = ", ".join(_quoted(database, f.column_name) for f in fields)
    marks = ", ".join([database.param] * len(fields))
    table = _quoted(database, model._meta.table_name)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
    # Text and integer columns pass through as they are; only the others need converting.
    skip = {id(f) for f in encoded}
    converters = [
        (i, _times(f) if isinstance(f, pw.DateTimeField) else f.db_value)
        for i, f in enumerate(fields)
        if type(f) not in _PLAIN and id(f) not in skip
    ]
    if converters:
        data = []
        for row in rows:
            values = list(row)
            for i, convert in converters:
                values[i] = convert(values[i])
            data.append(values)
    else:
        data = rows if isinstance(rows, list) else list(rows)
    if data:
        cursor = database.cursor()
        cursor.executemany(sql, data)
    return len(data)


def stored_datetime(value: dt.datetime):
    """A time as the driver would store it, for a value shared by many rows: SQLite's
    text (what its adapter makes of each row's datetime), converted once; PostgreSQL
    takes the datetime itself."""
    if isinstance(db.obj, pw.PostgresqlDatabase):
        return value
    return value.isoformat(sep=" ")


def _times(field: pw.DateTimeField):
    """The field's conversion for rows that mostly share a few times (one stamp for a
    whole import): each time converted once."""
    seen: dict[dt.datetime, object] = {}

    def convert(value):
        if type(value) is not dt.datetime:
            return field.db_value(value)
        stored = seen.get(value)
        if stored is None:
            stored = seen[value] = stored_datetime(value)
        return stored

    return convert


def _quoted(database: pw.Database, name: str) -> str:
    left, right = database.quote  # e.g. '""'
    return f"{left}{name}{right}"


def insert_dicts(model: type[BaseModel], rows: list[dict], *, encoded: Collection[str] = ()) -> int:
    """``insert_rows`` for dicts that all have the same keys (field names); ``encoded``
    names the fields whose values are already in database form."""
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
    fixed = not any(callable(d) for d in defaults.values())
    tail = list(defaults.values())

    def values(row: dict) -> list:
        given = [row[name] for name in names]
        return given + (tail if fixed else [d() if callable(d) else d for d in tail])

    skip = [model._meta.fields[name] for name in encoded]
    return insert_rows(model, fields, (values(row) for row in rows), encoded=skip)


def new_ids(model: type[BaseModel], count: int) -> list[int]:
    """``count`` ids for rows about to be inserted with explicit ids, in ascending order.

    SQLite: the ids it would give itself (one past the largest), so call this inside the
    writing transaction after it has written (then no other writer can take them).
    PostgreSQL: drawn from the table's sequence, which other sessions share safely.
    """
    if count <= 0:
        return []
    table = model._meta.table_name
    if isinstance(db.obj, pw.PostgresqlDatabase):
        cursor = db.execute_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            (f'"{table}"', count),
        )
        return sorted(row[0] for row in cursor.fetchall())
    (largest,) = db.execute_sql(f"SELECT max(id) FROM {_quoted(db.obj, table)}").fetchone()
    first = (largest or 0) + 1
    return list(range(first, first + count))


def select_in(
    model: type[BaseModel],
    columns: Sequence[pw.Field],
    field: pw.Field,
    values: Sequence,
    *,
    chunk: int = IN_CHUNK,
) -> Iterator[tuple]:
    """Rows (raw database values) of ``columns`` where ``field`` is one of ``values``,
    in statements of ``chunk`` values: plain SQL, as peewee takes longer to build a long
    IN list than the database takes to answer it."""
    database = db.obj
    table = _quoted(database, model._meta.table_name)
    wanted = ", ".join(_quoted(database, c.column_name) for c in columns)
    column = _quoted(database, field.column_name)
    for start in range(0, len(values), chunk):
        part = list(values[start : start + chunk])
        marks = ", ".join([database.param] * len(part))
        sql = f"SELECT {wanted} FROM {table} WHERE {column} IN ({marks})"
        yield from database.execute_sql(sql, part).fetchall()
