"""The report's charts as data, and the interface that draws them.

The core says *what* a chart shows (``BarChart``); drawing needs a font engine that can set
Chinese text, which the core does not have and may not import (Qt). The ui layer's
``ui.charts.QtChartRenderer`` draws with QPainter onto a QImage; the windows pass it in,
and ``main.py`` hands it to the command line. The same ``BarChart`` is painted on the
工作台, so the report and the screen show the same picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from xinyi_desktop.reports.figures import StageSeries, listed_by_area

STAGE_COLOURS = {"sued": "#4f81bd", "lost": "#f2a33a", "dishonest": "#c0504d"}
STAGE_NAMES = {"sued": "起诉", "lost": "败诉", "dishonest": "失信"}
# Bars a printed chart holds legibly; past them the smallest groups share one bar.
MAX_AREAS = 30


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]
    colour: str  # "#rrggbb"


@dataclass(frozen=True)
class BarChart:
    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = True
    horizontal: bool = False
    unit: str = "件"

    @property
    def empty(self) -> bool:
        return not any(v for s in self.series for v in s.values)

    def total(self, index: int) -> int:
        return sum(s.values[index] for s in self.series)


class ChartRenderer(Protocol):
    """Draws a chart to PNG bytes of ``width`` × ``height`` pixels."""

    def png(self, chart: BarChart, width: int, height: int) -> bytes: ...


def stage_chart(series: StageSeries) -> BarChart:
    """图1: cases in progress by stage at each month's end, the last 12 months."""
    labels = tuple(
        f"{m.year % 100:02d}.{m.month}" if m.month == 1 or i == 0 else f"{m.month}月"
        for i, m in enumerate(series.months)
    )
    return BarChart(
        key="stages",
        title="近12个月各阶段在办案件数（月末）",
        categories=labels,
        series=tuple(
            Series(STAGE_NAMES[s], tuple(series.counts[s]), STAGE_COLOURS[s])
            for s in ("sued", "lost", "dishonest")
        ),
    )


def area_chart(listed: dict[int, str]) -> BarChart:
    """图2: listed agencies by town/department at the month's end, every group a bar, most
    first (past ``MAX_AREAS``, the smallest share the last bar, which names how many)."""
    items = list(listed_by_area(listed).items())
    if len(items) > MAX_AREAS:
        rest = items[MAX_AREAS - 1 :]
        other = (f"其他{len(rest)}个镇街/部门", sum(n for _, n in rest))
        items = items[: MAX_AREAS - 1] + [other]
    return BarChart(
        key="areas",
        title="在列失信单位按镇街/部门分布（月末）",
        categories=tuple(name for name, _ in items),
        series=(Series("在列失信单位", tuple(n for _, n in items), "#c0504d"),),
        stacked=False,
        horizontal=True,
        unit="家",
    )
