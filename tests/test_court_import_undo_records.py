"""Undoing an import whose cases got records since: a case it created that has a letter,
a timeline entry, a deadline done by hand … is not deleted — the undo is refused, names the
case and what to do, and writes nothing; a case it only updated is asked about."""

from __future__ import annotations

import datetime as dt

import pytest
from court_files import TODAY, imp, suits_list, write_xlsx

from xinyi_desktop.errors import UndoConflict, UndoRefused
from xinyi_desktop.services import deadlines, letters
from xinyi_desktop.services import documents as register
from xinyi_desktop.services.events import record_manual_event
from xinyi_desktop.services.import_history import undo_import
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.import_models import ImportBatch
from xinyi_desktop.store.models import AuditEntry, Case, Event

DAY = dt.date.today()


def letter(actor, case):
    plans = letters.plan_case_letter("reminder", case.id, issued_on=DAY)
    return letters.run(letters.generate(actor, plans)).documents[0]


def counts():
    return (Case.select().count(), Event.select().count(), AuditEntry.select().count())


def refused(actor, batch):
    before = counts()
    with pytest.raises(UndoRefused) as caught:
        undo_import(actor, batch.id, force=True, today=DAY)
    assert counts() == before and ImportBatch.get_by_id(batch.id).undone_at is None
    return str(caught.value)


def test_a_letter_on_a_new_case_refuses_the_undo_until_it_is_voided(actor, tmp_path):
    _, batch = imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    case = Case.get(Case.serial == 101)
    document = letter(actor, case)
    message = refused(actor, batch)
    assert case.case_no in message
    assert f"请先作废{document.doc_no}" in message
    register.void_document(actor, document.id, reason="撤销导入", today=DAY)
    undo_import(actor, batch.id, today=DAY)
    assert Case.select().count() == 0
    assert Document.get_by_id(document.id).status == "void"


@pytest.mark.parametrize("what", ["note", "done", "waived", "redated"])
def test_other_records_on_a_new_case_refuse_the_undo_and_are_named(actor, tmp_path, what):
    _, batch = imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    case = Case.get(Case.serial == 102)
    reminder = Deadline.get((Deadline.case == case) & (Deadline.kind == "reminder_letter"))
    if what == "note":
        record_manual_event(actor, case.id, "note", on=DAY, summary="电话联系", today=DAY)
        words = "时间线记录1条（备注）"
    elif what == "done":
        deadlines.mark_done(actor, reminder.id, on=DAY, today=DAY)
        words = "期限“致函提醒”已办"
    elif what == "waived":
        deadlines.waive(actor, reminder.id, reason="已和解", today=DAY)
        words = "期限“致函提醒”已免办"
    else:
        deadlines.change_due(
            actor, reminder.id, due_on=DAY + dt.timedelta(days=9), reason="延期", today=DAY
        )
        words = "期限“致函提醒”已改期"
    message = refused(actor, batch)
    assert f"{case.case_no}已有{words}" in message


def test_an_updated_case_with_a_letter_since_is_asked_about(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"), today=TODAY)
    case = Case.get(Case.serial == 101)
    path = tmp_path / "再次.xlsx"
    write_xlsx(path, [["案号", "被告", "备注"], [case.case_no, case.defendants_text, "补充"]])
    _, batch = imp(actor, path, today=TODAY)
    assert batch.updated == 1
    letter(actor, case)
    with pytest.raises(UndoConflict) as caught:
        undo_import(actor, batch.id, today=DAY)
    assert caught.value.cases == [case.case_no]
    undo_import(actor, batch.id, force=True, today=DAY)
    assert Case.get_by_id(case.id).note == ""


def test_an_import_with_nothing_recorded_since_is_undone_without_asking(actor, tmp_path):
    _, batch = imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    undo_import(actor, batch.id, today=DAY)
    assert Case.select().count() == 0


@pytest.mark.parametrize("what", ["person", "responsible", "step"])
def test_sanctions_rectification_and_people_since_refuse_the_undo(actor, tmp_path, what):
    from xinyi_desktop.services import rectification, sanction_steps
    from xinyi_desktop.services.agencies import PersonInput, add_person
    from xinyi_desktop.store.models import Agency
    from xinyi_desktop.store.sanction_models import Listing, SanctionItem

    rows = [
        ["被执行人", "统一社会信用代码", "法定代表人", "案号", "执行依据文号", "发布日期"],
        ["新沂市草桥镇人民政府", "11320381MB1234567Y", "周某", "（2025）苏0381执5号",
         "（2025）苏0381行初102号", dt.date(2025, 9, 5)],
    ]  # fmt: skip
    _, batch = imp(actor, write_xlsx(tmp_path / "失信.xlsx", rows))
    assert batch.created == 1
    case = Case.get()
    listing = Listing.get(Listing.case == case)
    if what == "person":
        agency = Agency.get(Agency.name == "新沂市草桥镇人民政府")
        add_person(actor, agency.id, PersonInput(name="吴某", role="principal", title="镇长"))
        words = "单位人员吴某"
    elif what == "responsible":
        rectification.add_responsible(actor, listing.id, name="吴某", duty="筹措资金")
        words = "限期整改记录"
    else:
        item = SanctionItem.select().where(SanctionItem.listing == listing).first()
        sanction_steps.change_status(
            actor, [item.id], "submitted", on=DAY, document_ref="新信用发〔2026〕2号", today=DAY
        )
        words = "联合惩戒办理记录1条"
    message = refused(actor, batch)
    assert f"{case.case_no}已有" in message and words in message
