"""The agency list (政府机构名册) as a Qt table: names, kinds, credit codes and case counts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor

from xinyi_desktop.rules.agencies import kind_label
from xinyi_desktop.services.agencies import case_counts, credit_code_warning, list_agencies

WARNING_COLOR = QColor("#b35c00")  # dark orange: a warning, not an error
WARNING_MARK = "⚠ "
#: Role that gives the raw value to sort by (numbers as numbers).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

COL_NAME, COL_KIND, COL_AREA, COL_PARENT, COL_CODE, COL_CASES = range(6)


@dataclass(frozen=True)
class AgencyRow:
    """What one table row shows, read once per refresh."""

    id: int
    name: str
    kind: str
    area: str
    parent: str
    credit_code: str
    code_problem: str | None
    cases: int


class AgencyTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers = [
            self.tr("单位名称"),
            self.tr("类别"),
            self.tr("所属镇街/部门"),
            self.tr("上级单位"),
            self.tr("统一社会信用代码"),
            self.tr("案件数"),
        ]
        self._rows: list[AgencyRow] = []
        self._text = ""

    # --- loading -------------------------------------------------------------------------

    def refresh(self, text: str | None = None) -> None:
        """Reload from the database; ``text`` filters by name or area (None keeps the last)."""
        if text is not None:
            self._text = text
        agencies = list_agencies(self._text)
        counts = case_counts()
        names = {a.id: a.name for a in agencies}
        rows = []
        for agency in agencies:
            parent_name = ""
            if agency.parent_id is not None:
                parent_name = names.get(agency.parent_id) or agency.parent.name
            rows.append(
                AgencyRow(
                    id=agency.id,
                    name=agency.name,
                    kind=kind_label(agency.kind),
                    area=agency.area,
                    parent=parent_name,
                    credit_code=agency.credit_code or "",
                    code_problem=credit_code_warning(agency),
                    cases=counts.get(agency.id, 0),
                )
            )
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def filter_text(self) -> str:
        return self._text

    def agency_id_at(self, row: int) -> int | None:
        if 0 <= row < len(self._rows):
            return self._rows[row].id
        return None

    def row_of(self, agency_id: int | None) -> int:
        """The row showing this agency, -1 when it is not shown."""
        for row, item in enumerate(self._rows):
            if item.id == agency_id:
                return row
        return -1

    # --- Qt model API --------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        item = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, column)
        if role == SORT_ROLE:
            if column == COL_CODE:
                return item.credit_code  # the ⚠ mark must not decide the order
            return self._display(item, column)
        if column == COL_CODE and item.code_problem:
            if role == Qt.ItemDataRole.ForegroundRole:
                return WARNING_COLOR
            if role == Qt.ItemDataRole.ToolTipRole:
                return item.code_problem
        if column in (COL_NAME, COL_AREA, COL_PARENT) and role == Qt.ItemDataRole.ToolTipRole:
            return self._display(item, column) or None  # the full text of a clipped cell
        if column == COL_CASES and role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _display(item: AgencyRow, column: int) -> str | int:
        if column == COL_NAME:
            return item.name
        if column == COL_KIND:
            return item.kind
        if column == COL_AREA:
            return item.area
        if column == COL_PARENT:
            return item.parent
        if column == COL_CODE:
            return WARNING_MARK + item.credit_code if item.code_problem else item.credit_code
        return item.cases
