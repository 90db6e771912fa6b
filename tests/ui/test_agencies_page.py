"""What a clerk does on the agencies page: register, correct, staff and delete agencies."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ui.dialogs.agency_dialog import AgencyDialog
from ui.dialogs.person_dialog import PersonDialog
from ui.models.agency_table_model import COL_CASES, COL_CODE, COL_NAME, AgencyTableModel
from ui.pages.agencies import AgenciesPage
from xinyi_desktop.rules.check_codes import credit_code_check_char, id_number_check_char
from xinyi_desktop.services.agencies import find_agency_by_name
from xinyi_desktop.store.models import Agency, Case, Person

FIRST17 = "11320381MB1234567"
GOOD_CODE = FIRST17 + credit_code_check_char(FIRST17)
BAD_CODE = FIRST17 + ("0" if GOOD_CODE[-1] != "0" else "1")
ID17 = "32038119800101123"
GOOD_ID = ID17 + id_number_check_char(ID17)


@pytest.fixture
def page(qtbot, actor):
    widget = AgenciesPage(actor)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def open_dialog(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click_save(qtbot, dialog):
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def table_names(page):
    proxy = page.proxy
    return [proxy.index(row, COL_NAME).data() for row in range(proxy.rowCount())]


def persons_column(page, column):
    model = page.persons_model
    return [model.item(row, column).text() for row in range(model.rowCount())]


def test_create_agency_by_typing(qtbot, actor, page, answers, type_text):
    assert "新沂市棋盘镇人民政府" not in table_names(page)
    dialog = open_dialog(qtbot, AgencyDialog(actor))
    type_text(dialog.name_edit, "新沂市棋盘镇人民政府")
    type_text(dialog.code_edit, GOOD_CODE.lower())
    assert dialog.code_hint.text() == "校验通过"
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findText("镇街"))
    type_text(dialog.area_edit, "棋盘镇")
    click_save(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    agency = Agency.get(Agency.name == "新沂市棋盘镇人民政府")
    assert dialog.saved_id == agency.id
    assert (agency.credit_code, agency.kind, agency.area) == (GOOD_CODE, "town", "棋盘镇")
    assert answers.messages == []

    page.refresh()
    assert "新沂市棋盘镇人民政府" in table_names(page)
    assert page.select_agency(agency.id)
    assert page.detail["kind"].text() == "镇街"
    assert not page.code_warning.isVisible()


def test_wrong_check_character_is_saved_with_a_warning(qtbot, actor, page, answers, type_text):
    dialog = open_dialog(qtbot, AgencyDialog(actor))
    type_text(dialog.name_edit, "新沂市财政局")
    type_text(dialog.code_edit, BAD_CODE)
    assert "校验位" in dialog.code_hint.text()
    assert dialog.code_hint.isVisible()
    click_save(qtbot, dialog)

    agency = Agency.get(Agency.name == "新沂市财政局")
    assert agency.credit_code == BAD_CODE
    assert len(answers.messages) == 1
    kind, text = answers.messages[0]
    assert kind == "warning" and text.startswith("已保存。请注意：") and "校验位" in text

    page.refresh()
    page.select_agency(agency.id)
    index = page.proxy.index(page.table.currentIndex().row(), COL_CODE)
    assert index.data() == "⚠ " + BAD_CODE
    assert "校验位" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None
    assert page.code_warning.isVisible() and "校验位" in page.code_warning.text()


def test_code_hint_is_empty_for_an_empty_code(qtbot, actor, type_text):
    dialog = open_dialog(qtbot, AgencyDialog(actor))
    type_text(dialog.code_edit, "123")
    assert "18位" in dialog.code_hint.text()
    dialog.code_edit.clear()
    assert not dialog.code_hint.isVisible()


def test_empty_name_is_refused_in_the_dialog(qtbot, actor, answers, type_text):
    dialog = open_dialog(qtbot, AgencyDialog(actor))
    type_text(dialog.code_edit, GOOD_CODE)
    click_save(qtbot, dialog)

    assert dialog.errors.isVisible()
    assert dialog.errors.text() == "请填写单位名称。"
    assert dialog.focusWidget() is dialog.name_edit
    assert dialog.isVisible() and dialog.saved_id is None
    assert Agency.select().count() == 0
    assert answers.messages == []


def test_duplicate_name_is_refused(qtbot, actor, make_agency, type_text):
    make_agency("新沂市财政局")
    dialog = open_dialog(qtbot, AgencyDialog(actor))
    type_text(dialog.name_edit, "新沂市 财政局")
    click_save(qtbot, dialog)
    assert "已登记" in dialog.errors.text()
    assert Agency.select().count() == 1


def test_parent_is_chosen_from_the_other_agencies(qtbot, actor, make_agency):
    parent = make_agency("新沂市住房和城乡建设局")
    child = make_agency("新沂市房屋征收服务中心", kind="institution")
    dialog = open_dialog(qtbot, AgencyDialog(actor, child.id))
    names = [dialog.parent_combo.itemText(i) for i in range(dialog.parent_combo.count())]
    assert names == ["无", "新沂市住房和城乡建设局"]  # never itself
    dialog.parent_combo.setCurrentIndex(1)
    click_save(qtbot, dialog)
    assert Agency.get_by_id(child.id).parent_id == parent.id


def test_persons_with_dates_and_only_current(qtbot, actor, page, make_agency, answers, type_text):
    agency = make_agency("新沂市棋盘镇人民政府", kind="town")
    dialog = open_dialog(qtbot, PersonDialog(actor, agency.id))
    type_text(dialog.name_edit, "张三")
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findText("法定代表人"))
    type_text(dialog.title_edit, "镇长")
    type_text(dialog.id_edit, GOOD_ID)
    assert dialog.id_hint.text() == "校验通过"
    type_text(dialog.start_edit.line, "2020年1月15日")
    click_save(qtbot, dialog)
    zhang = Person.get(Person.name == "张三")
    assert (zhang.role, zhang.start_on, zhang.end_on) == ("legal_rep", dt.date(2020, 1, 15), None)

    second = open_dialog(qtbot, PersonDialog(actor, agency.id))
    type_text(second.name_edit, "李四")
    second.role_combo.setCurrentIndex(second.role_combo.findText("主要负责人"))
    type_text(second.start_edit.line, "2019-03-01")
    click_save(qtbot, second)
    assert answers.messages == []

    page.refresh()
    page.select_agency(agency.id)
    assert sorted(persons_column(page, 0)) == ["张三", "李四"]
    row = persons_column(page, 0).index("张三")
    assert page.persons_model.item(row, 3).text() == GOOD_ID[:6] + "********" + GOOD_ID[-4:]
    assert set(persons_column(page, 6)) == {"在任"}

    # Zhang leaves the post.
    edit = open_dialog(qtbot, PersonDialog(actor, agency.id, zhang.id))
    assert edit.start_edit.text() == "2020-01-15"
    type_text(edit.end_edit.line, "2024-06-30")
    click_save(qtbot, edit)
    assert Person.get_by_id(zhang.id).end_on == dt.date(2024, 6, 30)

    page.refresh()
    assert page.current_agency_id() == agency.id  # selection kept
    statuses = dict(zip(persons_column(page, 0), persons_column(page, 6), strict=True))
    assert statuses == {"张三": "已离任", "李四": "在任"}
    page.only_current.setChecked(True)
    assert persons_column(page, 0) == ["李四"]
    page.only_current.setChecked(False)
    assert len(persons_column(page, 0)) == 2


def test_person_dates_are_checked(qtbot, actor, make_agency, type_text):
    agency = make_agency()
    dialog = open_dialog(qtbot, PersonDialog(actor, agency.id))
    type_text(dialog.name_edit, "王五")
    type_text(dialog.start_edit.line, "2024-01-01")
    type_text(dialog.end_edit.line, "2023-01-01")
    click_save(qtbot, dialog)
    assert dialog.errors.text() == "离任日期早于任职日期，请核对。"
    dialog.end_edit.line.clear()
    type_text(dialog.end_edit.line, "2024-13-01")
    click_save(qtbot, dialog)
    assert "离任日期" in dialog.errors.text() and "不是有效日期" in dialog.errors.text()
    assert Person.select().count() == 0


def test_wrong_id_number_is_saved_with_a_warning(qtbot, actor, make_agency, answers, type_text):
    agency = make_agency()
    dialog = open_dialog(qtbot, PersonDialog(actor, agency.id))
    type_text(dialog.name_edit, "赵六")
    bad = ID17 + ("0" if GOOD_ID[-1] != "0" else "1")
    type_text(dialog.id_edit, bad)
    assert "校验位" in dialog.id_hint.text()
    click_save(qtbot, dialog)
    assert Person.get(Person.name == "赵六").id_number == bad
    assert [kind for kind, _ in answers.messages] == ["warning"]


def test_delete_is_refused_while_the_agency_has_a_case(qtbot, page, make_case, answers):
    make_case(defendants=["新沂市棋盘镇人民政府"])
    agency = find_agency_by_name("新沂市棋盘镇人民政府")
    page.refresh()
    assert page.select_agency(agency.id)
    assert page.detail["cases"].text() == "1"
    answers.replies = [True]
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)

    kinds = [kind for kind, _ in answers.messages]
    assert kinds == ["question", "warning"]
    assert "不能删除" in answers.messages[1][1]
    assert Agency.get_or_none(Agency.id == agency.id) is not None
    assert page.current_agency_id() == agency.id


def test_delete_asks_first(qtbot, page, make_agency, answers):
    agency = make_agency("新沂市财政局")
    page.refresh()
    page.select_agency(agency.id)
    answers.replies = [False]
    assert not page.delete_selected()
    assert Agency.get_or_none(Agency.id == agency.id) is not None
    answers.replies = [True]
    assert page.delete_selected()
    assert Agency.get_or_none(Agency.id == agency.id) is None
    assert "新沂市财政局" not in table_names(page)
    assert not page.edit_button.isEnabled()


def test_rename_follows_into_the_cases(qtbot, actor, page, make_case, answers, type_text):
    case = make_case(defendants=["新沂市城管局", "新沂市财政局"])
    agency = find_agency_by_name("新沂市城管局")
    page.refresh()
    assert page.select_agency(agency.id)
    dialog = open_dialog(qtbot, AgencyDialog(actor, agency.id))
    assert dialog.name_edit.text() == "新沂市城管局"
    dialog.name_edit.clear()
    type_text(dialog.name_edit, "新沂市城市管理局")
    click_save(qtbot, dialog)

    assert Case.get_by_id(case.id).defendants_text == "新沂市城市管理局、新沂市财政局"
    page.refresh()
    assert page.current_agency_id() == agency.id
    assert page.detail["name"].text() == "新沂市城市管理局"
    assert "新沂市城管局" not in table_names(page)


def test_search_filters_as_you_type(qtbot, page, make_agency, type_text):
    make_agency("新沂市棋盘镇人民政府", area="棋盘镇")
    make_agency("新沂市财政局", area="财政局")
    page.refresh()
    assert page.proxy.rowCount() == 2
    type_text(page.search_edit, "棋盘")
    qtbot.waitUntil(lambda: page.proxy.rowCount() == 1, timeout=2000)
    assert table_names(page) == ["新沂市棋盘镇人民政府"]
    assert page.count_label.text() == "共 1 个单位"


def test_sorting_by_case_count_is_numeric(qtbot, page, make_case):
    for serial in range(1, 11):
        make_case(f"（2025）苏0381行初{serial}号", defendants=["新沂市财政局"])
    make_case("（2025）苏0381行初20号", defendants=["新沂市公安局"])
    make_case("（2025）苏0381行初21号", defendants=["新沂市公安局"])
    page.refresh()
    page.table.sortByColumn(COL_CASES, Qt.SortOrder.DescendingOrder)
    assert table_names(page) == ["新沂市财政局", "新沂市公安局"]


def test_table_model_without_a_window(actor, make_agency, make_case):
    make_case(defendants=["新沂市财政局"])
    make_agency("新沂市教育局", credit_code=BAD_CODE)
    model = AgencyTableModel()
    model.refresh()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "单位名称",
        "类别",
        "所属镇街/部门",
        "上级单位",
        "统一社会信用代码",
        "案件数",
    ]
    finance = model.row_of(find_agency_by_name("新沂市财政局").id)
    assert model.index(finance, COL_CASES).data() == 1
    education = model.row_of(find_agency_by_name("新沂市教育局").id)
    assert model.index(education, COL_CODE).data().startswith("⚠")
    assert model.agency_id_at(99) is None and model.row_of(12345) == -1
    model.refresh("教育")
    assert model.rowCount() == 1
