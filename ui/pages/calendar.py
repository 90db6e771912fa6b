"""期限日历 — the month view (counts per day, holidays marked, click a day for its
deadlines) and the list view over any range with filters and Excel export."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.widgets.combos import fit_popup
from ui.widgets.date_edit import DateEdit
from ui.widgets.deadline_list import DeadlineList
from ui.widgets.month_grid import MonthGrid
from ui.workers import run_to_end
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.workdays import last_day_of_month
from xinyi_desktop.services.agencies import list_agencies
from xinyi_desktop.services.deadline_query import (
    DeadlineFilter,
    list_deadlines,
    month_counts,
    responsibles,
    status_summary,
    urgent_ids,
)
from xinyi_desktop.services.deadline_rules import load_rules
from xinyi_desktop.services.deadline_sync import STATUS_LABELS
from xinyi_desktop.services.work_calendar import load_calendar
from xinyi_desktop.store.models import User

NO_DAY = "点击某一天，查看当天到期的期限。"


class MonthView(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        today = dt.date.today()
        self.year, self.month = today.year, today.month
        self.day: dt.date | None = None
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.prev_button = QPushButton("◀ 上月")
        self.next_button = QPushButton("下月 ▶")
        self.today_button = QPushButton("本月")
        self.legend = QLabel(
            "<span style='background:#fbdada'>&nbsp;逾期&nbsp;</span> "
            "<span style='background:#ffe4c2'>&nbsp;3个工作日内到期&nbsp;</span> "
            "<span style='background:#e6eef8'>&nbsp;以后到期&nbsp;</span> "
            "<span style='color:#c62828'>休</span>＝放假　"
            "<span style='color:#1f5fa8'>班</span>＝调休上班"
        )
        self.calendar_note = QLabel()
        self.calendar_note.setStyleSheet("color: #b85c00;")
        self.calendar_note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.prev_button)
        top.addWidget(self.title)
        top.addWidget(self.next_button)
        top.addWidget(self.today_button)
        top.addStretch(1)
        top.addWidget(self.legend)
        self.grid = MonthGrid()
        self.day_label = QLabel(NO_DAY)
        self.list = DeadlineList(actor)
        self.lower = QWidget()
        lower_layout = QVBoxLayout(self.lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.day_label)
        lower_layout.addWidget(self.list, 1)
        # Neither the month nor the day's list is squeezed below what it needs: where the
        # screen is shorter than both (1366×768 at 150 %), the month's weeks scroll under
        # its weekday header, and the day's list keeps its buttons in view.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(self.lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.calendar_note)
        layout.addWidget(self.splitter, 1)
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.today_button.clicked.connect(self.go_today)
        self.grid.day_clicked.connect(self.show_day)
        self.list.changed.connect(self.refresh)
        self._fit_list()
        self.refresh()

    def _fit_list(self) -> None:
        self.list.table.setMinimumHeight(list_minimum(self.list.table, rows=2))

    def changeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit_list()  # the header's height follows the font and the style sheet

    def step(self, months: int) -> None:
        index = self.year * 12 + self.month - 1 + months
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self.day = None
        self.refresh()

    def go_today(self) -> None:
        today = dt.date.today()
        self.year, self.month, self.day = today.year, today.month, None
        self.refresh()

    def refresh(self) -> None:
        today = dt.date.today()
        calendar = load_calendar()
        self.title.setText(f"{self.year}年{self.month}月")
        self.grid.show_month(
            self.year, self.month, month_counts(self.year, self.month), calendar, today
        )
        if calendar.knows(self.year):
            self.calendar_note.hide()
        else:
            self.calendar_note.setText(
                f"⚠ 尚未录入 {self.year} 年的节假日安排：本月按周一至周五为工作日推算，"
                "请在“设置 → 节假日”中录入。"
            )
            self.calendar_note.show()
        if self.day is not None:
            self.show_day(self.day)
        else:
            self.day_label.setText(NO_DAY)
            self.list.set_rows([])
            self.grid.clearSelection()  # nor a cell of the month shown before
            self.grid.scrollToTop()

    def show_day(self, day: dt.date) -> None:
        self.day = day
        today = dt.date.today()
        rows = list_deadlines(DeadlineFilter(start=day, end=day))
        note = load_calendar().day_note(day)
        self.day_label.setText(
            f"{day.isoformat()}{'（' + note + '）' if note else ''}　到期 {len(rows)} 项"
        )
        self.list.set_rows(rows, urgent_ids(rows, today, load_calendar()))
        item = self.grid.cell_of(day)
        if item is not None:
            self.grid.setCurrentItem(item)
            self.grid.scrollToItem(item)


def list_minimum(table, rows: int) -> int:
    """The height of ``table`` showing its header, ``rows`` rows and a horizontal scroll bar."""
    return (
        table.horizontalHeader().sizeHint().height()
        + rows * table.verticalHeader().defaultSectionSize()
        + table.horizontalScrollBar().sizeHint().height()
        + 2 * table.frameWidth()
    )


class ListView(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        today = dt.date.today()
        self.start = DateEdit("起始日期", "start")
        self.start.set_date(today.replace(day=1))
        self.end = DateEdit("截止日期", "end")
        self.end.set_date(last_day_of_month(today.year, today.month))
        self.kind = QComboBox()
        self.agency = QComboBox()
        self.agency.setEditable(True)
        self.agency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency.setMinimumContentsLength(12)
        self.responsible = QComboBox()
        self.status = QComboBox()
        self.status.addItem("全部状态", None)
        for key in ("open", "overdue", "done", "waived"):
            self.status.addItem(STATUS_LABELS[key] + ("（含逾期）" if key == "open" else ""), key)
        self.search_button = QPushButton("查询")
        self.search_button.setObjectName("primaryButton")
        self.export_button = QPushButton("导出 Excel…")
        self.count_label = QLabel()
        # Two rows: one row of eleven fields is crushed on 1366×768 at 125 % and 150 %.
        row1 = QHBoxLayout()
        for label, widget in (
            ("从", self.start),
            ("至", self.end),
            ("类型", self.kind),
            ("状态", self.status),
        ):
            row1.addWidget(QLabel(label))
            row1.addWidget(widget)
        row1.addStretch(1)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel("被告单位"))
        row2.addWidget(self.agency, 1)
        row2.addWidget(QLabel("应办理方"))
        row2.addWidget(self.responsible)
        row2.addWidget(self.search_button)
        row2.addWidget(self.export_button)
        self.list = DeadlineList(actor)
        layout = QVBoxLayout(self)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list, 1)
        self.search_button.clicked.connect(self.search)
        self.export_button.clicked.connect(self.export)
        self.list.changed.connect(self.search)
        self.rows = []
        self.refresh()

    def _fill_choices(self) -> None:
        for combo, items in (
            (self.kind, [("全部类型", None)] + [(r.label, r.kind) for r in load_rules()]),
            (self.agency, [("全部单位", None)] + [(a.name, a.id) for a in list_agencies()]),
            (self.responsible, [("全部", None)] + [(r, r) for r in responsibles()]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, value in items:
                combo.addItem(text, value)
            index = combo.findData(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)
        fit_popup(self.agency)

    def refresh(self) -> None:
        self._fill_choices()
        self.search()

    def current_filter(self) -> DeadlineFilter:
        agency = self.agency.currentData()
        if self.agency.currentText() != self.agency.itemText(self.agency.currentIndex()):
            agency = None
        return DeadlineFilter(
            start=self.start.date(),
            end=self.end.date(),
            kind=self.kind.currentData(),
            agency_id=agency,
            responsible=self.responsible.currentData(),
            status=self.status.currentData(),
        )

    def search(self) -> None:
        try:
            flt = self.current_filter()
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        today = dt.date.today()
        self.rows = list_deadlines(flt, today)
        self.list.set_rows(self.rows, urgent_ids(self.rows, today, load_calendar()))
        self.count_label.setText(status_summary(self.rows))

    def export(self) -> None:
        """导出 Excel: written off the GUI thread with progress and 取消 (then no file)."""
        if not self.rows:
            ask.information(self, "当前列表为空，没有可导出的内容。")
            return
        name = ask.save_file_name(
            self, "导出期限清单", f"期限清单-{dt.date.today():%Y%m%d}.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if not name:
            return
        from xinyi_desktop.documents.deadline_export import write_deadlines

        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        try:
            flt = self.current_filter()
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        rows = list(self.rows)
        title = f"期限清单（{flt.start or '不限'} 至 {flt.end or '不限'}）"
        written = run_to_end(
            self,
            "导出期限清单",
            lambda cancel: write_deadlines(rows, name, title=title, cancel=cancel),
            label=f"正在导出 {len(rows)} 项期限",
        )
        if written is not None:
            ask.information(self, f"已导出 {len(rows)} 项到：\n{written}")


class CalendarPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.month_view = MonthView(actor)
        self.list_view = ListView(actor)
        self.tabs.addTab(self.month_view, "月历")
        self.tabs.addTab(self.list_view, "列表")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        self.month_view.refresh()
        self.list_view.refresh()
