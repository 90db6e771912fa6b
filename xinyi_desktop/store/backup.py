"""Consistent copies of a SQLite database, taken with SQLite's online backup."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import peewee as pw


def backup_sqlite(database: pw.SqliteDatabase, folder: Path, *, reason: str) -> Path:
    """Copy the open database into ``folder`` under a timestamped name; return the copy."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{Path(database.database).stem}-{stamp}-{reason}.db"
    source = database.connection()
    with sqlite3.connect(target) as dest:
        source.backup(dest)
    dest.close()
    return target
