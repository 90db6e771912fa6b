"""The pinned Qt binding keeps Python's reference counts right. PySide6 6.12.0 on Python
3.11 dropped a reference to ``None`` on every call of a method returning nothing, and the
interpreter aborted ("deallocating None") after some ten thousand calls: a few printed
lists in one session."""

import sys

import pytest
from PySide6.QtWidgets import QWidget


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="从 Python 3.12 起 None 不计引用")
def test_calls_returning_nothing_leave_nones_reference_count_alone(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.setEnabled(True)
        widget.setToolTip("")
    assert abs(sys.getrefcount(None) - before) < 100
