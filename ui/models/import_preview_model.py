"""The import preview as a table: every row of the file with its outcome and the reason,
and the cells at fault coloured with the message as tooltip."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from xinyi_desktop.importing.cells import text_of
from xinyi_desktop.services.court_import import OUTCOME_LABELS, FilePlan

FIXED = ["行号", "结果", "说明"]
COLOURS = {
    "new": "#e3f4e1",
    "update": "#e1ecfa",
    "unchanged": "#f2f2f2",
    "error": "#fbe0e0",
    "skipped": "#f7f7f7",
    "warning": "#fff1d6",
}
FILTERS = [
    ("全部", None),
    ("新增", "new"),
    ("更新", "update"),
    ("无变化", "unchanged"),
    ("有警告", "warning"),
    ("错误", "error"),
    ("跳过", "skipped"),
]


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.plan: FilePlan | None = None
        self.layout = None  # the layout of the sheet shown
        self.rows: list = []
        self.columns: list = []
        self.only: str | None = None

    def set_plan(self, plan: FilePlan | None, only: str | None = None, *, part=None) -> None:
        """Show one sheet of ``plan`` (``part``; by default its first)."""
        self.beginResetModel()
        self.plan, self.only = plan, only
        part = part or (plan.parts[0] if plan else None)
        self.layout = part.layout if part else None
        self.columns = part.layout.columns if part else []
        self.rows = [r for r in (part.records if part else []) if self._keep(r)]
        self.endResetModel()

    def _keep(self, record) -> bool:
        if self.only is None:
            return True
        if self.only == "warning":
            return bool(record.warnings)
        return self.plan.outcome(record)[0] == self.only

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(FIXED) + len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if section < len(FIXED):
            return FIXED[section]
        column = self.columns[section - len(FIXED)]
        field = self.layout.mapping.get(column.index) if self.layout else None
        return f"{column.header or '（无列名）'}\n→ {self._label(field)}"

    def _label(self, field) -> str:
        from xinyi_desktop.importing.layout import load_synonyms

        return load_synonyms().label(field)

    def status(self, record) -> str:
        outcome, _ = self.plan.outcome(record)
        if outcome in ("new", "update") and record.warnings:
            return "warning"
        return outcome

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        record = self.rows[index.row()]
        col = index.column()
        outcome, why = self.plan.outcome(record)
        issues = (
            [i for i in record.issues if i.col_index == col - len(FIXED)]
            if col >= len(FIXED)
            else []
        )
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return record.row_no
            if col == 1:
                label = OUTCOME_LABELS.get(outcome, outcome)
                return label + ("（有警告）" if record.warnings and outcome != "error" else "")
            if col == 2:
                notes = [i.message for i in record.issues if i.col_index is None]
                return "；".join([why, *notes]) if notes else why
            cell = self.columns[col - len(FIXED)].index
            return text_of(record.cells[cell]) if cell < len(record.cells) else ""
        if role == Qt.ItemDataRole.BackgroundRole:
            if issues:
                worst = "error" if any(i.severity == "error" for i in issues) else "warning"
                return QColor(COLOURS[worst])
            if col < len(FIXED):
                return QColor(COLOURS.get(self.status(record), "#ffffff"))
        if role == Qt.ItemDataRole.ToolTipRole:
            if issues:
                return "\n".join(i.message for i in issues)
            if col == 2:
                return "\n".join([why, *(f"{i.column}：{i.message}" for i in record.issues)])
        return None
