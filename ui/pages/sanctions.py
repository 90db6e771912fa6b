"""惩戒 — the joint-punishment checklists: a matrix of listed agencies × measures coloured
by status, filters, the items of the chosen cells with their history, and bulk steps."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.dialogs.sanction_dialogs import DeliverDialog, StepDialog
from ui.models.sanction_matrix_model import COLOURS, SanctionMatrixModel
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.sanctions import STATUS_LABELS, ItemStatus, roles_label
from xinyi_desktop.services import sanction_query
from xinyi_desktop.services.measures import catalogue
from xinyi_desktop.store.models import User

ITEM_HEADERS = ["单位", "措施", "对象", "状态", "日期", "最近一步", "依据文书"]
STEPS = [
    (ItemStatus.SUBMITTED, "报送市政府…"),
    (ItemStatus.CARRIED_OUT, "登记已实施…"),
    (ItemStatus.LIFTED, "解除…"),
    (ItemStatus.NOT_APPLICABLE, "不适用…"),
    (ItemStatus.PROPOSED, "恢复为拟实施…"),
]


class SanctionsPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.search = QLineEdit()
        self.search.setPlaceholderText("单位名称或案号")
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.measure_box = QComboBox()
        self.department_box = QComboBox()
        self.status_box = QComboBox()
        self.status_box.addItem("全部状态", None)
        for status, label in STATUS_LABELS.items():
            self.status_box.addItem(label, status.value)
        self.removed = QCheckBox("含已移出名单的")
        for box in (self.measure_box, self.department_box, self.status_box):
            box.currentIndexChanged.connect(self.refresh)
        self.removed.toggled.connect(self.refresh)
        filters = QHBoxLayout()
        for widget in (self.measure_box, self.department_box, self.status_box, self.removed):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.model = SanctionMatrixModel(self)
        self.matrix = QTableView()
        self.matrix.setModel(self.model)
        self.matrix.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.matrix.verticalHeader().hide()
        self.matrix.selectionModel().selectionChanged.connect(self.show_items)
        legend = QHBoxLayout()
        legend.addWidget(QLabel("图例："))
        for status, colour in COLOURS.items():
            chip = QLabel(f" {status.label} ")
            chip.setStyleSheet(f"background:{colour}; border:1px solid #bbb; padding:1px 4px;")
            legend.addWidget(chip)
        legend.addStretch(1)

        self.items = QTableWidget(0, len(ITEM_HEADERS))
        self.items.setHorizontalHeaderLabels(ITEM_HEADERS)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.items.verticalHeader().hide()
        self.items.horizontalHeader().setStretchLastSection(True)
        self.items.itemSelectionChanged.connect(self.show_history)
        # The count on a line of its own, not after eight buttons (cut off at 150 %).
        self.count = QLabel()
        self.count.setWordWrap(True)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Eight buttons on two rows, in the order of the steps: one row of them is
        # wider than the page on 1366×768 at 150 %.
        buttons, more = QHBoxLayout(), QHBoxLayout()
        self.select_all = QPushButton("全选下方各项")
        self.select_all.clicked.connect(self.items.selectAll)
        buttons.addWidget(self.select_all)
        self.step_buttons: dict[ItemStatus, QPushButton] = {}
        for status, text in STEPS[:1]:
            self._step_button(buttons, status, text)
        self.deliver_button = QPushButton("送达（生成告知函）…")
        self.deliver_button.clicked.connect(self.on_deliver)
        buttons.addWidget(self.deliver_button)
        for status, text in STEPS[1:2]:
            self._step_button(buttons, status, text)
        for status, text in STEPS[2:]:
            self._step_button(more, status, text)
        self.complete_button = QPushButton("补全清单")
        self.complete_button.setToolTip("单位新登记了法定代表人等人员后，为其补上适用的措施")
        self.complete_button.clicked.connect(self.on_complete)
        more.addWidget(self.complete_button)
        buttons.addStretch(1)
        more.addStretch(1)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.count)
        lower_layout.addLayout(buttons)
        lower_layout.addLayout(more)
        lower_layout.addWidget(self.items, 1)
        lower_layout.addWidget(self.history)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.matrix, 1)
        top_layout.addLayout(legend)
        splitter.addWidget(top)
        splitter.addWidget(lower)
        splitter.setSizes([380, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        self._shown: list = []
        self._fill_filters()
        self.refresh()

    def _step_button(self, row: QHBoxLayout, status: ItemStatus, text: str) -> None:
        button = QPushButton(text)
        button.clicked.connect(lambda: self.on_step(status))
        self.step_buttons[status] = button
        row.addWidget(button)

    def _fill_filters(self) -> None:
        measures = catalogue()
        for box in (self.measure_box, self.department_box):
            box.blockSignals(True)
            box.clear()
        self.measure_box.addItem("全部措施", None)
        for measure in measures:
            self.measure_box.addItem(measure.name, measure.key)
        self.department_box.addItem("全部实施部门", None)
        for department in dict.fromkeys(m.department for m in measures):
            self.department_box.addItem(department, department)
        for box in (self.measure_box, self.department_box):
            box.blockSignals(False)

    def current_filter(self) -> sanction_query.MatrixFilter:
        return sanction_query.MatrixFilter(
            text=self.search.text(),
            measure_key=self.measure_box.currentData(),
            department=self.department_box.currentData(),
            status=self.status_box.currentData(),
            include_removed=self.removed.isChecked(),
        )

    def refresh(self) -> None:
        self.model.load(self.current_filter())
        self.matrix.resizeColumnsToContents()
        agencies = len({r.agency for r in self.model.rows})
        self.count.setText(f"失信单位 {agencies} 个，名单记录 {self.model.rowCount()} 条")
        self.show_items()

    # --- the items of the chosen cells ------------------------------------------------
    def select_cells(self, cells: list[tuple[int, int]]) -> None:
        """Select matrix cells by (row, column), as a click with Ctrl would."""
        from PySide6.QtCore import QItemSelectionModel

        selection = self.matrix.selectionModel()
        selection.clearSelection()
        for row, column in cells:
            selection.select(
                self.model.index(row, column), QItemSelectionModel.SelectionFlag.Select
            )

    def show_items(self, *_args) -> None:
        measures = {m.key: m.name for m in catalogue()}
        indexes = self.matrix.selectionModel().selectedIndexes()
        found = []
        for index in sorted(indexes, key=lambda i: (i.row(), i.column())):
            for item in self.model.items_at(index):
                found.append((self.model.rows[index.row()], item))
        self._shown = [item for _, item in found]
        self.items.setRowCount(len(found))
        for r, (row, item) in enumerate(found):
            target = item.target_name + (
                f"（{roles_label(item.target_role)}）" if item.target_role else ""
            )
            steps = sanction_query.steps_of(item.id)
            last = steps[-1] if steps else None
            source = ""
            if last is not None:
                source = last.document.doc_no if last.document_id else last.document_ref
            values = [
                row.agency,
                measures.get(item.measure_key, item.measure_key),
                target,
                ItemStatus(item.status).label,
                item.status_on.isoformat() if item.status_on else "",
                f"{last.user.display_name} {last.recorded_at:%Y-%m-%d}" if last else "",
                source,
            ]
            for c, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if c == 3:
                    from PySide6.QtGui import QColor

                    cell.setBackground(QColor(COLOURS[ItemStatus(item.status)]))
                self.items.setItem(r, c, cell)
        self.items.resizeColumnsToContents()
        self.history.setText("")

    def selected_item_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.items.selectionModel().selectedRows()})
        return [self._shown[r].id for r in rows]

    def show_history(self) -> None:
        ids = self.selected_item_ids()
        if len(ids) != 1:
            self.history.setText(f"已选 {len(ids)} 项" if ids else "")
            return
        item = next(i for i in self._shown if i.id == ids[0])
        lines = []
        for step in sanction_query.steps_of(item.id):
            source = step.document.doc_no if step.document_id else step.document_ref
            lines.append(
                f"{step.happened_on.isoformat()}　{ItemStatus(step.to_status).label}"
                f"　{step.user.display_name}"
                + (f"　{source}" if source else "")
                + (f"　{step.note}" if step.note else "")
            )
        reason = f"\n不适用理由：{item.reason}" if item.reason else ""
        self.history.setText("办理经过：\n" + "\n".join(lines) + reason)

    # --- steps ------------------------------------------------------------------------
    def _chosen(self) -> list[int] | None:
        ids = self.selected_item_ids()
        if not ids:
            ask.information(self, "请先在矩阵中选择单元格，再在下方列表中选择要办理的措施。")
            return None
        return ids

    def step_dialog(self, status: ItemStatus, ids: list[int]) -> StepDialog:
        return StepDialog(self.actor, ids, status, self)

    def on_step(self, status: ItemStatus) -> None:
        ids = self._chosen()
        if ids and self.step_dialog(status, ids).exec():
            self.refresh()

    def on_complete(self) -> None:
        from xinyi_desktop.services.sanction_steps import complete_checklist

        rows = sorted({i.row() for i in self.matrix.selectionModel().selectedIndexes()})
        if not rows:
            ask.information(self, "请先在矩阵中选择单位。")
            return
        try:
            added = sum(complete_checklist(self.actor, self.model.rows[r].listing_id) for r in rows)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        ask.information(self, f"已补充 {added} 项惩戒措施。")
        self.refresh()

    def deliver_dialog(self, ids: list[int], **kwargs) -> DeliverDialog:
        return DeliverDialog(self.actor, ids, self, **kwargs)

    def on_deliver(self) -> None:
        ids = self._chosen()
        if not ids:
            return
        dialog = self.deliver_dialog(ids)
        try:
            accepted = dialog.exec()
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        if accepted and dialog.result is not None:
            numbers = "、".join(d.doc_no for d in dialog.result.documents)
            ask.information(self, f"已生成告知函 {numbers}，所选措施已标记为“已送达”。")
            self.refresh()
