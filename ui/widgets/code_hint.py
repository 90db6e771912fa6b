"""The live verdict under a code field (统一社会信用代码, 身份证号码)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from xinyi_desktop.rules.check_codes import CodeCheck

OK_COLOR = "#2e7d32"  # green
WARNING_COLOR = "#b35c00"  # dark orange: a warning, saving goes ahead


class CodeHint(QLabel):
    """The live verdict under a code field: 校验通过, the problem, or nothing when empty.

    Shared by the agency and person dialogs; never blocks saving (a wrong check character
    is a warning, GB 32100 / GB 11643).
    """

    def __init__(self, check: Callable[[str], CodeCheck], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self.setWordWrap(True)
        self.hide()

    def update_for(self, text: str) -> None:
        if not text.strip():
            self.clear()
            self.hide()
            return
        result = self._check(text)
        if result.valid:
            self.setText(self.tr("校验通过"))
            self.setStyleSheet(f"color: {OK_COLOR};")
        else:
            self.setText("⚠ " + (result.problem or ""))
            self.setStyleSheet(f"color: {WARNING_COLOR};")
        self.show()
