"""The audit log: who changed which record when, with the old and the new values."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass

import peewee as pw

from xinyi_desktop.errors import ConcurrentEdit
from xinyi_desktop.rules.audit_chain import (
    GENESIS,
    canonical_json,
    encoded_entry_digest,
    entry_digest,
)
from xinyi_desktop.store.models import AuditEntry, AuditHead, BaseModel, User, db, now


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
    if type(value) is str or type(value) is int:  # most values: no test of their class
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def changed_fields(old: dict, new: dict, *, ignore=("updated_at", "row_version")) -> list[str]:
    return [k for k in new if k not in ignore and old.get(k) != new.get(k)]


def record(actor: User, action: str, instance: BaseModel, old: dict | None = None) -> AuditEntry:
    """Write one audit entry for ``instance`` after a create, update or delete.

    Call it inside the transaction that made the change, after the change: on SQLite the
    transaction then already holds the write lock, so no other writer can slip an entry
    between reading the chain's last digest and sealing this one.
    """
    new = None if action == "delete" else snapshot(instance)
    if old is not None and new is not None:
        keys = changed_fields(old, new)
        old = {k: old.get(k) for k in keys}
        new = {k: new.get(k) for k in keys}
    with db.atomic():
        _lock_chain()
        last = AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).first()
        entry = AuditEntry.create(
            user=actor,
            action=action,
            table_name=instance._meta.table_name,
            record_id=instance.id,
            old_values=old,
            new_values=new,
            prev_hash=last.entry_hash if last else GENESIS,
        )
        entry.entry_hash = seal(entry)
        entry.save(only=[AuditEntry.entry_hash])
        head, _ = AuditHead.get_or_create(id=1)
        head.last_id, head.last_hash, head.count = entry.id, entry.entry_hash, head.count + 1
        head.save()
    return entry


def record_many(actor: User, entries: list[tuple[str, str, int, dict | None, dict | None]]) -> None:
    """Seal many entries at once — ``(action, table_name, record_id, old, new)`` each, values
    JSON-ready — for bulk writes such as a court-list import: one read of the chain's end,
    ids assigned in order, one insert per chunk. Call inside the writing transaction."""
    if not entries:
        return
    with db.atomic():
        _lock_chain()
        last = (
            AuditEntry.select(AuditEntry.id, AuditEntry.entry_hash)
            .order_by(AuditEntry.id.desc())
            .first()
        )
        previous = last.entry_hash if last else GENESIS
        first_id = (last.id if last else 0) + 1
        at = now()
        rows = []
        # Each value encoded once, in the digest's canonical form, which is also stored.
        for offset, (action, table, record_id, old, new) in enumerate(entries):
            entry_id = first_id + offset
            old_json = "null" if old is None else canonical_json(old)
            new_json = "null" if new is None else canonical_json(new)
            digest = encoded_entry_digest(
                previous, entry_id, at, actor.id, action, table, record_id, old_json, new_json
            )
            rows.append(
                (
                    entry_id,
                    at,
                    actor.id,
                    action,
                    table,
                    record_id,
                    None if old is None else old_json,
                    None if new is None else new_json,
                    previous,
                    digest,
                )
            )
            previous = digest
        fields = [
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.user,
            AuditEntry.action,
            AuditEntry.table_name,
            AuditEntry.record_id,
            AuditEntry.old_values,
            AuditEntry.new_values,
            AuditEntry.prev_hash,
            AuditEntry.entry_hash,
        ]
        from xinyi_desktop.store.bulk import insert_rows

        insert_rows(AuditEntry, fields, rows, encoded=fields)
        if isinstance(db.obj, pw.PostgresqlDatabase):  # explicit ids: move the sequence on
            db.execute_sql(
                "SELECT setval(pg_get_serial_sequence('audit_entry', 'id'), %s)",
                (rows[-1][0],),
            )
        head, _ = AuditHead.get_or_create(id=1)
        head.last_id, head.last_hash = rows[-1][0], rows[-1][-1]
        head.count += len(rows)
        head.save()


def _lock_chain() -> None:
    if isinstance(db.obj, pw.PostgresqlDatabase):  # one sealer at a time across sessions
        db.execute_sql("SELECT pg_advisory_xact_lock(20181106)")


def seal(entry: AuditEntry) -> str:
    return entry_digest(
        entry.prev_hash,
        entry.id,
        entry.at,
        entry.user_id,
        entry.action,
        entry.table_name,
        entry.record_id,
        entry.old_values,
        entry.new_values,
    )


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_id: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def verify_chain() -> ChainCheck:
    """Walk the log in order; name the first entry whose seal or link does not hold."""
    previous = GENESIS
    count = 0
    for entry in AuditEntry.select().order_by(AuditEntry.id).iterator():
        count += 1
        if entry.prev_hash != previous:
            problem = f"第 {entry.id} 条审计记录之前的记录被删除或改动过。"
            return ChainCheck(count, entry.id, problem)
        if seal(entry) != entry.entry_hash:
            return ChainCheck(count, entry.id, f"第 {entry.id} 条审计记录的内容被改动过。")
        previous = entry.entry_hash
    head = AuditHead.get_or_none(AuditHead.id == 1)
    if head is not None and (head.count != count or head.last_hash != previous):
        problem = f"审计记录末尾被删除：应有 {head.count} 条，最后一条为第 {head.last_id} 条。"
        return ChainCheck(count, head.last_id if count else 0, problem)
    return ChainCheck(count)


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
        raise ConcurrentEdit(
            f"该{what}在您打开后已被修改：{describe_last_change(instance)}。"
            "您的修改没有保存，以免覆盖对方的修改；请关闭后重新打开，确认后再改。"
        )
    instance.row_version += 1
    if "updated_at" in instance._meta.fields:
        instance.updated_at = now()


def describe_last_change(instance: BaseModel, labels: dict[str, str] | None = None) -> str:
    """Who last changed ``instance``, when, and which fields — for the clerk whose save
    came second."""
    entry = (
        AuditEntry.select(AuditEntry, User)
        .join(User)
        .where(
            (AuditEntry.table_name == instance._meta.table_name)
            & (AuditEntry.record_id == instance.id)
        )
        .order_by(AuditEntry.id.desc())
        .first()
    )
    if entry is None:
        return "修改人不详"
    fields = [f for f in (entry.new_values or {}) if f not in ("updated_at", "row_version")]
    if labels is None:
        from xinyi_desktop.services.cases import FIELD_LABELS

        labels = FIELD_LABELS
    named = "、".join(labels.get(f, f) for f in fields)
    when = entry.at.strftime("%Y-%m-%d %H:%M")
    return f"{entry.user.display_name}于{when}改了{named or '记录'}"
