"""The register sheets and report figures that read the sanctions feature's tables
(``store/sanction_models.py``): the checklist of measures (惩戒措施) and the
accountability records (问责). Every read of those tables by the reports goes through this
module. The register's filters apply: the cases in scope and, when an agency is chosen,
only that agency's rows (not its co-defendants' on the same cases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee as pw

from xinyi_desktop.documents.xlsx_writer import Column
from xinyi_desktop.rules.sanctions import STATUS_LABELS, roles_label
from xinyi_desktop.store.models import Agency, Case, User
from xinyi_desktop.store.sanction_models import (
    Accountability,
    Listing,
    SanctionItem,
    SanctionStep,
)

STATUS_FILLS = {"已实施": "F8CBAD", "已解除": "E2EFDA", "不适用": "EDEDED"}

MEASURE_COLUMNS = [
    Column("单位名称", 28),
    Column("案号", 26),
    Column("惩戒措施", 16),
    Column("实施部门", 22),
    Column("对象", 14),
    Column("对象身份", 12),
    Column("状态", 10, fills=STATUS_FILLS),
    Column("状态日期", 11, "date"),
    Column("不适用理由", 24),
]
ACCOUNTABILITY_COLUMNS = [
    Column("单位名称", 28),
    Column("问责对象", 14),
    Column("查明的问题", 40, wrap=True),
    Column("问责决定", 30, wrap=True),
    Column("决定日期", 11, "date"),
    Column("移送组织人事部门", 14, "date"),
    Column("经办人", 10),
]
LABELS = {str(k): v for k, v in STATUS_LABELS.items()}


def measure_rows(case_ids, agency_id: int | None = None) -> Iterator[list]:
    from xinyi_desktop.services.measures import measures_by_key
    from xinyi_desktop.services.sanctions import owner_for

    item = SanctionItem
    query = (
        item.select(
            Listing.agency,
            Agency.name,
            Case.case_no,
            item.measure_key,
            item.target_name,
            item.target_role,
            item.status,
            item.status_on,
            item.reason,
        )
        .join(Listing)
        .join(Agency, on=(Listing.agency == Agency.id))
        .switch(Listing)
        .join(Case, on=(Listing.case == Case.id))
        .order_by(Agency.name, Case.case_no, item.id)
    )
    if case_ids is not None:
        query = query.where(Listing.case.in_(case_ids))
    if agency_id is not None:
        query = query.where(Listing.agency == agency_id)
    measures = measures_by_key()
    owners: dict[tuple[int, str], str] = {}
    for agency, name, case_no, key, target, role, status, status_on, reason in query.tuples():
        measure = measures.get(key)
        if (agency, key) not in owners:
            owners[(agency, key)] = ""
            if measure is not None:
                owners[(agency, key)] = measure.department
                if measure.jurisdiction:
                    owners[(agency, key)] = owner_for(measure, Agency.get_by_id(agency))
        yield [
            name,
            case_no,
            measure.name if measure else key,
            owners[(agency, key)],
            target,
            roles_label(role) if role else "单位",
            LABELS.get(status, status),
            status_on,
            reason,
        ]


def accountability_rows(case_ids, agency_id: int | None = None) -> Iterator[list]:
    record = Accountability
    query = (
        record.select(
            Agency.name,
            record.subject,
            record.found,
            record.decision,
            record.decided_on,
            record.referred_on,
            User.display_name,
        )
        .join(Agency, on=(record.agency == Agency.id))
        .switch(record)
        .join(User, on=(record.user == User.id))
        .order_by(record.decided_on, record.id)
    )
    if case_ids is not None:
        query = query.where(
            record.listing.in_(Listing.select(Listing.id).where(Listing.case.in_(case_ids)))
        )
    if agency_id is not None:
        query = query.where(record.agency == agency_id)
    yield from (list(row) for row in query.tuples())


def sheets(case_ids, today: dt.date, agency_id: int | None = None) -> list[tuple]:
    """(sheet name, columns, rows, title) of the two sanctions sheets of the register."""
    return [
        ("惩戒措施", MEASURE_COLUMNS, measure_rows(case_ids, agency_id), "联合惩戒措施清单"),
        ("问责", ACCOUNTABILITY_COLUMNS, accountability_rows(case_ids, agency_id), "问责记录"),
    ]


def measure_status_counts(start: dt.date, end: dt.date) -> list[tuple[str, int, int]]:
    """Per status: the steps to it within the period, and the items in it at the period's
    end — each item's status then is that of its latest step on or before ``end`` (steps
    of an item are dated in the order they are recorded, so the latest is the highest id;
    an item whose first step is later did not exist yet)."""
    step = SanctionStep
    changed = dict(
        step.select(step.to_status, pw.fn.COUNT(step.id))
        .where((step.happened_on >= start) & (step.happened_on <= end))
        .group_by(step.to_status)
        .tuples()
    )
    latest = (
        step.select(pw.fn.MAX(step.id).alias("last_id"))
        .where(step.happened_on <= end)
        .group_by(step.item)
    )
    at_end = dict(
        step.select(step.to_status, pw.fn.COUNT(step.id))
        .where(step.id.in_(latest))
        .group_by(step.to_status)
        .tuples()
    )
    return [
        (label, changed.get(status, 0), at_end.get(status, 0))
        for status, label in LABELS.items()
        if changed.get(status) or at_end.get(status)
    ]


def accountability_count(start: dt.date, end: dt.date) -> int:
    """Accountability records decided in the period (by decision date, else entry date)."""
    record = Accountability
    count = 0
    for decided, created in record.select(record.decided_on, record.created_at).tuples():
        day = decided or created.date()
        count += start <= day <= end
    return count
