"""Consistent copies of a SQLite database and their rotation (备份与恢复).

Copies are taken with SQLite's online backup API, so they are consistent while the program
runs; each copy is written under a temporary name, checked, then renamed, so a copy that
exists is a whole one. File names carry the time and the reason:
``xinyi-20261125-093000-daily.db``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from xinyi_desktop.errors import XinyiError

NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d{6})?)-(?P<reason>[\w-]+)\.db$")


class BackupError(XinyiError):
    """A backup or restore that could not be done; nothing was changed."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str


def quick_check(path: Path) -> tuple[str, set[str]]:
    """SQLite's ``PRAGMA quick_check`` verdict on ``path`` (read-only) and its table names;
    raises ``sqlite3.DatabaseError`` for a file SQLite cannot read at all."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    finally:
        con.close()
    return result, tables


def check_file(path: Path) -> str | None:
    """None when ``path`` is a sound database of this program, else what is wrong."""
    if not path.is_file():
        return f"文件“{path}”不存在。"
    try:
        result, tables = quick_check(path)
    except sqlite3.DatabaseError as exc:
        return f"文件“{path.name}”不是可用的数据库：{exc}"
    if result != "ok":
        return f"文件“{path.name}”已损坏：{result}"
    if "schema_version" not in tables or "case" not in tables:
        return f"文件“{path.name}”不是本程序的数据库。"
    return None


def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy an open connection's database to ``target`` whole, or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
        # A backup is one self-contained file: no write-ahead log beside it.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()
    problem = check_file(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份未完成：{problem}")
    os.replace(partial, target)
    return target


def backup_sqlite(database: pw.SqliteDatabase, folder: Path, *, reason: str) -> Path:
    """Copy the open database into ``folder`` under a timestamped name; return the copy."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{Path(database.database).stem}-{stamp}-{reason}.db"
    return copy_database(database.connection(), target)


def list_backups(folder: Path) -> list[BackupFile]:
    """The backups in ``folder``, newest first."""
    found = []
    for path in folder.glob("*.db") if folder.is_dir() else []:
        match = NAME.match(path.name)
        if not match:
            continue
        stamp = match["stamp"]
        fmt = "%Y%m%d-%H%M%S-%f" if stamp.count("-") == 2 else "%Y%m%d-%H%M%S"
        found.append(BackupFile(path, dt.datetime.strptime(stamp, fmt), match["reason"]))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def daily_backup(
    database: pw.SqliteDatabase,
    folder: Path,
    *,
    keep_daily: int,
    keep_monthly: int,
    today: dt.date | None = None,
) -> Path | None:
    """The first start of a day takes a copy; then old daily copies are thinned out."""
    today = today or dt.date.today()
    daily = [b for b in list_backups(folder) if b.reason == "daily"]
    taken = None
    if not any(b.taken_at.date() == today for b in daily):
        taken = backup_sqlite(database, folder, reason="daily")
    rotate(folder, keep_daily=keep_daily, keep_monthly=keep_monthly)
    return taken


def rotate(folder: Path, *, keep_daily: int, keep_monthly: int) -> list[Path]:
    """Keep the newest ``keep_daily`` daily copies and, beyond them, the first copy of each
    of the last ``keep_monthly`` months; delete the other daily copies. Copies taken for
    another reason (before a migration or a restore) are never deleted here."""
    daily = [b for b in list_backups(folder) if b.reason == "daily"]
    keep = {b.path for b in daily[:keep_daily]}
    months: dict[tuple[int, int], BackupFile] = {}
    for backup in daily:  # newest first, so the last one seen per month is its first
        months[(backup.taken_at.year, backup.taken_at.month)] = backup
    for month in sorted(months, reverse=True)[:keep_monthly]:
        keep.add(months[month].path)
    removed = []
    for backup in daily:
        if backup.path not in keep:
            backup.path.unlink(missing_ok=True)
            removed.append(backup.path)
    return removed


def newest_good_backup(folder: Path) -> Path | None:
    for backup in list_backups(folder):
        if check_file(backup.path) is None:
            return backup.path
    return None


def restore(source: Path, db_file: Path, backup_folder: Path) -> Path | None:
    """Replace ``db_file`` with the backup ``source``, after checking ``source`` and keeping
    a copy of what it replaces (returned). The database must not be open elsewhere."""
    problem = check_file(source)
    if problem:
        raise BackupError(f"不能恢复：{problem}当前数据库未作改动。")
    kept = None
    if db_file.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        current = sqlite3.connect(db_file)
        try:
            kept = copy_database(
                current, backup_folder / f"{db_file.stem}-{stamp}-before-restore.db"
            )
        except (BackupError, sqlite3.DatabaseError):
            # A damaged current file cannot be copied through SQLite: keep its bytes.
            kept = backup_folder / f"{db_file.stem}-{stamp}-before-restore.damaged"
            backup_folder.mkdir(parents=True, exist_ok=True)
            kept.write_bytes(db_file.read_bytes())
        finally:
            current.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        copy_database(src, db_file)
    finally:
        src.close()
    return kept
