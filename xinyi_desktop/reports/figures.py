"""The monthly report's figures, read from the case records: what happened in the month,
the month before and the year so far, and what stood at the month's end. Reads only.

Counting rules (the tests recompute every figure from the raw records with them):

* **A lawsuit counts once, however many case numbers it runs through.** The cases of one
  lawsuit are linked (``case_link``): an appeal (kind ``appeal``, from the 二审 case to the
  一审 case) and the execution cases (kind ``execution``, from the 执 case to the judgment it
  enforces). A case stops counting on its own from the day the case that continues it
  takes over (``rules.report_rules.handover_on``): an appeal from its 立案日期, an execution
  case from the day it is listed (or closed, if it never was). From that day the lawsuit
  counts in the continuing case's state only — a judgment whose execution case is listed
  is 失信, not also 败诉待履行 — and nothing the earlier case records on or after that day
  (a 结案 entered on the judgment as well, say) is counted again.
* **What a case is comes from its type** (``rules.report_rules.case_role``): 新增起诉 counts
  first-instance cases only (and types the table does not know), by 立案日期 — not
  appeals, retrial reviews or execution cases (执, 执恢, 执异 …), which continue a lawsuit
  already counted. An execution case is never 起诉: until it is listed it counts as
  败诉待履行 only when the judgment it enforces is not on record. 新增败诉 counts
  judgments (判决生效日期), never execution cases, which carry their judgment's dates.
* Otherwise a case counts in a month by the date its stage change set: 列入失信 by 列入失信日期,
  结案 (履行完毕, 和解, 胜诉, 撤诉) by 结案日期; 退出失信 (销号) is a listed case closed in the
  month.
* 在办 figures are the cases in each stage at the month's last day
  (``rules.report_rules.stage_on``); 在列失信单位 the agencies that are defendants in a case
  listed at that day. 新列入 / 退出失信单位 compare the listed agencies at the month's end with
  those at the previous month's end; their 本年累计 is the sum of the year's months.
* 败诉率 = 败诉 / (败诉 + 胜诉) of the period; 本年累计 runs from 1 January to the month's end.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import peewee as pw

from xinyi_desktop.rules.case_numbers import case_type_info
from xinyi_desktop.rules.report_rules import (
    APPEAL,
    EXECUTION,
    REPORT_STAGES,
    SUIT,
    Month,
    case_role,
    handover_on,
    loss_rate,
    stage_starts,
)
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.store.models import Agency, Case, CaseLink, CaseParty, db

NO_AREA = "未填镇街/部门"
# case_link kinds that carry a lawsuit on, and the type the continuing case must have
CONTINUING_LINKS = {"execution": EXECUTION, "appeal": APPEAL}

# Flow figures: key, label.
FLOWS: list[tuple[str, str]] = [
    ("new_suits", "新增起诉案件"),
    ("lost", "新增败诉案件"),
    ("listed", "新列入失信名单案件"),
    ("exited", "退出失信名单案件（销号）"),
    ("performed", "履行完毕结案"),
    ("settled", "和解结案"),
    ("won", "胜诉结案"),
    ("withdrawn", "撤诉结案"),
]
CLOSING_KEYS = {  # outcome -> the flow figure its 结案 counts in
    Outcome.PERFORMED.value: "performed",
    Outcome.SETTLED.value: "settled",
    Outcome.WON.value: "won",
    Outcome.WITHDRAWN.value: "withdrawn",
}
# Stock figures at the month's end.
STOCKS: list[tuple[str, str]] = [
    ("open_sued", "在审起诉案件（月末）"),
    ("open_lost", "败诉待履行案件（月末）"),
    ("open_listed", "失信未退出案件（月末）"),
    ("listed_bodies", "在列失信单位（月末）"),
]


def day_key(value) -> str | None:
    """Dates as ISO text, as SQLite returns them, so both databases compare alike."""
    if value is None or value == "":
        return None
    return value[:10] if isinstance(value, str) else value.isoformat()[:10]


def _roles() -> Callable[[str], str]:
    """A case type's role for the report (``case_role``), looked up once per type."""
    cache: dict[str, str] = {}

    def role(code: str) -> str:
        found = cache.get(code)
        if found is None:
            found = cache[code] = case_role(case_type_info(code) if code else None)
        return found

    return role


