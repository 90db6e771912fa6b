"""Backups (备份) and restores (恢复): where copies go, the daily copy taken at start-up,
and putting a backup back, which only an administrator may do."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from xinyi_desktop import local_config, paths
from xinyi_desktop.errors import DatabaseTooNew, XinyiError
from xinyi_desktop.folders import folder_problem, os_error_text
from xinyi_desktop.rules.permissions import PermissionDenied, require
from xinyi_desktop.services import audit
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store import backup
from xinyi_desktop.store.models import User, db, now
from xinyi_desktop.store.restore import refuse_unwritable
from xinyi_desktop.store.restore import restore as restore_file

SERVER_REFUSAL = (
    "共享服务器（PostgreSQL）上的数据库由服务器备份和恢复（pg_dump、pg_restore），"
    "本程序只备份和恢复本机的数据库文件。"
)


def backup_folder() -> Path:
    chosen = (get_setting("backup.folder") or "").strip()
    return Path(chosen) if chosen else paths.backup_dir()


def folder_unusable() -> str | None:
    """Why the office's backup folder cannot take a copy now (a file, a USB key that is
    out, no permission), naming it, in Chinese; None when it can."""
    folder = backup_folder()
    problem = folder_problem(folder)
    return f"备份文件夹“{folder}”不能使用：{problem}。" if problem else None


def current_file() -> Path | None:
    """The open database's file, or None for a server or an in-memory database."""
    database = db.obj
    if not isinstance(database, pw.SqliteDatabase) or database.database == ":memory:":
        return None
    return Path(database.database)


def take_daily_backup() -> Path | None:
    """The first start of the day copies the database (SQLite files only: a shared
    PostgreSQL server is backed up on the server)."""
    path = current_file()
    if path is None:
        return None
    folder = backup_folder()
    # The day's copy is not skipped for an unusable folder: it goes to the user's folder
    # (the start-up says so, ``folder_unusable``), which is not remembered in its place.
    usable = folder_problem(folder) is None
    taken = backup.daily_backup(
        db.obj,
        folder if usable else paths.backup_dir(),
        keep_daily=get_setting("backup.keep_daily"),
        keep_monthly=get_setting("backup.keep_monthly"),
    )
    if usable:
        local_config.remember_backup_folder(path, folder)  # found again if the file is damaged
    return taken


def take_backup_now(actor: User) -> Path:
    """A copy made by hand (设置 → 备份: 立即备份), into the office's backup folder."""
    require(actor, "administer")
    path = current_file()
    if path is None:
        raise XinyiError(SERVER_REFUSAL)
    problem = folder_unusable()
    if problem:
        raise backup.BackupError(f"{problem}未备份。请在“设置 → 常规 → 备份”中重新选择备份文件夹。")
    folder = backup_folder()
    taken = backup.backup_sqlite(db.obj, folder, reason="manual")
    local_config.remember_backup_folder(path, folder)
    return taken


