"""Turning the data rows of a court list into parsed records, with a reason on each cell
that cannot be used. Pure: no database."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from dataclasses import dataclass, field

from xinyi_desktop.errors import CaseNumberError
from xinyi_desktop.importing.cells import (
    MAX_TEXT,
    CellProblem,
    agency_names_of,
    amount_of,
    clean_agency_name,
    date_of,
    names_of,
    text_of,
)
from xinyi_desktop.importing.layout import (
    Footers,
    Layout,
    amount_factor,
    load_synonyms,
    normalize_header,
)
from xinyi_desktop.rules.case_numbers import CaseNumber, numbers_in, parse_case_number
from xinyi_desktop.rules.check_codes import check_credit_code

DATE_FIELDS = (
    "filed_on",
    "judgment_on",
    "judgment_effective_on",
    "performance_deadline",
    "listed_on",
    "notice_on",  # when the office received the notice (通报日期), not a case field
)
TEXT_FIELDS = ("cause", "court", "note", "legal_rep")
# The date each kind of list is about: without it (in the row or, for a registered case,
# in the register: court_merge checks that) the case cannot take that stage.
REQUIRED_DATE = {"lost": "judgment_effective_on", "dishonest": "listed_on"}


@dataclass
class Issue:
    column: str  # the column's header as the clerk sees it ("" for the whole row)
    message: str
    severity: str = "error"  # "error" | "warning"
    col_index: int | None = None

    def as_json(self, row: int) -> dict:
        return {"row": row, "column": self.column, "message": self.message}


@dataclass
class RowRecord:
    sheet: str
    row_no: int  # as Excel numbers it, from 1
    cells: list  # the row as read
    skip_reason: str = ""
    case_no: str = ""
    key: str = ""
    values: dict = field(default_factory=dict)  # case fields that the row gives
    defendants: list[str] = field(default_factory=list)
    plaintiffs: list[str] = field(default_factory=list)
    credit_code: str = ""
    credit_code_valid: bool = True
    legal_rep: str = ""
    basis_no: str = ""
    basis_key: str = ""
    issues: list[Issue] = field(default_factory=list)
    texts: list[str] | None = field(default=None, repr=False, compare=False)  # cells as text
    number: CaseNumber | None = field(default=None, repr=False, compare=False)  # parsed case_no

    def cell_texts(self) -> list[str]:
        """Every cell's text (``text_of``), as worked out when the row was read."""
        if self.texts is None:
            self.texts = [text_of(v) for v in self.cells]
        return self.texts

    def text(self, index: int) -> str:
        return _text(self.cell_texts(), index)

    @property
    def has_error(self) -> bool:
        return any(i.severity == "error" for i in self.issues)

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def add(self, layout: Layout, col: int | None, message: str, severity="error") -> None:
        column = layout.header_of(col) if col is not None else ""
        self.issues.append(Issue(column, message, severity, col))


def _cell(cells: list, index: int | None):
    return cells[index] if index is not None and index < len(cells) else None


def _text(texts: list[str], index: int | None) -> str:
    return texts[index] if index is not None and index < len(texts) else ""


