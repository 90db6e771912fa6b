"""设置 — office settings drawn from their declarations, plus the tabs features add."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.form_errors import ErrorLabel
from ui.widgets.setting_editors import editor_for, read_editor, write_editor
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.settings import Declaration, declarations, get_setting, set_settings
from xinyi_desktop.store.models import User

# Features with editors of their own (holiday tables, deadline rules, templates) add a tab:
# (tab label, "module:class"); the class takes (actor, parent).
EXTRA_TABS: list[tuple[str, str]] = [
    ("用户", "ui.pages.users_tab:UsersTab"),
    ("备份", "ui.pages.backup_tab:BackupTab"),
    ("数据库", "ui.pages.database_tab:DatabaseTab"),
    ("字体", "ui.pages.fonts_tab:FontsTab"),
    ("节假日", "ui.pages.holiday_settings:HolidaySettings"),
    ("期限规则", "ui.pages.deadline_rule_settings:RuleSettings"),
    ("文书模板", "ui.pages.template_settings:TemplateSettings"),
    ("惩戒措施", "ui.pages.measure_settings:MeasureSettings"),
]


class GeneralSettings(QWidget):
    """Every declared setting, grouped, with one save button."""

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.editors: dict[str, tuple[Declaration, QWidget]] = {}
        body = QWidget()
        body_layout = QVBoxLayout(body)
        groups: dict[str, QFormLayout] = {}
        for decl in declarations().values():
            if decl.group not in groups:
                box = QGroupBox(decl.group)
                groups[decl.group] = QFormLayout(box)
                body_layout.addWidget(box)
            widget = editor_for(decl)
            widget.setToolTip(decl.tooltip)
            groups[decl.group].addRow(decl.label, widget)
            self.editors[decl.key] = (decl, widget)
        body_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.errors = ErrorLabel()
        self.saved_label = QLabel()
        self.save_button = QPushButton("保存设置")
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved_label, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        for key, (decl, widget) in self.editors.items():
            write_editor(decl, widget, get_setting(key))
        self.errors.clear_error()
        self.saved_label.clear()

    def save(self) -> None:
        self.errors.clear_error()
        try:
            values = {
                key: read_editor(decl, widget) for key, (decl, widget) in self.editors.items()
            }
            set_settings(self.actor, values)
        except XinyiError as error:
            self.errors.show_error(error, {k: w for k, (_, w) in self.editors.items()})
            return
        self.saved_label.setText("设置已保存。")


class SettingsPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.general = GeneralSettings(actor)
        self.tabs.addTab(self.general, "常规")
        for label, target in EXTRA_TABS:
            module, name = target.split(":")
            self.tabs.addTab(getattr(importlib.import_module(module), name)(actor), label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        for index in range(self.tabs.count()):
            tab = self.tabs.widget(index)
            if hasattr(tab, "refresh"):
                tab.refresh()
