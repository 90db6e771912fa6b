"""报表 page and the 工作台's charts, driven as a clerk would."""

import datetime as dt

import openpyxl
from PySide6.QtCore import Qt

from ui.pages.dashboard import DashboardPage
from ui.pages.reports import ReportsPage
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import reports
from xinyi_desktop.services.deadline_sync import ensure_monthly_reports

TODAY = dt.date.today()


def test_generate_edit_and_send_the_monthly_report(qtbot, actor, make_case, answers, type_text):
    make_case("（2026）苏0381行初7号", filed_on=TODAY.replace(day=1), plaintiffs=["王伟"])
    ensure_monthly_reports(TODAY)
    page = ReportsPage(actor)
    qtbot.addWidget(page)
    assert "新增起诉政府机构案件1件" in page.narrative.toPlainText()
    assert page.stage_chart.chart.total(11) == 1
    page.narrative.clear()
    type_text(page.narrative, "本月工作平稳。")
    page.distribution.setPlainText("新沂市人民政府办公室\n新沂市棋盘镇人民政府\n")
    assert not page.sent_button.isEnabled()
    qtbot.mouseClick(page.generate_button, Qt.MouseButton.LeftButton)
    record = reports.record_of(Month.of(TODAY))
    assert record.narrative == "本月工作平稳。" and record.generated_at is not None
    assert answers.messages[-1][0] == "information" and ".docx" in answers.messages[-1][1]
    assert page.sent_button.isEnabled()
    answers.replies.append(True)
    qtbot.mouseClick(page.sent_button, Qt.MouseButton.LeftButton)
    record = reports.record_of(Month.of(TODAY))
    assert record.sent_on == TODAY
    assert record.recipients == ["新沂市人民政府办公室", "新沂市棋盘镇人民政府"]
    deadline = reports.monthly_deadline(Month.of(TODAY))
    assert deadline.status == "done"
    assert answers.messages[-1] == (
        "information",
        f"已登记发送。{Month.of(TODAY).label}月度通报期限（{deadline.due_on.isoformat()}）已标记为已办理。",
    )
    assert "已办理" in page.status.text() and not page.sent_button.isEnabled()
    assert "不再重新生成" in page.status.text() and not page.generate_button.isEnabled()
    # another month is its own: it can be generated
    page.month_box.setCurrentIndex(1)
    assert page.generate_button.isEnabled()


def test_the_register_is_exported_with_the_pages_filters(
    qtbot, actor, make_case, answers, tmp_path, monkeypatch
):
    from ui import ask

    make_case("（2025）苏0381行初1号", filed_on=dt.date(2025, 3, 5))
    make_case(
        "（2024）苏0381执3号",
        stage=Stage.DISHONEST,
        defendants=["新沂市财政局"],
        judgment_effective_on=dt.date(2024, 1, 2),
        listed_on=dt.date(2024, 5, 6),
        filed_on=dt.date(2024, 4, 1),
    )
    target = tmp_path / "台账.xlsx"
    monkeypatch.setattr(ask, "save_file_name", lambda *a, **k: str(target))
    page = ReportsPage(actor)
    qtbot.addWidget(page)
    page.year_box.setCurrentIndex(page.year_box.findData(2024))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    sheet = openpyxl.load_workbook(target)["案件"]
    assert [r[0].value for r in sheet.iter_rows(min_row=4)] == ["（2024）苏0381执3号"]
    assert "2024年" in sheet["A2"].value
    assert answers.messages[-1] == ("information", f"台账已导出：{target}")


def test_the_dashboard_shows_the_reports_charts(qtbot, actor, make_case):
    make_case(
        "（2024）苏0381执3号",
        stage=Stage.DISHONEST,
        defendants=["新沂市财政局"],
        judgment_effective_on=dt.date(2024, 1, 2),
        listed_on=dt.date(2024, 5, 6),
        filed_on=dt.date(2024, 4, 1),
    )
    page = DashboardPage(actor)
    qtbot.addWidget(page)
    assert page.stage_chart.chart is None  # drawn only when its tab is shown
    page.tabs.setCurrentWidget(page.charts)
    assert page.stage_chart.chart.series[2].values[-1] == 1  # 失信 this month
    assert page.area_chart.chart.series[0].values == (1,)


def test_the_area_chart_on_the_reports_page_keeps_its_labels_legible(qtbot, actor, monkeypatch):
    """Twenty-four towns and departments: on a 1366×768 screen the page still fits, and
    every bar's label is set at its full 9 pt (it was scaled down to about 5 px)."""
    from PySide6.QtCore import QRectF

    import ui.pages.reports as page_module
    from ui.charts import label_size
    from xinyi_desktop.reports.charts import area_chart

    real = page_module.build_report

    def with_many_areas(month, today=None):
        report = real(month, today)
        report.charts[1] = area_chart({i: f"测试镇{i}" for i in range(24)})
        return report

    monkeypatch.setattr(page_module, "build_report", with_many_areas)
    page = ReportsPage(actor)
    qtbot.addWidget(page)
    page.resize(1366 - 130, 768 - 90)  # the main window's page area on that screen
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentWidget(page.charts)
    qtbot.waitUntil(page.area_chart.isVisible)
    chart = page.area_chart.chart
    assert len(chart.categories) == 24
    assert label_size(chart, QRectF(page.area_chart.rect()), page.area_chart) == 9.0
    assert page.minimumSizeHint().height() <= 768 - 90
    assert page.charts.widget().isAncestorOf(page.area_chart)
