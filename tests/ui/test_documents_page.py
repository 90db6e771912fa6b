"""The 文书 page, the 生成函件 dialogs and the template settings, driven as a clerk would."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters
from xinyi_desktop.store.document_models import Document

TODAY = dt.date.today()


@pytest.fixture
def sued(make_case):
    return make_case("(2026)苏0381行初12号", plaintiffs=["王伟"], cause="行政处罚", filed_on=TODAY)


@pytest.fixture(autouse=True)
def no_office_suite(monkeypatch):
    """Opening a file would start Word/WPS: record it instead."""
    import ui.dialogs.letter_dialog as dialogs

    opened = []
    monkeypatch.setattr(dialogs, "open_file", lambda path: opened.append(path) or True)
    import ui.pages.documents as page

    monkeypatch.setattr(page, "open_file", lambda path: opened.append(path) or True)
    return opened


def test_the_case_detail_makes_a_letter_numbered_recorded_and_on_the_timeline(
    qtbot, actor, sued, answers, no_office_suite
):
    from ui.dialogs.case_detail import CaseDetailDialog
    from ui.dialogs.letter_dialog import LetterDialog

    detail = CaseDetailDialog(actor, sued.id)
    qtbot.addWidget(detail)
    dialog = LetterDialog(actor, sued.id, parent=detail)
    qtbot.addWidget(dialog)
    assert dialog.kind() == "reminder"  # the letter the stage asks for
    answers.replies = [True]
    dialog.submit()
    assert dialog.result.documents[0].doc_no == f"新信用函〔{TODAY.year}〕1号"
    assert no_office_suite == [register.file_of(dialog.result.documents[0])]
    detail.load()
    summaries = [detail.events.item(r, 2).text() for r in range(detail.events.rowCount())]
    assert any("新信用函" in s for s in summaries)


def test_a_letter_that_does_not_fit_is_refused_in_the_dialog(qtbot, actor, sued, answers):
    from ui.dialogs.letter_dialog import LetterDialog

    dialog = LetterDialog(actor, sued.id)
    qtbot.addWidget(dialog)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("supervision"))
    dialog.submit()
    assert "只适用于“败诉”阶段" in dialog.errors.text()
    assert Document.select().count() == 0


def test_a_batch_runs_off_the_gui_thread_and_lists_on_the_page(qtbot, actor, make_case, answers):
    from ui.dialogs.letter_dialog import BatchLetterDialog
    from ui.pages.documents import DocumentsPage

    for i in (1, 2, 3):
        make_case(f"(2026)苏0381行初{i}号", plaintiffs=["李娜"], filed_on=TODAY)
    dialog = BatchLetterDialog(actor)
    qtbot.addWidget(dialog)
    assert dialog.choices.count() == 3
    dialog.select_all.setChecked(True)
    dialog.submit()
    result = dialog.result
    assert [d.number for d in result.documents] == [1, 2, 3]
    assert result.combined is not None and result.combined.is_file()
    page = DocumentsPage(actor)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 3
    page.search.setText("行初2号")
    page.refresh()
    assert page.table.rowCount() == 1


def test_void_keeps_the_row_and_regenerate_keeps_the_number(
    qtbot, actor, sued, answers, monkeypatch
):
    import ui.pages.documents as page_module
    from ui.pages.documents import DocumentsPage

    plans = letters.plan_case_letter("reminder", sued.id, issued_on=TODAY)
    (doc,) = letters.run(letters.generate(actor, plans)).documents
    page = DocumentsPage(actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    answers.replies = [True]
    page.regenerate_selected()
    assert Document.get_by_id(doc.id).doc_no == doc.doc_no
    monkeypatch.setattr(page_module, "ask_reason", lambda parent, text: "收文单位有误")
    page.table.selectRow(0)
    page.void_selected()
    assert Document.get_by_id(doc.id).status == "void"
    assert page.table.item(0, 6).text() == "已作废"
    page.table.selectRow(0)
    assert not page.buttons["void"].isEnabled() and page.buttons["open"].isEnabled()


def test_a_pdf_is_made_without_an_office_suite(qtbot, actor, sued, tmp_path, office_contact):
    from ui.docx_print import DocxLayout, export_pdf

    plans = letters.plan_case_letter(
        "assignment", sued.id, issued_on=TODAY, inputs={"交办事项": "准备应诉", "办结时限": TODAY}
    )
    (doc,) = letters.run(letters.generate(actor, plans)).documents
    target = export_pdf(register.file_of(doc), tmp_path / "sheet.pdf")
    data = target.read_bytes()
    assert (
        data.startswith(b"%PDF")
        and data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") + data.count(b"/Type /Page ")
        >= 1
    )
    layout = DocxLayout(register.file_of(doc), 1)
    assert layout.page_count() == 1  # the 交办单 is one page
    assert "准备应诉" in layout.document.toPlainText()


def test_template_settings_list_placeholders_and_report_a_bad_file(
    qtbot, actor, answers, monkeypatch, tmp_path
):
    from docx import Document as open_docx

    from ui import ask
    from ui.pages.template_settings import TemplateSettings
    from xinyi_desktop.documents.catalog import shipped_template

    tab = TemplateSettings(actor)
    qtbot.addWidget(tab)
    tab.list.setCurrentRow(0)
    assert "{{收文单位}}" in tab.placeholders.toPlainText()
    bad = open_docx(str(shipped_template("reminder")))
    bad.add_paragraph("{{收文单住}}")
    path = tmp_path / "bad.docx"
    bad.save(str(path))
    monkeypatch.setattr(ask, "open_file_name", lambda *a, **k: str(path))
    tab.list.setCurrentRow(list(tab._keys).index("reminder"))
    tab.load()
    assert any("收文单住" in text and "收文单位" in text for _, text in answers.messages)
    item = tab.list.item(tab._keys.index("reminder"))
    assert "已修改" not in item.text()
    assert item.flags() & Qt.ItemFlag.ItemIsEnabled


def test_the_dialog_proposes_the_deadline_the_calendar_gives(qtbot, actor, make_case, answers):
    from ui.dialogs.letter_dialog import LetterDialog
    from xinyi_desktop.services.letters import letter_deadline

    case = make_case("(2026)苏0381行初12号", plaintiffs=["王伟"], filed_on=dt.date(2026, 11, 2))
    dialog = LetterDialog(actor, case.id, kind="assignment")
    qtbot.addWidget(dialog)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("assignment"))
    dialog.date_edit.set_date(dt.date(2026, 12, 2))
    assert dialog.deadline_edit.date() == dt.date(2026, 12, 14)  # not Saturday the 12th
    assert dialog.deadline_edit.date() == letter_deadline("assignment", dt.date(2026, 12, 2)).day
    dialog.deadline_edit.set_date(dt.date(2026, 12, 19))
    assert "不是工作日，期限顺延至2026年12月21日" in dialog.deadline_hint.text()
    dialog.deadline_edit.set_date(dt.date(2027, 1, 8))
    assert "2027年的节假日安排尚未录入" in dialog.deadline_hint.text()


def test_a_batch_can_be_chosen_by_agency_and_filtered(qtbot, actor, make_case, answers):
    from ui.dialogs.letter_dialog import BatchLetterDialog

    make_case(
        "(2026)苏0381行初1号", plaintiffs=["李娜"], filed_on=TODAY, defendants=["新沂市财政局"]
    )
    make_case(
        "(2026)苏0381行初2号", plaintiffs=["李娜"], filed_on=TODAY, defendants=["新沂市财政局"]
    )
    make_case(
        "(2026)苏0381行初3号", plaintiffs=["李娜"], filed_on=TODAY, defendants=["新沂市公安局"]
    )
    dialog = BatchLetterDialog(actor)
    qtbot.addWidget(dialog)
    dialog.filter_edit.setText("(2026)苏0381行初2号")
    shown = [dialog.choices.item(i) for i in range(3) if not dialog.choices.item(i).isHidden()]
    assert [item.text().split("　")[0] for item in shown] == ["（2026）苏0381行初2号"]
    dialog.by_box.setCurrentIndex(dialog.by_box.findData("agency"))
    dialog.filter_edit.setText("财政")
    assert dialog.choices.count() == 2
    dialog.select_all.setChecked(True)  # the visible one only
    assert len(dialog.checked_ids()) == 1
    dialog.submit()
    documents = dialog.result.documents
    assert [d.recipient for d in documents] == ["新沂市财政局", "新沂市财政局"]
    assert sorted(d.case_nos for d in documents) == [
        "（2026）苏0381行初1号",
        "（2026）苏0381行初2号",
    ]


def test_the_qt_print_of_a_request_keeps_its_layout(
    qtbot, actor, make_case, office_contact, tmp_path
):
    import shutil
    import subprocess

    from tests.test_letters import overdue_case
    from ui.docx_print import DocxLayout, export_pdf

    overdue_case(actor, make_case)
    plans = letters.plan_escalation("request", issued_on=dt.date(2026, 11, 24))
    (request,) = letters.run(letters.generate(actor, plans)).documents
    path = register.file_of(request)
    layout = DocxLayout(path, 1)
    # the 版记 at the foot of the last page, where Word and LibreOffice put it
    assert layout.frame is not None and "印发" in layout.frame.document.toPlainText()
    assert layout.frame_page == layout.page_count() - 1

    # the signature goes with the last line of the body
    def page_of(text):
        block = layout.document.find(text).block()
        return layout._page_of_y(layout._top(block))

    assert page_of("妥否，请批示。") == page_of("2026年11月24日")
    pdf = export_pdf(path, tmp_path / "request.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "签发⼈：张三" in text or "签发人：张三" in text  # the text after the tab


def test_the_qt_print_of_a_letter_has_the_letterhead_at_its_place(qtbot, actor, sued):
    from ui.docx_print import DocxLayout

    plans = letters.plan_case_letter("reminder", sued.id, issued_on=TODAY)
    (doc,) = letters.run(letters.generate(actor, plans)).documents
    layout = DocxLayout(register.file_of(doc), 1)
    assert layout.head.document.toPlainText().startswith("新沂市社会信用体系建设领导小组办公室")
    assert layout.head_top == pytest.approx(28.5, abs=0.1) and layout.foot is not None
    assert "抄送：新沂市人民法院。" in layout.frame.document.toPlainText()
    assert layout.frame_page == layout.page_count() - 1


def test_many_qt_calls_do_not_exhaust_the_references_to_none(tmp_path):
    """PySide6 6.12 drops a reference to None on every call of a method that returns
    nothing; on Python 3.11 the interpreter aborts after some ten thousand of them."""
    import subprocess
    import sys

    script = (
        "import ui\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "label = QLabel()\n"
        "for _ in range(200_000):\n"
        "    label.setText('x')\n"
        "print('ok')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-500:]
