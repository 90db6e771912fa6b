"""Every test gets a fresh database file through the program's own ``init_db``, a user
folder under ``tmp_path``, and the offscreen Qt platform."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pytest_addoption(parser):
    parser.addoption("--onscreen", action="store_true", help="show windows on a real display")


def pytest_configure(config):
    if config.getoption("--onscreen"):
        os.environ["QT_QPA_PLATFORM"] = ""


@pytest.fixture(autouse=True)
def user_home(tmp_path, monkeypatch):
    """No test touches a real user's folder or database."""
    home = tmp_path / "home"
    monkeypatch.setenv("XINYI_HOME", str(home))
    monkeypatch.delenv("XINYI_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path):
    from xinyi_desktop.store.connection import close_db, init_db

    path = tmp_path / "xinyi.db"
    init_db(path)
    yield path
    close_db()


@pytest.fixture
def actor(db_path):
    from xinyi_desktop.store.connection import default_user

    return default_user()


@pytest.fixture
def make_case(actor):
    """A factory: ``make_case("（2025）苏0381行初1号", defendants=[...], ...)``."""
    from xinyi_desktop.services.cases import CaseInput, create_case

    def make(case_no="（2025）苏0381行初1号", **fields):
        fields.setdefault("defendants", ["新沂市棋盘镇人民政府"])
        fields.setdefault("filed_on", dt.date(2025, 3, 5))
        return create_case(actor, CaseInput(case_no=case_no, **fields))

    return make


@pytest.fixture
def make_agency(actor):
    from xinyi_desktop.services.agencies import AgencyInput, create_agency

    def make(name="新沂市财政局", **fields):
        return create_agency(actor, AgencyInput(name=name, **fields)).record

    return make


@pytest.fixture
def answers(monkeypatch):
    """Replace ``ui.ask``: record every message, answer questions from a queue."""
    from ui import ask

    class Answers:
        def __init__(self):
            self.messages: list[tuple[str, str]] = []
            self.replies: list[bool] = []

        def _note(self, kind):
            def record(parent, text, *args, **kwargs):
                self.messages.append((kind, text))

            return record

        def _question(self, parent, text, *args, **kwargs):
            self.messages.append(("question", text))
            return self.replies.pop(0) if self.replies else False

    recorder = Answers()
    for kind in ("information", "warning", "error"):
        monkeypatch.setattr(ask, kind, recorder._note(kind))
    monkeypatch.setattr(ask, "question", recorder._question)
    return recorder


@pytest.fixture
def type_text(qtbot):
    """Type like a clerk: ASCII as key clicks, Chinese as the input method commits it.

    (QTest.keyClicks aborts on characters outside ASCII.)
    """
    import re

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def type_into(widget, text):
        for run in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
            if run.isascii():
                qtbot.keyClicks(widget, run)
            else:
                event = QInputMethodEvent()
                event.setCommitString(run)
                QApplication.sendEvent(widget, event)

    return type_into
