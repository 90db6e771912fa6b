"""设置 › 字体: are the official fonts the documents name installed on this PC?"""

from __future__ import annotations

import json

from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from xinyi_desktop import paths
from xinyi_desktop.store.models import User


def font_table() -> list[dict]:
    with open(paths.data_dir() / "fonts.json", encoding="utf-8") as fh:
        return json.load(fh)["fonts"]


def installed_as(font: dict, families: set[str]) -> tuple[str, bool] | None:
    """The name under which the font is installed and whether it is the font itself (under
    one of its names) rather than a substitute; None when neither is installed."""
    for name in [font["name"], *font.get("same_as", [])]:
        if name in families:
            return name, True
    for name in font.get("substitutes", []):
        if name in families:
            return name, False
    return None


def status_of(font: dict, found: tuple[str, bool] | None) -> str:
    """What the 本机 column says."""
    if found is None:
        return "未安装"
    name, same = found
    if same:
        return "已安装" if name == font["name"] else f"已安装（{name}）"
    return f"以“{name}”代替"


class FontsTab(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(
            "公文使用以下字体。本机未安装的字体，Word 和 WPS 会用其他字体代替，"
            "打印出来的字形和每页行数可能与公文格式要求不符。"
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["字体", "用途", "本机", "未安装时"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        families = set(QFontDatabase.families())
        fonts = font_table()
        self.table.setRowCount(len(fonts))
        for row, font in enumerate(fonts):
            found = installed_as(font, families)
            installed = found is not None and found[1]
            cells = [
                font["name"],
                font["use"],
                status_of(font, found),
                "—" if installed else font["missing"],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setForeground(QColor("#2e7d32" if installed else "#b35c00"))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
