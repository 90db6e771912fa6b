"""The file dialogs speak Chinese: Qt's catalog lacks Qt 6's "&Look in:" and
"Files of &type:", so ``ui.ask`` sets every label itself."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel

from ui import ask


@pytest.mark.parametrize("save", [True, False])
def test_every_label_of_the_file_dialog_is_chinese(qtbot, tmp_path, save):
    dialog = ask.file_dialog(None, "导出 PDF", str(tmp_path), "PDF (*.pdf)", save=save)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own widgets, as on Linux
    qtbot.addWidget(dialog)
    dialog.show()
    labels = {
        name: dialog.findChild(QLabel, name).text()
        for name in ("lookInLabel", "fileNameLabel", "fileTypeLabel")
    }
    assert labels == {
        "lookInLabel": "查找范围(&L)：",
        "fileNameLabel": "文件名称(&N)：",
        "fileTypeLabel": "文件类型(&T)：",
    }
    buttons = [b.text() for b in dialog.findChild(QDialogButtonBox).buttons()]
    assert sorted(buttons) == sorted(["保存(&S)" if save else "打开(&O)", "取消"])
    for text in [*labels.values(), *buttons]:
        assert not re.search("[A-Za-z]", re.sub(r"\(&[A-Z]\)", "", text)), text


def test_the_save_dialog_proposes_the_suggested_file(qtbot, tmp_path):
    dialog = ask.file_dialog(None, "导出 PDF", str(tmp_path / "请示.pdf"), "PDF (*.pdf)", save=True)
    qtbot.addWidget(dialog)
    assert dialog.selectedFiles() == [str(tmp_path / "请示.pdf")]
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    many = ask.file_dialog(None, "导入", str(tmp_path), "Excel (*.xlsx)", save=False, many=True)
    qtbot.addWidget(many)
    assert many.fileMode() == QFileDialog.FileMode.ExistingFiles


@pytest.fixture
def documents(tmp_path, monkeypatch):
    """The user's documents folder (我的文档) of this test."""
    folder = tmp_path / "文档"
    folder.mkdir()
    monkeypatch.setattr(ask, "documents_folder", lambda: folder)
    return folder


def test_a_save_dialog_starts_in_the_documents_folder_not_the_program_folder(
    qtbot, documents, monkeypatch, tmp_path
):
    program = tmp_path / "程序"
    program.mkdir()
    monkeypatch.chdir(program)  # where a bare name would land
    dialog = ask.save_dialog(None, "导出期限清单", "期限清单.xlsx", "Excel 工作簿 (*.xlsx)")
    qtbot.addWidget(dialog)
    assert dialog.selectedFiles() == [str(documents / "期限清单.xlsx")]
    opened = ask.open_dialog(None, "导入惩戒措施", "表格 (*.xlsx *.xls *.csv)")
    qtbot.addWidget(opened)
    assert opened.directory().absolutePath() == str(documents)


def test_without_a_documents_folder_files_go_to_the_data_folders_export_folder(
    qtbot, monkeypatch, user_home
):
    monkeypatch.setattr(ask, "documents_folder", lambda: None)
    dialog = ask.save_dialog(None, "导出台账", "台账.xlsx", "Excel 工作簿 (*.xlsx)")
    qtbot.addWidget(dialog)
    assert dialog.selectedFiles() == [str(user_home / "导出" / "台账.xlsx")]
    assert (user_home / "导出").is_dir()


def test_the_last_folder_is_remembered_for_each_kind_of_file(
    qtbot, documents, monkeypatch, tmp_path
):
    elsewhere = tmp_path / "U盘" / "报表"
    elsewhere.mkdir(parents=True)
    monkeypatch.setattr(ask, "_chosen", lambda dialog: [str(elsewhere / "台账.xlsx")])
    assert ask.save_file_name(None, "导出台账", "台账.xlsx", "Excel 工作簿 (*.xlsx)") == str(
        elsewhere / "台账.xlsx"
    )
    again = ask.save_dialog(None, "导出期限清单", "期限清单.xlsx", "Excel 工作簿 (*.xlsx)")
    qtbot.addWidget(again)
    assert again.selectedFiles() == [str(elsewhere / "期限清单.xlsx")]
    # Another kind of file still starts where it did: beside its document, or in 文档.
    pdf = ask.save_dialog(None, "导出 PDF", str(tmp_path / "请示.pdf"), "PDF (*.pdf)")
    qtbot.addWidget(pdf)
    assert pdf.selectedFiles() == [str(tmp_path / "请示.pdf")]
    word = ask.open_dialog(None, "选择已编辑的模板", "Word 文档 (*.docx)")
    qtbot.addWidget(word)
    assert word.directory().absolutePath() == str(documents)
    # Opening a spreadsheet starts where the last one was saved, as the kind is the same.
    sheet = ask.open_dialog(None, "导入惩戒措施", "表格 (*.xlsx *.xls *.csv)", str(tmp_path))
    qtbot.addWidget(sheet)
    assert sheet.directory().absolutePath() == str(elsewhere)


def test_the_file_dialog_writes_the_modification_date_in_numbers(qtbot, tmp_path):
    import datetime as dt
    import os

    from PySide6.QtWidgets import QTreeView

    sample = tmp_path / "法院名单.xlsx"
    sample.write_bytes(b"x")
    stamp = dt.datetime(2026, 12, 2, 13, 20).timestamp()
    os.utime(sample, (stamp, stamp))
    dialog = ask.file_dialog(None, "导入", str(tmp_path), "Excel (*.xlsx)", save=False)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    view = dialog.findChild(QTreeView, "treeView")
    model = view.model()

    def shown():
        root = view.rootIndex()
        names = [model.index(r, 0, root).data() for r in range(model.rowCount(root))]
        return sample.name in names

    qtbot.waitUntil(shown, timeout=3000)
    root = view.rootIndex()
    row = [model.index(r, 0, root).data() for r in range(model.rowCount(root))].index(sample.name)
    assert model.index(row, 3, root).data() == "2026-12-02 13:20"
