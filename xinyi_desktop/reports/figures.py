"""The monthly report's figures, read from the case records: what happened in the month,
the month before and the year so far, and what stood at the month's end. Reads only.

Counting rules (the tests recompute every figure from the raw records with them):

* a case counts in a month by the date its stage change set: 新增起诉 by 立案日期, 败诉 by
  判决生效日期, 列入失信 by 列入失信日期, 结案 (履行完毕, 和解, 胜诉, 撤诉) by 结案日期;
  退出失信 (销号) is a listed case closed in the month;
* 在办 figures are the cases in each stage at the month's last day (``rules.report_rules
  .stage_on``); 在列失信单位 the agencies that are defendants in such a listed case;
* 败诉率 = 败诉 / (败诉 + 胜诉) of the period;
* 本年累计 runs from 1 January to the month's last day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from xinyi_desktop.rules.report_rules import Month, loss_rate
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.store.models import Agency, Case, CaseParty, db

NO_AREA = "未填镇街/部门"

# Flow figures: key, label. Their conditions are in ``_flow_conditions``.
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
# Stock figures at the month's end.
STOCKS: list[tuple[str, str]] = [
    ("open_sued", "在审起诉案件（月末）"),
    ("open_lost", "败诉待履行案件（月末）"),
    ("open_listed", "失信未退出案件（月末）"),
    ("listed_bodies", "在列失信单位（月末）"),
]


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


def _between(column, start: dt.date, end: dt.date):
    return (column >= start) & (column <= end)


def _flow_conditions(start: dt.date, end: dt.date) -> dict[str, pw.Expression]:
    closed = _between(Case.closed_on, start, end)
    return {
        "new_suits": _between(Case.filed_on, start, end),
        "lost": _between(Case.judgment_effective_on, start, end),
        "listed": _between(Case.listed_on, start, end),
        "exited": closed & Case.listed_on.is_null(False),
        "performed": closed & (Case.outcome == Outcome.PERFORMED.value),
        "settled": closed & (Case.outcome == Outcome.SETTLED.value),
        "won": closed & (Case.outcome == Outcome.WON.value),
        "withdrawn": closed & (Case.outcome == Outcome.WITHDRAWN.value),
    }


def _count_when(condition) -> pw.Node:
    return pw.fn.COALESCE(pw.fn.SUM(pw.Case(None, [(condition, 1)], 0)), 0)


def case_flows(start: dt.date, end: dt.date) -> dict[str, int]:
    """Cases per flow figure whose date falls in ``start``..``end``."""
    conditions = _flow_conditions(start, end)
    query = Case.select(*(_count_when(c) for c in conditions.values()))
    row = db.execute(query).fetchone()
    return {key: int(value or 0) for key, value in zip(conditions, row, strict=True)}


def stage_at(day: dt.date) -> pw.Node:
    """SQL for ``rules.report_rules.stage_on``: the case's stage at the end of ``day``."""
    registered = Case.created_at < dt.datetime.combine(day + dt.timedelta(days=1), dt.time())

    def reached(column, stage: Stage):
        return (column <= day) | (column.is_null() & (Case.stage == stage.value) & registered)

    return pw.Case(
        None,
        [
            (reached(Case.closed_on, Stage.CLOSED), Stage.CLOSED.value),
            (reached(Case.listed_on, Stage.DISHONEST), Stage.DISHONEST.value),
            (reached(Case.judgment_effective_on, Stage.LOST), Stage.LOST.value),
            ((Case.filed_on <= day) | (Case.filed_on.is_null() & registered), Stage.SUED.value),
        ],
        None,
    )


def stages_on(day: dt.date) -> dict[str, int]:
    """Cases in each stage at the end of ``day``."""
    expr = stage_at(day)
    query = Case.select(expr, pw.fn.COUNT(Case.id)).group_by(expr)
    found = {stage.value: 0 for stage in Stage}
    for stage, count in db.execute(query).fetchall():
        if stage:
            found[stage] = count
    return found


def listed_agencies_on(day: dt.date) -> dict[int, str]:
    """Agencies listed at the end of ``day`` (defendants in a listed case): id -> area."""
    # Only cases ever listed can be: found by index first, then read their stage on ``day``.
    ever_listed = Case.listed_on.is_null(False) | (Case.stage == Stage.DISHONEST.value)
    listed_cases = Case.select(Case.id).where(
        ever_listed & (stage_at(day) == Stage.DISHONEST.value)
    )
    query = (
        CaseParty.select(CaseParty.agency, Agency.area)
        .join(Agency)
        .where((CaseParty.role == "defendant") & CaseParty.case.in_(listed_cases))
        .distinct()
    )
    return {agency_id: area or NO_AREA for agency_id, area in db.execute(query).fetchall()}


