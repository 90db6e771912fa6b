"""Open a database from a path or a URL, bring its schema up to date, seed what it needs.

The program, the command line and every test go through ``init_db``.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import re
import sqlite3
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from xinyi_desktop import local_config, paths
from xinyi_desktop.errors import (
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseReadOnly,
    DatabaseTooNew,
    XinyiError,
)
from xinyi_desktop.store import backup, migrations
from xinyi_desktop.store.models import SchemaVersion, Setting, User, db

log = logging.getLogger(__name__)

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -32 * 1024,  # 32 MiB page cache
}
DEFAULT_USERNAME = "default"
MEMORY = ":memory:"
READ_ONLY_MESSAGE = "数据库文件是只读的，或没有写入权限，您的修改没有保存；您仍可查看。"
BUSY_MESSAGE = (
    "数据库正由另一处（本程序的另一个窗口、命令行任务或后台任务）写入，等候 5 秒仍未完成。"
    "您的修改没有保存，请稍后再试。"
)


class OfficeSqliteDatabase(pw.SqliteDatabase):
    """SQLite as the program uses it (WAL, foreign keys on).

    Every transaction takes the write lock when it begins (``BEGIN IMMEDIATE``; each one
    the program opens is a writing one): so what a transaction reads cannot be changed by
    another writer before it writes, and a version check made inside it holds. A lock that
    another writer still holds after the busy wait is a ``DatabaseBusy`` refusal with a
    message, not a raw "database is locked".
    """

    def __init__(self, database: str, **kwargs) -> None:
        super().__init__(database, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", **kwargs)

    def begin(self, lock_type=None):
        try:
            return super().begin(lock_type)
        except pw.OperationalError as exc:
            raise _refusal(exc) from exc

    def execute_sql(self, sql, params=None):
        try:
            return super().execute_sql(sql, params)
        except pw.OperationalError as exc:
            raise _refusal(exc) from exc


def _refusal(exc: Exception) -> Exception:
    """SQLite's refusals to write, as the clerk reads them; other errors as they are."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return DatabaseBusy(BUSY_MESSAGE)
    if "readonly" in text:
        return DatabaseReadOnly(READ_ONLY_MESSAGE)
    return exc


def resolve_target(explicit: str | os.PathLike | None) -> str:
    """``--db`` wins, then the ``XINYI_DB`` variable, then the address set on this PC
    (设置 → 数据库, kept outside the database), then the file in the user's folder."""
    if explicit:
        return str(explicit)
    return (
        os.environ.get("XINYI_DB")
        or local_config.database_address()
        or str(paths.default_db_path())
    )


def is_url(target: str) -> bool:
    return "://" in target


def sqlite_file(target: str | os.PathLike) -> Path | None:
    """The file a SQLite target names — a path or a ``sqlite:///`` address — or None for
    a server address or an in-memory database."""
    target = str(target)
    if not is_url(target):
        return None if target == MEMORY else Path(target)
    scheme, rest = target.split("://", 1)
    if not scheme.lower().startswith("sqlite"):
        return None
    # sqlite:///relative.db, sqlite:////absolute.db, sqlite:///C:/office/x.db
    name = urllib.parse.unquote(rest.split("?", 1)[0])
    name = name[1:] if name.startswith("/") else name
    return None if name in ("", MEMORY) else Path(name)


def open_database(target: str | os.PathLike) -> pw.Database:
    """A peewee database for a file path or a URL (``sqlite:///…``, ``postgresql://…``)."""
    target = str(target)
    path = sqlite_file(target)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        return OfficeSqliteDatabase(str(path))
    if target == MEMORY or target.lower().startswith("sqlite"):
        return OfficeSqliteDatabase(MEMORY)
    from playhouse.db_url import connect

    return connect(target)


