"""Small dialogs acting on one case: change its stage, link another case, add a record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.stages import DATE_LABEL_OF_STAGE, Stage, allowed_outcomes, allowed_targets
from xinyi_desktop.services import cases as case_service
from xinyi_desktop.services.events import EVENT_KINDS, MANUAL_KINDS, record_manual_event
from xinyi_desktop.services.links import LINK_KINDS, link_cases
from xinyi_desktop.store.models import User


class _ActionDialog(FormDialog):
    """A form, an error line and 确定/取消; subclasses implement ``apply``."""

    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(title, parent, save_text="确定")


class StageDialog(_ActionDialog):
    """变更阶段: only the stages the workflow allows from here are offered."""

    def __init__(self, actor: User, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__("变更阶段", parent)
        self.actor, self.case_id = actor, case_id
        case = case_service.get_case(case_id)
        self.current = Stage(case.stage)
        self.target = QComboBox()
        for stage in allowed_targets(self.current):
            self.target.addItem(stage.label, stage.value)
        self.on = DateEdit("日期", "on")
        self.on.set_date(dt.date.today())
        self.on_label = QLabel()
        self.outcome = QComboBox()
        self.outcome_label = QLabel("结案结果")
        self.deadline = DateEdit("履行期限", "performance_deadline")
        self.deadline.set_date(case.performance_deadline)
        self.deadline_label = QLabel("履行期限")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)
        self.form.addRow("案号", QLabel(case.case_no))
        self.form.addRow("当前阶段", QLabel(self.current.label))
        self.form.addRow("变更为", self.target)
        self.form.addRow(self.on_label, self.on)
        self.form.addRow(self.outcome_label, self.outcome)
        self.form.addRow(self.deadline_label, self.deadline)
        self.form.addRow("说明", self.note)
        self.fields = {
            "stage": self.target,
            "on": self.on,
            "outcome": self.outcome,
            "performance_deadline": self.deadline,
        }
        self.target.currentIndexChanged.connect(self._target_changed)
        self._target_changed()
        if not allowed_targets(self.current):
            self.errors.show_text("案件已结案，不能再变更阶段。")
            self.save_button.setEnabled(False)

    def _target_changed(self) -> None:
        value = self.target.currentData()
        target = Stage(value) if value else None
        self.on_label.setText(DATE_LABEL_OF_STAGE.get(target, "日期") if target else "日期")
        self.outcome.clear()
        outcomes = allowed_outcomes(self.current, target) if target else []
        for outcome in outcomes:
            self.outcome.addItem(outcome.label, outcome.value)
        closing = target == Stage.CLOSED
        self.outcome.setVisible(closing)
        self.outcome_label.setVisible(closing)
        self.deadline.setVisible(target == Stage.LOST)
        self.deadline_label.setVisible(target == Stage.LOST)

    def apply(self) -> None:
        value = self.target.currentData()
        if value is None:
            raise ValidationError("没有可变更的阶段。", field="stage")
        target = Stage(value)
        case_service.change_stage(
            self.actor,
            self.case_id,
            target,
            on=self.on.date(),
            outcome=self.outcome.currentData() if target == Stage.CLOSED else None,
            performance_deadline=self.deadline.date() if target == Stage.LOST else None,
            note=self.note.toPlainText(),
        )


class LinkDialog(_ActionDialog):
    """关联案件: the other case is found by its number, typed in any form."""

    def __init__(self, actor: User, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__("关联案件", parent)
        self.actor, self.case_id = actor, case_id
        case = case_service.get_case(case_id)
        self.kind = QComboBox()
        for kind, (outward, _) in LINK_KINDS.items():
            self.kind.addItem(outward, kind)
        self.other = QLineEdit()
        self.other.setPlaceholderText("另一件案件的案号")
        self.note = QLineEdit()
        self.form.addRow("本案", QLabel(case.case_no))
        self.form.addRow("关联类型", self.kind)
        self.form.addRow("案号", self.other)
        self.form.addRow("说明", self.note)
        self.fields = {"kind": self.kind, "to_case": self.other, "case_no": self.other}

    def apply(self) -> None:
        other = case_service.find_case(self.other.text())
        if other is None:
            raise NotFound(f"案号“{self.other.text().strip()}”尚未登记，请先登记该案件。")
        link_cases(self.actor, self.case_id, other.id, self.kind.currentData(), self.note.text())


class EventDialog(_ActionDialog):
    """添加记录: a court notice received, a letter sent, or a note, on the timeline."""

    def __init__(self, actor: User, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__("添加记录", parent)
        self.actor, self.case_id = actor, case_id
        self.kind = QComboBox()
        for kind in MANUAL_KINDS:
            self.kind.addItem(EVENT_KINDS[kind], kind)
        self.on = DateEdit("日期", "on")
        self.on.set_date(dt.date.today())
        self.summary = QPlainTextEdit()
        self.summary.setFixedHeight(80)
        self.form.addRow("类型", self.kind)
        self.form.addRow("日期", self.on)
        self.form.addRow("内容", self.summary)
        self.fields = {"kind": self.kind, "on": self.on, "summary": self.summary}

    def apply(self) -> None:
        record_manual_event(
            self.actor,
            self.case_id,
            self.kind.currentData(),
            on=self.on.date(),
            summary=self.summary.toPlainText(),
        )
