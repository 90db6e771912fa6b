"""Acting on a monthly report that is only shown (a month beyond the stored ones): the
report is stored together with what the clerk does to it, in one transaction — 取消 or a
refusal leaves no row and no audit entry behind."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ui.dialogs.deadline_actions import ChangeDueDialog, DoneDialog, WaiveDialog
from ui.widgets.deadline_list import DeadlineList
from xinyi_desktop.rules.workdays import last_day_of_month
from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import AuditEntry

TODAY = dt.date.today()


def counts():
    return Deadline.select().count(), AuditEntry.select().count()


def shown_reports():
    """The monthly reports of this month and the next two (none is stored here)."""
    later = TODAY.replace(day=1) + dt.timedelta(days=62)
    flt = DeadlineFilter(
        start=TODAY.replace(day=1),
        end=last_day_of_month(later.year, later.month),
        kind="monthly_report",
    )
    rows = list_deadlines(flt)
    assert len(rows) == 3 and all(r.virtual for r in rows)
    return rows


@pytest.fixture
def listing(qtbot, actor):
    widget = DeadlineList(actor)
    qtbot.addWidget(widget)
    widget.set_rows(shown_reports())
    widget.show()
    return widget


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("button", "dialog_class"),
    [
        ("done_button", DoneDialog),
        ("waive_button", WaiveDialog),
        ("change_button", ChangeDueDialog),
    ],
)
def test_cancelling_the_action_on_a_shown_report_writes_nothing(
    qtbot, listing, button, dialog_class
):
    before = counts()
    listing.table.selectRow(len(listing.model.rows) - 1)
    with qtbot.assertNotEmitted(listing.changed):
        click(qtbot, getattr(listing, button))
        dialog = listing.action_dialog
        assert isinstance(dialog, dialog_class) and dialog.isVisible()
        click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    assert counts() == before


def test_a_refused_action_on_a_shown_report_writes_nothing(qtbot, listing):
    """Marked done today, a report of a month not yet begun is refused: nothing stored."""
    before = counts()
    listing.table.selectRow(len(listing.model.rows) - 1)  # a month ahead
    click(qtbot, listing.done_button)
    dialog = listing.action_dialog
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and "所属月份首日" in dialog.errors.text()
    assert counts() == before
    click(qtbot, dialog.cancel_button)
    assert counts() == before


def test_waiving_shown_reports_with_a_refused_one_writes_none(qtbot, actor, listing, type_text):
    """Several reports waived together: all or none — one refused (waived meanwhile by
    another clerk) leaves the others unstored too."""
    from xinyi_desktop.services import deadlines as service

    rows = listing.model.rows
    service.waive(actor, rows[-1].id, reason="另一位经办人已免除")  # stores that one
    before = counts()
    listing.table.selectAll()
    click(qtbot, listing.waive_button)
    dialog = listing.action_dialog
    assert len(dialog.rows) == len(rows)
    type_text(dialog.reason, "本月合并通报")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and "已免除，不能免除" in dialog.errors.text()
    assert counts() == before


def test_an_accepted_action_stores_the_shown_report_with_it(qtbot, listing, type_text):
    listing.table.selectRow(0)  # this month's report
    report = listing.current()
    click(qtbot, listing.waive_button)
    dialog = listing.action_dialog
    type_text(dialog.reason, "本月并入季度通报")
    with qtbot.waitSignal(listing.changed):
        click(qtbot, dialog.save_button)
    stored = Deadline.get(Deadline.period == report.period)
    assert stored.status == "waived" and stored.note == "本月并入季度通报"
    actions = [
        a.action
        for a in AuditEntry.select().where(
            (AuditEntry.table_name == "deadline") & (AuditEntry.record_id == stored.id)
        )
    ]
    assert actions == ["create", "update"]
    assert Deadline.select().count() == 1
