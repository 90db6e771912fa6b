"""Accounts and roles: log-in, lock-out, and every write service refusing the wrong role."""

import datetime as dt

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.permissions import PermissionDenied
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import accounts
from xinyi_desktop.services.agencies import AgencyInput, PersonInput, add_person, create_agency
from xinyi_desktop.services.cases import CaseInput, change_stage, create_case
from xinyi_desktop.services.events import record_manual_event
from xinyi_desktop.settings import set_setting
from xinyi_desktop.store.models import Case, User


@pytest.fixture
def admin(db_path):
    return accounts.create_first_admin("admin", "王主任", "correct horse")


@pytest.fixture
def users(admin):
    made = {"admin": admin}
    for role in ("clerk", "reviewer", "readonly"):
        made[role] = accounts.create_user(admin, role, f"{role}用户", "password123", role)
    return made


def test_first_start_creates_the_administrator_once(db_path):
    assert not accounts.accounts_exist()
    accounts.create_first_admin("admin", "王主任", "correct horse")
    assert accounts.accounts_exist()
    with pytest.raises(Exception, match="已经建立"):
        accounts.create_first_admin("admin2", "李", "correct horse")


def test_passwords_are_salted_scrypt_hashes(admin):
    stored = User.get_by_id(admin.id).password_hash
    assert stored.startswith("scrypt$") and "correct horse" not in stored
    assert accounts.hash_password("same password") != accounts.hash_password("same password")


def test_log_in_and_lock_out_after_five_failures(admin):
    assert accounts.authenticate("admin", "correct horse").id == admin.id
    start = dt.datetime(2026, 11, 25, 9, 0)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed, match="不正确"):
            accounts.authenticate("admin", "wrong", at=start)
    with pytest.raises(accounts.LoginFailed, match="已锁定"):
        accounts.authenticate("admin", "correct horse", at=start + dt.timedelta(minutes=5))
    later = start + dt.timedelta(minutes=accounts.LOCK_MINUTES + 1)
    assert accounts.authenticate("admin", "correct horse", at=later).id == admin.id


@pytest.mark.sqlite_only  # a database file made read-only
def test_a_read_only_database_file_still_lets_its_users_log_in(admin, db_path):
    import os
    import subprocess

    from xinyi_desktop.store.connection import close_db, init_db

    close_db()
    db_path.chmod(0o444)
    if os.geteuid() == 0:  # root writes through file modes; the immutable flag stops it
        subprocess.run(["chattr", "+i", str(db_path)], capture_output=True)
    before = db_path.read_bytes()
    try:
        init_db(db_path)
        assert accounts.authenticate("admin", "correct horse").id == admin.id
        with pytest.raises(accounts.LoginFailed, match="不正确"):
            accounts.authenticate("admin", "wrong")
        close_db()
        assert db_path.read_bytes() == before
    finally:
        subprocess.run(["chattr", "-i", str(db_path)], capture_output=True)
        db_path.chmod(0o644)


@pytest.mark.parametrize(("after", "minutes"), [(0, 15), (30, 15), (60, 14), (14 * 60 + 59, 1)])
def test_the_lock_out_message_counts_the_minutes_left(admin, after, minutes):
    start = dt.datetime(2026, 11, 25, 9, 0)
    for _ in range(accounts.MAX_FAILURES):
        with pytest.raises(accounts.LoginFailed):
            accounts.authenticate("admin", "wrong", at=start)
    with pytest.raises(accounts.LoginFailed) as caught:
        accounts.authenticate("admin", "correct horse", at=start + dt.timedelta(seconds=after))
    assert f"请 {minutes} 分钟后再试" in str(caught.value)


