"""Backups: whole or none, checked before a restore, rotated without losing months."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from xinyi_desktop.store import backup as bk
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Case

ROOT = Path(__file__).resolve().parent.parent


def restore_command(source, target, home, *extra, password=None):
    """``main.py restore SOURCE --db TARGET …`` as the office runs it, its password (if
    any) given as the unattended do."""
    env = {**os.environ, "XINYI_HOME": str(home)}
    env.pop("XINYI_PASSWORD", None)
    if password is not None:
        env["XINYI_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "restore", str(source), "--db", str(target)]
        + list(extra),
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        stdin=subprocess.DEVNULL,
    )


pytestmark = pytest.mark.sqlite_only  # database files: WAL, backups, damage


def main_py(*args, home):
    env = {**os.environ, "XINYI_HOME": str(home)}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def test_backup_and_restore_from_the_command_line(db_path, make_case, tmp_path, user_home):
    make_case("（2025）苏0381行初1号")
    close_db()
    copy = tmp_path / "copy.db"
    result = main_py("backup", "--db", str(db_path), "--out", str(copy), home=user_home)
    assert result.returncode == 0, result.stderr
    assert bk.check_file(copy) is None

    init_db(db_path)
    make_case("（2025）苏0381行初2号")
    close_db()
    result = main_py("restore", str(copy), "--db", str(db_path), home=user_home)
    assert result.returncode == 0, result.stderr
    assert "被替换的数据库已保存为" in result.stdout
    init_db(db_path)
    assert [c.case_no for c in Case.select()] == ["（2025）苏0381行初1号"]
    close_db()
    (kept,) = [b for b in bk.list_backups(user_home / "backups") if b.reason == "before-restore"]
    init_db(kept.path)
    assert Case.select().count() == 2  # what the restore replaced is kept whole
    close_db()


def test_a_bad_backup_is_refused_and_the_database_untouched(db_path, tmp_path, user_home):
    close_db()
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    before = db_path.read_bytes()
    result = main_py("restore", str(junk), "--db", str(db_path), home=user_home)
    assert result.returncode == 2
    assert "不能恢复" in result.stderr and "junk.db" in result.stderr
    assert db_path.read_bytes() == before


def test_daily_backup_once_a_day(db_path, tmp_path):
    from xinyi_desktop.store.models import db

    folder = tmp_path / "daily"
    first = bk.daily_backup(db.obj, folder, keep_daily=14, keep_monthly=12)
    again = bk.daily_backup(db.obj, folder, keep_daily=14, keep_monthly=12)
    assert first is not None and again is None
    assert len(bk.list_backups(folder)) == 1


def test_rotation_keeps_recent_days_and_one_per_month(tmp_path):
    folder = tmp_path / "rot"
    folder.mkdir()
    day = dt.date(2026, 11, 25)
    for back in range(120):
        taken = day - dt.timedelta(days=back)
        (folder / f"xinyi-{taken:%Y%m%d}-090000-daily.db").write_bytes(b"x")
    (folder / "xinyi-20250101-090000-before-migration-v2.db").write_bytes(b"x")
    bk.rotate(folder, keep_daily=14, keep_monthly=3)
    left = bk.list_backups(folder)
    daily = [b.taken_at.date() for b in left if b.reason == "daily"]
    assert daily[:14] == [day - dt.timedelta(days=n) for n in range(14)]
    assert set(daily[14:]) == {dt.date(2026, 11, 1), dt.date(2026, 10, 1), dt.date(2026, 9, 1)}
    assert any(b.reason == "before-migration-v2" for b in left)


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\x00" * 50, b"random" * 999])
def test_check_file_names_what_is_wrong(tmp_path, content):
    path = tmp_path / "broken.db"
    path.write_bytes(content)
    assert "broken.db" in bk.check_file(path)


def test_the_daily_backup_goes_where_the_office_set(actor, tmp_path):
    from xinyi_desktop.services.backups import take_daily_backup
    from xinyi_desktop.settings import set_setting

    folder = tmp_path / "usb"
    set_setting(actor, "backup.folder", str(folder))
    taken = take_daily_backup()
    assert taken.parent == folder and bk.check_file(taken) is None


def write_copies(folder, start: dt.datetime, days: int, *reasons: str) -> None:
    """Empty stand-ins named as backups of ``xinyi.db``, one a day from ``start``; a
    ``{n}`` in a reason is the day's number from 1."""
    folder.mkdir(exist_ok=True)
    for n in range(days):
        taken = start + dt.timedelta(days=n)
        for reason in reasons:
            name = f"xinyi-{taken:%Y%m%d-%H%M%S}-{reason.format(n=n + 1)}.db"
            (folder / name).write_bytes(b"x")


