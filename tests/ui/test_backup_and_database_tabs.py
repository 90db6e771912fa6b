"""设置 → 备份 (copies, 恢复…) and 设置 → 数据库 (this PC's database address), and the
administrator's log-in a damaged file needs before it is restored."""

from __future__ import annotations

import argparse
import os

import pytest
from PySide6.QtCore import Qt

from xinyi_desktop import local_config
from xinyi_desktop.services import accounts, backups
from xinyi_desktop.store import backup as bk
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Case, db

ON_POSTGRES = bool(os.environ.get("XINYI_TEST_DATABASE_URL"))
sqlite_only = pytest.mark.sqlite_only


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def office(db_path, make_case):
    admin = accounts.create_first_admin("admin", "王主任", "correct horse")
    reader = accounts.create_user(admin, "du", "杜", "password123", "readonly")
    make_case("（2025）苏0381行初1号")
    backup = backups.take_backup_now(admin) if not ON_POSTGRES else None
    make_case("（2025）苏0381行初2号")
    return {"admin": admin, "readonly": reader, "backup": backup}


@sqlite_only
def test_an_administrator_restores_a_backup_from_the_backup_tab(qtbot, office, answers):
    from ui.pages.backup_tab import BackupTab

    tab = BackupTab(office["admin"])
    qtbot.addWidget(tab)
    files = [tab.table.item(r, 2).text() for r in range(tab.table.rowCount())]
    assert files == [str(office["backup"])]
    assert tab.table.item(0, 1).text() == "手动备份"
    tab.table.selectRow(0)
    answers.replies = [True]
    with qtbot.waitSignal(tab.restored, timeout=5000):
        click(qtbot, tab.restore_button)
    assert "已用备份恢复数据库" in answers.messages[-1][1]
    assert Case.select().count() == 1


@sqlite_only
def test_a_read_only_user_sees_the_backups_but_cannot_restore(qtbot, office):
    from ui.pages.backup_tab import BackupTab

    tab = BackupTab(office["readonly"])
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 1
    assert not tab.restore_button.isEnabled() and not tab.file_button.isEnabled()
    assert "只有管理员" in tab.note.text()


def damage(path):
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))


@sqlite_only
def test_a_damaged_file_is_restored_only_after_an_administrator_logs_in(
    qtbot, office, db_path, answers, monkeypatch, type_text
):
    from ui.app import open_or_recover
    from ui.dialogs import restore_dialog

    close_db()
    damage(db_path)
    local_config.remember_backup_folder(db_path, office["backup"].parent)
    seen = []

    def log_in(dialog):
        qtbot.addWidget(dialog)
        type_text(dialog.username, "du")
        type_text(dialog.password, "password123")
        click(qtbot, dialog.save_button)  # a read-only user is not enough
        seen.append(dialog.errors.text())
        dialog.username.clear()
        dialog.password.clear()
        type_text(dialog.username, "admin")
        type_text(dialog.password, "correct horse")
        click(qtbot, dialog.save_button)
        return dialog.result()

    monkeypatch.setattr(restore_dialog.AdministratorRestoreDialog, "exec", log_in)
    answers.replies = [True]
    args = argparse.Namespace(db=str(db_path), demo=False, command=None)
    open_or_recover(args, unattended=False)
    assert "不是管理员" in seen[0]
    assert Case.select().count() == 1
    assert "已用备份恢复数据库" in answers.messages[-1][1]


@sqlite_only
def test_the_restore_log_in_gives_up_after_repeated_wrong_passwords(
    qtbot, office, db_path, type_text
):
    from ui.dialogs.restore_dialog import AdministratorRestoreDialog

    close_db()
    damage(db_path)
    dialog = AdministratorRestoreDialog(db_path, office["backup"])
    qtbot.addWidget(dialog)
    for _ in range(accounts.MAX_FAILURES):
        type_text(dialog.username, "admin")
        type_text(dialog.password, "wrong")
        click(qtbot, dialog.save_button)
        dialog.username.clear()
    assert dialog.result() == dialog.DialogCode.Rejected and dialog.restored is None
    assert db_path.read_bytes() != office["backup"].read_bytes()  # not restored
    assert bk.check_file(db_path) is not None  # still the damaged file, not replaced
    assert not list(office["backup"].parent.glob("*before-restore*"))


