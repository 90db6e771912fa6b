"""Write the monthly report: the ``.docx`` from the editable ``monthly_report`` template (a
简报-like 情况通报 with its 期号 on the GB/T 9704 page, charts as pictures) and the
companion ``.xlsx`` with the same tables, every row of them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from xinyi_desktop.documents.catalog import kind, template_path
from xinyi_desktop.documents.context import office_values
from xinyi_desktop.documents.engine import load_template, render
from xinyi_desktop.documents.xlsx_writer import Column, Number, XlsxWriter
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.reports import monthly
from xinyi_desktop.reports.charts import BarChart, ChartRenderer
from xinyi_desktop.reports.figures import listed_by_area
from xinyi_desktop.reports.monthly import MonthlyReport
from xinyi_desktop.rules.report_rules import format_rate
from xinyi_desktop.settings import get_setting

KIND = "monthly_report"
CHART_WIDTH_MM = 150
CHART_PIXELS = (1500, 820)
BAR_PIXELS = 56  # a horizontal chart grows with its bars, so every label stays legible
_MARK = "\u2063图表{}\u2063"  # invisible separators: no clerk types this


def recipients_line(names: list[str]) -> str:
    """主送 (for templates the office edited before the report had a 版记 of its own): up
    to three units by name, else 各有关单位."""
    return "、".join(names) if 0 < len(names) <= 3 else "各有关单位"


def split_distribution(names: list[str]) -> tuple[list[str], list[str]]:
    """The 版记's 报 (the city government and its office, set in the settings) and 送 (every
    other unit), in the list's order."""
    upward = {get_setting("reports.city_office"), get_setting("documents.city_government")}
    return [n for n in names if n in upward], [n for n in names if n not in upward]


def docx_values(
    report: MonthlyReport, narrative: str, distribution: list[str], issued_on: dt.date
) -> dict[str, str]:
    f = report.summary.figure
    upward, others = split_distribution(distribution)
    values = office_values(issued_on)
    values.update(
        {
            "报告月份": report.month.label,
            "期号": f"{report.month.year}年第{report.month.month}期",
            "主送单位": recipients_line(distribution),
            "报送单位": "、".join(upward),
            "分送单位": "、".join(others),
            "工作情况": narrative.strip() or monthly.default_narrative(report),
            "整改惩戒情况": monthly.sanctions_narrative(report),
            "新增起诉": str(report.value("new_suits")),
            "新增败诉": str(report.value("lost")),
            "败诉率": format_rate(f("loss_rate").month),
            "新列入失信": str(report.value("listed")),
            "退出失信": str(report.value("exited")),
            "在列失信单位": str(report.value("listed_bodies")),
            "发函总数": str(report.letters_total),
        }
    )
    return values


def write_docx(
    report: MonthlyReport,
    target: Path,
    *,
    narrative: str = "",
    distribution: list[str] | None = None,
    renderer: ChartRenderer | None = None,
    issued_on: dt.date | None = None,
) -> Path:
    issued_on = issued_on or report.today
    document, _ = load_template(template_path(KIND), kind(KIND))
    values = docx_values(report, narrative, distribution or [], issued_on)
    images: dict[str, bytes] = {}
    for index, chart in enumerate(report.charts, 1):
        if renderer is not None and not chart.empty:
            mark = _MARK.format(index)
            values[f"图{index}"] = mark
            images[mark] = renderer.png(chart, *chart_pixels(chart))
        else:
            values[f"图{index}"] = ""
    lists = {
        "指标": monthly.summary_rows(report),
        "镇街": monthly.area_rows(report) or [_nothing("名称", "（本月无相关单位）")],
        "单位表": monthly.agency_rows(report) or [_nothing("单位名称", "（本月无相关单位）")],
        "发函": monthly.letter_rows(report),
        "措施": monthly.measure_rows(report),
    }
    render(document, values, lists)
    _place_images(document, images)
    return _save(document, target)