def test_a_folder_shared_by_several_databases_keeps_each_ones_copies(tmp_path):
    folder = tmp_path / "shared"
    write_copies(folder, dt.datetime(2024, 1, 1, 9, 0), 60, "daily")
    other = folder / "other-20240105-090000-daily.db"
    other.write_bytes(b"x")
    bk.rotate(folder, keep_daily=14, keep_monthly=12)
    assert other.exists()  # another database's only daily copy
    assert len(bk.list_backups(folder, "xinyi")) == 14 + 2  # and the 1st of Jan and Feb


def test_another_databases_copy_of_today_does_not_count_as_this_ones(db_path, tmp_path):
    from xinyi_desktop.store.models import db

    folder = tmp_path / "shared"
    folder.mkdir()
    today = dt.date.today()
    (folder / f"demo-{today:%Y%m%d}-090000-daily.db").write_bytes(b"x")
    taken = bk.daily_backup(db.obj, folder, keep_daily=14, keep_monthly=12)
    assert taken is not None and taken.name.startswith("xinyi-")


def test_copies_before_migrations_and_restores_are_kept_but_bounded(tmp_path):
    folder = tmp_path / "rot"
    start = dt.datetime(2025, 1, 1, 9, 0)
    write_copies(folder, start, 25, "before-restore", "before-migration-v{n}")
    bk.rotate(folder, keep_daily=14, keep_monthly=12)
    left = bk.list_backups(folder)
    restores = [b for b in left if b.reason == "before-restore"]
    migrations = [b for b in left if b.reason.startswith("before-migration")]
    assert len(restores) == bk.KEEP_OTHER and len(migrations) == bk.KEEP_OTHER
    assert restores[0].taken_at == start + dt.timedelta(days=24)  # the newest kept
    assert migrations[-1].reason == f"before-migration-v{25 - bk.KEEP_OTHER + 1}"


# --- restoring: administrators only, never under another program's feet ------------------
@pytest.fixture
def office(db_path, make_case):
    """An office with accounts, one case, and a backup of that state."""
    from xinyi_desktop.services import accounts, backups

    admin = accounts.create_first_admin("admin", "王主任", "correct horse")
    users = {"admin": admin}
    for role in ("clerk", "reviewer", "readonly"):
        users[role] = accounts.create_user(admin, role, f"{role}用户", "password123", role)
    make_case("（2025）苏0381行初1号")
    users["backup"] = backups.take_backup_now(admin)
    make_case("（2025）苏0381行初2号")
    return users


@pytest.mark.parametrize("role", ["clerk", "reviewer", "readonly"])
def test_only_an_administrator_may_restore(office, role):
    from xinyi_desktop.rules.permissions import PermissionDenied
    from xinyi_desktop.services import backups

    with pytest.raises(PermissionDenied, match="恢复数据"):
        backups.restore_database(office[role], office["backup"])
    assert Case.select().count() == 2


HOLDER = """
import sqlite3, sys, time, pathlib
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA journal_mode=wal")
con.execute("SELECT count(*) FROM setting").fetchone()
print("open", flush=True)
go = pathlib.Path(sys.argv[2])
while not go.exists():
    time.sleep(0.02)
con.execute(
    "INSERT INTO setting (key, value, updated_at) VALUES ('written.later', '1', '2026-01-01')"
)
con.commit()
print("committed", flush=True)
"""


