"""Open a database from a path or a URL, bring its schema up to date, seed what it needs.

The program, the command line and every test go through ``init_db``.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import sqlite3
import sys
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from xinyi_desktop import paths
from xinyi_desktop.errors import DatabaseDamaged, DatabaseTooNew, XinyiError
from xinyi_desktop.store import migrations
from xinyi_desktop.store.backup import backup_sqlite, quick_check
from xinyi_desktop.store.models import SchemaVersion, User, db

log = logging.getLogger(__name__)

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
    "cache_size": -32 * 1024,  # 32 MiB page cache
}
DEFAULT_USERNAME = "default"


def resolve_target(explicit: str | os.PathLike | None) -> str:
    """``--db`` wins, then the ``XINYI_DB`` variable, then the file in the user's folder."""
    if explicit:
        return str(explicit)
    return os.environ.get("XINYI_DB") or str(paths.default_db_path())


def is_url(target: str) -> bool:
    return "://" in target


def open_database(target: str | os.PathLike) -> pw.Database:
    """A peewee database for a file path or a URL (``sqlite:///…``, ``postgresql://…``)."""
    target = str(target)
    if is_url(target):
        from playhouse.db_url import connect

        if target.startswith("sqlite"):
            return connect(target, pragmas=SQLITE_PRAGMAS)
        return connect(target)
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    return pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS)


def init_db(
    target: str | os.PathLike,
    *,
    backup_dir: Path | None = None,
    checked: bool = False,
    gate: WriteGate | None = None,
) -> pw.Database:
    """Bind the models to ``target``, create or migrate its schema, seed the default user.

    A SQLite file is checked first (``preflight``), unless ``checked`` says the caller has
    done it, or ``gate`` holds a check still running: then the database opens for reading
    at once and every write waits for the check to pass (``WriteGate``). Before migrating
    an existing file, a copy is written to ``backup_dir`` (by default a ``backups`` folder
    beside the file).
    """
    if not is_url(str(target)) and not checked and gate is None:
        preflight(Path(target), backup_dir or Path(target).parent / "backups")
    database = open_database(target)
    db.initialize(database)
    database.connect(reuse_if_open=True)
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
        raise DatabaseTooNew(
            f"数据库版本为 {version}，比本程序支持的版本 {migrations.CURRENT_VERSION} 新："
            "请安装新版本的程序后再打开。数据库未作任何改动。"
        )
    elif version < migrations.CURRENT_VERSION:
        if gate is not None:
            gate.wait()  # no migration of a file that has not passed its check
        copy = None
        if isinstance(database, pw.SqliteDatabase) and database.database != ":memory:":
            folder = backup_dir or Path(database.database).parent / "backups"
            copy = backup_sqlite(database, folder, reason=f"before-migration-v{version}")
            log.info("backed up %s to %s before migrating", database.database, copy)
        migrations.upgrade(database, version)
        database.upgrade_report = UpgradeReport(version, migrations.CURRENT_VERSION, copy)
    ensure_default_user()
    return database


@dataclass(frozen=True)
class UpgradeReport:
    """What opening an older database did: set on the database as ``upgrade_report``."""

    from_version: int
    to_version: int
    backup: Path | None

    def message(self) -> str:
        lines = [f"数据库已从第 {self.from_version} 版升级到第 {self.to_version} 版。"]
        if self.backup:
            lines.append(f"升级前的数据库已备份为：{self.backup}")
        lines.append("本次升级带来：")
        lines += [
            f"· {change}"
            for change in migrations.changes_between(self.from_version, self.to_version)
        ]
        return "\n".join(lines)


NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "fuse.sshfs", "davfs"}


def network_filesystem(path: Path, mounts: str | None = None) -> str | None:
    """The network file system ``path`` lies on, if any (a share, a mapped drive)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return "网络共享"
    if sys.platform == "win32":
        import ctypes

        root = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        return "网络驱动器" if ctypes.windll.kernel32.GetDriveTypeW(root) == 4 else None
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8")
        except OSError:
            return None
    target, found = os.path.abspath(text), None
    best = -1
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1]
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) > best:
            best, found = len(point), parts[2]
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
    if is_url(target):
        return None
    path = Path(target)
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="preflight")
    future = pool.submit(preflight, path, path.parent / "backups")
    pool.shutdown(wait=False)
    return WriteGate(future)


def preflight(path: Path, backup_dir: Path) -> None:
    """Refuse to open a damaged file, a database of some other program, or a file on a
    network share (SQLite's locking over SMB or NFS loses data) for writing."""
    share = network_filesystem(path)
    if share:
        raise XinyiError(
            f"数据库文件“{path}”位于{share}上。SQLite 数据库放在网络共享上，多台电脑同时使用时"
            "文件锁不可靠，可能丢失或损坏数据，因此不予打开。多台电脑共用数据请使用 PostgreSQL "
            "服务器（在“--db”或设置中填写 postgresql:// 地址），或把数据库放在本机磁盘上。"
        )
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        result, tables = quick_check(path)
    except sqlite3.DatabaseError as exc:
        result, tables = str(exc), set()
    if result != "ok":
        from xinyi_desktop.store.backup import newest_good_backup

        raise DatabaseDamaged(
            f"数据库文件“{path}”检查未通过（{result}），为防止损坏扩大，未打开。",
            newest_backup=newest_good_backup(backup_dir),
        )
    if tables and "schema_version" not in tables:
        raise XinyiError(f"文件“{path}”不是本程序的数据库，未打开。")


def schema_version(database: pw.Database) -> int | None:
    """The stored schema version, or None for an empty database."""
    if not database.table_exists(SchemaVersion._meta.table_name):
        return None
    row = SchemaVersion.select().order_by(SchemaVersion.id.desc()).first()
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
    if not db.is_closed():
        db.close()
