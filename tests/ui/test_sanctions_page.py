"""The 惩戒 page: the matrix coloured by status, its filters, a bulk step and the bulk
delivery with one letter, driven through the real widgets; the 整改与问责 and 督查 pages."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from xinyi_desktop.services import letters, sanction_steps
from xinyi_desktop.services.agencies import PersonInput, add_person
from xinyi_desktop.services.cases import change_stage
from xinyi_desktop.store.models import Agency
from xinyi_desktop.store.sanction_models import Listing, SanctionItem

TODAY = dt.date.today()


@pytest.fixture
def two_listed(actor, make_case):
    for serial, town in ((1, "新沂市棋盘镇人民政府"), (2, "新沂市阿湖镇人民政府")):
        case = make_case(
            f"（2025）苏0381行初{serial}号",
            defendants=[town],
            stage="lost",
            judgment_effective_on=dt.date(2025, 6, 1),
        )
        agency = Agency.get(Agency.name == town)
        for role in ("legal_rep", "principal"):  # one person, two posts
            add_person(actor, agency.id, PersonInput(name=f"镇长{serial}", role=role))
        change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1))
    return list(Listing.select().order_by(Listing.id))


@pytest.fixture
def page(qtbot, actor, two_listed):
    from ui.pages.sanctions import SanctionsPage

    widget = SanctionsPage(actor)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def column_of(page, name: str) -> int:
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return headers.index(name)


def test_the_matrix_shows_agencies_by_measures_coloured_by_status(page):
    model = page.model
    assert model.rowCount() == 2
    assert model.headerData(2, Qt.Orientation.Horizontal) == "失信约谈"
    cell = model.index(0, column_of(page, "限制消费"))
    assert model.data(cell) == "拟实施"
    colour = model.data(cell, Qt.ItemDataRole.BackgroundRole).color().name()
    assert colour == "#e8e8e8"
    record = model.index(0, column_of(page, "记入系统"))
    # The agency and its head, who is both legal representative and principal: one item.
    assert model.data(record) == "拟实施 ×2"
    assert "镇长" in model.data(record, Qt.ItemDataRole.ToolTipRole)


def test_filters_narrow_the_matrix(page, qtbot, type_text):
    type_text(page.search, "阿湖")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1 and page.model.rows[0].agency == "新沂市阿湖镇人民政府"
    page.search.clear()
    page.measure_box.setCurrentIndex(page.measure_box.findText("限制融资"))
    assert page.model.columnCount() == 3 and page.model.rowCount() == 2


def test_a_bulk_step_over_many_cells(page, qtbot, answers):
    from ui.dialogs.sanction_dialogs import StepDialog
    from xinyi_desktop.rules.sanctions import ItemStatus

    talk, financing = column_of(page, "失信约谈"), column_of(page, "限制融资")
    page.select_cells([(0, talk), (1, talk), (0, financing), (1, financing)])
    assert page.items.rowCount() == 4
    qtbot.mouseClick(page.select_all, Qt.MouseButton.LeftButton)
    ids = page.selected_item_ids()
    assert len(ids) == 4
    dialog = page.step_dialog(ItemStatus.SUBMITTED, ids)
    assert isinstance(dialog, StepDialog)
    dialog.ref.setText("新信用发〔2026〕9号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    page.refresh()
    assert page.model.data(page.model.index(0, talk)) == "已报市政府"
    submitted = SanctionItem.select().where(SanctionItem.status == "submitted").count()
    assert submitted == 4


def test_a_refused_step_shows_the_reason_and_writes_nothing(page, qtbot):
    from xinyi_desktop.rules.sanctions import ItemStatus

    page.select_cells([(0, column_of(page, "限制补助"))])
    page.items.selectAll()
    dialog = page.step_dialog(ItemStatus.LIFTED, page.selected_item_ids())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() or dialog.result() != dialog.DialogCode.Accepted
    assert "从未实施，无需也不能解除" in dialog.errors.text()
    assert SanctionItem.select().where(SanctionItem.status == "lifted").count() == 0


def order_overdue_rectification(actor, listing):
    from xinyi_desktop.services.rectification import assign_rectification

    assign_rectification(
        actor,
        listing.id,
        on=TODAY - dt.timedelta(days=60),
        due_on=TODAY - dt.timedelta(days=20),
        today=TODAY,
    )


def test_bulk_mark_delivered_with_one_delivery_letter(
    page, qtbot, actor, two_listed, office_contact
):
    for listing in two_listed:
        order_overdue_rectification(actor, listing)
    (plan,) = letters.plan_escalation("request", issued_on=TODAY)
    letters.run(letters.generate(actor, [plan]))
    sanction_steps.approve_listings(
        actor, [x.id for x in two_listed], on=TODAY, approval_ref="新政复〔2026〕1号"
    )
    page.refresh()
    column = column_of(page, "限制融资")
    assert page.model.data(page.model.index(0, column)) == "已核定"
    page.select_cells([(0, column), (1, column)])
    page.items.selectAll()
    dialog = page.deliver_dialog(page.selected_item_ids(), runner="inline")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text() == ""
    (document,) = dialog.result.documents
    assert document.recipient == "新沂市金融办"
    page.refresh()
    for row in (0, 1):
        assert page.model.data(page.model.index(row, column)) == "已送达"
    assert page.model.data(page.model.index(0, column_of(page, "失信约谈"))) == "已核定"
    page.select_cells([(0, column)])
    page.items.selectRow(0)
    assert document.doc_no in page.history.text()


def test_the_rectification_and_inspection_pages_open(qtbot, actor, two_listed):
    from ui.pages.inspections import InspectionsPage
    from ui.pages.measure_settings import MeasureSettings
    from ui.pages.rectification import RectificationPage

    page = RectificationPage(actor)
    qtbot.addWidget(page)
    assert page.listing_table.rowCount() == 2
    # No rectification period given: nobody is overdue yet.
    assert page.escalation.overdue_table.rowCount() == 0
    page.listing_table.selectRow(0)
    assert "列入 2025-08-01" in page.detail.text() and "整改：未下达" in page.detail.text()
    order_overdue_rectification(actor, two_listed[0])
    page.refresh()
    assert page.escalation.overdue_table.rowCount() == 1
    assert page.escalation.overdue_table.item(0, 0).text() == two_listed[0].agency.name
    inspections = InspectionsPage(actor)
    qtbot.addWidget(inspections)
    settings = MeasureSettings(actor)
    qtbot.addWidget(settings)
    assert settings.table.rowCount() == 7


def test_submitting_without_the_request_number_is_refused_in_the_form(page, qtbot):
    from xinyi_desktop.rules.sanctions import ItemStatus

    page.select_cells([(0, column_of(page, "限制融资"))])
    page.items.selectAll()
    dialog = page.step_dialog(ItemStatus.SUBMITTED, page.selected_item_ids())
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "依据文书（报送市政府的请示）" in dialog.errors.text()
    assert SanctionItem.select().where(SanctionItem.status == "submitted").count() == 0


def test_the_approval_on_the_overdue_list_approves_the_overdue_listings_only(
    qtbot, actor, make_case, two_listed, office_contact
):
    from ui.pages.rectification import RectificationPage

    town = two_listed[0].agency
    second = make_case(
        "（2025）苏0381行初9号",
        defendants=[town.name],
        stage="lost",
        judgment_effective_on=dt.date(2025, 6, 1),
    )
    change_stage(actor, second.id, "dishonest", on=dt.date(2025, 8, 1))
    order_overdue_rectification(actor, two_listed[0])  # the town's first case only
    (plan,) = letters.plan_escalation("request", issued_on=TODAY)
    letters.run(letters.generate(actor, [plan]))
    page = RectificationPage(actor)
    qtbot.addWidget(page)
    assert page.escalation.overdue_table.rowCount() == 1
    dialog = page.escalation.approval_dialog([0])
    assert dialog.listing_ids == [two_listed[0].id]
    dialog.ref.setText("新政复〔2026〕3号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text() == ""
    second_listing = Listing.get(Listing.case == second.id)
    assert Listing.get_by_id(two_listed[0].id).approved_on == TODAY
    assert second_listing.approved_on is None
    statuses = {
        i.status for i in SanctionItem.select().where(SanctionItem.listing == second_listing)
    }
    assert statuses == {"proposed"}


def test_an_approved_body_with_items_submitted_later_is_offered_a_further_approval(
    qtbot, actor, two_listed, office_contact, answers, monkeypatch
):
    from ui.pages.rectification import RectificationPage

    first = two_listed[0]
    order_overdue_rectification(actor, first)
    (plan,) = letters.plan_escalation("request", issued_on=TODAY)
    letters.run(letters.generate(actor, [plan]))
    sanction_steps.approve_listings(actor, [first.id], on=TODAY, approval_ref="新政复〔2026〕1号")
    add_person(actor, first.agency_id, PersonInput(name="新会计", role="finance"))
    sanction_steps.complete_checklist(actor, first.id)
    (new,) = SanctionItem.select().where(SanctionItem.target_name == "新会计")
    sanction_steps.change_status(
        actor, [new.id], "submitted", on=TODAY, document_ref="新信用发〔2026〕9号"
    )
    page = RectificationPage(actor)
    qtbot.addWidget(page)
    assert page.escalation.overdue_table.rowCount() == 0  # approved: not on the overdue list
    assert page.escalation.approved_table.rowCount() == 1
    assert page.escalation.approved_table.item(0, 4).text() == "1"  # one item awaits approval
    dialog = page.escalation.further_approval_dialog([0])
    assert dialog.listing_ids == [first.id] and dialog.windowTitle() == "登记市政府补充核定"
    dialog.ref.setText("新政复〔2026〕5号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text() == ""
    assert SanctionItem.get_by_id(new.id).status == "approved"
    page.refresh()
    assert page.escalation.approved_table.item(0, 4).text() == ""
    page.listing_table.selectRow([x.id for x in page.listings].index(first.id))
    assert "补充核定：" in page.detail.text() and "新政复〔2026〕5号" in page.detail.text()

    # Nothing left to approve: the form says so and writes nothing.
    dialog = page.escalation.further_approval_dialog([0])
    dialog.ref.setText("新政复〔2026〕6号")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "无需再次核定" in dialog.errors.text()
    dialog.close()
    # and the button says it before any form opens, with the same sentence
    opened = []
    monkeypatch.setattr(
        page.escalation,
        "further_approval_dialog",
        lambda rows: opened.append(rows) or SimpleNamespace(exec=lambda: False),
    )
    page.escalation.approved_table.selectRow(0)
    page.escalation.on_further_approval()
    assert opened == []
    kind, text = answers.messages[-1]
    assert kind == "warning" and text == dialog.errors.text()


def test_the_exit_form_of_a_co_defendant_says_the_case_stays_open(qtbot, actor, make_case):
    from ui.dialogs.rectification_dialogs import ExitDialog
    from xinyi_desktop.store.models import Case

    case = make_case(
        "（2025）苏0381行初21号",
        defendants=["新沂市棋盘镇人民政府", "新沂市阿湖镇人民政府"],
        stage="lost",
        judgment_effective_on=dt.date(2025, 6, 1),
    )
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1))
    first, second = Listing.select().order_by(Listing.id)
    dialog = ExitDialog(actor, first)
    qtbot.addWidget(dialog)
    assert "同案的新沂市阿湖镇人民政府仍在失信名单中，案件不结案" in dialog.consequence.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text() == ""
    assert Listing.get_by_id(first.id).removed_on == TODAY
    assert Listing.get_by_id(second.id).removed_on is None
    assert Case.get_by_id(case.id).stage == "dishonest"
    dialog = ExitDialog(actor, Listing.get_by_id(second.id))
    qtbot.addWidget(dialog)
    assert "案件以履行完毕/和解结案" in dialog.consequence.text()


@pytest.fixture
def program_look(qapp):
    from tests.ui.test_small_screen_pages import office_look

    with office_look(qapp):
        yield


@pytest.mark.parametrize("size", ["150%", "125%"])
@pytest.mark.usefixtures("program_look")
def test_the_count_and_the_overdue_list_explanations_show_whole_on_a_small_screen(
    qtbot, actor, two_listed, size
):
    from tests.ui.test_dialog_text_room import shows_whole_text
    from tests.ui.test_small_screen_pages import PAGE_SIZES, show_page
    from ui.pages.rectification import RectificationPage
    from ui.pages.sanctions import SanctionsPage

    room = PAGE_SIZES[0] if size == "150%" else PAGE_SIZES[1]
    page = show_page(qtbot, SanctionsPage(actor), room)
    assert page.size() == room  # the page fits its room: nothing runs off it
    assert page.count.text().startswith("失信单位")
    for button in page.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.sizeHint().width(), button.text()
    assert shows_whole_text(page.count)
    right = page.count.mapTo(page, page.count.rect().topRight()).x()
    assert right <= room.width()  # on the page, not past its right edge
    rectification = show_page(qtbot, RectificationPage(actor), room)
    rectification.tabs.setCurrentWidget(rectification.escalation)
    qtbot.wait(10)
    tab = rectification.escalation
    notes = [label for label in tab.findChildren(QLabel) if label.text()]
    assert len(notes) == 2
    for label in notes:
        assert shows_whole_text(label), label.text()
        assert label.mapTo(tab, label.rect().topRight()).x() <= tab.width()
    assert tab.mapTo(rectification, tab.rect().topRight()).x() <= room.width()
