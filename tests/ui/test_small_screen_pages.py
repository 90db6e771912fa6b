"""Pages on the office's 1366×768 screens at 125 % and 150 % scaling: what each shows must
be readable there (the sizes are the room the main window leaves a page)."""

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, QSize, Qt

from ui.pages.calendar import CalendarPage

TODAY = dt.date.today()
# The page area of the maximised main window: 1366×768 at 150 % and at 125 %.
PAGE_SIZES = [QSize(791, 397), QSize(971, 495)]


def show_page(qtbot, page, size):
    qtbot.addWidget(page)
    page.resize(size)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(10)
    return page


def visible_height(widget, viewport) -> int:
    """How much of ``widget``'s height is inside ``viewport`` (a scroll area's)."""
    top = widget.mapTo(viewport, QPoint(0, 0)).y()
    bottom = top + widget.height()
    return max(0, min(bottom, viewport.height()) - max(top, 0))


@pytest.mark.parametrize("size", PAGE_SIZES, ids=["150%", "125%"])
def test_the_month_and_the_day_list_both_have_their_room(qtbot, actor, make_case, size):
    from xinyi_desktop.services.events import record_manual_event
    from xinyi_desktop.store.deadline_models import Deadline

    case = make_case(filed_on=TODAY - dt.timedelta(days=40))
    record_manual_event(
        actor, case.id, "court_notice", on=TODAY - dt.timedelta(days=3), summary="法院通报"
    )
    due = Deadline.get(Deadline.case == case.id).due_on
    page = show_page(qtbot, CalendarPage(actor), size)
    view = page.month_view
    view.year, view.month = due.year, due.month
    view.refresh()
    grid, table = view.grid, view.list.table
    lines = grid.fontMetrics().lineSpacing()
    assert all(grid.rowHeight(row) >= 2 * lines for row in range(6))  # date and count
    rows = table.verticalHeader().defaultSectionSize()
    assert table.viewport().height() >= 3 * rows  # the day's list shows three deadlines
    # Clicking a day brings its list into view, with the clicked day still on screen.
    cell = grid.cell_of(due)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualItemRect(cell).center())
    qtbot.wait(10)
    assert view.list.model.rowCount() >= 1
    viewport = view.scroll.viewport()
    assert visible_height(table, viewport) >= table.horizontalHeader().height() + 2 * rows
    assert visible_height(view.list.done_button, viewport) == view.list.done_button.height()
    assert visible_height(view.day_label, viewport) == view.day_label.height()