def continuing_links(continued: list[int] | None = None) -> list[tuple[int, int, str]]:
    """(continuing case, the case it continues, its role) of every execution and appeal
    link that the continuing case's type bears out (a 执 case enforcing, a 行终 appealing);
    ``continued``: only the links to these cases (None: all)."""
    role_of = _roles()
    query = (
        CaseLink.select(CaseLink.from_case, CaseLink.to_case, CaseLink.kind, Case.case_type)
        .join(Case, on=(CaseLink.from_case == Case.id))
        .where(CaseLink.kind.in_(list(CONTINUING_LINKS)))
    )
    if continued is not None:
        query = query.where(CaseLink.to_case.in_(continued))
    found = []
    for source, target, kind, code in db.execute(query).fetchall():
        role = CONTINUING_LINKS[kind]
        if role_of(code or "") == role:
            found.append((source, target, role))
    return found


def execution_links(judgments: list[int] | None = None) -> list[tuple[int, int]]:
    """(execution case, the judgment it enforces) of every execution link (to ``judgments``
    only, when given)."""
    links = continuing_links(judgments)
    return [(source, target) for source, target, role in links if role == EXECUTION]


class Timeline:
    """Every case as the report reads it, from one pass over the cases and their links:
    the day each stage begins, the day another case takes over, and the dated events each
    flow figure counts. Days are ISO texts. (Written for speed: the monthly report over
    100,000 cases reads them all.)"""

    def __init__(self) -> None:
        role_of = _roles()
        links = continuing_links()
        enforcing = {source for source, _target, role in links if role == EXECUTION}
        continued = {target for _source, target, _role in links}
        query = Case.select(
            Case.id,
            Case.case_type,
            Case.stage,
            Case.outcome,
            Case.created_at,
            Case.filed_on,
            Case.judgment_effective_on,
            Case.listed_on,
            Case.closed_on,
        )
        self.starts: dict[int, tuple] = {}
        self.ended: dict[int, str] = {}
        self.events: dict[str, list[tuple[str, int]]] = {k: [] for k, _ in FLOWS}
        deferred: list[tuple] = []  # cases another one continues: their end is not known yet
        # SQLite hands dates back as ISO text already; PostgreSQL as dates
        as_text = (lambda v: v) if isinstance(db.obj, pw.SqliteDatabase) else day_key
        for cid, code, stage, outcome, created, *dates in db.execute(query):
            role = role_of(code or "")
            filed, effective, listed, closed = (as_text(d) for d in dates)
            self.starts[cid] = stage_starts(
                role=role,
                stage=stage,
                created_on=day_key(created),
                filed_on=filed,
                judgment_effective_on=effective,
                listed_on=listed,
                closed_on=closed,
                enforces_judgment=cid in enforcing,
            )
            dated = (cid, role, outcome, filed, effective, listed, closed)
            if cid in continued:
                deferred.append(dated)
            else:
                self._add_events(*dated, None)
        for source, target, role in links:
            day = handover_on(role, self.starts[source])
            if day is not None and (target not in self.ended or day < self.ended[target]):
                self.ended[target] = day
        for dates in deferred:
            self._add_events(*dates, self.ended.get(dates[0]))
        self.days = {key: sorted(day for day, _cid in found) for key, found in self.events.items()}
        # (case, listed from, listed until) of every case ever listed
        self.listings: list[tuple[int, str, str | None]] = []
        for cid, (_sued, _lost, listed, closed) in self.starts.items():
            if listed is None:
                continue
            stops = [d for d in (closed, self.ended.get(cid)) if d is not None]
            self.listings.append((cid, listed, min(stops) if stops else None))

    def _add_events(self, cid, role, outcome, filed, effective, listed, closed, end) -> None:
        """The case's dated events that count: those before another case took over."""
        events = self.events
        candidates = [("listed", listed)]
        if role == SUIT:
            candidates.append(("new_suits", filed))
        if role != EXECUTION:
            candidates.append(("lost", effective))
        if closed is not None:
            if listed is not None:
                candidates.append(("exited", closed))
            key = CLOSING_KEYS.get(outcome)
            if key is not None:
                candidates.append((key, closed))
        for key, day in candidates:
            if day is not None and (end is None or day < end):
                events[key].append((day, cid))

    # -- flows --------------------------------------------------------------------------
    def flows(self, start: dt.date, end: dt.date) -> dict[str, int]:
        """Cases per flow figure whose date falls in ``start``..``end``."""
        lo, hi = start.isoformat(), end.isoformat()
        return {
            key: bisect.bisect_right(days, hi) - bisect.bisect_left(days, lo)
            for key, days in self.days.items()
        }

    def flow_ids(self, key: str, start: dt.date, end: dt.date) -> set[int]:
        lo, hi = start.isoformat(), end.isoformat()
        return {cid for day, cid in self.events[key] if lo <= day <= hi}

    # -- stocks -------------------------------------------------------------------------
    def stage_counts(self, days: list[dt.date]) -> list[dict[str, int]]:
        """Cases in each stage at the end of each of ``days`` (sorted): for each case the
        first of ``days`` each stage applies at; a stage lasts until a later one applies
        or another case takes over (difference arrays, then running sums)."""
        ends = [d.isoformat() for d in days]
        count = len(days)
        diffs = [[0] * (count + 1) for _ in REPORT_STAGES]
        find, ended = bisect.bisect_left, self.ended
        for cid, starts in self.starts.items():
            end = ended.get(cid)
            hi = count if end is None else find(ends, end)
            for k in (3, 2, 1, 0):  # from the last stage back: each ends where the next begins
                start = starts[k]
                if start is None:
                    continue
                lo = find(ends, start)
                if lo < hi:
                    diffs[k][lo] += 1
                    diffs[k][hi] -= 1
                    hi = lo
        result = [dict.fromkeys(REPORT_STAGES, 0) for _ in days]
        for k, stage in enumerate(REPORT_STAGES):
            running = 0
            for i in range(count):
                running += diffs[k][i]
                result[i][stage] = running
        return result

    def listed_case_ids(self, day: dt.date) -> set[int]:
        """Cases listed (失信, not yet closed or taken over) at the end of ``day``."""
        key = day.isoformat()
        return {
            cid
            for cid, since, until in self.listings
            if since <= key and (until is None or key < until)
        }

    def listed_agencies_on(self, days: list[dt.date]) -> list[dict[int, str]]:
        """For each of ``days``: the agencies listed at its end (defendants in a listed
        case), agency id -> town/department."""
        listed = [self.listed_case_ids(d) for d in days]
        wanted = set().union(*listed) if listed else set()
        defendants: dict[int, list[tuple[int, str]]] = {}
        if wanted:
            ever = Case.listed_on.is_null(False) | (Case.stage == Stage.DISHONEST.value)
            query = (
                CaseParty.select(CaseParty.case, CaseParty.agency, Agency.area)
                .join(Agency)
                .switch(CaseParty)
                .join(Case)
                .where((CaseParty.role == "defendant") & ever)
            )
            for cid, agency_id, area in db.execute(query).fetchall():
                if cid in wanted:
                    defendants.setdefault(cid, []).append((agency_id, area or NO_AREA))
        return [
            {agency: area for cid in cases for agency, area in defendants.get(cid, [])}
            for cases in listed
        ]


