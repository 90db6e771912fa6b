"""设置 › 期限规则: each rule's period, unit, whether it moves off holidays, who acts,
how early to remind, and whether it is in force."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.deadline_rules import UNITS
from xinyi_desktop.services.deadline_rules import load_rules, reset_rule, save_rule
from xinyi_desktop.store.models import User

HEADERS = [
    "期限",
    "触发",
    "期间",
    "单位",
    "期满遇节假日顺延",
    "应办理方",
    "提前提醒（工作日）",
    "启用",
]
CASE_UNITS = ("working_days", "calendar_days", "same_day")


class RuleSettings(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setStyleSheet("color: #5f6670;")
        self.status = QLabel()
        self.save_button = QPushButton("保存修改")
        self.save_button.setObjectName("primaryButton")
        self.reset_button = QPushButton("恢复选中规则的默认值")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        note = QLabel(
            "修改后，所有未办期限按新规则重新计算，变化记入各案件的时间线；已办、免除和经办人改期的期限不变。"
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.description)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.save_button.clicked.connect(self.save)
        self.reset_button.clicked.connect(self.reset)
        self.refresh()

    def refresh(self) -> None:
        self.rules = load_rules()
        self.editors: list[dict] = []
        self.table.setRowCount(len(self.rules))
        for i, rule in enumerate(self.rules):
            self.table.setItem(i, 0, QTableWidgetItem(rule.label))
            self.table.setItem(i, 1, QTableWidgetItem(rule.trigger_label))
            offset = QSpinBox()
            offset.setRange(0, 3650)
            offset.setValue(rule.offset)
            unit = QComboBox()
            units = CASE_UNITS if rule.per_case else (rule.unit,)
            for key in units:
                unit.addItem(UNITS[key], key)
            unit.setCurrentIndex(unit.findData(rule.unit))
            roll = QCheckBox()
            roll.setChecked(rule.roll)
            roll.setEnabled(rule.per_case)
            actor = QLineEdit(rule.actor)
            remind = QSpinBox()
            remind.setRange(0, 60)
            remind.setValue(rule.remind)
            enabled = QCheckBox()
            enabled.setChecked(rule.enabled)
            editors = {
                "offset": offset,
                "unit": unit,
                "roll": roll,
                "actor": actor,
                "remind": remind,
                "enabled": enabled,
            }
            for column, widget in enumerate(editors.values(), 2):
                self.table.setCellWidget(i, column, widget)
            self.editors.append(editors)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, 190)
        self.status.clear()

    def _values(self, index: int) -> dict:
        editors = self.editors[index]
        return {
            "offset": editors["offset"].value(),
            "unit": editors["unit"].currentData(),
            "roll": editors["roll"].isChecked(),
            "actor": editors["actor"].text().strip(),
            "remind": editors["remind"].value(),
            "enabled": editors["enabled"].isChecked(),
        }

    def _selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.description.setText(self.rules[rows[0].row()].description if rows else "")

    def save(self) -> None:
        changed = []
        try:
            for i, rule in enumerate(self.rules):
                values = self._values(i)
                if any(getattr(rule, k) != v for k, v in values.items()):
                    save_rule(self.actor, rule.kind, values)
                    changed.append(rule.label)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        self.refresh()
        self.status.setText(
            f"已保存：{'、'.join(changed)}。未办期限已重新计算。" if changed else "没有修改。"
        )

    def reset(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            ask.information(self, "请先选中一条规则。")
            return
        rule = self.rules[rows[0].row()]
        if ask.question(self, f"将“{rule.label}”恢复为程序提供的默认值？"):
            reset_rule(self.actor, rule.kind)
            self.refresh()
            self.status.setText(f"“{rule.label}”已恢复默认值。")
