"""案件 — the case register: search, filters, the table, and the way into each case."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.models.case_table_model import CaseTableModel, stage_text
from ui.widgets.combos import fit_popup
from ui.widgets.tables import LONG_CASE_NUMBER, fit_columns
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services.agencies import list_agencies
from xinyi_desktop.services.case_query import COLUMNS, DEFAULT_SORT, CaseFilter, case_years
from xinyi_desktop.store.models import User


class CasesPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索案号、单位、原告或案由")
        self.search.setToolTip("案号可按任何写法输入；多个词用空格分开，同时满足才列出")
        self.search.setClearButtonEnabled(True)
        # Room for a whole case number as the courts write it, with the clear button.
        self.search.setMinimumWidth(
            self.search.fontMetrics().horizontalAdvance(LONG_CASE_NUMBER + "中中中")
        )
        self.stage_filter = QComboBox()
        self.stage_filter.addItem("全部阶段", None)
        for stage in Stage:
            self.stage_filter.addItem(stage.label, stage.value)
        self.year_filter = QComboBox()
        self.agency_filter = QComboBox()
        self.agency_filter.setEditable(True)
        self.agency_filter.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency_filter.setMinimumContentsLength(14)
        completer = self.agency_filter.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.clear_button = QPushButton("清除条件")
        self.export_button = QPushButton("导出台账…")
        self.export_button.setToolTip("按当前筛选条件导出案件台账（Excel）")
        self.new_button = QPushButton("新建案件")
        self.new_button.setObjectName("primaryButton")

        # Two rows: on a 1366×768 screen at 150 % one row leaves the search box no room.
        actions = QHBoxLayout()
        actions.addWidget(self.search, 1)
        actions.addWidget(self.clear_button)
        self.import_button = QPushButton("导入法院数据")
        self.import_button.clicked.connect(self._import)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(QLabel("阶段"))
        filters.addWidget(self.stage_filter)
        filters.addWidget(QLabel("年份"))
        filters.addWidget(self.year_filter)
        filters.addWidget(QLabel("被告单位"))
        filters.addWidget(self.agency_filter, 1)

        self.model = CaseTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSortIndicator(COLUMN_INDEX[DEFAULT_SORT], Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)  # after the indicator, so it sorts as loaded
        header.setStretchLastSection(True)
        fit_columns(self.table, column_samples(), remember="cases")
        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.search.returnPressed.connect(self.apply_filter)
        self.stage_filter.currentIndexChanged.connect(self.apply_filter)
        self.year_filter.currentIndexChanged.connect(self.apply_filter)
        self.agency_filter.activated.connect(self.apply_filter)
        self.agency_filter.lineEdit().editingFinished.connect(self._agency_typed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.new_button.clicked.connect(self.new_case)
        self.export_button.clicked.connect(self.export_register)
        self.table.doubleClicked.connect(
            lambda index: self.open_case(self.model.case_id(index.row()))
        )
        self.refresh()

    # --- filters ----------------------------------------------------------------------
    def _fill_choices(self) -> None:
        """Reload the year and agency lists, keeping what is chosen."""
        for combo, items in (
            (self.year_filter, [("全部年份", None)] + [(f"{y}年", y) for y in case_years()]),
            (self.agency_filter, [("全部单位", None)] + [(a.name, a.id) for a in list_agencies()]),
        ):
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        fit_popup(self.agency_filter)

    def _agency_typed(self) -> None:
        index = self.agency_filter.findText(self.agency_filter.currentText())
        if index < 0:
            index = 0
        self.agency_filter.setCurrentIndex(index)
        self.apply_filter()

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            text=self.search.text(),
            stage=self.stage_filter.currentData(),
            agency_id=self.agency_filter.currentData(),
            year=self.year_filter.currentData(),
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.refresh(self.current_filter())
        self._show_count()

    def clear_filters(self) -> None:
        for widget in (self.stage_filter, self.year_filter, self.agency_filter, self.search):
            widget.blockSignals(True)
        self.search.clear()
        self.stage_filter.setCurrentIndex(0)
        self.year_filter.setCurrentIndex(0)
        self.agency_filter.setCurrentIndex(0)
        for widget in (self.stage_filter, self.year_filter, self.agency_filter, self.search):
            widget.blockSignals(False)
        self.apply_filter()

    def _show_count(self) -> None:
        total = self.model.total()
        flt = self.current_filter()
        filtered = any((flt.text.strip(), flt.stage, flt.year, flt.agency_id))
        text = f"符合条件的案件共 {total} 件" if filtered else f"共 {total} 件案件"
        if total == 0 and filtered:
            text += "。没有找到：请检查搜索词或点“清除条件”。"
        self.count_label.setText(text + "　（双击一行查看详情）" if total else text)

    def refresh(self) -> None:
        self._fill_choices()
        self.apply_filter()

    # --- actions ----------------------------------------------------------------------
    def select_case(self, case_id: int) -> None:
        row = self.model.row_of(case_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def _import(self) -> None:
        from ui.dialogs.import_wizard import ImportWizard

        wizard = ImportWizard(self.actor, parent=self)
        if wizard.exec():
            self.refresh()

    def export_register(self) -> None:
        from ui.pages.reports import export_register_dialog

        export_register_dialog(self, self.current_filter())

    def new_case(self) -> None:
        from ui.dialogs.case_dialog import CaseDialog

        dialog = CaseDialog(self.actor, parent=self)
        dialog.open_existing.connect(self.open_case)
        if dialog.exec():
            self.refresh()
            self.select_case(dialog.saved_id)

    def open_case(self, case_id: int) -> None:
        from ui.dialogs.case_detail import CaseDetailDialog

        dialog = CaseDetailDialog(self.actor, case_id, parent=self)
        dialog.exec()
        if dialog.changed:
            self.refresh()
        self.select_case(case_id)


COLUMN_INDEX = {column.key: i for i, column in enumerate(COLUMNS)}
DATE_COLUMNS = ("filed_on", "judgment_effective_on", "performance_deadline", "listed_on")


def column_samples() -> list[str]:
    """Typical content of each register column, to size it by: a long case number, the
    longest stage text, a date; the free-text columns by their declared width."""
    stages = [stage_text(Stage.CLOSED.value, o.value) for o in Outcome]
    typical = {"case_no": LONG_CASE_NUMBER, "stage": max(stages, key=len)}
    typical.update(dict.fromkeys(DATE_COLUMNS, "2026-11-24"))
    return [typical.get(column.key, "中" * column.width) for column in COLUMNS]