@dataclass
class _Columns:
    """What a layout says about every row, worked out once per sheet, not once per row."""

    by_field: dict[str, list[int]]
    case_col: int | None
    header_keys: list[str]
    amount_factors: list[tuple[int, int]]  # (column, 1 or 10000)
    dates: list[tuple[str, list[int]]] = field(default_factory=list)  # mapped date fields
    texts: list[tuple[str, list[int]]] = field(default_factory=list)  # mapped text fields
    seen_dates: dict[str, tuple] = field(default_factory=dict)
    seen_names: dict[tuple, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, layout: Layout) -> _Columns:
        by_field: dict[str, list[int]] = {}
        for col, name in layout.mapping.items():
            by_field.setdefault(name, []).append(col)
        factors = [
            (col, amount_factor(layout.header_of(col))) for col in by_field.get("amount", [])
        ]
        return cls(
            by_field,
            layout.column_of("case_no"),
            [normalize_header(c.key_text) for c in layout.columns],
            factors,
            [(name, by_field[name]) for name in DATE_FIELDS if name in by_field],
            [(name, by_field[name]) for name in TEXT_FIELDS if name in by_field],
        )

    def date(self, value) -> dt.date | None:
        """``date_of``, remembered for text: a list repeats the same few hundred dates."""
        if type(value) is not str:
            return date_of(value)
        found = self.seen_dates.get(value)
        if found is None:
            try:
                found = self.seen_dates[value] = (date_of(value), "")
            except CellProblem as exc:
                found = self.seen_dates[value] = (None, str(exc))
        if found[1]:
            raise CellProblem(found[1])
        return found[0]

    def names(self, field_name: str, value) -> list[str]:
        """The names in a cell (agencies cleaned), remembered for each text."""
        key = (field_name, value) if type(value) is str else None
        found = self.seen_names.get(key) if key else None
        if found is None:
            if field_name == "defendants":
                found = [clean_agency_name(part) for part in agency_names_of(value)]
            else:
                found = names_of(value)
            if key:
                self.seen_names[key] = found
        return found

    def is_header(self, texts: list[str]) -> bool:
        keys = self.header_keys
        if len(texts) < len(keys):
            return False
        return all(normalize_header(texts[i]) == key for i, key in enumerate(keys))


TOTAL_ROW = "合计行，不导入"
REMARK_ROW = "表格说明文字，不导入"


def footer_reason(text: str, footers: Footers) -> str:
    """Why a cell's text marks a row below the data (totals, a remark), or ""."""
    if not text:
        return ""
    folded = normalize_header(text)
    if any(folded.startswith(w) or w in folded[:6] for w in footers.totals):
        return TOTAL_ROW
    if footers.count.match(folded):
        return TOTAL_ROW
    if any(text.startswith(w) or folded.startswith(w) for w in footers.remarks):
        return REMARK_ROW
    return ""


def _skip_reason(
    texts: list[str], layout: Layout, columns: _Columns, case_text: str, footers: Footers
) -> str:
    """Why a row that holds no case number is not a case: a repeated header, totals, a
    remark; "" when it is a data row (then a missing or bad number is its error)."""
    if columns.is_header(texts):
        return "重复的表头行，不导入"
    filled = [t for t in texts if t]
    first = filled[0] if filled else ""
    reason = footer_reason(first, footers) or footer_reason(case_text, footers)
    if reason:
        return reason
    if not case_text:
        if len(filled) >= 2 and len(set(filled)) == 1:  # one text merged across the row
            return REMARK_ROW
        where = [i for i, t in enumerate(texts) if t]
        if len(where) == 1 and where[0] not in layout.mapping:
            return REMARK_ROW
    return ""


def parse_rows(
    rows: list[list], layout: Layout, kind: str, footers: Footers | None = None
) -> Iterator[RowRecord]:
    """A record for every non-blank row below the header (blank rows are passed over)."""
    columns = _Columns.of(layout)
    footers = footers or load_synonyms().footers
    case_col = columns.case_col
    for r in range(layout.data_start, len(rows)):
        cells = rows[r]
        texts = [text_of(v) for v in cells]  # each cell's text, worked out once
        if not any(texts):
            continue
        record = RowRecord(layout.sheet, r + 1, cells, texts=texts)
        case_text = _text(texts, case_col)
        number, problem = _case_number(case_text)
        if number is None:  # a row with a case number is a case, whatever else it holds
            record.skip_reason = _skip_reason(texts, layout, columns, case_text, footers)
        if not record.skip_reason:
            if number is not None:
                record.case_no, record.key, record.number = number.display, number.key, number
            else:
                record.add(layout, case_col, problem)
            _fill(record, layout, kind, columns)
        yield record


def _case_number(text: str):
    """The parsed number, or None and why not."""
    if not text:
        return None, "缺少案号"
    try:
        return parse_case_number(text), ""
    except CaseNumberError as exc:
        return None, exc.message


