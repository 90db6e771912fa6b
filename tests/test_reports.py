"""The monthly report's figures, recomputed here from the raw records by the counting
rules written in ``reports/figures.py`` (``report_recompute``), and the files it writes."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import pytest
from docx import Document as open_docx
from report_recompute import (
    add_chains,
    add_sanctions,
    agency_sanctions,
    flow_cases,
    flows,
    letters_by_agency,
    letters_by_kind,
    listed_ids,
    raw_cases,
    rectification_figures,
    stage_at_end,
)

from xinyi_desktop.reports.breakdown import breakdown
from xinyi_desktop.reports.figures import NO_AREA, stage_series, summary
from xinyi_desktop.reports.monthly import build_report, summary_rows
from xinyi_desktop.reports.monthly_files import write_docx, write_xlsx
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services.cases import change_stage
from xinyi_desktop.store.models import Agency

TODAY = dt.date(2026, 11, 25)
D = dt.date


@pytest.fixture
def demo(actor):
    from xinyi_desktop.demo import build_demo

    build_demo(actor, cases=160, today=TODAY)
    add_chains(actor, TODAY)
    return actor


@pytest.mark.parametrize(
    "month", [Month(2026, 11), Month(2026, 10), Month(2026, 6), Month(2026, 1), Month(2025, 12)]
)
def test_the_summary_agrees_with_the_raw_records(demo, month):
    cases = raw_cases()
    got = summary(month)
    now = flows(cases, month.first, month.last)
    before = flows(cases, month.previous().first, month.previous().last)
    year = flows(cases, D(month.year, 1, 1), month.last)
    for key, value in now.items():
        figure = got.figure(key)
        assert (figure.month, figure.previous, figure.year_to_date) == (
            value,
            before[key],
            year[key],
        ), key
    judged = now["lost"] + now["won"]
    assert got.figure("loss_rate").month == (now["lost"] / judged if judged else None)
    end, prev_end = month.last, month.previous().last
    for key, stage in (("open_sued", "sued"), ("open_lost", "lost"), ("open_listed", "dishonest")):
        figure = got.figure(key)
        assert figure.month == sum(stage_at_end(c, end) == stage for c in cases.values()), key
        assert figure.previous == sum(stage_at_end(c, prev_end) == stage for c in cases.values())
    listed_now, listed_before = listed_ids(cases, end), listed_ids(cases, prev_end)
    assert got.value("listed_bodies") == len(listed_now)
    assert got.figure("listed_bodies").previous == len(listed_before)
    assert got.value("bodies_listed") == len(listed_now - listed_before)
    assert got.value("bodies_exited") == len(listed_before - listed_now)
    # the running totals of new and exited bodies: the sum of the year's months
    ends = [D(month.year - 1, 12, 31)] + [
        Month(month.year, m).last for m in range(1, month.month + 1)
    ]
    sets = [listed_ids(cases, day) for day in ends]
    pairs = list(zip(sets, sets[1:], strict=False))
    assert got.figure("bodies_listed").year_to_date == sum(len(b - a) for a, b in pairs)
    assert got.figure("bodies_exited").year_to_date == sum(len(a - b) for a, b in pairs)
    assert any(got.value(k) for k in ("new_suits", "open_sued", "open_lost"))  # not all empty


def test_the_breakdown_by_agency_and_area_agrees_with_the_raw_records(demo):
    month = Month(2026, 11)
    cases = raw_cases()
    head = summary(month)
    parts = breakdown(month, head.listed_now, head.listed_before)
    by_agency: dict[str, dict[str, set]] = {}
    by_area: dict[str, dict[str, set]] = {}
    for key, ids in flow_cases(cases, month.first, month.last).items():
        if key in ("won", "withdrawn"):
            continue
        for cid in ids:
            for agency in cases[cid].defendants:
                by_agency.setdefault(agency.name, {}).setdefault(key, set()).add(cid)
                by_area.setdefault(agency.area or NO_AREA, {}).setdefault(key, set()).add(cid)
    got_agencies = {r.name: r for r in parts.agencies}
    for name, counts in by_agency.items():
        for key, ids in counts.items():
            assert got_agencies[name].get(key) == len(ids), (name, key)
    got_areas = {r.name: r for r in parts.areas}
    for area, counts in by_area.items():
        for key, ids in counts.items():
            assert got_areas[area].get(key) == len(ids), (area, key)
    for row in parts.agencies + parts.areas:  # and nothing counted that the records lack
        for key in ("new_suits", "lost", "listed", "exited", "performed", "settled"):
            table = by_agency if row in parts.agencies else by_area
            assert row.get(key) == len(table.get(row.name, {}).get(key, ())), (row.name, key)
    listed = listed_ids(cases, month.last)
    assert {r.name for r in parts.agencies if r.listed} == {
        a.name for a in Agency.select() if a.id in listed
    }
    for row in parts.areas:
        assert row.listed_bodies == sum(
            1 for a in Agency.select() if a.id in listed and (a.area or NO_AREA) == row.name
        )


def test_the_twelve_month_chart_counts_cases_by_stage_at_each_months_end(demo):
    cases = raw_cases()
    series = stage_series(Month(2026, 11))
    assert len(series.months) == 12
    for i, month in enumerate(series.months):
        for stage in ("sued", "lost", "dishonest"):
            expected = sum(stage_at_end(c, month.last) == stage for c in cases.values())
            assert series.counts[stage][i] == expected


def test_a_month_with_no_activity_gives_zeros_not_errors(actor, tmp_path):
    report = build_report(Month(2020, 1), TODAY)
    for figure in report.summary.figures:
        assert figure.month in (0, None) and figure.previous in (0, None)
    assert report.summary.figure("loss_rate").month is None
    assert report.breakdown.agencies == [] and report.breakdown.letters_by_kind == []
    assert all(chart.empty for chart in report.charts)
    docx = write_docx(report, tmp_path / "r.docx")
    xlsx = write_xlsx(report, tmp_path / "r.xlsx")
    doc = open_docx(str(docx))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2020年1月" in text and "新增起诉政府机构案件0件" in text and "{{" not in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "（本月无相关单位）" in cells and not any("{{" in c for c in cells)
    assert xlsx.is_file()


def test_a_case_moving_through_the_month_is_counted_once_per_figure(actor, make_case):
    case = make_case(
        "（2026）苏0381行初5号",
        filed_on=D(2026, 9, 3),
        plaintiffs=["王伟"],
        defendants=["新沂市棋盘镇人民政府", "新沂市财政局"],
    )
    change_stage(
        actor,
        case.id,
        Stage.LOST,
        on=D(2026, 10, 8),
        performance_deadline=D(2026, 10, 20),
        today=TODAY,
    )
    change_stage(actor, case.id, Stage.DISHONEST, on=D(2026, 10, 28), today=TODAY)
    change_stage(
        actor, case.id, Stage.CLOSED, on=D(2026, 11, 3), outcome=Outcome.PERFORMED, today=TODAY
    )
    october, november = summary(Month(2026, 10)), summary(Month(2026, 11))
    assert (october.value("lost"), october.value("listed"), october.value("new_suits")) == (1, 1, 0)
    assert october.value("listed_bodies") == 2 and october.value("bodies_listed") == 2
    assert (november.value("exited"), november.value("performed")) == (1, 1)
    assert november.value("listed_bodies") == 0 and november.value("bodies_exited") == 2
    assert november.figure("lost").year_to_date == 1
    assert november.figure("lost").previous == 1


def test_the_docx_is_a_briefing_with_its_issue_number_and_a_consistent_sender(qapp, demo, tmp_path):
    from docx.oxml.ns import qn

    from ui.charts import QtChartRenderer

    report = build_report(Month(2026, 11), TODAY)
    path = write_docx(
        report,
        tmp_path / "m.docx",
        narrative="第一段。\n第二段。",
        distribution=["新沂市人民政府办公室", "新沂市财政局", "新沂市公安局"],
        renderer=QtChartRenderer(),
    )
    doc = open_docx(str(path))
    lines = [p.text for p in doc.paragraphs]
    text = "\n".join(lines)
    # the head: the report's name in red, the issue, the sender and the date over a red rule
    assert lines[0] == "政府机构失信治理工作情况通报"
    assert doc.paragraphs[0].runs[0].font.color.rgb == (0xFF, 0x00, 0x00)
    assert lines[1] == "2026年第11期"
    assert lines[2] == "新沂市社会信用体系建设领导小组办公室\t2026年11月25日"
    assert doc.paragraphs[2]._p.find(qn("w:pPr")).find(qn("w:pBdr")) is not None
    assert "2026年11月全市政府机构失信治理工作情况" in text
    assert "第一段。" in text and "第二段。" in text and "{{" not in text
    # no 函 head, no signature by a shorter name: the 版记 says whom and who, by full name
    assert not doc.sections[0].different_first_page_header_footer
    assert "新沂市信用办" not in text
    assert [line for line in lines if line][-3:] == [
        "报：新沂市人民政府办公室。",
        "送：新沂市财政局、新沂市公安局。",
        "\u3000新沂市社会信用体系建设领导小组办公室\t2026年11月25日印发",
    ]
    assert "PAGE" in doc.sections[0].footer._element.xml  # numbered from page one
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "新增起诉案件" in cells and str(report.value("new_suits")) in cells
    with zipfile.ZipFile(path) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(images) == 2
    section = doc.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.left_margin)] == [37, 28]


def test_headings_keep_with_their_tables_and_no_row_splits_across_pages(demo, tmp_path):
    from docx.oxml.ns import qn

    path = write_docx(build_report(Month(2026, 11), TODAY), tmp_path / "m.docx")
    doc = open_docx(str(path))
    headings = [p for p in doc.paragraphs if p.style.name == "一级标题"]
    assert len(headings) == 5 and all(p.paragraph_format.keep_with_next for p in headings)
    for table in doc.tables:
        header = table.rows[0]
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
        assert all(p.paragraph_format.keep_with_next for c in header.cells for p in c.paragraphs)
        for row in table.rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    # the narrow columns hold their two-character headers on one line: at 9 pt with 1 mm
    # cell margins a column needs 2 × 3.2 mm + 2 mm
    for table in doc.tables[1:]:
        for row in table.rows[:2]:
            for cell in row.cells:
                width_mm = cell.width.mm if cell.width else 0
                longest = max((len(line) for line in cell.text.split("\n")), default=0)
                if longest == 2:
                    size = cell.paragraphs[0].runs[0].font.size.pt
                    assert width_mm >= 2 * size * 0.3528 + 2, cell.text


@pytest.fixture
def sanctioned(demo):
    add_sanctions(demo, TODAY, rectification=False)
    return demo


def test_accountability_measures_and_letters_by_agency_and_area(sanctioned, tmp_path):
    month = Month(2026, 11)
    report = build_report(month, TODAY)
    expected = agency_sanctions(month.first, month.last)
    expected["letters"] = letters_by_agency(month.first, month.last)
    assert expected["accountability"] and expected["measures_applied"]
    assert expected["measures_in_force"]
    agencies = {a.id: a for a in Agency.select()}
    rows = {r.name: r for r in report.breakdown.agencies}
    for key, counts in expected.items():
        for agency_id, count in counts.items():
            assert rows[agencies[agency_id].name].get(key) == count, key
        assert sum(r.get(key) for r in rows.values()) == sum(counts.values()), key
        by_area: dict[str, int] = {}
        for agency_id, count in counts.items():
            area = agencies[agency_id].area or NO_AREA
            by_area[area] = by_area.get(area, 0) + count
        for area in report.breakdown.areas:
            assert area.get(key) == by_area.get(area.name, 0), (key, area.name)
    # the agencies' accountability adds up to the report's 问责记录 figure
    assert report.sanctions.accountability_month == sum(expected["accountability"].values())
    # the tables of the .docx and the .xlsx carry them
    docx = write_docx(report, tmp_path / "m.docx")
    xlsx = write_xlsx(report, tmp_path / "m.xlsx")
    doc = open_docx(str(docx))
    attachment = doc.tables[-1]
    headers = [c.text for c in attachment.rows[0].cells]
    second = [c.text for c in attachment.rows[1].cells]
    assert headers[3:12] == ["新增起诉", "败诉", "列入失信", "退出失信", "履行或和解"] + [
        "发函",
        "整改逾期",
        "问责",
        "惩戒措施",
    ]
    assert second[11:13] == ["本月实施", "月末在实施"]
    by_name = {r.cells[1].text: [c.text for c in r.cells] for r in attachment.rows[2:]}
    book = openpyxl.load_workbook(xlsx)
    sheet = book["分单位"]
    head = [c.value for c in sheet[3]]
    table = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=4)}
    for agency_id, count in expected["accountability"].items():
        name = agencies[agency_id].name
        assert by_name[name][10] == str(count)
        assert table[name][head.index("问责")] == count
    for agency_id, count in expected["measures_in_force"].items():
        name = agencies[agency_id].name
        assert by_name[name][12] == str(count)
        assert table[name][head.index("在实施措施")] == count
    areas = book["分镇街部门"]
    area_head = [c.value for c in areas[3]]
    assert {"履行或和解", "问责", "本月实施措施", "在实施措施"} <= set(area_head)
    area_table = {r[0].value: [c.value for c in r] for r in areas.iter_rows(min_row=4)}
    for row in report.breakdown.areas:
        got = area_table[row.name]
        assert got[area_head.index("履行或和解")] == row.get("performed") + row.get("settled")
        assert got[area_head.index("问责")] == row.get("accountability")


def test_letters_by_kind_agree_with_the_raw_records(demo):
    month = Month(2026, 11)
    report = build_report(month, TODAY)
    now = letters_by_kind(month.first, month.last)
    before = letters_by_kind(month.previous().first, month.previous().last)
    year = letters_by_kind(D(2026, 1, 1), month.last)
    assert now  # the demo sent letters this month
    assert {name: (m, p, y) for name, m, p, y in report.breakdown.letters_by_kind} == {
        name: (now.get(name, 0), before.get(name, 0), year[name]) for name in year
    }
    assert report.letters_total == sum(now.values())


def test_rectification_has_the_previous_month_and_the_running_totals(demo):
    add_sanctions(demo, TODAY)
    month = Month(2026, 11)
    report = build_report(month, TODAY)
    now = rectification_figures(month.first, month.last, TODAY)
    before = rectification_figures(month.previous().first, month.previous().last, TODAY)
    year = rectification_figures(D(2026, 1, 1), month.last, TODAY)
    assert now["due"] and now["on_time"] and now["late"] and now["overdue"]
    for key in ("assigned", "due", "on_time", "late", "overdue"):
        assert report.rectification[key] == (now[key], before[key], year[key]), key
    assert report.rectification["overdue_at_end"] == (
        now["overdue_at_end"],
        before["overdue_at_end"],
        None,
    )
    rows = {r["项目"]: r for r in summary_rows(report)}
    assert rows["下达限期整改"]["上月"] == str(before["assigned"])
    assert rows["下达限期整改"]["本年累计"] == str(year["assigned"])
    assert rows["逾期未完成整改（月末）"]["本年累计"] == "—"


def test_the_area_chart_shows_every_town_and_department_and_the_sheet_lists_all():
    from xinyi_desktop.reports.charts import MAX_AREAS, area_chart
    from xinyi_desktop.reports.monthly_files import chart_pixels

    nineteen = {i: f"镇街{i:02d}" for i in range(19)} | {100: "镇街00"}
    chart = area_chart(nineteen)
    assert len(chart.categories) == 19 and "其他" not in "".join(chart.categories)
    assert chart.categories[0] == "镇街00" and chart.series[0].values[0] == 2
    many = {i: f"部门{i:02d}" for i in range(MAX_AREAS + 6)}
    chart = area_chart(many)
    assert len(chart.categories) == MAX_AREAS
    assert chart.categories[-1] == "其他7个镇街/部门" and chart.series[0].values[-1] == 7
    assert sum(chart.series[0].values) == len(many)
    # the picture grows with its bars, so every label keeps its size
    assert chart_pixels(area_chart(many))[1] > chart_pixels(area_chart(nineteen))[1] >= 820


def test_the_companion_workbook_lists_every_listed_area(demo, tmp_path):
    month = Month(2026, 11)
    report = build_report(month, TODAY)
    cases = raw_cases()
    counts: dict[str, int] = {}
    for agency in Agency.select():
        if agency.id in listed_ids(cases, month.last):
            counts[agency.area or NO_AREA] = counts.get(agency.area or NO_AREA, 0) + 1
    assert len(counts) > 3
    sheet = openpyxl.load_workbook(write_xlsx(report, tmp_path / "m.xlsx"))["在列单位分布"]
    assert {r[0].value: r[1].value for r in sheet.iter_rows(min_row=4)} == counts


def test_the_workbook_holds_changes_and_the_loss_rate_as_numbers(demo, tmp_path):
    """较上月 and 败诉率 are numbers with number formats (percent, +/−, 个百分点), not text:
    they sort, sum and chart in Excel and WPS."""
    report = build_report(Month(2026, 11), TODAY)
    book = openpyxl.load_workbook(write_xlsx(report, tmp_path / "m.xlsx"))
    sheet = book["主要指标"]
    head = [c.value for c in sheet[3]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=4)}
    rate = next(f for f in report.summary.figures if f.is_rate)
    cells = rows[rate.label]
    for column, value in (("本月", rate.month), ("上月", rate.previous)):
        cell = cells[head.index(column)]
        if value is None:
            assert cell.value == "—"
        else:
            assert cell.value == pytest.approx(value) and cell.number_format == "0.0%"
    change = cells[head.index("较上月")]
    if rate.change is not None:
        assert change.value == pytest.approx(rate.change * 100)
        assert "个百分点" in change.number_format
    counted = rows["新增起诉案件"]
    suits = next(f for f in report.summary.figures if f.key == "new_suits")
    cell = counted[head.index("较上月")]
    assert cell.value == int(suits.month - suits.previous) and cell.number_format == "+0;-0;0"
    assert not any(
        isinstance(r[head.index("较上月")].value, str) and r[head.index("较上月")].value != "—"
        for r in rows.values()
    )
    areas = book["分镇街部门"]
    area_head = [c.value for c in areas[3]]
    for row in areas.iter_rows(min_row=4):
        value = row[area_head.index("在列较上月")].value
        assert isinstance(value, int) and row[area_head.index("在列较上月")].number_format == (
            "+0;-0;0"
        )
