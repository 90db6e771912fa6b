"""The case register's query: filter and sort in SQL, fetch rows by id in pages.

``matching_ids`` runs one query that returns the ids of every matching case in display
order (cheap even for 100,000 rows); the table fetches the row data for the ids it shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from xinyi_desktop.errors import CaseNumberError
from xinyi_desktop.rules.case_numbers import parse_case_number
from xinyi_desktop.rules.search import search_terms
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.store.models import Case, CaseParty, db


@dataclass(frozen=True)
class CaseFilter:
    text: str = ""
    stage: str | None = None
    agency_id: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort: tuple  # SQL expressions, in order
    width: int  # a sensible starting width in characters
    reverse: bool = False  # the stored values sort the other way round from the display


COLUMNS: list[Column] = [
    Column("case_no", "案号", (Case.year, Case.court_code, Case.case_type, Case.serial), 13),
    # Stages sort in workflow order, 起诉 → 败诉 → 失信 → 结案, which is their stored
    # names backwards (sued > lost > dishonest > closed): the index still serves.
    Column("stage", "阶段", (Case.stage,), 6, reverse=True),
    Column("cause", "案由", (Case.cause,), 9),
    Column("plaintiffs", "原告", (Case.plaintiffs_text,), 9),
    Column("defendants", "被告单位", (Case.defendants_text,), 13),
    Column("filed_on", "立案日期", (Case.filed_on,), 7),
    Column("judgment_effective_on", "判决生效日期", (Case.judgment_effective_on,), 7),
    Column("performance_deadline", "履行期限", (Case.performance_deadline,), 7),
    Column("listed_on", "列入失信日期", (Case.listed_on,), 7),
]
COLUMN_KEYS = [c.key for c in COLUMNS]
DEFAULT_SORT = "filed_on"

_ROW_FIELDS = (
    Case.id,
    Case.case_no,
    Case.stage,
    Case.cause,
    Case.plaintiffs_text,
    Case.defendants_text,
    Case.filed_on,
    Case.judgment_effective_on,
    Case.performance_deadline,
    Case.listed_on,
    Case.outcome,
)


@dataclass(frozen=True)
class CaseRow:
    id: int
    case_no: str
    stage: str
    cause: str
    plaintiffs: str
    defendants: str
    filed_on: dt.date | None
    judgment_effective_on: dt.date | None
    performance_deadline: dt.date | None
    listed_on: dt.date | None
    outcome: str | None

    def value(self, key: str):
        return getattr(self, key)


def _where(flt: CaseFilter) -> list:
    conditions = []
    text = flt.text.strip()
    if text:
        try:
            conditions.append(Case.case_key == parse_case_number(text).key)
        except CaseNumberError:
            conditions.extend(_contains(term) for term in search_terms(text))
    if flt.stage:
        conditions.append(Case.stage == Stage(flt.stage).value)
    if flt.year:
        conditions.append(Case.year == flt.year)
    if flt.agency_id:
        conditions.append(
            Case.id.in_(
                CaseParty.select(CaseParty.case).where(
                    (CaseParty.agency == flt.agency_id) & (CaseParty.role == "defendant")
                )
            )
        )
    return conditions


def _contains(term: str):
    """The search text holds ``term`` (both folded and lower-cased alike). On SQLite by
    ``instr``, a plain byte search: LIKE compares character by character, case-folding
    ASCII, which costs up to a quarter more on a 100,000-case scan, for nothing here."""
    if isinstance(db.obj, pw.SqliteDatabase):
        return pw.fn.instr(Case.search_text, term) > 0
    return Case.search_text.contains(term)


def filter_conditions(flt: CaseFilter) -> list:
    """The SQL conditions of ``flt`` (for other readers of the same filter: the registers)."""
    return _where(flt)


def _ordered_query(
    flt: CaseFilter, sort_key: str, descending: bool, *, by_index: bool = False
) -> pw.ModelSelect:
    column = next(c for c in COLUMNS if c.key == sort_key)
    keys = list(column.sort)
    if flt.text.strip() and not by_index and isinstance(db.obj, pw.SqliteDatabase):
        # A text search matches few rows: find them by one scan and sort those, instead of
        # letting SQLite walk the sort index and look up every row (4× slower). Unary +
        # is SQLite's way to say "not by index"; PostgreSQL plans this well by itself.
        keys = [pw.NodeList((pw.SQL("+"), e), glue="") for e in keys]
    down = descending != column.reverse
    order = [e.desc(nulls="LAST") if down else e.asc(nulls="LAST") for e in keys]
    order.append(Case.id.desc() if descending else Case.id.asc())
    query = Case.select(Case.id).order_by(*order)
    conditions = _where(flt)
    if conditions:
        query = query.where(*conditions)
    return query


def _ids(query: pw.ModelSelect) -> list[int]:
    return [row[0] for row in db.execute(query).fetchall()]


def matching_ids(
    flt: CaseFilter = CaseFilter(), sort_key: str = DEFAULT_SORT, descending: bool = True
) -> list[int]:
    """Ids of the cases that pass ``flt``, ordered by the column ``sort_key``."""
    return _ids(_ordered_query(flt, sort_key, descending))


def is_unfiltered(flt: CaseFilter) -> bool:
    return not (flt.text.strip() or flt.stage or flt.year or flt.agency_id)


# A text search that a sample says most cases match ("新沂市", "人民政府") is read like the
# unfiltered register: walking the sort index finds the first screenful at once, where
# finding and sorting every match would take several times longer.
SAMPLE_ROWS = 2000
BROAD_SHARE = 0.2


def is_broad(flt: CaseFilter) -> bool:
    """Whether at least ``BROAD_SHARE`` of a sample of cases match ``flt``'s text."""
    if not flt.text.strip():
        return False
    sample = Case.select(Case.id).order_by(Case.id.desc()).limit(SAMPLE_ROWS)
    conditions = _where(CaseFilter(text=flt.text))
    seen = Case.select().where(Case.id.in_(sample)).count()
    if seen < SAMPLE_ROWS // 4:  # a small register: any plan is quick
        return False
    matched = Case.select().where(Case.id.in_(sample), *conditions).count()
    return matched >= BROAD_SHARE * seen


