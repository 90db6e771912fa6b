"""Read-only tables of text rows, as the detail dialogs and settings tabs list things."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QTableView, QTableWidget, QTableWidgetItem

from xinyi_desktop import local_config

# The longest case number a clerk meets, to size fields and columns by: a five-digit
# serial of a two-character case type.
LONG_CASE_NUMBER = "（2026）苏0381行初37399号"


def list_table(headers: list[str]) -> QTableWidget:
    """A table of whole rows, one selected at a time, not editable in place."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: list[list]) -> None:
    """Put ``rows`` in ``table`` (None as an empty cell), each cell's text also its
    tooltip (for long values)."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            text = str(value or "")
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def table(headers: list[str], *, multi: bool = False) -> QTableWidget:
    """``list_table`` for the pages' lists (整改与问责, 督查, 措施目录); ``multi``: many rows
    may be selected at once."""
    widget = list_table(headers)
    if multi:
        widget.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return widget


def selected_rows(widget: QTableWidget) -> list[int]:
    return sorted({i.row() for i in widget.selectionModel().selectedRows()})


def day(value) -> str:
    return value.isoformat() if value else ""


def fit_columns(view: QTableView, samples: list[str], remember: str = "") -> None:
    """Each column as wide as its typical content (``samples``, one per column) or its
    header, measured in the view's own font, so a scaled screen or a larger font still
    shows a whole case number. Widths the clerk drags are kept on this PC under
    ``remember`` (the last column stretches and is not kept)."""
    header = view.horizontalHeader()
    cell = view.fontMetrics()
    heading = header.fontMetrics()
    room = 2 * heading.horizontalAdvance("中")  # padding and the sort indicator
    model = view.model()
    for column, sample in enumerate(samples):
        label = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        width = max(cell.horizontalAdvance(sample) + cell.horizontalAdvance("中"), 0)
        header.resizeSection(column, max(width, heading.horizontalAdvance(label) + room))
    if remember:
        _WidthKeeper(view, samples, remember)


class _WidthKeeper(QObject):
    """Puts back the widths the clerk gave the columns, and notes new ones (a moment after
    the drag ends, not at every pixel of it)."""

    def __init__(self, view: QTableView, samples: list[str], key: str) -> None:
        super().__init__(view)
        self.header, self.key, self.count = view.horizontalHeader(), f"columns.{key}", len(samples)
        saved = local_config.view_state(self.key)
        if isinstance(saved, list) and len(saved) == self.count:
            for column, width in enumerate(saved[:-1]):
                if isinstance(width, int) and width > 0:
                    self.header.resizeSection(column, width)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(400)
        self.timer.timeout.connect(self.save)
        self.header.sectionResized.connect(self.changed)

    def changed(self, column: int, _old: int, _new: int) -> None:
        if column < self.count - 1:  # the stretched last column follows the window
            self.timer.start()

    def save(self) -> None:
        widths = [self.header.sectionSize(c) for c in range(self.count)]
        local_config.set_view_state(self.key, widths)
