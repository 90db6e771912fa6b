"""Pages on the office's 1366×768 screens at 125 % and 150 % scaling: what each shows must
be readable there (the sizes are the room the main window leaves a page)."""

import datetime as dt
from contextlib import contextmanager

import pytest
from PySide6.QtCore import QPoint, QSize, Qt

from ui.pages.calendar import CalendarPage

TODAY = dt.date.today()
# The page area of the maximised main window: 1366×768 at 150 % and at 125 %.
PAGE_SIZES = [QSize(791, 397), QSize(971, 495)]


@contextmanager
def office_look(qapp):
    """The program's font and style sheet, as ``create_application`` sets them (Qt sizes a
    styled drop-down list differently), put back afterwards for the other tests."""
    from PySide6.QtGui import QFont

    from ui.app import UI_FONTS
    from xinyi_desktop import paths

    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    office = QFont(font)
    office.setFamilies(UI_FONTS)
    office.setPointSizeF(max(font.pointSizeF(), 9.5))
    qapp.setFont(office)
    qapp.setStyleSheet((paths.resources_dir() / "style.qss").read_text(encoding="utf-8"))
    try:
        yield
    finally:
        qapp.setStyleSheet(sheet)
        qapp.setFont(font)


@pytest.fixture(autouse=True)
def program_look(qapp):
    with office_look(qapp):
        yield


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


def inside(widget, container) -> bool:
    """Whether the whole of ``widget`` is on ``container`` (and shown)."""
    corner = widget.mapTo(container, widget.rect().bottomRight())
    top = widget.mapTo(container, QPoint(0, 0))
    return (
        widget.isVisible() and container.rect().contains(top) and container.rect().contains(corner)
    )


@pytest.mark.parametrize("size", PAGE_SIZES, ids=["150%", "125%"])
@pytest.mark.parametrize("unknown_year", [False, True], ids=["known", "unknown-year"])
def test_the_month_and_the_day_list_both_have_their_room(
    qtbot, actor, make_case, size, unknown_year
):
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
    if unknown_year:  # the warning line of a year without its holidays takes a line more
        view.calendar_note.setText("⚠ 尚未录入 2099 年的节假日安排：本月按周一至周五为工作日推算。")
        view.calendar_note.show()
        qtbot.wait(10)
    grid, table = view.grid, view.list.table
    lines = grid.fontMetrics().lineSpacing()
    assert all(grid.rowHeight(row) >= 2 * lines for row in range(6))  # date and count
    assert page.height() == size.height()  # the page is no taller than its room
    rows = table.verticalHeader().defaultSectionSize()
    assert table.viewport().height() >= 2 * rows  # the day's list shows two deadlines at least
    assert grid.viewport().height() >= grid.rowHeight(0)  # and the month a whole week
    # Clicking a day shows its list, with the clicked day and the weekday header still on
    # screen and the list's buttons in view.
    cell = grid.cell_of(due)
    qtbot.mouseClick(
        grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualItemRect(cell).center()
    )
    qtbot.wait(10)
    assert view.list.model.rowCount() >= 1
    assert inside(grid.horizontalHeader(), view)
    assert grid.viewport().rect().contains(grid.visualItemRect(cell))
    for widget in (view.day_label, table, view.list.done_button, view.list.reopen_button):
        assert inside(widget, page), widget
    assert inside(grid.horizontalHeader(), page)


@pytest.mark.parametrize("size", PAGE_SIZES, ids=["150%", "125%"])
def test_a_days_cell_shows_a_short_count_where_narrow_and_the_whole_in_its_tooltip(
    qtbot, actor, make_case, size
):
    from xinyi_desktop.services.deadline_query import DayCount

    page = show_page(qtbot, CalendarPage(actor), size)
    grid = page.month_view.grid
    count = DayCount(open=1, done=2)
    with pytest.MonkeyPatch.context() as patch:
        import ui.pages.calendar

        first = dt.date(TODAY.year, TODAY.month, 1)
        patch.setattr(ui.pages.calendar, "month_counts", lambda year, month: {first: count})
        page.month_view.refresh()
    cell = grid.cell_of(first)
    from PySide6.QtGui import QFontMetrics

    metrics = QFontMetrics(cell.font())
    for width in (size.width(), 400):  # the page's, and as narrow as the page may get
        page.resize(width, size.height())
        qtbot.wait(10)
        room = grid.columnWidth(0)
        for line in cell.text().split("\n"):
            assert metrics.horizontalAdvance(line) < room, line  # no "1 项待办，共…"
        if metrics.horizontalAdvance(count.text()) + 8 > room:
            assert count.short_text() in cell.text()
    assert count.short_text() in cell.text()  # the narrow page's
    assert count.text() in cell.toolTip()
    page.resize(1400, 700)  # room again: the whole text comes back
    qtbot.wait(10)
    assert count.text() in cell.text()


@pytest.mark.parametrize("size", PAGE_SIZES, ids=["150%", "125%"])
def test_the_deadline_list_filters_show_whole_dates_choices_and_buttons(qtbot, actor, size):
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    page = show_page(qtbot, CalendarPage(actor), size)
    page.tabs.setCurrentWidget(page.list_view)
    qtbot.wait(10)
    view = page.list_view
    assert page.width() == size.width()  # the page fits its room
    for edit in (view.start, view.end):
        line = edit.line
        assert line.isVisible() and inside(edit, page)
        needed = line.fontMetrics().horizontalAdvance(line.text())
        assert line.cursorRect().right() <= line.width()
        assert line.width() >= needed + line.height()  # the date and the clear button
    for combo in (view.kind, view.responsible, view.status):
        assert inside(combo, page)
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        assert combo.fontMetrics().horizontalAdvance(combo.currentText()) <= field.width()
    for button in (view.search_button, view.export_button):
        assert inside(button, page)
        assert button.width() >= button.sizeHint().width(), button.text()  # not "寻出 Excel…"


