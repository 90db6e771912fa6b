"""文书 — every document sent: filter, open, print, export PDF, regenerate, void, batches."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.dialogs.letter_dialog import BatchLetterDialog, EscalationDialog, open_file
from xinyi_desktop.documents.catalog import kind_label, kinds
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters
from xinyi_desktop.store.models import User

HEADERS = ["发文字号", "种类", "标题", "收文单位", "相关案号", "成文日期", "状态", "经办人"]
# Sheets and lists print straight from the program; letters go through Word/WPS.
PREVIEW_KINDS = ("assignment", "request", "sanction_notice", "accountability")


def ask_reason(parent, text: str) -> str | None:
    reason, ok = QInputDialog.getText(parent, "作废文书", text)
    return reason if ok else None


class DocumentsPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self._ids: list[int] = []
        self.kind_box = QComboBox()
        self.kind_box.addItem("全部种类", None)
        for key, doc_kind in kinds().items():
            self.kind_box.addItem(doc_kind.name, key)
        self.year_box = QComboBox()
        self.status_box = QComboBox()
        for text, value in (("全部状态", None), ("有效", "issued"), ("已作废", "void")):
            self.status_box.addItem(text, value)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索文号、收文单位、标题或案号")
        self.search.setClearButtonEnabled(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(self.timer.start)
        for box in (self.kind_box, self.year_box, self.status_box):
            box.currentIndexChanged.connect(self.refresh)
        filters = QHBoxLayout()
        for widget in (self.kind_box, self.year_box, self.status_box):
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self.open_selected)
        self.count_label = QLabel()

        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("open", "打开（Word/WPS 打印）", self.open_selected),
            ("preview", "打印预览", self.preview_selected),
            ("pdf", "导出 PDF…", self.export_selected),
            ("regenerate", "重新生成", self.regenerate_selected),
            ("void", "作废…", self.void_selected),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        for text, slot in (("批量生成…", self.batch), ("逾期名单文书…", self.escalation)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.table.itemSelectionChanged.connect(self._update_buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)
        layout.addLayout(row)
        self._fill_years()
        self.refresh()

    def _fill_years(self) -> None:
        current = self.year_box.currentData()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        self.year_box.addItem("全部年份", None)
        for year in register.years():
            self.year_box.addItem(f"{year}年", year)
        index = self.year_box.findData(current)
        self.year_box.setCurrentIndex(max(index, 0))
        self.year_box.blockSignals(False)

    def refresh(self) -> None:
        self._fill_years()
        flt = register.DocumentFilter(
            kind=self.kind_box.currentData(),
            year=self.year_box.currentData(),
            status=self.status_box.currentData(),
            text=self.search.text(),
        )
        rows = register.list_documents(flt)
        self._ids = [d.id for d in rows]
        self.table.setRowCount(len(rows))
        for r, doc in enumerate(rows):
            values = [
                doc.doc_no,
                kind_label(doc.kind),
                doc.title,
                doc.recipient,
                doc.case_nos,
                doc.issued_on.isoformat(),
                register.STATUS_LABELS.get(doc.status, doc.status),
                doc.user.display_name,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(doc.void_reason if doc.status == "void" else value)
                if doc.status == "void":
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        # long titles, list names and case lists are elided (full text in the tooltip)
        for column, widest in ((1, 140), (2, 320), (3, 220), (4, 240)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        self.count_label.setText(f"共 {len(rows)} 份")
        self._update_buttons()

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return register.get_document(self._ids[rows[0].row()])

    def _update_buttons(self) -> None:
        doc = self.selected()
        for key, button in self.buttons.items():
            enabled = doc is not None
            if key in ("regenerate", "void"):
                enabled = enabled and doc.status == "issued"
            if key == "preview":
                enabled = enabled and doc.kind in PREVIEW_KINDS
            button.setEnabled(enabled)

    def _file(self):
        doc = self.selected()
        if doc is None:
            ask.information(self, "请先在列表中选中一份文书。")
            return None, None
        path = register.file_of(doc)
        if not path.is_file():
            ask.warning(self, f"找不到文件：{path}\n可点击“重新生成”按原文号重新制作。")
            return doc, None
        return doc, path

    def open_selected(self) -> None:
        _, path = self._file()
        if path is not None and not open_file(path):
            ask.warning(self, f"未能打开文件，请确认已安装 Word 或 WPS：{path}")

    def preview_selected(self) -> None:
        _, path = self._file()
        if path is not None:
            from ui.docx_print import print_preview

            print_preview(self, path)

    def export_selected(self) -> None:
        doc, path = self._file()
        if path is None:
            return
        target = ask.save_file_name(self, "导出 PDF", str(path.with_suffix(".pdf")), "PDF (*.pdf)")
        if target:
            from ui.docx_print import export_pdf

            try:
                export_pdf(path, target)
            except XinyiError as error:
                ask.warning(self, str(error))
                return
            ask.information(self, f"已导出：{target}")

    def regenerate_selected(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        if not ask.question(self, f"按现有数据和模板重新生成{doc.doc_no}？文号和成文日期不变。"):
            return
        try:
            letters.regenerate(self.actor, doc.id)
        except XinyiError as error:
            ask.warning(self, str(error))
        self.refresh()

    def void_selected(self) -> None:
        doc = self.selected()
        if doc is None:
            return
        reason = ask_reason(self, f"作废{doc.doc_no}（文号保留、不再使用）的原因：")
        if reason is None:
            return
        try:
            register.void_document(self.actor, doc.id, reason=reason)
        except XinyiError as error:
            ask.warning(self, str(error))
        self.refresh()

    def batch(self) -> None:
        if BatchLetterDialog(self.actor, parent=self).exec():
            self.refresh()

    def escalation(self) -> None:
        if EscalationDialog(self.actor, parent=self).exec():
            self.refresh()
