"""The audit log: who changed which record when, with the old and the new values."""

from __future__ import annotations

import datetime as dt
import decimal

import peewee as pw

from xinyi_desktop.errors import ConcurrentEdit
from xinyi_desktop.store.models import AuditEntry, BaseModel, User, now


def snapshot(instance: BaseModel) -> dict:
    """The record's own column values, JSON-ready (dates as ISO text, foreign keys as ids)."""
    values = {}
    for name, field in instance._meta.fields.items():
        value = instance.__data__.get(name)
        if isinstance(field, pw.ForeignKeyField):
            value = value if value is None or isinstance(value, int) else value.id
        values[name] = _plain(value)
    return values


def _plain(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def changed_fields(old: dict, new: dict, *, ignore=("updated_at", "row_version")) -> list[str]:
    return [k for k in new if k not in ignore and old.get(k) != new.get(k)]


def record(actor: User, action: str, instance: BaseModel, old: dict | None = None) -> AuditEntry:
    """Write one audit entry for ``instance`` after a create, update or delete."""
    new = None if action == "delete" else snapshot(instance)
    if old is not None and new is not None:
        keys = changed_fields(old, new)
        old = {k: old.get(k) for k in keys}
        new = {k: new.get(k) for k in keys}
    return AuditEntry.create(
        user=actor,
        action=action,
        table_name=instance._meta.table_name,
        record_id=instance.id,
        old_values=old,
        new_values=new,
    )


def history(table_name: str, record_id: int) -> list[AuditEntry]:
    return list(
        AuditEntry.select(AuditEntry, User)
        .join(User)
        .where((AuditEntry.table_name == table_name) & (AuditEntry.record_id == record_id))
        .order_by(AuditEntry.id)
    )


def bump_version(instance: BaseModel, expected: int | None, what: str) -> None:
    """Refuse a save over someone else's newer save; otherwise count this one.

    ``expected`` is the version the clerk's dialog loaded (None skips the check).
    """
    if expected is not None and instance.row_version != expected:
        raise ConcurrentEdit(f"该{what}在您打开后已被他人修改，请关闭后重新打开再编辑。")
    instance.row_version += 1
    if "updated_at" in instance._meta.fields:
        instance.updated_at = now()
