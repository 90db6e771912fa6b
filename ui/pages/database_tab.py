"""设置 › 数据库: which database this PC opens from the next start — a file here or the
office's PostgreSQL server (管理员 only; the service refuses anyone else)."""

from __future__ import annotations

import peewee as pw
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.form_errors import ErrorLabel
from xinyi_desktop import local_config, paths
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.permissions import allows
from xinyi_desktop.services import database_address as service
from xinyi_desktop.store.models import User, db


def address_in_use() -> str:
    """The database this session works on, as it may be shown."""
    database = db.obj
    if isinstance(database, pw.PostgresqlDatabase):
        host = database.connect_params.get("host") or "本机"
        return f"PostgreSQL 服务器“{host}”上的库“{database.database}”"
    return "" if database is None else str(database.database)


class DatabaseTab(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.in_use = QLabel()
        self.in_use.setWordWrap(True)
        self.configured = QLabel()
        self.configured.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setPlaceholderText("数据库文件路径，或 postgresql://用户名:密码@服务器/库名")
        self.test_button = QPushButton("测试连接")
        self.save_button = QPushButton("保存（下次启动时生效）")
        self.save_button.setObjectName("primaryButton")
        self.default_button = QPushButton("恢复为本机默认数据库")
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.errors = ErrorLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("正在使用", self.in_use)
        form.addRow("本机设置", self.configured)
        form.addRow("新的数据库地址", self.address)
        buttons = QHBoxLayout()
        for button in (self.test_button, self.save_button, self.default_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.errors)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        self.default_button.clicked.connect(self.use_default)
        self.refresh()

    def refresh(self) -> None:
        admin = allows(self.actor.role, "administer")
        for widget in (self.address, self.test_button, self.save_button, self.default_button):
            widget.setEnabled(admin)
        self.note.setText(
            "本设置只对这台电脑有效，保存在本机（"
            f"{local_config.config_path()}），不在数据库中。多台电脑共用数据时，每台电脑都填写"
            "同一个 PostgreSQL 服务器地址。启动时用“--db”或环境变量 XINYI_DB 指定的数据库优先。"
            + ("" if admin else "只有管理员可以修改。")
        )
        self.in_use.setText(service.shown_address(address_in_use()))
        configured = service.configured_address()
        self.configured.setText(
            service.shown_address(configured)
            if configured
            else f"（未设置：使用 {paths.default_db_path()}）"
        )

    def _show(self, text: str) -> None:
        self.errors.clear_error()
        self.result.setText(text)

    def _fail(self, error: XinyiError) -> None:
        self.result.clear()
        self.errors.show_error(error, {"address": self.address})

    def test(self) -> None:
        try:
            self._show(service.check_address(self.address.text()))
        except XinyiError as error:
            self._fail(error)

    def save(self) -> None:
        try:
            found = service.set_database_address(self.actor, self.address.text())
        except XinyiError as error:
            self._fail(error)
            return
        self.refresh()
        self._show(f"已保存。{found}下次启动程序时生效。")

    def use_default(self) -> None:
        try:
            found = service.set_database_address(self.actor, None)
        except XinyiError as error:
            self._fail(error)
            return
        self.address.clear()
        self.refresh()
        self._show(f"已保存。{found}")
