"""The official working-day calendar and the deadline arithmetic on it (table-driven)."""

import datetime as dt

import pytest

from xinyi_desktop.rules.deadline_rules import Trigger, compute, compute_monthly, explain
from xinyi_desktop.rules.workdays import WorkCalendar, monthly_report_due
from xinyi_desktop.services.deadline_rules import shipped_rules
from xinyi_desktop.services.work_calendar import shipped_tables

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def calendar():
    return WorkCalendar(shipped_tables())


@pytest.mark.parametrize(
    "day, working, note",
    [
        # Spring Festival 2024: 10–17 Feb off, Sundays 4 and 18 Feb worked.
        ("2024-02-04", True, "春节调休上班"),
        ("2024-02-09", True, ""),
        ("2024-02-10", False, "春节"),
        ("2024-02-12", False, "春节"),
        ("2024-02-17", False, "春节"),
        ("2024-02-18", True, "春节调休上班"),
        # National Day 2024: 1–7 Oct off, Sunday 29 Sep and Saturday 12 Oct worked.
        ("2024-09-29", True, "国庆节调休上班"),
        ("2024-10-01", False, "国庆节"),
        ("2024-10-07", False, "国庆节"),
        ("2024-10-08", True, ""),
        ("2024-10-12", True, "国庆节调休上班"),
        # Spring Festival 2025: 28 Jan – 4 Feb off, Sunday 26 Jan and Saturday 8 Feb worked.
        ("2025-01-26", True, "春节调休上班"),
        ("2025-01-28", False, "春节"),
        ("2025-02-04", False, "春节"),
        ("2025-02-05", True, ""),
        ("2025-02-08", True, "春节调休上班"),
        # National Day and Mid-autumn 2025: 1–8 Oct off, 28 Sep and 11 Oct worked.
        ("2025-09-28", True, "国庆节调休上班"),
        ("2025-10-06", False, "中秋节"),
        ("2025-10-08", False, "国庆节"),
        ("2025-10-11", True, "国庆节调休上班"),
        # 2026: Spring Festival 15–23 Feb off; National Day 1–7 Oct off.
        ("2026-02-14", True, "春节调休上班"),
        ("2026-02-16", False, "春节"),
        ("2026-02-23", False, "春节"),
        ("2026-02-24", True, ""),
        ("2026-10-07", False, "国庆节"),
        ("2026-10-10", True, "国庆节调休上班"),
        # Ordinary days.
        ("2026-11-28", False, ""),
        ("2026-11-30", True, ""),
    ],
)
def test_working_days_follow_the_official_calendar(calendar, day, working, note):
    assert calendar.is_working_day(D(day)) is working
    assert calendar.day_note(D(day)) == note


