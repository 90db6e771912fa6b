"""Log-in, the first start, and the users tab, with real widgets."""

from PySide6.QtCore import Qt

from ui.dialogs.login import FirstStartDialog, LoginDialog
from ui.pages.users_tab import UserDialog, UsersTab
from xinyi_desktop.services import accounts
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store.models import User


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_start_sets_the_office_and_creates_the_administrator(qtbot, db_path, type_text):
    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    _, name = dialog.editors["office.name"]
    name.clear()
    type_text(name, "新沂市信用办公室")
    type_text(dialog.display_name, "王主任")
    type_text(dialog.password, "secret-pass")
    type_text(dialog.password_again, "secret-pas")
    click(qtbot, dialog.save_button)
    assert "不一致" in dialog.errors.text() and not accounts.accounts_exist()
    type_text(dialog.password_again, "s")
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.user.role == "admin" and dialog.user.display_name == "王主任"
    assert get_setting("office.name") == "新沂市信用办公室"
    assert accounts.authenticate("admin", "secret-pass").id == dialog.user.id


def test_login_refuses_a_wrong_password_and_accepts_the_right_one(qtbot, db_path, type_text):
    accounts.create_first_admin("admin", "王主任", "secret-pass")
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    type_text(dialog.username, "admin")
    type_text(dialog.password, "wrong-pass")
    click(qtbot, dialog.save_button)
    assert "不正确" in dialog.errors.text() and dialog.password.text() == ""
    type_text(dialog.password, "secret-pass")
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.user.username == "admin"


def test_an_administrator_adds_a_clerk_and_changes_roles(qtbot, db_path, type_text):
    admin = accounts.create_first_admin("admin", "王主任", "secret-pass")
    dialog = UserDialog(admin)
    qtbot.addWidget(dialog)
    type_text(dialog.username, "li")
    type_text(dialog.display_name, "李娜")
    dialog.role.setCurrentIndex(dialog.role.findData("clerk"))
    type_text(dialog.password, "password123")
    type_text(dialog.password_again, "password123")
    click(qtbot, dialog.save_button)
    clerk = User.get(User.username == "li")
    assert clerk.role == "clerk"
    tab = UsersTab(admin)
    qtbot.addWidget(tab)
    row = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())].index("li")
    tab.table.selectRow(row)
    tab.role_box.setCurrentIndex(tab.role_box.findData("reviewer"))
    click(qtbot, tab.role_button)
    assert User.get_by_id(clerk.id).role == "reviewer"
    assert tab.table.item(row, 2).text() == "审核员"


def test_a_clerk_sees_the_users_but_cannot_change_them(qtbot, db_path):
    admin = accounts.create_first_admin("admin", "王主任", "secret-pass")
    clerk = accounts.create_user(admin, "li", "李娜", "password123", "clerk")
    tab = UsersTab(clerk)
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 2
    assert not tab.add_button.isEnabled() and "只有管理员" in tab.note.text()


def test_change_my_own_password(qtbot, db_path, type_text):
    from ui.dialogs.login import ChangePasswordDialog

    admin = accounts.create_first_admin("admin", "王主任", "secret-pass")
    dialog = ChangePasswordDialog(admin)
    qtbot.addWidget(dialog)
    type_text(dialog.current, "wrong-pass")
    type_text(dialog.password, "new-secret")
    type_text(dialog.password_again, "new-secret")
    click(qtbot, dialog.save_button)
    assert "当前密码不正确" in dialog.errors.text()
    dialog.current.clear()
    type_text(dialog.current, "secret-pass")
    click(qtbot, dialog.save_button)
    assert accounts.authenticate("admin", "new-secret").id == admin.id


def test_a_damaged_database_is_restored_from_the_newest_backup_when_the_clerk_agrees(
    tmp_path, answers, user_home
):
    import argparse

    import pytest

    from ui.app import open_or_recover
    from xinyi_desktop.services.cases import CaseInput, create_case
    from xinyi_desktop.store.backup import backup_sqlite
    from xinyi_desktop.store.connection import close_db, default_user, init_db
    from xinyi_desktop.store.models import Case

    if __import__("os").environ.get("XINYI_TEST_DATABASE_URL"):
        pytest.skip("需要 SQLite 数据库文件；本轮测试使用 PostgreSQL")
    path = tmp_path / "office.db"
    database = init_db(path)
    create_case(
        default_user(), CaseInput(case_no="（2025）苏0381行初1号", defendants=["新沂市财政局"])
    )
    backup_sqlite(database, tmp_path / "backups", reason="daily")
    close_db()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    path.write_bytes(bytes(data))
    args = argparse.Namespace(db=str(path), demo=False, command=None)
    answers.replies = [True]
    open_or_recover(args, unattended=False)
    assert Case.select().count() == 1
    assert "已用备份恢复数据库" in answers.messages[-1][1]
    close_db()


def test_a_read_only_user_sees_id_numbers_masked(qtbot, db_path, make_agency):
    from ui.dialogs.person_dialog import PersonDialog
    from xinyi_desktop.rules.check_codes import id_number_check_char
    from xinyi_desktop.services.agencies import PersonInput, add_person

    admin = accounts.create_first_admin("admin", "王主任", "secret-pass")
    reader = accounts.create_user(admin, "du", "杜", "password123", "readonly")
    agency = make_agency("新沂市财政局")
    body = "32038119800101123"
    number = body + id_number_check_char(body)
    person = add_person(
        admin, agency.id, PersonInput(name="张三", role="legal_rep", id_number=number)
    ).record
    shown = PersonDialog(reader, agency.id, person.id)
    qtbot.addWidget(shown)
    assert shown.id_edit.text() == "320381********" + number[-4:]
    assert shown.id_edit.isReadOnly()
    full = PersonDialog(admin, agency.id, person.id)
    qtbot.addWidget(full)
    assert full.id_edit.text() == number
