"""Reading the joint-punishment checklists: the 惩戒 matrix (agencies × measures) with
its filters, an item's history, and what ``sanctions --json`` prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from xinyi_desktop.rules.sanctions import ItemStatus
from xinyi_desktop.services.measures import Measure, catalogue
from xinyi_desktop.services.sanctions import active_listings
from xinyi_desktop.store.models import Agency, Case
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep

# --- reading ---------------------------------------------------------------------------


@dataclass
class MatrixRow:
    listing_id: int
    agency: str
    case_no: str
    area: str
    removed: bool
    # measure key -> the items (agency first, then persons)
    cells: dict[str, list[SanctionItem]] = field(default_factory=dict)


@dataclass
class MatrixFilter:
    text: str = ""
    measure_key: str | None = None
    department: str | None = None
    status: str | None = None
    include_removed: bool = False


def matrix(flt: MatrixFilter | None = None) -> tuple[list[Measure], list[MatrixRow]]:
    """Agencies × measures: the columns (measures with items, catalogue order) and rows."""
    flt = flt or MatrixFilter()
    query = (
        Listing.select(Listing, Agency, Case)
        .join(Agency)
        .switch(Listing)
        .join(Case)
        .order_by(Agency.name, Case.year, Case.serial)
    )
    if not flt.include_removed:
        query = query.where(Listing.removed_on.is_null())
    if flt.text.strip():
        text = flt.text.strip()
        query = query.where(Agency.name.contains(text) | Case.case_no.contains(text))
    listings = list(query)
    measures = catalogue()
    if flt.measure_key:
        measures = [m for m in measures if m.key == flt.measure_key]
    if flt.department:
        measures = [m for m in measures if m.department == flt.department]
    keys = {m.key for m in measures}
    rows = {
        x.id: MatrixRow(
            x.id, x.agency.name, x.case.case_no, x.agency.area, x.removed_on is not None
        )
        for x in listings
    }
    items = (
        SanctionItem.select()
        .where(SanctionItem.listing.in_(list(rows) or [0]))
        .order_by(SanctionItem.listing, SanctionItem.target_key != "agency", SanctionItem.id)
    )
    used = set()
    for item in items:
        if item.measure_key not in keys:
            continue
        if flt.status and item.status != flt.status:
            continue
        rows[item.listing_id].cells.setdefault(item.measure_key, []).append(item)
        used.add(item.measure_key)
    result = list(rows.values())
    if flt.status or flt.measure_key or flt.department:
        result = [r for r in result if r.cells]
    return [m for m in measures if m.key in used], result


def items_of(listing_id: int) -> list[SanctionItem]:
    return list(
        SanctionItem.select()
        .where(SanctionItem.listing == listing_id)
        .order_by(SanctionItem.measure_key, SanctionItem.target_key != "agency", SanctionItem.id)
    )


def steps_of(item_id: int) -> list[SanctionStep]:
    return list(SanctionStep.select().where(SanctionStep.item == item_id).order_by(SanctionStep.id))


def approvals_of(listing_id: int) -> list[tuple]:
    """The city government's approvals of a listing's items, (date, number) in order: the
    first approval and any further ones (补充核定) of items submitted after it."""
    query = (
        SanctionStep.select(SanctionStep.happened_on, SanctionStep.document_ref)
        .join(SanctionItem)
        .where(
            (SanctionItem.listing == listing_id)
            & (SanctionStep.to_status == ItemStatus.APPROVED.value)
        )
        .order_by(SanctionStep.happened_on, SanctionStep.id)
        .tuples()
    )
    return list(dict.fromkeys(query))


def checklist_json() -> list[dict]:
    """What ``sanctions --json`` prints: per listed agency, its items."""
    measures = {m.key: m for m in catalogue()}
    order = {m.key: i for i, m in enumerate(catalogue())}
    result = []
    for listing in active_listings():
        items = sorted(
            items_of(listing.id),
            key=lambda i: (order.get(i.measure_key, 999), i.target_key != "agency", i.id),
        )
        result.append(
            {
                "agency": listing.agency.name,
                "case_no": listing.case.case_no,
                "items": [
                    {
                        "measure": measures[i.measure_key].name
                        if i.measure_key in measures
                        else i.measure_key,
                        "target": i.target_name,
                        "status": i.status,
                    }
                    for i in items
                ],
            }
        )
    return result
