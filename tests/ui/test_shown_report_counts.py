"""Monthly reports only shown (months beyond the stored ones) each have their own key:
painted urgent by their own day, and counted alike by the month cells, the list's count
line and its export."""

import datetime as dt

from ui.models.deadline_table_model import STATUS_COLOURS, URGENT_COLOUR, DeadlineTableModel
from ui.pages.calendar import CalendarPage
from xinyi_desktop.rules.workdays import last_day_of_month
from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines, urgent_ids
from xinyi_desktop.services.work_calendar import load_calendar

D = dt.date.fromisoformat


def test_only_the_shown_report_due_soon_is_painted_urgent(actor):
    from PySide6.QtCore import Qt

    today = D("2026-11-25")  # November's report is due on the 27th: 2 working days
    flt = DeadlineFilter(start=D("2026-11-01"), end=D("2027-01-31"), kind="monthly_report")
    rows = list_deadlines(flt, today)
    assert [r.virtual for r in rows] == [True, True, True]
    model = DeadlineTableModel()
    model.set_rows(rows, urgent_ids(rows, today, load_calendar()))
    colours = [
        model.data(model.index(i, 0), Qt.ItemDataRole.ForegroundRole) for i in range(len(rows))
    ]
    assert colours == [URGENT_COLOUR, STATUS_COLOURS["open"], STATUS_COLOURS["open"]]


def months_ahead(n):
    day = dt.date.today().replace(day=1)
    for _ in range(n):
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return day


def test_month_cells_count_line_and_export_count_each_shown_report(qtbot, actor, tmp_path):
    from openpyxl import load_workbook

    from xinyi_desktop.documents.deadline_export import write_deadlines
    from xinyi_desktop.services.court_import import run_to_end

    first, second = months_ahead(3), months_ahead(4)
    page = CalendarPage(actor)
    qtbot.addWidget(page)
    view = page.month_view
    view.year, view.month = first.year, first.month
    view.refresh()
    (report,) = list_deadlines(
        DeadlineFilter(start=first, end=last_day_of_month(first.year, first.month))
    )
    assert report.virtual and "1 项待办" in view.grid.cell_of(report.due_on).text()
    view.show_day(report.due_on)
    assert view.list.model.rowCount() == 1 and "到期 1 项" in view.day_label.text()

    listing = page.list_view
    listing.start.set_date(first)
    listing.end.set_date(last_day_of_month(second.year, second.month))
    listing.search()
    assert [r.virtual for r in listing.rows] == [True, True]
    assert len({r.id for r in listing.rows}) == 2
    assert listing.count_label.text() == "共 2 项：未办 2 项"
    path = run_to_end(write_deadlines(listing.rows, tmp_path / "期限.xlsx"))
    sheet = load_workbook(path).active
    assert sheet["A2"].value.endswith("共 2 项：未办 2 项")
    assert [sheet.cell(row, 2).value for row in (4, 5)] == [r.label for r in listing.rows]
