"""A lawsuit that runs through several case numbers counts once, in the state of the case
that carries it on: the figures, the 12-month chart and the registers' lost cases."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from report_recompute import add_chains

from xinyi_desktop.reports.figures import stage_series, summary
from xinyi_desktop.reports.register import write_register
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services.case_query import CaseFilter
from xinyi_desktop.services.cases import CaseInput, create_case
from xinyi_desktop.services.links import link_cases

TODAY = dt.date(2026, 11, 25)
D = dt.date


@pytest.fixture
def chains(actor):
    return add_chains(actor, TODAY)


def test_appeals_and_execution_cases_are_not_new_lawsuits(chains):
    # 一审 filed in August; its appeal (行终) in October, the unlinked 执恢 case in October
    assert summary(Month(2026, 8)).value("new_suits") == 1
    assert summary(Month(2026, 10)).value("new_suits") == 0
    assert summary(Month(2026, 2)).value("new_suits") == 1  # the judgment's own suit
    assert summary(Month(2026, 9)).value("new_suits") == 0  # the 执 case filed 1 September


def test_a_judgment_and_its_execution_case_count_once_in_the_execution_cases_state(chains):
    october, november = summary(Month(2026, 10)), summary(Month(2026, 11))
    # 31 October: the appeal carries the lawsuit on (起诉); the judgment is listed through
    # its 执 case (失信, not also 败诉待履行); the 执恢 case without its judgment on record
    # stands for that unperformed judgment (败诉待履行) until it is listed in November
    assert [october.value(k) for k in ("open_sued", "open_lost", "open_listed")] == [1, 1, 1]
    assert [november.value(k) for k in ("open_sued", "open_lost", "open_listed")] == [0, 0, 1]
    # the judgment took effect in July; the 执 case carries the same date but is no judgment
    assert summary(Month(2026, 7)).value("lost") == 1
    assert summary(Month(2026, 9)).value("lost") == 0
    assert summary(Month(2026, 9)).value("listed") == 1
    # November: the appeal won; the 执 case performed and exited; the judgment's own 结案,
    # entered on the same day, is the same performance and is not counted again
    assert [november.value(k) for k in ("won", "performed", "exited", "listed")] == [1, 1, 1, 1]
    assert november.value("listed_bodies") == 1  # 水务局, through the 执恢 case
    assert november.figure("listed_bodies").previous == 2  # 财政局, 教育局
    assert (november.value("bodies_listed"), november.value("bodies_exited")) == (1, 2)


def test_the_twelve_month_chart_counts_each_lawsuit_once(chains):
    series = stage_series(Month(2026, 11))
    at = {m.month: i for i, m in enumerate(series.months)}
    counts = {s: series.counts[s] for s in ("sued", "lost", "dishonest")}
    # end of August: the 一审 is sued; the judgment lost (its 执 case not yet filed), and
    # so is the one the 执恢 case enforces (in effect since June, not on record)
    assert [counts[s][at[8]] for s in counts] == [1, 2, 0]
    # end of September: the 执 case is listed; the judgment no longer counts on its own
    assert [counts[s][at[9]] for s in counts] == [1, 1, 1]
    assert [counts[s][at[10]] for s in counts] == [1, 1, 1]
    assert [counts[s][at[11]] for s in counts] == [0, 0, 1]


def sheet_rows(path, name):
    sheet = openpyxl.load_workbook(path)[name]
    headers = [c.value for c in sheet[3]]
    return [dict(zip(headers, (c.value for c in row), strict=True)) for row in sheet.iter_rows(4)]


def test_a_lost_matter_is_one_register_row_that_follows_its_execution_case(actor, chains, tmp_path):
    path = write_register(tmp_path / "r.xlsx", today=TODAY)
    lost = {r["案号"]: r for r in sheet_rows(path, "败诉案件")}
    judgment = lost["（2026）苏0381行初902号"]
    assert judgment["执行案号"] == "（2026）苏0381执902号"
    assert judgment["履行情况"] == "已履行完毕" and judgment["阶段"] == "结案"
    assert judgment["列入失信日期"].date() == D(2026, 9, 10)
    assert "（2026）苏0381执902号" not in lost  # not a second row for the same matter
    alone = lost["（2026）苏0381执恢7号"]  # its judgment is not on record: its own row
    assert alone["履行情况"] == "未履行，已列入失信名单" and alone["执行案号"] is None
    cases = {r["案号"]: r for r in sheet_rows(path, "案件")}
    assert cases["（2026）苏0381行初902号"]["关联案件"] == "执行案件：（2026）苏0381执902号"
    assert cases["（2026）苏0381执902号"]["关联案件"] == "执行依据：（2026）苏0381行初902号"
    assert cases["（2026）苏03行终55号"]["关联案件"] == "一审案件：（2026）苏0381行初901号"


def test_a_judgment_whose_execution_case_is_listed_is_not_overdue(actor, make_agency, tmp_path):
    """The review's case: 行初25号 showed 逾期未履行 while its 执2号 was listed."""
    make_agency("新沂市公安局", area="公安局")
    make_agency("新沂市财政局", area="财政局")
    judgment = create_case(
        actor,
        CaseInput(
            case_no="（2024）苏0381行初25号",
            defendants=["新沂市公安局", "新沂市财政局"],
            stage=Stage.LOST,
            filed_on=D(2024, 2, 1),
            judgment_effective_on=D(2024, 6, 3),
            performance_deadline=D(2024, 7, 3),
        ),
        today=TODAY,
    )
    execution = create_case(
        actor,
        CaseInput(
            case_no="（2025）苏0381执2号",
            defendants=["新沂市公安局", "新沂市财政局"],
            stage=Stage.DISHONEST,
            filed_on=D(2025, 1, 6),
            judgment_effective_on=D(2024, 6, 3),
            listed_on=D(2025, 1, 16),
        ),
        today=TODAY,
    )
    link_cases(actor, execution.id, judgment.id, "execution", today=TODAY)
    assert summary(Month(2026, 11)).value("open_lost") == 0
    # a filter that picks the 执 case (失信阶段, 2025年) brings in its judgment's row
    for flt in (CaseFilter(stage="dishonest"), CaseFilter(year=2025), CaseFilter()):
        path = write_register(tmp_path / "r.xlsx", flt, today=TODAY)
        (row,) = sheet_rows(path, "败诉案件")
        assert row["案号"] == "（2024）苏0381行初25号", flt
        assert row["履行情况"] == "未履行，已列入失信名单" and row["阶段"] == "失信"
        assert row["所属镇街/部门"] == "公安局、财政局"
