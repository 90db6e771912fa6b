"""Showing a refusal inside a dialog: the message in red, the field at fault focused."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from xinyi_desktop.errors import XinyiError


class ErrorLabel(QLabel):
    """Wrapped red text that asks its layout for the height its lines need: a layout
    reads only a label's one-line minimum, and the lines would cover the fields above."""

    shown = Signal()  # a message was put up: a dialog makes room for it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorLabel")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self._width = 0  # the width the layout last gave it; 0 before it ever had one
        self.hide()

    def show_error(self, error: XinyiError, fields: dict[str, QWidget]) -> None:
        self.show_text(str(error))
        widget = fields.get(error.field or "")
        if widget is not None:
            widget.setFocus()

    def show_text(self, text: str) -> None:
        self.setText(text)
        self.show()
        self.fit_lines(self._width)
        self.shown.emit()

    def fit_lines(self, width: int) -> None:
        """Reserve the height the wrapped text needs at ``width``."""
        self.setMinimumHeight(self.heightForWidth(width) if self.text() and width > 0 else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.isVisible() and event.size().width() != self._width:
            self._width = event.size().width()
            self.fit_lines(self._width)

    def clear_error(self) -> None:
        self.clear()
        self.setMinimumHeight(0)
        self.hide()
