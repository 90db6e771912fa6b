"""Bringing a database made by an older program in line with the sanctions feature as it
is now (schema migration 12). Each function runs inside the migration's transaction and,
like the other migrations, writes no audit entries: nothing here is a clerk's act."""

from __future__ import annotations

from xinyi_desktop.rules.agencies import PERSON_ROLES
from xinyi_desktop.rules.dates import stored_date
from xinyi_desktop.rules.sanctions import ItemStatus, item_roles, same_people
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Event, Person
from xinyi_desktop.store.sanction_models import Listing, MeasureEntry, SanctionItem, SanctionStep


def backfill_rectification() -> int:
    """Each listing's own period from the orders recorded so far: an order names its
    listing (整改 page), or its letter names the body (限期整改通知书, 交办单); an order
    naming neither applies to every body listed for the case. The latest order wins.
    Returns how many listings got a period."""
    from xinyi_desktop.services.rectification import ORDERED, rectification_due

    documents = {}
    periods: dict[int, tuple] = {}
    events = Event.select().where(Event.kind == ORDERED).order_by(Event.occurred_on, Event.id)
    for event in events:
        details = event.details or {}
        query = Listing.select().where(Listing.case == event.case_id)
        if details.get("listing_id"):
            query = query.where(Listing.id == details["listing_id"])
        elif details.get("document_id"):
            doc_id = details["document_id"]
            if doc_id not in documents:
                documents[doc_id] = Document.get_or_none(Document.id == doc_id)
            document = documents[doc_id]
            if document is not None and document.agency_id is not None:
                query = query.where(Listing.agency == document.agency_id)
        due = rectification_due(event.occurred_on, stored_date(details.get("due_on")))
        for listing in query:
            if listing.rectified_on is None or listing.rectified_on >= event.occurred_on:
                periods[listing.id] = (event.occurred_on, due)
    for listing_id, (assigned, due) in periods.items():
        Listing.update(rectify_assigned_on=assigned, rectify_due_on=due).where(
            Listing.id == listing_id
        ).execute()
    return len(periods)


def correct_catalogue(superseded: dict[str, dict]) -> int:
    """The office's saved versions of shipped measures: a field still holding the value
    shipped before (``superseded``) takes the value shipped now. Returns rows changed."""
    from xinyi_desktop.services.measures import shipped

    now = {m.key: m for m in shipped()}
    changed = 0
    for entry in MeasureEntry.select().where(MeasureEntry.key.in_(list(superseded))):
        new = now.get(entry.key)
        if new is None:
            continue
        touched = False
        for name, old in superseded[entry.key].items():
            current = getattr(entry, name)
            if name == "person_roles":
                current, value = list(current or []), list(new.person_roles)
            else:
                value = getattr(new, name)
            if current == old and current != value:
                setattr(entry, name, value)
                touched = True
        if not entry.reaches_agency and not entry.person_roles:
            entry.reaches_agency = True  # a measure must reach someone
        if touched:
            entry.save()
            changed += 1
    return changed


def follow_catalogue() -> tuple[int, int]:
    """The checklists of bodies still listed, as the corrected catalogue makes them:

    * an item against the agency for a measure that now reaches persons only (失信约谈)
      is moved, with its history, to the person in post holding such a role;
    * one person's duplicate items (a post each) become one naming every post: the
      duplicates still as created (拟实施, no step since) are removed, others are kept;
    * then every listed case gets the items it now lacks (``ensure_checklists``).

    Returns (items moved, duplicates removed)."""
    import datetime as dt

    from xinyi_desktop.services.measures import measures_by_key
    from xinyi_desktop.services.sanctions import ensure_checklists, people_in_post

    today = dt.date.today()
    measures = measures_by_key()
    listings = list(Listing.select().where(Listing.removed_on.is_null()))
    persons = people_in_post(sorted({x.agency_id for x in listings}), today)
    moved = removed = 0
    for listing in listings:
        groups = same_people(persons.get(listing.agency_id, []))
        items = list(SanctionItem.select().where(SanctionItem.listing == listing))
        for item in items:
            measure = measures.get(item.measure_key)
            if measure is None or item.target_key != "agency" or measure.reaches_agency:
                continue
            for group in groups:
                roles = _roles(group, measure.person_roles)
                key = f"person:{group[0].id}"
                if roles and not any(
                    i.measure_key == item.measure_key and i.target_key == key for i in items
                ):
                    _retarget(item, group[0], key, roles)
                    moved += 1
                    break
        removed += _fold_duplicates(items, groups)
    cases = sorted({x.case_id for x in listings})
    ensure_checklists(None, cases, today=today)
    return moved, removed


def _roles(group: list[Person], wanted) -> list[str]:
    held = {p.role for p in group}
    return [r for r in PERSON_ROLES if r in held and r in wanted]


def _retarget(item: SanctionItem, person: Person, key: str, roles: list[str]) -> None:
    item.target_key, item.person, item.target_name = key, person, person.name
    item.target_role = ",".join(roles)
    item.save()


def _fold_duplicates(items: list[SanctionItem], groups: list[list[Person]]) -> int:
    removed = 0
    of_person = {p.id: group for group in groups for p in group}
    by_target: dict[tuple, list[SanctionItem]] = {}
    for item in items:
        if item.person_id in of_person:
            first = of_person[item.person_id][0].id
            by_target.setdefault((item.measure_key, first), []).append(item)
    for (_, first), found in by_target.items():
        if len(found) < 2:
            continue
        key = f"person:{first}"  # the key ensure_checklists gives this person
        found.sort(key=lambda i: (i.target_key != key, i.id))
        kept, roles = found[0], item_roles(found[0].target_role)
        survivors = []
        for other in found[1:]:
            untouched = (
                other.status == ItemStatus.PROPOSED.value
                and SanctionStep.select().where(SanctionStep.item == other).count() <= 1
            )
            if untouched:
                roles += [r for r in item_roles(other.target_role) if r not in roles]
                other.delete_instance()
                removed += 1
            else:
                survivors.append(other)
        kept.target_role = ",".join(r for r in PERSON_ROLES if r in roles)
        if kept.target_key != key and not any(i.target_key == key for i in survivors):
            kept.target_key, kept.person_id = key, first
        kept.save()
    return removed
