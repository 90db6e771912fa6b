"""The monthly report's figures, recomputed here from the raw records by the counting
rules written in ``reports/figures.py``, and the files it writes."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from docx import Document as open_docx

from xinyi_desktop.reports.breakdown import breakdown
from xinyi_desktop.reports.figures import NO_AREA, stage_series, summary
from xinyi_desktop.reports.monthly import build_report
from xinyi_desktop.reports.monthly_files import write_docx, write_xlsx
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services.cases import change_stage
from xinyi_desktop.store.models import Agency, Case, CaseParty

TODAY = dt.date(2026, 11, 25)
D = dt.date


# -- an independent reading of the raw records ----------------------------------------------
def raw_cases() -> list[dict]:
    agencies = {a.id: a for a in Agency.select()}
    defendants: dict[int, list] = {}
    for party in CaseParty.select().where(CaseParty.role == "defendant"):
        defendants.setdefault(party.case_id, []).append(agencies[party.agency_id])
    return [
        {
            "id": c.id,
            "stage": c.stage,
            "outcome": c.outcome,
            "filed": c.filed_on,
            "effective": c.judgment_effective_on,
            "listed": c.listed_on,
            "closed": c.closed_on,
            "created": c.created_at.date(),
            "defendants": defendants.get(c.id, []),
        }
        for c in Case.select()
    ]


def within(day, start, end) -> bool:
    return day is not None and start <= day <= end


def flows(cases, start, end) -> dict[str, int]:
    found = dict.fromkeys(
        ["new_suits", "lost", "listed", "exited", "performed", "settled", "won", "withdrawn"], 0
    )
    for c in cases:
        found["new_suits"] += within(c["filed"], start, end)
        found["lost"] += within(c["effective"], start, end)
        found["listed"] += within(c["listed"], start, end)
        closed = within(c["closed"], start, end)
        found["exited"] += closed and c["listed"] is not None
        for outcome in ("performed", "settled", "won", "withdrawn"):
            found[outcome] += closed and c["outcome"] == outcome
    return found


def stage_at_end(c, day) -> str | None:
    """Written out again from the rule, not by calling it."""
    own = {"closed": c["closed"], "dishonest": c["listed"], "lost": c["effective"]}
    if c["stage"] != "sued" and own.get(c["stage"]) is None:
        own[c["stage"]] = c["created"]
    for stage in ("closed", "dishonest", "lost"):
        if own[stage] is not None and own[stage] <= day:
            return stage
    return "sued" if (c["filed"] or c["created"]) <= day else None


def listed_ids(cases, day) -> set[int]:
    return {a.id for c in cases if stage_at_end(c, day) == "dishonest" for a in c["defendants"]}


@pytest.fixture
def demo(actor):
    from xinyi_desktop.demo import build_demo

    build_demo(actor, cases=160, today=TODAY)
    return actor


@pytest.mark.parametrize("month", [Month(2026, 11), Month(2026, 6), Month(2025, 12)])
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
        assert got.value(key) == sum(stage_at_end(c, end) == stage for c in cases), key
    listed_now, listed_before = listed_ids(cases, end), listed_ids(cases, prev_end)
    assert got.value("listed_bodies") == len(listed_now)
    assert got.figure("listed_bodies").previous == len(listed_before)
    assert got.value("bodies_listed") == len(listed_now - listed_before)
    assert got.value("bodies_exited") == len(listed_before - listed_now)
    assert any(got.value(k) for k in ("new_suits", "open_sued", "open_lost"))  # not all empty


def test_the_breakdown_by_agency_and_area_agrees_with_the_raw_records(demo):
    month = Month(2026, 10)
    cases = raw_cases()
    head = summary(month)
    parts = breakdown(month, head.listed_now, head.listed_before)
    by_agency: dict[str, dict[str, set]] = {}
    by_area: dict[str, dict[str, set]] = {}
    for c in cases:
        for key, day, extra in (
            ("new_suits", c["filed"], True),
            ("lost", c["effective"], True),
            ("listed", c["listed"], True),
            ("exited", c["closed"], c["listed"] is not None),
            ("performed", c["closed"], c["outcome"] == "performed"),
            ("settled", c["closed"], c["outcome"] == "settled"),
        ):
            if within(day, month.first, month.last) and extra:
                for agency in c["defendants"]:
                    by_agency.setdefault(agency.name, {}).setdefault(key, set()).add(c["id"])
                    area = agency.area or NO_AREA
                    by_area.setdefault(area, {}).setdefault(key, set()).add(c["id"])
    got_agencies = {r.name: r for r in parts.agencies}
    for name, counts in by_agency.items():
        for key, ids in counts.items():
            assert got_agencies[name].get(key) == len(ids), (name, key)
    got_areas = {r.name: r for r in parts.areas}
    for area, counts in by_area.items():
        for key, ids in counts.items():
            assert got_areas[area].get(key) == len(ids), (area, key)
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
            expected = sum(stage_at_end(c, month.last) == stage for c in cases)
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
    text = "\n".join(p.text for p in open_docx(str(docx)).paragraphs)
    assert "2020年1月" in text and "新增起诉政府机构案件0件" in text and "{{" not in text
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


def test_the_docx_is_the_official_template_filled_with_charts(qapp, demo, tmp_path):
    from ui.charts import QtChartRenderer

    report = build_report(Month(2026, 11), TODAY)
    path = write_docx(
        report,
        tmp_path / "m.docx",
        narrative="第一段。\n第二段。",
        distribution=["新沂市人民政府办公室", "新沂市财政局"],
        renderer=QtChartRenderer(),
    )
    doc = open_docx(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "2026年11月全市政府机构失信治理工作情况通报" in text
    assert "新沂市人民政府办公室、新沂市财政局：" in text  # 主送 when the list is short
    assert "第一段。" in text and "第二段。" in text and "{{" not in text
    assert "2026年第11期" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "新增起诉案件" in cells and str(report.value("new_suits")) in cells
    with zipfile.ZipFile(path) as package:
        images = [n for n in package.namelist() if n.startswith("word/media/")]
    assert len(images) == 2
    section = doc.sections[0]
    assert [round(m.mm) for m in (section.top_margin, section.left_margin)] == [37, 28]
