"""导入法院数据 — the import wizard: pick files, check the column mapping, preview every
row with its outcome, import (off the GUI thread, with progress and cancel)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.models.import_preview_model import FILTERS, ImportPreviewModel
from ui.screen_fit import fit_window
from ui.workers import run_job
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.importing.cells import text_of
from xinyi_desktop.importing.layout import load_synonyms
from xinyi_desktop.services.court_import import (
    KIND_LABELS,
    FilePlan,
    SheetPart,
    kind_label,
    plan_file,
    read_court_file,
    remember_layout,
)
from xinyi_desktop.store.models import User

# What a header section takes beyond its text (the style sheet's padding and the sort
# mark), and the widest a preview column is made for its header.
HEADER_PADDING = 24
MAX_HEADER_WIDTH = 360
FILE_FILTER = "法院数据表格 (*.xlsx *.xls *.xlsm *.csv *.htm *.html *.txt);;所有文件 (*)"


class ImportWizard(QDialog):
    def __init__(self, actor: User, files: list[str] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle("导入法院数据")
        self.plans: list[FilePlan] = []
        # What the 文件 lists of steps 2 and 3 show: every sheet of every file.
        self.sheets: list[tuple[FilePlan, SheetPart]] = []
        self._shown: int | None = None
        self.imported = 0
        self.synonyms = load_synonyms()
        self.stack = QStackedWidget()
        self.stack.addWidget(self._files_page())
        self.stack.addWidget(self._mapping_page())
        self.stack.addWidget(self._preview_page())
        self.back_button = QPushButton("上一步")
        self.next_button = QPushButton("下一步")
        self.next_button.setObjectName("primaryButton")
        self.close_button = QPushButton("关闭")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.forward)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)
        for name in files or []:
            self.add_file(name)
        self._update_buttons()
        fit_window(self, QSize(1180, 680), QSize(560, 320))  # or what the screen has

    # --- step 1: files -----------------------------------------------------------------
    def _files_page(self) -> QWidget:
        page = QWidget()
        self.file_list = QListWidget()
        self.file_list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        add = QPushButton("添加文件…")
        remove = QPushButton("移除所选")
        add.clicked.connect(self.pick_files)
        remove.clicked.connect(self._remove_selected)
        self.kind_choice = QComboBox()
        self.kind_choice.addItem("自动判断", "auto")
        for kind, label in KIND_LABELS.items():
            self.kind_choice.addItem(label, kind)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(QLabel("名单类型"))
        row.addWidget(self.kind_choice)
        layout = QVBoxLayout(page)
        intro = QLabel(
            "第1步：选择法院发来的表格（xlsx、xls、csv，或网页导出的 xls），"
            "也可以把文件拖到主窗口上。\n"
            "每个文件单独导入：一个文件出错不影响其他文件，出错的文件不会写入任何内容。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.file_list, 1)
        return page

    def pick_files(self) -> None:
        for name in ask.open_file_names(self, "选择法院数据文件", FILE_FILTER):
            self.add_file(name)

    def add_file(self, name: str) -> None:
        existing = {
            self.file_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.file_list.count())
        }
        if name in existing:
            return
        self.file_list.addItem(Path(name).name)
        item = self.file_list.item(self.file_list.count() - 1)
        item.setData(Qt.ItemDataRole.UserRole, name)
        item.setToolTip(name)
        self._update_buttons()

    def _remove_selected(self) -> None:
        for item in self.file_list.selectedItems():
            self.file_list.takeItem(self.file_list.row(item))
        self._update_buttons()

    def files(self) -> list[str]:
        return [
            self.file_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.file_list.count())
        ]

    # --- step 2: mapping ---------------------------------------------------------------
    def _mapping_page(self) -> QWidget:
        page = QWidget()
        self.map_file = QComboBox()
        self.map_file.currentIndexChanged.connect(self._show_mapping)
        self.map_kind = QComboBox()
        for kind, label in KIND_LABELS.items():
            self.map_kind.addItem(label, kind)
        self.map_info = QLabel()
        self.map_info.setWordWrap(True)
        self.map_table = QTableWidget(0, 3)
        self.map_table.setHorizontalHeaderLabels(["文件中的列", "示例内容", "导入为"])
        self.map_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.map_table.verticalHeader().setVisible(False)
        self.map_table.setColumnWidth(0, 240)
        self.map_table.setColumnWidth(2, 190)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件"))
        top.addWidget(self.map_file, 1)
        top.addWidget(QLabel("名单类型"))
        top.addWidget(self.map_kind)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                "第2步：核对每一列导入为什么。未对应的列标为“（不导入）”，其内容仍保留在案件时间线的法院通报记录中。"
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.map_info)
        layout.addWidget(self.map_table, 1)
        return page

    def _read_files(self) -> bool:
        """Read every file off the GUI thread (a large one takes seconds)."""
        names, kind = self.files(), self.kind_choice.currentData()

        def job(cancel):
            plans, refused = [], []
            for i, name in enumerate(names):
                if cancel():
                    return None
                yield i, len(names), f"正在读取“{Path(name).name}”（{i + 1}/{len(names)}）…"
                try:
                    plans.append(read_court_file(name, kind=kind))
                except XinyiError as error:
                    refused.append(str(error))
            yield len(names), len(names), "读取完成"
            return plans, refused

        outcome = run_job(self, "正在读取文件", job)
        if outcome.error is not None:
            ask.error(self, "读取文件时出错。", outcome.details)
            return False
        if outcome.cancelled or outcome.result is None:
            return False
        self.plans, refused = outcome.result
        if refused:
            ask.warning(self, "以下文件无法导入，已略过：\n" + "\n".join(refused))
        self.sheets = [(plan, part) for plan in self.plans for part in plan.parts]
        self._shown = None
        self._fill_sheet_list(self.map_file)
        if self.sheets:
            self._show_mapping(0)
        return bool(self.plans)

    def _fill_sheet_list(self, combo: QComboBox) -> None:
        combo.blockSignals(True)
        combo.clear()
        for index in range(len(self.sheets)):
            combo.addItem(self._sheet_label(index))
        combo.blockSignals(False)

    def _show_mapping(self, index: int) -> None:
        if self._shown is not None and self._shown != index:
            self._take_mapping(self._shown)  # keep what was chosen for the sheet shown before
        if not 0 <= index < len(self.sheets):
            return
        self._shown = index
        plan, part = self.sheets[index]
        layout = part.layout
        self.map_kind.setCurrentIndex(self.map_kind.findData(layout.kind))
        self.map_info.setText(
            f"表头在第{layout.header_rows[0] + 1}"
            + (f"–{layout.header_rows[-1] + 1}" if len(layout.header_rows) > 1 else "")
            + f"行；{layout.kind_reason}。"
            + (
                f"　另有工作表未找到案号列，未导入：{'、'.join(plan.skipped_sheets)}"
                if plan.skipped_sheets
                else ""
            )
        )
        rows = part.rows
        self.map_table.setRowCount(len(layout.columns))
        for r, column in enumerate(layout.columns):
            self.map_table.setItem(
                r, 0, QTableWidgetItem(column.header or f"第{column.index + 1}列（无列名）")
            )
            sample = [
                text_of(row[column.index])
                for row in rows[layout.data_start :][:30]
                if column.index < len(row)
            ]
            self.map_table.setItem(r, 1, QTableWidgetItem("；".join([s for s in sample if s][:3])))
            combo = QComboBox()
            combo.addItem("（不导入）", "")
            for name, spec in self.synonyms.fields.items():
                combo.addItem(spec["label"], name)
            combo.setCurrentIndex(max(0, combo.findData(layout.mapping.get(column.index, ""))))
            self.map_table.setCellWidget(r, 2, combo)

    def _take_mapping(self, index: int | None = None) -> None:
        index = self.map_file.currentIndex() if index is None else index
        if not 0 <= index < len(self.sheets) or self.map_table.rowCount() == 0:
            return
        layout = self.sheets[index][1].layout
        mapping = {}
        for r, column in enumerate(layout.columns):
            field = self.map_table.cellWidget(r, 2).currentData()
            if field:
                mapping[column.index] = field
        layout.mapping = mapping
        layout.kind = self.map_kind.currentData()
        self.map_file.setItemText(index, self._sheet_label(index))

    def _sheet_label(self, index: int) -> str:
        plan, part = self.sheets[index]
        sheet = f" — 工作表“{part.layout.sheet}”" if len(plan.parts) > 1 else ""
        return f"{plan.file_name}{sheet}（{kind_label(part.layout.kind)}）"

    # --- step 3: preview ---------------------------------------------------------------
    def _preview_page(self) -> QWidget:
        page = QWidget()
        self.preview_file = QComboBox()
        self.preview_file.currentIndexChanged.connect(self._show_preview)
        self.preview_filter = QComboBox()
        for label, value in FILTERS:
            self.preview_filter.addItem(label, value)
        self.preview_filter.currentIndexChanged.connect(
            lambda _: self._show_preview(self.preview_file.currentIndex())
        )
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.export_button = QPushButton("导出错误行…")
        self.export_button.clicked.connect(self.export_errors)
        self.model = ImportPreviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setDefaultSectionSize(130)
        self.table.verticalHeader().setDefaultSectionSize(26)
        top = QHBoxLayout()
        top.addWidget(QLabel("文件"))
        top.addWidget(self.preview_file, 1)
        top.addWidget(QLabel("显示"))
        top.addWidget(self.preview_filter)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                "第3步：逐行预览。红色为错误（不导入），橙色为警告（照常导入，请核实）；鼠标停在单元格上可看原因。"
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        return page

    def _plan_all(self) -> bool:
        plans = list(self.plans)

        def job(cancel):
            for i, plan in enumerate(plans):
                for done, total, text in plan_file(plan, cancel=cancel):
                    yield done, total, f"{plan.file_name}（{i + 1}/{len(plans)}）：{text}"
            return True

        outcome = run_job(self, "正在检查", job)
        if outcome.error is not None:
            ask.error(
                self,
                str(outcome.error) if isinstance(outcome.error, XinyiError) else "检查文件时出错。",
                outcome.details,
            )
            return False
        if outcome.cancelled:
            return False
        self._fill_sheet_list(self.preview_file)
        self._show_preview(0)
        return True

    def _show_preview(self, index: int) -> None:
        if not 0 <= index < len(self.sheets):
            return
        plan, part = self.sheets[index]
        self.model.set_plan(plan, self.preview_filter.currentData(), part=part)
        c = plan.counts()
        text = (
            ("全文件：" if len(plan.parts) > 1 else "")
            + f"新增 {c['created']} 件，更新 {c['updated']} 件，无变化 {c['unchanged']} 件；"
            f"警告 {c['warnings']} 条，错误 {c['errors']} 条。"
        )
        if plan.previous is not None:
            text += (
                f"　注意：内容相同的文件已于 {plan.previous.imported_at:%Y-%m-%d %H:%M} 导入过。"
            )
        self.summary.setText(text)
        self.export_button.setEnabled(c["errors"] > 0)
        self._fit_preview_columns()

    def _fit_preview_columns(self) -> None:
        """Each column at least as wide as its whole header (the file's column name over
        what it is imported as), within reason; 说明 wider for its sentences."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(self.model.columnCount()):
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal) or "")
            needed = max(metrics.horizontalAdvance(line) for line in label.split("\n"))
            least = {0: 56, 1: 110, 2: 380}.get(column, 130)
            width = max(least, min(needed + HEADER_PADDING, MAX_HEADER_WIDTH))
            self.table.setColumnWidth(column, width)

    def export_errors(self) -> None:
        from xinyi_desktop.importing.error_export import export_error_rows

        plan = self.sheets[self.preview_file.currentIndex()][0]
        name = ask.save_file_name(
            self, "导出错误行", f"{Path(plan.file_name).stem}-错误行.xlsx", "Excel 文件 (*.xlsx)"
        )
        if not name:
            return
        try:
            count = export_error_rows(plan, name)
        except OSError as exc:
            ask.error(self, f"无法写入“{name}”：{exc.strerror or exc}")
            return
        ask.information(
            self, f"已导出 {count} 行到“{name}”，“错误说明”列写明了原因。改正后可再次导入该文件。"
        )

    def run_import(self) -> None:
        from xinyi_desktop.services.court_import_write import apply_plan

        plans = [p for p in self.plans if p.counts()["created"] or p.counts()["updated"]]
        if not plans:
            ask.information(self, "没有需要导入的内容：所有案件都与已登记的一致。")
            return
        actor = self.actor

        def job(cancel):
            results = []
            for plan in plans:
                generator = apply_plan(actor, plan, cancel=cancel)
                while True:
                    try:
                        done, total, text = next(generator)
                    except StopIteration as stop:
                        results.append((plan, stop.value))
                        break
                    yield done, total, f"{plan.file_name}：{text}"
                if cancel():
                    break
            return results

        outcome = run_job(self, "正在导入", job)
        if outcome.error is not None:
            message = (
                str(outcome.error)
                if isinstance(outcome.error, XinyiError)
                else "导入时出错，数据库未作改动。"
            )
            ask.error(self, message, outcome.details)
            return
        results = outcome.result or []
        done = [(p, b) for p, b in results if b is not None]
        for plan, _ in done:
            for part in plan.parts:
                remember_layout(self.actor, part.layout)
        self.imported += len(done)
        lines = [f"{p.file_name}：新增 {b.created} 件，更新 {b.updated} 件" for p, b in done]
        if outcome.cancelled:
            lines.append("已取消：取消时正在导入的文件未写入任何内容。")
        ask.information(self, "\n".join(lines) or "没有导入任何内容。", "导入完成")
        if done:
            self.accept()

    # --- navigation --------------------------------------------------------------------
    def forward(self) -> None:
        step = self.stack.currentIndex()
        if step == 0:
            if self._read_files():
                self.stack.setCurrentIndex(1)
        elif step == 1:
            self._take_mapping()
            if self._plan_all():
                self.stack.setCurrentIndex(2)
        else:
            self.run_import()
        self._update_buttons()

    def back(self) -> None:
        self.stack.setCurrentIndex(max(0, self.stack.currentIndex() - 1))
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.stack.currentIndex()
        self.back_button.setEnabled(step > 0)
        self.next_button.setText("导入" if step == 2 else "下一步")
        self.next_button.setEnabled(step > 0 or self.file_list.count() > 0)
