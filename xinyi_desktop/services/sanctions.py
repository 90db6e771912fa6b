"""Joint punishment (联合惩戒): listings and their checklists, and what the rest of the
program asks of them.

* The data contract of ``documents/escalation.py``: ``overdue_bodies`` (a body is overdue
  when its own rectification deadline has passed without rectification; one never given
  a deadline is not), ``approved_bodies``, ``bodies_of_listings`` (a recorded list made
  again), ``department_measures``. ``owner_for``: who carries a measure out for a body.
* Hooks: ``ensure_checklists`` after cases became dishonest (stage change, court import);
  ``on_case_closed`` after a listed case was closed; ``on_document_issued`` after a letter
  was recorded (the 请示 submits the listings it carries — ``listing_ids`` in its inputs —,
  the 告知函 delivers, the 移送函 refers).
* Reading: ``listings``, ``matrix``, ``checklist_json`` (the ``sanctions`` command).

Status changes live in ``sanction_steps``; rectification, accountability and exit in
``rectification``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from xinyi_desktop.documents.escalation import DepartmentMeasures, ListedBody
from xinyi_desktop.rules.agencies import PERSON_ROLES, role_label
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.sanctions import ItemStatus, same_people
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import audit
from xinyi_desktop.services.measures import Measure, catalogue, high_consumption_text
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store.bulk import insert_dicts
from xinyi_desktop.store.models import Agency, Case, CaseParty, Person, User, db, now
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep

CHUNK = 500
AUTO_NOTE = "列入失信名单，自动列入惩戒清单"


# --- creating checklists ---------------------------------------------------------------


def ensure_checklists(
    actor: User | None, case_ids: Iterable[int], *, today: dt.date | None = None
) -> int:
    """For every case among ``case_ids`` in stage 失信: a listing per defendant agency and
    the proposed items of the measures applied on listing, for the agency and each person
    in post in the measure's scope. Idempotent; in bulk (a court list may hold thousands).
    ``actor`` None (a schema migration) writes no audit entries. Returns items created."""
    if actor is not None:
        require(actor, "edit")
    today = today or dt.date.today()
    ids = sorted(set(case_ids))
    measures = [m for m in catalogue(active_only=True) if m.auto_apply]
    created = 0
    with db.atomic():
        for start in range(0, len(ids), CHUNK):
            created += _ensure_chunk(actor, ids[start : start + CHUNK], measures, today)
    return created


def _ensure_chunk(actor, ids: list[int], measures: list[Measure], today: dt.date) -> int:
    pairs = list(
        CaseParty.select(CaseParty.case, CaseParty.agency, Case.listed_on)
        .join(Case)
        .where(
            CaseParty.case.in_(ids)
            & (CaseParty.role == "defendant")
            & CaseParty.agency.is_null(False)
            & (Case.stage == Stage.DISHONEST.value)
        )
        .tuples()
    )
    if not pairs:
        return 0
    existing = {
        (c, a): i
        for i, c, a in Listing.select(Listing.id, Listing.case, Listing.agency)
        .where(Listing.case.in_(ids))
        .tuples()
    }
    stamp = now()
    new = [
        {"case": c, "agency": a, "listed_on": listed, "created_at": stamp}
        for c, a, listed in dict.fromkeys(pairs)
        if (c, a) not in existing
    ]
    insert_dicts(Listing, new)
    listings = {
        (c, a): (i, listed)
        for i, c, a, listed in Listing.select(
            Listing.id, Listing.case, Listing.agency, Listing.listed_on
        )
        .where(Listing.case.in_(ids) & Listing.removed_on.is_null())
        .tuples()
    }
    audits = [
        ("create", "listing", listings[(r["case"], r["agency"])][0], None, _plain(r)) for r in new
    ]
    agency_ids = sorted({a for _, a in listings})
    names = dict(Agency.select(Agency.id, Agency.name).where(Agency.id.in_(agency_ids)).tuples())
    persons = people_in_post(agency_ids, today)
    listing_ids = [i for i, _ in listings.values()]
    have = set(
        SanctionItem.select(SanctionItem.listing, SanctionItem.measure_key, SanctionItem.target_key)
        .where(SanctionItem.listing.in_(listing_ids))
        .tuples()
    )
    rows = []
    for (_, agency_id), (listing_id, listed_on) in listings.items():
        for measure in measures:
            for key, person, name, role in targets_of(
                measure, names[agency_id], agency_id, persons
            ):
                if (listing_id, measure.key, key) not in have:
                    rows.append(
                        {
                            "listing": listing_id,
                            "measure_key": measure.key,
                            "target_key": key,
                            "person": person,
                            "target_name": name,
                            "target_role": role,
                            "status": ItemStatus.PROPOSED.value,
                            "status_on": listed_on or today,
                            "created_at": stamp,
                        }
                    )
    insert_dicts(SanctionItem, rows)
    if rows:
        fresh = SanctionItem.select().where(SanctionItem.listing.in_(listing_ids))
        fresh = [i for i in fresh if (i.listing_id, i.measure_key, i.target_key) not in have]
        steps = [
            {
                "item": item.id,
                "from_status": "",
                "to_status": ItemStatus.PROPOSED.value,
                "happened_on": item.status_on,
                "user": (actor.id if actor else _system_user()),
                "note": AUTO_NOTE,
                "recorded_at": stamp,
            }
            for item in fresh
        ]
        insert_dicts(SanctionStep, steps)
        audits += [("create", "sanction_item", i.id, None, audit.snapshot(i)) for i in fresh]
    if actor is not None:
        audit.record_many(actor, audits)
    return len(rows)


def _system_user() -> int:
    from xinyi_desktop.store.connection import default_user

    return default_user().id


def _plain(values: dict) -> dict:
    return {
        k: v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else v for k, v in values.items()
    }


def targets_of(measure: Measure, agency_name: str, agency_id: int, persons: dict):
    """(target_key, person id, name, roles) for the agency and each person it reaches. A
    person holding several posts (one row per role) is one target naming every role the
    measure reaches; the first row stands for the person."""
    if measure.reaches_agency:
        yield "agency", None, agency_name, ""
    for group in same_people(persons.get(agency_id, [])):
        held = {p.role for p in group}
        roles = [r for r in PERSON_ROLES if r in held and r in measure.person_roles]
        if roles:
            first = group[0]
            yield f"person:{first.id}", first.id, first.name, ",".join(roles)


def people_in_post(agency_ids: list[int], today: dt.date) -> dict[int, list[Person]]:
    """Each agency's persons in post on ``today``, in the order they were recorded."""
    found: dict[int, list[Person]] = {}
    for person in (
        Person.select()
        .where(
            Person.agency.in_(agency_ids or [0])
            & (Person.start_on.is_null() | (Person.start_on <= today))
            & (Person.end_on.is_null() | (Person.end_on >= today))
        )
        .order_by(Person.id)
    ):
        found.setdefault(person.agency_id, []).append(person)
    return found


