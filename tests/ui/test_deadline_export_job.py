"""期限日历 → 导出 Excel runs off the GUI thread like the other exports: a progress dialog
with 取消, and a cancelled export leaves no file."""

import datetime as dt
import time

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from ui import ask
from ui.pages.calendar import CalendarPage
from xinyi_desktop.documents import deadline_export
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services.events import record_manual_event

TODAY = dt.date.today()


@pytest.fixture
def view(qtbot, actor, make_case):
    for serial in (1, 2, 3):
        case = make_case(f"（2026）苏0381行初{serial}号", filed_on=TODAY - dt.timedelta(days=40))
        record_manual_event(
            actor, case.id, "court_notice", on=TODAY - dt.timedelta(days=5), summary="法院通报"
        )
    page = CalendarPage(actor)
    qtbot.addWidget(page)
    page.show()
    view = page.list_view
    view.start.set_date(TODAY - dt.timedelta(days=60))
    view.end.set_date(TODAY + dt.timedelta(days=60))
    view.search()
    assert len(view.rows) >= 3
    yield view
    page.close()  # held here until the test is done: the view is the page's


def slowly(monkeypatch, seen):
    """The real workbook writer, a row at a time and slowed down, noting the thread."""
    import threading

    real = deadline_export.write_deadlines
    monkeypatch.setattr(deadline_export, "CHUNK", 1)

    def run(*args, **kwargs):
        job = real(*args, **kwargs)
        seen.append(threading.current_thread() is threading.main_thread())
        while True:
            try:
                step = next(job)
            except StopIteration as done:
                return done.value
            time.sleep(0.2)
            yield step

    monkeypatch.setattr(deadline_export, "write_deadlines", run)


def press_cancel_when_shown(view, pressed):
    """Press the progress dialog's 取消 once it is on screen (the GUI keeps running)."""
    timer = QTimer(view)

    def poll():
        for dialog in view.findChildren(QProgressDialog):
            if dialog.isVisible():
                button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
                timer.stop()
                pressed.append(dialog.windowTitle())
                button.click()

    timer.timeout.connect(poll)
    timer.start(50)
    return timer


def test_the_export_runs_in_the_background_and_writes_the_file(
    qtbot, view, monkeypatch, tmp_path, answers
):
    target = tmp_path / "期限清单.xlsx"
    monkeypatch.setattr(ask, "save_file_name", lambda *a, **k: str(target))
    seen = []
    slowly(monkeypatch, seen)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert seen == [False]  # written on a worker thread, not the GUI's
    assert target.exists() and not target.with_name(target.name + ".tmp").exists()
    assert answers.messages[-1][0] == "information" and str(target) in answers.messages[-1][1]
    from openpyxl import load_workbook

    sheet = load_workbook(target).active
    assert sheet.max_row == 3 + len(view.rows)


def test_a_cancelled_export_writes_no_file(qtbot, view, monkeypatch, tmp_path, answers):
    target = tmp_path / "期限清单.xlsx"
    monkeypatch.setattr(ask, "save_file_name", lambda *a, **k: str(target))
    seen, pressed = [], []
    slowly(monkeypatch, seen)
    press_cancel_when_shown(view, pressed)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert pressed == ["导出期限清单"]
    assert not target.exists()
    assert list(tmp_path.glob("期限清单*")) == []
    assert answers.messages == []  # cancelled by the clerk: nothing to report


def test_the_writer_checks_cancel_and_leaves_nothing(tmp_path, view):
    folder = tmp_path / "导出"
    folder.mkdir()
    job = deadline_export.write_deadlines(view.rows, folder / "x.xlsx", cancel=lambda: True)
    with pytest.raises(XinyiError, match="已取消导出，文件未保存"):
        list(job)
    assert list(folder.iterdir()) == []
