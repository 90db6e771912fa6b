"""Pure rules of the registers and the monthly report, table-driven."""

import datetime as dt

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.case_numbers import case_type_info
from xinyi_desktop.rules.cell_text import formula_like, xml_text
from xinyi_desktop.rules.report_rules import (
    Month,
    case_role,
    format_change,
    format_rate,
    handover_on,
    loss_rate,
    performance_status,
    stage_on,
    stage_starts,
    was_lost,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11", Month(2026, 11)),
        ("2026-1", Month(2026, 1)),
        ("2026年3月", Month(2026, 3)),
        (" 2025/12 ", Month(2025, 12)),
        ("2026.02", Month(2026, 2)),
    ],
)
def test_a_month_is_read_as_clerks_write_it(text, expected):
    assert Month.parse(text) == expected


@pytest.mark.parametrize("text", ["2026-13", "2026-0", "11-2026", "", "2026"])
def test_a_wrong_month_is_refused_by_name(text):
    with pytest.raises(ValidationError, match="无法识别"):
        Month.parse(text)


@pytest.mark.parametrize(
    ("month", "first", "last", "previous"),
    [
        (Month(2026, 1), D(2026, 1, 1), D(2026, 1, 31), Month(2025, 12)),
        (Month(2024, 2), D(2024, 2, 1), D(2024, 2, 29), Month(2024, 1)),
        (Month(2026, 12), D(2026, 12, 1), D(2026, 12, 31), Month(2026, 11)),
    ],
)
def test_month_bounds(month, first, last, previous):
    assert (month.first, month.last, month.previous()) == (first, last, previous)
    assert month.previous().next() == month


def test_the_last_twelve_months_run_oldest_first_across_the_year():
    months = Month(2026, 3).last_months(12)
    assert months[0] == Month(2025, 4) and months[-1] == Month(2026, 3) and len(months) == 12


CREATED = D(2025, 1, 10)


@pytest.mark.parametrize(
    ("day", "dates", "stage", "expected"),
    [
        (D(2025, 3, 4), {"filed_on": D(2025, 3, 5)}, "sued", None),
        (D(2025, 3, 5), {"filed_on": D(2025, 3, 5)}, "sued", "sued"),
        (
            D(2025, 6, 1),
            {"filed_on": D(2025, 3, 5), "judgment_effective_on": D(2025, 6, 1)},
            "lost",
            "lost",
        ),
        (
            D(2025, 5, 31),
            {"filed_on": D(2025, 3, 5), "judgment_effective_on": D(2025, 6, 1)},
            "lost",
            "sued",
        ),
        (
            D(2025, 9, 1),
            {
                "judgment_effective_on": D(2025, 6, 1),
                "listed_on": D(2025, 8, 1),
                "closed_on": D(2025, 9, 1),
            },
            "closed",
            "closed",
        ),
        (
            D(2025, 8, 31),
            {
                "judgment_effective_on": D(2025, 6, 1),
                "listed_on": D(2025, 8, 1),
                "closed_on": D(2025, 9, 1),
            },
            "closed",
            "dishonest",
        ),
        # a stage reached without its date counts from registration
        (D(2025, 1, 10), {}, "dishonest", "dishonest"),
        (D(2025, 1, 9), {}, "dishonest", None),
        (D(2025, 1, 10), {"filed_on": None}, "sued", "sued"),
    ],
)
def test_the_stage_on_a_past_day_comes_from_the_stage_dates(day, dates, stage, expected):
    values = {
        "filed_on": None,
        "judgment_effective_on": None,
        "listed_on": None,
        "closed_on": None,
        **dates,
    }
    starts = stage_starts(role="suit", stage=stage, created_on=CREATED, **values)
    assert stage_on(day, starts) == expected
    # the same with the days as ISO text, as SQLite hands them back
    text = {k: v.isoformat() if v else None for k, v in values.items()}
    starts = stage_starts(role="suit", stage=stage, created_on=CREATED.isoformat(), **text)
    assert stage_on(day.isoformat(), starts) == expected


@pytest.mark.parametrize(
    ("code", "role"),
    [
        ("行初", "suit"),
        ("民初", "suit"),
        ("行赔初", "suit"),
        ("行终", "appeal"),
        ("民终", "appeal"),
        ("执", "execution"),
        ("执恢", "execution"),
        ("执异", "execution"),
        ("行申", "other"),
        ("行审", "other"),
        ("", "suit"),  # a type the table does not know (a pre-2016 number) is a lawsuit
        ("新行初字", "suit"),
    ],
)
def test_what_a_case_is_to_the_report_comes_from_its_type(code, role):
    assert case_role(case_type_info(code) if code else None) == role


EXECUTION_DATES = {
    "filed_on": D(2025, 9, 1),
    "judgment_effective_on": D(2025, 6, 1),
    "listed_on": D(2025, 9, 10),
    "closed_on": None,
}


