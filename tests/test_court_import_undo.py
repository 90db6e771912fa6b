"""Undoing court-list imports: deadlines, timeline, listings and sanction items back to
exactly what they were; undoing in reverse order is no conflict."""

from __future__ import annotations

import pytest
from court_files import TODAY, dishonest_list, imp, lost_list, suits_list

from xinyi_desktop.errors import UndoConflict
from xinyi_desktop.services.cases import CaseInput, update_case
from xinyi_desktop.services.import_history import undo_import
from xinyi_desktop.services.sanction_query import checklist_json
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import Case, Event
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep

VOLATILE = ("row_version", "updated_at")


def deadlines():
    rows = Deadline.select().where(Deadline.case.is_null(False)).order_by(Deadline.id)
    return [{k: v for k, v in row.__data__.items() if k not in VOLATILE} for row in rows]


def timeline():
    return [(e.id, e.case_id, e.kind, e.summary) for e in Event.select().order_by(Event.id)]


def case(serial):
    return Case.get(Case.serial == serial)


def test_undo_restores_the_deadlines_and_removes_the_timeline_entries_it_added(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    before, events = deadlines(), timeline()
    assert {(d["case"], d["kind"], d["status"]) for d in before} >= {
        (case(101).id, "reminder_letter", "open"),
        (case(102).id, "reminder_letter", "open"),
    }
    _, batch = imp(actor, lost_list(tmp_path / "败诉.csv"))
    assert batch.updated == 2 and case(101).stage == "lost"
    kinds = {(d.case_id, d.kind, d.status) for d in Deadline.select()}
    assert (case(101).id, "reminder_letter", "waived") in kinds
    assert (case(101).id, "supervision_letter", "open") in kinds
    undo_import(actor, batch.id, today=TODAY)
    assert deadlines() == before
    undo_entries = [e for e in timeline() if e not in events]
    assert [(kind, summary.startswith("撤销导入")) for _, _, kind, summary in undo_entries] == [
        ("edit", True),
        ("edit", True),
    ]
    assert case(101).stage == "sued" and case(101).amount == 125000


def test_undo_takes_listings_sanction_items_and_steps_away(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    imp(actor, lost_list(tmp_path / "败诉.csv"))
    _, batch = imp(actor, dishonest_list(tmp_path / "失信.xlsx"))
    assert case(102).stage == "dishonest" and Listing.select().count() > 0
    assert SanctionItem.select().count() > 0 and SanctionStep.select().count() > 0
    assert checklist_json()
    undo_import(actor, batch.id, today=TODAY)
    assert case(102).stage == "lost"
    assert Listing.select().count() == SanctionItem.select().count() == 0
    assert SanctionStep.select().count() == 0 and checklist_json() == []


def test_only_the_agency_the_dishonest_list_names_is_listed(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    imp(actor, lost_list(tmp_path / "败诉.csv"))
    imp(actor, dishonest_list(tmp_path / "失信.xlsx"))
    assert case(102).defendants_text == "新沂市草桥镇人民政府、新沂市时集镇人民政府"
    assert [(listing.case.serial, listing.agency.name) for listing in Listing.select()] == [
        (102, "新沂市草桥镇人民政府")
    ]  # not its co-defendant 时集镇
    assert [row["agency"] for row in checklist_json()] == ["新沂市草桥镇人民政府"]


def test_undoing_later_imports_first_is_no_conflict(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    _, lost = imp(actor, lost_list(tmp_path / "败诉.csv"))
    _, dishonest = imp(actor, dishonest_list(tmp_path / "失信.xlsx"))
    undo_import(actor, dishonest.id, today=TODAY)
    undo_import(actor, lost.id, today=TODAY)  # the only change since was the undo itself
    assert case(101).stage == case(102).stage == "sued"
    assert not Case.select().where(Case.serial == 201).exists()


def test_an_edit_after_a_later_import_was_undone_is_still_a_conflict(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    _, lost = imp(actor, lost_list(tmp_path / "败诉.csv"))
    _, dishonest = imp(actor, dishonest_list(tmp_path / "失信.xlsx"))
    undo_import(actor, dishonest.id, today=TODAY)
    edited = case(101)
    update_case(
        actor,
        edited.id,
        CaseInput(
            case_no=edited.case_no,
            defendants=["新沂市棋盘镇人民政府"],
            cause="改过的案由",
            filed_on=edited.filed_on,
            judgment_on=edited.judgment_on,
            judgment_effective_on=edited.judgment_effective_on,
            performance_deadline=edited.performance_deadline,
        ),
        today=TODAY,
    )
    with pytest.raises(UndoConflict, match="行初101号"):
        undo_import(actor, lost.id, today=TODAY)


def test_a_later_import_still_in_force_is_a_conflict(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    _, lost = imp(actor, lost_list(tmp_path / "败诉.csv"))
    imp(actor, dishonest_list(tmp_path / "失信.xlsx"))
    with pytest.raises(UndoConflict, match="行初102号"):
        undo_import(actor, lost.id, today=TODAY)
