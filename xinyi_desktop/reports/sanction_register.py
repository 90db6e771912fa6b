"""The register sheets and report figures that read the sanctions feature's tables
(``store/sanction_models.py``, issue 6): the checklist of measures (惩戒措施) and the
accountability records (问责). Every read of those tables by the reports goes through this
module; when the tables are absent the sheets say so and the figures are marked missing."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
from collections.abc import Iterator

from xinyi_desktop.documents.xlsx_writer import Column
from xinyi_desktop.rules.agencies import role_label

SANCTION_MODELS_MODULE = "xinyi_desktop.store.sanction_models"
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
MISSING = "（联合惩戒台账尚未启用）"


def sanction_models():
    """The sanctions feature's models module, or None before that feature exists."""
    if importlib.util.find_spec(SANCTION_MODELS_MODULE) is None:
        return None
    return importlib.import_module(SANCTION_MODELS_MODULE)


def _measure_names() -> dict[str, tuple[str, str]]:
    try:
        from xinyi_desktop.services.measures import catalogue

        return {m.key: (m.name, m.department) for m in catalogue()}
    except (ImportError, AttributeError):
        return {}


def _status_labels() -> dict[str, str]:
    try:
        from xinyi_desktop.rules.sanctions import STATUS_LABELS

        return {str(k): v for k, v in STATUS_LABELS.items()}
    except ImportError:
        return {}


def measure_rows(case_ids) -> Iterator[list]:
    models = sanction_models()
    if models is None:
        yield [MISSING]
        return
    from xinyi_desktop.store.models import Agency, Case

    item, listing = models.SanctionItem, models.Listing
    query = (
        item.select(
            Agency.name,
            Case.case_no,
            item.measure_key,
            item.target_name,
            item.target_role,
            item.status,
            item.status_on,
            item.reason,
        )
        .join(listing)
        .join(Agency, on=(listing.agency == Agency.id))
        .switch(listing)
        .join(Case, on=(listing.case == Case.id))
        .order_by(Agency.name, Case.case_no, item.id)
    )
    if case_ids is not None:
        query = query.where(listing.case.in_(case_ids))
    names, labels = _measure_names(), _status_labels()
    for agency, case_no, key, target, role, status, status_on, reason in query.tuples():
        name, department = names.get(key, (key, ""))
        yield [
            agency,
            case_no,
            name,
            department,
            target,
            role_label(role) if role else "单位",
            labels.get(status, status),
            status_on,
            reason,
        ]


def accountability_rows(case_ids) -> Iterator[list]:
    models = sanction_models()
    if models is None:
        yield [MISSING]
        return
    from xinyi_desktop.store.models import Agency, User

    record, listing = models.Accountability, models.Listing
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
            record.listing.in_(listing.select(listing.id).where(listing.case.in_(case_ids)))
        )
    yield from (list(row) for row in query.tuples())


def sheets(case_ids, today: dt.date) -> list[tuple]:
    """(sheet name, columns, rows, title) of the two sanctions sheets of the register."""
    return [
        ("惩戒措施", MEASURE_COLUMNS, measure_rows(case_ids), "联合惩戒措施清单"),
        ("问责", ACCOUNTABILITY_COLUMNS, accountability_rows(case_ids), "问责记录"),
    ]


def measure_status_counts(start: dt.date, end: dt.date) -> list[tuple[str, int, int]] | None:
    """Per status: checklist items that reached it within the period, and the items in it
    at the period's end (the latest step on or before that day). None: no sanctions."""
    models = sanction_models()
    if models is None:
        return None
    import peewee as pw

    item, step = models.SanctionItem, models.SanctionStep
    end_stamp = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    changed = dict(
        step.select(step.to_status, pw.fn.COUNT(step.id))
        .where((step.happened_on >= start) & (step.happened_on <= end))
        .group_by(step.to_status)
        .tuples()
    )
    at_end = dict(
        item.select(item.status, pw.fn.COUNT(item.id))
        .where(item.created_at < end_stamp)
        .group_by(item.status)
        .tuples()
    )
    # Items that changed after the period: their status then was the first later step's
    # starting point, not today's.
    later: dict[int, tuple] = {}
    query = (
        step.select(step.item, step.happened_on, step.id, step.from_status, item.status)
        .join(item)
        .where((step.happened_on > end) & (item.created_at < end_stamp))
    )
    for item_id, on, step_id, from_status, current in query.tuples():
        key = (on, step_id)
        if item_id not in later or key < later[item_id][0]:
            later[item_id] = (key, from_status, current)
    for _key, from_status, current in later.values():
        at_end[current] = at_end.get(current, 0) - 1
        at_end[from_status] = at_end.get(from_status, 0) + 1
    labels = _status_labels()
    order = list(labels) or sorted(set(at_end) | set(changed))
    return [
        (labels.get(s, s), changed.get(s, 0), at_end.get(s, 0))
        for s in order
        if changed.get(s) or at_end.get(s)
    ]


def accountability_count(start: dt.date, end: dt.date) -> int | None:
    """Accountability records decided in the period (by decision date, else entry date)."""
    models = sanction_models()
    if models is None:
        return None
    record = models.Accountability
    count = 0
    for decided, created in record.select(record.decided_on, record.created_at).tuples():
        day = decided or created.date()
        count += start <= day <= end
    return count
