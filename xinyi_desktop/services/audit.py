"""The audit log: who changed which record when, with the old and the new values."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from dataclasses import dataclass

import peewee as pw

from xinyi_desktop.errors import ConcurrentEdit, first_line
from xinyi_desktop.rules.audit_chain import (
    GENESIS,
    canonical_json,
    chain_digests,
    entry_digest,
)
from xinyi_desktop.store.bulk import insert_rows, stored_datetime
from xinyi_desktop.store.models import AuditEntry, BaseModel, SchemaVersion, User, db, now


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


_AS_IS = (str, int, type(None))


def plain_values(values: dict, *, skip_blank: bool = False) -> dict:
    """``_plain`` of each value (``skip_blank``: leaving out None and ""), for bulk writes
    whose values are mostly text and numbers."""
    return {  # the class tested inline: a call per value costs the import measurably
        k: v if type(v) in _AS_IS else _plain(v)
        for k, v in values.items()
        if not skip_blank or (v is not None and v != "")
    }


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
    return record_values(actor, action, instance._meta.table_name, instance.id, old, new)


def record_values(
    actor: User,
    action: str,
    table_name: str,
    record_id: int,
    old: dict | None,
    new: dict | None,
) -> AuditEntry:
    """One audit entry with the values given (JSON-ready): for what is not one row of a
    table, such as a restore of the whole database (``"database"``, id 0), or where the
    row's values must not all be copied (a user's password hash)."""
    with db.atomic():
        _lock_chain()
        last = AuditEntry.select(AuditEntry.entry_hash).order_by(AuditEntry.id.desc()).first()
        entry = AuditEntry.create(
            user=actor,
            action=action,
            table_name=table_name,
            record_id=record_id,
            old_values=old,
            new_values=new,
            prev_hash=last.entry_hash if last else GENESIS,
        )
        entry.entry_hash = seal(entry)
        entry.save(only=[AuditEntry.entry_hash])
        _advance_head(entry.id, entry.entry_hash, 1)
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
        # Each value encoded once, in the digest's canonical form, which is also stored.
        encoded = [
            (
                action,
                table,
                record_id,
                "null" if old is None else canonical_json(old),
                "null" if new is None else canonical_json(new),
            )
            for action, table, record_id, old, new in entries
        ]
        digests = chain_digests(previous, first_id, at, actor.id, encoded)
        stamp = stored_datetime(at)
        rows = []
        for offset, (action, table, record_id, old_json, new_json) in enumerate(encoded):
            rows.append(
                (
                    first_id + offset,
                    stamp,
                    actor.id,
                    action,
                    table,
                    record_id,
                    None if old_json == "null" else old_json,
                    None if new_json == "null" else new_json,
                    previous,
                    digests[offset],
                )
            )
            previous = digests[offset]
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
        insert_rows(AuditEntry, fields, rows, encoded=fields)
        if isinstance(db.obj, pw.PostgresqlDatabase):  # explicit ids: move the sequence on
            db.execute_sql(
                "SELECT setval(pg_get_serial_sequence('audit_entry', 'id'), %s)",
                (rows[-1][0],),
            )
        _advance_head(rows[-1][0], rows[-1][-1], len(rows))


def _advance_head(last_id: int, last_hash: str, added: int) -> None:
    """The chain's head (in the schema version row) moves on, in the appending
    transaction: entries cut off the end later no longer match it."""
    SchemaVersion.update(
        audit_last_id=last_id,
        audit_last_hash=last_hash,
        audit_count=SchemaVersion.audit_count + added,
    ).execute()


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
    """What ``verify_chain`` found: intact, broken (``broken_id``: the first entry that
    does not hold, 0 when it is the head), or not checked at all (``checked`` False: no
    audit log to read); ``problem`` says what, in the clerk's words."""

    entries: int
    broken_id: int | None = None
    problem: str | None = None
    checked: bool = True

    @property
    def intact(self) -> bool:
        return self.checked and self.broken_id is None


_RAW_COLUMNS = (
    "id, at, user_id, action, table_name, record_id, old_values, new_values, prev_hash, entry_hash"
)


