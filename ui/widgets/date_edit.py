"""A date field that may stay empty and reads dates the way clerks type them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, Signal
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from xinyi_desktop.rules.dates import parse_date


class DateEdit(QWidget):
    """Typed text (``2025.3.5``, ``2025年3月5日`` …) or a pick from the calendar button."""

    changed = Signal()

    def __init__(self, label: str, field: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.field = field or label
        self.line = QLineEdit(self)
        self.line.setPlaceholderText("例：2025-03-05")
        self.line.setClearButtonEnabled(True)
        self.line.textChanged.connect(self.changed)
        self.button = QToolButton(self)
        self.button.setText("日历")
        self.button.setToolTip("从日历选择")
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        menu = QMenu(self.button)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.button.setMenu(menu)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)
        self._fit_width()

    def _fit_width(self) -> None:
        """Room for a whole date and the clear button, whatever the font and scaling (a
        crowded row otherwise shrinks the field to "01")."""
        metrics = self.line.fontMetrics()
        text = metrics.horizontalAdvance("2026-12-31")
        clear = metrics.height() + 8  # the clear button, about a line high, and its margin
        self.line.setMinimumWidth(text + clear + 12)  # the frame and the text's margins

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_width()

    def _prepare_calendar(self) -> None:
        try:
            current = self.date()
        except Exception:  # noqa: BLE001 - an unreadable text just opens the calendar at today
            current = None
        self.calendar.setSelectedDate(QDate(current or dt.date.today()))

    def _picked(self, qdate: QDate) -> None:
        self.set_date(qdate.toPython())
        self.button.menu().hide()

    def date(self) -> dt.date | None:
        """The date typed, None when empty; raises ValidationError naming the field."""
        return parse_date(self.line.text(), label=self.label, field=self.field)

    def set_date(self, value: dt.date | None) -> None:
        self.line.setText(value.isoformat() if value else "")

    def text(self) -> str:
        return self.line.text()
