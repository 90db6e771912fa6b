"""Telephone numbers (联系电话) as clerks write them — pure, no database.

A mobile number (13812345678), or a fixed line of 7–8 digits with an optional area code
(0516-88921234, （0516）88921234) and an optional extension (88921234转123,
0516-88921234-123); a mobile number may be grouped with dashes (138-1234-5678). Several
numbers may be given, separated by 、，,；; or /. Full-width digits and dashes are read
as their ASCII forms.
"""

from __future__ import annotations

import re

from xinyi_desktop.errors import ValidationError

_FULL_WIDTH = str.maketrans("０１２３４５６７８９－（）", "0123456789-()")
_SEPARATORS = re.compile(r"[、，,；;/／]")
_MOBILE = r"1[3-9]\d(?:\d{8}|-\d{4}-\d{4})"
_FIXED = r"(?:(?:0\d{2,3}-?)|(?:\(0\d{2,3}\)))?[2-9]\d{6,7}"
_PHONE = re.compile(rf"^(?:{_MOBILE}|{_FIXED})(?:(?:转|-|#|ext\.?)\d{{1,6}})?$", re.IGNORECASE)
EXAMPLES = "0516-88921234、13812345678 或 88921234转123"


def clean_phone(text: str, *, label: str = "联系电话", field: str = "phone") -> str:
    """The number as typed (spaces dropped, full-width forms made ASCII); empty stays
    empty; anything else is refused naming ``label``, the value and the forms it may take."""
    value = re.sub(r"\s+", "", (text or "").translate(_FULL_WIDTH))
    if not value:
        return ""
    numbers = _SEPARATORS.split(value)
    if not all(_PHONE.match(number) for number in numbers):
        several = "；几个号码之间用顿号分开" if len(numbers) > 1 else ""
        raise ValidationError(
            f"{label}“{text.strip()[:40]}”不是有效的电话号码：应为数字，可带区号和分机，"
            f"如 {EXAMPLES}{several}。",
            field=field,
        )
    return "、".join(numbers)
