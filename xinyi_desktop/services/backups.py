"""Where backups go, as the office set it, and the daily copy taken at start-up."""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from xinyi_desktop import paths
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store import backup
from xinyi_desktop.store.models import db


def backup_folder() -> Path:
    chosen = (get_setting("backup.folder") or "").strip()
    return Path(chosen) if chosen else paths.backup_dir()


def take_daily_backup() -> Path | None:
    """The first start of the day copies the database (SQLite files only: a shared
    PostgreSQL server is backed up on the server)."""
    database = db.obj
    if not isinstance(database, pw.SqliteDatabase) or database.database == ":memory:":
        return None
    return backup.daily_backup(
        database,
        backup_folder(),
        keep_daily=get_setting("backup.keep_daily"),
        keep_monthly=get_setting("backup.keep_monthly"),
    )
