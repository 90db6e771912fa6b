"""Importing the court's lists (导入法院数据): read a file, find its layout, and plan what
each row does to the register — new case, update, unchanged, warning, error.

Planning only reads the database; the preview and ``--dry-run`` stop there.
``court_import_write.apply_plan`` writes a plan in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xinyi_desktop.errors import ImportRefused
from xinyi_desktop.importing.collector import collector_paused
from xinyi_desktop.importing.layout import KINDS, Layout, detect_kind, find_layout, load_synonyms
from xinyi_desktop.importing.readers import read_file
from xinyi_desktop.importing.rows import RowRecord, parse_rows
from xinyi_desktop.services.court_merge import CasePlan, Planner
from xinyi_desktop.store.import_models import ImportBatch, ImportLayout

KIND_LABELS = {"suits": "起诉政府案件", "lost": "政府败诉案件", "dishonest": "失信被执行人名单"}
MIXED = "mixed"  # a file whose sheets hold different kinds of list
REPORT_KEYS = ("file", "kind", "created", "updated", "unchanged", "warnings", "errors")
OUTCOME_LABELS = {
    "new": "新增",
    "update": "更新",
    "unchanged": "无变化",
    "error": "错误",
    "skipped": "跳过",
}

Progress = tuple[int, int, str]  # done, total, what is happening


@dataclass
class SheetPart:
    """One sheet of the file that holds a court list."""

    layout: Layout
    rows: list[list]
    records: list[RowRecord] = field(default_factory=list)


@dataclass
class FilePlan:
    """Everything the preview shows and the import writes for one file."""

    path: Path
    content_hash: str
    parts: list[SheetPart]
    records: list[RowRecord] = field(default_factory=list)
    outcomes: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(record) -> (o, why)
    cases: list[CasePlan] = field(default_factory=list)
    skipped_sheets: list[str] = field(default_factory=list)
    previous: ImportBatch | None = None  # an earlier import of the same content
    planner: Planner | None = None  # what the register holds; the writer reuses it

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def kind(self) -> str:
        """The kind of list, or ``MIXED`` when its sheets hold different kinds."""
        kinds = {p.layout.kind for p in self.parts}
        return kinds.pop() if len(kinds) == 1 else MIXED

    def outcome(self, record: RowRecord) -> tuple[str, str]:
        return self.outcomes.get(id(record), ("error", ""))

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(("created", "updated", "unchanged", "errors", "warnings"), 0)
        for plan in self.cases:
            if plan.error:
                continue
            if plan.is_new:
                counts["created"] += 1
            elif plan.changes:
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for record in self.records:
            counts["errors"] += len(record.errors)
            counts["warnings"] += len(record.warnings)
        return counts

    def report(self, counts: dict[str, int] | None = None) -> dict:
        """The command line's JSON object for this file (``counts``: as worked out)."""
        counts = counts or self.counts()
        return {
            "file": self.file_name,
            "kind": self.kind,
            "created": counts["created"],
            "updated": counts["updated"],
            "unchanged": counts["unchanged"],
            "warnings": [i.as_json(r.row_no) for r in self.records for i in r.warnings],
            "errors": [i.as_json(r.row_no) for r in self.records for i in r.errors],
            "refused": False,
            "message": "",
            "sheets": [
                {
                    "sheet": p.layout.sheet,
                    "kind": p.layout.kind,
                    "rows": sum(1 for r in p.records if not r.skip_reason),
                }
                for p in self.parts
            ],
        }


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind) or ("多种名单" if kind == MIXED else kind)


def refused_report(file_name: str, message: str, kind: str = "auto") -> dict:
    """The command line's JSON object for a file refused whole: the keys of every file's
    report, nothing imported, the reason as its one error."""
    return {
        "file": file_name,
        "kind": kind if kind in KIND_LABELS else None,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "warnings": [],
        "errors": [{"row": None, "column": "", "message": message}],
        "refused": True,
        "message": message,
        "sheets": [],
    }


