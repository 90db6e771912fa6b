"""The 导入法院数据 wizard and the 导入 page, driven through their real widgets."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt

from xinyi_desktop.store.import_models import ImportBatch, ImportLayout
from xinyi_desktop.store.models import Case

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def test_the_wizard_previews_and_imports_the_samples(qtbot, actor, answers):
    from ui.dialogs.import_wizard import ImportWizard

    files = [str(SAMPLES / "sample_suits_2024.xlsx"), str(SAMPLES / "sample_dishonest_2024.xlsx")]
    wizard = ImportWizard(actor, files)
    qtbot.addWidget(wizard)
    wizard.next_button.click()  # files -> mapping
    assert wizard.stack.currentIndex() == 1
    assert wizard.map_table.rowCount() == 7  # every column shown, mapped or not
    assert wizard.map_table.cellWidget(5, 2).currentText() == "（不导入）"  # 承办人
    wizard.next_button.click()  # mapping -> preview (planned off the GUI thread)
    assert wizard.stack.currentIndex() == 2
    assert "新增 25 件" in wizard.summary.text()
    statuses = {wizard.model.data(wizard.model.index(r, 1)) for r in range(wizard.model.rowCount())}
    assert {"新增", "跳过"} <= statuses
    wizard.next_button.click()  # import
    assert Case.select().count() == 31
    assert ImportBatch.select().count() == 2
    assert ImportLayout.select().count() == 2  # the confirmed mappings are remembered
    assert answers.messages[-1][0] == "information" and "新增 25 件" in answers.messages[-1][1]


def test_a_changed_mapping_is_used(qtbot, actor, answers, tmp_path):
    from ui.dialogs.import_wizard import ImportWizard

    path = tmp_path / "odd.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["案号", "机关", "日子"])
    book.active.append(["（2024）苏0381行初5号", "新沂市财政局", "2024-03-05"])
    book.save(path)
    wizard = ImportWizard(actor, [str(path)])
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    for row, label in ((1, "被告单位"), (2, "立案日期")):
        combo = wizard.map_table.cellWidget(row, 2)
        combo.setCurrentIndex(combo.findText(label))
    wizard.next_button.click()
    wizard.next_button.click()
    case = Case.get()
    assert case.defendants_text == "新沂市财政局" and case.filed_on.isoformat() == "2024-03-05"


def test_errors_export_with_an_explanation_column(qtbot, actor, answers, tmp_path, monkeypatch):
    from ui import ask
    from ui.dialogs.import_wizard import ImportWizard

    path = tmp_path / "bad.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["案号", "被告"])
    book.active.append(["苏0381行初1号", "-新沂市财政局"])
    book.active.append(["（2024）苏0381行初5号", "新沂市财政局"])
    book.save(path)
    out = tmp_path / "errors.xlsx"
    monkeypatch.setattr(ask, "save_file_name", lambda *a, **k: str(out))
    wizard = ImportWizard(actor, [str(path)])
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    wizard.next_button.click()
    assert wizard.export_button.isEnabled()
    wizard.export_button.click()
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "错误说明" and len(rows) == 2
    # A cell Excel would read as a formula stays text and reads exactly as the court wrote it.
    assert rows[1][2] == "-新沂市财政局"
    assert sheet.cell(2, 3).quotePrefix and sheet.cell(2, 3).data_type == "s"
    assert "案号" in rows[1][-1]


def test_the_imports_page_lists_and_undoes(qtbot, actor, answers):
    from ui.pages.imports import ImportsPage
    from xinyi_desktop.services.court_import import preview
    from xinyi_desktop.services.court_import_write import apply_plan

    for _ in apply_plan(actor, preview(SAMPLES / "sample_lost_2024.xlsx")):
        pass
    page = ImportsPage(actor)
    qtbot.addWidget(page)
    assert page.table.rowCount() == 1 and page.table.item(0, 4).text() == "14"
    # The hash column says in Chinese what it is, in its header and on each row.
    header = page.table.horizontalHeaderItem(9)
    assert header.text() == "文件校验码"
    assert header.toolTip() == "文件内容校验码，用于识别重复导入的同一文件"
    batch = ImportBatch.get()
    cell = page.table.item(0, 9)
    assert cell.text() == batch.content_hash[:12]
    assert cell.toolTip().startswith("文件内容校验码，用于识别重复导入的同一文件")
    assert batch.content_hash in cell.toolTip()
    page.table.selectRow(0)
    answers.replies = [True]
    page.undo_button.click()
    assert Case.select().count() == 0
    assert "撤销" in page.table.item(0, 10).text()


def test_files_dropped_on_the_main_window_open_the_wizard(qtbot, actor, monkeypatch):
    from ui.main_window import MainWindow
    from ui.pages.imports import ImportsPage

    opened = []
    monkeypatch.setattr(ImportsPage, "open_wizard", lambda self, files=None: opened.append(files))
    window = MainWindow(actor)
    qtbot.addWidget(window)
    window.import_files(["/tmp/a.xlsx"])
    assert opened == [["/tmp/a.xlsx"]]


def two_sheet_file(path):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本文件含起诉、败诉两张表"])
    suits = book.create_sheet("起诉案件")
    suits.append(["案号", "原告", "被告", "立案日期"])
    suits.append(["（2025）苏0381行初801号", "甲", "新沂市财政局", "2025-01-05"])
    lost = book.create_sheet("败诉案件")
    lost.append(["案号", "原告", "败诉政府机关", "判决日期", "生效日期", "履行期限", "承办人"])
    lost.append(["（2025）苏0381行初802号", "乙", "新沂市水务局", "2025-02-01", "2025-02-20",
                 "2025-03-20", "王法官"])  # fmt: skip
    book.save(path)
    return path


def test_every_sheet_of_a_file_has_its_mapping_and_preview(qtbot, actor, answers, tmp_path):
    from ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(actor, [str(two_sheet_file(tmp_path / "M.xlsx"))])
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    assert [wizard.map_file.itemText(i) for i in range(wizard.map_file.count())] == [
        "M.xlsx — 工作表“起诉案件”（起诉政府案件）",
        "M.xlsx — 工作表“败诉案件”（政府败诉案件）",
    ]
    wizard.map_file.setCurrentIndex(1)
    assert wizard.map_table.rowCount() == 7
    assert wizard.map_table.item(2, 0).text() == "败诉政府机关"
    assert wizard.map_table.cellWidget(2, 2).currentText() == "被告单位"
    plaintiff = wizard.map_table.cellWidget(1, 2)
    plaintiff.setCurrentIndex(plaintiff.findText("（不导入）"))  # the clerk's choice is kept
    wizard.map_file.setCurrentIndex(0)
    wizard.next_button.click()
    assert wizard.preview_file.count() == 2
    wizard.preview_file.setCurrentIndex(1)
    headers = [
        wizard.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(wizard.model.columnCount())
    ]
    assert "败诉政府机关\n→ 被告单位" in headers and wizard.model.rowCount() == 1
    wizard.next_button.click()
    lost = Case.get(Case.serial == 802)
    assert lost.stage == "lost" and lost.plaintiffs_text == ""
    assert Case.get(Case.serial == 801).plaintiffs_text == "甲"
    assert ImportBatch.get().kind == "mixed"


def test_files_are_read_and_imports_undone_off_the_gui_thread(qtbot, actor, answers, monkeypatch):
    import threading

    from ui.dialogs import import_wizard
    from ui.dialogs.import_wizard import ImportWizard
    from ui.pages import imports
    from ui.pages.imports import ImportsPage

    on_gui_thread = []
    read, undo = import_wizard.read_court_file, imports.undo_steps

    def reading(*args, **kwargs):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return read(*args, **kwargs)

    def undoing(*args, **kwargs):
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        return (yield from undo(*args, **kwargs))

    monkeypatch.setattr(import_wizard, "read_court_file", reading)
    monkeypatch.setattr(imports, "undo_steps", undoing)
    wizard = ImportWizard(actor, [str(SAMPLES / "sample_lost_2024.xlsx")])
    qtbot.addWidget(wizard)
    wizard.next_button.click()
    wizard.next_button.click()
    wizard.next_button.click()
    assert Case.select().count() == 14
    page = ImportsPage(actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    answers.replies = [True]
    page.undo_button.click()
    assert Case.select().count() == 0 and on_gui_thread == [False, False]
    assert answers.messages[-1] == ("information", "已撤销导入“sample_lost_2024.xlsx”。")


def test_undo_asks_again_when_cases_changed_since_and_can_be_cancelled(qtbot, actor, answers):
    from ui.pages.imports import ImportsPage
    from xinyi_desktop.services.cases import CaseInput, update_case
    from xinyi_desktop.services.court_import import preview, run_to_end
    from xinyi_desktop.services.court_import_write import apply_plan

    run_to_end(apply_plan(actor, preview(SAMPLES / "sample_suits_2024.xlsx")))
    case = Case.select().first()
    update_case(
        actor,
        case.id,
        CaseInput(case_no=case.case_no, defendants=[case.defendants_text.split("、")[0]]),
    )
    page = ImportsPage(actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    answers.replies = [True, False]  # undo? yes; undo although changed? no
    page.undo_button.click()
    assert answers.messages[1][0] == "question" and "又被修改过" in answers.messages[1][1]
    assert Case.select().count() > 0 and ImportBatch.get().undone_at is None
    answers.replies = [True, True]
    page.undo_button.click()
    assert Case.select().count() == 0 and ImportBatch.get().undone_at is not None


def test_undo_is_refused_before_asking_when_a_new_case_has_a_letter(qtbot, actor, answers):
    import datetime as dt

    from ui.pages.imports import ImportsPage
    from xinyi_desktop.services import letters
    from xinyi_desktop.services.court_import import preview, run_to_end
    from xinyi_desktop.services.court_import_write import apply_plan

    run_to_end(apply_plan(actor, preview(SAMPLES / "sample_suits_2024.xlsx")))
    case = Case.select().order_by(Case.id).first()
    plans = letters.plan_case_letter("reminder", case.id, issued_on=dt.date.today())
    (document,) = letters.run(letters.generate(actor, plans)).documents
    count = Case.select().count()
    page = ImportsPage(actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    answers.replies = [True, True]
    page.undo_button.click()
    ((kind, text),) = answers.messages  # refused at once: no "新增的…将被删除" question
    assert kind == "warning"
    assert case.case_no in text and f"请先作废{document.doc_no}" in text
    assert "将被删除" not in text
    assert Case.select().count() == count and ImportBatch.get().undone_at is None


def test_the_undo_question_names_updated_cases_with_records_since(qtbot, actor, answers, tmp_path):
    from ui.pages.imports import ImportsPage
    from xinyi_desktop.services.court_import import preview, run_to_end
    from xinyi_desktop.services.court_import_write import apply_plan
    from xinyi_desktop.services.events import record_manual_event

    run_to_end(apply_plan(actor, preview(SAMPLES / "sample_suits_2024.xlsx")))
    case = Case.select().order_by(Case.id).first()
    again = tmp_path / "again.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["案号", "被告", "备注"])
    book.active.append([case.case_no, case.defendants_text, "补充"])
    book.save(again)
    run_to_end(apply_plan(actor, preview(again)))
    record_manual_event(actor, case.id, "note", on=case.filed_on, summary="电话联系")
    page = ImportsPage(actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)  # the newest: the second import
    answers.replies = [False]
    page.undo_button.click()
    ((kind, text),) = answers.messages
    assert kind == "question" and "更新的 1 件案件恢复为导入前的内容" in text
    assert f"其中{case.case_no}在导入之后又被修改过或有了新的记录" in text


def test_the_preview_shows_every_column_header_whole(qtbot, actor, answers):
    from ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(actor, [str(SAMPLES / "sample_dishonest_2024.xlsx")])
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next_button.click()
    wizard.next_button.click()
    assert wizard.stack.currentIndex() == 2
    header = wizard.table.horizontalHeader()
    metrics = header.fontMetrics()
    labels = [
        wizard.model.headerData(column, Qt.Orientation.Horizontal)
        for column in range(wizard.model.columnCount())
    ]
    assert any("组织机构代码" in label for label in labels)
    for column, label in enumerate(labels):
        widest = max(metrics.horizontalAdvance(line) for line in label.split("\n"))
        assert header.sectionSize(column) >= widest + 12, label  # not "份证号码/组织机构代"
