"""The one way the program asks or tells the user something in a modal box.

Widgets call these module functions (``ask.question(...)``), never ``QMessageBox``
directly, so tests replace them with ``monkeypatch`` instead of poking modal dialogs.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from xinyi_desktop import local_config, paths

ICONS = {
    "information": QMessageBox.Icon.Information,
    "warning": QMessageBox.Icon.Warning,
    "question": QMessageBox.Icon.Question,
    "error": QMessageBox.Icon.Critical,
}
TITLES = {"information": "提示", "warning": "请注意", "question": "请确认", "error": "出错了"}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def message_box(kind: str, parent: QWidget | None, text: str, title: str = "") -> QMessageBox:
    """The box every message is shown in. Its title is always Chinese: one left empty or
    without a Chinese word (a window with no parent shows it in the taskbar) becomes the
    kind's own (提示, 请注意, 请确认, 出错了)."""
    title = title if title and CHINESE.search(title) else TITLES[kind]
    return QMessageBox(ICONS[kind], title, text, parent=parent)


def information(parent: QWidget | None, text: str, title: str = "提示") -> None:
    box = message_box("information", parent, text, title)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def warning(parent: QWidget | None, text: str, title: str = "请注意") -> None:
    box = message_box("warning", parent, text, title)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def question(parent: QWidget | None, text: str, title: str = "请确认") -> bool:
    box = message_box("question", parent, text, title)
    yes = box.addButton("是", QMessageBox.ButtonRole.YesRole)
    box.addButton("否", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def error(parent: QWidget | None, text: str, details: str = "", title: str = "出错了") -> None:
    box = message_box("error", parent, text, title)
    if details:
        box.setDetailedText(details)  # selectable and copyable
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def file_dialog(
    parent: QWidget | None,
    title: str,
    directory: str,
    filters: str,
    *,
    save: bool,
    many: bool = False,
):
    """Qt's file dialog with every label in Chinese. Qt's own Chinese catalog
    (qtbase_zh_CN.qm) still has the Qt 5 texts "Look in:" and "Files of type:", not Qt 6's
    "&Look in:" and "Files of &type:", so those two stayed English: the labels are set
    here. (Windows shows its own dialog, in the system's language.)"""
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, title, directory, filters)
    mode = QFileDialog.FileMode  # the modes before the labels: they set the buttons again
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(mode.AnyFile)
    else:
        dialog.setFileMode(mode.ExistingFiles if many else mode.ExistingFile)
    label = QFileDialog.DialogLabel
    for which, text in (
        (label.LookIn, "查找范围(&L)："),
        (label.FileName, "文件名称(&N)："),
        (label.FileType, "文件类型(&T)："),
        (label.Accept, "保存(&S)" if save else "打开(&O)"),
        (label.Reject, "取消"),
    ):
        dialog.setLabelText(which, text)
    if sys.platform != "win32":  # Windows shows its own dialog, with its own dates
        dialog.setProxyModel(_chinese_dates(dialog))
    return dialog


def _chinese_dates(parent):
    """A view of Qt's file list whose 修改日期 reads ``2026-12-02 13:20``: Qt writes that
    column in the system's locale (on a machine set to English or "C", "2 12 2026 13:20"),
    not in the program's default locale."""
    from PySide6.QtCore import QIdentityProxyModel, Qt

    class ChineseDates(QIdentityProxyModel):
        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            source = self.sourceModel()
            if index.column() == DATE_COLUMN and role == Qt.ItemDataRole.DisplayRole:
                when = source.lastModified(self.mapToSource(index))
                return when.toString(DATE_FORMAT) if when.isValid() else ""
            return super().data(index, role)

    return ChineseDates(parent)


DATE_COLUMN = 3  # QFileSystemModel's 修改日期 (Date Modified)
DATE_FORMAT = "yyyy-MM-dd HH:mm"


def folder_dialog(parent: QWidget | None, title: str, directory: str):
    """Qt's dialog for choosing a folder (as ``QFileDialog.getExistingDirectory``), in
    Chinese like ``file_dialog``."""
    from PySide6.QtWidgets import QFileDialog

    dialog = file_dialog(parent, title, directory, "", save=False)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setLabelText(QFileDialog.DialogLabel.Accept, "选择(&S)")
    return dialog


def existing_folder(parent: QWidget | None, title: str, directory: str) -> str | None:
    """A folder the clerk picks; None when the clerk cancels."""
    names = _chosen(folder_dialog(parent, title, directory))
    return names[0] if names else None


def _chosen(dialog) -> list[str]:
    return list(dialog.selectedFiles()) if dialog.exec() else []


# --- where file dialogs start ------------------------------------------------------------
def kind_of(filters: str) -> str:
    """The kind of file a dialog is for, by its first pattern: "xlsx", "pdf", "db" …"""
    found = re.search(r"\*\.(\w+)", filters)
    return found.group(1).lower() if found else "file"


def documents_folder() -> Path | None:
    """The user's documents folder (我的文档), if this PC has one."""
    from PySide6.QtCore import QStandardPaths

    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else None


def last_folder(kind: str) -> Path | None:
    """The folder last used on this PC for ``kind`` files, while it is still there."""
    last = local_config.view_state(f"folders.{kind}")
    return Path(last) if isinstance(last, str) and Path(last).is_dir() else None


def start_folder(kind: str) -> Path:
    """Where a dialog for ``kind`` files opens: the folder last used for that kind on this
    PC, else the documents folder, else the data folder's 导出 — never the program's own
    folder, where a relative name would land."""
    return last_folder(kind) or documents_folder() or paths.export_dir()


def remember_folder(kind: str, names: list[str]) -> None:
    if names:
        local_config.set_view_state(f"folders.{kind}", str(Path(names[0]).parent))


def save_dialog(parent: QWidget | None, title: str, suggested: str, filters: str):
    """The save dialog proposing ``suggested`` (a bare name, or a path whose folder is used
    until the clerk has saved this kind of file somewhere)."""
    kind, proposed = kind_of(filters), Path(suggested)
    if not proposed.is_absolute() or last_folder(kind):
        proposed = start_folder(kind) / proposed.name
    return file_dialog(parent, title, str(proposed), filters, save=True)


def save_file_name(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    """A file to write (the standard save dialog); None when the clerk cancels."""
    names = _chosen(save_dialog(parent, title, suggested, filters))
    remember_folder(kind_of(filters), names)
    return names[0] if names else None


def open_dialog(
    parent: QWidget | None, title: str, filters: str, directory: str = "", *, many: bool = False
):
    """The open dialog, in the folder last used for this kind of file, else ``directory``."""
    kind = kind_of(filters)
    start = str(last_folder(kind) or directory or start_folder(kind))
    return file_dialog(parent, title, start, filters, save=False, many=many)


def open_file_name(
    parent: QWidget | None, title: str, filters: str, directory: str = ""
) -> str | None:
    """A file to read (the standard open dialog), starting in ``directory`` until the clerk
    has opened this kind of file somewhere; None when the clerk cancels."""
    names = _chosen(open_dialog(parent, title, filters, directory))
    remember_folder(kind_of(filters), names)
    return names[0] if names else None


def open_file_names(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Files to read (several may be chosen); empty when the clerk cancels."""
    names = _chosen(open_dialog(parent, title, filters, many=True))
    remember_folder(kind_of(filters), names)
    return names
