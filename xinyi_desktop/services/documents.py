"""The register of documents (文书登记): numbers, files, the list, voiding.

Numbers are allocated inside the transaction that records the document (SQLite: an
IMMEDIATE transaction, so no other writer can read the same maximum; every database: the
unique index on (prefix, year, number)), so two letters never share a number and a
rolled-back batch leaves no number behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from xinyi_desktop import paths
from xinyi_desktop.documents.catalog import kind_label
from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.services.events import add_event
from xinyi_desktop.store.document_models import Document, DocumentCase
from xinyi_desktop.store.models import Case, User, db, now

STATUS_LABELS = {"issued": "有效", "void": "已作废"}
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


DOCUMENT_NUMBER_LOCK = 20181107  # PostgreSQL advisory lock key for number allocation


@contextlib.contextmanager
def write_transaction():
    """A transaction in which numbers are allocated one writer at a time: on SQLite it
    takes the write lock at once (BEGIN IMMEDIATE); on PostgreSQL it holds an advisory
    lock until commit, so two PCs never compute the same next number."""
    database = db.obj
    if isinstance(database, pw.SqliteDatabase) and not database.in_transaction():
        with database.atomic(lock_type="IMMEDIATE"):
            yield
        return
    with db.atomic():
        if isinstance(database, pw.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (DOCUMENT_NUMBER_LOCK,))
        yield


def next_number(prefix: str, year: int) -> int:
    """The next number of ``prefix`` in ``year``: one past the highest ever recorded,
    voided ones included (a number is never reused)."""
    highest = (
        Document.select(pw.fn.MAX(Document.number))
        .where((Document.prefix == prefix) & (Document.year == year))
        .scalar()
    )
    return (highest or 0) + 1


def documents_root() -> Path:
    database = db.obj
    if isinstance(database, pw.SqliteDatabase) and database.database != ":memory:":
        return paths.documents_dir(database.database)
    return paths.documents_dir()


def safe_name(text: str) -> str:
    """``text`` as a file name Windows accepts."""
    return _UNSAFE.sub("_", text)[:120]


def file_name(doc_no: str, recipient: str) -> str:
    return safe_name(f"{doc_no}_{recipient}") + ".docx"


def relative_file(kind: str, year: int, doc_no: str, recipient: str) -> str:
    """``2026/提醒函/新信用函〔2026〕12号_新沂市财政局.docx`` under the documents folder."""
    return f"{year}/{kind_label(kind)}/{file_name(doc_no, recipient)}"


def file_of(document: Document) -> Path:
    return documents_root() / document.file


def get_document(document_id: int) -> Document:
    try:
        return Document.get_by_id(document_id)
    except Document.DoesNotExist:
        raise NotFound("该文书已不存在。") from None


def cases_of(document: Document) -> list[Case]:
    query = Case.select().join(DocumentCase).where(DocumentCase.document == document.id)
    return list(query.order_by(Case.year, Case.serial))


@dataclass
class DocumentFilter:
    kind: str | None = None
    year: int | None = None
    status: str | None = None
    text: str = ""  # number, recipient, title or case number
    case_id: int | None = None


def list_documents(flt: DocumentFilter | None = None) -> list[Document]:
    """Newest first."""
    flt = flt or DocumentFilter()
    query = Document.select(Document, User).join(User)
    if flt.kind:
        query = query.where(Document.kind == flt.kind)
    if flt.year:
        query = query.where(Document.year == flt.year)
    if flt.status:
        query = query.where(Document.status == flt.status)
    if flt.case_id:
        query = query.where(
            Document.id.in_(
                DocumentCase.select(DocumentCase.document).where(DocumentCase.case == flt.case_id)
            )
        )
    for word in flt.text.split():
        like = f"%{word}%"
        query = query.where(
            Document.doc_no.contains(word)
            | Document.recipient.contains(word)
            | Document.title.contains(word)
            | Document.case_nos.contains(word)
            | (pw.fn.replace(pw.fn.replace(Document.case_nos, "（", "("), "）", ")") ** like)
        )
    return list(query.order_by(Document.issued_on.desc(), Document.id.desc()))


def years() -> list[int]:
    query = Document.select(Document.year).distinct().order_by(Document.year.desc())
    return [row.year for row in query]


def void_document(actor: User, document_id: int, *, reason: str, today: dt.date | None = None):
    """Void a document: it keeps its number and row, marked 已作废, with the reason; what
    recording it did is undone (``document_void``: the deadlines it satisfied open again,
    the rectification period it ordered, the escalation it made, the measures it moved go
    back), or the void is refused while a later step stands on it."""
    from xinyi_desktop.services.document_void import check_voidable, undo_effects

    require(actor, "approve")
    today = today or dt.date.today()
    reason = reason.strip()
    if not reason:
        raise ValidationError("请写明作废原因。", field="reason")
    with db.atomic():
        document = get_document(document_id)
        if document.status == "void":
            raise ValidationError(f"{document.doc_no}已经作废。", field="reason")
        check_voidable(document)
        old = audit.snapshot(document)
        document.status = "void"
        document.void_reason = reason
        document.voided_at = now()
        audit.bump_version(document, None, "文书")
        document.save()
        audit.record(actor, "update", document, old)
        for case in cases_of(document):
            add_event(
                actor,
                case,
                "letter",
                on=today,
                summary=f"作废{kind_label(document.kind)}{document.doc_no}：{reason}",
                details={"document_id": document.id, "void": True},
            )
        undo_effects(actor, document, reason=reason, today=today)
    return document
