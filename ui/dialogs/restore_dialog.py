"""恢复数据库 without a session: a file that failed its check is put back from a backup
only after an administrator has logged in."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.services import backups
from xinyi_desktop.services.accounts import MAX_FAILURES, LoginFailed


class AdministratorRestoreDialog(FormDialog):
    """Name and password of an administrator, then the restore; ``restored`` holds what
    it did. After ``MAX_FAILURES`` wrong passwords the dialog gives up."""

    def __init__(self, db_file: Path, source: Path, parent: QWidget | None = None) -> None:
        super().__init__("恢复数据库 — 管理员登录", parent, save_text="登录并恢复", min_width=520)
        self.db_file, self.source = Path(db_file), Path(source)
        self.restored: backups.Restored | None = None
        self.failures = 0
        intro = QLabel(
            f"将用备份\n{self.source}\n恢复数据库\n{self.db_file}\n"
            "当前的数据库文件会先另存一份。恢复数据库须由管理员进行，请管理员登录。"
        )
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow("管理员登录名", self.username)
        self.form.addRow("密码", self.password)
        self.fields = {"username": self.username, "password": self.password}
        self.username.setFocus()

    def apply(self) -> bool | None:
        try:
            self.restored = backups.restore_with_password(
                self.db_file, self.source, self.username.text(), self.password.text()
            )
        except LoginFailed:
            self.failures += 1
            self.password.clear()
            if self.failures >= MAX_FAILURES:
                self.reject()
                return False
            raise
        return None


def restore_after_damage(parent: QWidget | None, db_file: Path, source: Path):
    """Put ``source`` back in place of the damaged ``db_file``: at once when the office
    has no log-in accounts yet, else after an administrator's log-in. None if not done."""
    if not backups.needs_administrator(db_file, source):
        return backups.restore_with_password(db_file, source, "", "")
    dialog = AdministratorRestoreDialog(db_file, source, parent)
    return dialog.restored if dialog.exec() else None