def _day_key(value) -> str | None:
    """Dates as ISO text, as SQLite returns them, so both databases compare alike."""
    if value is None:
        return None
    return value[:10] if isinstance(value, str) else value.isoformat()[:10]


def stage_counts(days: list[dt.date]) -> list[dict[str, int]]:
    """Cases in each stage at the end of each of ``days`` (sorted), in one pass over the
    cases: for each case, the first day each stage applies, then the runs between them."""
    ends = [d.isoformat() for d in days]
    order = [Stage.SUED.value, Stage.LOST.value, Stage.DISHONEST.value, Stage.CLOSED.value]
    diff = {s: [0] * (len(days) + 1) for s in order}
    query = Case.select(
        Case.stage,
        Case.created_at,
        Case.filed_on,
        Case.judgment_effective_on,
        Case.listed_on,
        Case.closed_on,
    )
    count = len(days)
    for stage, created, filed, effective, listed, closed in db.execute(query):
        created = _day_key(created)
        reach = [
            _day_key(filed) or created,
            _day_key(effective),
            _day_key(listed),
            _day_key(closed),
        ]
        own = order.index(stage) if stage in order else 0
        if own and reach[own] is None:
            reach[own] = created
        first = [count if r is None else bisect.bisect_left(ends, r) for r in reach]
        for k in range(3):
            lo, hi = first[k], min(first[k + 1 :])
            if lo < hi:
                diff[order[k]][lo] += 1
                diff[order[k]][hi] -= 1
        if first[3] < count:
            diff[order[3]][first[3]] += 1
    result = [dict.fromkeys(order, 0) for _ in days]
    for stage in order:
        running = 0
        for i in range(count):
            running += diff[stage][i]
            result[i][stage] = running
    return result


def stocks_on(day: dt.date, stages: dict[str, int] | None = None):
    stages = stages if stages is not None else stages_on(day)
    listed = listed_agencies_on(day)
    values = {
        "open_sued": stages[Stage.SUED.value],
        "open_lost": stages[Stage.LOST.value],
        "open_listed": stages[Stage.DISHONEST.value],
        "listed_bodies": len(listed),
    }
    return values, listed


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


def summary(month: Month, series: StageSeries | None = None) -> Summary:
    """``series``: the 12-month stage counts if already read (they hold both month ends)."""
    previous = month.previous()
    now_flows = case_flows(month.first, month.last)
    before_flows = case_flows(previous.first, previous.last)
    ytd = case_flows(dt.date(month.year, 1, 1), month.last)
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
        counts = [{s: series.all_counts[i][s] for s in series.all_counts[i]} for i in (-2, -1)]
    else:
        counts = stage_counts([previous.last, month.last])
    stock_before, listed_before = stocks_on(previous.last, counts[0])
    stock_now, listed_now = stocks_on(month.last, counts[1])
    figures += [Figure(k, label, stock_now[k], stock_before[k], None) for k, label in STOCKS]
    new_bodies = len(set(listed_now) - set(listed_before))
    gone_bodies = len(set(listed_before) - set(listed_now))
    before_prev = listed_agencies_on(previous.previous().last)
    figures += [
        Figure(
            "bodies_listed",
            "新列入失信单位",
            new_bodies,
            len(set(listed_before) - set(before_prev)),
            None,
        ),
        Figure(
            "bodies_exited",
            "退出失信单位",
            gone_bodies,
            len(set(before_prev) - set(listed_before)),
            None,
        ),
    ]
    return Summary(month, figures, listed_now, listed_before)


@dataclass
class StageSeries:
    """Cases in progress by stage at each month's end (the 12-month chart)."""

    months: list[Month]
    counts: dict[str, list[int]]  # sued / lost / dishonest -> one count per month
    all_counts: list[dict[str, int]] = field(default_factory=list)  # every stage, per month


def stage_series(month: Month, count: int = 12) -> StageSeries:
    months = month.last_months(count)
    found = stage_counts([m.last for m in months])
    counts = {s: [f[s] for f in found] for s in ("sued", "lost", "dishonest")}
    return StageSeries(months, counts, found)


def listed_by_area(listed: dict[int, str]) -> dict[str, int]:
    """Listed agencies per town/department, most first."""
    found: dict[str, int] = {}
    for area in listed.values():
        found[area] = found.get(area, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: (-kv[1], kv[0])))
