"""The month's figures by agency and by town or department (镇街/部门), and the letters sent
by kind. Reads only. The case figures follow ``reports.figures`` (a lawsuit counts once);
a case with several defendant agencies counts once for each of them and once for each
town or department they belong to. Letters, overdue rectification, accountability and
measures belong to one agency each; a town's or department's figure is the sum of its
agencies'."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from dataclasses import dataclass, field

import peewee as pw

from xinyi_desktop.documents.catalog import kind_label
from xinyi_desktop.reports.agency_sanctions import AgencySanctions, agency_sanctions
from xinyi_desktop.reports.figures import NO_AREA, Timeline
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency, Case, CaseParty, db

# The columns of the breakdown tables: key, short label (the .xlsx headers).
COLUMNS: list[tuple[str, str]] = [
    ("new_suits", "新增起诉"),
    ("lost", "败诉"),
    ("listed", "列入失信"),
    ("exited", "退出失信"),
    ("performed", "履行完毕"),
    ("settled", "和解"),
    ("letters", "发函"),
    ("rectification_overdue", "整改逾期"),
    ("accountability", "问责"),
    ("measures_applied", "本月实施措施"),
    ("measures_in_force", "在实施措施（月末）"),
]
CASE_KEYS = ("new_suits", "lost", "listed", "exited", "performed", "settled")
# Figures that belong to one agency each; an area's is the sum of its agencies'.
AGENCY_KEYS = (
    "letters",
    "rectification_overdue",
    "accountability",
    "measures_applied",
    "measures_in_force",
)


@dataclass
class GroupRow:
    """One agency or one town/department."""

    name: str
    area: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    listed: bool = False  # agency rows: listed at the month's end
    listed_bodies: int = 0  # area rows: agencies listed at the month's end
    listed_bodies_before: int = 0

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)

    def add(self, key: str, count: int = 1) -> None:
        self.counts[key] = self.get(key) + count


@dataclass
class Breakdown:
    agencies: list[GroupRow]
    areas: list[GroupRow]
    letters_by_kind: list[tuple[str, int, int, int]]  # kind label, month, previous, year


def _case_rows(start: dt.date, end: dt.date) -> list[tuple]:
    """(agency, name, area, case) of each defendant of a case with a date in the period."""
    dates = (Case.filed_on, Case.judgment_effective_on, Case.listed_on, Case.closed_on)
    any_date = functools.reduce(operator.or_, ((d >= start) & (d <= end) for d in dates))
    query = (
        CaseParty.select(CaseParty.agency, Agency.name, Agency.area, Case.id)
        .join(Case)
        .switch(CaseParty)
        .join(Agency)
        .where((CaseParty.role == "defendant") & any_date)
    )
    return db.execute(query).fetchall()


def _issued(start: dt.date, end: dt.date):
    return (
        (Document.status == "issued") & (Document.issued_on >= start) & (Document.issued_on <= end)
    )


def letter_rows(start: dt.date, end: dt.date) -> list[tuple]:
    """(kind, agency id or None, agency name, area) of each letter issued in the period."""
    query = (
        Document.select(Document.kind, Document.agency, Agency.name, Agency.area)
        .join(Agency, pw.JOIN.LEFT_OUTER, on=(Document.agency == Agency.id))
        .where(_issued(start, end))
    )
    return db.execute(query).fetchall()


def letters_by_kind(month: Month) -> list[tuple[str, int, int, int]]:
    def count(start, end) -> dict[str, int]:
        query = (
            Document.select(Document.kind, pw.fn.COUNT(Document.id))
            .where(_issued(start, end))
            .group_by(Document.kind)
        )
        return dict(db.execute(query).fetchall())

    previous = month.previous()
    now = count(month.first, month.last)
    before = count(previous.first, previous.last)
    year = count(dt.date(month.year, 1, 1), month.last)
    kinds = sorted(set(now) | set(before) | set(year))
    return [(kind_label(k), now.get(k, 0), before.get(k, 0), year.get(k, 0)) for k in kinds]


def breakdown(
    month: Month,
    listed_now: dict[int, str],
    listed_before: dict[int, str],
    overdue_by_agency: dict[int, int] | None = None,
    timeline: Timeline | None = None,
    sanctions: AgencySanctions | None = None,
) -> Breakdown:
    """Rows for every agency and area with something in the month or listed at its end."""
    start, end = month.first, month.last
    timeline = timeline or Timeline()
    sanctions = sanctions if sanctions is not None else agency_sanctions(start, end)
    flow_ids = {key: timeline.flow_ids(key, start, end) for key in CASE_KEYS}
    agencies: dict[int, GroupRow] = {}
    agency_cases: dict[int, dict[str, set[int]]] = {}
    area_cases: dict[str, dict[str, set[int]]] = {}

    def agency_row(agency_id: int, name: str, area: str) -> GroupRow:
        row = agencies.get(agency_id)
        if row is None:
            row = agencies[agency_id] = GroupRow(name, area or NO_AREA)
        return row

    for agency_id, name, area, case_id in _case_rows(start, end):
        keys = [key for key in CASE_KEYS if case_id in flow_ids[key]]
        if not keys:
            continue
        agency_row(agency_id, name, area)
        for key in keys:
            agency_cases.setdefault(agency_id, {}).setdefault(key, set()).add(case_id)
            area_cases.setdefault(area or NO_AREA, {}).setdefault(key, set()).add(case_id)
    for agency_id, cases in agency_cases.items():
        agencies[agency_id].counts.update({k: len(v) for k, v in cases.items()})
    for _kind, agency_id, name, area in letter_rows(start, end):
        if agency_id is not None:
            agency_row(agency_id, name, area).add("letters")
    per_agency = {
        "rectification_overdue": overdue_by_agency or {},
        "accountability": sanctions.accountability,
        "measures_applied": sanctions.applied,
        "measures_in_force": sanctions.in_force,
    }
    missing = (set(listed_now) | {a for d in per_agency.values() for a in d}) - set(agencies)
    if missing:
        query = Agency.select(Agency.id, Agency.name, Agency.area).where(
            Agency.id.in_(list(missing))
        )
        for agency_id, name, area in db.execute(query).fetchall():
            agency_row(agency_id, name, area)
    for key, counts in per_agency.items():
        for agency_id, count in counts.items():
            agencies[agency_id].add(key, count)
    for agency_id in listed_now:
        agencies[agency_id].listed = True
    areas: dict[str, GroupRow] = {}
    for area in (
        set(area_cases)
        | {r.area for r in agencies.values()}
        | set(listed_now.values())
        | set(listed_before.values())
    ):
        row = areas[area] = GroupRow(area, area)
        row.counts = {k: len(v) for k, v in area_cases.get(area, {}).items()}
        row.listed_bodies = sum(1 for a in listed_now.values() if a == area)
        row.listed_bodies_before = sum(1 for a in listed_before.values() if a == area)
    for agency in agencies.values():
        for key in AGENCY_KEYS:
            if agency.get(key):
                areas[agency.area].add(key, agency.get(key))
    return Breakdown(
        agencies=sorted(agencies.values(), key=lambda r: (r.area, r.name)),
        areas=sorted(areas.values(), key=lambda r: (-r.listed_bodies, r.name)),
        letters_by_kind=letters_by_kind(month),
    )
