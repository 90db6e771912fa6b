"""Schema migration 12 on a database made by the program before it: the catalogue the
office saved is corrected where it had not changed a field, checklists follow the
corrected catalogue, and each listed body gets its own rectification period back from the
orders already recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from xinyi_desktop.services.agencies import PersonInput, add_person
from xinyi_desktop.services.cases import change_stage
from xinyi_desktop.services.events import add_event
from xinyi_desktop.store import migrations
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Agency, Person, SchemaVersion, db
from xinyi_desktop.store.sanction_models import Listing, MeasureEntry, SanctionItem, SanctionStep

TODAY = dt.date(2026, 11, 24)
TOWN, BUREAU = "新沂市棋盘镇人民政府", "新沂市住房和城乡建设局"


def old_catalogue_entry(key: str, **fields) -> None:
    """A shipped measure as version 11 saved it when the office edited something."""
    values = {"name": "限制融资", "department": "", "legal_basis": "", "content": ""}
    values.update(migrations._V12_SUPERSEDED[key])
    values.update(fields)
    MeasureEntry.create(key=key, source="local", position=1, auto_apply=True, **values)


@pytest.mark.sqlite_only
def test_migration_12_corrects_an_old_database(db_path, actor, make_case):
    case = make_case(
        "（2025）苏0381行初51号",
        defendants=[TOWN, BUREAU],
        stage="lost",
        judgment_effective_on=dt.date(2025, 6, 1),
        performance_deadline=dt.date(2025, 7, 1),
    )
    town = Agency.get(name=TOWN)
    for role in ("legal_rep", "principal"):
        add_person(actor, town.id, PersonInput(name="黎桂芳", role=role))
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=TODAY)
    listing = Listing.get(Listing.agency == town.id)
    legal, principal = (Person.get(agency=town.id, role=r) for r in ("legal_rep", "principal"))

    # As version 11 made it: the talk against the agency (a step already taken), the head
    # twice under 限制消费, and the rectification period only in the case's timeline.
    talk = SanctionItem.get(listing=listing, measure_key="talk")
    talk.target_key, talk.person, talk.target_name, talk.target_role = "agency", None, TOWN, ""
    talk.status = "not_applicable"
    talk.save()
    SanctionStep.create(
        item=talk,
        from_status="proposed",
        to_status="not_applicable",
        happened_on=dt.date(2025, 9, 1),
        user=actor,
        note="暂缓",
    )
    head = SanctionItem.get(listing=listing, measure_key="consumption", person=legal.id)
    head.target_role = "legal_rep"
    head.save()
    twin = SanctionItem.create(
        listing=listing,
        measure_key="consumption",
        target_key=f"person:{principal.id}",
        person=principal,
        target_name="黎桂芳",
        target_role="principal",
        status="proposed",
        status_on=dt.date(2025, 8, 1),
    )
    SanctionStep.create(
        item=twin,
        from_status="",
        to_status="proposed",
        happened_on=dt.date(2025, 8, 1),
        user=actor,
    )
    add_event(  # an order naming no body: both bodies of the case
        actor,
        case,
        "rectification_assigned",
        on=dt.date(2025, 8, 5),
        summary="下达整改",
        details={"due_on": "2025-09-06"},
    )
    old_catalogue_entry("financing", content="通报各商业银行（信用办修改）")
    old_catalogue_entry("talk", name="失信约谈")
    db.execute_sql('ALTER TABLE "listing" DROP COLUMN "rectify_assigned_on"')
    db.execute_sql('ALTER TABLE "listing" DROP COLUMN "rectify_due_on"')
    SchemaVersion.update(version=11).execute()
    close_db()

    init_db(db_path)
    assert SchemaVersion.get().version == migrations.CURRENT_VERSION
    financing = MeasureEntry.get(key="financing")
    assert financing.department == "新沂市金融办"  # not changed by the office: corrected
    assert financing.legal_basis.startswith("新信用发〔2018〕6号 二（五）2")
    assert financing.content == "通报各商业银行（信用办修改）"  # the office's edit kept
    talk_entry = MeasureEntry.get(key="talk")
    assert (talk_entry.department, talk_entry.reaches_agency, talk_entry.person_roles) == (
        "各级人民政府",
        False,
        ["principal"],
    )

    items = list(SanctionItem.select().where(SanctionItem.listing == listing.id))
    talks = [(i.target_name, i.target_role, i.status) for i in items if i.measure_key == "talk"]
    assert talks == [("黎桂芳", "principal", "not_applicable")]  # moved, history kept
    moved = SanctionItem.get(listing=listing.id, measure_key="talk")
    assert [s.to_status for s in SanctionStep.select().where(SanctionStep.item == moved)] == [
        "proposed",
        "not_applicable",
    ]
    heads = [(i.target_name, i.target_role) for i in items if i.measure_key == "consumption"]
    assert heads == [("黎桂芳", "legal_rep,principal")]

    for row in Listing.select().where(Listing.case == case.id):
        assert (row.rectify_assigned_on, row.rectify_due_on) == (
            dt.date(2025, 8, 5),
            dt.date(2025, 9, 8),  # 2025-09-06 is a Saturday: the next working day
        )
