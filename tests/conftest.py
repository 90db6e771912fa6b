"""Every test gets a fresh database file through the program's own ``init_db``, a user
folder under ``tmp_path``, and the offscreen Qt platform."""

from __future__ import annotations

import datetime as dt
import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# When set (CI does), every database fixture is a fresh schema on this PostgreSQL server
# instead of a SQLite file: the whole suite runs against both.
POSTGRES_URL = os.environ.get("XINYI_TEST_DATABASE_URL", "")


def pytest_addoption(parser):
    parser.addoption("--onscreen", action="store_true", help="show windows on a real display")


def pytest_configure(config):
    if config.getoption("--onscreen"):
        os.environ["QT_QPA_PLATFORM"] = ""
    config.addinivalue_line("markers", "sqlite_only: needs a database file, not a server")
    config.addinivalue_line("markers", "postgres: needs the PostgreSQL server of the CI run")


def pytest_collection_modifyitems(config, items):
    if POSTGRES_URL:
        skip = pytest.mark.skip(reason="需要 SQLite 数据库文件；本轮测试使用 PostgreSQL")
        marker = "sqlite_only"
    else:
        skip = pytest.mark.skip(reason="未设置 XINYI_TEST_DATABASE_URL：本机没有 PostgreSQL 服务器")
        marker = "postgres"
    for item in items:
        if marker in item.keywords:
            item.add_marker(skip)


def reset_postgres(url: str) -> None:
    """An empty public schema, so each test starts from nothing as with a new file."""
    import psycopg2

    con = psycopg2.connect(url)
    con.autocommit = True
    with con.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    con.close()


@pytest.fixture(autouse=True)
def user_home(tmp_path, monkeypatch):
    """No test touches a real user's folder or database."""
    home = tmp_path / "home"
    monkeypatch.setenv("XINYI_HOME", str(home))
    monkeypatch.delenv("XINYI_DB", raising=False)
    return home


@pytest.fixture
def db_path(tmp_path):
    """The test's database: a new SQLite file, or an emptied PostgreSQL schema (a URL)."""
    from xinyi_desktop.store.connection import close_db, init_db

    if POSTGRES_URL:
        reset_postgres(POSTGRES_URL)
        path = POSTGRES_URL
    else:
        path = tmp_path / "xinyi.db"
    init_db(path)
    yield path
    close_db()


@pytest.fixture
def actor(db_path):
    from xinyi_desktop.store.connection import default_user

    return default_user()


@pytest.fixture
def office_contact(actor):
    """The office's contact, telephone and 签发人 set, as a 交办单 or a 请示 requires."""
    from xinyi_desktop.settings import set_settings

    values = {"office.contact": "王明", "office.phone": "0516-88921234", "documents.issuer": "张三"}
    set_settings(actor, values)
    return values


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
