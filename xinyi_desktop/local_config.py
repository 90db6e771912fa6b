"""This PC's own settings, kept in a small file in the user's folder, outside any database.

What must be known before a database is open, or when it cannot be read: which database
this PC works on (设置 → 数据库), and where each database file's backups were last written
(so a damaged file's backups are found even when its settings cannot be read).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from xinyi_desktop import paths

log = logging.getLogger(__name__)

FILE_NAME = "local-settings.json"


def config_path() -> Path:
    return paths.user_dir() / FILE_NAME


def load() -> dict:
    """The stored values; an unreadable file counts as empty (and is said in the log)."""
    path = config_path()
    if not path.exists():
        return {}
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("local settings %s unreadable: %s", path, exc)
        return {}
    return values if isinstance(values, dict) else {}


def save(values: dict) -> None:
    """Write the whole file at once: a temporary file renamed into place."""
    path = config_path()
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def database_address() -> str | None:
    """The database this PC opens when neither ``--db`` nor ``XINYI_DB`` says otherwise."""
    address = load().get("database")
    return address.strip() if isinstance(address, str) and address.strip() else None


def set_database_address(address: str | None) -> None:
    values = load()
    if address:
        values["database"] = address
    else:
        values.pop("database", None)
    save(values)


def _key(db_file: Path) -> str:
    return os.path.normcase(os.path.abspath(db_file))


def remembered_backup_folder(db_file: Path) -> Path | None:
    folder = load().get("backup_folders", {}).get(_key(db_file))
    return Path(folder) if folder else None


def remember_backup_folder(db_file: Path, folder: Path) -> None:
    """Note where ``db_file``'s backups go (written when a backup is taken there)."""
    values = load()
    folders = values.setdefault("backup_folders", {})
    if folders.get(_key(db_file)) != str(folder):
        folders[_key(db_file)] = str(folder)
        save(values)


def view_state(key: str):
    """What this PC remembers of the windows (column widths, the last folder used for a
    kind of file), or None."""
    return load().get("view", {}).get(key)


def set_view_state(key: str, value) -> None:
    values = load()
    view = values.setdefault("view", {})
    if view.get(key) != value:
        view[key] = value
        save(values)


def restore_attempts(db_file: Path, username: str) -> tuple[int, str | None]:
    """Wrong passwords in a row given to restore ``db_file`` under ``username``, and the
    end of the lock-out they caused (ISO time) or None. Kept here, not in the database
    or the backup, which a restore must not write before it replaces them."""
    entry = load().get("restore_attempts", {}).get(_key(db_file), {}).get(username) or {}
    failures = entry.get("failures")
    locked_until = entry.get("locked_until")
    return (
        failures if isinstance(failures, int) else 0,
        locked_until if isinstance(locked_until, str) else None,
    )


def set_restore_attempts(
    db_file: Path, username: str, failures: int, locked_until: str | None
) -> None:
    """Note the count and lock-out (``restore_attempts``); a clean slate removes the entry.
    Raises ``OSError`` when the file cannot be written."""
    values = load()
    attempts = values.setdefault("restore_attempts", {})
    users = attempts.setdefault(_key(db_file), {})
    if failures or locked_until:
        users[username] = {"failures": failures, "locked_until": locked_until}
    elif users.pop(username, None) is None:
        return
    if not users:
        attempts.pop(_key(db_file))
    save(values)
