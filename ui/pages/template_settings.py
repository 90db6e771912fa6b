"""设置 → 文书模板: each template, whether the office edited it, what it may contain, and
its check; edit in Word/WPS, load an edited file, restore the shipped one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from xinyi_desktop.documents.catalog import field_descriptions, kinds, list_columns
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services import templates
from xinyi_desktop.store.models import User


def placeholder_text(key: str) -> str:
    """The placeholders a template may use, with what each stands for."""
    doc_kind = kinds()[key]
    fields = field_descriptions()
    lines = [f"{{{{{name}}}}}　{fields[name]}" for name in fields if name in doc_kind.fields]
    for list_name in sorted(doc_kind.lists):
        lines.append("")
        lines.append("名单（写在表格的一行中，每个单位一行）：")
        for column, text in list_columns()[list_name].items():
            lines.append(f"{{{{{list_name}.{column}}}}}　{text}")
    return "\n".join(lines)


class TemplateSettings(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.currentRowChanged.connect(self._show)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.placeholders = QPlainTextEdit()
        self.placeholders.setReadOnly(True)
        self.edit_button = QPushButton("在 Word/WPS 中编辑")
        self.load_button = QPushButton("载入已编辑的模板…")
        self.check_button = QPushButton("检查模板")
        self.restore_button = QPushButton("恢复默认模板")
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.load_button, self.check_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.edit_button.clicked.connect(self.edit)
        self.load_button.clicked.connect(self.load)
        self.check_button.clicked.connect(self.refresh)
        self.restore_button.clicked.connect(self.restore)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.status)
        right_layout.addWidget(QLabel("可用的占位符（在模板中原样写入，含双花括号）："))
        right_layout.addWidget(self.placeholders, 1)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([220, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._keys = list(kinds())
        self.refresh()

    def key(self) -> str:
        return self._keys[max(self.list.currentRow(), 0)]

    def refresh(self) -> None:
        row = max(self.list.currentRow(), 0)
        self.list.blockSignals(True)
        self.list.clear()
        self._statuses = {s.key: s for s in templates.statuses()}
        for key in self._keys:
            status = self._statuses[key]
            mark = "（已修改）" if status.edited else ""
            mark += " ⚠" if not status.check.ok else ""
            self.list.addItem(f"{status.name}{mark}")
        self.list.blockSignals(False)
        self.list.setCurrentRow(row)
        self._show(row)

    def _show(self, row: int) -> None:
        if row < 0:
            return
        status = self._statuses[self._keys[row]]
        origin = "本单位修改的模板" if status.edited else "程序自带的模板"
        lines = [f"正在使用：{origin}　{status.path}"]
        if status.check.ok:
            lines.append("检查通过：所有占位符均可识别。")
        else:
            lines.append("检查发现问题（修改前无法用此模板生成文书）：")
            lines += [f"· {e}" for e in status.check.errors]
        lines += [f"提示：{n}" for n in status.check.notes]
        self.status.setText("\n".join(lines))
        self.status.setStyleSheet("" if status.check.ok else "color: #b00020;")
        self.placeholders.setPlainText(placeholder_text(status.key))
        self.restore_button.setEnabled(status.edited)

    def edit(self) -> None:
        from ui.dialogs.letter_dialog import open_file

        path = templates.copy_for_editing(self.key())
        self.refresh()
        if not open_file(path):
            ask.warning(self, f"未能打开模板，请确认已安装 Word 或 WPS：{path}")
        else:
            ask.information(self, "保存并关闭 Word/WPS 后，请点“检查模板”。")

    def load(self) -> None:
        name = ask.open_file_name(self, "选择已编辑的模板", "Word 文档 (*.docx)")
        if not name:
            return
        try:
            templates.install_template(self.actor, self.key(), name)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        self.refresh()
        ask.information(self, "模板已载入并通过检查。")

    def restore(self) -> None:
        if ask.question(self, "恢复程序自带的模板？本单位修改的版本将被删除。"):
            try:
                templates.restore_template(self.actor, self.key())
            except XinyiError as error:
                ask.warning(self, str(error))
            self.refresh()
