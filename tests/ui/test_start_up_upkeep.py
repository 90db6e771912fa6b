"""Start-up's deadline upkeep writes only once the file's check lets writes through; a
database that refuses the write (read-only file, failed check) is said in Chinese and
the program runs on for viewing — never the unexpected-error dialog."""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import subprocess
import threading

import pytest

from xinyi_desktop.errors import DatabaseDamaged
from xinyi_desktop.store.connection import WriteGate, close_db, default_user, init_db
from xinyi_desktop.store.deadline_models import Deadline

pytestmark = pytest.mark.sqlite_only  # database files: permissions, the write gate


def start(path, qtbot):
    from ui.app import open_window

    args = argparse.Namespace(db=str(path), demo=False, command=None)
    window = open_window(args, default_user(), str(path), unattended=False)
    qtbot.addWidget(window)
    return window


@pytest.fixture
def fresh(db_path):
    """A database file whose deadlines lack this month's report: upkeep has work."""
    assert Deadline.select().count() == 0
    close_db()
    return db_path


@pytest.fixture
def slow_check():
    """A file's check that runs until released, then passes or fails as told."""
    release, outcome = threading.Event(), {}
    pool = concurrent.futures.ThreadPoolExecutor(1)

    def check():
        release.wait(10)
        if outcome.get("error"):
            raise outcome["error"]

    def finish(error=None):
        outcome["error"] = error
        release.set()

    gate = WriteGate(pool.submit(check))
    yield gate, finish
    release.set()
    pool.shutdown()


def test_a_read_only_database_file_starts_and_says_upkeep_was_not_written(qtbot, fresh, answers):
    fresh.chmod(0o444)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(fresh)], capture_output=True)
    try:
        init_db(fresh)
        window = start(fresh, qtbot)
        message = window.statusBar().currentMessage()
        assert "期限的日常更新" in message and "只读" in message, message
        assert Deadline.select().count() == 0
    finally:
        close_db()
        subprocess.run(["chattr", "-i", str(fresh)], capture_output=True)
        fresh.chmod(0o644)


def test_upkeep_waits_for_the_check_and_is_not_written_when_it_fails(
    qtbot, fresh, answers, slow_check
):
    gate, finish = slow_check
    init_db(fresh, gate=gate)
    try:
        window = start(fresh, qtbot)  # opens while the check runs: nothing waits for it
        assert gate.passed() is None and window.isVisible()
        assert Deadline.select().count() == 0
        finish(
            DatabaseDamaged(
                "数据库文件“xinyi.db”检查未通过（文件内容已损坏），为防止损坏扩大，未打开。"
            )
        )
        qtbot.waitUntil(lambda: bool(answers.messages), timeout=5000)
        [(kind, text)] = answers.messages
        assert kind == "error" and "程序已停止写入数据库，您仍可查看" in text
        assert Deadline.select().count() == 0
        assert "期限" not in window.statusBar().currentMessage()  # upkeep not tried
    finally:
        close_db()


def test_upkeep_is_written_once_the_check_has_passed(qtbot, fresh, answers, slow_check):
    gate, finish = slow_check
    init_db(fresh, gate=gate)
    try:
        start(fresh, qtbot)
        assert Deadline.select().count() == 0
        finish()
        qtbot.waitUntil(lambda: Deadline.select().count() > 0, timeout=5000)
        assert not answers.messages
    finally:
        close_db()
