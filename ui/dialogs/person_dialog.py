"""New / edit a person at an agency (法定代表人, 主要负责人 …) with the dates of the post."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui import ask
from ui.widgets.code_hint import CodeHint
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.rules.agencies import PERSON_ROLES
from xinyi_desktop.rules.check_codes import check_id_number, mask_id_number
from xinyi_desktop.rules.permissions import allows
from xinyi_desktop.services.agencies import (
    PersonInput,
    add_person,
    get_agency,
    get_person,
    update_person,
)
from xinyi_desktop.store.models import User


class PersonDialog(FormDialog):
    """Add a person to ``agency_id`` (``person_id`` None) or edit one; ``saved_id`` on accept."""

    def __init__(
        self,
        actor: User,
        agency_id: int,
        person_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        title = self.tr("新增人员") if person_id is None else self.tr("编辑人员")
        super().__init__(title, parent, min_width=480)
        self.actor = actor
        self.agency_id = agency_id
        self.person_id = person_id
        self.saved_id: int | None = None

        self.agency_label = QLabel(get_agency(agency_id).name, self)
        self.name_edit = QLineEdit(self)
        self.name_edit.setMaxLength(50)
        self.role_combo = QComboBox(self)
        for key, label in PERSON_ROLES.items():
            self.role_combo.addItem(label, key)
        self.title_edit = QLineEdit(self)
        self.title_edit.setPlaceholderText(self.tr("例：镇长、局长"))
        self.id_edit = QLineEdit(self)
        self.id_edit.setMaxLength(30)
        self.id_edit.setPlaceholderText(self.tr("18位，可暂不填写"))
        self.id_hint = CodeHint(check_id_number, self)
        self.phone_edit = QLineEdit(self)
        self.phone_edit.setMaxLength(40)
        self.start_edit = DateEdit(self.tr("任职日期"), "start_on", self)
        self.end_edit = DateEdit(self.tr("离任日期"), "end_on", self)
        self.end_edit.line.setPlaceholderText(self.tr("空白表示仍在任"))
        self.note_edit = QPlainTextEdit(self)
        self.note_edit.setFixedHeight(60)

        self.form.addRow(self.tr("所在单位"), self.agency_label)
        self.form.addRow(self.tr("姓名 *"), self.name_edit)
        self.form.addRow(self.tr("身份 *"), self.role_combo)
        self.form.addRow(self.tr("职务"), self.title_edit)
        self.add_checked_row(self.tr("身份证号码"), self.id_edit, self.id_hint)
        self.form.addRow(self.tr("联系电话"), self.phone_edit)
        self.form.addRow(self.tr("任职日期"), self.start_edit)
        self.form.addRow(self.tr("离任日期"), self.end_edit)
        self.form.addRow(self.tr("备注"), self.note_edit)

        self.fields = {
            "name": self.name_edit,
            "role": self.role_combo,
            "title": self.title_edit,
            "id_number": self.id_edit,
            "phone": self.phone_edit,
            "start_on": self.start_edit,
            "end_on": self.end_edit,
            "note": self.note_edit,
        }
        if person_id is not None:
            self._load(person_id)
        self.name_edit.setFocus()

    def _load(self, person_id: int) -> None:
        person = get_person(person_id)
        self.expected_version = person.row_version
        self.name_edit.setText(person.name)
        self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(person.role)))
        self.title_edit.setText(person.title)
        self._stored_id = person.id_number or ""
        if allows(self.actor.role, "see_id_numbers"):
            self.id_edit.setText(self._stored_id)
        else:  # a read-only user sees the number masked and cannot change it
            self.id_edit.setText(mask_id_number(self._stored_id) if self._stored_id else "")
            self.id_edit.setReadOnly(True)
        self.phone_edit.setText(person.phone)
        self.start_edit.set_date(person.start_on)
        self.end_edit.set_date(person.end_on)
        self.note_edit.setPlainText(person.note)

    def input(self) -> PersonInput:
        """What the clerk typed; raises ValidationError for an unreadable date."""
        return PersonInput(
            name=self.name_edit.text(),
            role=self.role_combo.currentData(),
            title=self.title_edit.text(),
            id_number=self.id_edit.text() if not self.id_edit.isReadOnly() else self._stored_id,
            phone=self.phone_edit.text(),
            start_on=self.start_edit.date(),
            end_on=self.end_edit.date(),
            note=self.note_edit.toPlainText(),
        )

    def apply(self) -> None:
        data = self.input()
        if self.person_id is None:
            saved = add_person(self.actor, self.agency_id, data)
        else:
            saved = update_person(
                self.actor, self.person_id, data, expected_version=self.expected_version
            )
        self.saved_id = saved.record.id
        if saved.warnings:
            ask.warning(self, self.tr("已保存。请注意：") + "\n" + "\n".join(saved.warnings))
