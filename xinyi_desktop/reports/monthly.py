"""The monthly report (定期通报, item 八) as data: every figure, table and chart of a month,
and the narrative the program drafts from them. Reads only; ``monthly_files`` writes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinyi_desktop.reports.breakdown import Breakdown, GroupRow, breakdown
from xinyi_desktop.reports.charts import BarChart, area_chart, stage_chart
from xinyi_desktop.reports.figures import Summary, Timeline, stage_series, summary
from xinyi_desktop.reports.sanction_figures import (
    RectificationFigures,
    SanctionFigures,
    rectification_figures,
    sanction_figures,
)
from xinyi_desktop.rules.report_rules import Month, format_change, format_rate

# Rectification (限期整改) figures of the 主要指标 table: key, label. The first five are
# counted by the date of the period they concern and add up over the months; the last is
# what stood at the month's end.
RECTIFICATION: list[tuple[str, str]] = [
    ("assigned", "下达限期整改"),
    ("due", "到期整改事项"),
    ("on_time", "其中按期完成"),
    ("late", "其中逾期完成"),
    ("overdue", "其中逾期未完成"),
    ("overdue_at_end", "逾期未完成整改（月末）"),
]
# The columns of the by-area and by-agency tables after the names, as the .docx and the
# .xlsx show them: header, list key (templates.json), how the value is read from a row.
GROUP_COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("新增起诉", "新增起诉", ("new_suits",)),
    ("败诉", "败诉", ("lost",)),
    ("列入失信", "列入失信", ("listed",)),
    ("退出失信", "退出失信", ("exited",)),
    ("履行或和解", "履行和解", ("performed", "settled")),
    ("发函", "发函", ("letters",)),
    ("整改逾期", "整改逾期", ("rectification_overdue",)),
    ("问责", "问责", ("accountability",)),
    ("本月实施措施", "本月实施", ("measures_applied",)),
    ("在实施措施", "在实施", ("measures_in_force",)),
]


@dataclass
class MonthlyReport:
    month: Month
    today: dt.date
    summary: Summary
    breakdown: Breakdown
    sanctions: SanctionFigures
    charts: list[BarChart]
    # rectification figures of the month, the month before and the year so far
    rectification: dict[str, tuple[int, int, int | None]] = field(default_factory=dict)

    @property
    def letters_total(self) -> int:
        return sum(n for _, n, _, _ in self.breakdown.letters_by_kind)

    def value(self, key: str) -> int:
        return int(self.summary.value(key) or 0)


def rectification_totals(
    month: Month, today: dt.date, this_month: RectificationFigures
) -> dict[str, tuple[int, int, int | None]]:
    """Each rectification figure for the month, the month before and the year so far (the
    sum of the year's months; none for the month-end figure)."""
    months = {month: this_month}
    for earlier in [Month(month.year, m) for m in range(1, month.month)] + [month.previous()]:
        if earlier not in months:
            months[earlier] = rectification_figures(earlier, today)
    previous = months[month.previous()]
    year = [f for m, f in months.items() if m.year == month.year]
    totals: dict[str, tuple[int, int, int | None]] = {}
    for key, _label in RECTIFICATION:
        ytd = None if key == "overdue_at_end" else sum(getattr(f, key) for f in year)
        totals[key] = (getattr(this_month, key), getattr(previous, key), ytd)
    return totals


def build_report(month: Month, today: dt.date | None = None) -> MonthlyReport:
    today = today or dt.date.today()
    timeline = Timeline()
    series = stage_series(month, timeline=timeline)
    head = summary(month, series, timeline)
    sanctions = sanction_figures(month, today)
    parts = breakdown(
        month,
        head.listed_now,
        head.listed_before,
        sanctions.rectification.overdue_by_agency,
        timeline,
    )
    charts = [stage_chart(series), area_chart(head.listed_now)]
    totals = rectification_totals(month, today, sanctions.rectification)
    return MonthlyReport(month, today, head, parts, sanctions, charts, totals)


def _num(value) -> str:
    return "—" if value is None else str(int(value))


def _row(label: str, month, previous, year) -> dict[str, str]:
    change = None if month is None or previous is None else int(month) - int(previous)
    return {
        "项目": label,
        "本月": _num(month),
        "上月": _num(previous),
        "增减": format_change(change),
        "本年累计": _num(year),
    }


def summary_rows(report: MonthlyReport) -> list[dict[str, str]]:
    """The 主要指标 table: one row per figure."""
    rows = []
    for f in report.summary.figures:
        if f.is_rate:
            rows.append(
                {
                    "项目": f.label,
                    "本月": format_rate(f.month),
                    "上月": format_rate(f.previous),
                    "增减": format_change(f.change),
                    "本年累计": format_rate(f.year_to_date),
                }
            )
        else:
            rows.append(_row(f.label, f.month, f.previous, f.year_to_date))
    for key, label in RECTIFICATION:
        rows.append(_row(label, *report.rectification[key]))
    if report.sanctions.available:
        s = report.sanctions
        rows.append(
            _row(
                "问责记录",
                s.accountability_month,
                s.accountability_previous,
                s.accountability_year,
            )
        )
    return rows


def _group_values(row: GroupRow) -> dict[str, str]:
    return {key: str(sum(row.get(k) for k in keys)) for _h, key, keys in GROUP_COLUMNS}


def area_rows(report: MonthlyReport) -> list[dict[str, str]]:
    rows = []
    for i, row in enumerate(report.breakdown.areas, 1):
        rows.append(
            {
                "序号": str(i),
                "名称": row.name,
                **_group_values(row),
                "在列单位": str(row.listed_bodies),
                "较上月": format_change(row.listed_bodies - row.listed_bodies_before),
            }
        )
    return rows


def agency_rows(report: MonthlyReport) -> list[dict[str, str]]:
    rows = []
    for i, row in enumerate(report.breakdown.agencies, 1):
        rows.append(
            {
                "序号": str(i),
                "单位名称": row.name,
                "镇街": row.area,
                **_group_values(row),
                "在列": "是" if row.listed else "否",
            }
        )
    return rows


def letter_rows(report: MonthlyReport) -> list[dict[str, str]]:
    rows = [
        {"种类": name, "本月": str(m), "上月": str(p), "本年累计": str(y)}
        for name, m, p, y in report.breakdown.letters_by_kind
    ]
    return rows or [{"种类": "（本月未发函）", "本月": "0", "上月": "0", "本年累计": "0"}]


def measure_rows(report: MonthlyReport) -> list[dict[str, str]]:
    if not report.sanctions.available:
        return [{"状态": "（惩戒措施台账尚未启用）", "本月": "—", "月末": "—"}]
    return [
        {"状态": status, "本月": str(changed), "月末": str(at_end)}
        for status, changed, at_end in report.sanctions.measures
    ] or [{"状态": "（无惩戒措施）", "本月": "0", "月末": "0"}]


def default_narrative(report: MonthlyReport) -> str:
    """The 总体情况 the program drafts; the clerk edits it before generating (one paragraph
    a line)."""
    f = report.summary.figure
    month = report.month.label
    lost, won = f("lost"), f("won")
    rate = format_rate(f("loss_rate").month)
    lines = [
        f"{month}，全市新增起诉政府机构案件{_num(f('new_suits').month)}件"
        f"（上月{_num(f('new_suits').previous)}件，本年累计{_num(f('new_suits').year_to_date)}件）；"
        f"新增败诉案件{_num(lost.month)}件，胜诉结案{_num(won.month)}件，败诉率{rate}。",
        f"新列入失信被执行人名单案件{_num(f('listed').month)}件，新列入失信单位"
        f"{_num(f('bodies_listed').month)}家；退出失信名单案件{_num(f('exited').month)}件，"
        f"退出失信单位{_num(f('bodies_exited').month)}家。月末仍在失信名单的单位"
        f"{_num(f('listed_bodies').month)}家，{_versus(int(f('listed_bodies').change), '家')}。",
        f"本月履行完毕结案{_num(f('performed').month)}件，和解结案{_num(f('settled').month)}件；"
        f"月末在审起诉案件{_num(f('open_sued').month)}件，败诉待履行案件"
        f"{_num(f('open_lost').month)}件。",
    ]
    return "\n".join(lines)


def _versus(change: int, unit: str) -> str:
    if change == 0:
        return "与上月持平"
    return f"较上月{'增加' if change > 0 else '减少'}{abs(change)}{unit}"


def sanctions_narrative(report: MonthlyReport) -> str:
    rect = report.sanctions.rectification
    assigned, assigned_before, assigned_year = report.rectification["assigned"]
    due_year = report.rectification["due"][2]
    lines = [
        f"本月下达限期整改{assigned}件（上月{assigned_before}件，本年累计{assigned_year}件）；"
        f"到期整改事项{rect.due}件，其中按期完成{rect.on_time}件、逾期完成{rect.late}件、"
        f"逾期未完成{rect.overdue}件（本年累计到期{due_year}件）；月末逾期未完成整改的共"
        f"{rect.overdue_at_end}件。"
    ]
    s = report.sanctions
    if s.available:
        lines.append(
            f"本月新增问责记录{s.accountability_month}条（上月{s.accountability_previous}条，"
            f"本年累计{s.accountability_year}条）。惩戒措施情况如下："
        )
    else:
        lines.append("惩戒措施和问责记录台账尚未在本程序中启用，相关情况另行报告。")
    return "\n".join(lines)
