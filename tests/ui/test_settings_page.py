"""The settings page: drawn from the declarations, saved through the service."""

from PySide6.QtCore import Qt

from ui.pages.settings import SettingsPage
from xinyi_desktop.settings import declarations, get_setting


def test_every_declared_setting_has_an_editor_and_saves(qtbot, actor, type_text):
    page = SettingsPage(actor)
    qtbot.addWidget(page)
    general = page.general
    assert set(general.editors) == set(declarations())
    _, phone = general.editors["office.phone"]
    type_text(phone, "0516-88920000")
    qtbot.mouseClick(general.save_button, Qt.MouseButton.LeftButton)
    assert get_setting("office.phone") == "0516-88920000"
    assert general.saved_label.text() == "设置已保存。"
