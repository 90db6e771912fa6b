"""Generating letters and sheets (生成文书): plan from the data, then number, render, record.

``plan_*`` read and validate (nothing is written); ``generate`` is a generator yielding
``(done, total, text)`` and checking ``cancel()`` between documents. The whole batch is one
transaction: a cancel or an error rolls back every number and removes every file written,
so the batch's letters are numbered consecutively and a cancelled batch leaves nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xinyi_desktop.documents.catalog import kind, template_path
from xinyi_desktop.documents.engine import PreparedTemplate
from xinyi_desktop.errors import ValidationError, XinyiError
from xinyi_desktop.rules.doc_numbers import check_prefix, format_doc_no
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.services import documents as register
from xinyi_desktop.services.events import add_event
from xinyi_desktop.services.letter_plans import (
    DEADLINES,
    BatchChoice,
    LetterPlan,
    batch_choices,
    deadline_note,
    letter_deadline,
    open_period,
    plan_agency_batch,
    plan_case_batch,
    plan_case_letter,
    plan_escalation,
    replan,
    suggested_deadline,
)
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store.document_models import Document, DocumentCase
from xinyi_desktop.store.models import Case, User

# The planning functions are part of this module's interface (the dialogs, the command
# line and the sanctions feature call ``letters.plan_*``).
__all__ = [
    "DEADLINES",
    "BatchChoice",
    "BatchResult",
    "Cancelled",
    "LetterPlan",
    "batch_choices",
    "deadline_note",
    "generate",
    "letter_deadline",
    "plan_agency_batch",
    "plan_case_batch",
    "plan_case_letter",
    "plan_escalation",
    "regenerate",
    "run",
    "suggested_deadline",
]


class Cancelled(XinyiError):
    """The clerk cancelled a batch; nothing was recorded."""


@dataclass
class BatchResult:
    documents: list[Document] = field(default_factory=list)
    combined: Path | None = None
    skipped: list[str] = field(default_factory=list)


def generate(
    actor: User,
    plans: list[LetterPlan],
    *,
    combined: bool = False,
    cancel: Callable[[], bool] | None = None,
    page_count: Callable[[Path], int] | None = None,
) -> Iterator[tuple[int, int, str]]:
    """Number, render and record ``plans``; yields progress; returns a ``BatchResult``.
    ``page_count``: how many pages a .docx takes (the Qt layout), for the combined print
    file's blank pages (``documents.combine``).

    Raises ``Cancelled`` (after rolling everything back) when ``cancel()`` turns true.
    """
    require(actor, "approve")
    if not plans:
        raise ValidationError("没有要生成的文书。")
    templates = {}
    for plan in plans:  # every template checked before any number is taken
        if plan.kind not in templates:
            doc_kind = kind(plan.kind)
            path = PreparedTemplate(template_path(plan.kind), doc_kind)
            templates[plan.kind] = (
                doc_kind,
                path,
                check_prefix(get_setting(doc_kind.prefix_setting)),
            )
    total = len(plans)
    result = BatchResult()
    written: list[Path] = []
    batch = uuid.uuid4().hex[:12] if total > 1 else ""
    try:
        with register.write_transaction():
            for index, plan in enumerate(plans):
                if cancel and cancel():
                    raise Cancelled("已取消：本批文书均未生成，未占用任何文号。")
                doc_kind, path, prefix = templates[plan.kind]
                year = plan.issued_on.year
                number = register.next_number(prefix, year)
                doc_no = format_doc_no(prefix, year, number)
                relative = register.relative_file(plan.kind, year, doc_no, plan.recipient)
                target = register.documents_root() / relative
                _write(doc_kind, path, plan, doc_no, target)
                written.append(target)
                document = _record(actor, plan, prefix, year, number, doc_no, relative, batch)
                result.documents.append(document)
                yield index + 1, total, f"已生成 {doc_no}（{plan.recipient}）"
    except BaseException:
        for target in written:
            with contextlib.suppress(OSError):
                target.unlink()
        raise
    if combined and len(result.documents) > 1:
        from xinyi_desktop.documents.combine import combine

        first, last = result.documents[0], result.documents[-1]
        name = register.safe_name(f"{kind(first.kind).name}_{first.doc_no}至{last.number}号")
        result.combined = combine(
            [register.file_of(d) for d in result.documents],
            register.documents_root() / str(first.year) / "合并打印" / f"{name}.docx",
            page_count,
        )
    return result


def regenerate(actor: User, document_id: int) -> Document:
    """Make a recorded document's file again: same number, same date, same recipient, same
    inputs (for the lists: the same bodies, whatever their state now), with today's names
    and template (a corrected agency name, an edited template)."""
    require(actor, "approve")
    document = register.get_document(document_id)
    if document.status == "void":
        raise ValidationError(f"{document.doc_no}已作废，不能重新生成。")
    doc_kind = kind(document.kind)
    plan = replan(document)
    path = PreparedTemplate(template_path(document.kind), doc_kind)
    with register.write_transaction():
        old = audit.snapshot(document)
        _write(doc_kind, path, plan, document.doc_no, register.file_of(document))
        document.title = plan.title
        document.recipient = plan.recipient
        audit.bump_version(document, None, "文书")
        document.save()
        audit.record(actor, "update", document, old)
        for case in register.cases_of(document):
            add_event(
                actor,
                case,
                "letter",
                on=dt.date.today(),
                summary=f"重新生成{doc_kind.name}{document.doc_no}（文号不变）",
                details={"document_id": document.id, "regenerated": True},
            )
    return document


def _write(doc_kind, template: PreparedTemplate, plan: LetterPlan, doc_no, target: Path) -> None:
    values = {**plan.content.values, "发文字号": doc_no}
    document = template.fill(values, plan.content.lists)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".tmp")
    document.save(str(partial))
    try:
        partial.replace(target)
    except PermissionError:
        partial.unlink(missing_ok=True)
        raise ValidationError(f"文件“{target.name}”正被其他程序打开，请关闭后重试。") from None


def _record(actor, plan: LetterPlan, prefix, year, number, doc_no, relative, batch) -> Document:
    doc_kind = kind(plan.kind)
    cases = list(Case.select().where(Case.id.in_(plan.case_ids)).order_by(Case.year, Case.serial))
    document = Document.create(
        kind=plan.kind,
        prefix=prefix,
        year=year,
        number=number,
        doc_no=doc_no,
        title=plan.title,
        recipient=plan.recipient,
        agency=plan.agency_id,
        issued_on=plan.issued_on,
        file=relative,
        batch=batch,
        inputs=plan.inputs,
        case_nos="、".join(c.case_no for c in cases),
        user=actor,
    )
    audit.record(actor, "create", document)
    for case in cases:
        DocumentCase.create(document=document, case=case)
        event = add_event(
            actor,
            case,
            "letter",
            on=plan.issued_on,
            summary=f"{doc_kind.name}{doc_no}（致{plan.recipient}）",
            details={"document_id": document.id, "doc_no": doc_no, "kind": plan.kind},
        )
        _deadline_hooks(actor, doc_kind.key, case, event, plan)
    if not doc_kind.for_cases:  # the sanctions lists: submit, deliver, refer
        from xinyi_desktop.services.sanctions import on_document_issued

        on_document_issued(actor, document)
    return document


def _deadline_hooks(actor, kind_key: str, case: Case, event, plan: LetterPlan) -> None:
    """The deadline feature (services/deadlines.py): the letter satisfies the deadline whose
    rule names this letter kind; a 限期整改通知书, or a 交办单 to a listed body that does
    not carry the period already set, orders the rectification period (the date goes
    with the event: the deadline is this case's own, 本案交办时写明的期限); the 请示
    starts the sanctions review."""
    try:
        from xinyi_desktop.services import deadlines
        from xinyi_desktop.services.deadline_rules import rules_by_kind
    except ImportError:  # deadline feature not present
        return
    for rule in rules_by_kind().values():
        if rule.letter_kind == kind_key:
            deadlines.complete_deadlines_for(actor, case.id, rule.kind, event)
    follow_up = None
    if plan.orders_rectification:
        due = plan.inputs.get("整改期限") or plan.inputs.get("办结时限")
        summary = f"下达整改：{event.summary}，整改期限{due}"
        details = {"due_on": due}
        running = open_period(case, plan.agency_id) if plan.agency_id else None
        if running is not None and running.rectify_due_on.isoformat() != due:
            summary += f"（重新下达，原整改期限{running.rectify_due_on.isoformat()}）"
            details["replaces_due"] = running.rectify_due_on.isoformat()
        follow_up = ("rectification_assigned", summary, details)
    elif kind_key == "request":
        follow_up = ("escalated", f"逾期未整改名单报送市政府：{event.summary}", {})
    if follow_up:
        kind_name, summary, details = follow_up
        details["document_id"] = event.details["document_id"]
        trigger = add_event(
            actor, case, kind_name, on=plan.issued_on, summary=summary, details=details
        )
        if kind_name == "rectification_assigned":  # the listed body's own period
            from xinyi_desktop.services.rectification import on_rectification_ordered

            on_rectification_ordered(actor, trigger, agency_id=plan.agency_id)
        deadlines.on_event_recorded(actor, trigger, today=max(plan.issued_on, dt.date.today()))


def run(iterator) -> BatchResult:
    """Drive a ``generate`` generator to its end (command line, tests)."""
    while True:
        try:
            next(iterator)
        except StopIteration as stop:
            return stop.value
