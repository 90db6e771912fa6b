"""Figures and register rows of the sanctions side: rectification (限期整改) on time and
overdue, measures (惩戒措施) by status, accountability records (问责).

Rectification is read from the listings (``store/sanction_models.Listing``): each listed
body of a case has its own period — ordered on ``rectify_assigned_on``, due on
``rectify_due_on`` (as the deadline calendar computes it), done on ``rectified_on``; a
body leaving the list after full performance or a settlement has done it on the day it
left, one leaving for another reason no longer has to (免除). Only bodies given a period
are counted. Measures and accountability are read through ``reports.sanction_register``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.store.models import Agency, Case, db
from xinyi_desktop.store.sanction_models import Listing

ON_TIME, LATE, OVERDUE, PENDING, WAIVED_LABEL = (
    "按期完成",
    "逾期完成",
    "逾期未完成",
    "整改期内",
    "免除",
)
# Leaving the list for these reasons is the rectification done (履行完毕、和解履行完毕).
PERFORMED = ("performed", "settled")


@dataclass(frozen=True)
class Period:
    """One listed body's rectification period, as the reports read it."""

    listing_id: int
    case_id: int
    agency_id: int
    assigned_on: dt.date | None
    due_on: dt.date
    rectified_on: dt.date | None
    removed_on: dt.date | None
    removal_reason: str

    @property
    def done_on(self) -> dt.date | None:
        """The day it was done: rectified, or off the list by performance/settlement."""
        if self.rectified_on is not None:
            return self.rectified_on
        return self.removed_on if self.removal_reason in PERFORMED else None

    @property
    def waived_on(self) -> dt.date | None:
        """Off the list for another reason before it was done: no longer owed."""
        return self.removed_on if self.done_on is None else None

    def status(self, today: dt.date) -> str:
        if self.waived_on is not None:
            return WAIVED_LABEL
        if self.done_on is not None:
            return ON_TIME if self.done_on <= self.due_on else LATE
        return OVERDUE if self.due_on < today else PENDING

    def open_at(self, day: dt.date) -> bool:
        """Neither done nor waived by the end of ``day``."""
        closed = self.done_on or self.waived_on
        return closed is None or closed > day


def rectification_periods(case_ids=None, agency_id: int | None = None) -> list[Period]:
    """Every listed body's period (typed reads: dates are dates on every database)."""
    query = Listing.select(
        Listing.id,
        Listing.case,
        Listing.agency,
        Listing.rectify_assigned_on,
        Listing.rectify_due_on,
        Listing.rectified_on,
        Listing.removed_on,
        Listing.removal_reason,
    ).where(Listing.rectify_due_on.is_null(False))
    if case_ids is not None:
        query = query.where(Listing.case.in_(case_ids))
    if agency_id is not None:
        query = query.where(Listing.agency == agency_id)
    query = query.order_by(Listing.rectify_due_on, Listing.id)
    return [Period(*row) for row in query.tuples()]


@dataclass
class RectificationFigures:
    assigned: int = 0  # periods started in the month
    due: int = 0  # periods ending in the month
    on_time: int = 0  # of those due: completed by the deadline
    late: int = 0  # of those due: completed after it
    overdue: int = 0  # of those due: still not completed
    overdue_at_end: int = 0  # any period past its day and not completed at the month's end
    overdue_by_agency: dict[int, int] = field(default_factory=dict)


def rectification_figures(month: Month, today: dt.date) -> RectificationFigures:
    start, end = month.first, month.last
    figures = RectificationFigures()
    for period in rectification_periods():
        if period.assigned_on is not None and start <= period.assigned_on <= end:
            figures.assigned += 1
        due = period.due_on
        status = period.status(today)
        if start <= due <= end:
            figures.due += 1
            if status == ON_TIME:
                figures.on_time += 1
            elif status == LATE:
                figures.late += 1
            elif status == OVERDUE:
                figures.overdue += 1
        if due <= end and due < today and period.open_at(end):
            figures.overdue_at_end += 1
            agency = period.agency_id
            figures.overdue_by_agency[agency] = figures.overdue_by_agency.get(agency, 0) + 1
    return figures


def rectification_register(case_ids, today: dt.date, agency_id: int | None = None) -> list[list]:
    """Rows of the register's 整改 sheet: one per listed body given a period."""
    periods = rectification_periods(case_ids, agency_id)
    cases = dict(
        Case.select(Case.id, Case.case_no)
        .where(Case.id.in_(sorted({p.case_id for p in periods}) or [0]))
        .tuples()
    )
    names = agency_names({p.agency_id for p in periods})
    from xinyi_desktop.services.rectification import EXIT_REASONS

    out = []
    for p in periods:
        note = ""
        if p.removed_on is not None:
            reason = EXIT_REASONS.get(p.removal_reason, p.removal_reason)
            note = f"{p.removed_on.isoformat()}移出失信名单（{reason}）"
        out.append(
            [
                cases.get(p.case_id, ""),
                names.get(p.agency_id, ""),
                p.assigned_on,
                p.due_on,
                p.status(today),
                p.done_on,
                note,
            ]
        )
    return out


@dataclass
class SanctionFigures:
    rectification: RectificationFigures
    available: bool  # the sanctions checklist is in use
    measures: list[tuple[str, int, int]] = field(default_factory=list)
    accountability_month: int = 0
    accountability_previous: int = 0
    accountability_year: int = 0


def sanction_figures(month: Month, today: dt.date) -> SanctionFigures:
    from xinyi_desktop.reports import sanction_register as source

    figures = SanctionFigures(rectification_figures(month, today), available=False)
    measures = source.measure_status_counts(month.first, month.last)
    if measures is None:
        return figures
    previous = month.previous()
    figures.available = True
    figures.measures = measures
    figures.accountability_month = source.accountability_count(month.first, month.last) or 0
    figures.accountability_previous = (
        source.accountability_count(previous.first, previous.last) or 0
    )
    figures.accountability_year = (
        source.accountability_count(dt.date(month.year, 1, 1), month.last) or 0
    )
    return figures


def agency_names(ids) -> dict[int, str]:
    query = Agency.select(Agency.id, Agency.name).where(Agency.id.in_(list(ids) or [0]))
    return dict(db.execute(query).fetchall())
