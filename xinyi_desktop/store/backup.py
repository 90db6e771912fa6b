"""Consistent copies of a SQLite database and their rotation (备份与恢复).

Copies are taken with SQLite's online backup API, so they are consistent while the program
runs; each copy is written under a temporary name, checked, flushed to the disk, then
renamed within its folder, so a copy that exists is a whole one. File names carry the
database's name, the time and the reason: ``xinyi-20261125-093000-daily.db``. One folder
may hold the copies of several databases (``xinyi``, ``demo``, …): each database's copies
are counted and rotated on their own.

Where a database's copies go is the office's choice (设置 → 备份, stored in the database);
it is read here through a read-only connection, so it is known before the file is opened
and even when the file failed its check. Putting a copy back is ``store/restore.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from xinyi_desktop import local_config, paths
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.folders import os_error_text

log = logging.getLogger(__name__)

NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}(?:-\d{6})?)-(?P<reason>[\w-]+)\.db$")
# Copies taken before a migration and before a restore: the newest of each kind kept.
KEEP_OTHER = 10
IN_USE = (
    "数据库文件“{path}”正被其他程序打开（可能是另一个本程序窗口、命令行任务或其他电脑），"
    "为免恢复后对方的修改丢失或文件损坏，未恢复，当前数据库未作改动。"
    "请先关闭其他使用该数据库的程序，再恢复。"
)


class BackupError(XinyiError):
    """A backup or restore that could not be done; nothing was changed."""


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime
    reason: str
    stem: str


def readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """The URI that opens ``path`` without changing it (``mode=ro``); ``immutable`` also
    takes no lock and makes no side file, for a backup on read-only media."""
    return Path(path).resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")


def readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (``mode=ro``), for checks and peeks."""
    return sqlite3.connect(readonly_uri(path), uri=True)


def quick_check(path: Path) -> tuple[str, set[str]]:
    """SQLite's ``PRAGMA quick_check`` verdict on ``path`` (read-only) and its table names;
    raises ``sqlite3.DatabaseError`` for a file SQLite cannot read at all."""
    con = readonly(path)
    try:
        result = con.execute("PRAGMA quick_check").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    finally:
        con.close()
    return result, tables