def test_the_shipped_table_matches_chinese_calendar_for_every_known_day():
    chinese_calendar = pytest.importorskip("chinese_calendar")
    calendar = WorkCalendar(shipped_tables())
    day = dt.date(2004, 1, 1)
    while day <= dt.date(2026, 12, 31):
        assert calendar.is_working_day(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
    assert calendar.known_years == list(range(2004, 2027))


@pytest.mark.parametrize(
    "start, count, due, skipped",
    [
        # Across Spring Festival 2025: the make-up Sunday counts, the holiday does not.
        (
            "2025-01-24",
            3,
            "2025-02-05",
            [
                "2025-01-25",
                *[f"2025-01-{d}" for d in range(28, 32)],
                "2025-02-01",
                "2025-02-02",
                "2025-02-03",
                "2025-02-04",
            ],
        ),
        # Across National Day 2024: Sunday 29 Sep is a working day.
        ("2024-09-27", 1, "2024-09-29", ["2024-09-28"]),
        ("2024-09-29", 2, "2024-10-08", [f"2024-10-0{d}" for d in range(1, 8)]),
        ("2026-11-25", 3, "2026-11-30", ["2026-11-28", "2026-11-29"]),
        ("2026-11-25", 0, "2026-11-25", []),
    ],
)
def test_adding_working_days(calendar, start, count, due, skipped):
    walk = calendar.add_working_days(D(start), count)
    assert walk.day == D(due)
    assert [d.isoformat() for d in walk.skipped] == skipped
    assert walk.calendar_known


@pytest.mark.parametrize(
    "start, days, roll, due",
    [
        # 15 days from 20 Sep 2024 end on 5 Oct, a National Day holiday: moved to 8 Oct.
        ("2024-09-20", 15, True, "2024-10-08"),
        ("2024-09-20", 15, False, "2024-10-05"),
        # Holidays inside the period are not skipped: 15 days from 25 Jan 2025 is 9 Feb (Sun).
        ("2025-01-25", 15, True, "2025-02-10"),
        # Ends on a make-up Saturday, which is a working day: it stays.
        ("2025-01-24", 15, True, "2025-02-08"),
        ("2026-11-10", 15, True, "2026-11-25"),
    ],
)
def test_calendar_day_periods_move_off_non_working_days_only_at_the_end(
    calendar, start, days, roll, due
):
    assert calendar.add_calendar_days(D(start), days, roll=roll).day == D(due)


def test_a_year_without_a_table_falls_back_to_weekends_and_says_so(calendar):
    walk = calendar.add_working_days(D("2027-03-05"), 3)  # Friday
    assert walk.day == D("2027-03-10")
    assert not walk.calendar_known and walk.unknown_years == {2027}
    # Crossing into the unknown year from a known one is marked too.
    walk = calendar.add_working_days(D("2026-12-30"), 3)
    assert walk.day == D("2027-01-04") and walk.unknown_years == {2027}
    assert calendar.add_working_days(D("2026-12-01"), 3).calendar_known


@pytest.mark.parametrize(
    "month, due",
    [
        ("2026-11", "2026-11-27"),  # the 30th is the last day: the working day before it
        ("2024-09", "2024-09-29"),  # a Sunday that was a make-up working day
        ("2025-01", "2025-01-27"),  # 28–31 January are Spring Festival holidays
        # Every month of 2025.
        ("2025-02", "2025-02-27"),
        ("2025-03", "2025-03-28"),
        ("2025-04", "2025-04-29"),
        ("2025-05", "2025-05-30"),
        ("2025-06", "2025-06-27"),
        ("2025-07", "2025-07-30"),
        ("2025-08", "2025-08-29"),
        ("2025-09", "2025-09-29"),
        ("2025-10", "2025-10-30"),
        ("2025-11", "2025-11-28"),
        ("2025-12", "2025-12-30"),
        ("2024-02", "2024-02-28"),  # a leap year: the 29th is the last day
        ("2026-02", "2026-02-27"),
        ("2026-10", "2026-10-30"),
    ],
)
def test_the_monthly_report_is_due_the_working_day_before_the_last_day(calendar, month, due):
    year, number = (int(p) for p in month.split("-"))
    walk = monthly_report_due(calendar, year, number)
    assert walk.day == D(due)
    assert walk.calendar_known
    rule = next(r for r in shipped_rules() if r.kind == "monthly_report")
    assert compute_monthly(rule, year, number, calendar).due_on == D(due)


def test_the_monthly_report_in_a_year_without_a_table_is_marked(calendar):
    rule = next(r for r in shipped_rules() if r.kind == "monthly_report")
    computed = compute_monthly(rule, 2027, 1, calendar)
    assert computed.due_on == D("2027-01-29") and not computed.calendar_known
    assert any("2027 年" in line for line in explain(computed.basis))


def test_a_computed_deadline_explains_itself(calendar):
    rule = next(r for r in shipped_rules() if r.kind == "reminder_letter")
    computed = compute(rule, Trigger("first:court_notice", D("2025-01-24")), calendar)
    assert computed.due_on == D("2025-02-05")
    text = "\n".join(explain(computed.basis))
    assert "2025-01-24（周五）" in text and "3个工作日" in text
    assert "01-28（春节）" in text and "01-25（周六）" in text
    performance = next(r for r in shipped_rules() if r.kind == "performance")
    computed = compute(
        performance, Trigger("field:performance_deadline", D("2024-10-05")), calendar
    )
    assert computed.due_on == D("2024-10-08")
    assert "顺延" in "\n".join(explain(computed.basis))
