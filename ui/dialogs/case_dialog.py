"""New / edit case (新建案件 / 编辑案件): every field validated by the core before saving."""

from __future__ import annotations

import decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui import ask
from ui.widgets.agency_picker import AgencyPicker
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.errors import CaseNumberError, DuplicateCase, ValidationError
from xinyi_desktop.rules.case_numbers import parse_case_number
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import cases as case_service
from xinyi_desktop.services.agencies import find_agency_by_name
from xinyi_desktop.store.models import User

COURTS = ["新沂市人民法院", "徐州市中级人民法院", "江苏省高级人民法院", "徐州铁路运输法院"]
COMMON_CAUSES = [
    "行政处罚",
    "行政许可",
    "行政强制",
    "行政征收",
    "房屋征收补偿",
    "行政协议",
    "行政赔偿",
    "不履行法定职责",
    "政府信息公开",
    "行政登记",
    "劳动和社会保障行政管理",
    "建设工程施工合同纠纷",
    "买卖合同纠纷",
    "租赁合同纠纷",
]
NAME_SEPARATORS = "、；;，,\n"


def split_party_text(text: str) -> list[str]:
    for sep in NAME_SEPARATORS[1:]:
        text = text.replace(sep, NAME_SEPARATORS[0])
    return [part.strip() for part in text.split(NAME_SEPARATORS[0]) if part.strip()]


