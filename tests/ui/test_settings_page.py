"""The settings page: drawn from the declarations, saved through the service."""

import pytest
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


def test_a_telephone_that_is_not_a_number_is_refused_on_the_page(qtbot, actor, type_text):
    page = SettingsPage(actor)
    qtbot.addWidget(page)
    general = page.general
    _, phone = general.editors["office.phone"]
    type_text(phone, "abc")
    qtbot.mouseClick(general.save_button, Qt.MouseButton.LeftButton)
    assert "“联系电话”“abc”不是有效的电话号码" in general.errors.text()
    assert general.saved_label.text() == "" and get_setting("office.phone") == ""


def test_the_fonts_tab_says_which_official_fonts_are_missing(qtbot, actor):
    from ui.pages.fonts_tab import FontsTab, font_table

    tab = FontsTab(actor)
    qtbot.addWidget(tab)
    names = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert names == [f["name"] for f in font_table()]
    assert "仿宋_GB2312" in names and "方正小标宋简体" in names
    statuses = {
        tab.table.item(r, 0).text(): tab.table.item(r, 2).text()
        for r in range(tab.table.rowCount())
    }
    # The test machine has no official Windows fonts: each is reported, never blank.
    assert all(statuses.values())
    assert (
        statuses["方正小标宋简体"] in ("已安装", "未安装") or "代替" in statuses["方正小标宋简体"]
    )


@pytest.mark.parametrize(
    ("font_name", "families", "expected"),
    [
        ("黑体", {"黑体"}, "已安装"),
        ("黑体", {"SimHei"}, "已安装（SimHei）"),  # Windows may list 黑体 by its English name
        ("黑体", set(), "未安装"),
        ("仿宋_GB2312", {"FangSong_GB2312"}, "已安装（FangSong_GB2312）"),
        ("仿宋_GB2312", {"仿宋"}, "以“仿宋”代替"),  # another font, which Word falls back to
        ("仿宋_GB2312", {"仿宋", "仿宋_GB2312"}, "已安装"),
    ],
)
def test_a_font_under_another_name_is_installed_not_substituted(font_name, families, expected):
    from ui.pages.fonts_tab import font_table, installed_as, status_of

    font = next(f for f in font_table() if f["name"] == font_name)
    assert status_of(font, installed_as(font, families)) == expected
