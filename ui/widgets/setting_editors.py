"""Editors for declared settings: one widget per setting type, read and written alike."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QSpinBox, QWidget

from ui.widgets.date_edit import DateEdit
from xinyi_desktop.settings import Declaration


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
