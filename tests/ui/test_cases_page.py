"""What a clerk does in the case register, with real widgets."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from ui.dialogs.case_actions import EventDialog, LinkDialog, StageDialog
from ui.dialogs.case_detail import CaseDetailDialog
from ui.dialogs.case_dialog import CaseDialog
from ui.pages.cases import CasesPage
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.store.models import Agency, Case, CaseLink, Event


@pytest.fixture
def page(qtbot, actor):
    widget = CasesPage(actor)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def shown_case_numbers(page):
    model = page.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def fill_new_case(
    qtbot, type_text, dialog, case_no, defendant="新沂市棋盘镇人民政府", filed="2025.3.5"
):
    type_text(dialog.case_no, case_no)
    type_text(dialog.defendants.chooser.lineEdit(), defendant)
    qtbot.mouseClick(dialog.defendants.add_button, Qt.MouseButton.LeftButton)
    type_text(dialog.filed_on.line, filed)


def test_type_a_case_save_it_and_find_it(qtbot, actor, page, make_agency, answers, type_text):
    make_agency("新沂市棋盘镇人民政府")
    dialog = CaseDialog(actor, parent=page)
    qtbot.addWidget(dialog)
    fill_new_case(qtbot, type_text, dialog, "(2025) 苏0381 行初 ０１２号")
    assert dialog.case_no_hint.text() == "将保存为：（2025）苏0381行初12号"
    type_text(dialog.plaintiffs, "王伟、李娜")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    case = Case.get(Case.case_no == "（2025）苏0381行初12号")
    assert case.filed_on == dt.date(2025, 3, 5)
    assert case.plaintiffs_text == "王伟、李娜"
    assert answers.messages == []  # the agency was known: nothing to confirm

    page.refresh()
    assert shown_case_numbers(page) == ["（2025）苏0381行初12号"]
    type_text(page.search, "〔2025〕苏0381行初12号")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert shown_case_numbers(page) == ["（2025）苏0381行初12号"]
    assert "共 1 件" in page.count_label.text()


def test_a_bad_case_number_is_refused_and_nothing_written(qtbot, actor, page, answers, type_text):
    dialog = CaseDialog(actor, parent=page)
    qtbot.addWidget(dialog)
    fill_new_case(qtbot, type_text, dialog, "2025行初十二号")
    assert (
        "无法识别" in dialog.case_no_hint.text() or "2025行初十二号" in dialog.case_no_hint.text()
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.errors.isHidden()
    assert "2025行初十二号" in dialog.errors.text()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert Case.select().count() == 0 and Agency.select().count() == 0


def test_a_bad_date_names_the_field(qtbot, actor, page, answers, make_agency, type_text):
    make_agency("新沂市棋盘镇人民政府")
    dialog = CaseDialog(actor, parent=page)
    qtbot.addWidget(dialog)
    fill_new_case(qtbot, type_text, dialog, "（2025）苏0381行初3号", filed="2025-02-30")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "立案日期“2025-02-30”不是有效日期" in dialog.errors.text()
    assert Case.select().count() == 0


def test_no_defendant_is_refused(qtbot, actor, page, answers, type_text):
    dialog = CaseDialog(actor, parent=page)
    qtbot.addWidget(dialog)
    type_text(dialog.case_no, "（2025）苏0381行初3号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "至少填写一个被告单位" in dialog.errors.text()
    assert Case.select().count() == 0


def test_a_new_agency_is_confirmed_before_it_is_registered(qtbot, actor, page, answers, type_text):
    dialog = CaseDialog(actor, parent=page)
    qtbot.addWidget(dialog)
    fill_new_case(qtbot, type_text, dialog, "（2025）苏0381行初3号", defendant="新沂市新部门")
    answers.replies = [False]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "新沂市新部门" in answers.messages[-1][1]
    assert Case.select().count() == 0
    answers.replies = [True]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Case.select().count() == 1 and Agency.get(Agency.name == "新沂市新部门")


def test_a_duplicate_is_refused_and_the_existing_case_offered(
    qtbot, actor, page, make_case, answers, type_text
):
    existing = make_case("（2025）苏0381行初7号")
    dialog = CaseDialog(actor, parent=page)
    qtbot.addWidget(dialog)
    fill_new_case(qtbot, type_text, dialog, "(2025)苏0381行初007号")
    answers.replies = [True]
    with qtbot.waitSignal(dialog.open_existing) as opened:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert opened.args == [existing.id]
    assert "已经登记" in answers.messages[-1][1]
    assert Case.select().count() == 1


def test_filters_by_stage_year_agency_and_text(qtbot, page, make_case):
    make_case(
        "（2024）苏0381行初1号", filed_on=dt.date(2024, 1, 5), cause="行政处罚", plaintiffs=["赵强"]
    )
    make_case("（2025）苏0381行初2号", defendants=["新沂市财政局"], cause="政府信息公开")
    make_case(
        "（2025）苏0381执3号",
        defendants=["新沂市财政局"],
        stage=Stage.DISHONEST,
        judgment_effective_on=dt.date(2024, 6, 1),
        listed_on=dt.date(2025, 4, 1),
    )
    page.refresh()
    assert len(shown_case_numbers(page)) == 3
    page.stage_filter.setCurrentIndex(page.stage_filter.findData("dishonest"))
    assert shown_case_numbers(page) == ["（2025）苏0381执3号"]
    page.clear_filters()
    page.year_filter.setCurrentIndex(page.year_filter.findData(2024))
    assert shown_case_numbers(page) == ["（2024）苏0381行初1号"]
    page.clear_filters()
    finance = Agency.get(Agency.name == "新沂市财政局")
    page.agency_filter.setCurrentIndex(page.agency_filter.findData(finance.id))
    page.agency_filter.activated.emit(page.agency_filter.currentIndex())
    assert sorted(shown_case_numbers(page)) == ["（2025）苏0381执3号", "（2025）苏0381行初2号"]
    page.clear_filters()
    for text, expected in [
        ("赵强", ["（2024）苏0381行初1号"]),
        ("信息公开", ["（2025）苏0381行初2号"]),
        ("财政 执3", ["（2025）苏0381执3号"]),
        ("没有这个", []),
    ]:
        page.search.setText(text)
        page.apply_filter()
        assert shown_case_numbers(page) == expected, text
    assert "没有找到" in page.count_label.text()


def test_clicking_a_header_sorts_in_sql(qtbot, page, make_case):
    for serial, filed in [
        (5, dt.date(2025, 1, 9)),
        (12, dt.date(2025, 1, 1)),
        (40, dt.date(2025, 1, 5)),
    ]:
        make_case(f"（2025）苏0381行初{serial}号", filed_on=filed)
    page.refresh()
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert shown_case_numbers(page) == [
        "（2025）苏0381行初5号",
        "（2025）苏0381行初12号",
        "（2025）苏0381行初40号",
    ]
    page.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert shown_case_numbers(page)[0] == "（2025）苏0381行初12号"


def test_the_register_fetches_rows_lazily(qtbot, page, actor):
    from ui.models.case_table_model import PAGE
    from xinyi_desktop.services.cases import CaseInput, create_case

    for serial in range(1, PAGE + 30):
        create_case(
            actor, CaseInput(case_no=f"（2025）苏0381行初{serial}号", defendants=["新沂市财政局"])
        )
    page.refresh()
    assert page.model.total() == PAGE + 29
    assert page.model.rowCount() == PAGE
    assert page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == PAGE + 29


def test_detail_shows_parties_links_and_timeline(qtbot, actor, make_case, type_text):
    judgment = make_case("（2024）苏0381行初5号", filed_on=dt.date(2024, 2, 1), plaintiffs=["王伟"])
    execution = make_case(
        "（2025）苏0381执9号",
        filed_on=dt.date(2025, 3, 1),
        stage=Stage.DISHONEST,
        judgment_effective_on=dt.date(2024, 6, 1),
        listed_on=dt.date(2025, 4, 1),
    )
    dialog = CaseDetailDialog(actor, judgment.id)
    qtbot.addWidget(dialog)
    link = LinkDialog(actor, judgment.id, parent=dialog)
    qtbot.addWidget(link)
    link.kind.setCurrentIndex(link.kind.findData("related"))
    type_text(link.other, "(2025)苏0381执9号")
    qtbot.mouseClick(link.save_button, Qt.MouseButton.LeftButton)
    assert CaseLink.select().count() == 1
    dialog.load()
    assert dialog.links.item(0, 1).text() == execution.case_no
    parties = {dialog.parties.item(r, 1).text() for r in range(dialog.parties.rowCount())}
    assert parties == {"王伟", "新沂市棋盘镇人民政府"}
    kinds = [dialog.events.item(r, 1).text() for r in range(dialog.events.rowCount())]
    assert "关联案件" in kinds and "登记" in kinds


def test_link_to_an_unknown_case_is_refused(qtbot, actor, make_case, type_text):
    case = make_case()
    link = LinkDialog(actor, case.id)
    qtbot.addWidget(link)
    type_text(link.other, "（2025）苏0381执999号")
    qtbot.mouseClick(link.save_button, Qt.MouseButton.LeftButton)
    assert "尚未登记" in link.errors.text()
    assert CaseLink.select().count() == 0


def test_stage_dialog_offers_only_allowed_changes_and_refuses_closing_without_outcome(
    qtbot, actor, make_case
):
    case = make_case()
    dialog = StageDialog(actor, case.id)
    qtbot.addWidget(dialog)
    offered = [dialog.target.itemText(i) for i in range(dialog.target.count())]
    assert offered == ["败诉", "结案"]
    dialog.target.setCurrentIndex(dialog.target.findData("closed"))
    outcomes = [dialog.outcome.itemText(i) for i in range(dialog.outcome.count())]
    assert outcomes == ["胜诉", "撤诉", "和解"]
    dialog.outcome.setCurrentIndex(-1)
    dialog.on.line.setText("2025-06-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "结案必须写明结果" in dialog.errors.text()
    assert Case.get_by_id(case.id).stage == "sued"

    dialog.target.setCurrentIndex(dialog.target.findData("lost"))
    dialog.on.line.setText("2025-06-01")
    dialog.deadline.line.setText("2025-07-01")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = Case.get_by_id(case.id)
    assert stored.stage == "lost" and stored.performance_deadline == dt.date(2025, 7, 1)


def test_a_closed_case_offers_no_stage_change(qtbot, actor, make_case):
    from xinyi_desktop.rules.stages import Outcome
    from xinyi_desktop.services.cases import change_stage

    case = make_case()
    change_stage(actor, case.id, Stage.CLOSED, on=dt.date(2025, 5, 1), outcome=Outcome.WON)
    dialog = StageDialog(actor, case.id)
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled()
    assert "已结案" in dialog.errors.text()


def test_add_a_court_notice_to_the_timeline(qtbot, actor, make_case, type_text):
    case = make_case()
    dialog = EventDialog(actor, case.id)
    qtbot.addWidget(dialog)
    dialog.on.line.setText("2025年3月8日")
    type_text(dialog.summary, "收到法院起诉通报（苏0381法〔2025〕12号）")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    event = Event.get(Event.kind == "court_notice")
    assert event.occurred_on == dt.date(2025, 3, 8) and "起诉通报" in event.summary


def test_edit_a_case_from_its_detail(qtbot, actor, make_case, answers):
    case = make_case(cause="行政许可")
    dialog = CaseDialog(actor, case.id)
    qtbot.addWidget(dialog)
    assert dialog.case_no.text() == case.case_no
    assert dialog.defendants.names() == ["新沂市棋盘镇人民政府"]
    dialog.cause.setCurrentText("行政处罚")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Case.get_by_id(case.id).cause == "行政处罚"
    assert Event.select().where(Event.kind == "edit").count() == 1


def test_the_detail_shows_the_cases_history_of_changes(qtbot, actor, make_case):
    case = make_case(cause="行政许可")
    dialog = CaseDialog(actor, case.id)
    qtbot.addWidget(dialog)
    dialog.cause.setCurrentText("行政处罚")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    detail = CaseDetailDialog(actor, case.id)
    qtbot.addWidget(detail)
    tabs = [detail.tabs.tabText(i) for i in range(detail.tabs.count())]
    assert "修改记录" in tabs
    table = detail.history
    rows = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    assert any(row[1:] == ["默认用户", "修改", "案由", "行政许可", "行政处罚"] for row in rows), (
        rows
    )
    assert not any("search_text" in " ".join(row) for row in rows)
    summaries = [detail.events.item(r, 2).text() for r in range(detail.events.rowCount())]
    assert "修改：案由：行政许可 → 行政处罚" in summaries
