"""Finding the header of a court list, the kind of list, and a column mapping.

Headers are matched against ``data/import_synonyms.json``; nothing about a particular
court's layout is written in code.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from xinyi_desktop.errors import CaseNumberError
from xinyi_desktop.importing.cells import text_of
from xinyi_desktop.rules.case_numbers import parse_case_number

HEADER_SCAN_ROWS = 40
KINDS = ("suits", "lost", "dishonest")
# Fields that may take several columns (their values are joined).
MULTI_FIELDS = frozenset({"plaintiffs", "defendants", "note"})
_BRACKETED = re.compile(r"[(（\[【][^)）\]】]*[)）\]】]")


@dataclass(frozen=True)
class Footers:
    """How the rows below the data (totals, remarks) are recognised."""

    totals: tuple[str, ...]
    count: re.Pattern
    remarks: tuple[str, ...]


@dataclass(frozen=True)
class Synonyms:
    fields: dict[str, dict]  # field -> {"label", "synonyms"}
    exact: dict[str, str]  # normalised header -> field ("" = known, not imported)
    contained: list[tuple[str, str]]  # (normalised synonym, field), longest first
    kinds: dict[str, dict]
    units: dict[str, int]
    qualifiers: tuple[str, ...] = ()  # words that make a header about something else
    footers: Footers | None = None

    def label(self, field_name: str | None) -> str:
        if not field_name:
            return "（不导入）"
        return self.fields.get(field_name, {}).get("label", field_name)


def normalize_header(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text or "")
    return "".join(folded.split()).strip(":*＊").lower()


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Synonyms:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    exact: dict[str, str] = {}
    contained: list[tuple[str, str]] = []
    for name in raw.get("not_imported", []):
        exact.setdefault(normalize_header(name), "")
        contained.append((normalize_header(name), ""))
    for field_name, spec in raw["fields"].items():
        for synonym in spec["synonyms"]:
            key = normalize_header(synonym)
            exact[key] = field_name
            if len(key) >= 2:
                contained.append((key, field_name))
    contained.sort(key=lambda item: len(item[0]), reverse=True)
    footers = raw.get("footers", {})
    return Synonyms(
        raw["fields"],
        exact,
        contained,
        raw["kinds"],
        raw.get("amount_units", {}),
        tuple(normalize_header(q) for q in raw.get("qualifiers", [])),
        Footers(
            tuple(footers.get("totals", [])),
            re.compile(footers.get("count_pattern") or r"(?!)"),
            tuple(footers.get("remarks", [])),
        ),
    )


def load_synonyms(path: Path | None = None) -> Synonyms:
    from xinyi_desktop import paths

    path = path or paths.data_dir() / "import_synonyms.json"
    return _load(str(path), path.stat().st_mtime)


def match_header(text: str, synonyms: Synonyms) -> str | None:
    """The field a header names, ``""`` for a known column that is not imported, or None.

    A header that only contains a synonym (or equals one once a bracket is dropped) is
    taken for it unless it carries a qualifier the synonym lacks: 被告住所地 is the
    defendant's address, not the defendant; such a column stays unmapped for the clerk.
    """
    key = normalize_header(text)
    if not key:
        return None
    if key in synonyms.exact:
        return synonyms.exact[key]
    qualifiers = [q for q in synonyms.qualifiers if q in key]
    bare = _BRACKETED.sub("", key)
    if bare in synonyms.exact and _carries(bare, qualifiers):
        return synonyms.exact[bare]
    for synonym, field_name in synonyms.contained:
        if synonym in bare and _carries(synonym, qualifiers):
            return field_name
    return None


def _carries(synonym: str, qualifiers: list[str]) -> bool:
    return all(q in synonym for q in qualifiers)


def amount_factor(header: str) -> int:
    """10000 when the header says the amounts are in 万元."""
    return 10000 if "万" in normalize_header(header) else 1


@dataclass
class Column:
    index: int
    header: str  # as shown: "案件信息／案号" for a two-level header
    key_text: str  # the lowest header text, which names the column
    proposed: str | None = None  # the field the synonyms suggest


@dataclass
class Layout:
    """Where the header is, what each column is, and what kind of list this is."""

    sheet: str
    header_rows: tuple[int, ...]
    data_start: int
    columns: list[Column]
    mapping: dict[int, str] = field(default_factory=dict)  # column index -> field
    kind: str = "suits"
    kind_reason: str = ""

    @property
    def signature(self) -> str:
        """Equal for files of the same layout: the column headers, in order."""
        text = "|".join(c.key_text for c in self.columns)
        return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]

    def column_of(self, field_name: str) -> int | None:
        for index, name in self.mapping.items():
            if name == field_name:
                return index
        return None

    def header_of(self, index: int) -> str:
        for column in self.columns:
            if column.index == index:
                return column.header
        return f"第{index + 1}列"


def _row_texts(row: list) -> list[str]:
    return [text_of(v) for v in row]


def _header_score(texts: list[str], synonyms: Synonyms) -> tuple[int, bool]:
    fields = {match_header(t, synonyms) for t in texts if t and len(t) <= 40}
    fields.discard(None)
    fields.discard("")
    return len(fields), "case_no" in fields


def _is_case_number(text: str) -> bool:
    if not text or len(text) > 60:
        return False
    try:
        parse_case_number(text)
    except CaseNumberError:
        return False
    return True


def find_layout(sheet_name: str, rows: list[list], synonyms: Synonyms) -> Layout | None:
    """The layout of one sheet, or None when no row looks like a header with a case number."""
    best, best_score = None, 0
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score, has_case_no = _header_score(_row_texts(row), synonyms)
        if has_case_no and score > best_score:
            best, best_score = r, score
    if best is None:
        return None
    header_rows = [best]
    if best > 0:
        above = _row_texts(rows[best - 1])
        distinct = {t for t in above if t}
        if len(distinct) >= 2 and not any(_is_case_number(t) for t in above):
            header_rows.insert(0, best - 1)
    if best + 1 < len(rows):
        below = _row_texts(rows[best + 1])
        score, _ = _header_score(below, synonyms)
        if score and not any(_is_case_number(t) for t in below):
            header_rows.append(best + 1)
    width = max(len(rows[r]) for r in header_rows)
    columns = []
    for c in range(width):
        parts = []
        for r in header_rows:
            t = _row_texts(rows[r])[c] if c < len(rows[r]) else ""
            if t and t not in parts:
                parts.append(t)
        if not parts:
            parts = [""]
        field_name = None
        for part in reversed(parts):  # the lowest level names the column
            field_name = match_header(part, synonyms)
            if field_name is not None:
                break
        columns.append(Column(c, "／".join(p for p in parts if p), parts[-1], field_name or None))
    layout = Layout(sheet_name, tuple(header_rows), header_rows[-1] + 1, columns)
    layout.mapping = propose_mapping(columns)
    return layout


def propose_mapping(columns: list[Column]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for column in columns:
        name = column.proposed
        if not name or (name in used and name not in MULTI_FIELDS):
            continue
        mapping[column.index] = name
        used.add(name)
    return mapping


def detect_kind(
    layout: Layout, rows: list[list], synonyms: Synonyms, extra_text: str = ""
) -> tuple[str, str]:
    """The kind of list (suits / lost / dishonest) and why, from titles, headers and numbers."""
    title = (
        " ".join(t for r in rows[: layout.header_rows[0]] for t in _row_texts(r) if t)
        + " "
        + extra_text
        + " "
        + layout.sheet
    )
    headers = " ".join(c.header for c in layout.columns)
    scores = {kind: 0 for kind in KINDS}
    for kind in KINDS:
        for word in synonyms.kinds.get(kind, {}).get("words", []):
            if word in title:
                scores[kind] += 3
            if word in headers:
                scores[kind] += 1
    mapped = set(layout.mapping.values())
    if {"listed_on", "basis_no"} & mapped:
        scores["dishonest"] += 3
    if {"judgment_effective_on", "performance_deadline"} & mapped:
        scores["lost"] += 2
    column = layout.column_of("case_no")
    if column is not None:
        sample = [text_of(r[column]) for r in rows[layout.data_start :][:50] if column < len(r)]
        numbers = [t for t in sample if t]
        if numbers and sum("执" in t for t in numbers) * 2 > len(numbers):
            scores["dishonest"] += 3
    kind = max(KINDS, key=lambda k: (scores[k], -KINDS.index(k)))
    if scores[kind] == 0:
        return "suits", "未发现败诉或失信名单的特征，按起诉案件处理"
    label = synonyms.kinds.get(kind, {}).get("label", kind)
    return kind, f"按标题和列名判断为{label}"
