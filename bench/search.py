"""The register's search over the benchmark database, in process.

One measurement is what the register does when the clerk types or picks a filter:
``CaseIds`` for the result (all matching ids when filtered, the count and the first chunk
when not), then ``fetch_rows`` for the first page.
Baselines show the machine's speed: ``SELECT COUNT(*)`` as asked for, and a count that
reads every row's search text. SQLite answers a bare ``COUNT(*)`` by counting B-tree cells
without reading rows (microseconds), so the ratios are taken against the row-reading count,
which is the work any unindexed search must do at least once.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services.case_query import CaseFilter, CaseIds, case_years, fetch_rows
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Agency, Case, CaseParty, db

FIRST_PAGE = 200


@dataclass(frozen=True)
class Query:
    key: str  # stable name for results.json
    label: str  # shown in the README table
    flt: CaseFilter


@dataclass
class QueryTiming:
    query: Query
    matches: int
    times_ms: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def worst_ms(self) -> float:
        return max(self.times_ms)


COUNT_SQL = 'SELECT COUNT(*) FROM "case"'
SCAN_SQL = 'SELECT COUNT(*) FROM "case" WHERE length(search_text) >= 0'


@dataclass
class SearchResult:
    count_ms: list[float]  # bare COUNT(*)
    scan_ms: list[float]  # COUNT(*) reading every row: the ratios' baseline
    timings: list[QueryTiming]

    @property
    def count_median_ms(self) -> float:
        return statistics.median(self.count_ms)

    @property
    def scan_median_ms(self) -> float:
        return statistics.median(self.scan_ms)


def build_queries() -> list[Query]:
    """Realistic searches, with numbers and names taken from the database itself."""
    sample = (
        Case.select()
        .where(Case.case_type == "行初")
        .order_by(Case.id)
        .offset(Case.select().count() // 2)
        .first()
    )
    # Typed the way clerks do: ASCII brackets and stray spaces.
    messy_no = f"({sample.year}) {sample.court_code} {sample.case_type} {sample.serial}号"
    plaintiffs = (
        CaseParty.select(CaseParty.name)
        .where((CaseParty.role == "plaintiff") & (pw.fn.LENGTH(CaseParty.name) <= 3))
        .order_by(CaseParty.id)
    )
    plaintiff = plaintiffs.offset(plaintiffs.count() // 3).first().name
    busiest = (
        Agency.select(Agency.id, Agency.name, pw.fn.COUNT(CaseParty.id).alias("n"))
        .join(CaseParty)
        .where(CaseParty.role == "defendant")
        .group_by(Agency.id)
        .order_by(pw.SQL("n").desc())
        .first()
    )
    years = case_years()
    year = years[1] if len(years) > 1 else years[0]  # the last full year
    return [
        Query("all", "搜索：全部案件（无筛选）", CaseFilter()),
        Query("case_number", f"搜索：案号“{messy_no}”", CaseFilter(text=messy_no)),
        Query("agency_text", "搜索：单位名称片段“棋盘镇”", CaseFilter(text="棋盘镇")),
        Query("plaintiff", f"搜索：原告姓名“{plaintiff}”", CaseFilter(text=plaintiff)),
        Query("cause", "搜索：案由“房屋征收”", CaseFilter(text="房屋征收")),
        # Every agency's name starts with 新沂市: the worst case, every case matches.
        Query("broad", "搜索：几乎所有案件都含的“新沂市”", CaseFilter(text="新沂市")),
        Query(
            "stage_year",
            f"筛选：{Stage.DISHONEST.label}阶段 + {year}年",
            CaseFilter(stage=Stage.DISHONEST.value, year=year),
        ),
        Query("agency_filter", f"筛选：被告单位“{busiest.name}”", CaseFilter(agency_id=busiest.id)),
    ]


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    value = action()
    return (time.perf_counter() - started) * 1000, value


def _register_lookup(flt: CaseFilter) -> int:
    ids = CaseIds(flt)
    fetch_rows(ids.slice(0, FIRST_PAGE))
    return len(ids)


def measure_search(db_path: Path, repeat: int) -> SearchResult:
    """Median and worst of ``repeat`` timed runs per query, each after one warm-up run."""
    init_db(db_path)
    try:
        baselines = []
        for sql in (COUNT_SQL, SCAN_SQL):
            db.execute_sql(sql).fetchone()  # warm-up
            baselines.append(
                [_timed(lambda s=sql: db.execute_sql(s).fetchone())[0] for _ in range(repeat)]
            )
        timings = []
        for query in build_queries():
            matches = _register_lookup(query.flt)  # warm-up
            times = [_timed(lambda q=query: _register_lookup(q.flt))[0] for _ in range(repeat)]
            timings.append(QueryTiming(query, matches, times))
    finally:
        close_db()
    return SearchResult(baselines[0], baselines[1], timings)
