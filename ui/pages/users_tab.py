"""设置 › 用户: accounts and their roles (管理员 only; the services refuse anyone else)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.errors import ValidationError, XinyiError
from xinyi_desktop.rules.permissions import ROLES, allows, role_label
from xinyi_desktop.services import accounts
from xinyi_desktop.store.models import User


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UserDialog(FormDialog):
    """新增用户, or 重设密码 for an existing one."""

    def __init__(self, actor: User, user: User | None = None, parent: QWidget | None = None):
        super().__init__("重设密码" if user else "新增用户", parent)
        self.actor, self.user = actor, user
        self.username = QLineEdit()
        self.display_name = QLineEdit()
        self.role = QComboBox()
        for key, label in ROLES.items():
            self.role.addItem(label, key)
        self.password = _password_edit()
        self.password_again = _password_edit()
        if user is None:
            self.form.addRow("登录名", self.username)
            self.form.addRow("姓名", self.display_name)
            self.form.addRow("角色", self.role)
        else:
            self.form.addRow("用户", QLabel(f"{user.display_name}（{user.username}）"))
        self.form.addRow("密码（至少8位）", self.password)
        self.form.addRow("再次输入密码", self.password_again)
        self.fields = {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role,
            "password": self.password,
        }

    def apply(self) -> None:
        if self.password.text() != self.password_again.text():
            raise ValidationError("两次输入的密码不一致。", field="password")
        if self.user is None:
            accounts.create_user(
                self.actor,
                self.username.text(),
                self.display_name.text(),
                self.password.text(),
                self.role.currentData(),
            )
        else:
            accounts.set_password(self.actor, self.user.id, self.password.text())


class UsersTab(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.note = QLabel()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["登录名", "姓名", "角色", "状态", "上次登录"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QPushButton("新增用户…")
        self.role_box = QComboBox()
        for key, label in ROLES.items():
            self.role_box.addItem(label, key)
        self.role_button = QPushButton("改为此角色")
        self.active_button = QPushButton("停用/启用")
        self.password_button = QPushButton("重设密码…")
        buttons = QHBoxLayout()
        for widget in (
            self.add_button,
            self.role_box,
            self.role_button,
            self.active_button,
            self.password_button,
        ):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_user)
        self.role_button.clicked.connect(self.change_role)
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button.clicked.connect(self.reset_password)
        admin = allows(actor.role, "administer")
        for widget in (
            self.add_button,
            self.role_box,
            self.role_button,
            self.active_button,
            self.password_button,
        ):
            widget.setEnabled(admin)
        self.note.setText(
            "角色：录入员可录入和导入；审核员还可变更阶段、审核惩戒措施和签发函件；"
            "管理员还可管理用户、设置、模板和恢复数据；只读用户只能查看和打印。"
            + ("" if admin else "　只有管理员可以修改用户。")
        )
        self.note.setWordWrap(True)
        self.refresh()

    def refresh(self) -> None:
        self._users = accounts.list_users()
        self.table.setRowCount(len(self._users))
        for row, user in enumerate(self._users):
            last = user.last_login_at.strftime("%Y-%m-%d %H:%M") if user.last_login_at else "—"
            for column, text in enumerate(
                [
                    user.username,
                    user.display_name,
                    role_label(user.role),
                    "在用" if user.active else "已停用",
                    last,
                ]
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def selected(self) -> User | None:
        rows = self.table.selectionModel().selectedRows()
        return self._users[rows[0].row()] if rows else None

    def _with_selected(self, action) -> None:
        user = self.selected()
        if user is None:
            ask.information(self, "请先在列表中选中一个用户。")
            return
        try:
            action(user)
        except XinyiError as error:
            ask.warning(self, str(error))
        self.refresh()

    def add_user(self) -> None:
        if UserDialog(self.actor, parent=self).exec():
            self.refresh()

    def change_role(self) -> None:
        self._with_selected(
            lambda u: accounts.update_user(self.actor, u.id, role=self.role_box.currentData())
        )

    def toggle_active(self) -> None:
        self._with_selected(lambda u: accounts.update_user(self.actor, u.id, active=not u.active))

    def reset_password(self) -> None:
        self._with_selected(lambda u: UserDialog(self.actor, u, parent=self).exec())