def test_no_password_hash_is_copied_into_the_audit_log(users):
    from xinyi_desktop.store.models import AuditEntry

    admin, clerk = users["admin"], users["clerk"]
    accounts.update_user(admin, clerk.id, display_name="李娜")
    accounts.set_password(admin, clerk.id, "new-password1")
    accounts.set_password(clerk, clerk.id, "new-password2", current="new-password1")
    entries = list(
        AuditEntry.select().where(AuditEntry.table_name == "user").order_by(AuditEntry.id)
    )
    assert len(entries) >= 7
    for entry in entries:
        text = f"{entry.old_values} {entry.new_values}"
        assert "scrypt" not in text and "password_hash" not in text
    changed = [e for e in entries if e.new_values and "password" in e.new_values]
    assert [e.new_values["password"] for e in changed[-2:]] == ["已修改", "已修改"]
    assert entries[-3].new_values == {"display_name": "李娜"}


def test_two_first_starts_at_once_make_one_administrator(db_path):
    import threading

    from xinyi_desktop.store.models import db

    barrier = threading.Barrier(2)
    outcomes = {}

    def first_start(name):
        barrier.wait()
        try:
            accounts.create_first_admin(name, f"{name}主任", "correct horse")
            outcomes[name] = "made"
        except Exception as error:  # noqa: BLE001 - checked below
            outcomes[name] = error
        finally:
            db.close()

    threads = [threading.Thread(target=first_start, args=(n,)) for n in ("wang", "li")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    made = [n for n, o in outcomes.items() if o == "made"]
    assert len(made) == 1, outcomes
    (refused,) = [o for o in outcomes.values() if o != "made"]
    assert "已经建立" in str(refused)
    assert User.select().where(User.password_hash.is_null(False)).count() == 1


def test_the_system_user_cannot_log_in(actor):
    with pytest.raises(accounts.LoginFailed):
        accounts.authenticate("default", "")


def test_a_short_password_is_refused(admin):
    with pytest.raises(ValidationError, match="至少 8 位"):
        accounts.create_user(admin, "zhang", "张三", "short", "clerk")


def test_a_disabled_account_cannot_log_in(users):
    accounts.update_user(users["admin"], users["clerk"].id, active=False)
    with pytest.raises(accounts.LoginFailed, match="停用"):
        accounts.authenticate("clerk", "password123")


def _new_case(user):
    return create_case(
        user, CaseInput(case_no="（2025）苏0381行初9号", defendants=["新沂市财政局"])
    )


WRITES = {
    "create case": lambda u, c: _new_case(u),
    "add agency": lambda u, c: create_agency(u, AgencyInput(name="新沂市水务局")),
    "add person": lambda u, c: add_person(
        u, c.parties[0].agency_id, PersonInput(name="张三", role="legal_rep")
    ),
    "timeline note": lambda u, c: record_manual_event(
        u, c.id, "note", on=dt.date(2025, 1, 1), summary="备注"
    ),
    "change stage": lambda u, c: change_stage(u, c.id, Stage.LOST, on=dt.date(2025, 6, 1)),
    "settings": lambda u, c: set_setting(u, "office.phone", "0516-88920001"),
    "add user": lambda u, c: accounts.create_user(u, "new", "新人", "password123", "clerk"),
}
ALLOWED = {
    "readonly": set(),
    "clerk": {"create case", "add agency", "add person", "timeline note"},
    "reviewer": {"create case", "add agency", "add person", "timeline note", "change stage"},
    "admin": set(WRITES),
}


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("write", list(WRITES))
def test_each_role_may_do_only_its_part(users, actor, role, write):
    case = create_case(
        actor,
        CaseInput(
            case_no="（2025）苏0381行初1号",
            defendants=["新沂市棋盘镇人民政府"],
            filed_on=dt.date(2025, 3, 1),
        ),
    )
    before = Case.select().count()
    if write in ALLOWED[role]:
        WRITES[write](users[role], case)
    else:
        with pytest.raises(PermissionDenied) as caught:
            WRITES[write](users[role], case)
        assert "您的角色是" in str(caught.value)
        assert Case.select().count() == before
