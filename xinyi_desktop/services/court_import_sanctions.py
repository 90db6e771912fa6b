"""The checklists of the agencies a dishonest list names (联合惩戒), made inside the
import's transaction by the sanctions feature, and recorded so that undoing the import
removes them."""

from __future__ import annotations

import datetime as dt

from xinyi_desktop.services import audit
from xinyi_desktop.store.models import User
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep

CHUNK = 500


def listed_checklists(
    actor: User, named: dict[int, set[int]], existing: set[int], today: dt.date
) -> list[tuple]:
    """Let ``sanctions.ensure_checklists`` list the agencies ``named`` (case id -> agency
    ids the dishonest list names) with their proposed measures. It lists every defendant
    of a case; a co-defendant the list does not name is taken off again. ``existing``:
    the cases registered before this import (only they can have checklists already).

    Returns ``(table, id, "create", None)`` for each listing, item and step it made."""
    from xinyi_desktop.services.sanctions import ensure_checklists

    if not named:
        return []
    case_ids = sorted(named)
    before = _made_for(sorted(existing & set(named)))
    ensure_checklists(actor, case_ids, today=today)
    after = _made_for(case_ids)
    listings = {i: pair for i, pair in after["listing"].items() if i not in before["listing"]}
    unnamed = [i for i, (case, agency) in listings.items() if agency not in named[case]]
    if unnamed:
        _take_off(actor, unnamed, after)
    gone = set(unnamed)
    changes = [("listing", i, "create", None) for i in sorted(listings) if i not in gone]
    for table in ("sanction_item", "sanction_step"):
        changes += [
            (table, i, "create", None)
            for i, listing in sorted(after[table].items())
            if i not in before[table] and listing not in gone
        ]
    return changes


def _made_for(case_ids: list[int]) -> dict[str, dict]:
    """Listings of ``case_ids`` (id -> (case, agency)), their items and the items' steps
    (id -> the listing they belong to)."""
    found: dict[str, dict] = {"listing": {}, "sanction_item": {}, "sanction_step": {}}
    for start in range(0, len(case_ids), CHUNK):
        chunk = case_ids[start : start + CHUNK]
        query = Listing.select(Listing.id, Listing.case, Listing.agency)
        for listing_id, case_id, agency_id in query.where(Listing.case.in_(chunk)).tuples():
            found["listing"][listing_id] = (case_id, agency_id)
        items = (
            SanctionItem.select(SanctionItem.id, SanctionItem.listing)
            .join(Listing)
            .where(Listing.case.in_(chunk))
        )
        found["sanction_item"].update(items.tuples())
        steps = (
            SanctionStep.select(SanctionStep.id, SanctionItem.listing)
            .join(SanctionItem)
            .join(Listing)
            .where(Listing.case.in_(chunk))
        )
        found["sanction_step"].update(steps.tuples())
    return found


def _take_off(actor: User, listing_ids: list[int], made: dict[str, dict]) -> None:
    """Delete listings just made for agencies the list does not name (their items and
    steps go with them), audited as deletions."""
    gone = set(listing_ids)
    item_ids = [i for i, listing in made["sanction_item"].items() if listing in gone]
    entries = []
    for model, table, ids in (
        (SanctionItem, "sanction_item", item_ids),
        (Listing, "listing", listing_ids),
    ):
        for start in range(0, len(ids), CHUNK):
            for row in model.select().where(model.id.in_(ids[start : start + CHUNK])):
                entries.append(("delete", table, row.id, audit.snapshot(row), None))
    Listing.delete().where(Listing.id.in_(listing_ids)).execute()
    audit.record_many(actor, entries)
