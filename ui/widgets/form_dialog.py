"""The skeleton every form dialog shares: the form, an error line, 保存/取消, one submit.

A subclass fills ``form``, maps the service's error field names to its widgets in
``fields`` and implements ``apply``: read the form, call the service. ``submit`` (the save
button) clears the error line and calls ``apply``; a ``XinyiError`` raised there is shown
in red with its field focused and the dialog stays open; otherwise the dialog is accepted.
``apply`` may return ``False`` to stay open without showing an error: when the clerk
answered 否 to a question, or the dialog has dealt with the outcome itself.

The buttons are made before the subclass's fields, so Qt would focus 保存 first: a subclass
that wants the cursor in its first field sets that focus itself.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = ErrorLabel(self)
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
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)

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
