"""督查 — inspection rounds: the departments checked, findings, fixes with a responsible
person and a deadline (shown in the deadline calendar), follow-up, the report (.docx)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.dialogs.sanction_dialogs import NoteDialog
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import day, fill_table, selected_rows, table
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services import inspections
from xinyi_desktop.store.models import User


class RoundDialog(FormDialog):
    def __init__(self, actor: User, parent=None):
        super().__init__("新建专项督查", parent)
        self.actor = actor
        self.title_edit = QLineEdit()
        self.started = DateEdit("开始日期", "on")
        self.started.set_date(dt.date.today())
        self.departments = QPlainTextEdit()
        self.departments.setPlaceholderText("每行一个被督查的部门")
        self.departments.setFixedHeight(80)
        self.scope = QLineEdit()
        self.form.addRow("督查名称", self.title_edit)
        self.form.addRow("开始日期", self.started)
        self.form.addRow("被督查部门", self.departments)
        self.form.addRow("督查内容", self.scope)
        self.fields = {
            "title": self.title_edit,
            "on": self.started,
            "departments": self.departments,
        }

    def apply(self):
        self.round = inspections.create_round(
            self.actor,
            title=self.title_edit.text(),
            started_on=self.started.date(),
            departments=self.departments.toPlainText().splitlines(),
            scope=self.scope.text(),
        )


class FindingDialog(FormDialog):
    def __init__(self, actor: User, round_, parent=None):
        super().__init__(f"记录督查发现的问题 — {round_.title}", parent)
        self.actor, self.round = actor, round_
        self.department = QComboBox()
        self.department.addItems(round_.departments)
        self.found = QPlainTextEdit()
        self.found.setFixedHeight(80)
        self.form.addRow("部门", self.department)
        self.form.addRow("发现的问题", self.found)
        self.fields = {"department": self.department, "found": self.found}

    def apply(self):
        inspections.add_finding(
            self.actor,
            self.round.id,
            department=self.department.currentText(),
            found=self.found.toPlainText(),
        )


class FixDialog(FormDialog):
    def __init__(self, actor: User, finding, parent=None):
        super().__init__(f"交办整改 — {finding.department}", parent)
        self.actor, self.finding = actor, finding
        self.requirement = QPlainTextEdit()
        self.requirement.setFixedHeight(70)
        self.responsible = QLineEdit()
        self.unit = QLineEdit(finding.department)
        self.due = DateEdit("整改期限", "due_on")
        self.form.addRow("整改要求", self.requirement)
        self.form.addRow("责任人", self.responsible)
        self.form.addRow("责任单位", self.unit)
        self.form.addRow("整改期限", self.due)
        self.form.addRow(QLabel("整改期限将列入期限日历（督查整改）。"))
        self.fields = {
            "requirement": self.requirement,
            "responsible": self.responsible,
            "due_on": self.due,
        }

    def apply(self):
        inspections.assign_fix(
            self.actor,
            self.finding.id,
            requirement=self.requirement.toPlainText(),
            responsible=self.responsible.text(),
            unit=self.unit.text(),
            due_on=self.due.date(),
        )


class InspectionsPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.rounds, self.findings, self.fixes = [], [], []
        self.round_table = table(["督查名称", "开始", "结束", "被督查部门"])
        self.round_table.itemSelectionChanged.connect(self.show_round)
        self.finding_table = table(["部门", "发现的问题"])
        self.finding_table.itemSelectionChanged.connect(self.show_fixes)
        self.fix_table = table(["整改要求", "责任人", "期限", "状态", "跟踪情况"])
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        buttons = QHBoxLayout()
        for text, slot in (
            ("新建督查…", self.on_new),
            ("记录问题…", self.on_finding),
            ("交办整改…", self.on_fix),
            ("跟踪…", self.on_follow),
            ("整改完成…", self.on_done),
            ("结束督查…", self.on_finish),
            ("生成督查报告…", self.on_report),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.detail)
        box.addWidget(QLabel("发现的问题"))
        box.addWidget(self.finding_table, 1)
        box.addWidget(QLabel("整改事项"))
        box.addWidget(self.fix_table, 1)
        splitter = QSplitter()
        splitter.addWidget(self.round_table)
        splitter.addWidget(right)
        splitter.setSizes([420, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(buttons)
        layout.addWidget(splitter, 1)
        self.refresh()

    def refresh(self) -> None:
        self.rounds = inspections.rounds()
        fill_table(
            self.round_table,
            [
                [r.title, day(r.started_on), day(r.ended_on), "、".join(r.departments)]
                for r in self.rounds
            ],
        )
        self.show_round()

    def current(self, rows: list, widget):
        chosen = selected_rows(widget)
        return rows[chosen[0]] if chosen else None

    def show_round(self) -> None:
        round_ = self.current(self.rounds, self.round_table)
        self.findings = inspections.findings_of(round_.id) if round_ else []
        self.detail.setText(
            f"督查内容：{round_.scope}\n{round_.summary}" if round_ else "请选择或新建督查。"
        )
        fill_table(self.finding_table, [[f.department, f.found] for f in self.findings])
        self.show_fixes()

    def show_fixes(self) -> None:
        finding = self.current(self.findings, self.finding_table)
        self.fixes = inspections.fixes_of(finding.id) if finding else []
        today = dt.date.today()
        rows = []
        for fix in self.fixes:
            state = (
                f"已完成 {day(fix.done_on)}"
                if fix.status == "done"
                else ("逾期" if fix.due_on < today else "整改中")
            )
            notes = "；".join(
                f"{day(n.noted_on)} {n.text}" for n in inspections.follow_ups_of(fix.id)
            )
            rows.append(
                [fix.requirement, f"{fix.responsible}（{fix.unit}）", day(fix.due_on), state, notes]
            )
        fill_table(self.fix_table, rows)

    def _run(self, dialog) -> None:
        if dialog is not None and dialog.exec():
            self.refresh()

    def _need(self, value, text: str):
        if value is None:
            ask.information(self, text)
        return value

    def on_new(self) -> None:
        self._run(RoundDialog(self.actor, self))

    def on_finding(self) -> None:
        round_ = self._need(self.current(self.rounds, self.round_table), "请先选择督查。")
        self._run(round_ and FindingDialog(self.actor, round_, self))

    def on_fix(self) -> None:
        finding = self._need(self.current(self.findings, self.finding_table), "请先选择问题。")
        self._run(finding and FixDialog(self.actor, finding, self))

    def on_follow(self) -> None:
        fix = self._need(self.current(self.fixes, self.fix_table), "请先选择整改事项。")
        self._run(
            fix
            and NoteDialog(
                "记录跟踪情况",
                lambda on, text: inspections.add_follow_up(self.actor, fix.id, on=on, text=text),
                self,
                label="跟踪情况",
            )
        )

    def on_done(self) -> None:
        fix = self._need(self.current(self.fixes, self.fix_table), "请先选择整改事项。")
        self._run(
            fix
            and NoteDialog(
                "整改完成",
                lambda on, text: inspections.complete_fix(self.actor, fix.id, on=on, result=text),
                self,
                label="整改结果",
                date_label="完成日期",
            )
        )

    def on_finish(self) -> None:
        round_ = self._need(self.current(self.rounds, self.round_table), "请先选择督查。")
        self._run(
            round_
            and NoteDialog(
                "结束督查",
                lambda on, text: inspections.finish_round(
                    self.actor, round_.id, ended_on=on, summary=text
                ),
                self,
                label="总体评价",
                date_label="结束日期",
            )
        )

    def on_report(self) -> None:
        round_ = self._need(self.current(self.rounds, self.round_table), "请先选择督查。")
        if round_ is None:
            return
        path = ask.save_file_name(
            self, "生成督查报告", f"{round_.title}情况报告.docx", "Word 文档 (*.docx)"
        )
        if not path:
            return
        try:
            inspections.write_report(round_.id, path)
        except (OSError, XinyiError) as error:
            ask.warning(self, f"生成失败：{error}")
            return
        ask.information(self, f"督查报告已生成：{path}")
