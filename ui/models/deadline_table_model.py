"""A table model over a list of deadlines (``services.deadline_query.DeadlineRow``)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from xinyi_desktop.services.deadline_query import DeadlineRow

COLUMNS = [  # (header, width in Chinese characters)
    ("到期日", 7),
    ("期限", 7),
    ("状态", 4),
    ("案号", 13),
    ("被告单位", 15),
    ("应办理方", 5),
    ("计算依据", 24),
]
STATUS_COLOURS = {
    "overdue": QColor("#c62828"),
    "open": QColor("#2b2f36"),
    "done": QColor("#2e7d32"),
    "waived": QColor("#7a7f87"),
}
URGENT_COLOUR = QColor("#e67e00")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class DeadlineTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[DeadlineRow] = []
        self.urgent_ids: set[int] = set()

    def set_rows(self, rows: list[DeadlineRow], urgent_ids: set[int] | None = None) -> None:
        self.beginResetModel()
        self.rows = rows
        self.urgent_ids = urgent_ids or set()
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None

    def row_at(self, row: int) -> DeadlineRow:
        return self.rows[row]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 0 and not row.calendar_known:
                return "该年节假日安排尚未录入，此日期暂按周末推算，请在“设置 → 节假日”中录入后核对"
            if column == 6 and row.manual:
                return f"经办人改期：{row.note}"
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column in (0, 2):
            if row.status == "open" and row.id in self.urgent_ids:
                return URGENT_COLOUR
            return STATUS_COLOURS.get(row.status)
        if role == ROW_ROLE:
            return row
        return None

    @staticmethod
    def _text(row: DeadlineRow, column: int) -> str:
        if column == 0:
            mark = "" if row.calendar_known else " ⚠"
            return row.due_on.isoformat() + mark
        if column == 1:
            return row.label
        if column == 2:
            return row.status_label
        if column == 3:
            return row.case_no
        if column == 4:
            return row.agency
        if column == 5:
            return row.responsible
        return row.rule + ("（已改期）" if row.manual else "")