def test_a_restore_is_refused_while_another_program_has_the_database_open(
    office, db_path, tmp_path
):
    from xinyi_desktop.services import backups
    from xinyi_desktop.store.models import Setting

    go = tmp_path / "go"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path), str(go)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        with pytest.raises(bk.BackupError, match="正被其他程序打开"):
            backups.restore_database(office["admin"], office["backup"])
    finally:
        go.touch()
        out, _ = holder.communicate(timeout=30)
    assert "committed" in out
    assert Case.select().count() == 2  # not restored
    assert Setting.get_or_none(Setting.key == "written.later") is not None  # nothing lost


def test_a_restore_keeps_a_copy_in_the_chosen_folder_and_is_recorded(office, tmp_path):
    from xinyi_desktop.services import backups
    from xinyi_desktop.services.audit import verify_chain
    from xinyi_desktop.settings import set_setting
    from xinyi_desktop.store.models import AuditEntry

    usb = tmp_path / "usb"
    set_setting(office["admin"], "backup.folder", str(usb))
    result = backups.restore_database(office["admin"], office["backup"])
    assert [c.case_no for c in Case.select()] == ["（2025）苏0381行初1号"]
    assert result.kept.parent == usb and "before-restore" in result.kept.name
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert last.action == "restore" and last.user.username == "admin"
    assert last.new_values["backup"] == str(office["backup"])
    assert verify_chain().intact


def test_the_command_line_restores_only_for_an_administrator(office, db_path, user_home):
    close_db()

    def restore(*extra, password=None):
        return restore_command(office["backup"], db_path, user_home, *extra, password=password)

    refused = restore()
    assert refused.returncode == 2 and "管理员" in refused.stderr
    assert restore("--user", "admin", password="wrong").returncode == 2
    clerk = restore("--user", "clerk", password="password123")
    assert clerk.returncode == 2 and "不是管理员" in clerk.stderr
    init_db(db_path)
    assert Case.select().count() == 2  # none of these changed anything
    close_db()
    done = restore("--user", "admin", password="correct horse")
    assert done.returncode == 0, done.stderr
    init_db(db_path)
    assert Case.select().count() == 1


@pytest.mark.sqlite_only
def test_wrong_passwords_to_the_restore_command_lock_restore_out(office, db_path, user_home):
    from xinyi_desktop.services import accounts

    close_db()

    def restore(password):
        return restore_command(
            office["backup"], db_path, user_home, "--user", "admin", password=password
        )

    for _ in range(accounts.MAX_FAILURES):
        wrong = restore("wrong")
        assert wrong.returncode == 2 and "密码不正确" in wrong.stderr
    locked = restore("correct horse")
    assert locked.returncode == 2 and "账号已锁定" in locked.stderr
    init_db(db_path)
    assert Case.select().count() == 2  # not restored
    # Counted on this PC, not in the database: the log-in itself is not locked by them.
    assert accounts.authenticate("admin", "correct horse").username == "admin"


# --- restoring onto another file system ---------------------------------------------------
def each_folder_its_own_device(monkeypatch, events):
    """Renames across folders fail as across file systems (EXDEV); flushes are noted."""
    import errno

    real_replace, real_rename, real_fsync = os.replace, os.rename, os.fsync

    def across(real):
        def rename(src, dst, *args, **kwargs):
            if Path(src).resolve().parent != Path(dst).resolve().parent:
                raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
            events.append(("rename", Path(src).name, Path(dst).name))
            return real(src, dst, *args, **kwargs)

        return rename

    def fsync(fd):
        events.append(("fsync", fd))
        return real_fsync(fd)

    monkeypatch.setattr(os, "replace", across(real_replace))
    monkeypatch.setattr(os, "rename", across(real_rename))
    monkeypatch.setattr(os, "fsync", fsync)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("existing", [True, False])