def init_db(
    target: str | os.PathLike,
    *,
    backup_dir: Path | None = None,
    checked: bool = False,
    gate: WriteGate | None = None,
) -> pw.Database:
    """Bind the models to ``target``, create or migrate its schema, seed the default user.

    A SQLite file (named by a path or a ``sqlite:///`` address) is checked first
    (``preflight``), unless ``checked`` says the caller has done it, or ``gate`` holds a
    check still running: then the database opens for reading at once and every write
    waits for the check to pass (``WriteGate``). A file written by a newer program is
    refused before anything about it changes. Before migrating an existing database, a
    copy is written to ``backup_dir`` (by default the backup folder the office chose, or
    the ``backups`` folder in the user's data folder).
    """
    path = sqlite_file(target)
    if path is not None:
        if not checked and gate is None:
            preflight(path, backup_dir)
        if path.exists() and path.stat().st_size > 0:
            refuse_newer(backup.stored_schema_version(path))
    database = open_database(target)
    db.initialize(database)
    try:
        database.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        if path is not None:
            raise
        first = (str(exc).strip().splitlines() or [""])[0]
        raise XinyiError(
            f"无法连接数据库服务器：{first}。请确认服务器已开启、本机可以访问，"
            "地址、用户名和密码无误。"
        ) from None
    if gate is not None:
        database.connection().set_authorizer(gate.authorizer)
        database.write_gate = gate
    version = schema_version(database)
    if version is None:
        with database.atomic():
            from xinyi_desktop.store.schema import ALL_MODELS  # every feature's models

            database.create_tables(ALL_MODELS)
            SchemaVersion.create(version=migrations.CURRENT_VERSION)
    elif version > migrations.CURRENT_VERSION:
        database.close()
        refuse_newer(version)
    elif version < migrations.CURRENT_VERSION:
        if gate is not None:
            gate.wait()  # no migration of a file that has not passed its check
        copy = copy_before_migration(database, path, version, backup_dir)
        migrations.upgrade(database, version)
        database.upgrade_report = UpgradeReport(
            version, migrations.CURRENT_VERSION, copy, server=path is None
        )
    ensure_default_user()
    return database


def refuse_newer(version: int | None) -> None:
    """Refuse a database whose schema is newer than this program knows."""
    if version is not None and version > migrations.CURRENT_VERSION:
        raise DatabaseTooNew(
            f"数据库版本为 {version}，比本程序支持的版本 {migrations.CURRENT_VERSION} 新："
            "请安装新版本的程序后再打开。数据库未作任何改动。"
        )


def copy_before_migration(
    database: pw.Database, path: Path | None, version: int, folder: Path | None
) -> Path | None:
    """The copy taken before a migration: of a file, through SQLite's backup; of a server
    database, every table exported to a SQLite file. Only the newest few such copies of
    each database are kept."""
    reason = f"before-migration-v{version}"
    if isinstance(database, pw.SqliteDatabase):
        if path is None:
            return None  # in memory: nothing to keep
        folder, stem = folder or backup.backup_folder_for(path), path.stem
        copy = backup.backup_sqlite(database, folder, reason=reason)
    else:
        folder, stem = folder or _server_backup_folder(), database.database
        copy = backup.export_server(database, folder / backup.backup_name(stem, reason))
    backup.rotate(folder, stem=stem)
    log.info("copied the database to %s before migrating", copy)
    return copy


def _server_backup_folder() -> Path:
    """The office's backup folder as the server database records it, or the user's."""
    chosen = None
    if db.obj.table_exists(Setting._meta.table_name):
        row = Setting.get_or_none(Setting.key == "backup.folder")
        if row is not None and isinstance(row.value, str) and row.value.strip():
            chosen = Path(row.value.strip())
    return backup.usable_folder(chosen)


@dataclass(frozen=True)
class UpgradeReport:
    """What opening an older database did: set on the database as ``upgrade_report``."""

    from_version: int
    to_version: int
    backup: Path | None
    server: bool = False

    def message(self) -> str:
        lines = [f"数据库已从第 {self.from_version} 版升级到第 {self.to_version} 版。"]
        if self.backup and self.server:
            lines.append(
                f"升级前已把服务器上的全部数据表导出为 SQLite 文件：{self.backup}"
                "（可用本程序打开核对；需要时可据此恢复服务器上的数据）"
            )
        elif self.backup:
            lines.append(f"升级前的数据库已备份为：{self.backup}")
        lines.append("本次升级带来：")
        lines += [
            f"· {change}"
            for change in migrations.changes_between(self.from_version, self.to_version)
        ]
        return "\n".join(lines)


NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "fuse.sshfs", "davfs"}


