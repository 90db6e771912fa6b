"""A list of deadlines with what the clerk can do to them: open the case, mark done,
waive, move, reopen, and (when the letters feature provides it) generate the letter."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.models.deadline_table_model import COLUMNS, DeadlineTableModel
from ui.widgets.tables import LONG_CASE_NUMBER, fit_columns
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import deadlines as deadline_service
from xinyi_desktop.services.deadline_query import DeadlineRow
from xinyi_desktop.services.deadline_rules import rules_by_kind
from xinyi_desktop.store.models import User

# The letters feature sets this to "module:Class"; the class takes
# (actor, case_id, letter_kind, parent) and is a dialog. Empty: no "生成函件" button.
LETTER_DIALOG = "ui.dialogs.letter_dialog:LetterDialog"


class DeadlineList(QWidget):
    changed = Signal()  # a deadline was marked, waived or moved
    selected = Signal(object)  # the DeadlineRow selected, or None

    def __init__(self, actor: User, parent: QWidget | None = None, *, show_case=True) -> None:
        super().__init__(parent)
        self.actor = actor
        self.case_dialog = None
        self.action_dialog = None  # the open 标记已办/免除/改期 dialog
        self.model = DeadlineTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        fit_columns(
            self.table,
            [LONG_CASE_NUMBER if label == "案号" else "中" * width for label, width in COLUMNS],
        )
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        if not show_case:
            self.table.hideColumn(3)
            self.table.hideColumn(4)
        self.table.doubleClicked.connect(lambda _: self.open_case())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.open_button = QPushButton("打开案件")
        self.letter_button = QPushButton("生成函件")
        self.done_button = QPushButton("标记已办…")
        self.waive_button = QPushButton("免除…")
        self.change_button = QPushButton("改期…")
        self.reopen_button = QPushButton("重新打开")
        self.letter_button.setVisible(bool(LETTER_DIALOG))
        self.open_button.setVisible(show_case)
        self.buttons = QHBoxLayout()
        for button in (
            self.open_button,
            self.letter_button,
            self.done_button,
            self.waive_button,
            self.change_button,
            self.reopen_button,
        ):
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)
        self.open_button.clicked.connect(self.open_case)
        self.letter_button.clicked.connect(self.generate_letter)
        self.done_button.clicked.connect(lambda: self._run(_dialog("DoneDialog")))
        self.waive_button.clicked.connect(self._waive)
        self.change_button.clicked.connect(lambda: self._run(_dialog("ChangeDueDialog")))
        self.reopen_button.clicked.connect(self._reopen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.buttons)
        self._update_buttons()

    def set_rows(self, rows: list[DeadlineRow], urgent_ids: set[int] | None = None) -> None:
        self.model.set_rows(rows, urgent_ids)
        self._update_buttons()

    def selected_rows(self) -> list[DeadlineRow]:
        return [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]

    def current(self) -> DeadlineRow | None:
        rows = self.selected_rows()
        return rows[0] if rows else None

    def _selection_changed(self) -> None:
        self._update_buttons()
        self.selected.emit(self.current())

    def _update_buttons(self) -> None:
        rows = self.selected_rows()
        one = rows[0] if len(rows) == 1 else None
        open_ = one is not None and one.status in ("open", "overdue")
        self.open_button.setEnabled(one is not None and one.case_id is not None)
        self.letter_button.setEnabled(open_ and bool(self._letter_kind(one)))
        self.done_button.setEnabled(open_)
        self.change_button.setEnabled(open_)
        self.waive_button.setEnabled(
            bool(rows) and all(r.status in ("open", "overdue") for r in rows)
        )
        self.reopen_button.setEnabled(one is not None and one.status in ("done", "waived"))

    @staticmethod
    def _letter_kind(row: DeadlineRow | None) -> str:
        rule = rules_by_kind().get(row.kind) if row else None
        return rule.letter_kind if rule else ""

    def open_case(self) -> None:
        """The case detail, window-modal; the list reloads when the case was changed."""
        row = self.current()
        if row is None or row.case_id is None:
            return
        from ui.dialogs.case_detail import CaseDetailDialog

        self.case_dialog = CaseDetailDialog(self.actor, row.case_id, parent=self)
        self.case_dialog.finished.connect(self._case_closed)
        self.case_dialog.open()

    def _case_closed(self) -> None:
        if self.case_dialog is not None and self.case_dialog.changed:
            self.changed.emit()

    def generate_letter(self) -> None:
        row = self.current()
        if row is None or not LETTER_DIALOG:
            return
        module, name = LETTER_DIALOG.split(":")
        dialog_class = getattr(importlib.import_module(module), name)
        if dialog_class(self.actor, row.case_id, kind=self._letter_kind(row), parent=self).exec():
            self.changed.emit()

    def _run(self, dialog_class) -> None:
        row = self.current()
        if row is not None and self._may_write():
            self._open_action(dialog_class(self.actor, row, parent=self))

    def _waive(self) -> None:
        rows = [r for r in self.selected_rows() if r.status in ("open", "overdue")]
        if rows and self._may_write():
            self._open_action(_dialog("WaiveDialog")(self.actor, rows, parent=self))

    def _may_write(self) -> bool:
        """A user who may not write is told so before any dialog opens."""
        try:
            require(self.actor, "edit")
        except XinyiError as error:
            ask.warning(self, str(error))
            return False
        return True

    def _open_action(self, dialog) -> None:
        """标记已办/免除/改期, window-modal. A monthly report only shown is stored by the
        service in the action's own transaction: 取消 or a refusal writes nothing."""
        self.action_dialog = dialog
        dialog.accepted.connect(self.changed.emit)
        dialog.open()

    def _reopen(self) -> None:
        row = self.current()
        if row is None:
            return
        if ask.question(self, f"重新打开期限“{row.label}”（{row.due_on.isoformat()}）？"):
            try:
                deadline_service.reopen(self.actor, row.id)
            except XinyiError as error:
                ask.warning(self, str(error))
                return
            self.changed.emit()


def _dialog(name: str):
    """The deadline dialogs, imported when first used rather than at start-up."""
    return getattr(importlib.import_module("ui.dialogs.deadline_actions"), name)