def verify_chain() -> ChainCheck:
    """Walk the log in order; name the first entry whose seal or link does not hold.

    The entries are read as the database stores them, not through the models: an entry
    whose values no longer read (text that is not JSON, a time that is not a time) is a
    broken entry to name, not an error that stops the check."""
    previous = GENESIS
    count = 0
    try:
        cursor = db.execute_sql(f"SELECT {_RAW_COLUMNS} FROM audit_entry ORDER BY id")
    except pw.DatabaseError as exc:
        problem = f"审计日志无法读取（{first_line(exc)}），可能已被删除或改动，无法校验。"
        return ChainCheck(0, None, problem, checked=False)
    for row in cursor:
        count += 1
        entry_id = row[0]
        try:
            digest = _raw_digest(row)
        except (ValueError, TypeError, AttributeError) as exc:
            problem = f"第 {entry_id} 条审计记录已损坏，内容无法读取（{first_line(exc)}）。"
            return ChainCheck(count, entry_id, problem)
        if row[8] != previous:
            problem = f"第 {entry_id} 条审计记录之前的记录被删除或改动过。"
            return ChainCheck(count, entry_id, problem)
        if digest != row[9]:
            return ChainCheck(count, entry_id, f"第 {entry_id} 条审计记录的内容被改动过。")
        previous = row[9]
    return _check_head(count, previous)


def _check_head(count: int, last_hash: str) -> ChainCheck:
    """The walked chain against its head in the schema version row: entries cut off the
    end (the head, or the row holding it, taken with them) show here."""
    try:
        head = db.execute_sql(
            "SELECT audit_last_id, audit_last_hash, audit_count FROM schema_version"
            " ORDER BY id DESC LIMIT 1"
        ).fetchone()
    except pw.DatabaseError as exc:
        problem = (
            f"审计日志的校验记录（schema_version）无法读取（{first_line(exc)}），可能已被删除。"
        )
        return ChainCheck(count, 0, problem)
    if head is None or (count and not head[2]):
        problem = (
            f"审计日志的校验记录（schema_version）已被删除或清空，而日志中有 {count} 条记录："
            "无法确认末尾的记录是否被删除。"
        )
        return ChainCheck(count, 0, problem)
    last_id, head_hash, head_count = head
    # An empty chain has no last entry: its head keeps the column's default, not GENESIS.
    if head_count != count or (count and head_hash != last_hash):
        problem = f"审计记录末尾被删除：应有 {head_count} 条，最后一条为第 {last_id} 条。"
        return ChainCheck(count, last_id if count else 0, problem)
    return ChainCheck(count)


def _raw_digest(row: tuple) -> str:
    entry_id, at, user_id, action, table_name, record_id, old, new, prev_hash, _ = row
    at = AuditEntry.at.python_value(at)
    if not isinstance(at, dt.datetime):
        raise ValueError(f"记录时间“{at}”不是日期时间")
    old_values = None if old is None else json.loads(old)
    new_values = None if new is None else json.loads(new)
    return entry_digest(
        prev_hash, entry_id, at, user_id, action, table_name, record_id, old_values, new_values
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

    ``expected`` is the version the clerk's dialog loaded (None: the version read in this
    transaction). The version is counted up in the database at once, by an UPDATE that
    matches only the version this save started from: a save by another connection since
    then (even one still under way, on PostgreSQL) leaves it matching nothing, and this
    save is refused instead of overwriting that one. Call it inside the writing
    transaction, before ``instance.save()``.
    """
    if expected is not None and instance.row_version != expected:
        raise _stale(instance, what)
    model = type(instance)
    key = model._meta.primary_key
    claimed = (
        model.update({model.row_version: model.row_version + 1})
        .where((key == instance._pk) & (model.row_version == instance.row_version))
        .execute()
    )
    if claimed != 1:
        raise _stale(instance, what)
    instance.row_version += 1
    if "updated_at" in instance._meta.fields:
        instance.updated_at = now()


def _stale(instance: BaseModel, what: str) -> ConcurrentEdit:
    return ConcurrentEdit(
        f"该{what}在您打开后已被修改：{describe_last_change(instance)}。"
        "您的修改没有保存，以免覆盖对方的修改；请关闭后重新打开，确认后再改。"
    )


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
