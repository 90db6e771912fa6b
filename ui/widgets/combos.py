"""Drop-down lists as wide as their longest entry: agency names run to twenty characters
and more, wider than the box that holds the chosen one."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox


def fit_popup(combo: QComboBox) -> None:
    """Make the list that drops down (and an editable box's completion list) wide enough
    for its longest entry in the list's own font; call again after refilling it."""
    view = combo.view()
    metrics = view.fontMetrics()
    texts = [combo.itemText(i) for i in range(combo.count())]
    longest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
    # The entry's margins, and the scroll bar a long list has.
    extra = 2 * metrics.horizontalAdvance("中") + view.verticalScrollBar().sizeHint().width()
    view.setMinimumWidth(longest + extra)
    completer = combo.completer()
    popup = completer.popup() if completer is not None else None
    if popup is not None:  # only a completer that lists its matches has one
        popup.setMinimumWidth(longest + extra)
