"""Read-only tables of text rows, as the detail dialogs and settings tabs list things."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem


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


def fill_table(table: QTableWidget, rows: list[list[str]]) -> None:
    """Put ``rows`` in ``table``, each cell's text also its tooltip (for long values)."""
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setToolTip(value)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def table(headers: list[str], *, multi: bool = False) -> QTableWidget:
    """``list_table`` for the pages' lists (整改与问责, 督查, 措施目录); ``multi``: many rows
    may be selected at once."""
    widget = list_table(headers)
    if multi:
        widget.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    return widget


def fill(widget: QTableWidget, rows: list[list[str]]) -> None:
    widget.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            widget.setItem(r, c, QTableWidgetItem(str(value or "")))
    widget.resizeColumnsToContents()


def selected_rows(widget: QTableWidget) -> list[int]:
    return sorted({i.row() for i in widget.selectionModel().selectedRows()})


def day(value) -> str:
    return value.isoformat() if value else ""