def chart_pixels(chart: BarChart) -> tuple[int, int]:
    width, height = CHART_PIXELS
    if chart.horizontal:
        height = max(height // 2, 160 + BAR_PIXELS * len(chart.categories))
    return width, height


def _nothing(name_key: str, text: str) -> dict[str, str]:
    """The one row of an empty table: its name cell says so, every figure is 0."""
    keys = [key for _h, key, _k in monthly.GROUP_COLUMNS] + ["在列单位", "较上月"]
    return {**dict.fromkeys(keys, "0"), "序号": "", name_key: text, "镇街": "", "在列": ""}


def _place_images(document, images: dict[str, bytes]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt
    from docx.text.paragraph import Paragraph

    if not images:
        return
    for element in list(document.element.body.iter("{*}p")):
        paragraph = Paragraph(element, document._body)
        text = paragraph.text
        mark = next((m for m in images if m in text), None)
        if mark is None:
            continue
        for run in paragraph.runs:
            run.text = ""
        fmt = paragraph.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.first_line_indent = Mm(0)
        fmt.space_before = Pt(6)  # clear of the table above: the picture's white would hide it
        run = paragraph.runs[0] if paragraph.runs else paragraph.add_run()
        run.add_picture(io.BytesIO(images[mark]), width=Mm(CHART_WIDTH_MM))


def _save(document, target: Path) -> Path:
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".tmp")
    document.save(str(partial))
    try:
        partial.replace(target)
    except PermissionError:
        partial.unlink(missing_ok=True)
        raise ValidationError(f"文件“{target.name}”正被其他程序打开，请关闭后重试。") from None
    return target


def _count(text: str):
    """Numbers as numbers in the workbook; "—" (nothing to count) stays text."""
    try:
        return int(text)
    except ValueError:
        return text


def _change(text: str):
    """A change of a count as a number shown +3, -2 or 0; "—" stays text."""
    number = _count(text)
    return Number(number, "change") if isinstance(number, int) else number


def _rate(value: float | None, fmt: str = "percent"):
    """A rate as a number in percent (a change of it: in percentage points)."""
    if value is None:
        return "—"
    return Number(round(value * 100, 10), fmt) if fmt == "points" else Number(value, fmt)


def summary_cells(report: MonthlyReport) -> list[list]:
    """The 主要指标 rows as the workbook holds them: counts and changes as numbers, the
    loss rate in percent and its change in percentage points (the rows of
    ``monthly.summary_rows``, which the .docx prints)."""
    rates = {f.label: f for f in report.summary.figures if f.is_rate}
    cells = []
    for row in monthly.summary_rows(report):
        rate = rates.get(row["项目"])
        if rate is not None:
            values = [
                _rate(rate.month),
                _rate(rate.previous),
                _rate(rate.change, "points"),
                _rate(rate.year_to_date),
            ]
        else:
            values = [_count(row["本月"]), _count(row["上月"]), _change(row["增减"])]
            values.append(_count(row["本年累计"]))
        cells.append([row["项目"], *values])
    return cells


def write_xlsx(report: MonthlyReport, target: Path) -> Path:
    office = get_setting("office.name")
    title = f"{office} {report.month.label}政府机构失信治理工作情况"
    subtitle = f"统计截至 {report.month.last.isoformat()}，生成于 {report.today.isoformat()}"
    n = lambda header, width=10: Column(header, width, "int")  # noqa: E731
    groups = [n(header) for header, _key, _keys in monthly.GROUP_COLUMNS]
    group_keys = [key for _header, key, _keys in monthly.GROUP_COLUMNS]
    sheets = [
        (
            "主要指标",
            [Column("项目", 34), n("本月"), n("上月"), Column("较上月", 14), n("本年累计")],
            summary_cells(report),
        ),
        (
            "分镇街部门",
            [Column("镇街/部门", 24), *groups, n("在列单位"), Column("在列较上月", 10)],
            (
                [r["名称"], *(_count(r[k]) for k in group_keys), _count(r["在列单位"])]
                + [_change(r["较上月"])]
                for r in monthly.area_rows(report)
            ),
        ),
        (
            "分单位",
            [Column("单位名称", 32), Column("镇街/部门", 18), *groups, Column("月末在列", 10)],
            (
                [r["单位名称"], r["镇街"], *(_count(r[k]) for k in group_keys), r["在列"]]
                for r in monthly.agency_rows(report)
            ),
        ),
        (
            "发函",
            [Column("文书种类", 30), n("本月"), n("上月"), n("本年累计")],
            ([name, m, p, y] for name, m, p, y in report.breakdown.letters_by_kind),
        ),
        (
            "惩戒措施",
            [Column("状态", 30), n("本月变动"), n("月末总数")],
            (
                [r["状态"], _count(r["本月"]), _count(r["月末"])]
                for r in monthly.measure_rows(report)
            ),
        ),
    ]
    stages = report.charts[0]
    sheets.append(
        (
            "近12个月",
            [Column("月份", 12)] + [n(s.name + "（月末在办）", 14) for s in stages.series],
            (
                [label, *(s.values[i] for s in stages.series)]
                for i, label in enumerate(m.label for m in report.month.last_months(12))
            ),
        )
    )
    sheets.append(
        (
            "在列单位分布",
            [Column("镇街/部门", 24), n("在列失信单位（家）", 16)],
            ([area, count] for area, count in listed_by_area(report.summary.listed_now).items()),
        )
    )
    with XlsxWriter(target, title=title, author=office) as book:
        for name, columns, rows in sheets:
            book.write_sheet(name, columns, rows, title=title, subtitle=subtitle)
    return Path(target)