def test_a_restore_onto_another_file_system_copies_flushes_and_renames_in_place(
    office, db_path, tmp_path, monkeypatch, existing
):
    from xinyi_desktop.services import backups

    share = tmp_path / "share"  # the database's folder, "another device"
    share.mkdir()
    target = share / "xinyi.db"
    close_db()
    if existing:
        import shutil

        shutil.copyfile(db_path, target)  # the current database (two cases) on the share
    events = []
    each_folder_its_own_device(monkeypatch, events)
    result = backups.restore_with_password(target, office["backup"], "admin", "correct horse")
    monkeypatch.undo()
    renames = [e for e in events if e[0] == "rename" and e[2] == "xinyi.db"]
    assert renames and renames[-1][1] == "xinyi.db.restoring"  # staged in the same folder
    flushed = [i for i, e in enumerate(events) if e[0] == "fsync"]
    assert flushed and flushed[0] < events.index(renames[-1])  # on the disk before renamed
    assert not list(share.glob("*.restoring"))
    init_db(target)
    try:
        assert Case.select().count() == 1  # the backup's one case
    finally:
        close_db()
    if existing:  # what it replaced is kept, whole
        init_db(result.kept)
        try:
            assert Case.select().count() == 2
        finally:
            close_db()
    else:
        assert result.kept is None


def unwritable(folder: Path) -> bool:
    """Make ``folder`` refuse new files (chmod, or as root the immutable flag)."""
    folder.chmod(0o555)
    if not _can_write(folder) or os.geteuid() != 0:
        return not _can_write(folder)
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
    return done and not _can_write(folder)


def _can_write(folder: Path) -> bool:
    try:
        (folder / ".probe").write_bytes(b"")
    except OSError:
        return False
    (folder / ".probe").unlink()
    return True


@pytest.mark.sqlite_only
def test_the_restore_command_refuses_a_folder_it_cannot_write(office, db_path, tmp_path, user_home):
    import shutil

    locked = tmp_path / "只读"
    locked.mkdir()
    target = locked / "xinyi.db"
    close_db()
    shutil.copyfile(db_path, target)
    before = target.read_bytes()
    if not hasattr(os, "geteuid") or not unwritable(locked):
        pytest.skip("此系统上无法让文件夹变为只读")
    try:
        result = restore_command(
            office["backup"], target, user_home, "--user", "admin", password="correct horse"
        )
    finally:
        subprocess.run(["chattr", "-i", str(locked)], capture_output=True)
        locked.chmod(0o755)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert f"文件夹“{locked}”不能写入" in result.stderr and "当前数据库未作改动" in result.stderr
    assert target.read_bytes() == before


# --- the administrator's check before a restore writes into no file involved --------------
def damage_header(path: Path) -> bytes:
    """The database file's first bytes overwritten, as a failing disk leaves it: SQLite
    cannot read it at all, so the backup's accounts decide who may restore."""
    data = bytearray(path.read_bytes())
    data[:16] = b"\xff" * 16
    path.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.sqlite_only
def test_trying_a_backup_never_changes_it_nor_the_damaged_file(office, db_path):
    from xinyi_desktop.services import accounts, backups

    close_db()
    damaged = damage_header(db_path)
    kept_bytes = office["backup"].read_bytes()
    for _ in range(accounts.MAX_FAILURES - 1):
        with pytest.raises(accounts.LoginFailed, match="密码不正确.*未恢复"):
            backups.restore_with_password(db_path, office["backup"], "admin", "wrong")
    assert office["backup"].read_bytes() == kept_bytes
    assert db_path.read_bytes() == damaged  # nothing written before it is saved aside
    result = backups.restore_with_password(db_path, office["backup"], "admin", "correct horse")
    assert office["backup"].read_bytes() == kept_bytes
    assert result.kept.read_bytes() == damaged  # saved aside as it was
    assert Case.select().count() == 1


