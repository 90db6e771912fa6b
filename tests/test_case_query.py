"""The register's query, without a window: filters, order, and reading ids as needed."""

import datetime as dt

import pytest

from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services.case_query import CaseFilter, CaseIds, fetch_rows, matching_ids
from xinyi_desktop.services.cases import CaseInput, create_case
from xinyi_desktop.store.models import Agency, Case


@pytest.fixture
def register(actor):
    rows = [
        (
            "（2024）苏0381行初3号",
            ["新沂市棋盘镇人民政府"],
            ["王伟"],
            "行政处罚",
            dt.date(2024, 3, 1),
        ),
        ("（2025）苏0381行初12号", ["新沂市财政局"], ["李娜"], "政府信息公开", dt.date(2025, 2, 1)),
        (
            "（2025）苏0381行初112号",
            ["新沂市财政局", "新沂市水务局"],
            ["新沂市恒达建材有限公司"],
            "房屋征收补偿",
            dt.date(2025, 1, 5),
        ),
        ("(2015)新行初字第12号", ["新沂市人民政府"], ["赵强"], "行政许可", dt.date(2015, 6, 1)),
    ]
    for case_no, defendants, plaintiffs, cause, filed in rows:
        create_case(
            actor,
            CaseInput(
                case_no=case_no,
                defendants=defendants,
                plaintiffs=plaintiffs,
                cause=cause,
                filed_on=filed,
            ),
        )
    return {c.case_no: c.id for c in Case.select()}


def numbers(ids):
    return [row.case_no for row in fetch_rows(ids)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2025)苏0381行初12号", ["（2025）苏0381行初12号"]),
        ("〔2025〕苏0381 行初 １２ 号", ["（2025）苏0381行初12号"]),
        ("2025苏0381行初012", ["（2025）苏0381行初12号"]),
        ("行初12号", ["（2025）苏0381行初12号"]),
        ("（2015）新行初字第0012号", ["(2015)新行初字第12号"]),
        ("棋盘镇", ["（2024）苏0381行初3号"]),
        ("财政局", ["（2025）苏0381行初12号", "（2025）苏0381行初112号"]),
        ("财政局 水务", ["（2025）苏0381行初112号"]),
        ("恒达", ["（2025）苏0381行初112号"]),
        ("信息公开", ["（2025）苏0381行初12号"]),
        ("李娜", ["（2025）苏0381行初12号"]),
        ("50%", []),
        ("行初_2号", []),  # no wildcards: "_" is a character like any other
        ("无此单位", []),
    ],
)
def test_search_finds_cases_by_any_form_of_number_party_or_cause(register, text, expected):
    assert numbers(matching_ids(CaseFilter(text=text))) == expected


def test_filters_combine(register, actor):
    finance = Agency.get(Agency.name == "新沂市财政局").id
    assert len(matching_ids(CaseFilter(agency_id=finance))) == 2
    assert numbers(matching_ids(CaseFilter(year=2024))) == ["（2024）苏0381行初3号"]
    assert matching_ids(CaseFilter(stage=Stage.LOST.value)) == []
    assert numbers(matching_ids(CaseFilter(agency_id=finance, text="房屋"))) == [
        "（2025）苏0381行初112号"
    ]


def test_order_by_case_number_uses_the_parts_not_the_text(register):
    ids = matching_ids(CaseFilter(year=2025), "case_no", descending=False)
    assert numbers(ids) == ["（2025）苏0381行初12号", "（2025）苏0381行初112号"]


def test_stages_sort_in_workflow_order_not_by_their_stored_names(register, actor):
    from xinyi_desktop.services.cases import change_stage

    ids = sorted(register.values())
    today = dt.date(2026, 11, 25)
    change_stage(actor, ids[1], Stage.LOST, on=dt.date(2025, 6, 1), today=today)
    change_stage(actor, ids[2], Stage.LOST, on=dt.date(2025, 6, 1), today=today)
    change_stage(actor, ids[2], Stage.DISHONEST, on=dt.date(2025, 9, 1), today=today)
    change_stage(
        actor, ids[3], Stage.CLOSED, on=dt.date(2015, 9, 1), outcome="withdrawn", today=today
    )

    def stages(descending):
        found = matching_ids(CaseFilter(), "stage", descending=descending)
        return [row.stage for row in fetch_rows(found)]

    assert stages(False) == ["sued", "lost", "dishonest", "closed"]
    assert stages(True) == ["closed", "dishonest", "lost", "sued"]


def test_unfiltered_ids_are_read_a_chunk_at_a_time(register, monkeypatch):
    monkeypatch.setattr(CaseIds, "CHUNK", 2)
    ids = CaseIds()
    assert len(ids) == 4
    assert ids._ids == []  # nothing read until asked
    first = ids.slice(0, 2)
    assert len(ids._ids) == 2
    assert first + ids.slice(2, 4) == matching_ids()
    assert ids.index(register["(2015)新行初字第12号"]) == 3
    assert ids.index(-1) is None


def test_filtered_ids_are_read_at_once(register):
    ids = CaseIds(CaseFilter(text="财政局"))
    assert len(ids) == 2 and len(ids._ids) == 2


@pytest.mark.parametrize("sort_key", ["filed_on", "case_no", "stage", "cause"])
@pytest.mark.parametrize("descending", [True, False])
def test_a_text_most_cases_match_is_read_as_needed_in_the_same_order(
    register, monkeypatch, sort_key, descending
):
    """The text "新沂" is in every case here: the ids come a chunk at a time, as with no filter,
    and in exactly the order (and number) the all-at-once search gives."""
    from xinyi_desktop.services import case_query

    monkeypatch.setattr(case_query, "SAMPLE_ROWS", 4)  # the sample: this small register
    monkeypatch.setattr(CaseIds, "CHUNK", 2)
    flt = CaseFilter(text="新沂")
    assert case_query.is_broad(flt)
    assert not case_query.is_broad(CaseFilter(text="无此单位"))
    ids = CaseIds(flt, sort_key, descending)
    assert len(ids) == 4 and ids._ids == []
    expected = matching_ids(flt, sort_key, descending)
    assert ids.slice(0, 2) + ids.slice(2, 4) == expected
    assert sorted(expected) == sorted(register.values())
