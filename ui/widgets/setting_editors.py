"""Editors for declared settings: one widget per setting type, read and written alike."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ui import ask
from ui.widgets.date_edit import DateEdit
from xinyi_desktop.settings import Declaration


class FolderEdit(QWidget):
    """A folder's path, typed or picked with 选择…; read and written as text (the
    settings service checks it can be written in)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.line = QLineEdit()
        self.line.setPlaceholderText("留空则使用数据目录下的 backups 文件夹")
        self.pick_button = QPushButton("选择…")
        self.pick_button.clicked.connect(self.pick)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.pick_button)
        self.setFocusProxy(self.line)

    def pick(self) -> None:
        chosen = ask.existing_folder(self, f"选择{self.title}", self.line.text().strip())
        if chosen:
            self.line.setText(chosen)

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:  # noqa: N802 (as QLineEdit's)
        self.line.setText(text)


def editor_for(decl: Declaration) -> QWidget:
    if decl.type == "bool":
        return QCheckBox()
    if decl.type == "int":
        box = QSpinBox()
        box.setRange(
            decl.minimum if decl.minimum is not None else -1_000_000,
            decl.maximum if decl.maximum is not None else 1_000_000,
        )
        return box
    if decl.type == "choice":
        combo = QComboBox()
        combo.addItems(list(decl.choices))
        return combo
    if decl.type == "date":
        return DateEdit(decl.label, decl.key)
    if decl.type == "folder":
        return FolderEdit(decl.label)
    return QLineEdit()


def read_editor(decl: Declaration, widget: QWidget):
    if decl.type == "bool":
        return widget.isChecked()
    if decl.type == "int":
        return widget.value()
    if decl.type == "choice":
        return widget.currentText()
    if decl.type == "date":
        return widget.date()
    return widget.text()


def write_editor(decl: Declaration, widget: QWidget, value) -> None:
    if decl.type == "bool":
        widget.setChecked(bool(value))
    elif decl.type == "int":
        widget.setValue(int(value))
    elif decl.type == "choice":
        widget.setCurrentText(str(value))
    elif decl.type == "date":
        widget.set_date(value)
    else:
        widget.setText("" if value is None else str(value))
