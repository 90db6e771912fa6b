"""导入 — the history of court-list imports: what each brought, and undo."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.workers import run_job, run_to_end
from xinyi_desktop.errors import UndoConflict, XinyiError
from xinyi_desktop.services.court_import import kind_label
from xinyi_desktop.services.import_history import list_imports, undo_check_steps, undo_steps
from xinyi_desktop.store.models import User

HEADERS = [
    "导入时间",
    "文件",
    "名单类型",
    "导入人",
    "新增",
    "更新",
    "无变化",
    "警告",
    "错误",
    "文件校验码",
    "状态",
]
HASH_COLUMN = 9
HASH_TIP = "文件内容校验码，用于识别重复导入的同一文件"


class ImportsPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.import_button = QPushButton("导入法院数据…")
        self.import_button.setObjectName("primaryButton")
        self.undo_button = QPushButton("撤销所选导入")
        self.import_button.clicked.connect(self.open_wizard)
        self.undo_button.clicked.connect(self.undo_selected)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.horizontalHeaderItem(HASH_COLUMN).setToolTip(HASH_TIP)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        top = QHBoxLayout()
        top.addWidget(
            QLabel("法院发来的起诉、败诉案件清单和失信被执行人名单，导入后在此留有记录，可以撤销。")
        )
        top.addStretch(1)
        top.addWidget(self.undo_button)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.batches = []
        self.refresh()

    def refresh(self) -> None:
        self.batches = list_imports()
        self.table.setRowCount(len(self.batches))
        for r, b in enumerate(self.batches):
            status = f"已于 {b.undone_at:%Y-%m-%d %H:%M} 撤销" if b.undone_at else "有效"
            values = [
                f"{b.imported_at:%Y-%m-%d %H:%M}",
                b.file_name,
                kind_label(b.kind),
                b.user.display_name,
                b.created,
                b.updated,
                b.unchanged,
                b.warnings,
                b.errors,
                b.content_hash[:12],
                status,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c == HASH_COLUMN:
                    item.setToolTip(f"{HASH_TIP}（SHA-256）：\n{b.content_hash}")
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.batches[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        batch = self.selected()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)

    def open_wizard(self, files: list[str] | None = None) -> None:
        from ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.actor, files or [], parent=self)
        wizard.exec()
        self.refresh()

    def undo_selected(self) -> None:
        batch = self.selected()
        if batch is None:
            return
        # Refused before asking when a new case has a letter or other record since.
        found = run_to_end(self, "检查导入", lambda cancel: undo_check_steps(batch.id))
        if found is None:  # cancelled, refused or failed, and said so
            return
        text = (
            f"撤销导入“{batch.file_name}”（{batch.imported_at:%Y-%m-%d %H:%M}）？\n"
            f"它新增的 {batch.created} 件案件将被删除，"
            f"更新的 {batch.updated} 件案件恢复为导入前的内容。"
        )
        if found:
            shown = "、".join(found[:5]) + (f"等{len(found)}件" if len(found) > 5 else "")
            text += f"\n其中{shown}在导入之后又被修改过或有了新的记录。"
        if not ask.question(self, text):
            return
        outcome = self._undo(batch.id, force=False)
        if isinstance(outcome.error, UndoConflict):
            if not ask.question(self, str(outcome.error)):
                return
            outcome = self._undo(batch.id, force=True)
        if isinstance(outcome.error, XinyiError):
            ask.warning(self, str(outcome.error))
        elif outcome.error is not None:
            ask.error(self, "撤销导入时出错，数据库未作改动。", outcome.details)
        elif outcome.cancelled or outcome.result is None:
            ask.information(self, "已取消撤销，数据库未作改动。")
        else:
            ask.information(self, f"已撤销导入“{batch.file_name}”。")
        self.refresh()

    def _undo(self, batch_id: int, *, force: bool):
        """Undo off the GUI thread (a large import takes seconds), with progress and cancel."""
        actor = self.actor
        return run_job(
            self,
            "正在撤销导入",
            lambda cancel: undo_steps(actor, batch_id, force=force, cancel=cancel),
        )