@pytest.mark.parametrize("size", PAGE_SIZES, ids=["150%", "125%"])
def test_the_holiday_years_say_whose_arrangement_and_show_every_header_whole(qtbot, actor, size):
    from ui.pages.holiday_settings import HolidaySettings

    page = show_page(qtbot, HolidaySettings(actor), size)
    table = page.years
    sources = {table.item(row, 1).text() for row in range(table.rowCount())}
    assert "随程序提供（国务院办公厅公布的安排）" in sources
    assert not any(ch.isascii() and ch.isalpha() for text in sources for ch in text)
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(table.columnCount()):
        label = table.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(label) + 8, label
        right = header.sectionViewportPosition(column) + header.sectionSize(column)
        assert right <= header.viewport().width(), label  # not cut to "调"


LONG_NUMBER = "（2026）苏0381行初37399号"


@pytest.mark.parametrize("size", PAGE_SIZES, ids=["150%", "125%"])
def test_the_register_shows_a_whole_case_number_in_the_search_and_the_table(
    qtbot, actor, make_case, type_text, size
):
    from ui.pages.cases import CasesPage

    make_case(LONG_NUMBER, filed_on=dt.date(2026, 3, 5))
    page = show_page(qtbot, CasesPage(actor), size)
    type_text(page.search, LONG_NUMBER)
    edit = page.search
    typed = edit.fontMetrics().horizontalAdvance(LONG_NUMBER)
    assert edit.cursorRect().right() <= edit.width()  # the end of what was typed shows
    assert edit.width() >= typed
    page.apply_filter()
    assert page.model.rowCount() == 1
    table = page.table
    shown = table.visualRect(page.model.index(0, 0)).width()
    assert shown >= table.fontMetrics().horizontalAdvance(LONG_NUMBER) + 6  # and its margins
    # Every date column shows a whole date and its whole header.
    header = table.horizontalHeader()
    for column in range(1, page.model.columnCount() - 1):
        label = page.model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) > header.fontMetrics().horizontalAdvance(label)


def test_the_register_keeps_the_widths_the_clerk_gave_its_columns(qtbot, actor, make_case):
    from ui.pages.cases import CasesPage

    make_case(LONG_NUMBER)
    page = show_page(qtbot, CasesPage(actor), PAGE_SIZES[0])
    header = page.table.horizontalHeader()
    header.resizeSection(2, 333)  # as a drag of the column's edge does
    qtbot.wait(600)
    page.refresh()
    assert header.sectionSize(2) == 333
    again = show_page(qtbot, CasesPage(actor), PAGE_SIZES[0])  # the next start
    assert again.table.horizontalHeader().sectionSize(2) == 333


def agency_filter_of(page):
    return page.agency_filter if hasattr(page, "agency_filter") else page.list_view.agency


@pytest.mark.parametrize(
    "page_class", ["ui.pages.cases:CasesPage", "ui.pages.calendar:CalendarPage"]
)
def test_the_agency_filter_drops_down_as_wide_as_the_longest_name(
    qtbot, actor, make_agency, page_class
):
    import importlib

    module, name = page_class.split(":")
    longest = "新沂市住房和城乡建设局城市建设档案馆（新沂市房屋安全鉴定中心）"
    for agency in ("新沂市财政局", longest, "新沂市棋盘镇人民政府"):
        make_agency(agency)
    page = show_page(qtbot, getattr(importlib.import_module(module), name)(actor), PAGE_SIZES[0])
    if hasattr(page, "tabs"):
        page.tabs.setCurrentWidget(page.list_view)
        qtbot.wait(10)
    combo = agency_filter_of(page)
    combo.showPopup()
    qtbot.wait(10)
    view = combo.view()
    try:
        assert view.isVisible()
        needed = view.fontMetrics().horizontalAdvance(longest)
        assert view.viewport().width() >= needed  # the longest name shows, not "新沂…心"
    finally:
        combo.hidePopup()
    completion = combo.completer().popup()
    assert completion is None or completion.minimumWidth() >= needed


@pytest.mark.parametrize("size", PAGE_SIZES, ids=["150%", "125%"])
def test_the_dashboard_cards_show_their_whole_text(qtbot, actor, make_case, size):
    from tests.ui.test_dialog_text_room import shows_whole_text
    from ui.pages.dashboard import DashboardPage

    make_case(filed_on=TODAY - dt.timedelta(days=40))
    page = show_page(qtbot, DashboardPage(actor), size)
    assert page.width() == size.width()  # the cards fit the page, none is pushed off it
    labels = [
        label
        for value in (page.overdue_value, page.soon_value, page.report_value, page.stage_value)
        for label in value.parentWidget().findChildren(type(value))
    ]
    assert len(labels) == 12
    assert "结案" in page.stage_detail.text()  # the last of the stage counts, and so on
    for label in labels:
        assert shows_whole_text(label), label.text()
        # and inside its card, clear of the card's border
        card = label.parentWidget()
        assert card.rect().contains(label.geometry()), label.text()
    assert page.tabs.height() >= 150  # the lists below keep their room