class CaseDialog(FormDialog):
    open_existing = Signal(int)

    def __init__(self, actor: User, case_id: int | None = None, parent: QWidget | None = None):
        super().__init__("编辑案件" if case_id else "新建案件", parent, min_width=620)
        self.actor = actor
        self.case_id = case_id
        self.saved_id: int | None = None
        self.expected_version: int | None = None

        self.case_no = QLineEdit()
        self.case_no.setPlaceholderText("例：（2025）苏0381行初12号，括号、空格、全角数字均可")
        self.case_no_hint = QLabel()
        self.case_no_hint.setObjectName("hint")
        self.case_no_hint.setWordWrap(True)  # a refusal is a sentence: wrapped, never cut
        self.court = QComboBox()
        self.court.setEditable(True)
        self.court.addItems(COURTS)
        self.stage = QComboBox()
        for stage in case_service.NEW_CASE_STAGES:
            self.stage.addItem(stage.label, stage.value)
        self.cause = QComboBox()
        self.cause.setEditable(True)
        self.cause.addItems(COMMON_CAUSES)
        self.cause.setCurrentIndex(-1)
        self.plaintiffs = QLineEdit()
        self.plaintiffs.setPlaceholderText("多个原告用“、”分隔")
        self.defendants = AgencyPicker()
        self.filed_on = DateEdit("立案日期", "filed_on")
        self.judgment_on = DateEdit("判决日期", "judgment_on")
        self.judgment_effective_on = DateEdit("判决生效日期", "judgment_effective_on")
        self.performance_deadline = DateEdit("履行期限", "performance_deadline")
        self.listed_on = DateEdit("列入失信名单日期", "listed_on")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("元，可不填")
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(56)

        self.form.addRow("案号 *", self.case_no)
        self.form.addRow("", self.case_no_hint)
        if case_id is None:
            self.form.addRow("登记阶段", self.stage)
        self.form.addRow("审理法院", self.court)
        self.form.addRow("案由", self.cause)
        self.form.addRow("原告", self.plaintiffs)
        self.form.addRow("被告单位 *", self.defendants)
        self.form.addRow("立案日期", self.filed_on)
        self.form.addRow("判决日期", self.judgment_on)
        self.form.addRow("判决生效日期", self.judgment_effective_on)
        self.form.addRow("履行期限", self.performance_deadline)
        self.form.addRow("列入失信名单日期", self.listed_on)
        self.form.addRow("标的金额", self.amount)
        self.form.addRow("备注", self.note)

        self.fields = {
            "case_no": self.case_no,
            "defendants": self.defendants,
            "filed_on": self.filed_on,
            "judgment_on": self.judgment_on,
            "judgment_effective_on": self.judgment_effective_on,
            "performance_deadline": self.performance_deadline,
            "listed_on": self.listed_on,
            "amount": self.amount,
            "stage": self.stage,
        }
        self.case_no.textChanged.connect(self._preview_case_no)
        if case_id is not None:
            self._load(case_id)
        self.case_no.setFocus()

    def _load(self, case_id: int) -> None:
        case = case_service.get_case(case_id)
        self.expected_version = case.row_version
        self.case_no.setText(case.case_no)
        self.court.setCurrentText(case.court)
        self.cause.setCurrentText(case.cause)
        self.plaintiffs.setText(
            "、".join(p.name for p in case_service.parties_of(case, "plaintiff"))
        )
        self.defendants.set_names([p.name for p in case_service.parties_of(case, "defendant")])
        for name in case_service.DATE_FIELDS:
            getattr(self, name).set_date(getattr(case, name))
        self.amount.setText("" if case.amount is None else f"{case.amount:f}")
        self.note.setPlainText(case.note)

    def _preview_case_no(self, text: str) -> None:
        if not text.strip():
            self.case_no_hint.clear()
            return
        try:
            number = parse_case_number(text)
        except CaseNumberError as error:
            self.case_no_hint.setStyleSheet("color: #b3261e;")
            self.case_no_hint.setText(str(error))
            return
        self.case_no_hint.setStyleSheet("color: #2e7d32;")
        note = "（2016年以前的案号，按原样保存）" if number.legacy else ""
        self.case_no_hint.setText(f"将保存为：{number.display}{note}")

    def _amount(self) -> decimal.Decimal | None:
        text = self.amount.text().strip().replace(",", "").replace("，", "")
        if not text:
            return None
        try:
            return decimal.Decimal(text)
        except decimal.InvalidOperation:
            raise ValidationError(f"标的金额“{text}”不是数字。", field="amount") from None

    def collect(self) -> case_service.CaseInput:
        """The form as the service's input; unreadable dates or amounts raise here."""
        defendants = self.defendants.names()
        if self.defendants.pending_name():
            defendants.append(self.defendants.pending_name())
        return case_service.CaseInput(
            case_no=self.case_no.text(),
            defendants=defendants,
            plaintiffs=split_party_text(self.plaintiffs.text()),
            cause=self.cause.currentText(),
            court=self.court.currentText(),
            amount=self._amount(),
            note=self.note.toPlainText(),
            stage=Stage(self.stage.currentData()),
            **{name: getattr(self, name).date() for name in case_service.DATE_FIELDS},
        )

    def apply(self) -> bool:
        """Save the case; a duplicate is refused and the registered case offered instead.

        Stays open (returns False) when the clerk does not confirm the new agencies, or after
        a duplicate; then closed by ``reject`` if the clerk chose to open the existing case.
        """
        data = self.collect()
        parse_case_number(data.case_no)  # a wrong number is said before any question
        new_names = [
            n for n in case_service.split_names(data.defendants) if find_agency_by_name(n) is None
        ]
        if new_names and not ask.question(
            self,
            "以下单位尚未登记，保存时将作为新单位登记：\n"
            + "\n".join(new_names)
            + "\n\n名称是否正确？",
        ):
            self.defendants.setFocus()
            return False
        try:
            if self.case_id is None:
                case = case_service.create_case(self.actor, data)
            else:
                case = case_service.update_case(
                    self.actor, self.case_id, data, expected_version=self.expected_version
                )
        except DuplicateCase as error:
            self.errors.show_error(error, self.fields)
            if ask.question(self, f"{error}\n\n是否打开已登记的这件案件？"):
                self.reject()
                self.open_existing.emit(error.existing_id)
            return False
        self.saved_id = case.id
        return True
