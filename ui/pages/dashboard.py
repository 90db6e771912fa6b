"""工作台 — the first page: what is overdue, due today, due in the next 7 working days,
the next monthly report, and how many cases are in each stage."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.charts import ChartWidget
from ui.widgets.deadline_list import DeadlineList
from xinyi_desktop.rules.deadline_rules import WEEKDAYS
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services.deadline_query import dashboard, urgent_ids
from xinyi_desktop.services.work_calendar import load_calendar
from xinyi_desktop.store.models import User


def _card(title: str, colour: str) -> tuple[QFrame, QLabel, QLabel]:
    frame = QFrame()
    frame.setObjectName("dashboardCard")
    frame.setStyleSheet(
        f"QFrame#dashboardCard {{ border: 1px solid #d9dde3; border-left: 5px solid {colour};"
        " border-radius: 4px; background: white; }"
    )
    value = QLabel("—")
    value.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {colour};")
    # At 125 % and 150 % a card is narrower than its sentence: the words wrap and the card
    # grows; the figure does not wrap, and the card is never narrower than it.
    caption = QLabel(title)
    caption.setWordWrap(True)
    detail = QLabel()
    detail.setWordWrap(True)
    detail.setStyleSheet("color: #5f6670;")
    layout = QVBoxLayout(frame)
    layout.addWidget(caption)
    layout.addWidget(value)
    layout.addWidget(detail)
    layout.addStretch(1)  # a card beside a taller one keeps its lines at the top
    return frame, value, detail


# Rows listed per tab; the counts cover everything, the calendar lists it all.
DASHBOARD_ROWS = 100


class DashboardPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.refresh_button = QPushButton("刷新")
        self.calendar_warning = QLabel()
        self.calendar_warning.setWordWrap(True)
        self.calendar_warning.setStyleSheet(
            "background: #fff3e0; color: #8a4b00; border: 1px solid #f0c080; padding: 6px;"
        )
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.refresh_button)

        cards = QGridLayout()
        frame, self.overdue_value, self.overdue_detail = _card("已逾期", "#c62828")
        cards.addWidget(frame, 0, 0)
        frame, self.today_value, self.today_detail = _card("今天到期", "#e67e00")
        cards.addWidget(frame, 0, 1)
        frame, self.soon_value, self.soon_detail = _card("即将到期", "#1f5fa8")
        cards.addWidget(frame, 0, 2)
        frame, self.report_value, self.report_detail = _card("下次月度通报", "#2e7d32")
        cards.addWidget(frame, 0, 3)
        frame, self.stage_value, self.stage_detail = _card("在办案件（按案号）", "#5b4a9e")
        # The register's view: one count per case number. The monthly report counts a
        # lawsuit once across its linked cases, so its figures can be lower.
        frame.setToolTip(
            "按案号统计各阶段的案件数。一起诉讼的一审、二审、执行案件各有案号，这里分别计数；"
            "月度通报按诉讼统计（执行案件列入失信后，其执行依据的判决不再计入败诉待履行），"
            "数字可能小于此处。"
        )
        cards.addWidget(frame, 0, 4)
        for column in range(5):
            cards.setColumnStretch(column, 1)  # equal cards: none takes another's room
        self.report_value.setStyleSheet("font-size: 16pt; font-weight: bold; color: #2e7d32;")

        self.tabs = QTabWidget()
        self.overdue_list = DeadlineList(actor)
        self.today_list = DeadlineList(actor)
        self.soon_list = DeadlineList(actor)
        self.tabs.addTab(self.overdue_list, "逾期")
        self.tabs.addTab(self.today_list, "今天到期")
        self.tabs.addTab(self.soon_list, "即将到期")
        for widget in (self.overdue_list, self.today_list, self.soon_list):
            widget.changed.connect(self.refresh)
        # The monthly report's charts (ui/charts.py), drawn when their tab is first shown.
        self.charts = QWidget()
        self.stage_chart, self.area_chart = ChartWidget(), ChartWidget()
        charts_layout = QHBoxLayout(self.charts)
        charts_layout.addWidget(self.stage_chart, 3)
        charts_layout.addWidget(self.area_chart, 2)
        self.tabs.addTab(self.charts, "统计图")
        self.charts_drawn = False
        self.tabs.currentChanged.connect(self.show_charts)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addLayout(header)
        layout.addWidget(self.calendar_warning)
        layout.addLayout(cards)
        layout.addWidget(self.tabs, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        today = dt.date.today()
        data = dashboard(today, limit=DASHBOARD_ROWS)
        self.data = data
        self.title.setText(
            f"工作台　{today.year}年{today.month}月{today.day}日 周{WEEKDAYS[today.weekday()]}"
        )
        if data.missing_years:
            years = "、".join(str(y) for y in data.missing_years)
            extra = (
                f"，{data.unknown_calendar} 项未办期限暂按周末推算" if data.unknown_calendar else ""
            )
            self.calendar_warning.setText(
                f"⚠ 尚未录入 {years} 年的节假日和调休安排{extra}。"
                "请在“设置 → 节假日”中录入（国务院办公厅每年12月前后公布下一年安排）。"
            )
            self.calendar_warning.show()
        else:
            self.calendar_warning.hide()
        self.overdue_value.setText(str(data.overdue_count))
        shown = len(data.overdue)
        self.overdue_detail.setText(
            "无逾期事项"
            if not data.overdue_count
            else (f"列出最早的 {shown} 项" if shown < data.overdue_count else "最早的在最前")
        )
        self.today_value.setText(str(len(data.due_today)))
        self.today_detail.setText(today.isoformat())
        self.soon_value.setText(str(data.soon_total))
        self.soon_detail.setText(f"至 {data.soon_until.isoformat()}，含已到提醒日的")
        self.soon_detail.setToolTip(
            "7个工作日内到期的期限，以及按期限规则的“提前提醒天数”已到提醒日的期限"
        )
        report = data.next_report
        if report is None:
            self.report_value.setText("—")
            self.report_detail.setText(data.report_note)
        else:
            days = (report.due_on - today).days
            self.report_value.setText(report.due_on.isoformat())
            when = "今天" if days == 0 else f"还有 {days} 天"
            mark = "" if report.calendar_known else "（节假日未录入，按周末推算）"
            self.report_detail.setText(f"{report.label}，{when}{mark}")
        active = sum(n for s, n in data.stage_counts.items() if s != Stage.CLOSED.value)
        self.stage_value.setText(str(active))
        self.stage_detail.setText(
            "　".join(f"{Stage(s).label} {data.stage_counts.get(s.value, 0)}" for s in Stage)
        )
        calendar = load_calendar()
        for widget, rows in (
            (self.overdue_list, data.overdue),
            (self.today_list, data.due_today),
            (self.soon_list, data.soon),
        ):
            widget.set_rows(rows, urgent_ids(rows, today, calendar))
        self.tabs.setTabText(0, f"逾期（{data.overdue_count}）")
        self.tabs.setTabText(1, f"今天到期（{len(data.due_today)}）")
        self.tabs.setTabText(2, f"即将到期（{data.soon_total}）")
        self.tabs.setCurrentIndex(0 if data.overdue_count else (1 if data.due_today else 2))
        self.charts_drawn = False
        self.show_charts()

    def show_charts(self) -> None:
        """The stage and listed-agency charts of this month, as in the monthly report."""
        if self.charts_drawn or self.tabs.currentWidget() is not self.charts:
            return
        from xinyi_desktop.reports.charts import area_chart, stage_chart
        from xinyi_desktop.reports.figures import Timeline, listed_agencies_on, stage_series
        from xinyi_desktop.rules.report_rules import Month

        today = dt.date.today()
        timeline = Timeline()  # one read of the cases for both charts
        self.stage_chart.set_chart(stage_chart(stage_series(Month.of(today), timeline=timeline)))
        self.area_chart.set_chart(area_chart(listed_agencies_on(today, timeline)))
        self.charts_drawn = True


def start_notice(today: dt.date | None = None) -> str:
    """What the clerk is told at start-up: overdue deadlines and missing holiday years;
    empty when there is nothing to tell."""
    from xinyi_desktop.services.deadline_query import overdue_count
    from xinyi_desktop.services.work_calendar import missing_years

    today = today or dt.date.today()
    parts = []
    count = overdue_count(today)
    if count:
        parts.append(f"有 {count} 项期限已经逾期，请在“工作台”中查看并处理。")
    years = missing_years(today)
    if years:
        parts.append(
            f"尚未录入 {'、'.join(map(str, years))} 年的节假日安排，请在“设置 → 节假日”中录入。"
        )
    return "\n\n".join(parts)


def tell_about_overdue(window) -> None:
    """At start-up: if anything is overdue (or a holiday year is missing), say so."""
    from ui import ask

    text = start_notice()
    if text:
        ask.warning(window, text, "逾期提醒")