class CaseIds:
    """The ordered ids of the cases passing a filter, read from the database as needed.

    With no filter, the count is instant and the ids are read a chunk at a time in index
    order, so opening a register of 100,000 cases reads only what is shown; so with a
    text that most cases match, after one count. With another filter, one scan finds
    every match (and so the count) at once.
    """

    CHUNK = 1000

    def __init__(
        self,
        flt: CaseFilter = CaseFilter(),
        sort_key: str = DEFAULT_SORT,
        descending: bool = True,
    ) -> None:
        self._query = _ordered_query(flt, sort_key, descending)
        self._ids: list[int] = []
        if is_unfiltered(flt):
            self.total = Case.select().count()
        elif is_broad(flt):
            self._query = _ordered_query(flt, sort_key, descending, by_index=True)
            self.total = self._query.order_by().count()
        else:
            self._ids = _ids(self._query)
            self.total = len(self._ids)

    def __len__(self) -> int:
        return self.total

    def _load(self, stop: int) -> None:
        while len(self._ids) < min(stop, self.total):
            start = len(self._ids)
            chunk = _ids(self._query.limit(max(self.CHUNK, stop - start)).offset(start))
            if not chunk:  # rows deleted meanwhile
                self.total = len(self._ids)
                break
            self._ids.extend(chunk)

    def slice(self, start: int, stop: int) -> list[int]:
        self._load(stop)
        return self._ids[start:stop]

    def __getitem__(self, row: int) -> int:
        self._load(row + 1)
        return self._ids[row]

    def index(self, case_id: int) -> int | None:
        """The row of ``case_id``, or None if it does not pass the filter."""
        if case_id in self._ids:
            return self._ids.index(case_id)
        self._load(self.total)
        return self._ids.index(case_id) if case_id in self._ids else None


def fetch_rows(ids: list[int]) -> list[CaseRow]:
    """The register rows for ``ids``, in the same order."""
    if not ids:
        return []
    found = {}
    for start in range(0, len(ids), 500):  # stay below SQLite's bound-parameter limit
        chunk = ids[start : start + 500]
        query = Case.select(*_ROW_FIELDS).where(Case.id.in_(chunk)).tuples()
        for values in query:
            found[values[0]] = CaseRow(*values)
    return [found[i] for i in ids if i in found]


def case_years() -> list[int]:
    query = Case.select(pw.fn.DISTINCT(Case.year)).order_by(Case.year.desc()).tuples()
    return [row[0] for row in query]


def count_by_stage() -> dict[str, int]:
    query = Case.select(Case.stage, pw.fn.COUNT(Case.id)).group_by(Case.stage).tuples()
    return dict(query)
