"""设置 › 备份: the copies of this database, a copy now, and 恢复… (管理员 only; the
services refuse anyone else)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import ask
from ui.widgets.tables import fill_table, list_table
from xinyi_desktop import paths
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.permissions import allows
from xinyi_desktop.services import backups
from xinyi_desktop.store.models import User

REASONS = {
    "daily": "每日自动备份",
    "manual": "手动备份",
    "before-restore": "恢复前保留的原数据库",
}


def reason_label(reason: str) -> str:
    if reason.startswith("before-migration-v"):
        return f"升级前备份（原第 {reason.rsplit('-v', 1)[1]} 版）"
    return REASONS.get(reason, reason)


class BackupTab(QWidget):
    """Lists the copies newest first; an administrator may copy now or restore one."""

    restored = Signal()  # the database was replaced: the program must start again

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.table = list_table(["备份时间", "类别", "文件", "大小"])
        self.backup_button = QPushButton("立即备份")
        self.restore_button = QPushButton("用所选备份恢复…")
        self.file_button = QPushButton("从文件恢复…")
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button.clicked.connect(self.restore_from_file)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.file_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.restored.connect(QApplication.quit)
        self.refresh()

    def refresh(self) -> None:
        admin = allows(self.actor.role, "administer")
        local = backups.current_file() is not None
        for button in (self.backup_button, self.restore_button, self.file_button):
            button.setEnabled(admin and local)
        if not local:
            text = backups.SERVER_REFUSAL
        else:
            text = (
                f"备份文件夹：{backups.backup_folder()}（在“常规 → 备份”中修改）。"
                "每天第一次启动时自动备份；升级和恢复之前也会先备份。"
            )
            if not admin:
                text += "只有管理员可以备份和恢复。"
            problem = backups.folder_unusable()
            if problem:
                text += f"\n⚠ {problem}自动备份暂存到 {paths.backup_dir()}。"
        self.note.setText(text)
        self.found = backups.backups_of_current()
        fill_table(
            self.table,
            [
                [
                    item.taken_at.strftime("%Y-%m-%d %H:%M:%S"),
                    reason_label(item.reason),
                    str(item.path),
                    f"{(item.path.stat().st_size if item.path.exists() else 0) / 2**20:.1f} MB",
                ]
                for item in self.found
            ],
        )

    def backup_now(self) -> None:
        try:
            taken = backups.take_backup_now(self.actor)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        ask.information(self, f"已备份到：\n{taken}")
        self.refresh()

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            ask.information(self, "请先在列表中选中要恢复的备份。")
            return
        self._restore(self.found[rows[0].row()].path)

    def restore_from_file(self) -> None:
        name = ask.open_file_name(
            self, "选择备份文件", "数据库备份 (*.db);;所有文件 (*)", str(backups.backup_folder())
        )
        if name:
            self._restore(Path(name))

    def _restore(self, source: Path) -> None:
        if not ask.question(
            self,
            f"用备份\n{source}\n恢复数据库？\n\n当前的数据库会先另存一份；"
            "恢复后程序将退出，请重新启动。其他电脑或窗口正在使用本数据库时不能恢复。",
            "恢复数据库",
        ):
            return
        try:
            result = backups.restore_database(self.actor, source)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        ask.information(self, result.message() + "\n\n程序将退出，请重新启动。")
        self.restored.emit()