def _unescape_mount(field: str) -> str:
    """``/proc/mounts`` writes a space in a mount point as ``\\040`` (and tab, newline,
    backslash likewise)."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), field)


def _unc(text: str) -> bool:
    if text.startswith("\\\\?\\"):  # Windows' long-path form: \\?\UNC\server\share
        return text[4:].upper().startswith("UNC\\")
    return text.startswith(("\\\\", "//"))


def network_filesystem(path: Path, mounts: str | None = None) -> str | None:
    """The network file system ``path`` lies on, if any (a share, a mapped drive), after
    following symbolic links."""
    text = str(path)
    if _unc(text):
        return "网络共享"
    real = os.path.realpath(text)
    if _unc(real):
        return "网络共享"
    if sys.platform == "win32":
        import ctypes

        root = os.path.splitdrive(real)[0] + "\\"
        return "网络驱动器" if ctypes.windll.kernel32.GetDriveTypeW(root) == 4 else None
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8")
        except OSError:
            return None
    found, best = None, -1
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, found = len(point), _unescape_mount(parts[2])
    return found if found in NETWORK_FILESYSTEMS else None


# What the write gate holds back: anything that would change the file.
_WRITE_ACTIONS = {
    sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE,
    sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_INDEX, sqlite3.SQLITE_CREATE_TRIGGER,
    sqlite3.SQLITE_CREATE_VIEW, sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_DROP_INDEX,
    sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_DROP_VIEW, sqlite3.SQLITE_ALTER_TABLE,
    sqlite3.SQLITE_REINDEX,
}  # fmt: skip


class WriteGate:
    """The file's check running on a thread: reads go ahead, every write waits for the
    check and is refused if it failed — a damaged file is never written to.

    Installed as the SQLite authorizer of the GUI thread's connection by ``init_db``;
    other threads call ``wait()`` before they write. ``lift()`` removes it once passed.
    """

    def __init__(self, future: concurrent.futures.Future) -> None:
        self.future = future

    def wait(self) -> None:
        """Block until the check is done; raise what it found."""
        self.future.result()

    def passed(self) -> bool | None:
        """None while checking, then whether the file passed."""
        if not self.future.done():
            return None
        return self.future.exception() is None

    def authorizer(self, action: int, *_args) -> int:
        if action in _WRITE_ACTIONS:
            try:
                self.future.result()
            except Exception:  # noqa: BLE001 - the check failed: nothing may be written
                return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    def lift(self, database: pw.Database) -> None:
        """Stop checking statements (on the thread that owns the connection)."""
        if self.passed():
            database.connection().set_authorizer(None)


def start_preflight(target: str) -> WriteGate | None:
    """Start ``preflight`` on a thread, so the check of a large file overlaps the start
    of the GUI; pass the gate to ``init_db``."""
    path = sqlite_file(target)
    if path is None:
        return None
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="preflight")
    future = pool.submit(preflight, path)
    pool.shutdown(wait=False)
    return WriteGate(future)


def preflight(path: Path, backup_dir: Path | None = None) -> None:
    """Refuse to open a damaged file, a database of some other program, or a file on a
    network share (SQLite's locking over SMB or NFS loses data) for writing.

    A damaged file is offered its newest good backup, looked for in ``backup_dir``, the
    folder the office chose, and the other folders backups may be in."""
    share = network_filesystem(path)
    if share:
        raise XinyiError(
            f"数据库文件“{path}”位于{share}上。SQLite 数据库放在网络共享上，多台电脑同时使用时"
            "文件锁不可靠，可能丢失或损坏数据，因此不予打开。多台电脑共用数据请使用 PostgreSQL "
            "服务器（在“--db”或“设置 → 数据库”中填写 postgresql:// 地址），"
            "或把数据库放在本机磁盘上。"
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        result, tables = backup.quick_check(path)
    except sqlite3.DatabaseError as exc:
        result, tables = str(exc), set()
    if result != "ok":
        raise DatabaseDamaged(
            f"数据库文件“{path}”检查未通过（{backup.check_in_words(result)}），"
            "为防止损坏扩大，未打开。",
            newest_backup=backup.newest_good_backup(
                backup.search_folders(path, backup_dir), path.stem
            ),
        )
    if tables and "schema_version" not in tables:
        raise XinyiError(f"文件“{path}”不是本程序的数据库，未打开。")


def schema_version(database: pw.Database) -> int | None:
    """The stored schema version, or None for an empty database."""
    if not database.table_exists(SchemaVersion._meta.table_name):
        return None
    # The version alone: an older file lacks the columns added since (the audit head).
    row = SchemaVersion.select(SchemaVersion.version).order_by(SchemaVersion.id.desc()).first()
    return row.version if row else None


def ensure_default_user() -> User:
    user = User.get_or_none(User.username == DEFAULT_USERNAME)  # a read, mostly
    if user is None:
        gate = getattr(db.obj, "write_gate", None)
        if gate is not None:
            gate.wait()
        user = User.create(username=DEFAULT_USERNAME, display_name="默认用户", role="admin")
    return user


def default_user() -> User:
    return User.get(User.username == DEFAULT_USERNAME)


def close_db() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()
