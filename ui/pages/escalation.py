"""整改与问责 → 逾期名单: the overdue bodies (for the 请示) and their approval (市政府核定);
the approved bodies still listed, and the further approval (补充核定) of items submitted
after their approval."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui import ask
from ui.dialogs.sanction_dialogs import ApprovalDialog
from ui.widgets.tables import day, fill_table, selected_rows, table
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services import sanction_steps, sanctions
from xinyi_desktop.store.models import User


class EscalationTab(QWidget):
    changed = Signal()  # an approval was recorded: the page refreshes

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.overdue = []
        self.approved = []
        self.waiting: dict[int, int] = {}  # listing id → items awaiting approval
        self.overdue_table = table(
            ["单位", "案号", "列入日期", "整改期限", "法定代表人"], multi=True
        )
        self.approved_table = table(
            ["单位", "案号", "列入日期", "法定代表人", "待核定措施"], multi=True
        )
        approve = QPushButton("登记市政府核定…")
        approve.clicked.connect(self.on_approve)
        further = QPushButton("登记补充核定…")
        further.clicked.connect(self.on_further_approval)
        box = QVBoxLayout(self)
        for text, table_widget, button in (
            (
                "逾期未整改的单位（整改期限已过、未完成整改、尚未核定）。报送市政府的请示在"
                "“文书 → 逾期名单文书”中生成；生成后这些单位的措施即为“已报市政府”。",
                self.overdue_table,
                approve,
            ),
            (
                "市政府已核定、仍在名单中的单位。核定后又报送市政府的措施（如新任负责人的），"
                "在此选择单位登记补充核定。",
                self.approved_table,
                further,
            ),
        ):
            note = QLabel(text)
            note.setWordWrap(True)  # a sentence longer than the page is wide
            box.addWidget(note)
            box.addWidget(table_widget, 1)
            row = QHBoxLayout()
            row.addWidget(button)
            row.addStretch(1)
            box.addLayout(row)

    def on_approve(self) -> None:
        rows = selected_rows(self.overdue_table)
        if not rows:
            ask.information(self, "请先选择市政府已核定的单位。")
        elif self.approval_dialog(rows).exec():
            self.changed.emit()

    def approval_dialog(self, rows: list[int]) -> ApprovalDialog:
        """The approval of the chosen rows of the overdue list: of the listings on it
        (an agency's other listings, not overdue, are not approved with them)."""
        bodies = [self.overdue[r] for r in rows]
        ids = [i for b in bodies for i in b.listing_ids]
        return ApprovalDialog(self.actor, ids, [b.name for b in bodies], self)

    def on_further_approval(self) -> None:
        """Refused before the form is filled in, not after, when nothing is pending."""
        rows = selected_rows(self.approved_table)
        if not rows:
            ask.information(self, "请先在已核定的单位中选择市政府补充核定的单位。")
            return
        try:
            sanction_steps.check_further_approval(self._further_ids(rows))
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        if self.further_approval_dialog(rows).exec():
            self.changed.emit()

    def further_approval_dialog(self, rows: list[int]) -> ApprovalDialog:
        """The further approval (补充核定) of the chosen approved bodies."""
        names = [self.approved[r].name for r in rows]
        return ApprovalDialog(self.actor, self._further_ids(rows), names, self, further=True)

    def _further_ids(self, rows: list[int]) -> list[int]:
        """The chosen approved bodies' listings with submitted items (as counted for the
        list); all of them when none has, and the service then says why."""
        ids = [i for r in rows for i in self.approved[r].listing_ids]
        return [i for i in ids if self.waiting.get(i)] or ids

    def refresh(self, today: dt.date) -> None:
        self.overdue = sanctions.overdue_bodies(today)
        fill_table(
            self.overdue_table,
            [
                [
                    b.name,
                    "、".join(b.case_nos),
                    day(b.listed_on),
                    day(b.rectify_by),
                    b.legal_rep,
                ]
                for b in self.overdue
            ],
        )
        self.approved = sanctions.approved_bodies(today)
        self.waiting = sanction_steps.submitted_counts(
            [i for b in self.approved for i in b.listing_ids]
        )
        fill_table(
            self.approved_table,
            [
                [
                    b.name,
                    "、".join(b.case_nos),
                    day(b.listed_on),
                    b.legal_rep,
                    str(sum(self.waiting.get(i, 0) for i in b.listing_ids) or ""),
                ]
                for b in self.approved
            ],
        )
