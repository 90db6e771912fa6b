"""生成函件: one case's letter or sheet, or a batch over many cases, numbered and recorded."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from ui import ask
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.documents.catalog import kinds
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import letters
from xinyi_desktop.services.cases import get_case
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store.models import Case, User

CASE_KINDS = ("reminder", "supervision", "rectification", "assignment")
ESCALATION_KINDS = ("request", "sanction_notice", "accountability")


def open_file(path) -> bool:
    """Open a file in the program the system associates with it (Word or WPS for .docx)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class _LetterForm(FormDialog):
    """Kind, date and the inputs some kinds need (deadline, matter, requirement)."""

    def __init__(self, title: str, keys: tuple[str, ...], parent: QWidget | None) -> None:
        super().__init__(title, parent, save_text="生成", min_width=560)
        self.kind_box = QComboBox()
        for key in keys:
            self.kind_box.addItem(kinds()[key].name, key)
        self.date_edit = DateEdit("成文日期", "issued_on")
        self.date_edit.set_date(dt.date.today())
        self.deadline_edit = DateEdit("期限", "deadline")
        self.matter_edit = QLineEdit()
        self.requirement_edit = QPlainTextEdit()
        self.requirement_edit.setFixedHeight(60)
        self.approval_edit = QLineEdit()
        self.approval_edit.setPlaceholderText("如 新政复〔2026〕5号；可不填")
        self.form.addRow("文书种类", self.kind_box)
        self.form.addRow("成文日期", self.date_edit)
        self.form.addRow("整改期限/办结时限", self.deadline_edit)
        self.form.addRow("交办事项", self.matter_edit)
        self.form.addRow("办理要求", self.requirement_edit)
        self.form.addRow("市政府核定文号", self.approval_edit)
        self.fields = {
            "issued_on": self.date_edit,
            "整改期限": self.deadline_edit,
            "办结时限": self.deadline_edit,
            "交办事项": self.matter_edit,
        }
        self.kind_box.currentIndexChanged.connect(self._kind_changed)

    def kind(self) -> str:
        return self.kind_box.currentData()

    def _kind_changed(self) -> None:
        key = self.kind()
        deadline = key in ("rectification", "assignment")
        for widget, shown in (
            (self.deadline_edit, deadline),
            (self.matter_edit, key == "assignment"),
            (self.requirement_edit, key == "assignment"),
            (self.approval_edit, key in ("sanction_notice", "accountability")),
        ):
            self.form.setRowVisible(widget, shown)
        issued = self.date_edit.date() or dt.date.today()
        if key == "rectification":
            days = get_setting("documents.rectification_days")
            self.deadline_edit.set_date(issued + dt.timedelta(days=days))
        elif key == "assignment":
            days = get_setting("documents.assignment_days")
            self.deadline_edit.set_date(issued + dt.timedelta(days=days))

    def issued_on(self) -> dt.date:
        issued = self.date_edit.date()
        if issued is None:
            raise ValidationError("请填写成文日期。", field="issued_on")
        return issued

    def inputs(self) -> dict:
        key = self.kind()
        if key == "rectification":
            return {"整改期限": self.deadline_edit.date()}
        if key == "assignment":
            return {
                "交办事项": self.matter_edit.text().strip(),
                "办结时限": self.deadline_edit.date(),
                "办理要求": self.requirement_edit.toPlainText().strip(),
            }
        if key in ("sanction_notice", "accountability"):
            return {"核定文号": self.approval_edit.text().strip()}
        return {}

    def run(self, plans, *, combined: bool = False) -> letters.BatchResult | None:
        from ui.workers import run_job

        actor = self.actor
        outcome = run_job(
            self,
            "生成文书",
            lambda cancel: letters.generate(actor, plans, combined=combined, cancel=cancel),
            label=f"正在生成 {len(plans)} 份文书…",
        )
        if isinstance(outcome.error, letters.Cancelled):
            ask.information(self, str(outcome.error))
            return None
        if outcome.error is not None:
            raise outcome.error
        self.result = outcome.result
        return outcome.result


