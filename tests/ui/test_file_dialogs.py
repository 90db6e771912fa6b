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
