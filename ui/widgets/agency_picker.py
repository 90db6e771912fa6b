"""Choosing the defendant agencies of a case: pick from the register or type a new name."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QGridLayout,
    QListWidget,
    QPushButton,
    QWidget,
)

from ui.widgets.combos import fit_popup
from xinyi_desktop.services.agencies import clean_name, list_agencies


class AgencyPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chooser = QComboBox()
        self.chooser.setEditable(True)
        self.chooser.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.chooser.addItems([a.name for a in list_agencies()])
        self.chooser.setCurrentIndex(-1)
        fit_popup(self.chooser)
        self.chooser.lineEdit().setPlaceholderText("输入或选择单位名称，按回车添加")
        completer = self.chooser.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_button = QPushButton("添加")
        self.remove_button = QPushButton("移除")
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(84)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.chooser, 0, 0)
        layout.addWidget(self.add_button, 0, 1)
        layout.addWidget(self.chosen, 1, 0)
        layout.addWidget(self.remove_button, 1, 1, Qt.AlignmentFlag.AlignTop)
        self.add_button.clicked.connect(self.add_current)
        self.chooser.lineEdit().returnPressed.connect(self.add_current)
        self.remove_button.clicked.connect(self.remove_selected)
        self.setFocusProxy(self.chooser)

    def add_current(self) -> None:
        self.add(self.chooser.currentText())
        self.chooser.setCurrentIndex(-1)
        self.chooser.clearEditText()

    def add(self, name: str) -> None:
        name = clean_name(name)
        if name and name not in self.names():
            self.chosen.addItem(name)
            self.changed.emit()

    def remove_selected(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self.changed.emit()

    def set_names(self, names: list[str]) -> None:
        self.chosen.clear()
        for name in names:
            self.add(name)

    def names(self) -> list[str]:
        """The chosen names, plus a name still typed in the box but not yet added."""
        return [self.chosen.item(i).text() for i in range(self.chosen.count())]

    def pending_name(self) -> str:
        return clean_name(self.chooser.currentText())
