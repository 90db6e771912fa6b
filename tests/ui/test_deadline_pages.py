"""期限日历, 工作台, the case's 期限 tab and the settings tabs, driven as a clerk would."""

import datetime as dt

from PySide6.QtCore import Qt

from ui.dialogs.case_detail import CaseDetailDialog
from ui.pages.calendar import CalendarPage
from ui.pages.dashboard import DashboardPage, start_notice
from ui.pages.deadline_rule_settings import RuleSettings
from ui.pages.holiday_settings import HolidaySettings
from xinyi_desktop.services.events import record_manual_event
from xinyi_desktop.store.deadline_models import Deadline

TODAY = dt.date.today()


def notice(actor, case, on):
    record_manual_event(actor, case.id, "court_notice", on=on, summary="法院通报", today=TODAY)


def a_working_day_before(days):
    from xinyi_desktop.services.work_calendar import load_calendar

    calendar = load_calendar()
    day = TODAY - dt.timedelta(days=days)
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def test_the_month_view_counts_deadlines_on_their_days_and_opens_the_case(qtbot, actor, make_case):
    first = make_case("（2026）苏0381行初1号", filed_on=TODAY - dt.timedelta(days=40))
    second = make_case("（2026）苏0381行初2号", filed_on=TODAY - dt.timedelta(days=40))
    on = a_working_day_before(20)
    notice(actor, first, on)
    notice(actor, second, on)
    due = Deadline.get(Deadline.case == first.id).due_on
    page = CalendarPage(actor)
    qtbot.addWidget(page)
    view = page.month_view
    view.year, view.month = due.year, due.month
    view.refresh()
    cell = view.grid.cell_of(due)
    assert "2 项待办" in cell.text()
    assert cell.background().color().name() == "#fbdada"  # overdue: red
    other = view.grid.cell_of(due + dt.timedelta(days=1))
    assert "待办" not in other.text()
    rect = view.grid.visualItemRect(cell)
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.list.model.rowCount() == 2
    assert {view.list.model.row_at(i).case_no for i in range(2)} == {
        first.case_no,
        second.case_no,
    }
    assert view.day_label.text().startswith(due.isoformat())
    view.next_button.click()  # another month: no day chosen, nor its caption left
    assert view.list.model.rowCount() == 0
    assert due.isoformat() not in view.day_label.text()
    view.prev_button.click()
    assert view.day_label.text() == "点击某一天，查看当天到期的期限。"
    qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view.list.table.selectRow(0)
    qtbot.mouseClick(view.list.open_button, Qt.MouseButton.LeftButton)
    dialog = view.list.case_dialog
    assert isinstance(dialog, CaseDetailDialog) and dialog.isVisible()
    assert dialog.case_id == view.list.model.row_at(0).case_id

    dialog.tabs.setCurrentWidget(dialog.deadlines)
    assert dialog.deadlines.list.model.rowCount() == 1
    assert (
        "春节" in dialog.deadlines.why.toPlainText() or "触发" in dialog.deadlines.why.toPlainText()
    )
    dialog.reject()


def test_a_day_with_done_and_open_deadlines_says_both(qtbot, actor, make_case):
    from xinyi_desktop.services.deadlines import waive

    cases = [
        make_case(f"（2026）苏0381行初{n}号", filed_on=TODAY - dt.timedelta(days=40))
        for n in (1, 2)
    ]
    on = a_working_day_before(20)
    for case in cases:
        notice(actor, case, on)
    first = Deadline.get(Deadline.case == cases[0].id)
    waive(actor, first.id, reason="已电话提醒")
    page = CalendarPage(actor)
    qtbot.addWidget(page)
    view = page.month_view
    view.year, view.month = first.due_on.year, first.due_on.month
    view.refresh()
    assert "1 项待办，共 2 项" in view.grid.cell_of(first.due_on).text()
    second = Deadline.get(Deadline.case == cases[1].id)
    from xinyi_desktop.services.deadlines import mark_done

    mark_done(actor, second.id, on=second.due_on)
    view.refresh()
    cell = view.grid.cell_of(first.due_on)
    assert "1 项已办，1 项已免办" in cell.text()  # waived is not done
    assert "已办 1 项，已免办 1 项" in cell.toolTip()


def test_the_month_view_marks_holidays_and_make_up_days(qtbot, actor):
    page = CalendarPage(actor)
    qtbot.addWidget(page)
    view = page.month_view
    view.year, view.month = 2025, 1
    view.refresh()
    assert "休" in view.grid.cell_of(dt.date(2025, 1, 28)).text()
    assert "春节" in view.grid.cell_of(dt.date(2025, 1, 28)).text()
    assert "班" in view.grid.cell_of(dt.date(2025, 1, 26)).text()
    view.year, view.month = 2027, 3
    view.refresh()
    assert not view.calendar_note.isHidden() and "2027" in view.calendar_note.text()


def test_the_list_view_filters_and_exports(qtbot, actor, make_case, monkeypatch, tmp_path, answers):
    case = make_case(filed_on=TODAY - dt.timedelta(days=40))
    notice(actor, case, a_working_day_before(20))
    page = CalendarPage(actor)
    qtbot.addWidget(page)
    view = page.list_view
    view.start.set_date(TODAY - dt.timedelta(days=60))
    view.end.set_date(TODAY + dt.timedelta(days=60))
    view.status.setCurrentIndex(view.status.findData("overdue"))
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    assert view.list.model.rowCount() == 1
    assert "逾期 1 项" in view.count_label.text()
    target = tmp_path / "清单.xlsx"
    from ui import ask

    monkeypatch.setattr(ask, "save_file_name", lambda *a, **k: str(target))
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert target.exists()
    assert answers.messages[-1][0] == "information"


