"""The case register's table model: ids from one SQL query, rows fetched lazily in blocks.

Sorting and filtering happen in SQL (``services.case_query``); Qt's fetchMore grows the
visible rows as the clerk scrolls, and row data is read for the block being shown.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services.case_query import (
    COLUMNS,
    DEFAULT_SORT,
    CaseFilter,
    CaseIds,
    CaseRow,
    fetch_rows,
)

PAGE = 500  # rows added per fetchMore
BLOCK = 200  # rows read from the database at once
CACHE_LIMIT = 20_000

STAGE_COLOURS = {
    Stage.SUED: QColor("#1f5fa8"),
    Stage.LOST: QColor("#b25e00"),
    Stage.DISHONEST: QColor("#b3261e"),
    Stage.CLOSED: QColor("#5f6368"),
}
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


def stage_text(stage: str, outcome: str | None) -> str:
    text = Stage(stage).label
    if outcome:
        text += f"（{Outcome(outcome).label}）"
    return text


class CaseTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._ids: CaseIds | None = None  # until the first refresh
        self._shown = 0
        self._rows: dict[int, CaseRow] = {}
        self.filter = CaseFilter()
        self.sort_key = DEFAULT_SORT
        self.descending = True

    # --- loading ----------------------------------------------------------------------
    def refresh(self, flt: CaseFilter | None = None) -> None:
        """Run the query again (with a new filter if given), keeping the sort order."""
        if flt is not None:
            self.filter = flt
        self.beginResetModel()
        self._ids = CaseIds(self.filter, self.sort_key, self.descending)
        self._rows.clear()
        self._shown = min(PAGE, self.total())
        self.endResetModel()

    def total(self) -> int:
        return len(self._ids) if self._ids is not None else 0

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and self._shown < self.total()

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        more = min(PAGE, self.total() - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    def _row(self, row: int) -> CaseRow | None:
        case_id = self._ids[row]
        found = self._rows.get(case_id)
        if found is None:
            if len(self._rows) > CACHE_LIMIT:
                self._rows.clear()
            start = row - row % BLOCK
            for item in fetch_rows(self._ids.slice(start, start + BLOCK)):
                self._rows[item.id] = item
            found = self._rows.get(case_id)
        return found

    def case_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, case_id: int) -> int | None:
        row = self._ids.index(case_id) if self._ids is not None else None
        if row is None:
            return None
        while row >= self._shown:
            self.fetchMore()
        return row

    # --- Qt model ---------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].label
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:
            return None
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "stage":
                return stage_text(row.stage, row.outcome)
            value = row.value(key)
            return value.isoformat() if isinstance(value, dt.date) else value
        if role == Qt.ItemDataRole.ToolTipRole and key in ("plaintiffs", "defendants", "cause"):
            return row.value(key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "stage":
            return STAGE_COLOURS[Stage(row.stage)]
        if role == ID_ROLE:
            return row.id
        return None

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key, descending = COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending):
            return  # the view re-announces the current order, e.g. when sorting is enabled
        self.sort_key, self.descending = key, descending
        self.refresh()
