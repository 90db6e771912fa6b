"""Working days on the official calendar (法定节假日与调休) — pure rules, no database.

A ``WorkCalendar`` is built from year tables: each known year lists its public holidays
(including the weekend days folded into a holiday run) and its make-up working days on
weekends (调休上班). A year without a table falls back to "Monday to Friday" and every
answer that touched such a year says so, so a deadline is never silently wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ONE_DAY = dt.timedelta(days=1)
# Never loop for ever on a broken table (a year of nothing but holidays).
_MAX_SCAN_DAYS = 400


@dataclass(frozen=True)
class YearTable:
    """One year's official calendar: holiday → name, make-up working day → name."""

    year: int
    holidays: Mapping[dt.date, str]
    workdays: Mapping[dt.date, str]
    source: str = ""


@dataclass
class Walk:
    """The result of counting over the calendar: the day reached and what was skipped."""

    day: dt.date
    skipped: list[dt.date] = field(default_factory=list)  # non-working days passed over
    unknown_years: set[int] = field(default_factory=set)  # years decided by weekends only

    @property
    def calendar_known(self) -> bool:
        return not self.unknown_years


class WorkCalendar:
    def __init__(self, tables: Iterable[YearTable] = ()) -> None:
        self._tables: dict[int, YearTable] = {}
        self._off: set[dt.date] = set()
        self._on: set[dt.date] = set()
        for table in tables:
            self.add(table)

    def add(self, table: YearTable) -> None:
        """Add (or replace) one year's table."""
        old = self._tables.get(table.year)
        if old is not None:
            self._off.difference_update(old.holidays)
            self._on.difference_update(old.workdays)
        self._tables[table.year] = table
        self._off.update(table.holidays)
        self._on.update(table.workdays)

    @property
    def known_years(self) -> list[int]:
        return sorted(self._tables)

    def table(self, year: int) -> YearTable | None:
        return self._tables.get(year)

    def knows(self, year: int) -> bool:
        return year in self._tables

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._on:
            return True
        if day in self._off:
            return False
        return day.weekday() < 5

    def day_note(self, day: dt.date) -> str:
        """``春节`` for a holiday, ``春节调休上班`` for a make-up day, ``""`` otherwise."""
        table = self._tables.get(day.year)
        if table is None:
            return ""
        if day in table.holidays:
            return table.holidays[day]
        if day in table.workdays:
            return f"{table.workdays[day]}调休上班"
        return ""

    def _note_year(self, walk: Walk, day: dt.date) -> None:
        if day.year not in self._tables:
            walk.unknown_years.add(day.year)

    def roll_forward(self, day: dt.date) -> Walk:
        """``day`` if it is a working day, else the next working day (期间届满日顺延)."""
        walk = Walk(day)
        for _ in range(_MAX_SCAN_DAYS):
            self._note_year(walk, walk.day)
            if self.is_working_day(walk.day):
                return walk
            walk.skipped.append(walk.day)
            walk.day += ONE_DAY
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days after {day}")

    def add_working_days(self, start: dt.date, count: int) -> Walk:
        """The ``count``-th working day after ``start`` (the start day itself is not counted)."""
        walk = Walk(start)
        self._note_year(walk, start)
        counted = 0
        scanned = 0
        while counted < count:
            walk.day += ONE_DAY
            scanned += 1
            if scanned > _MAX_SCAN_DAYS + count:
                raise ValueError(f"cannot count {count} working days after {start}")
            self._note_year(walk, walk.day)
            if self.is_working_day(walk.day):
                counted += 1
            else:
                walk.skipped.append(walk.day)
        return walk

    def add_calendar_days(self, start: dt.date, count: int, *, roll: bool) -> Walk:
        """``count`` days after ``start``; holidays inside the period count; with ``roll`` a
        last day that is not a working day moves to the next working day."""
        end = start + dt.timedelta(days=count)
        if not roll:
            walk = Walk(end)
            self._note_year(walk, end)
            return walk
        return self.roll_forward(end)

    def previous_working_day(self, day: dt.date) -> Walk:
        """The last working day strictly before ``day``."""
        walk = Walk(day)
        for _ in range(_MAX_SCAN_DAYS):
            walk.day -= ONE_DAY
            self._note_year(walk, walk.day)
            if self.is_working_day(walk.day):
                return walk
            walk.skipped.append(walk.day)
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days before {day}")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if end ≤ start)."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count


def last_day_of_month(year: int, month: int) -> dt.date:
    first_next = dt.date(year + month // 12, month % 12 + 1, 1)
    return first_next - ONE_DAY


def monthly_report_due(calendar: WorkCalendar, year: int, month: int) -> Walk:
    """定期通报: "每月月底前一个工作日" — the last working day before the month's last day."""
    return calendar.previous_working_day(last_day_of_month(year, month))