def _fill(record: RowRecord, layout: Layout, kind: str, columns: _Columns) -> None:
    cells, texts, by_field = record.cells, record.texts, columns.by_field
    for name, cols in columns.dates:
        for col in cols:
            try:
                value = columns.date(_cell(cells, col))
            except CellProblem as exc:
                severity = "error" if REQUIRED_DATE.get(kind) == name else "warning"
                tail = "" if severity == "error" else "，该项未导入"
                record.add(layout, col, f"{exc}{tail}", severity)
                continue
            if value is not None:
                record.values[name] = value
    for col, factor in columns.amount_factors:
        try:
            amount = amount_of(_cell(cells, col), factor)
        except (CellProblem, decimal.InvalidOperation) as exc:
            record.add(layout, col, f"{exc}，该项未导入", "warning")
            continue
        if amount is not None:
            record.values["amount"] = amount
    for name, cols in columns.texts:
        parts = []
        for col in cols:
            text = _text(texts, col)
            if len(text) > MAX_TEXT:
                record.add(layout, col, f"内容过长，只导入前{MAX_TEXT}字", "warning")
                text = text[:MAX_TEXT]
            if text and text not in parts:
                parts.append(text)
        if parts:
            record.values[name] = "；".join(parts) if name == "note" else parts[0]
    record.legal_rep = record.values.pop("legal_rep", "")
    for name, target in (("defendants", record.defendants), ("plaintiffs", record.plaintiffs)):
        for col in by_field.get(name, ()):
            for part in columns.names(name, _cell(cells, col)):
                if len(part) > 100:
                    record.add(layout, col, f"名称“{part[:20]}…”过长（最多100字）")
                elif part not in target:
                    target.append(part)
    _credit_code(record, layout, by_field)
    _basis(record, layout, by_field)


def has_issue_in(record: RowRecord, columns) -> bool:
    """Whether a cell of ``columns`` already has a problem noted."""
    cols = set(columns)
    return any(i.col_index in cols for i in record.issues)


def _credit_code(record: RowRecord, layout: Layout, by_field: dict) -> None:
    for col in by_field.get("credit_code", []):
        text = record.text(col)
        if not text:
            continue
        check = check_credit_code(text)
        record.credit_code, record.credit_code_valid = check.normalized, check.valid
        if not check.valid:
            record.add(layout, col, f"{check.problem}（已导入，请核实）", "warning")
        if len(record.defendants) > 1:
            record.add(layout, col, "一格中有多个单位，信用代码无法对应，未导入", "warning")
            record.credit_code = ""
        return


def _basis(record: RowRecord, layout: Layout, by_field: dict) -> None:
    for col in by_field.get("basis_no", []):
        text = record.text(col)
        if not text:
            continue
        try:
            number = parse_case_number(text)
        except CaseNumberError as exc:
            number = _embedded_basis(record, layout, col, text)
            if number is None:
                record.add(layout, col, f"执行依据文号无法识别：{exc.message}", "warning")
                return
        record.basis_no, record.basis_key = number.display, number.key
        return


def _embedded_basis(record: RowRecord, layout: Layout, col: int, text: str) -> CaseNumber | None:
    """The case number a longer 执行依据 text names; with several, the first, and a warning
    naming the one taken."""
    numbers = numbers_in(text)
    if len(numbers) > 1:
        record.add(
            layout,
            col,
            f"执行依据中有{len(numbers)}个案号，按第一个“{numbers[0].display}”关联，请核实",
            "warning",
        )
    return numbers[0] if numbers else None


def row_date(record: RowRecord, kind: str) -> dt.date | None:
    """The date the court's notice is about: filing, judgment taking effect, listing."""
    order = {
        "suits": ("filed_on",),
        "lost": ("judgment_effective_on", "judgment_on"),
        "dishonest": ("listed_on",),
    }[kind]
    for name in order:
        if record.values.get(name):
            return record.values[name]
    return None
