"""Errors the clerk can meet. Each message is the Chinese sentence shown to the user.

The UI shows ``str(error)``; the command line prints it and exits 2.
"""

from __future__ import annotations


class XinyiError(Exception):
    """Base of every error that carries a message meant for the clerk."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The name of the input field at fault, when there is one (lets a dialog focus it).
        self.field = field

    def __str__(self) -> str:
        return self.message


class ValidationError(XinyiError):
    """Input that cannot be accepted; nothing was written."""


class CaseNumberError(ValidationError):
    """A case number (案号) that does not parse."""


class DuplicateCase(ValidationError):
    """A case with the same case number exists already."""

    def __init__(self, message: str, *, existing_id: int, field: str | None = "case_no") -> None:
        super().__init__(message, field=field)
        self.existing_id = existing_id


class StageChangeRefused(ValidationError):
    """A stage change the workflow does not allow."""


class NotFound(XinyiError):
    """A record asked for by id does not exist (any more)."""


class ConcurrentEdit(XinyiError):
    """Someone else saved the record since it was opened."""


class DatabaseBusy(ConcurrentEdit):
    """Another program held the database's write lock for longer than the busy wait."""


class DatabaseReadOnly(XinyiError):
    """The database file may not be written (a read-only file or folder, no permission)."""


class DatabaseTooNew(XinyiError):
    """The database was written by a newer version of the program."""


class DatabaseDamaged(XinyiError):
    """The database file fails its check; it is not opened for writing."""

    def __init__(self, message: str, *, newest_backup=None) -> None:
        super().__init__(message)
        #: The newest backup that passes the check, to offer for restoring (or None).
        self.newest_backup = newest_backup


class ImportRefused(XinyiError):
    """A court file refused whole (unreadable, no case-number column); nothing was written."""

    def __init__(self, message: str, *, file: str | None = None) -> None:
        super().__init__(message)
        self.file = file


class UndoConflict(XinyiError):
    """Undoing an import would discard changes made after it; ``cases`` names them."""

    def __init__(self, message: str, *, cases: list[str]) -> None:
        super().__init__(message)
        self.cases = cases


class UndoRefused(XinyiError):
    """Undoing an import would delete cases that have records since (a letter issued…);
    nothing was written. The message names the cases and what to do first."""


def first_line(exc: BaseException) -> str:
    """An error's first line (its class name when it says nothing), for a message that
    names what the system reported."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
