"""The month's figures by agency and by town or department (镇街/部门), and the letters sent
by kind. Reads only. A case with several defendant agencies counts once for each of them
and once for each town or department they belong to; the totals count it once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from xinyi_desktop.documents.catalog import kind_label
from xinyi_desktop.reports.figures import NO_AREA, _flow_conditions
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency, Case, CaseParty, db

# The columns of the breakdown tables: key, short label.
COLUMNS: list[tuple[str, str]] = [
    ("new_suits", "新增起诉"),
    ("lost", "败诉"),
    ("listed", "列入失信"),
    ("exited", "退出失信"),
    ("performed", "履行完毕"),
    ("settled", "和解"),
    ("letters", "发函"),
    ("rectification_overdue", "整改逾期"),
]
CASE_KEYS = ("new_suits", "lost", "listed", "exited", "performed", "settled")


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


@dataclass
class Breakdown:
    agencies: list[GroupRow]
    areas: list[GroupRow]
    letters_by_kind: list[tuple[str, int, int, int]]  # kind label, month, previous, year


def _case_rows(start: dt.date, end: dt.date) -> list[tuple]:
    conditions = _flow_conditions(start, end)
    flags = [pw.Case(None, [(c, 1)], 0) for c in (conditions[k] for k in CASE_KEYS)]
    any_date = (
        ((Case.filed_on >= start) & (Case.filed_on <= end))
        | ((Case.judgment_effective_on >= start) & (Case.judgment_effective_on <= end))
        | ((Case.listed_on >= start) & (Case.listed_on <= end))
        | ((Case.closed_on >= start) & (Case.closed_on <= end))
    )
    query = (
        CaseParty.select(CaseParty.agency, Agency.name, Agency.area, Case.id, *flags)
        .join(Case)
        .switch(CaseParty)
        .join(Agency)
        .where((CaseParty.role == "defendant") & any_date)
    )
    return db.execute(query).fetchall()


def letter_rows(start: dt.date, end: dt.date) -> list[tuple]:
    """(kind, agency id or None, agency name, area) of each letter issued in the period."""
    query = (
        Document.select(Document.kind, Document.agency, Agency.name, Agency.area)
        .join(Agency, pw.JOIN.LEFT_OUTER, on=(Document.agency == Agency.id))
        .where(
            (Document.status == "issued")
            & (Document.issued_on >= start)
            & (Document.issued_on <= end)
        )
    )
    return db.execute(query).fetchall()


def letters_by_kind(month: Month) -> list[tuple[str, int, int, int]]:
    def count(start, end) -> dict[str, int]:
        query = (
            Document.select(Document.kind, pw.fn.COUNT(Document.id))
            .where(
                (Document.status == "issued")
                & (Document.issued_on >= start)
                & (Document.issued_on <= end)
            )
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
) -> Breakdown:
    """Rows for every agency and area with something in the month or listed at its end."""
    start, end = month.first, month.last
    agencies: dict[int, GroupRow] = {}
    agency_cases: dict[int, dict[str, set[int]]] = {}
    area_cases: dict[str, dict[str, set[int]]] = {}
    names = (
        dict(
            db.execute(
                Agency.select(Agency.id, Agency.name).where(
                    Agency.id.in_(list(set(listed_now) | set(overdue_by_agency or {})))
                )
            ).fetchall()
        )
        if (listed_now or overdue_by_agency)
        else {}
    )

    def agency_row(agency_id: int, name: str, area: str) -> GroupRow:
        row = agencies.get(agency_id)
        if row is None:
            row = agencies[agency_id] = GroupRow(name, area or NO_AREA)
        return row

    for agency_id, name, area, case_id, *flags in _case_rows(start, end):
        agency_row(agency_id, name, area)
        area = area or NO_AREA
        for key, flag in zip(CASE_KEYS, flags, strict=True):
            if flag:
                agency_cases.setdefault(agency_id, {}).setdefault(key, set()).add(case_id)
                area_cases.setdefault(area, {}).setdefault(key, set()).add(case_id)
    for agency_id, cases in agency_cases.items():
        agencies[agency_id].counts.update({k: len(v) for k, v in cases.items()})
    letter_areas: dict[str, int] = {}
    for _kind, agency_id, name, area in letter_rows(start, end):
        if agency_id is None:
            continue
        row = agency_row(agency_id, name, area)
        row.counts["letters"] = row.get("letters") + 1
        letter_areas[area or NO_AREA] = letter_areas.get(area or NO_AREA, 0) + 1
    for agency_id, area in listed_now.items():
        agency_row(agency_id, names.get(agency_id, ""), area).listed = True
    overdue_areas: dict[str, int] = {}
    for agency_id, count in (overdue_by_agency or {}).items():
        if agency_id not in agencies:
            area = Agency.get_by_id(agency_id).area
            agency_row(agency_id, names.get(agency_id, ""), area)
        row = agencies[agency_id]
        row.counts["rectification_overdue"] = count
        overdue_areas[row.area] = overdue_areas.get(row.area, 0) + count
    areas: dict[str, GroupRow] = {}
    for area in (
        set(area_cases)
        | set(letter_areas)
        | set(listed_now.values())
        | set(listed_before.values())
        | set(overdue_areas)
    ):
        row = areas[area] = GroupRow(area, area)
        row.counts = {k: len(v) for k, v in area_cases.get(area, {}).items()}
        row.counts["letters"] = letter_areas.get(area, 0)
        row.counts["rectification_overdue"] = overdue_areas.get(area, 0)
        row.listed_bodies = sum(1 for a in listed_now.values() if a == area)
        row.listed_bodies_before = sum(1 for a in listed_before.values() if a == area)
    return Breakdown(
        agencies=sorted(agencies.values(), key=lambda r: (r.area, r.name)),
        areas=sorted(areas.values(), key=lambda r: (-r.listed_bodies, r.name)),
        letters_by_kind=letters_by_kind(month),
    )
