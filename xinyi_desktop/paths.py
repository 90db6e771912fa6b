"""The one place that knows where files live.

Bundled ``resources/`` and ``data/`` come from ``sys._MEIPASS`` when frozen by PyInstaller
and from the source tree otherwise. The user's folder (database, backups, log) comes from
platformdirs and can be moved with the ``XINYI_HOME`` variable (tests and portable use).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from xinyi_desktop import APP_ID


def bundle_root() -> Path:
    """The folder holding ``resources/`` and ``data/``."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Read-only reference data shipped with the program."""
    return bundle_root() / "data"


def resources_dir() -> Path:
    """Icons, style sheet and templates shipped with the program."""
    return bundle_root() / "resources"


def user_dir() -> Path:
    """The user's writable folder; created on first use."""
    override = os.environ.get("XINYI_HOME")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_dir

        path = Path(user_data_dir(APP_ID, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return user_dir() / "xinyi.db"


def demo_db_path() -> Path:
    return user_dir() / "demo.db"


def backup_dir() -> Path:
    path = user_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_dir() -> Path:
    """Where files are saved when the PC has no documents folder (导出)."""
    path = user_dir() / "导出"
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_dir() -> Path:
    path = user_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_templates_dir() -> Path:
    """Letter templates the office edited; they take the place of the shipped ones."""
    path = user_dir() / "templates"
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir(db_file: str | os.PathLike | None = None) -> Path:
    """Generated letters and sheets, by year and kind below this folder.

    Beside the database file they belong to (``documents``, or ``documents-demo`` for
    ``demo.db``), so the demo's letters never mix with the office's; in the user's folder
    for a database given by URL.
    """
    if db_file is None:
        path = user_dir() / "documents"
    else:
        db_file = Path(db_file)
        suffix = "" if db_file.stem == "xinyi" else f"-{db_file.stem}"
        path = db_file.resolve().parent / f"documents{suffix}"
    path.mkdir(parents=True, exist_ok=True)
    return path
