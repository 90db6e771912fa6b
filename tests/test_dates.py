"""Reading dates as clerks and courts write them (rules.dates.parse_date)."""

from __future__ import annotations

import datetime as dt

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.dates import parse_date

MARCH_5 = dt.date(2025, 3, 5)


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2025-03-05", MARCH_5),
        ("2025-3-5", MARCH_5),
        ("2025/03/05", MARCH_5),
        ("2025/3/5", MARCH_5),
        ("2025.3.5", MARCH_5),
        ("2025.03.05.", MARCH_5),
        ("2025. 3. 5", MARCH_5),
        ("2025年3月5日", MARCH_5),
        ("2025年03月05日", MARCH_5),
        ("2025年3月5号", MARCH_5),
        ("2025 年 3 月 5 日", MARCH_5),
        ("２０２５年３月５日", MARCH_5),
        ("20250305", MARCH_5),
        ("2025–03–05", MARCH_5),
        ("2025—3—5", MARCH_5),
        ("二〇二五年三月五日", MARCH_5),
        ("二零二五年三月五日", MARCH_5),
        ("二〇二五年十二月三十一日", dt.date(2025, 12, 31)),
        ("二〇二四年二月二十九日", dt.date(2024, 2, 29)),
        ("二〇二五年十月十日", dt.date(2025, 10, 10)),
        ("二〇二五年十一月二十日", dt.date(2025, 11, 20)),
        ("", None),
        ("   ", None),
        (None, None),
        (MARCH_5, MARCH_5),
        (dt.datetime(2025, 3, 5, 14, 30), MARCH_5),
    ],
)
def test_every_usual_form_reads_as_its_day(typed, day):
    assert parse_date(typed) == day


@pytest.mark.parametrize(
    "typed",
    [
        "2025-02-29",  # not a leap year
        "2025-13-01",
        "2025年3月",
        "3/5/2025",
        "2025.3.5.6",
        "二〇二五年十三月五日",
        "二〇二五年二月三十日",
        "二〇二五年三月三十二日",
        "二〇二五年三月十十日",
        "二〇二五年三月〇日",
        "二〇二五年三月五",
        "明天",
    ],
)
def test_anything_else_is_refused_naming_what_was_typed(typed):
    with pytest.raises(ValidationError, match=f"立案日期“{typed}”不是有效日期"):
        parse_date(typed, label="立案日期")
