"""The skeleton every form dialog shares: the form, an error line, 保存/取消, one submit.

A subclass fills ``form``, maps the service's error field names to its widgets in
``fields`` and implements ``apply``: read the form, call the service. ``submit`` (the save
button) clears the error line and calls ``apply``; a ``XinyiError`` raised there is shown
in red with its field focused and the dialog stays open; otherwise the dialog is accepted.
``apply`` may return ``False`` to stay open without showing an error: when the clerk
answered 否 to a question, or the dialog has dealt with the outcome itself.

The form scrolls when the screen is too small for it (a 1366×768 screen at 150 % leaves
512 logical pixels of height); where it fits, the dialog opens at the form's full size.
An error of several lines makes the dialog taller (or, on a full screen, the form shorter)
so that it never covers the fields.

The buttons are made before the subclass's fields, so Qt would focus 保存 first: a subclass
that wants the cursor in its first field sets that focus itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.screen_fit import FRAME, available
from ui.widgets.code_hint import CodeHint
from ui.widgets.form_errors import ErrorLabel
from xinyi_desktop.errors import XinyiError


class FormDialog(QDialog):
    def __init__(
        self,
        title: str,
        parent: QWidget | None,
        *,
        save_text: str = "保存",
        min_width: int = 460,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(min_width)
        self._form_box = QWidget()
        self.form = QFormLayout(self._form_box)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = ErrorLabel(self)
        self.errors.shown.connect(self._make_room_for_errors)
        self.fields: dict[str, QWidget] = {}
        self.save_button = QPushButton(save_text, self)
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        self._scroll = QScrollArea(self)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._form_box)
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)
        self._fitted = False

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not self._fitted:
            self._fitted = True
            self._fit_to_screen()
        super().showEvent(event)

    def _fit_to_screen(self) -> None:
        """The whole form where the screen has room for it, else as much as fits."""
        content = self._form_box.sizeHint()
        bar = self._scroll.verticalScrollBar().sizeHint().width()
        self._scroll.setMinimumWidth(content.width() + bar)
        limit = available(self).height() - FRAME.height()
        chrome = self.sizeHint().height() - self._scroll.sizeHint().height()
        self._scroll.setMinimumHeight(max(120, min(content.height(), limit - chrome)))
        # The scroll area's own size hint asks for the whole form: never more than fits.
        hint = self.sizeHint()
        self.resize(hint.width(), max(self.minimumSizeHint().height(), min(hint.height(), limit)))

    def _make_room_for_errors(self) -> None:
        """The error line's wrapped text gets its height: the dialog grows, or where the
        screen has no more room, the form above gives way (it scrolls)."""
        layout = self.layout()
        margins = layout.contentsMargins()
        self.errors.fit_lines(self.width() - margins.left() - margins.right())
        layout.activate()
        limit = available(self).height() - FRAME.height()
        excess = self.minimumSizeHint().height() - limit
        if excess > 0:
            self._scroll.setMinimumHeight(max(120, self._scroll.minimumHeight() - excess))
            layout.activate()
        wanted = max(self.height(), self.minimumSizeHint().height())
        self.resize(self.width(), min(wanted, max(limit, self.minimumSizeHint().height())))

    def add_checked_row(self, label: str, edit: QLineEdit, hint: CodeHint) -> None:
        """A form row of ``edit`` with ``hint`` under it, following what is typed."""
        edit.textChanged.connect(hint.update_for)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(edit)
        box.addWidget(hint)
        self.form.addRow(label, box)

    def submit(self) -> None:
        self.errors.clear_error()
        try:
            stay_open = self.apply() is False
        except XinyiError as error:
            self.errors.show_error(error, self.fields)
            return
        if not stay_open:
            self.accept()

    def apply(self) -> bool | None:
        """Save the form; raise ``XinyiError`` to refuse, return ``False`` to stay open."""
        raise NotImplementedError
