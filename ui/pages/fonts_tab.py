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


def installed_as(font: dict, families: set[str]) -> str | None:
    """The name under which the font (or one of its aliases) is installed, if any."""
    for name in [font["name"], *font.get("aliases", [])]:
        if name in families:
            return name
    return None


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
            status = (
                "已安装" if found == font["name"] else (f"以“{found}”代替" if found else "未安装")
            )
            cells = [
                font["name"],
                font["use"],
                status,
                "—" if found == font["name"] else font["missing"],
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setForeground(QColor("#2e7d32" if found == font["name"] else "#b35c00"))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
