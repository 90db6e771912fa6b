"""A month of days, Monday first: each day with its holiday mark and the number of
deadlines due, coloured by urgency (overdue red, within 3 working days orange)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from xinyi_desktop.rules.workdays import WorkCalendar
from xinyi_desktop.services.deadline_query import DayCount, urgency

WEEKDAY_NAMES = ["一", "二", "三", "四", "五", "六", "日"]
BACKGROUNDS = {
    "overdue": QColor("#fbdada"),
    "urgent": QColor("#ffe4c2"),
    "later": QColor("#e6eef8"),
}
DAY_ROLE = Qt.ItemDataRole.UserRole + 1
# A cell's whole text and its shorter form for a narrow column (1366×768 at 150 %).
FULL_ROLE = Qt.ItemDataRole.UserRole + 2
SHORT_ROLE = Qt.ItemDataRole.UserRole + 3


class MonthGrid(QTableWidget):
    day_clicked = Signal(object)  # a datetime.date

    def __init__(self, parent=None) -> None:
        super().__init__(6, 7, parent)
        self.setHorizontalHeaderLabels([f"周{n}" for n in WEEKDAY_NAMES])
        self.verticalHeader().hide()
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cellClicked.connect(self._clicked)
        self.days: dict[dt.date, QTableWidgetItem] = {}
        self._fit_font()

    def row_minimum(self) -> int:
        """A week's row shows a day's two lines (the date, the count) and no more: the
        grid gives the rest of a short screen to the day's list."""
        return 2 * self.fontMetrics().lineSpacing() + 4

    def _fit_font(self) -> None:
        self.verticalHeader().setMinimumSectionSize(self.row_minimum())
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """The weekday header and a week and a half under it: on a short screen (1366×768
        at 150 %) the weeks scroll under the header, which stays in view."""
        frame = 2 * self.frameWidth()
        header = self.horizontalHeader().sizeHint().height()
        width = 7 * self.fontMetrics().horizontalAdvance("1 项待办") + frame
        return QSize(width, header + 3 * self.row_minimum() // 2 + frame)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        frame = 2 * self.frameWidth()
        header = self.horizontalHeader().sizeHint().height()
        rows = self.rowCount() * self.row_minimum()
        return QSize(self.minimumSizeHint().width(), header + rows + frame)

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_font()

    def show_month(
        self,
        year: int,
        month: int,
        counts: dict[dt.date, DayCount],
        calendar: WorkCalendar,
        today: dt.date,
    ) -> None:
        first = dt.date(year, month, 1)
        start = first - dt.timedelta(days=first.weekday())
        self.days = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for cell in range(42):
            day = start + dt.timedelta(days=cell)
            note = calendar.day_note(day)
            lines = [str(day.day)]
            working = calendar.is_working_day(day)
            if note:
                lines[0] += f"　{'班' if working else '休'}·{note.replace('调休上班', '')}"
            count = counts.get(day, DayCount())
            short = list(lines)
            if count.total:  # the day's list shows every one: so does the cell
                lines.append(count.text())
                short.append(count.short_text())
            item = QTableWidgetItem("\n".join(lines))
            item.setData(DAY_ROLE, day)
            item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            tips = [day.isoformat() + f"（周{WEEKDAY_NAMES[day.weekday()]}）"]
            if note:
                tips.append(note + ("" if working else "，放假"))
            if not calendar.knows(day.year):
                tips.append(f"{day.year} 年节假日安排未录入，按周末推算")
            if count.total:
                tips += [count.text(), count.tip()]
            item.setToolTip("\n".join(tips))
            if count.open:
                item.setBackground(QBrush(BACKGROUNDS[urgency(day, today, calendar)]))
                item.setFont(bold)
            if day.month != month:
                item.setForeground(QBrush(QColor("#a0a4aa")))
            elif not working:
                item.setForeground(QBrush(QColor("#c62828")))
            elif note:
                item.setForeground(QBrush(QColor("#1f5fa8")))
            prefix = "今天 " if day == today else ""
            if day == today:
                item.setFont(bold)
            item.setData(FULL_ROLE, prefix + "\n".join(lines))
            item.setData(SHORT_ROLE, prefix + "\n".join(short))
            self.setItem(cell // 7, cell % 7, item)
            self.days[day] = item
        self._fit_texts()

    def _fit_texts(self) -> None:
        """Each cell's whole text where its column has the room, else the short form."""
        room = self.columnWidth(0) - 8  # the cell's padding
        for item in self.days.values():
            full = item.data(FULL_ROLE)
            metrics = QFontMetrics(item.data(Qt.ItemDataRole.FontRole) or self.font())
            fits = not self.isVisible() or all(
                metrics.horizontalAdvance(line) <= room for line in full.split("\n")
            )
            item.setText(full if fits else item.data(SHORT_ROLE))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_texts()

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        self._fit_texts()  # not sized before it shows: every cell had its whole text

    def cell_of(self, day: dt.date) -> QTableWidgetItem | None:
        return self.days.get(day)

    def _clicked(self, row: int, column: int) -> None:
        item = self.item(row, column)
        if item is not None:
            self.day_clicked.emit(item.data(DAY_ROLE))
