"""Windows and dialogs fit a small or scaled office screen (1366×768 at 150 % leaves Qt
911×512 logical pixels): nothing opens larger than the screen, forms scroll instead."""

import pytest
from PySide6.QtCore import QRect, QSize, Qt

from ui import screen_fit
from ui.dialogs.case_dialog import CaseDialog
from ui.main_window import MainWindow


@pytest.mark.parametrize(
    ("wanted", "area", "expected"),
    [
        (QSize(1280, 720), QRect(0, 0, 1920, 1040), QSize(1280, 720)),  # room to spare
        (QSize(1280, 720), QRect(0, 0, 1366, 728), QSize(1280, 688)),  # 100 %: too short
        (QSize(1280, 720), QRect(0, 0, 1093, 582), QSize(1077, 542)),  # 125 %
        (QSize(1280, 720), QRect(0, 0, 911, 485), QSize(895, 445)),  # 150 %
    ],
)
def test_a_wanted_size_shrinks_to_the_screen(wanted, area, expected):
    assert screen_fit.fitted(wanted, area) == expected


@pytest.fixture
def small_screen(monkeypatch):
    """The available area of a 1366×768 screen at 150 % with the taskbar."""
    area = QRect(0, 0, 911, 485)
    monkeypatch.setattr(screen_fit, "available", lambda widget=None: area)
    import ui.main_window
    import ui.widgets.form_dialog

    monkeypatch.setattr(ui.main_window, "available", lambda widget=None: area)
    monkeypatch.setattr(ui.widgets.form_dialog, "available", lambda widget=None: area)
    return area


def test_the_main_window_opens_maximised_and_no_larger_than_a_small_screen(
    qtbot, actor, small_screen
):
    window = MainWindow(actor)
    qtbot.addWidget(window)
    assert window.windowState() & Qt.WindowState.WindowMaximized
    assert window.minimumWidth() <= small_screen.width()
    assert window.minimumHeight() <= small_screen.height()
    assert window.width() <= small_screen.width()
    assert window.height() <= small_screen.height()


def test_the_case_form_scrolls_on_a_small_screen_and_still_saves_every_field(
    qtbot, actor, small_screen
):
    dialog = CaseDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.height() <= small_screen.height()
    bar = dialog._scroll.verticalScrollBar()
    assert bar.maximum() > 0  # the form is taller than the room: it scrolls
    # The last field can be reached: scrolling to it shows it.
    dialog._scroll.ensureWidgetVisible(dialog.note)
    assert bar.value() > 0


def test_the_case_form_opens_whole_where_the_screen_has_room(qtbot, actor, monkeypatch):
    roomy = QRect(0, 0, 1920, 1040)
    import ui.widgets.form_dialog

    monkeypatch.setattr(ui.widgets.form_dialog, "available", lambda widget=None: roomy)
    dialog = CaseDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog._scroll.verticalScrollBar().maximum() == 0


@pytest.fixture
def case_detail(qtbot, actor, make_case, small_screen):
    """The detail of a case with few facts, shown on the small screen."""
    from ui.dialogs.case_detail import CaseDetailDialog

    case = make_case(plaintiffs=["王伟"], amount=None, note="")
    dialog = CaseDetailDialog(actor, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_case_detail_fits_a_small_screen_with_its_buttons_on_it(case_detail, small_screen):
    dialog = case_detail
    room = small_screen.size() - screen_fit.FRAME
    assert dialog.width() <= room.width() and dialog.height() <= room.height()
    assert dialog.minimumHeight() <= room.height()
    button = dialog.stage_button
    assert button.mapTo(dialog, button.rect().bottomRight()).y() <= dialog.height()
    assert dialog.info_form.rowCount() >= 15  # every field is still there, and scrolls


def test_the_import_wizard_fits_a_small_screen_with_its_buttons_on_it(qtbot, actor, small_screen):
    from ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(actor)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    room = small_screen.size() - screen_fit.FRAME
    assert wizard.width() <= room.width() and wizard.height() <= room.height()
    assert wizard.minimumWidth() <= room.width() and wizard.minimumHeight() <= room.height()
    for widget in (wizard.next_button, wizard.close_button, wizard.kind_choice):
        corner = widget.mapTo(wizard, widget.rect().bottomRight())
        assert corner.x() <= wizard.width() and corner.y() <= wizard.height()


def test_the_deadline_tabs_placeholder_shows_whole_on_a_small_screen(qtbot, case_detail):
    dialog = case_detail
    dialog.tabs.setCurrentWidget(dialog.deadlines)
    qtbot.wait(10)
    why = dialog.deadlines.why
    text = why.placeholderText()
    margin = 2 * why.document().documentMargin()
    assert why.fontMetrics().horizontalAdvance(text) + margin <= why.viewport().width(), text