@pytest.mark.parametrize(
    ("day", "enforces", "expected"),
    [
        # an execution case is never 起诉
        (D(2025, 8, 31), True, None),  # its judgment on record counts meanwhile
        (D(2025, 8, 31), False, "lost"),  # no judgment on record: it stands for it
        (D(2025, 5, 31), False, None),
        (D(2025, 9, 5), True, None),  # filed, not yet listed
        (D(2025, 9, 10), True, "dishonest"),
        (D(2025, 9, 10), False, "dishonest"),
    ],
)
def test_an_execution_case_counts_from_its_listing(day, enforces, expected):
    starts = stage_starts(
        role="execution",
        stage="dishonest",
        created_on=D(2025, 9, 2),
        enforces_judgment=enforces,
        **EXECUTION_DATES,
    )
    assert stage_on(day, starts) == expected


@pytest.mark.parametrize(
    ("role", "dates", "stage", "expected"),
    [
        ("execution", EXECUTION_DATES, "dishonest", D(2025, 9, 10)),
        ("execution", {**EXECUTION_DATES, "listed_on": None}, "sued", None),  # not yet listed
        ("execution", {**EXECUTION_DATES, "listed_on": None}, "dishonest", D(2025, 9, 2)),
        (
            "execution",
            {**EXECUTION_DATES, "listed_on": None, "closed_on": D(2025, 9, 20)},
            "closed",
            D(2025, 9, 20),  # performed before it was ever listed
        ),
        ("appeal", {**EXECUTION_DATES, "filed_on": D(2025, 7, 3)}, "sued", D(2025, 7, 3)),
        ("suit", EXECUTION_DATES, "dishonest", None),  # a 一审 continues nothing
    ],
)
def test_the_day_a_continuing_case_takes_over(role, dates, stage, expected):
    starts = stage_starts(role=role, stage=stage, created_on=D(2025, 9, 2), **dates)
    assert handover_on(role, starts) == expected


def test_a_case_taken_over_no_longer_counts_on_its_own():
    starts = stage_starts(
        role="suit",
        stage="lost",
        created_on=CREATED,
        filed_on=D(2025, 2, 1),
        judgment_effective_on=D(2025, 6, 1),
        listed_on=None,
        closed_on=D(2025, 12, 1),  # its 结案 entered after the execution case took over
    )
    assert stage_on(D(2025, 9, 9), starts, D(2025, 9, 10)) == "lost"
    assert stage_on(D(2025, 9, 10), starts, D(2025, 9, 10)) is None
    assert stage_on(D(2025, 12, 31), starts, D(2025, 9, 10)) is None


TODAY = D(2026, 11, 25)


@pytest.mark.parametrize(
    ("stage", "outcome", "deadline", "expected"),
    [
        ("closed", "performed", D(2026, 1, 1), "已履行完毕"),
        ("closed", "settled", None, "已和解"),
        ("dishonest", None, D(2026, 1, 1), "未履行，已列入失信名单"),
        ("lost", None, D(2026, 11, 24), "逾期未履行"),
        ("lost", None, D(2026, 11, 25), "履行期内"),
        ("lost", None, None, "未登记履行期限"),
    ],
)
def test_performance_status(stage, outcome, deadline, expected):
    assert (
        performance_status(stage=stage, outcome=outcome, performance_deadline=deadline, today=TODAY)
        == expected
    )


@pytest.mark.parametrize(
    ("stage", "effective", "listed", "expected"),
    [
        ("sued", None, None, False),
        ("lost", None, None, True),
        ("closed", D(2025, 1, 1), None, True),
        ("closed", None, None, False),
        ("closed", None, D(2025, 1, 1), True),
    ],
)
def test_which_cases_were_lost(stage, effective, listed, expected):
    assert was_lost(stage=stage, judgment_effective_on=effective, listed_on=listed) is expected


@pytest.mark.parametrize(("lost", "won", "text"), [(0, 0, "—"), (1, 3, "25.0%"), (2, 0, "100.0%")])
def test_loss_rate(lost, won, text):
    assert format_rate(loss_rate(lost, won)) == text


@pytest.mark.parametrize(
    ("change", "text"), [(0, "0"), (3, "+3"), (-2, "-2"), (None, "—"), (0.125, "+12.5个百分点")]
)
def test_change_text(change, text):
    assert format_change(change) == text


@pytest.mark.parametrize(
    ("text", "risky"),
    [
        ('=HYPERLINK("x")', True),
        ("+86 0516", True),
        ("-新沂市财政局", True),
        ("@SUM", True),
        ("\tx", True),
        ("\rx", True),
        ("新沂市财政局", False),
        ("（2025）苏0381行初1号", False),
        (" =1", False),
    ],
)
def test_formula_like(text, risky):
    assert formula_like(text) is risky


def test_xml_text_escapes_and_keeps_carriage_returns():
    assert xml_text("a<b>&\rc\x01") == "a&lt;b&gt;&amp;&#13;c"
