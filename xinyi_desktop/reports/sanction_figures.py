"""Figures and register rows of the sanctions side: rectification (限期整改) on time and
overdue, measures (惩戒措施) by status, accountability records (问责).

Rectification is read from the deadlines of rule ``rectification`` (a 限期整改通知书 or a
交办单 to a listed body starts one; ``rectified`` or the case's exit completes it), which
exist today. Measures and accountability belong to the sanctions feature (issue 6): they are
read through ``reports.sanction_register``, which reads that feature's tables when they
exist; without them the report says the checklist is not in use instead of printing zeros
that look like facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.services.deadline_sync import DONE, OPEN, WAIVED
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import Agency, Case, CaseParty, db

RECTIFICATION = "rectification"


ON_TIME, LATE, OVERDUE, PENDING, WAIVED_LABEL = (
    "按期完成",
    "逾期完成",
    "逾期未完成",
    "整改期内",
    "免除",
)


def rectification_status(status: str, due_on: dt.date, resolved_on, today: dt.date) -> str:
    if status == WAIVED:
        return WAIVED_LABEL
    if status == DONE:
        return ON_TIME if resolved_on is not None and resolved_on <= due_on else LATE
    return OVERDUE if due_on < today else PENDING


@dataclass
class RectificationFigures:
    assigned: int = 0  # periods started in the month
    due: int = 0  # periods ending in the month
    on_time: int = 0  # of those due: completed by the deadline
    late: int = 0  # of those due: completed after it
    overdue: int = 0  # of those due: still not completed
    overdue_at_end: int = 0  # any period past its day and not completed at the month's end
    overdue_by_agency: dict[int, int] = field(default_factory=dict)


def _rectification_rows(case_ids=None):
    query = Deadline.select(
        Deadline.id,
        Deadline.case,
        Deadline.trigger_on,
        Deadline.due_on,
        Deadline.status,
        Deadline.resolved_on,
        Deadline.note,
    ).where((Deadline.kind == RECTIFICATION) & Deadline.case.is_null(False))
    if case_ids is not None:
        query = query.where(Deadline.case.in_(case_ids))
    return db.execute(query.order_by(Deadline.due_on, Deadline.id)).fetchall()


def rectification_figures(month: Month, today: dt.date) -> RectificationFigures:
    start, end = month.first, month.last
    figures = RectificationFigures()
    overdue_cases: dict[int, int] = {}
    for _id, case_id, trigger_on, due_on, status, resolved_on, _note in _rectification_rows():
        if trigger_on is not None and start <= trigger_on <= end:
            figures.assigned += 1
        if start <= due_on <= end:
            figures.due += 1
            if status == DONE and resolved_on is not None and resolved_on <= due_on:
                figures.on_time += 1
            elif status == DONE:
                figures.late += 1
            elif status == OPEN and due_on < today:
                figures.overdue += 1
        unresolved_at_end = status == OPEN or (resolved_on is not None and resolved_on > end)
        if due_on <= end and due_on < today and unresolved_at_end:
            figures.overdue_at_end += 1
            overdue_cases[case_id] = overdue_cases.get(case_id, 0) + 1
    if overdue_cases:
        query = CaseParty.select(CaseParty.case, CaseParty.agency).where(
            (CaseParty.role == "defendant") & CaseParty.case.in_(list(overdue_cases))
        )
        for case_id, agency_id in db.execute(query).fetchall():
            if agency_id is not None:
                figures.overdue_by_agency[agency_id] = (
                    figures.overdue_by_agency.get(agency_id, 0) + overdue_cases[case_id]
                )
    return figures


def rectification_register(case_ids, today: dt.date) -> list[list]:
    """Rows of the register's 整改 sheet: one per rectification period."""
    rows = _rectification_rows(case_ids)
    cases = {
        c.id: c
        for c in Case.select(Case.id, Case.case_no, Case.defendants_text).where(
            Case.id.in_(list({r[1] for r in rows}) or [0])
        )
    }
    out = []
    for _id, case_id, trigger_on, due_on, status, resolved_on, note in rows:
        case = cases.get(case_id)
        out.append(
            [
                case.case_no if case else "",
                case.defendants_text if case else "",
                trigger_on,
                due_on,
                rectification_status(status, due_on, resolved_on, today),
                resolved_on,
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