class LetterDialog(_LetterForm):
    """From the case detail: the letter for this case, one per defendant (or the one chosen)."""

    def __init__(
        self,
        actor: User,
        case_id: int,
        kind: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        case = get_case(case_id)
        super().__init__(f"生成函件 — {case.case_no}", CASE_KINDS, parent)
        self.actor, self.case_id = actor, case_id
        if kind is not None and self.kind_box.findData(kind) >= 0:
            self.kind_box.setCurrentIndex(self.kind_box.findData(kind))  # the deadline's letter
        self.result: letters.BatchResult | None = None
        self.recipient_box = QComboBox()
        self.recipient_box.addItem("全部被告单位（每个单位一份）", None)
        from xinyi_desktop.documents.context import defendants

        for agency in defendants(case):
            self.recipient_box.addItem(agency.name, agency.id)
        self.form.insertRow(1, "收文单位", self.recipient_box)
        fitting = {
            Stage.SUED: "reminder",
            Stage.LOST: "supervision",
            Stage.DISHONEST: "rectification",
        }
        preferred = fitting.get(Stage(case.stage))
        if preferred:
            self.kind_box.setCurrentIndex(self.kind_box.findData(preferred))
        self._kind_changed()

    def apply(self):
        plans = letters.plan_case_letter(
            self.kind(),
            self.case_id,
            issued_on=self.issued_on(),
            inputs=self.inputs(),
            agency_id=self.recipient_box.currentData(),
        )
        result = self.run(plans, combined=len(plans) > 1)
        if result is None:
            return False
        numbers = "、".join(d.doc_no for d in result.documents)
        if ask.question(self, f"已生成并登记：{numbers}。\n现在用 Word/WPS 打开以便打印？"):
            from xinyi_desktop.services.documents import file_of

            open_file(result.combined or file_of(result.documents[0]))
        return None


class BatchLetterDialog(_LetterForm):
    """批量生成: pick cases; one letter each, numbered consecutively, plus a combined file."""

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__("批量生成文书", CASE_KINDS, parent)
        self.actor = actor
        self.result = None
        self.cases = QListWidget()
        self.cases.setMinimumHeight(220)
        self.select_all = QCheckBox("全选")
        self.select_all.toggled.connect(self._check_all)
        self.combine_box = QCheckBox("另生成一个合并文件，便于一次打印")
        self.combine_box.setChecked(True)
        self.form.addRow("案件", self.cases)
        self.form.addRow("", self.select_all)
        self.form.addRow("", self.combine_box)
        self.kind_box.currentIndexChanged.connect(self._load_cases)
        self._kind_changed()
        self._load_cases()

    def _load_cases(self) -> None:
        stages = kinds()[self.kind()].stages
        self.cases.clear()
        query = Case.select().where(Case.stage.in_(stages)).order_by(Case.year, Case.serial)
        for case in query:
            item = QListWidgetItem(f"{case.case_no}　{case.defendants_text}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.cases.addItem(item)

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.cases.count()):
            self.cases.item(i).setCheckState(state)

    def checked_ids(self) -> list[int]:
        return [
            self.cases.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.cases.count())
            if self.cases.item(i).checkState() == Qt.CheckState.Checked
        ]

    def apply(self):
        ids = self.checked_ids()
        if not ids:
            raise ValidationError("请勾选要生成文书的案件。")
        plans, skipped = letters.plan_case_batch(
            self.kind(), ids, issued_on=self.issued_on(), inputs=self.inputs()
        )
        if skipped and not ask.question(
            self,
            f"以下 {len(skipped)} 件不能生成，将跳过：\n" + "\n".join(skipped[:10]) + "\n继续？",
        ):
            return False
        if not plans:
            return False
        result = self.run(plans, combined=self.combine_box.isChecked())
        if result is None:
            return False
        first, last = result.documents[0], result.documents[-1]
        ask.information(
            self, f"已生成 {len(result.documents)} 份：{first.doc_no} 至 {last.doc_no}。"
        )
        return None


class EscalationDialog(_LetterForm):
    """The 请示 with the overdue list, the 告知函 to each department, the 移送函."""

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__("逾期未整改名单文书", ESCALATION_KINDS, parent)
        self.actor = actor
        self.result = None
        self.bodies = QListWidget()
        self.bodies.setMinimumHeight(200)
        self.form.addRow("名单", self.bodies)
        self.kind_box.currentIndexChanged.connect(self._load_bodies)
        self._kind_changed()
        self._load_bodies()

    def _load_bodies(self) -> None:
        from xinyi_desktop.documents import escalation

        today = self.date_edit.date() or dt.date.today()
        if self.kind() == "request":
            bodies = escalation.overdue_bodies(today)
        else:
            bodies = escalation.approved_bodies(today)
        self.bodies.clear()
        for body in bodies:
            deadline = body.row(0)["整改期限"]
            item = QListWidgetItem(f"{body.name}　{'、'.join(body.case_nos)}　整改期限：{deadline}")
            item.setData(Qt.ItemDataRole.UserRole, body.agency_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.bodies.addItem(item)

    def apply(self):
        ids = [
            self.bodies.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.bodies.count())
            if self.bodies.item(i).checkState() == Qt.CheckState.Checked
        ]
        plans = letters.plan_escalation(
            self.kind(), issued_on=self.issued_on(), inputs=self.inputs(), agency_ids=ids
        )
        result = self.run(plans, combined=len(plans) > 1)
        if result is None:
            return False
        numbers = "、".join(d.doc_no for d in result.documents)
        ask.information(self, f"已生成并登记：{numbers}。")
        return None
