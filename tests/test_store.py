"""Opening, creating and migrating the database."""

import json
import sqlite3
from pathlib import Path

import pytest

from xinyi_desktop.errors import DatabaseTooNew
from xinyi_desktop.services.audit import verify_chain
from xinyi_desktop.services.case_query import CaseFilter, matching_ids
from xinyi_desktop.store import migrations
from xinyi_desktop.store.connection import close_db, init_db, schema_version
from xinyi_desktop.store.models import Case, SchemaVersion, db

V1_SCHEMA = Path(__file__).parent / "data" / "schema_v1.sql"

pytestmark = pytest.mark.sqlite_only  # database files: WAL, backups, damage


def make_v1_database(path: Path) -> None:
    """A file as the first release wrote it, holding one case."""
    with sqlite3.connect(path) as con:
        con.executescript(V1_SCHEMA.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_version (version, changed_at) VALUES (1, '2025-01-01')")
        con.execute(
            "INSERT INTO user (id, username, display_name, role, created_at) "
            "VALUES (1, 'default', '默认用户', 'admin', '2025-01-01')"
        )
        con.execute(
            'INSERT INTO "case" (id, case_no, case_key, year, court_code, case_type, serial, '
            "court, stage, cause, filed_on, plaintiffs_text, defendants_text, note, created_at, "
            "updated_at, row_version) VALUES (7, '（2024）苏0381行初5号', '2024苏0381行初5号', "
            "2024, '苏0381', '行初', 5, '新沂市人民法院', 'lost', '行政处罚', '2024-03-01', "
            "'王伟', '新沂市棋盘镇人民政府', '', '2025-01-01', '2025-01-01', 1)"
        )
        con.execute(
            "INSERT INTO agency (id, name, kind, area, note, created_at, updated_at, row_version)"
            " VALUES (3, '新沂市棋盘镇人民政府', 'town', '棋盘镇', '', '2025-01-01', "
            "'2025-01-01', 1)"
        )
        # Rows pointing at cases and users: a migration that rebuilt those tables would fail.
        con.execute(
            "INSERT INTO case_party (case_id, role, name, agency_id, position) "
            "VALUES (7, 'defendant', '新沂市棋盘镇人民政府', 3, 0)"
        )
        con.execute(
            "INSERT INTO audit_entry (at, user_id, action, table_name, record_id, old_values, "
            "new_values) VALUES ('2025-01-01 09:00:00', 1, 'create', 'case', 7, NULL, "
            '\'{"case_no": "（2024）苏0381行初5号"}\')'
        )
    con.close()


def test_a_new_database_starts_at_the_current_version(tmp_path):
    database = init_db(tmp_path / "new.db")
    assert schema_version(database) == migrations.CURRENT_VERSION
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    close_db()


def test_the_first_schema_migrates_with_its_data_intact_and_a_backup_taken(tmp_path):
    path = tmp_path / "old.db"
    make_v1_database(path)
    backups = tmp_path / "backups"
    init_db(path, backup_dir=backups)
    try:
        assert SchemaVersion.get().version == migrations.CURRENT_VERSION
        case = Case.get_by_id(7)
        assert case.case_no == "（2024）苏0381行初5号" and case.stage == "lost"
        assert "棋盘镇" in case.search_text  # the new column was filled from the old data
        assert matching_ids(CaseFilter(text="棋盘镇")) == [7]
        assert matching_ids(CaseFilter(text="(2024)苏0381行初5号")) == [7]
        assert verify_chain().intact and verify_chain().entries == 1  # old entries sealed
    finally:
        close_db()
    (copy,) = backups.iterdir()
    with sqlite3.connect(copy) as con:
        assert con.execute("SELECT version FROM schema_version").fetchone()[0] == 1
        assert con.execute('SELECT case_no FROM "case"').fetchone()[0] == "（2024）苏0381行初5号"
    con.close()


@pytest.mark.parametrize("journal", ["wal", "delete"])
def test_a_database_from_a_newer_program_is_refused_untouched(tmp_path, journal):
    import os

    path = tmp_path / "future.db"
    init_db(path)
    SchemaVersion.update(version=migrations.CURRENT_VERSION + 5).execute()
    close_db()
    with sqlite3.connect(path) as con:  # as the newer program may have left it
        assert con.execute(f"PRAGMA journal_mode={journal}").fetchone()[0] == journal
    con.close()
    before, stamp = path.read_bytes(), os.stat(path).st_mtime_ns
    with pytest.raises(DatabaseTooNew, match="请安装新版本"):
        init_db(path)
    assert db.is_closed()
    assert path.read_bytes() == before  # not even switched to WAL
    assert os.stat(path).st_mtime_ns == stamp


def test_a_sqlite_url_opens_like_a_path(tmp_path):
    database = init_db(f"sqlite:///{tmp_path / 'url.db'}")
    assert schema_version(database) == migrations.CURRENT_VERSION
    close_db()


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # scribble over a page
    path.write_bytes(bytes(data))


def test_a_damaged_file_named_by_a_sqlite_url_is_checked_too(tmp_path):
    from xinyi_desktop.errors import DatabaseDamaged

    path = tmp_path / "office.db"
    init_db(path)
    close_db()
    damage(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged, match="检查未通过"):
        init_db(f"sqlite:///{path}")
    assert path.read_bytes() == before


def test_a_share_named_by_a_sqlite_url_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(Exception, match="网络共享"):
        init_db("sqlite:///\\\\server\\share\\x.db")
    assert list(tmp_path.iterdir()) == []  # no file made under any name


def test_a_damaged_file_is_not_opened_and_the_newest_good_backup_offered(tmp_path):
    from xinyi_desktop.errors import DatabaseDamaged
    from xinyi_desktop.store.backup import backup_sqlite

    path = tmp_path / "office.db"
    database = init_db(path)
    good = backup_sqlite(database, tmp_path / "backups", reason="daily")
    close_db()
    damage(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged) as caught:
        init_db(path)
    assert "检查未通过" in str(caught.value)
    assert caught.value.newest_backup == good
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE stuff (x)")
    con.close()
    with pytest.raises(Exception, match="不是本程序的数据库"):
        init_db(path)


MOUNTS = """\
/dev/sda1 / ext4 rw 0 0
//fileserver/office /mnt/office cifs rw 0 0
server:/export /srv/nfs nfs4 rw 0 0
/dev/sdb1 /mnt/office/local ext4 rw 0 0
//fileserver/credit /mnt/credit\\040office cifs rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "network"),
    [
        ("/home/clerk/xinyi.db", None),
        ("/mnt/office/xinyi.db", "cifs"),
        ("/srv/nfs/data/xinyi.db", "nfs4"),
        ("/mnt/office/local/xinyi.db", None),  # a local disk mounted inside the share
        ("/mnt/credit office/xinyi.db", "cifs"),  # a space in the mount point: \\040
        ("//fileserver/office/xinyi.db", "网络共享"),
        (r"\\fileserver\office\xinyi.db", "网络共享"),
    ],
)
def test_files_on_network_shares_are_recognised(path, network):
    from xinyi_desktop.store.connection import network_filesystem

    assert network_filesystem(path if "\\" in path else Path(path), MOUNTS) == network


def test_a_link_onto_a_share_is_followed(tmp_path):
    from xinyi_desktop.store.connection import network_filesystem

    share = tmp_path / "share"
    share.mkdir()
    link = tmp_path / "local-looking"
    link.symlink_to(share)
    mounts = f"/dev/sda1 / ext4 rw 0 0\n//server/share {share} cifs rw 0 0\n"
    assert network_filesystem(link / "xinyi.db", mounts) == "cifs"


def test_a_damaged_file_is_offered_the_backup_in_the_folder_the_office_chose(actor, tmp_path):
    from xinyi_desktop.errors import DatabaseDamaged
    from xinyi_desktop.services.backups import take_daily_backup
    from xinyi_desktop.settings import set_setting

    path = Path(db.obj.database)
    usb = tmp_path / "usb"
    set_setting(actor, "backup.folder", str(usb))
    taken = take_daily_backup()
    assert taken.parent == usb
    close_db()
    damage(path)
    with pytest.raises(DatabaseDamaged) as caught:
        init_db(path)
    assert caught.value.newest_backup == taken


def chosen_backup_folder(path: Path, folder: Path) -> None:
    """An old file (version 1) that already records the office's backup folder."""
    make_v1_database(path)
    with sqlite3.connect(path) as con:  # version 3 brought the settings
        con.execute(
            'CREATE TABLE "setting" ("id" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(255) '
            'NOT NULL, "value" TEXT, "updated_at" DATETIME NOT NULL)'
        )
        con.execute(
            "INSERT INTO setting (key, value, updated_at) VALUES ('backup.folder', ?, "
            "'2025-01-01')",
            (json.dumps(str(folder)),),
        )
    con.close()


def test_the_copy_before_a_migration_goes_to_the_folder_the_office_chose(tmp_path):
    path, usb = tmp_path / "old.db", tmp_path / "usb"
    chosen_backup_folder(path, usb)
    database = init_db(path)
    try:
        report = database.upgrade_report
    finally:
        close_db()
    assert report.backup.parent == usb and report.backup.name.startswith("old-")
    assert "before-migration-v1" in report.backup.name


def test_a_chosen_folder_that_cannot_be_written_does_not_stop_the_migration(tmp_path, user_home):
    path, plug = tmp_path / "old.db", tmp_path / "not-a-folder"
    plug.write_text("a file where the USB key's folder should be")
    chosen_backup_folder(path, plug / "backups")
    database = init_db(path)
    try:
        report = database.upgrade_report
        assert SchemaVersion.get().version == migrations.CURRENT_VERSION
    finally:
        close_db()
    assert report.backup.parent == user_home / "backups"
    assert str(report.backup) in report.message()


def test_a_database_on_a_network_share_is_refused(tmp_path, monkeypatch):
    from xinyi_desktop.store import connection

    monkeypatch.setattr(connection, "network_filesystem", lambda path: "网络共享")
    with pytest.raises(Exception, match="PostgreSQL") as caught:
        init_db(tmp_path / "shared.db")
    assert "网络共享" in str(caught.value)
    assert not (tmp_path / "shared.db").exists()


def test_the_write_gate_lets_reads_through_and_holds_writes_until_the_check(tmp_path):
    import concurrent.futures
    import threading

    from xinyi_desktop.errors import DatabaseDamaged
    from xinyi_desktop.services.agencies import AgencyInput, create_agency
    from xinyi_desktop.store.connection import WriteGate, default_user
    from xinyi_desktop.store.models import Agency

    path = tmp_path / "office.db"
    init_db(path)
    close_db()
    release = threading.Event()
    pool = concurrent.futures.ThreadPoolExecutor(1)

    def slow_check():
        release.wait(5)
        raise DatabaseDamaged("检查未通过（测试）")

    gate = WriteGate(pool.submit(slow_check))
    init_db(path, gate=gate)
    try:
        assert Agency.select().count() == 0  # reading goes ahead while the check runs
        assert gate.passed() is None
        release.set()
        with pytest.raises(Exception, match="not authorized|未通过"):
            create_agency(default_user(), AgencyInput(name="新沂市财政局"))
        assert Agency.select().count() == 0  # a file that failed its check is not written
    finally:
        close_db()
        pool.shutdown()

    ok = WriteGate(concurrent.futures.ThreadPoolExecutor(1).submit(lambda: None))
    init_db(path, gate=ok)
    try:
        create_agency(default_user(), AgencyInput(name="新沂市财政局"))  # waits, then writes
        assert ok.passed() is True
        ok.lift(db.obj)
        assert Agency.select().count() == 1
    finally:
        close_db()
