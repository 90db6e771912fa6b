"""Two clerks saving the same record at the same moment, on either database: one save
goes in, the other is refused with a message, never silently overwritten.

The saves really overlap: the first clerk's save stops between reading the record and
writing it while the second clerk's save runs, in another process or on another
connection."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from xinyi_desktop.errors import ConcurrentEdit
from xinyi_desktop.services import accounts, audit
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Case, db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clerks(actor):
    return {
        name: accounts.create_user(actor, login, name, "password123", "clerk")
        for login, name in (("jia", "甲"), ("yi", "乙"))
    }


def start_clerk(target, username, case_id, version, note, *, pause=0.0, marker=""):
    return subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "race_worker.py"),
            str(target),
            username,
            str(case_id),
            str(version),
            note,
            str(pause),
            str(marker),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def outcome(process) -> dict:
    out, err = process.communicate(timeout=120)
    assert out.strip(), err
    return json.loads(out.strip().splitlines()[-1])


def race(db_path, case, pause: float, tmp_path) -> dict:
    """甲 opens the case and saves, pausing between read and write; 乙 saves meanwhile."""
    version = case.row_version
    close_db()
    marker = tmp_path / "jia-has-read"
    jia = start_clerk(db_path, "jia", case.id, version, "甲的修改", pause=pause, marker=marker)
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert jia.poll() is None, jia.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    yi = start_clerk(db_path, "yi", case.id, version, "乙的修改")
    results = {"甲": outcome(jia), "乙": outcome(yi)}
    init_db(db_path, checked=True)
    return results


def check_one_saved(results: dict, case_id: int, version: int) -> tuple[str, str]:
    saved = [who for who, result in results.items() if result["saved"]]
    assert len(saved) == 1, results
    winner = saved[0]
    loser = "乙" if winner == "甲" else "甲"
    assert results[loser]["error"] in ("ConcurrentEdit", "DatabaseBusy"), results
    assert "没有保存" in results[loser]["message"]
    case = Case.get_by_id(case_id)
    assert case.note == f"{winner}的修改"  # the saved edit is what the database holds
    assert case.row_version == version + 1
    updates = [e for e in audit.history("case", case_id) if e.action == "update"]
    assert len(updates) == 1  # no entry for a save that did not happen
    assert updates[0].old_values["note"] == "原来的备注"
    assert updates[0].new_values["note"] == f"{winner}的修改"
    assert updates[0].user.display_name == winner
    return winner, loser


def test_two_processes_saving_one_case_at_once(db_path, clerks, make_case, tmp_path):
    case = make_case(note="原来的备注")
    results = race(db_path, case, 1.5, tmp_path)
    winner, loser = check_one_saved(results, case.id, case.row_version)
    refusal = results[loser]["message"]
    # The refusal names who changed what, and when.
    assert results[loser]["error"] == "ConcurrentEdit", results
    assert winner in refusal and "备注" in refusal and dt.date.today().isoformat() in refusal


def test_a_save_held_up_past_the_busy_wait_is_refused_in_words(
    db_path, clerks, make_case, tmp_path
):
    case = make_case(note="原来的备注")
    results = race(db_path, case, 6.5, tmp_path)  # longer than SQLite's 5 s busy wait
    check_one_saved(results, case.id, case.row_version)


def _agency_edit(actor, make_case, make_agency):
    from xinyi_desktop.services.agencies import AgencyInput, update_agency
    from xinyi_desktop.store.models import Agency

    agency = make_agency("新沂市财政局")

    def save(user, note):
        update_agency(
            user,
            agency.id,
            AgencyInput(name="新沂市财政局", note=note),
            expected_version=agency.row_version,
        )

    return save, lambda: Agency.get_by_id(agency.id).note


def _person_edit(actor, make_case, make_agency):
    from xinyi_desktop.services.agencies import PersonInput, add_person, update_person
    from xinyi_desktop.store.models import Person

    agency = make_agency("新沂市财政局")
    person = add_person(actor, agency.id, PersonInput(name="张三", role="legal_rep")).record

    def save(user, note):
        update_person(
            user,
            person.id,
            PersonInput(name="张三", role="legal_rep", note=note),
            expected_version=person.row_version,
        )

    return save, lambda: Person.get_by_id(person.id).note


def _deadline_edit(actor, make_case, make_agency):
    from xinyi_desktop.services import deadlines
    from xinyi_desktop.store.deadline_models import Deadline

    case = make_case(filed_on=dt.date.today() - dt.timedelta(days=2))
    row = Deadline.select().where(Deadline.case == case.id).first()

    def save(user, note):
        deadlines.change_due(
            user,
            row.id,
            due_on=row.due_on + dt.timedelta(days=7),
            reason=note,
            expected_version=row.row_version,
        )

    return save, lambda: Deadline.get_by_id(row.id).note


@pytest.mark.parametrize("record", [_agency_edit, _person_edit, _deadline_edit])
def test_two_connections_saving_one_record_at_once(
    record, actor, clerks, make_case, make_agency, monkeypatch
):
    save, stored_note = record(actor, make_case, make_agency)
    has_read = threading.Event()
    original = audit.bump_version

    def paused(instance, expected, what):
        if threading.current_thread().name == "甲":
            has_read.set()
            time.sleep(1.0)
        return original(instance, expected, what)

    monkeypatch.setattr(audit, "bump_version", paused)
    results: dict[str, object] = {}

    def clerk(name):
        try:
            save(clerks[name], f"{name}的修改")
            results[name] = None
        except Exception as error:  # noqa: BLE001 - checked below
            results[name] = error
        finally:
            db.close()  # this thread's own connection

    jia = threading.Thread(target=clerk, args=("甲",), name="甲")
    jia.start()
    assert has_read.wait(30)
    yi = threading.Thread(target=clerk, args=("乙",), name="乙")
    yi.start()
    jia.join(60)
    yi.join(60)
    saved = [who for who, error in results.items() if error is None]
    assert len(saved) == 1, results
    loser = "乙" if saved[0] == "甲" else "甲"
    assert isinstance(results[loser], ConcurrentEdit), results
    assert saved[0] in str(results[loser])
    assert stored_note() == f"{saved[0]}的修改"
