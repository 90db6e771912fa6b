"""The one way the program asks or tells the user something in a modal box.

Widgets call these module functions (``ask.question(...)``), never ``QMessageBox``
directly, so tests replace them with ``monkeypatch`` instead of poking modal dialogs.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def information(parent: QWidget | None, text: str, title: str = "提示") -> None:
    QMessageBox.information(parent, title, text)


def warning(parent: QWidget | None, text: str, title: str = "请注意") -> None:
    QMessageBox.warning(parent, title, text)


def question(parent: QWidget | None, text: str, title: str = "请确认") -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton("是", QMessageBox.ButtonRole.YesRole)
    box.addButton("否", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def error(parent: QWidget | None, text: str, details: str = "", title: str = "出错了") -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    if details:
        box.setDetailedText(details)  # selectable and copyable
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def save_file_name(parent: QWidget | None, title: str, suggested: str, filters: str) -> str | None:
    """A file to write (the standard save dialog); None when the clerk cancels."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return name or None


def open_file_name(parent: QWidget | None, title: str, filters: str) -> str | None:
    """A file to read (the standard open dialog); None when the clerk cancels."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return name or None


def open_file_names(parent: QWidget | None, title: str, filters: str) -> list[str]:
    """Files to read (several may be chosen); empty when the clerk cancels."""
    from PySide6.QtWidgets import QFileDialog

    names, _ = QFileDialog.getOpenFileNames(parent, title, "", filters)
    return list(names)
