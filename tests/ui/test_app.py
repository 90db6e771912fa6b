"""The program as a whole: Chinese Qt, navigation, errors, demo and self-test."""

import logging
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from ui.app import create_application, install_excepthook, setup_logging
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_qt_speaks_chinese(qtbot):
    create_application()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_navigation_leads_to_working_pages(qtbot, actor, make_case):
    make_case()
    window = MainWindow(actor, database_label="test.db")
    qtbot.addWidget(window)
    window.show()
    labels = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert labels[:9] == [
        "工作台",
        "案件",
        "单位",
        "期限日历",
        "导入",
        "文书",
        "惩戒",
        "整改与问责",
        "督查",
    ]
    assert labels[-1] == "设置"
    assert type(window.stack.currentWidget()).__name__ == "DashboardPage"  # the first page
    window.nav.setCurrentRow(1)
    assert window.stack.currentWidget() is window.cases_page
    assert window.cases_page.model.total() == 1
    window.nav.setCurrentRow(2)
    assert window.stack.currentWidget() is window.agencies_page
    assert window.agencies_page.table.model().index(0, 0).data() == "新沂市棋盘镇人民政府"


def test_an_unexpected_error_is_shown_logged_and_survived(qtbot, actor, answers, user_home):
    create_application()
    handler = setup_logging()
    install_excepthook()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = sys.__excepthook__
        logging.getLogger().removeHandler(handler)
        handler.close()
    kind, text = answers.messages[-1]
    assert kind == "error" and "意外错误" in text
    assert "RuntimeError: boom" in (user_home / "logs" / "xinyi.log").read_text(encoding="utf-8")


def run_main(*args, home, **extra_env):
    env = {
        **os.environ,
        "XINYI_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "XINYI_EXIT_WHEN_SHOWN": "1",
        **extra_env,
    }
    env.pop("XINYI_DB", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=180,
    )


def test_demo_opens_its_own_database(user_home):
    result = run_main("--demo", home=user_home)
    assert result.returncode == 0, result.stderr
    assert (user_home / "demo.db").exists()
    assert not (user_home / "xinyi.db").exists()
    listed = run_main("cases", "--db", str(user_home / "demo.db"), "--json", home=user_home)
    stages = {row["stage"] for row in __import__("json").loads(listed.stdout)}
    assert stages == {"sued", "lost", "dishonest", "closed"}


def test_self_test_passes_and_leaves_its_report_for_a_program_without_console(user_home, tmp_path):
    temp = tmp_path / "temp"
    temp.mkdir()
    result = run_main("self-test", home=user_home, TMPDIR=str(temp), TEMP=str(temp))
    assert result.returncode == 0, result.stderr
    assert "自检通过" in result.stdout
    assert result.stderr == ""  # Qt's "does not support propagateSizeHints()" is filtered
    report = (temp / "xinyi-self-test.txt").read_text(encoding="utf-8")
    assert report.startswith("自检通过")


SECRET_URL = "postgresql://xinyi:Geheim-2026@127.0.0.1:1/xinyi"


def test_the_status_bar_and_the_log_never_show_a_server_password(qtbot, actor, user_home):
    handler = setup_logging()
    try:
        window = MainWindow(actor, database_label=SECRET_URL)
        qtbot.addWidget(window)
        text = window.status_label.text()
        assert "Geheim-2026" not in text and "postgresql://xinyi:****@127.0.0.1:1/xinyi" in text
        # Whoever logs an address (or an error holding one), the file gets it masked.
        logging.getLogger("xinyi_desktop.anywhere").warning("connecting to %s", SECRET_URL)
        logging.getLogger("ui.elsewhere").error(f"failed: {SECRET_URL}?password=Geheim-2026")
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    log = (user_home / "logs" / "xinyi.log").read_text(encoding="utf-8")
    assert "connecting to postgresql://xinyi:****@127.0.0.1:1/xinyi" in log
    assert "Geheim-2026" not in log


def test_a_server_that_cannot_be_reached_is_logged_without_its_password(user_home):
    result = run_main("--db", SECRET_URL, home=user_home)
    assert result.returncode == 2
    log = (user_home / "logs" / "xinyi.log").read_text(encoding="utf-8")
    assert "cannot open the database" in log
    assert "Geheim-2026" not in log + result.stdout + result.stderr


@pytest.mark.postgres
def test_the_started_line_names_the_server_without_its_password(user_home):
    url = os.environ["XINYI_TEST_DATABASE_URL"]
    password = urllib.parse.urlsplit(url).password
    if not password:
        pytest.skip("the test server's address has no password")
    result = run_main("--db", url, home=user_home)
    assert result.returncode == 0, result.stderr
    log = (user_home / "logs" / "xinyi.log").read_text(encoding="utf-8")
    assert "started" in log and ":****@" in log
    assert f":{password}@" not in log  # the password may also be the user's name


def test_only_the_harmless_qt_warning_is_silenced(qtbot, qtlog):
    from PySide6.QtCore import qWarning

    from ui.app import quiet_harmless_qt_warnings

    quiet_harmless_qt_warnings()
    quiet_harmless_qt_warnings()  # a second start-up does not filter twice
    qWarning("This plugin does not support propagateSizeHints()")
    qWarning("QPainter::begin: Paint device returned engine == 0")
    assert [r.message for r in qtlog.records] == [
        "QPainter::begin: Paint device returned engine == 0"
    ]