def stored_schema_version(path: Path) -> int | None:
    """The schema version the file records, read without changing a byte of it; None for
    a file without one. Raises ``sqlite3.DatabaseError`` for a file SQLite cannot read."""
    con = readonly(path)
    try:
        row = con.execute("SELECT version FROM schema_version ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    finally:
        con.close()
    return row[0] if row else None


# SQLite's verdicts as the clerk reads them; its own words go to the log.
SQLITE_VERDICTS = {
    "file is not a database": "不是数据库文件，或文件开头已损坏",
    "malformed": "文件内容已损坏",
    "unable to open": "无法打开文件",
    "locked": "文件正被其他程序锁定",
    "disk I/O error": "读取磁盘出错",
}


def check_in_words(verdict: str) -> str:
    """What SQLite found (``quick_check`` or an error's text), in Chinese."""
    log.warning("database check: %s", verdict)
    for words, chinese in SQLITE_VERDICTS.items():
        if words in verdict:
            return chinese
    return "文件内部结构有错误（详情已写入运行日志）"


def check_file(path: Path) -> str | None:
    """None when ``path`` is a sound database of this program, else what is wrong."""
    if not path.is_file():
        return f"文件“{path}”不存在。"
    try:
        result, tables = quick_check(path)
    except sqlite3.DatabaseError as exc:
        return f"文件“{path.name}”不是可用的数据库：{check_in_words(str(exc))}。"
    if result != "ok":
        return f"文件“{path.name}”已损坏：{check_in_words(result)}。"
    if "schema_version" not in tables or "case" not in tables:
        return f"文件“{path.name}”不是本程序的数据库。"
    return None


# --- where the copies go -----------------------------------------------------------------
def chosen_folder(db_file: Path) -> Path | None:
    """The backup folder the office set for ``db_file`` (设置 → 备份), read through a
    read-only connection; when the file cannot be read, the folder its last backup went
    to (kept in this PC's local settings). None: the office chose none."""
    try:
        con = readonly(db_file)
        try:
            row = con.execute("SELECT value FROM setting WHERE key = 'backup.folder'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return local_config.remembered_backup_folder(db_file)
    try:
        value = json.loads(row[0]) if row and row[0] else None
    except ValueError:
        value = None
    return Path(value.strip()) if isinstance(value, str) and value.strip() else None


def backup_folder_for(db_file: Path) -> Path:
    """Where copies of ``db_file`` are written: the office's folder, or the ``backups``
    folder in the user's data folder."""
    return usable_folder(chosen_folder(db_file))


def usable_folder(chosen: Path | None) -> Path:
    """``chosen`` if it can be written to now, else the user's ``backups`` folder: a copy
    that must be taken before a migration or a restore is not skipped because a USB key
    is not plugged in (where it went is said to the clerk)."""
    if chosen is not None:
        try:
            chosen.mkdir(parents=True, exist_ok=True)
            return chosen
        except OSError as exc:
            log.warning(
                "backup folder %s not usable (%s); using %s", chosen, exc, paths.backup_dir()
            )
    return paths.backup_dir()


def search_folders(db_file: Path, first: Path | None = None) -> list[Path]:
    """Every folder that may hold copies of ``db_file``: ``first``, the office's folder,
    the folder its last backup went to, ``backups`` beside the file, the user's one."""
    candidates = [
        first,
        chosen_folder(db_file),
        local_config.remembered_backup_folder(db_file),
        Path(db_file).parent / "backups",
        paths.backup_dir(),
    ]
    found: list[Path] = []
    seen: set[str] = set()
    for folder in candidates:
        if folder is None:
            continue
        key = os.path.normcase(os.path.abspath(folder))
        if key not in seen:
            seen.add(key)
            found.append(Path(folder))
    return found


# --- taking copies -----------------------------------------------------------------------
def copy_database(source: sqlite3.Connection, target: Path) -> Path:
    """Copy an open connection's database to ``target`` whole, or not at all; a folder
    that cannot be written is a ``BackupError`` in Chinese."""
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_copy(source, partial)
        _check_and_place(partial, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        why = os_error_text(exc) if isinstance(exc, OSError) else "无法写入备份文件"
        raise BackupError(f"备份未完成：无法写入文件夹“{target.parent}”（{why}）。") from exc
    return target


def write_copy(source: sqlite3.Connection, partial: Path) -> None:
    """The whole database of ``source`` written to the new file ``partial``."""
    partial.unlink(missing_ok=True)
    dest = sqlite3.connect(partial)
    try:
        source.backup(dest)
        # A backup is one self-contained file: no write-ahead log beside it.
        dest.execute("PRAGMA journal_mode=DELETE")
    finally:
        dest.close()


def _check_and_place(partial: Path, target: Path) -> None:
    problem = check_file(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise BackupError(f"备份未完成：{problem}")
    place(partial, target)


def place(partial: Path, target: Path) -> None:
    """Put the finished file ``partial`` (in ``target``'s folder) in place of ``target``:
    its bytes on the disk first, then the atomic rename within that folder, then the
    folder's entry on the disk — whole or not at all, after a power cut too."""
    with open(partial, "rb+") as written:
        os.fsync(written.fileno())
    os.replace(partial, target)
    if os.name != "nt":  # Windows cannot open a folder to flush it (NTFS journals it)
        folder = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def backup_name(stem: str, reason: str) -> str:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return f"{stem}-{stamp}-{reason}.db"


def backup_sqlite(database: pw.SqliteDatabase, folder: Path, *, reason: str) -> Path:
    """Copy the open database into ``folder`` under a timestamped name; return the copy."""
    target = folder / backup_name(Path(database.database).stem, reason)
    return copy_database(database.connection(), target)


def export_server(database: pw.Database, target: Path) -> Path:
    """Copy every table of a server database (PostgreSQL), rows and columns as they are,
    into a new SQLite file, from one consistent snapshot; whole or not at all.

    The copy is a SQLite database of this program at the server's schema version: it
    opens in the program (``--db 文件``) for looking things up, and holds what is needed
    to put the server's data back by hand; it is not a ``pg_dump``.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    out = sqlite3.connect(partial)
    try:
        with database.atomic():
            if isinstance(database, pw.PostgresqlDatabase):
                database.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            for table in database.get_tables():
                cursor = database.execute_sql(f'SELECT * FROM "{table}"')
                columns = [d[0] for d in cursor.description]
                names = ", ".join(f'"{c}"' for c in columns)
                out.execute(f'CREATE TABLE "{table}" ({names})')
                insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
                while rows := cursor.fetchmany(2000):
                    out.executemany(insert, [tuple(map(_sqlite_value, row)) for row in rows])
        out.commit()
    finally:
        out.close()
    _check_and_place(partial, target)
    return target


def _sqlite_value(value):
    """A server's value as the SQLite file of this program stores it."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


# --- the copies in a folder --------------------------------------------------------------
def list_backups(folder: Path, stem: str | None = None) -> list[BackupFile]:
    """The backups in ``folder`` (of the database named ``stem``, or of all), newest first."""
    found = []
    for path in folder.glob("*.db") if folder.is_dir() else []:
        match = NAME.match(path.name)
        if not match or (stem is not None and match["stem"] != stem):
            continue
        stamp = match["stamp"]
        fmt = "%Y%m%d-%H%M%S-%f" if stamp.count("-") == 2 else "%Y%m%d-%H%M%S"
        taken = dt.datetime.strptime(stamp, fmt)
        found.append(BackupFile(path, taken, match["reason"], match["stem"]))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def daily_backup(
    database: pw.SqliteDatabase,
    folder: Path,
    *,
    keep_daily: int,
    keep_monthly: int,
    today: dt.date | None = None,
) -> Path | None:
    """The first start of a day takes a copy; then old copies are thinned out. Only this
    database's own copies count ("already backed up today") and are thinned."""
    today = today or dt.date.today()
    stem = Path(database.database).stem
    daily = [b for b in list_backups(folder, stem) if b.reason == "daily"]
    taken = None
    if not any(b.taken_at.date() == today for b in daily):
        taken = backup_sqlite(database, folder, reason="daily")
    rotate(folder, stem=stem, keep_daily=keep_daily, keep_monthly=keep_monthly)
    return taken


def _kind(reason: str) -> str:
    """``before-migration-v7`` and ``before-migration-v8`` are copies of one kind."""
    return re.sub(r"-v\d+$", "", reason)


def rotate(
    folder: Path,
    *,
    keep_daily: int | None = None,
    keep_monthly: int | None = None,
    keep_other: int = KEEP_OTHER,
    stem: str | None = None,
) -> list[Path]:
    """Thin out each database's copies in ``folder`` (only ``stem``'s, when given): keep
    the newest ``keep_daily`` daily copies and, beyond them, the first copy of each of the
    last ``keep_monthly`` months (daily copies are left alone when these are None); of
    the copies taken before a migration or a restore, keep the newest ``keep_other`` of
    each kind. The copies of one database never count against another's."""
    removed = []
    by_stem: dict[str, list[BackupFile]] = {}
    for backup in list_backups(folder, stem):
        by_stem.setdefault(backup.stem, []).append(backup)
    for backups in by_stem.values():
        daily = [b for b in backups if b.reason == "daily"]
        if keep_daily is None or keep_monthly is None:
            keep = {b.path for b in daily}
        else:
            keep = {b.path for b in daily[:keep_daily]}
            months: dict[tuple[int, int], BackupFile] = {}
            for backup in daily:  # newest first: the last one seen per month is its first
                months[(backup.taken_at.year, backup.taken_at.month)] = backup
            for month in sorted(months, reverse=True)[:keep_monthly]:
                keep.add(months[month].path)
        kinds: dict[str, list[BackupFile]] = {}
        for backup in backups:
            if backup.reason != "daily":
                kinds.setdefault(_kind(backup.reason), []).append(backup)
        for same in kinds.values():
            keep.update(b.path for b in same[: max(keep_other, 1)])
        for backup in backups:
            if backup.path not in keep:
                backup.path.unlink(missing_ok=True)
                removed.append(backup.path)
    return removed


def newest_good_backup(folders: Path | list[Path], stem: str | None = None) -> Path | None:
    """The newest copy (of the database named ``stem``) in ``folders`` that passes the check."""
    if isinstance(folders, Path):
        folders = [folders]
    backups = [b for folder in folders for b in list_backups(folder, stem)]
    for backup in sorted(backups, key=lambda b: b.taken_at, reverse=True):
        if check_file(backup.path) is None:
            return backup.path
    return None
