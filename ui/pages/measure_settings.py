"""设置 › 惩戒措施 — the measures catalogue: edit a shipped measure, add one of the national
memorandum, import them from a spreadsheet, restore a shipped one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.widgets.form_dialog import FormDialog
from ui.widgets.tables import fill_table, selected_rows, table
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.agencies import PERSON_ROLES
from xinyi_desktop.services import measures
from xinyi_desktop.store.models import User

HEADERS = ["措施", "实施部门", "适用对象", "法律依据", "列入名单时自动列入", "来源", "状态"]


class MeasureDialog(FormDialog):
    def __init__(self, actor: User, measure: measures.Measure | None, parent=None):
        super().__init__("修改惩戒措施" if measure else "新增惩戒措施", parent, min_width=560)
        self.actor, self.measure = actor, measure
        data = measures.input_of(measure) if measure else measures.MeasureInput("", "")
        self.name = QLineEdit(data.name)
        self.department = QLineEdit(data.department)
        self.basis = QLineEdit(data.legal_basis)
        self.content = QPlainTextEdit(data.content)
        self.content.setFixedHeight(70)
        self.agency = QCheckBox("单位")
        self.agency.setChecked(data.reaches_agency)
        self.roles: dict[str, QCheckBox] = {}
        scope = QHBoxLayout()
        scope.addWidget(self.agency)
        for key, label in PERSON_ROLES.items():
            box = QCheckBox(label)
            box.setChecked(key in data.person_roles)
            self.roles[key] = box
            scope.addWidget(box)
        self.auto = QCheckBox("单位列入失信名单时自动列入惩戒清单")
        self.auto.setChecked(data.auto_apply)
        self.record = QCheckBox("实施后记入政务失信记录")
        self.record.setChecked(data.creates_record)
        self.active = QCheckBox("启用")
        self.active.setChecked(data.active)
        self.form.addRow("措施名称", self.name)
        self.form.addRow("实施部门", self.department)
        self.form.addRow("法律依据", self.basis)
        self.form.addRow("措施内容（印入告知函）", self.content)
        self.form.addRow("适用对象", scope)
        for box in (self.auto, self.record, self.active):
            self.form.addRow("", box)
        self.fields = {"name": self.name, "department": self.department, "roles": self.agency}
        self._attachment = data.attachment

    def apply(self):
        data = measures.MeasureInput(
            name=self.name.text(),
            department=self.department.text(),
            legal_basis=self.basis.text(),
            content=self.content.toPlainText(),
            reaches_agency=self.agency.isChecked(),
            person_roles=[k for k, box in self.roles.items() if box.isChecked()],
            auto_apply=self.auto.isChecked(),
            creates_record=self.record.isChecked(),
            attachment=self._attachment,
            active=self.active.isChecked(),
        )
        key = self.measure.key if self.measure else None
        version = self.measure.row_version if self.measure and self.measure.edited else None
        measures.save_measure(self.actor, key, data, expected_version=version)


class MeasureSettings(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.items: list[measures.Measure] = []
        self.table = table(HEADERS)
        self.table.doubleClicked.connect(self.on_edit)
        row = QHBoxLayout()
        for text, slot in (
            ("修改…", self.on_edit),
            ("新增…", self.on_add),
            ("从表格导入…", self.on_import),
            ("恢复出厂设置", self.on_reset),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        self.items = measures.catalogue()
        fill_table(
            self.table,
            [
                [
                    m.name,
                    m.department,
                    m.scope_text,
                    m.legal_basis,
                    "是" if m.auto_apply else "",
                    measures.SOURCES.get(m.source, m.source) + ("（已修改）" if m.edited else ""),
                    "启用" if m.active else "停用",
                ]
                for m in self.items
            ],
        )

    def current(self) -> measures.Measure | None:
        rows = selected_rows(self.table)
        return self.items[rows[0]] if rows else None

    def on_edit(self, *_args) -> None:
        measure = self.current()
        if measure is None:
            ask.information(self, "请先选择一项措施。")
        elif MeasureDialog(self.actor, measure, self).exec():
            self.refresh()

    def on_add(self) -> None:
        if MeasureDialog(self.actor, None, self).exec():
            self.refresh()

    def on_import(self) -> None:
        path = ask.open_file_name(self, "导入惩戒措施", "表格 (*.xlsx *.xls *.csv)")
        if not path:
            return
        try:
            added = measures.import_measures(self.actor, path)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        ask.information(self, f"已导入 {len(added)} 项措施（目录中已有的同名措施未重复导入）。")
        self.refresh()

    def on_reset(self) -> None:
        measure = self.current()
        if measure is None:
            return
        try:
            measures.reset_measure(self.actor, measure.key)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        self.refresh()
