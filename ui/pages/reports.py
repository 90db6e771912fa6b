"""报表 — the registers workbook (台账) with the register's filters, and the monthly report
(月度通报): month, the narrative the clerk edits, the distribution list, generate, record
that it was sent. Charts are previewed as they will be printed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.charts import ChartWidget, QtChartRenderer, legible_height
from ui.widgets.combos import fit_popup
from ui.widgets.date_edit import DateEdit
from ui.workers import run_to_end
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.reports.monthly import build_report, default_narrative
from xinyi_desktop.reports.register import describe_filter, export_register
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import reports
from xinyi_desktop.services.agencies import list_agencies
from xinyi_desktop.services.case_query import CaseFilter, case_years
from xinyi_desktop.store.models import User


def export_register_dialog(parent: QWidget, flt: CaseFilter) -> str | None:
    """Ask where, export with progress and cancel; returns the path written (or None)."""
    today = dt.date.today()
    name = ask.save_file_name(
        parent, "导出台账", f"台账_{today.isoformat()}.xlsx", "Excel 工作簿 (*.xlsx)"
    )
    if not name:
        return None
    written = run_to_end(
        parent,
        "导出台账",
        lambda cancel: export_register(name, flt, today=today, cancel=cancel),
        label=f"正在导出：{describe_filter(flt)}",
    )
    if written is None:
        return None
    ask.information(parent, f"台账已导出：{written}")
    return str(written)


class ReportsPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.renderer = QtChartRenderer()
        title = QLabel("报表")
        title.setObjectName("pageTitle")

        # 台账
        self.year_box, self.stage_box, self.agency_box = QComboBox(), QComboBox(), QComboBox()
        self.year_box.addItem("全部年度", None)
        for year in case_years():
            self.year_box.addItem(f"{year}年", year)
        self.stage_box.addItem("全部阶段", None)
        for stage in Stage:
            self.stage_box.addItem(stage.label, stage.value)
        self.agency_box.addItem("全部被告单位", None)
        for agency in list_agencies():
            self.agency_box.addItem(agency.name, agency.id)
        fit_popup(self.agency_box)
        self.export_button = QPushButton("导出台账（Excel）…")
        register_box = QGroupBox("台账")
        row = QHBoxLayout(register_box)
        for widget in (self.year_box, self.stage_box, self.agency_box):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.export_button)

        # 月度通报
        self.month_box = QComboBox()
        for month in reports.report_months():
            self.month_box.addItem(month.label, month.period)
        self.narrative = QPlainTextEdit()
        self.narrative.setPlaceholderText("总体情况：每段一行")
        self.draft_button = QPushButton("按本月数字重新起草")
        self.distribution = QPlainTextEdit()
        self.distribution.setPlaceholderText("每行一个单位")
        self.save_list_button = QPushButton("保存分送名单")
        self.generate_button = QPushButton("生成通报（Word 和 Excel）")
        self.sent_date = DateEdit("发送日期", "sent_on")
        self.sent_date.set_date(dt.date.today())
        self.sent_button = QPushButton("登记已发送")
        self.status = QLabel()
        self.status.setWordWrap(True)
        monthly_box = QGroupBox("月度通报")
        form = QFormLayout()
        form.addRow("通报月份", self.month_box)
        texts = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(QLabel("总体情况（生成前可修改）"))
        left.addWidget(self.narrative, 1)
        left.addWidget(self.draft_button)
        right.addWidget(QLabel("分送名单（各有关单位和市政府办公室）"))
        right.addWidget(self.distribution, 1)
        right.addWidget(self.save_list_button)
        texts.addLayout(left, 3)
        texts.addLayout(right, 2)
        actions = QHBoxLayout()
        actions.addWidget(self.generate_button)
        actions.addStretch(1)
        actions.addWidget(QLabel("发送日期"))
        actions.addWidget(self.sent_date)
        actions.addWidget(self.sent_button)
        box_layout = QVBoxLayout(monthly_box)
        box_layout.addLayout(form)
        box_layout.addLayout(texts, 1)
        box_layout.addLayout(actions)
        box_layout.addWidget(self.status)

        # The charts as they will be printed, on a tab of their own as on the 工作台: a chart
        # with many bars is as tall as its labels need at full size, and the tab scrolls.
        self.stage_chart, self.area_chart = ChartWidget(), ChartWidget()
        chart_row = QWidget()
        charts_layout = QHBoxLayout(chart_row)
        charts_layout.setContentsMargins(0, 0, 0, 0)
        charts_layout.addWidget(self.stage_chart, 3)
        charts_layout.addWidget(self.area_chart, 2)
        charts = QScrollArea()
        charts.setWidgetResizable(True)
        charts.setFrameShape(QFrame.Shape.NoFrame)
        charts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        charts.setWidget(chart_row)
        self.charts = charts

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(title)
        layout.addWidget(register_box)
        self.tabs = QTabWidget()
        self.tabs.addTab(monthly_box, "月度通报")
        self.tabs.addTab(charts, "统计图（与通报相同）")
        layout.addWidget(self.tabs, 1)

        self.export_button.clicked.connect(self.export)
        self.month_box.currentIndexChanged.connect(self.refresh)
        self.draft_button.clicked.connect(self.redraft)
        self.save_list_button.clicked.connect(self.save_distribution)
        self.generate_button.clicked.connect(self.generate)
        self.sent_button.clicked.connect(self.record_sent)
        self.refresh()

    def month(self) -> Month:
        return Month.parse(self.month_box.currentData())

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            stage=self.stage_box.currentData(),
            agency_id=self.agency_box.currentData(),
            year=self.year_box.currentData(),
        )

    def refresh(self) -> None:
        month = self.month()
        self.report = build_report(month)
        record = reports.record_of(month)
        self.narrative.setPlainText(
            record.narrative if record and record.narrative else default_narrative(self.report)
        )
        self.distribution.setPlainText("\n".join(reports.distribution()))
        for widget, chart in zip(
            (self.stage_chart, self.area_chart), self.report.charts, strict=True
        ):
            widget.set_chart(chart)
            widget.setMinimumHeight(legible_height(chart, widget))
        self._show_status(record)

    def _show_status(self, record) -> None:
        month = self.month()
        if record is None or record.generated_at is None:
            text = f"{month.label}的通报尚未生成。"
        else:
            text = f"已于 {record.generated_at:%Y-%m-%d %H:%M} 生成：{record.docx_file}"
        sent = record is not None and record.sent_on is not None
        if sent:
            text += (
                f"\n已于 {record.sent_on.isoformat()} 分送 {len(record.recipients or [])} 个单位"
                "（发出的通报不再重新生成）。"
            )
        deadline = reports.monthly_deadline(month)
        if deadline is not None:
            state = "已办理" if deadline.status == "done" else f"期限 {deadline.due_on.isoformat()}"
            text += f"\n月度通报期限：{state}"
        self.status.setText(text)
        self.sent_button.setEnabled(bool(record and record.generated_at and not sent))
        self.generate_button.setEnabled(not sent)

    def export(self) -> None:
        export_register_dialog(self, self.current_filter())

    def redraft(self) -> None:
        self.narrative.setPlainText(default_narrative(self.report))

    def _names(self) -> list[str]:
        return [line for line in self.distribution.toPlainText().splitlines() if line.strip()]

    def save_distribution(self) -> bool:
        try:
            names = reports.set_distribution(self.actor, self._names())
        except XinyiError as error:
            ask.warning(self, str(error))
            return False
        self.distribution.setPlainText("\n".join(names))
        return True

    def generate(self) -> None:
        if not self.save_distribution():
            return
        try:
            result = reports.generate_monthly(
                self.actor,
                self.month(),
                renderer=self.renderer,
                narrative=self.narrative.toPlainText(),
            )
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        self._show_status(reports.record_of(self.month()))
        ask.information(self, f"通报已生成：\n{result.docx}\n{result.xlsx}")

    def record_sent(self) -> None:
        try:
            on = self.sent_date.date()
            names = self._names()
            if not ask.question(
                self, f"登记{self.month().label}通报已于{on}分送以下 {len(names)} 个单位？"
            ):
                return
            sent = reports.record_sent(self.actor, self.month(), sent_on=on, recipients=names)
        except XinyiError as error:
            ask.warning(self, str(error))
            return
        self._show_status(sent.record)
        ask.information(self, f"已登记发送。{sent.message}")
