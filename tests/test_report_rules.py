"""Pure rules of the registers and the monthly report, table-driven."""

import datetime as dt

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.cell_text import formula_like, xml_text
from xinyi_desktop.rules.report_rules import (
    Month,
    format_change,
    format_rate,
    loss_rate,
    performance_status,
    stage_on,
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
    assert stage_on(day, stage=stage, created_on=CREATED, **values) == expected


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