def test_the_list_view_refuses_a_range_that_ends_before_it_starts(
    qtbot, actor, answers, monkeypatch, tmp_path
):
    from ui import ask

    page = CalendarPage(actor)
    qtbot.addWidget(page)
    view = page.list_view
    shown = list(view.rows)  # this month's, listed when the page opened
    view.start.set_date(dt.date(2026, 12, 1))
    view.end.set_date(dt.date(2026, 11, 1))
    qtbot.mouseClick(view.search_button, Qt.MouseButton.LeftButton)
    kind, text = answers.messages[-1]
    assert kind == "warning" and "起始日期2026-12-01晚于截止日期2026-11-01" in text
    assert view.rows == shown  # the list is not silently emptied
    target = tmp_path / "清单.xlsx"
    monkeypatch.setattr(ask, "save_file_name", lambda *a, **k: str(target))
    assert shown  # at least this month's report
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    kind, text = answers.messages[-1]
    assert kind == "warning" and "晚于截止日期" in text and not target.exists()


def test_the_dashboard_shows_overdue_and_the_next_report(qtbot, actor, make_case, answers):
    case = make_case(filed_on=TODAY - dt.timedelta(days=40))
    notice(actor, case, a_working_day_before(20))
    page = DashboardPage(actor)
    qtbot.addWidget(page)
    assert page.overdue_value.text() == "1"
    assert page.overdue_list.model.row_at(0).case_no == case.case_no
    assert page.report_value.text() != "—"
    assert "起诉 1" in page.stage_detail.text()
    assert "1 项期限已经逾期" in start_notice()
    # Waive it from the dashboard: the count follows.
    row = page.overdue_list.model.row_at(0)
    from xinyi_desktop.services.deadlines import waive

    waive(actor, row.id, reason="已电话督促")
    page.refresh()
    assert page.overdue_value.text() == "0"
    assert "逾期" not in start_notice()


def _counts():
    from xinyi_desktop.store.models import AuditEntry

    return Deadline.select().count(), AuditEntry.select().count()


def test_a_readonly_user_browsing_a_far_month_writes_nothing(qtbot, actor, answers):
    """The month's report day is shown (computed), not stored: opening the 工作台 and the
    calendar, going ten months ahead, clicking the day and even trying 标记已办 write no
    deadline row and no audit entry for a 只读 user."""
    from xinyi_desktop.services.accounts import create_user
    from xinyi_desktop.services.deadline_query import DeadlineFilter, virtual_monthly

    reader = create_user(actor, "reader", "查阅员", "secret-pass-1", "readonly")
    before = _counts()
    far = TODAY.replace(day=1) + dt.timedelta(days=310)
    qtbot.addWidget(DashboardPage(reader))
    page = CalendarPage(reader)
    qtbot.addWidget(page)
    view = page.month_view
    view.year, view.month = far.year, far.month
    view.refresh()
    (report,) = virtual_monthly(DeadlineFilter(start=far, end=far + dt.timedelta(days=27)), TODAY)
    assert "1 项待办" in view.grid.cell_of(report.due_on).text()
    view.show_day(report.due_on)
    assert view.list.model.rowCount() == 1
    assert view.list.model.row_at(0).label == f"月度通报 {far:%Y-%m}"
    page.list_view.end.set_date(far + dt.timedelta(days=40))
    page.list_view.search()
    assert any(r.virtual for r in page.list_view.rows)
    view.list.table.selectRow(0)
    qtbot.mouseClick(view.list.done_button, Qt.MouseButton.LeftButton)
    assert answers.messages and "只读" in answers.messages[-1][1]
    assert _counts() == before


def test_entering_a_holiday_year_in_the_settings(qtbot, actor, type_text):
    tab = HolidaySettings(actor)
    qtbot.addWidget(tab)
    tab.year.setValue(2027)
    assert tab.text.toPlainText() == ""
    type_text(tab.text, "2027-01-01,休,元旦")
    qtbot.keyClick(tab.text, Qt.Key.Key_Return)
    type_text(tab.text, "2027-01-04,班,元旦")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "第 2 行“2027-01-04,班,元旦”：2027-01-04 是周一，本来就是工作日" in tab.errors.text()
    tab.text.setPlainText("2027-01-01,休,元旦\n2028-01-01,休,元旦")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "第 2 行“2028-01-01,休,元旦”：2028-01-01 不在正在录入的 2027 年内" in tab.errors.text()
    tab.text.setPlainText("2027-01-01~2027-01-03,休,元旦\n2027-02-20,班,春节")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "已保存" in tab.saved.text()
    assert tab.years.item(0, 0).text() == "2027"
    assert tab.text.toPlainText() == "2027-01-01~2027-01-03,休,元旦\n2027-02-20,班,春节"


def test_editing_a_rule_in_the_settings(qtbot, actor):
    tab = RuleSettings(actor)
    qtbot.addWidget(tab)
    row = [r.kind for r in tab.rules].index("reminder_letter")
    tab.editors[row]["offset"].setValue(5)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "致函提醒" in tab.status.text()
    from xinyi_desktop.services.deadline_rules import get_rule

    assert get_rule("reminder_letter").offset == 5


def test_the_letter_a_deadline_asks_for_is_preselected(qtbot, actor, make_case):
    from ui.dialogs.letter_dialog import LetterDialog
    from ui.widgets import deadline_list

    case = make_case()
    assert deadline_list.LETTER_DIALOG  # the 生成函件 action is wired
    dialog = LetterDialog(actor, case.id, kind="reminder")
    qtbot.addWidget(dialog)
    assert dialog.kind() == "reminder"
