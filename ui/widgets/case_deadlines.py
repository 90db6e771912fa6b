"""The 期限 tab of the case detail: the case's deadlines and "为什么是这一天"."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QTextBrowser, QVBoxLayout, QWidget

from ui.widgets.deadline_list import DeadlineList
from xinyi_desktop.rules.deadline_rules import explain
from xinyi_desktop.services.deadline_query import DeadlineFilter, DeadlineRow, list_deadlines
from xinyi_desktop.store.models import User


def why_text(row: DeadlineRow) -> str:
    """The explanation as HTML-free text lines."""
    lines = [f"{row.label}：{row.due_on.isoformat()}（{row.status_label}）", ""]
    basis = dict(row.basis)
    manual = basis.pop("manual", None)
    lines += explain(basis)
    if basis:
        computed = manual["from"] if manual else row.due_on.isoformat()
        lines.append(f"所以期限为 {computed}。")
    if manual:
        lines.append(
            f"{manual['by']}于{manual['at'][:16]}改期为 {manual['to']}，理由：{manual['reason']}。"
        )
    lines.append(f"应办理方：{row.responsible}")
    if row.status in ("done", "waived") and row.resolved_on:
        what = "办理" if row.status == "done" else "免除"
        lines.append(f"{row.resolved_on.isoformat()}{what}。{row.note}".rstrip("。") + "。")
    return "\n".join(lines)


class CaseDeadlines(QWidget):
    changed = Signal()

    def __init__(self, actor: User, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_id = case_id
        self.list = DeadlineList(actor, show_case=False)
        self.why = QTextBrowser()
        # Short: a placeholder does not wrap, and the box is narrow on a scaled screen.
        self.why.setPlaceholderText("选中左侧的一项期限即可查看。")
        self.empty = QLabel("本案目前没有期限。")
        self.empty.setStyleSheet("color: #5f6670;")
        box = QWidget()
        box_layout = QVBoxLayout(box)
        box_layout.setContentsMargins(0, 0, 0, 0)
        box_layout.addWidget(QLabel("为什么是这一天"))
        box_layout.addWidget(self.why, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(splitter, 1)
        self.list.selected.connect(self._show_why)
        self.list.changed.connect(self.changed)
        self.rows: list[DeadlineRow] = []

    def load(self) -> None:
        self.rows = list_deadlines(DeadlineFilter(case_id=self.case_id))
        self.list.set_rows(self.rows)
        self.empty.setVisible(not self.rows)
        if self.rows:
            first_open = next(
                (i for i, r in enumerate(self.rows) if r.status in ("open", "overdue")), 0
            )
            self.list.table.selectRow(first_open)
        else:
            self.why.clear()

    def _show_why(self, row: DeadlineRow | None) -> None:
        self.why.setPlainText(why_text(row) if row else "")
