"""Putting a backup back in place of a database file (恢复), whatever file system the
file, the backup and the folder of kept copies are on (a local disk, a USB stick, a
network share).

The backup is copied into a new file in the database's own folder, checked and flushed
to the disk, and then renamed over the database: a rename within one folder, atomic,
never across file systems. What it replaces is copied first to the keep folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from xinyi_desktop.folders import os_error_text, write_problem
from xinyi_desktop.store.backup import (
    IN_USE,
    BackupError,
    backup_name,
    check_file,
    check_in_words,
    copy_database,
    place,
    readonly,
    write_copy,
)

UNCHANGED = "当前数据库未作改动。"


@contextlib.contextmanager
def exclusive_access(db_file: Path) -> Iterator[sqlite3.Connection | None]:
    """The database file held by this connection alone, for as long as the ``with`` lasts;
    refused (``BackupError``) when another connection has it open. Yields None for a file
    SQLite cannot read at all (nobody can be working in it)."""
    con = sqlite3.connect(db_file, timeout=1, isolation_level=None)
    try:
        try:
            con.execute("PRAGMA locking_mode=EXCLUSIVE")
            # Leaving WAL mode needs every other connection gone; then the lock is ours.
            con.execute("PRAGMA journal_mode=DELETE").fetchone()
            con.execute("BEGIN EXCLUSIVE")
            con.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise BackupError(IN_USE.format(path=db_file)) from exc
            yield None
            return
        except sqlite3.DatabaseError:
            yield None
            return
        yield con
    finally:
        con.close()


def refuse_unwritable(folder: Path) -> None:
    """Refuse, naming the folder, when no file can be made in it (read-only share, USB
    stick with its lock on, no permission), before anything is changed."""
    if not folder.is_dir():
        raise BackupError(f"不能恢复：文件夹“{folder}”不存在。{UNCHANGED}")
    problem = write_problem(folder)
    if problem:
        raise BackupError(
            f"不能恢复：文件夹“{folder}”不能写入（{problem}），"
            f"请确认有写入权限、磁盘或共享不是只读的。{UNCHANGED}"
        )


def restore(source: Path, db_file: Path, keep_folder: Path) -> Path | None:
    """Replace ``db_file`` with the backup ``source``, after checking ``source`` and keeping
    a copy of what it replaces (returned), in ``keep_folder``.

    The file is first taken for this connection alone: with another program working in
    it, the restore is refused and nothing is changed. Taking it ends its write-ahead log,
    so no log of the old file is left beside the new one."""
    problem = check_file(source)
    if problem:
        raise BackupError(f"不能恢复：{problem}{UNCHANGED}")
    refuse_unwritable(db_file.parent)
    staged = db_file.with_name(db_file.name + ".restoring")
    try:
        with contextlib.closing(readonly(source)) as src:
            copy_into(src, staged)
        if not db_file.exists():
            place(staged, db_file)
            return None
        # A file that fails its check is saved aside as it is before it is taken: taking
        # it writes (its journal mode), which must not touch the damaged bytes first.
        early = _keep_bytes(db_file, keep_folder) if check_file(db_file) else None
        try:
            with exclusive_access(db_file) as current:
                kept = early or _keep_current(current, db_file, keep_folder)
                if current is not None and os.name != "nt":
                    _replace(staged, db_file)  # still held: nobody opens the old file meanwhile
                    return kept
        except BackupError:
            if early is not None:  # refused (in use): nothing of this attempt is left
                early.unlink(missing_ok=True)
                Path(f"{early}-wal").unlink(missing_ok=True)
            raise
        # Let go first: Windows renames nothing over a file still open. A file SQLite
        # cannot read has nobody working in it; its log, copied above, goes with it.
        if current is None:
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        _replace(staged, db_file)
    finally:
        staged.unlink(missing_ok=True)
    return kept


def _replace(staged: Path, db_file: Path) -> None:
    try:
        place(staged, db_file)
    except OSError as exc:
        raise BackupError(
            f"不能恢复：无法替换数据库文件“{db_file}”（{os_error_text(exc)}），"
            f"可能正被其他程序打开。{UNCHANGED}"
        ) from None


def copy_into(source: sqlite3.Connection, staged: Path) -> None:
    """The backup copied to ``staged`` (checked, not yet in place); refused in the clerk's
    words when the copy cannot be written."""
    try:
        write_copy(source, staged)
    except (OSError, sqlite3.Error) as exc:
        why = os_error_text(exc) if isinstance(exc, OSError) else check_in_words(str(exc))
        raise BackupError(
            f"不能恢复：无法在文件夹“{staged.parent}”中写入恢复用的文件（{why}）。{UNCHANGED}"
        ) from None
    problem = check_file(staged)
    if problem:
        raise BackupError(f"不能恢复：复制的备份检查未通过（{problem}）。{UNCHANGED}")


def _keep_current(current: sqlite3.Connection | None, db_file: Path, folder: Path) -> Path:
    """A copy of the file about to be replaced: through SQLite if it reads, else its bytes
    (and its write-ahead log, which may hold the last changes)."""
    if current is not None:
        try:
            return copy_database(current, folder / backup_name(db_file.stem, "before-restore"))
        except (BackupError, sqlite3.DatabaseError):
            pass
    return _keep_bytes(db_file, folder)


def _keep_bytes(db_file: Path, folder: Path) -> Path:
    """The file's bytes as they are, and its write-ahead log, copied to ``folder``."""
    kept = (folder / backup_name(db_file.stem, "before-restore")).with_suffix(".damaged")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db_file, kept)
        wal = Path(f"{db_file}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{kept}-wal"))
        return kept
    except OSError as exc:
        raise BackupError(
            f"不能恢复：无法在“{folder}”保留被替换的数据库（{os_error_text(exc)}）。{UNCHANGED}"
        ) from None
