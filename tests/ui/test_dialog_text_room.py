"""Dialog texts that are longer than one line are shown whole: the case-number hint wraps,
and a refusal of several lines gets its own room instead of covering the fields."""

import datetime as dt

import pytest
from PySide6.QtCore import QRect, Qt

from ui.dialogs.case_actions import StageDialog
from ui.dialogs.case_dialog import CaseDialog
from xinyi_desktop.rules.stages import Stage

TODAY = dt.date.today()


def shows_whole_text(label) -> bool:
    """The label's text fits the rectangle it was given (wrapped or on one line)."""
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height()
    return label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()


def test_a_long_case_number_hint_wraps_and_nothing_is_cut(qtbot, actor, type_text):
    dialog = CaseDialog(actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    type_text(dialog.case_no, "ab(2015)xx 这是一个很长的、写错了的案号，应当提示应有的写法")
    qtbot.wait(10)
    hint = dialog.case_no_hint
    assert "无法识别" in hint.text()
    assert hint.wordWrap()
    assert shows_whole_text(hint)
    # The form is no wider than the room it scrolls in: nothing is cut at the right.
    assert dialog._form_box.width() <= dialog._scroll.viewport().width()
    assert dialog.defendants.add_button.geometry().right() <= dialog._form_box.width()


@pytest.fixture
def judged_case(make_case, actor):
    from xinyi_desktop.services.cases import change_stage

    case = make_case(filed_on=dt.date(2025, 3, 5))
    change_stage(
        actor,
        case.id,
        Stage.LOST,
        on=dt.date(2025, 6, 2),
        performance_deadline=TODAY + dt.timedelta(days=30),
    )
    return case


def open_stage_dialog(qtbot, actor, case):
    dialog = StageDialog(actor, case.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.target.setCurrentIndex(dialog.target.findData(Stage.DISHONEST.value))
    dialog.on.set_date(TODAY)
    return dialog


def refuse(qtbot, dialog):
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.wait(10)
    assert dialog.isVisible()  # refused: the dialog stays open
    errors = dialog.errors
    assert "尚未届满" in errors.text()
    assert errors.heightForWidth(errors.width()) > errors.fontMetrics().lineSpacing() * 1.5
    return errors


def test_a_refusal_of_several_lines_does_not_cover_the_fields(qtbot, actor, judged_case):
    dialog = open_stage_dialog(qtbot, actor, judged_case)
    height = dialog.height()
    errors = refuse(qtbot, dialog)
    assert shows_whole_text(errors)
    assert errors.geometry().top() >= dialog._scroll.geometry().bottom()  # below the form
    assert errors.geometry().bottom() < dialog.save_button.geometry().top()  # above 确定
    assert dialog.height() > height  # the dialog grew for it
    assert dialog._scroll.verticalScrollBar().maximum() == 0  # every field still in view


def test_on_a_full_screen_the_form_gives_way_to_the_refusal(qtbot, actor, judged_case, monkeypatch):
    import ui.widgets.form_dialog

    dialog = open_stage_dialog(qtbot, actor, judged_case)
    # As if the dialog already took all the height the screen has.
    room = QRect(0, 0, 911, dialog.height() + ui.widgets.form_dialog.FRAME.height())
    monkeypatch.setattr(ui.widgets.form_dialog, "available", lambda widget=None: room)
    errors = refuse(qtbot, dialog)
    assert shows_whole_text(errors)
    assert errors.geometry().top() >= dialog._scroll.geometry().bottom()
    assert dialog.height() <= room.height() - ui.widgets.form_dialog.FRAME.height()
    assert dialog.save_button.geometry().bottom() <= dialog.height()
