"""The shared office server: what only a real PostgreSQL server can show."""

import threading

import pytest

from xinyi_desktop.services.agencies import AgencyInput, create_agency
from xinyi_desktop.services.audit import verify_chain
from xinyi_desktop.store.models import Agency, db

pytestmark = pytest.mark.postgres


def test_two_clerks_writing_at_once_keep_the_audit_chain_whole(actor):
    errors = []

    def clerk(name: str) -> None:
        try:
            for n in range(15):
                create_agency(actor, AgencyInput(name=f"{name}{n}号单位"))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()  # this thread's own connection

    threads = [threading.Thread(target=clerk, args=(who,)) for who in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Agency.select().count() == 30
    check = verify_chain()
    assert check.intact, check.problem
    assert check.entries == 30


def test_a_server_database_is_exported_before_it_is_migrated(db_path, make_case, user_home):
    from xinyi_desktop.store import migrations
    from xinyi_desktop.store.backup import check_file
    from xinyi_desktop.store.connection import close_db, init_db
    from xinyi_desktop.store.models import Case, SchemaVersion

    make_case("（2025）苏0381行初3号", note="升级前")
    older = migrations.CURRENT_VERSION - 1
    SchemaVersion.update(version=older).execute()  # as an older program left the server
    close_db()
    database = init_db(db_path)
    report = database.upgrade_report
    close_db()
    copy = report.backup
    assert copy.parent == user_home / "backups" and f"before-migration-v{older}" in copy.name
    assert "导出" in report.message() and str(copy) in report.message()
    assert check_file(copy) is None
    init_db(copy)  # the copy opens in the program, as the older version it was
    try:
        assert [(c.case_no, c.note) for c in Case.select()] == [("（2025）苏0381行初3号", "升级前")]
    finally:
        close_db()