def read_only_file(path: Path) -> bool:
    """Make the file ``path`` refuse writes (chmod, or as root the immutable flag)."""
    path.chmod(0o444)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], capture_output=True)
    try:
        with open(path, "r+b"):
            return False
    except OSError:
        return True


@pytest.mark.sqlite_only
def test_a_read_only_backup_is_restored_with_the_right_password(office, db_path, tmp_path):
    import shutil

    from xinyi_desktop.services import backups

    cd = tmp_path / "光盘"
    cd.mkdir()
    source = Path(shutil.copy(office["backup"], cd / office["backup"].name))
    close_db()
    damage_header(db_path)
    if not hasattr(os, "geteuid") or not read_only_file(source):
        pytest.skip("此系统上无法让文件变为只读")
    try:
        backups.restore_with_password(db_path, source, "admin", "correct horse")
    finally:
        subprocess.run(["chattr", "-i", str(source)], capture_output=True)
        source.chmod(0o644)
    assert Case.select().count() == 1
    assert source.read_bytes() == office["backup"].read_bytes()


@pytest.mark.sqlite_only
def test_five_wrong_restore_passwords_lock_restore_out_for_fifteen_minutes(office, db_path):
    from xinyi_desktop.services import accounts, backups

    close_db()
    damage_header(db_path)
    start = dt.datetime(2026, 11, 25, 9, 0)

    def restore(password, minutes):
        at = start + dt.timedelta(minutes=minutes)
        return backups.restore_with_password(db_path, office["backup"], "admin", password, at=at)

    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed, match="登录名或密码不正确。未恢复。"):
            restore("wrong", 0)
    for minutes, left in ((0, 15), (5, 10), (14.5, 1)):
        with pytest.raises(accounts.LoginFailed, match=f"已锁定，请 {left} 分钟后再试。未恢复"):
            restore("correct horse", minutes)
    assert bk.check_file(db_path) is not None  # not restored
    restore("correct horse", accounts.LOCK_MINUTES)
    assert Case.select().count() == 1


@pytest.mark.sqlite_only
def test_a_restore_honours_the_lock_out_the_file_records(office, db_path):
    """An account locked by wrong log-ins stays locked for the restore; the check reads
    the lock-out from the file and writes nothing into it."""
    from xinyi_desktop.services import accounts, backups

    at = dt.datetime.now()
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate("admin", "wrong", at=at)
    close_db()
    before = db_path.read_bytes()
    with pytest.raises(accounts.LoginFailed, match="已锁定.*未恢复"):
        backups.restore_with_password(db_path, office["backup"], "admin", "correct horse", at=at)
    assert db_path.read_bytes() == before


@pytest.mark.sqlite_only
def test_the_restore_command_writes_into_neither_backup_nor_damaged_file(
    office, db_path, user_home
):
    close_db()
    damaged = damage_header(db_path)
    kept_bytes = office["backup"].read_bytes()
    args = ("--user", "admin")
    wrong = restore_command(office["backup"], db_path, user_home, *args, password="wrong")
    assert wrong.returncode == 2 and "密码不正确" in wrong.stderr
    assert office["backup"].read_bytes() == kept_bytes and db_path.read_bytes() == damaged
    done = restore_command(office["backup"], db_path, user_home, *args, password="correct horse")
    assert done.returncode == 0, done.stderr
    assert office["backup"].read_bytes() == kept_bytes


@pytest.mark.sqlite_only
def test_a_damaged_page_is_saved_aside_before_the_restore_takes_the_file(office, db_path):
    """Taking the file for the restore alone changes its journal mode, a write: a file
    that fails its check is saved aside byte for byte before that."""
    from tests.test_store import damage
    from xinyi_desktop.services import backups

    close_db()
    damage(db_path)  # a page scribbled over; the accounts still read
    damaged = db_path.read_bytes()
    result = backups.restore_with_password(db_path, office["backup"], "admin", "correct horse")
    assert result.kept.read_bytes() == damaged
    assert Case.select().count() == 1