def backups_of_current() -> list[backup.BackupFile]:
    """Every copy of the open database in the folders copies may be in, newest first."""
    path = current_file()
    if path is None:
        return []
    found = [
        b
        for folder in backup.search_folders(path, backup_folder())
        for b in backup.list_backups(folder, path.stem)
    ]
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup put back, the copy kept of what it replaced, and
    the upgrade report if the backup was of an older version."""

    source: Path
    kept: Path | None
    upgrade: object | None = None

    def message(self) -> str:
        lines = [f"已用备份恢复数据库：{self.source}"]
        if self.kept:
            lines.append(f"被替换的数据库已另存为：{self.kept}")
        if self.upgrade is not None:
            lines.append(self.upgrade.message())
        return "\n".join(lines)


@dataclass(frozen=True)
class Administrator:
    username: str
    display_name: str


def restore_database(actor: User, source: Path) -> Restored:
    """An administrator puts a backup in place of the open database (设置 → 备份: 恢复…).

    The database is then open again, restored; the restore is recorded in its audit log.
    Refused when another program (another window, a command-line task) has it open."""
    require(actor, "administer")
    path = current_file()
    if path is None:
        raise XinyiError(SERVER_REFUSAL)
    return _restore(path, Path(source), Administrator(actor.username, actor.display_name))


def needs_administrator(db_file: Path, source: Path) -> bool:
    """Whether restoring ``source`` over ``db_file`` without a session needs an
    administrator's name and password: the accounts of the database being replaced
    decide, or, when it cannot be read, those of the backup. Without any log-in
    accounts there is nobody to ask (the office has not made its administrator yet)."""
    return _authority(db_file, source) is not None


def restore_with_password(
    db_file: Path, source: Path, username: str, password: str, *, at: dt.datetime | None = None
) -> Restored:
    """Restore outside a session — a file that failed its check at start-up, or the
    command line — after an administrator has given name and password."""
    db_file, source = Path(db_file), Path(source)
    refuse_unwritable(db_file.parent)  # before the log-in: no guess is counted for nothing
    authority = _authority(db_file, source)
    if authority is None:
        who = Administrator("default", "默认用户")
    else:
        who = check_administrator(
            authority, username, password, db_file=db_file, from_backup=authority == source, at=at
        )
    return _restore(db_file, source, who)


def _authority(db_file: Path, source: Path) -> Path | None:
    for candidate in (db_file, source):
        found = _has_accounts(candidate)
        if found is not None:
            return candidate if found else None
    return None


def _has_accounts(path: Path) -> bool | None:
    """Whether the file has log-in accounts; None when it cannot be read."""
    if not Path(path).is_file():
        return None
    try:
        with contextlib.closing(backup.readonly(path)) as con:
            row = con.execute(
                "SELECT count(*) FROM user WHERE password_hash IS NOT NULL"
            ).fetchone()
    except sqlite3.Error:
        return None
    return row[0] > 0


def check_administrator(
    path: Path,
    username: str,
    password: str,
    *,
    db_file: Path | None = None,
    from_backup: bool = False,
    at: dt.datetime | None = None,
) -> Administrator:
    """The active administrator of the database file ``path`` with this name and
    password; refused otherwise.

    ``path`` is only read (a backup as an unchanging file, so a CD or a read-only share
    will do): neither the backup nor the damaged file it replaces is written before that
    is saved aside. The account's own lock-out in ``path`` is honoured; wrong passwords
    given to restore ``db_file`` are counted, and lock restore out as the log-in does, in
    this PC's local settings. When they cannot be counted there, the restore is refused:
    guesses that nothing counts are not allowed."""
    from xinyi_desktop.services.accounts import (
        WRONG_PASSWORD,
        LoginFailed,
        after_failure,
        password_admits,
        refuse_locked,
    )

    at = at or now()
    name = (username or "").strip()
    counted = Path(db_file or path)
    failures, locked_until = local_config.restore_attempts(counted, name)
    try:
        refuse_locked(dt.datetime.fromisoformat(locked_until) if locked_until else None, at)
        user = _read_user(path, name, immutable=from_backup)
        if password_admits(user, password or "", at):
            _count_attempts(counted, name, 0, None)
        else:
            failures, lock = after_failure(failures, at)
            _count_attempts(counted, name, failures, lock)
            raise LoginFailed(WRONG_PASSWORD)
    except LoginFailed as error:
        raise LoginFailed(f"{error}未恢复。") from None
    if user.role != "admin":
        raise PermissionDenied(
            f"“{user.display_name}”不是管理员：只有管理员可以恢复数据库，未恢复。"
        )
    return Administrator(user.username, user.display_name)


def _read_user(path: Path, username: str, *, immutable: bool) -> User | None:
    """The account ``username`` as the file ``path`` holds it, read without changing a
    byte of the file (``mode=ro``; ``immutable`` for a backup, which nothing writes)."""
    database = pw.SqliteDatabase(backup.readonly_uri(path, immutable=immutable), uri=True)
    try:
        with database.bind_ctx([User], bind_refs=False, bind_backrefs=False):
            return User.get_or_none(User.username == username)
    except pw.DatabaseError as exc:
        raise XinyiError(
            f"无法在“{path}”中核对管理员登录（{backup.check_in_words(str(exc))}）："
            "未恢复。请联系维护人员。"
        ) from None
    finally:
        database.close()


def _count_attempts(
    db_file: Path, username: str, failures: int, locked_until: dt.datetime | None
) -> None:
    stamp = locked_until.isoformat() if locked_until else None
    try:
        local_config.set_restore_attempts(db_file, username, failures, stamp)
    except OSError as exc:
        raise XinyiError(
            f"无法在本机设置文件“{local_config.config_path()}”中记录这次管理员登录"
            f"（{os_error_text(exc)}）：为防止密码被反复试探，未恢复。请联系维护人员。"
        ) from None


def _restore(path: Path, source: Path, who: Administrator) -> Restored:
    from xinyi_desktop.store.connection import (
        close_db,
        default_user,
        init_db,
        refuse_newer,
    )

    problem = backup.check_file(source)
    if problem:
        raise backup.BackupError(f"不能恢复：{problem}当前数据库未作改动。")
    try:
        refuse_newer(backup.stored_schema_version(source))
    except DatabaseTooNew as error:
        raise backup.BackupError(f"不能恢复：该备份{error}") from None
    folder = backup.backup_folder_for(path)
    bound = current_file()
    if bound is not None and bound.resolve() == path.resolve():
        close_db()  # this program's own connection must not stand in the way
    kept = restore_file(source, path, folder)
    backup.rotate(folder, stem=path.stem)
    database = init_db(path, checked=True)  # an older backup is migrated, with its copy
    actor = (
        User.get_or_none((User.username == who.username) & (User.role == "admin")) or default_user()
    )
    audit.record_values(
        actor,
        "restore",
        "database",
        0,
        None,
        {
            "backup": str(source),
            "replaced_copy": str(kept) if kept else None,
            "by": who.display_name,
        },
    )
    return Restored(source, kept, getattr(database, "upgrade_report", None))
