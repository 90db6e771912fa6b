"""设置 › 节假日: the years the program knows, and entering or importing a new year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.widgets.form_errors import ErrorLabel
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services.work_calendar import (
    delete_year,
    import_holiday_file,
    load_calendar,
    parse_holiday_text,
    save_year,
    year_overview,
)
from xinyi_desktop.store.models import User

HELP = (
    "每行一个日期或一段日期：日期,休或班,名称。例如：\n"
    "2027-01-01,休,元旦\n2027-02-06~2027-02-12,休,春节\n2027-02-14,班,春节\n"
    "“休”为放假日（含连休中的周末），“班”为调休上班的周六或周日。"
    "“从文件导入”读取同样格式的文本文件（.txt/.csv，UTF-8 或 GBK），"
    "或与 data/holidays/official.json 相同格式的 JSON。"
)


def year_text(year: int) -> str:
    """A year's table in the entry format, consecutive days of one name as a range."""
    table = load_calendar().table(year)
    if table is None:
        return ""
    entries = [(d, "休", n) for d, n in table.holidays.items()]
    entries += [(d, "班", n) for d, n in table.workdays.items()]
    entries.sort()
    lines: list[str] = []
    run: list = []
    for day, what, name in entries:
        if (
            run
            and what == run[-1][1]
            and name == run[-1][2]
            and day - run[-1][0] == dt.timedelta(1)
        ):
            run.append((day, what, name))
            continue
        if run:
            lines.append(_line(run))
        run = [(day, what, name)]
    if run:
        lines.append(_line(run))
    return "\n".join(lines)


def _line(run: list) -> str:
    first, last = run[0][0], run[-1][0]
    span = first.isoformat() if first == last else f"{first.isoformat()}~{last.isoformat()}"
    return f"{span},{run[0][1]},{run[0][2]}"


class HolidaySettings(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.years = QTableWidget(0, 4)
        self.years.setHorizontalHeaderLabels(["年份", "来源", "放假", "调休上班"])
        self.years.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.years.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.years.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.years.verticalHeader().hide()
        # 年份, 放假 and 调休上班 as wide as their headers and days; 来源 takes the rest
        # (its whole text in the tooltip where the page is narrow).
        header = self.years.horizontalHeader()
        for column in (0, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.years.setMinimumWidth(380)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year + 1)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("该年尚未录入。")
        self.errors = ErrorLabel()
        self.saved = QLabel()
        self.save_button = QPushButton("保存该年")
        self.save_button.setObjectName("primaryButton")
        self.delete_button = QPushButton("删除信用办录入的该年")
        self.import_button = QPushButton("从文件导入…")
        help_label = QLabel(HELP)
        help_label.setWordWrap(True)
        help_label.setStyleSheet("color: #5f6670;")
        year_row = QHBoxLayout()
        year_row.addWidget(QLabel("年份"))
        year_row.addWidget(self.year)
        year_row.addStretch(1)
        year_row.addWidget(self.import_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addLayout(year_row)
        right.addWidget(self.text, 1)
        right.addWidget(help_label)
        right.addWidget(self.errors)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.addWidget(self.years, 2)
        layout.addLayout(right, 3)
        self.years.itemSelectionChanged.connect(self._year_selected)
        self.year.valueChanged.connect(self._load_year)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        self.import_button.clicked.connect(self.import_file)
        self.refresh()

    def refresh(self) -> None:
        rows = year_overview()
        self.office_years = {r["year"] for r in rows if r["office"]}
        self.years.setRowCount(len(rows))
        for i, row in enumerate(reversed(rows)):
            for c, value in enumerate(
                [str(row["year"]), row["source"], f"{row['holidays']} 天", f"{row['workdays']} 天"]
            ):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.years.setItem(i, c, item)
        self._load_year()

    def _year_selected(self) -> None:
        rows = self.years.selectionModel().selectedRows()
        if rows:
            self.year.setValue(int(self.years.item(rows[0].row(), 0).text()))

    def _load_year(self) -> None:
        year = self.year.value()
        self.text.setPlainText(year_text(year))
        self.delete_button.setEnabled(year in self.office_years)
        self.errors.clear_error()
        self.saved.setText("" if load_calendar().knows(year) else f"{year} 年尚未录入。")

    def save(self) -> None:
        self.errors.clear_error()
        year = self.year.value()
        try:
            years = parse_holiday_text(self.text.toPlainText(), year=year)
            holidays, workdays = years.get(year, ({}, {}))
            save_year(self.actor, year, holidays, workdays)
        except XinyiError as error:
            self.errors.show_error(error, {"entries": self.text, "file": self.text})
            return
        self.refresh()
        self.saved.setText(f"{year} 年的节假日安排已保存，未办期限已按新安排重新计算。")

    def delete(self) -> None:
        year = self.year.value()
        if not ask.question(self, f"删除信用办录入的 {year} 年节假日安排？"):
            return
        try:
            delete_year(self.actor, year)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        self.refresh()

    def import_file(self) -> None:
        name = ask.open_file_name(
            self, "导入节假日安排", "节假日安排 (*.txt *.csv *.json);;所有文件 (*)"
        )
        if not name:
            return
        try:
            years = import_holiday_file(self.actor, Path(name))
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        self.refresh()
        self.year.setValue(years[-1])
        ask.information(self, f"已导入 {'、'.join(map(str, years))} 年的节假日安排。")