def owner_for(measure: Measure, agency: Agency, city_government: str | None = None) -> str:
    """Who carries the measure out for ``agency``: the catalogue's department, or for a
    measure of 各级人民政府 (失信约谈) the people's government of the body's area — the
    town's government for a body under a town, else the city government."""
    if not measure.jurisdiction:
        return measure.department
    parent = agency.parent
    if agency.kind != "town" and parent is not None and parent.kind == "town":
        return parent.name
    return city_government or get_setting("documents.city_government")


def item_owners(items: list[SanctionItem], measures: dict[str, Measure]) -> dict[int, str]:
    """``owner_for`` of many items at once: item id → the owner department."""
    city = get_setting("documents.city_government")
    agencies: dict[int, Agency] = {}
    found = {}
    for item in items:
        measure = measures.get(item.measure_key)
        if measure is None:
            found[item.id] = ""
            continue
        agency_id = item.listing.agency_id
        if agency_id not in agencies:
            agencies[agency_id] = Agency.get_by_id(agency_id)
        found[item.id] = owner_for(measure, agencies[agency_id], city)
    return found


def missing_persons(listing: Listing) -> list[str]:
    """Roles the catalogue's measures reach that nobody in post fills: the clerk should
    record them and complete the checklist."""
    roles = {r for m in catalogue(active_only=True) if m.auto_apply for r in m.person_roles}
    present = {p.role for p in Person.select().where(Person.agency == listing.agency_id)}
    return [role_label(r) for r in sorted(roles - present)]


# --- hooks -----------------------------------------------------------------------------


def on_case_closed(actor: User, case_id: int, *, on: dt.date, outcome: str | None) -> None:
    """A listed case was closed (履行完毕/和解): each of its listings exits on that day."""
    from xinyi_desktop.services.rectification import exit_listing

    for listing in Listing.select().where((Listing.case == case_id) & Listing.removed_on.is_null()):
        reason = outcome if outcome in ("performed", "settled") else "other"
        exit_listing(actor, listing, removed_on=on, reason=reason, note="案件结案时移出名单")


def on_document_issued(actor: User, document) -> None:
    """A letter was recorded: the 请示 submits the listed bodies' proposed items, the
    告知函 delivers the department's approved items, the 移送函 refers accountability."""
    from xinyi_desktop.services import sanction_steps

    inputs = document.inputs or {}
    agency_ids = inputs.get("agency_ids") or []
    if document.kind == "request":
        sanction_steps.submit_for_request(actor, document, request_listings(actor, document))
    elif document.kind == "sanction_notice":
        sanction_steps.deliver_for_notice(actor, document, agency_ids, inputs.get("item_ids"))
    elif document.kind == "accountability":
        from xinyi_desktop.services.accountability import refer_for_letter

        refer_for_letter(actor, document, agency_ids)


