"""Dialogs acting on one deadline: mark it done, waive it, move its day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.services import deadlines as deadline_service
from xinyi_desktop.services.deadline_query import DeadlineRow
from xinyi_desktop.store.models import User


class _DeadlineDialog(FormDialog):
    def __init__(self, title: str, actor: User, row: DeadlineRow, parent: QWidget | None):
        super().__init__(title, parent, save_text="确定")
        self.actor, self.row = actor, row
        self.form.addRow("期限", QLabel(f"{row.label}　{row.due_on.isoformat()}"))
        if row.case_id:
            self.form.addRow("案件", QLabel(f"{row.case_no}　{row.agency}"))


class DoneDialog(_DeadlineDialog):
    """标记已办理: the day it was done and a note."""

    def __init__(self, actor: User, row: DeadlineRow, parent: QWidget | None = None):
        super().__init__("标记为已办理", actor, row, parent)
        self.on = DateEdit("办理日期", "on")
        self.on.set_date(dt.date.today())
        self.note = QLineEdit()
        self.note.setPlaceholderText("如：已发函 新信用函〔2026〕12号")
        self.form.addRow("办理日期", self.on)
        self.form.addRow("说明", self.note)
        self.fields = {"on": self.on, "note": self.note}

    def apply(self) -> None:
        deadline_service.mark_done(
            self.actor,
            self.row.id,
            on=self.on.date(),
            note=self.note.text(),
            expected_version=self.row.row_version,
        )


class WaiveDialog(FormDialog):
    """免除: one deadline or several, with the reason (required)."""

    def __init__(self, actor: User, rows: list[DeadlineRow], parent: QWidget | None = None):
        super().__init__("免除期限", parent, save_text="确定")
        self.actor, self.rows = actor, rows
        if len(rows) == 1:
            row = rows[0]
            self.form.addRow("期限", QLabel(f"{row.label}　{row.due_on.isoformat()}"))
            if row.case_id:
                self.form.addRow("案件", QLabel(f"{row.case_no}　{row.agency}"))
        else:
            self.form.addRow("期限", QLabel(f"选中的 {len(rows)} 项期限"))
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText("如：原告已撤诉，无需再致函")
        self.form.addRow("免除理由", self.reason)
        self.fields = {"reason": self.reason}
        self.reason.setFocus()

    def apply(self) -> None:
        if len(self.rows) == 1:
            deadline_service.waive(
                self.actor,
                self.rows[0].id,
                reason=self.reason.toPlainText(),
                expected_version=self.rows[0].row_version,
            )
        else:
            deadline_service.waive_many(
                self.actor, [r.id for r in self.rows], reason=self.reason.toPlainText()
            )


class ChangeDueDialog(_DeadlineDialog):
    """改期: a new day, the reason, and who must act."""

    def __init__(self, actor: User, row: DeadlineRow, parent: QWidget | None = None):
        super().__init__("期限改期", actor, row, parent)
        self.due = DateEdit("新的期限", "due_on")
        self.due.set_date(row.due_on)
        self.responsible = QLineEdit(row.responsible)
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.reason.setPlaceholderText("如：法院书面通知履行期限延长至……")
        self.form.addRow("新的期限", self.due)
        self.form.addRow("应办理方", self.responsible)
        self.form.addRow("改期理由", self.reason)
        self.form.addRow(QLabel("改期后，重新计算期限时保留此日期。"))
        self.fields = {"due_on": self.due, "reason": self.reason}

    def apply(self) -> None:
        deadline_service.change_due(
            self.actor,
            self.row.id,
            due_on=self.due.date(),
            reason=self.reason.toPlainText(),
            responsible=self.responsible.text(),
            expected_version=self.row.row_version,
        )
