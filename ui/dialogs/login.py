"""登录 and 首次使用: who is at the keyboard, and the one-time set-up of a new office."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from ui.widgets.form_dialog import FormDialog
from ui.widgets.setting_editors import editor_for, read_editor, write_editor
from xinyi_desktop import APP_NAME
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.services import accounts
from xinyi_desktop.settings import coerce, declarations, get_setting
from xinyi_desktop.store.models import User

# What an office sets once, on the first start; everything else has defaults.
FIRST_START_SETTINGS = (
    "office.name",
    "office.full_name",
    "documents.prefix.letter",
    "documents.prefix.notice",
    "documents.prefix.assignment",
    "documents.prefix.request",
    "backup.folder",
)


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class LoginDialog(FormDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(f"登录 — {APP_NAME}", parent, save_text="登录", min_width=380)
        self.user: User | None = None
        self.username = QLineEdit()
        self.password = _password_edit()
        self.form.addRow("登录名", self.username)
        self.form.addRow("密码", self.password)
        self.fields = {"username": self.username, "password": self.password}
        self.cancel_button.setText("退出")
        self.username.setFocus()

    def apply(self) -> None:
        try:
            self.user = accounts.authenticate(self.username.text(), self.password.text())
        except accounts.LoginFailed:
            self.password.clear()
            self.password.setFocus()
            raise


class FirstStartDialog(FormDialog):
    """The first start: the office's name and document prefixes, where backups go, and
    the administrator's account."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(f"首次使用 — {APP_NAME}", parent, save_text="开始使用", min_width=560)
        self.user: User | None = None
        intro = QLabel(
            "欢迎使用。请填写本单位的基本信息并建立管理员账号；其他设置以后可在“设置”中修改。"
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        office = QGroupBox("本单位")
        office_form = QFormLayout(office)
        self.editors = {}
        known = declarations()
        for key in FIRST_START_SETTINGS:
            if key not in known:
                continue
            decl = known[key]
            widget = editor_for(decl)
            widget.setToolTip(decl.tooltip)
            write_editor(decl, widget, get_setting(key))
            office_form.addRow(decl.label, widget)
            self.editors[key] = (decl, widget)
            self.fields[key] = widget
        self.form.addRow(office)
        account = QGroupBox("管理员账号")
        account_form = QFormLayout(account)
        self.username = QLineEdit("admin")
        self.display_name = QLineEdit()
        self.password = _password_edit()
        self.password_again = _password_edit()
        account_form.addRow("登录名", self.username)
        account_form.addRow("姓名", self.display_name)
        account_form.addRow("密码（至少8位）", self.password)
        account_form.addRow("再次输入密码", self.password_again)
        self.form.addRow(account)
        self.fields.update(
            username=self.username, display_name=self.display_name, password=self.password
        )
        self.cancel_button.setText("退出")
        self.display_name.setFocus()

    def apply(self) -> None:
        values = {key: read_editor(decl, w) for key, (decl, w) in self.editors.items()}
        for key, value in values.items():
            coerce(self.editors[key][0], value)  # refuse a bad value before anything is made
        if self.password.text() != self.password_again.text():
            raise ValidationError("两次输入的密码不一致。", field="password")
        self.user = accounts.create_first_admin(
            self.username.text(), self.display_name.text(), self.password.text(), settings=values
        )


class ChangePasswordDialog(FormDialog):
    """修改密码: the user's own, with the current one."""

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__("修改密码", parent)
        self.actor = actor
        self.current = _password_edit()
        self.password = _password_edit()
        self.password_again = _password_edit()
        self.form.addRow("当前密码", self.current)
        self.form.addRow("新密码（至少8位）", self.password)
        self.form.addRow("再次输入新密码", self.password_again)
        self.fields = {"current": self.current, "password": self.password}
        self.current.setFocus()

    def apply(self) -> None:
        if self.password.text() != self.password_again.text():
            raise ValidationError("两次输入的新密码不一致。", field="password")
        accounts.set_password(
            self.actor, self.actor.id, self.password.text(), current=self.current.text()
        )