def listed_agencies_on(day: dt.date, timeline: Timeline | None = None) -> dict[int, str]:
    """Agencies listed at the end of ``day``: id -> town/department."""
    return (timeline or Timeline()).listed_agencies_on([day])[0]


@dataclass
class Figure:
    key: str
    label: str
    month: float | None  # None: a rate of a period with nothing to divide by
    previous: float | None
    year_to_date: float | None  # None for a stock

    @property
    def change(self) -> float | None:
        if self.month is None or self.previous is None:
            return None
        return self.month - self.previous

    @property
    def is_rate(self) -> bool:
        return self.key == "loss_rate"


@dataclass
class Summary:
    """The summary table: every figure for the month, the month before and the year."""

    month: Month
    figures: list[Figure]
    listed_now: dict[int, str] = field(default_factory=dict)  # agency id -> area
    listed_before: dict[int, str] = field(default_factory=dict)

    def value(self, key: str) -> float:
        return next(f.month for f in self.figures if f.key == key)

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def summary(month: Month, series: StageSeries | None = None, timeline: Timeline | None = None):
    """``series``: the 12-month stage counts if already read (they hold both month ends)."""
    timeline = timeline or Timeline()
    previous = month.previous()
    now_flows = timeline.flows(month.first, month.last)
    before_flows = timeline.flows(previous.first, previous.last)
    ytd = timeline.flows(dt.date(month.year, 1, 1), month.last)
    figures = [Figure(k, label, now_flows[k], before_flows[k], ytd[k]) for k, label in FLOWS]
    figures.append(
        Figure(
            "loss_rate",
            "败诉率（败诉÷（败诉＋胜诉））",
            loss_rate(now_flows["lost"], now_flows["won"]),
            loss_rate(before_flows["lost"], before_flows["won"]),
            loss_rate(ytd["lost"], ytd["won"]),
        )
    )
    if series is not None and series.months[-2:] == [previous, month]:
        counts = series.all_counts[-2:]
    else:
        counts = timeline.stage_counts([previous.last, month.last])
    # Listed bodies at the month ends from the December before the year (the November
    # before, in January) to this month: the year's new and exited bodies, month by month.
    ends = month.last_months(max(month.month, 2) + 1)
    listed = timeline.listed_agencies_on([m.last for m in ends])
    listed_now, listed_before = listed[-1], listed[-2]
    stock_before = _stocks(counts[0], listed_before)
    stock_now = _stocks(counts[1], listed_now)
    figures += [Figure(k, label, stock_now[k], stock_before[k], None) for k, label in STOCKS]
    pairs = list(zip(listed, listed[1:], strict=False))
    new = [len(set(after) - set(before)) for before, after in pairs]
    gone = [len(set(before) - set(after)) for before, after in pairs]
    figures += [
        Figure("bodies_listed", "新列入失信单位", new[-1], new[-2], sum(new[-month.month :])),
        Figure("bodies_exited", "退出失信单位", gone[-1], gone[-2], sum(gone[-month.month :])),
    ]
    return Summary(month, figures, listed_now, listed_before)


def _stocks(stages: dict[str, int], bodies: dict[int, str]) -> dict[str, int]:
    return {
        "open_sued": stages[Stage.SUED.value],
        "open_lost": stages[Stage.LOST.value],
        "open_listed": stages[Stage.DISHONEST.value],
        "listed_bodies": len(bodies),
    }


@dataclass
class StageSeries:
    """Cases in progress by stage at each month's end (the 12-month chart)."""

    months: list[Month]
    counts: dict[str, list[int]]  # sued / lost / dishonest -> one count per month
    all_counts: list[dict[str, int]] = field(default_factory=list)  # every stage, per month


def stage_series(month: Month, count: int = 12, timeline: Timeline | None = None) -> StageSeries:
    months = month.last_months(count)
    found = (timeline or Timeline()).stage_counts([m.last for m in months])
    counts = {s: [f[s] for f in found] for s in ("sued", "lost", "dishonest")}
    return StageSeries(months, counts, found)


def listed_by_area(listed: dict[int, str]) -> dict[str, int]:
    """Listed agencies per town/department, most first."""
    found: dict[str, int] = {}
    for area in listed.values():
        found[area] = found.get(area, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
