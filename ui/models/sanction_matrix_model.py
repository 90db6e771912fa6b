"""The 惩戒 matrix: listed agencies (rows) × measures (columns), each cell coloured by the
status of its items (the least advanced one, so what still needs doing shows)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from xinyi_desktop.rules.sanctions import ORDER, ItemStatus
from xinyi_desktop.services.sanction_query import MatrixFilter, MatrixRow, matrix

COLOURS = {
    ItemStatus.PROPOSED: "#e8e8e8",
    ItemStatus.SUBMITTED: "#fde9b8",
    ItemStatus.APPROVED: "#fbd38d",
    ItemStatus.DELIVERED: "#bcdcf5",
    ItemStatus.CARRIED_OUT: "#f5a3a3",
    ItemStatus.LIFTED: "#c6e8c6",
    ItemStatus.NOT_APPLICABLE: "#ffffff",
}
FIXED = ["单位", "案号"]


def cell_status(items) -> ItemStatus | None:
    """The status a cell shows: the least advanced of its items still in the workflow."""
    live = [ItemStatus(i.status) for i in items if i.status != ItemStatus.NOT_APPLICABLE.value]
    if not live:
        return ItemStatus.NOT_APPLICABLE if items else None
    return min(live, key=ORDER.index)


class SanctionMatrixModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.measures = []
        self.rows: list[MatrixRow] = []

    def load(self, flt: MatrixFilter | None = None) -> None:
        self.beginResetModel()
        self.measures, self.rows = matrix(flt)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(FIXED) + len(self.measures)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(FIXED):
            return FIXED[section]
        return self.measures[section - len(FIXED)].name

    def items_at(self, index: QModelIndex) -> list:
        if not index.isValid() or index.column() < len(FIXED):
            return []
        key = self.measures[index.column() - len(FIXED)].key
        return self.rows[index.row()].cells.get(key, [])

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if index.column() < len(FIXED):
            if role == Qt.ItemDataRole.DisplayRole:
                text = row.agency if index.column() == 0 else row.case_no
                return text + ("（已移出）" if row.removed and index.column() == 0 else "")
            return None
        items = self.items_at(index)
        status = cell_status(items)
        if role == Qt.ItemDataRole.DisplayRole:
            if status is None:
                return ""
            return status.label + (f" ×{len(items)}" if len(items) > 1 else "")
        if role == Qt.ItemDataRole.BackgroundRole and status is not None:
            return QBrush(QColor(COLOURS[status]))
        if role == Qt.ItemDataRole.ToolTipRole and items:
            return "\n".join(f"{i.target_name}：{ItemStatus(i.status).label}" for i in items)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
