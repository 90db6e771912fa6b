"""Reading dates the way clerks and courts write them."""

from __future__ import annotations

import datetime as dt
import re

from xinyi_desktop.errors import ValidationError

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(
    text: str | dt.date | None, *, label: str = "日期", field: str | None = None
) -> dt.date | None:
    """``2025-03-05``, ``2025/3/5``, ``2025.3.5``, ``2025年3月5日``, ``20250305`` → a date.

    Empty gives None; anything else that is not a real date is refused, naming ``label``.
    """
    if text is None or isinstance(text, dt.date):
        return text.date() if isinstance(text, dt.datetime) else text
    value = text.strip().translate(_FULL_WIDTH)
    if not value:
        return None
    match = _SEPARATED.match(value) or _COMPACT.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise ValidationError(
        f"{label}“{text}”不是有效日期（可写作 2025-03-05 或 2025年3月5日）。",
        field=field or label,
    )


def format_date(value: dt.date | None) -> str:
    """The form letters and lists use: 2026年11月24日."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


def stored_date(value) -> dt.date | None:
    """A date column as a database driver hands it back: text on SQLite (read raw), a date
    or datetime on PostgreSQL."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