@sqlite_only
def test_wrong_restore_passwords_lock_the_account_as_the_log_in_does(
    qtbot, office, db_path, type_text
):
    """A new restore dialog is no way round the lock-out: the wrong passwords count in
    this PC's local settings, and the locked account is refused the restore; neither the
    damaged file nor the backup is written by the attempts."""
    from ui.dialogs.restore_dialog import AdministratorRestoreDialog

    close_db()
    damage(db_path)
    damaged, kept = db_path.read_bytes(), office["backup"].read_bytes()
    for _ in range(accounts.MAX_FAILURES):
        dialog = AdministratorRestoreDialog(db_path, office["backup"])  # a new one each time
        qtbot.addWidget(dialog)
        type_text(dialog.username, "admin")
        type_text(dialog.password, "wrong")
        click(qtbot, dialog.save_button)
        assert "密码不正确" in dialog.errors.text() and "未恢复" in dialog.errors.text()
    dialog = AdministratorRestoreDialog(db_path, office["backup"])
    qtbot.addWidget(dialog)
    type_text(dialog.username, "admin")
    type_text(dialog.password, "correct horse")
    click(qtbot, dialog.save_button)
    assert "账号已锁定" in dialog.errors.text() and dialog.restored is None
    assert db_path.read_bytes() == damaged  # not restored, and not written
    assert office["backup"].read_bytes() == kept
    failures, locked_until = local_config.restore_attempts(db_path, "admin")
    assert failures == 0 and locked_until is not None


# --- 设置 → 数据库 --------------------------------------------------------------------------
def test_an_administrator_sets_the_database_address_after_trying_it(
    qtbot, office, tmp_path, type_text
):
    from ui.pages.database_tab import DatabaseTab
    from xinyi_desktop.store.models import AuditEntry

    other, ours = tmp_path / "other.db", office_target()
    init_db(other)
    close_db()
    init_db(ours)  # back to the test's database
    tab = DatabaseTab(office["admin"])
    qtbot.addWidget(tab)
    type_text(tab.address, str(tmp_path / "missing" / "x.db"))
    click(qtbot, tab.save_button)
    assert "不存在" in tab.errors.text() and local_config.database_address() is None
    tab.address.clear()
    type_text(tab.address, str(other))
    click(qtbot, tab.test_button)
    assert "本程序的数据库文件" in tab.result.text()
    click(qtbot, tab.save_button)
    assert local_config.database_address() == str(other)
    assert "下次启动" in tab.result.text() and str(other) in tab.configured.text()
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert entry.table_name == "local_setting" and entry.new_values["database"] == str(other)
    from xinyi_desktop.store.connection import resolve_target

    assert resolve_target(None) == str(other)  # used from the next start
    click(qtbot, tab.default_button)
    assert local_config.database_address() is None


def office_target():
    return db.obj.database if not ON_POSTGRES else os.environ["XINYI_TEST_DATABASE_URL"]


def test_a_read_only_user_cannot_change_the_database_address(qtbot, office):
    from ui.pages.database_tab import DatabaseTab
    from xinyi_desktop.rules.permissions import PermissionDenied
    from xinyi_desktop.services.database_address import set_database_address

    tab = DatabaseTab(office["readonly"])
    qtbot.addWidget(tab)
    assert not tab.save_button.isEnabled() and "只有管理员" in tab.note.text()
    with pytest.raises(PermissionDenied):
        set_database_address(office["readonly"], "x.db")


def test_a_server_that_cannot_be_reached_is_refused_with_a_message(office):
    from xinyi_desktop.errors import ValidationError
    from xinyi_desktop.services.database_address import set_database_address

    with pytest.raises(ValidationError, match="无法连接数据库服务器") as caught:
        set_database_address(office["admin"], "postgresql://xinyi:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(caught.value)
    assert local_config.database_address() is None


@pytest.mark.postgres
def test_the_office_server_is_tried_and_described(office):
    from xinyi_desktop.services.database_address import check_address, shown_address

    url = os.environ["XINYI_TEST_DATABASE_URL"]
    found = check_address(url)
    assert "已连接服务器" in found and "共 2 件案件" in found
    assert ":xinyi@" not in shown_address(url) and "****" in shown_address(url)
