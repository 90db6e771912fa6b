"""New / edit an agency (政府机构): name, credit code with a live check, kind, area, parent."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui import ask
from ui.widgets.code_hint import CodeHint
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.agencies import AGENCY_KINDS
from xinyi_desktop.rules.check_codes import check_credit_code
from xinyi_desktop.services.agencies import (
    AgencyInput,
    create_agency,
    get_agency,
    list_agencies,
    update_agency,
)
from xinyi_desktop.store.models import User


class AgencyDialog(FormDialog):
    """Create an agency (``agency_id`` None) or edit one; ``saved_id`` is set on accept."""

    def __init__(
        self, actor: User, agency_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        title = self.tr("新建单位") if agency_id is None else self.tr("编辑单位")
        super().__init__(title, parent, min_width=520)
        self.actor = actor
        self.agency_id = agency_id
        self.saved_id: int | None = None

        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("例：新沂市棋盘镇人民政府"))
        self.code_edit = QLineEdit(self)
        self.code_edit.setMaxLength(30)
        self.code_edit.setPlaceholderText(self.tr("18位，可暂不填写"))
        self.code_hint = CodeHint(check_credit_code, self)
        self.kind_combo = QComboBox(self)
        for key, label in AGENCY_KINDS.items():
            self.kind_combo.addItem(label, key)
        self.area_edit = QLineEdit(self)
        self.area_edit.setPlaceholderText(self.tr("统计报表按此分组"))
        self.parent_combo = QComboBox(self)
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setFixedHeight(72)
        self._fill_choices()

        self.form.addRow(self.tr("单位名称 *"), self.name_edit)
        self.add_checked_row(self.tr("统一社会信用代码"), self.code_edit, self.code_hint)
        self.form.addRow(self.tr("类别"), self.kind_combo)
        self.form.addRow(self.tr("所属镇街/部门"), self.area_edit)
        self.form.addRow(self.tr("上级单位"), self.parent_combo)
        self.form.addRow(self.tr("备注"), self.note_edit)

        self.fields = {
            "name": self.name_edit,
            "credit_code": self.code_edit,
            "kind": self.kind_combo,
            "area": self.area_edit,
            "parent": self.parent_combo,
            "note": self.note_edit,
        }
        if agency_id is not None:
            self._load(agency_id)
        self.name_edit.setFocus()

    def _fill_choices(self) -> None:
        agencies = [a for a in list_agencies() if a.id != self.agency_id]
        self.parent_combo.addItem(self.tr("无"), None)
        for agency in sorted(agencies, key=lambda a: a.name):
            self.parent_combo.addItem(agency.name, agency.id)
        # A few hundred names: let the clerk type part of one to find it.
        self.parent_combo.setEditable(True)
        self.parent_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.parent_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        areas = sorted({a.area for a in agencies if a.area})
        area_completer = QCompleter(areas, self.area_edit)
        area_completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.area_edit.setCompleter(area_completer)

    def _load(self, agency_id: int) -> None:
        agency = get_agency(agency_id)
        self.expected_version = agency.row_version
        self.name_edit.setText(agency.name)
        self.code_edit.setText(agency.credit_code or "")
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(agency.kind)))
        self.area_edit.setText(agency.area)
        self.parent_combo.setCurrentIndex(max(0, self.parent_combo.findData(agency.parent_id)))
        self.note_edit.setPlainText(agency.note)

    def _parent_id(self) -> int | None:
        text = self.parent_combo.currentText().strip()
        if not text or text == self.tr("无"):
            return None
        index = self.parent_combo.findText(text, Qt.MatchFlag.MatchExactly)
        if index < 0:
            raise ValidationError(
                self.tr("上级单位“%s”未登记，请从列表中选择。") % text, field="parent"
            )
        return self.parent_combo.itemData(index)

    def input(self) -> AgencyInput:
        """What the clerk typed, as the service takes it."""
        return AgencyInput(
            name=self.name_edit.text(),
            credit_code=self.code_edit.text(),
            kind=self.kind_combo.currentData(),
            area=self.area_edit.text(),
            parent_id=self._parent_id(),
            note=self.note_edit.toPlainText(),
        )

    def apply(self) -> None:
        data = self.input()
        if self.agency_id is None:
            saved = create_agency(self.actor, data)
        else:  # NotFound if deleted meanwhile, shown like a ValidationError
            saved = update_agency(
                self.actor, self.agency_id, data, expected_version=self.expected_version
            )
        self.saved_id = saved.record.id
        if saved.warnings:
            ask.warning(self, self.tr("已保存。请注意：") + "\n" + "\n".join(saved.warnings))
