"""Where the backup folder is set (设置 → 常规, 首次使用) a file or an unusable path is
refused in Chinese, a folder can be picked; at start-up and on 立即备份 a folder that went
bad since is said in Chinese, never as a traceback or English text."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from tests.test_backup_folder import english_words
from ui import ask
from xinyi_desktop.settings import get_setting, set_setting


@pytest.fixture
def a_file(tmp_path):
    path = tmp_path / "passwd"
    path.write_text("root:x:0:0")
    return path


def test_the_settings_page_refuses_a_file_and_picks_a_folder(
    qtbot, actor, a_file, tmp_path, monkeypatch
):
    from ui.pages.settings import SettingsPage

    page = SettingsPage(actor)
    qtbot.addWidget(page)
    page.show()
    general = page.general
    _, editor = general.editors["backup.folder"]
    editor.line.setText(str(a_file))
    qtbot.mouseClick(general.save_button, Qt.MouseButton.LeftButton)
    assert general.errors.isVisible()
    text = general.errors.text()
    assert str(a_file) in text and "这是一个文件，不是文件夹" in text
    assert not english_words(text, a_file)
    assert get_setting("backup.folder") == ""
    assert general.saved_label.text() == ""
    # 选择…: Qt's folder dialog (replaced here, as every test replaces ui.ask).
    chosen = tmp_path / "备份"
    chosen.mkdir()
    asked = []
    monkeypatch.setattr(
        ask, "existing_folder", lambda parent, title, start: asked.append(title) or str(chosen)
    )
    qtbot.mouseClick(editor.pick_button, Qt.MouseButton.LeftButton)
    assert asked == ["选择备份文件夹"] and editor.text() == str(chosen)
    qtbot.mouseClick(general.save_button, Qt.MouseButton.LeftButton)
    assert get_setting("backup.folder") == str(chosen)
    assert general.saved_label.text() == "设置已保存。" and general.errors.isHidden()


def test_the_first_start_refuses_a_file_as_the_backup_folder(qtbot, db_path, a_file, type_text):
    from ui.dialogs.login import FirstStartDialog
    from xinyi_desktop.services import accounts

    dialog = FirstStartDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    _, editor = dialog.editors["backup.folder"]
    assert editor.pick_button.text() == "选择…"
    editor.line.setText(str(a_file / "backups"))
    type_text(dialog.display_name, "王主任")
    type_text(dialog.password, "secret-pass")
    type_text(dialog.password_again, "secret-pass")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and not accounts.accounts_exist()
    assert f"“{a_file}”是一个文件，不是文件夹" in dialog.errors.text()
    assert dialog.focusWidget() is editor.line


def test_the_folder_dialog_speaks_chinese(qtbot, tmp_path):
    dialog = ask.folder_dialog(None, "选择备份文件夹", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.fileMode() == QFileDialog.FileMode.Directory
    assert dialog.findChild(QLabel, "lookInLabel").text() == "查找范围(&L)："
    assert dialog.labelText(QFileDialog.DialogLabel.Accept) == "选择(&S)"


@pytest.fixture
def gone_bad(actor, tmp_path):
    """A backup folder on a USB key, and a file where the key's folder was."""
    usb = tmp_path / "usb" / "备份"
    set_setting(actor, "backup.folder", str(usb))
    usb.parent.write_text("the key is out")
    return usb


@pytest.mark.sqlite_only
def test_at_start_up_a_bad_folder_is_said_in_chinese_and_the_copy_still_taken(
    qtbot, actor, gone_bad, answers, user_home
):
    from ui.app import daily_backup

    daily_backup(None)
    [(kind, text)] = answers.messages
    assert kind == "warning"
    assert f"备份文件夹“{gone_bad}”不能使用" in text and "设置 → 常规 → 备份" in text
    [copy] = (user_home / "backups").glob("xinyi-*-daily.db")
    assert f"今天的备份已改存到：{copy}" in text
    assert not english_words(text, copy, gone_bad, gone_bad.parent)


@pytest.mark.sqlite_only
def test_backing_up_now_into_a_bad_folder_is_refused_in_chinese(qtbot, actor, gone_bad, answers):
    from ui.pages.backup_tab import BackupTab

    tab = BackupTab(actor)
    qtbot.addWidget(tab)
    assert f"⚠ 备份文件夹“{gone_bad}”不能使用" in tab.note.text()
    qtbot.mouseClick(tab.backup_button, Qt.MouseButton.LeftButton)
    [(kind, text)] = answers.messages
    assert kind == "warning" and "未备份" in text
    assert not english_words(text, gone_bad, gone_bad.parent)