def run_to_end(steps: Iterator[Progress]):
    """Run a job that yields progress (import, undo) to its end; returns its result."""
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return stop.value


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_court_file(
    path: Path | str,
    *,
    kind: str = "auto",
    mappings: dict[str, dict[int, str]] | None = None,
) -> FilePlan:
    """Read a file and find its layout and kind; ``mappings`` (sheet -> column -> field)
    override the proposed mapping. Refuses the whole file with the reason."""
    path = Path(path)
    if kind not in ("auto", *KINDS):
        raise ImportRefused(f"名单类型“{kind}”无效（可选：auto、suits、lost、dishonest）。")
    with collector_paused():
        sheets = read_file(path)
    content_hash = file_hash(path)
    synonyms = load_synonyms()
    parts, skipped = [], []
    for sheet in sheets:
        layout = find_layout(sheet.name, sheet.rows, synonyms)
        if layout is None:
            if any(any(v not in ("", None) for v in row) for row in sheet.rows):
                skipped.append(sheet.name)
            continue
        remembered = remembered_layout(layout.signature)
        if mappings and sheet.name in mappings:
            layout.mapping = {int(k): v for k, v in mappings[sheet.name].items() if v}
        elif remembered is not None:
            layout.mapping = {int(k): v for k, v in remembered.mapping.items() if v}
        if layout.column_of("case_no") is None:
            skipped.append(sheet.name)
            continue
        if kind != "auto":
            layout.kind, layout.kind_reason = kind, "按指定的名单类型导入"
        elif remembered is not None and not (mappings and sheet.name in mappings):
            layout.kind, layout.kind_reason = remembered.kind, "按上次确认的同格式文件"
        else:
            layout.kind, layout.kind_reason = detect_kind(layout, sheet.rows, synonyms, path.stem)
        parts.append(SheetPart(layout, sheet.rows))
    if not parts:
        raise ImportRefused(
            f"文件“{path.name}”无法导入：找不到案号列（表头中应有“案号”或同义的列名）。",
            file=path.name,
        )
    plan = FilePlan(path, content_hash, parts)
    plan.skipped_sheets = skipped
    return plan


def remembered_layout(signature: str) -> ImportLayout | None:
    try:
        return ImportLayout.get_or_none(ImportLayout.signature == signature)
    except Exception:  # no database bound (pure reading in tests)
        return None


def plan_file(
    plan: FilePlan,
    *,
    today: dt.date | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Iterator[Progress]:
    """Parse every row and decide its outcome against the register (reads only)."""
    with collector_paused():
        yield from _plan(plan, today or dt.date.today(), cancel)


def _plan(plan: FilePlan, today: dt.date, cancel) -> Iterator[Progress]:
    plan.records = []
    total = sum(max(0, len(p.rows) - p.layout.data_start) for p in plan.parts)
    done = 0
    for part in plan.parts:
        part.records = []
        for record in parse_rows(part.rows, part.layout, part.layout.kind):
            part.records.append(record)
            plan.records.append(record)
            done += 1
            if done % 2000 == 0:
                if cancel and cancel():
                    return
                yield done, total, "正在读取数据行…"
    yield done, total, "正在与已登记的案件比对…"
    plan.previous = (
        ImportBatch.select()
        .where((ImportBatch.content_hash == plan.content_hash) & ImportBatch.undone_at.is_null())
        .order_by(ImportBatch.id.desc())
        .first()
    )
    planner = Planner(today, imported_before=plan.previous is not None)
    planner.load(plan.records)
    for part in plan.parts:
        for record in part.records:
            planner.add(record, part.layout.kind, part.layout)
    plan.cases = planner.finish()
    plan.outcomes = planner.outcomes
    plan.planner = planner
    yield total, total, "比对完成"


def preview(path: Path | str, *, kind: str = "auto", today: dt.date | None = None) -> FilePlan:
    """Read and plan a file in one call (command line, tests)."""
    plan = read_court_file(path, kind=kind)
    for _ in plan_file(plan, today=today):
        pass
    return plan


def remember_layout(actor, layout: Layout) -> None:
    """Keep the clerk's confirmed mapping and kind for files of the same layout."""
    from xinyi_desktop.rules.permissions import require
    from xinyi_desktop.store.models import db, now

    require(actor, "edit")
    mapping = {str(k): v for k, v in layout.mapping.items()}
    headers = [c.header for c in layout.columns]
    with db.atomic():
        row = ImportLayout.get_or_none(ImportLayout.signature == layout.signature)
        if row is None:
            ImportLayout.create(
                signature=layout.signature,
                kind=layout.kind,
                mapping=mapping,
                headers=headers,
                user=actor,
            )
        else:
            row.kind, row.mapping, row.headers, row.user, row.updated_at = (
                layout.kind,
                mapping,
                headers,
                actor,
                now(),
            )
            row.save()
