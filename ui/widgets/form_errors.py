"""Showing a refusal inside a dialog: the message in red, the field at fault focused."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from xinyi_desktop.errors import XinyiError


class ErrorLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self.hide()

    def show_error(self, error: XinyiError, fields: dict[str, QWidget]) -> None:
        self.setText(str(error))
        self.show()
        widget = fields.get(error.field or "")
        if widget is not None:
            widget.setFocus()

    def clear_error(self) -> None:
        self.clear()
        self.hide()
