"""The demo database: built when missing or empty, never left half made."""

from __future__ import annotations

import pytest

from xinyi_desktop import demo
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Case

pytestmark = pytest.mark.sqlite_only  # the demo is a file of its own


BUILD = demo.build_demo


def small(monkeypatch):
    monkeypatch.setattr(demo, "build_demo", lambda actor: BUILD(actor, cases=12))


def test_an_interrupted_build_leaves_no_demo_and_the_next_start_builds_it(user_home, monkeypatch):
    path = user_home / "demo.db"

    def broken(actor):
        demo.agency_service.create_agency(
            actor, demo.agency_service.AgencyInput(name="新沂市财政局")
        )
        raise KeyboardInterrupt  # the program closed in the middle of the build

    monkeypatch.setattr(demo, "build_demo", broken)
    with pytest.raises(KeyboardInterrupt):
        demo.ensure_demo_database(path)
    assert not path.exists()
    small(monkeypatch)
    assert demo.ensure_demo_database(path) == path
    init_db(path)
    try:
        assert Case.select().count() > 0
    finally:
        close_db()
    assert (user_home / "documents-demo").is_dir()
    assert not list(user_home.glob(".demo-building*"))


def test_an_empty_demo_is_rebuilt_and_a_full_one_left_alone(user_home, monkeypatch):
    path = user_home / "demo.db"
    init_db(path)
    close_db()
    small(monkeypatch)
    demo.ensure_demo_database(path)
    init_db(path)
    count = Case.select().count()
    close_db()
    assert count > 0
    before = path.stat().st_mtime_ns
    demo.ensure_demo_database(path)
    assert path.stat().st_mtime_ns == before
