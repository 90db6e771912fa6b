"""Windows and dialogs that fit the screen they open on.

The office's screens are 1366×768, often at 125 % or 150 % Windows scaling: then Qt sees
only 1093×614 or 911×512 logical pixels above the taskbar. A size fixed in code would run
off such a screen, so sizes are asked for as "this much, or what the screen has".
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# What a window frame and title bar take beyond the client area (logical pixels).
FRAME = QSize(16, 40)


def available(widget: QWidget | None = None) -> QRect:
    """The screen area a window may use: the widget's screen, else the primary one."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (should not happen, even offscreen)
        return QRect(0, 0, 1366, 728)
    return screen.availableGeometry()


def fitted(wanted: QSize, area: QRect) -> QSize:
    """``wanted``, shrunk where the area (less a window frame) is smaller."""
    room = area.size() - FRAME
    return QSize(min(wanted.width(), room.width()), min(wanted.height(), room.height()))


def fit_window(window: QWidget, wanted: QSize, minimum: QSize) -> None:
    """Size a top-level window to ``wanted`` and centre it, on a small or scaled screen to
    what the screen has; the minimum never exceeds the screen either."""
    area = available(window)
    size = fitted(wanted, area)
    window.setMinimumSize(fitted(minimum, area))
    window.resize(size)
    left = area.left() + max(0, (area.width() - size.width() - FRAME.width()) // 2)
    top = area.top() + max(0, (area.height() - size.height() - FRAME.height()) // 2)
    window.move(left, top)