def request_listings(actor: User, document) -> list[int]:
    """The listings a 请示 carries: its ``listing_ids`` input, or — when the letter was
    planned without them — the overdue listings of its agencies on its date, which are
    then recorded in its inputs so that the 请示 always says what it submitted."""
    inputs = dict(document.inputs or {})
    if inputs.get("listing_ids") is not None:
        return [int(i) for i in inputs["listing_ids"]]
    wanted = set(inputs.get("agency_ids") or [])
    ids = [
        i
        for body in overdue_bodies(document.issued_on)
        if body.agency_id in wanted
        for i in body.listing_ids
    ]
    old = audit.snapshot(document)
    document.inputs = {**inputs, "listing_ids": ids}
    audit.bump_version(document, None, "文书")
    document.save()
    audit.record(actor, "update", document, old)
    return ids


# --- the contract of documents/escalation.py -------------------------------------------


def active_listings() -> list[Listing]:
    return list(
        Listing.select(Listing, Agency, Case)
        .join(Agency)
        .switch(Listing)
        .join(Case)
        .where(Listing.removed_on.is_null())
        .order_by(Agency.name, Case.year, Case.serial)
    )


def is_overdue(listing: Listing, today: dt.date) -> bool:
    """Listed, given a rectification deadline, the deadline past, and not rectified. A
    body never given a deadline is not overdue: it has not yet been asked to rectify."""
    due = listing.rectify_due_on
    return listing.rectified_on is None and due is not None and due < today


def _bodies(listings: list[Listing], today: dt.date) -> list[ListedBody]:
    """One row per agency; its cases, listing ids and rectification deadline are those of
    ``listings`` only (an agency's other listings are not on this list)."""
    from xinyi_desktop.documents.context import person_names, persons_in_post

    bodies: dict[int, ListedBody] = {}
    for listing in listings:
        agency, case = listing.agency, listing.case
        body = bodies.get(agency.id)
        if body is None:
            persons = persons_in_post(agency.id, today)
            body = bodies[agency.id] = ListedBody(
                agency_id=agency.id,
                name=agency.name,
                credit_code=agency.credit_code or "",
                legal_rep=person_names(persons, "legal_rep"),
                principal=person_names(persons, "principal"),
                direct=person_names(persons, "direct"),
                finance=person_names(persons, "finance"),
            )
        body.listing_ids.append(listing.id)
        body.case_ids.append(case.id)
        body.case_nos.append(case.case_no)
        if listing.listed_on and (body.listed_on is None or listing.listed_on < body.listed_on):
            body.listed_on = listing.listed_on
        due = listing.rectify_due_on
        if due and (body.rectify_by is None or due > body.rectify_by):
            body.rectify_by = due
    return list(bodies.values())


def overdue_bodies(today: dt.date) -> list[ListedBody]:
    """Bodies for the 请示: listed, rectification overdue, not yet approved."""
    listings = [x for x in active_listings() if x.approved_on is None and is_overdue(x, today)]
    return _bodies(listings, today)


def approved_bodies(today: dt.date) -> list[ListedBody]:
    """Bodies whose listing the city government approved (核定) and that are still listed."""
    return _bodies([x for x in active_listings() if x.approved_on is not None], today)


def bodies_of_listings(listing_ids: list[int], today: dt.date) -> list[ListedBody]:
    """The rows of a list recorded by its listing ids (a 请示's ``listing_ids``), whatever
    has become of those listings since (approved, removed): to make the list again."""
    listings = list(
        Listing.select(Listing, Agency, Case)
        .join(Agency)
        .switch(Listing)
        .join(Case)
        .where(Listing.id.in_(list(listing_ids) or [0]))
        .order_by(Agency.name, Case.year, Case.serial)
    )
    return _bodies(listings, today)


def department_measures() -> list[DepartmentMeasures]:
    """Each department and its measures: those applied on listing, and any other measure
    with an item approved, delivered or carried out."""
    used = {
        key
        for (key,) in SanctionItem.select(SanctionItem.measure_key)
        .where(
            SanctionItem.status.in_(
                [
                    ItemStatus.APPROVED.value,
                    ItemStatus.DELIVERED.value,
                    ItemStatus.CARRIED_OUT.value,
                ]
            )
        )
        .distinct()
        .tuples()
    }
    found: dict[str, DepartmentMeasures] = {}
    areas = None
    for measure in catalogue(active_only=True):
        if not (measure.auto_apply or measure.key in used):
            continue
        owners = [measure.department]
        if measure.jurisdiction:  # each area's government, for the approved bodies in it
            if areas is None:
                city = get_setting("documents.city_government")
                approved = [x.agency for x in active_listings() if x.approved_on is not None]
                areas = list(dict.fromkeys(owner_for(measure, a, city) for a in approved))
            owners = areas or [get_setting("documents.city_government")]
        for owner in owners:
            entry = found.setdefault(owner, DepartmentMeasures(owner, []))
            entry.measures.append(measure_sentence(measure))
    return list(found.values())


def measure_sentence(measure: Measure) -> str:
    text = f"{measure.name}：{measure.content}"
    if measure.attachment == "high_consumption":
        text += high_consumption_text()
    return text
