"""The sanctions side of the monthly report by agency (分单位): accountability records (问责)
and joint-punishment measures (惩戒措施) of each agency in a month. Reads only.

Counting rules (the tests recompute them from the raw records):

* 问责 counts a record in the month of its decision date (问责决定日期), or of the day it
  was entered when it has none — the rule of the report's 问责记录 figure, so the agencies'
  counts add up to it.
* 本月实施措施 counts the checklist items of the agency's listings that were recorded as
  carried out (已实施) on a day in the month.
* 在实施措施（月末） counts the items whose latest step on or before the month's last day
  left them carried out: every item starts 拟实施, so an item without steps never counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinyi_desktop.rules.sanctions import IN_FORCE, ItemStatus
from xinyi_desktop.store.sanction_models import Accountability, Listing, SanctionItem, SanctionStep


@dataclass
class AgencySanctions:
    accountability: dict[int, int] = field(default_factory=dict)  # agency id -> records
    applied: dict[int, int] = field(default_factory=dict)  # items carried out in the month
    in_force: dict[int, int] = field(default_factory=dict)  # items in force at its end

    def agencies(self) -> set[int]:
        return set(self.accountability) | set(self.applied) | set(self.in_force)


def _add(found: dict[int, int], agency_id: int) -> None:
    found[agency_id] = found.get(agency_id, 0) + 1


def agency_sanctions(start: dt.date, end: dt.date) -> AgencySanctions:
    result = AgencySanctions()
    records = Accountability.select(
        Accountability.agency, Accountability.decided_on, Accountability.created_at
    )
    for agency_id, decided, created in records.tuples():
        if start <= (decided or created.date()) <= end:
            _add(result.accountability, agency_id)
    steps = (
        SanctionStep.select(
            Listing.agency, SanctionStep.item, SanctionStep.to_status, SanctionStep.happened_on
        )
        .join(SanctionItem)
        .join(Listing)
        .where(SanctionStep.happened_on <= end)
        .order_by(SanctionStep.happened_on, SanctionStep.id)
    )
    latest: dict[int, tuple[int, str]] = {}  # item -> (agency, status after its last step)
    for agency_id, item_id, status, on in steps.tuples():
        latest[item_id] = (agency_id, status)
        if status == ItemStatus.CARRIED_OUT.value and on >= start:
            _add(result.applied, agency_id)
    for agency_id, status in latest.values():
        if status in IN_FORCE:
            _add(result.in_force, agency_id)
    return result
