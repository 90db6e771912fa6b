"""Reading dates the way clerks and courts write them."""

from __future__ import annotations

import datetime as dt
import re

from xinyi_desktop.errors import ValidationError

_FULL_WIDTH = str.maketrans("０１２３４５６７８９／－．", "0123456789/-.")
# Dashes as word processors make them (–, —), 号 for 日 as people say it, a final dot.
_SEPARATED = re.compile(r"^(\d{4})\s*[-–—/.年]\s*(\d{1,2})\s*[-–—/.月]\s*(\d{1,2})\s*[日号.]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# Dates in Chinese numerals, as judgments are dated: 二〇二五年三月十五日.
_DIGIT_NAMES = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "O": 0}
_CHINESE = re.compile(
    r"^([〇零○O一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,4})[日号]$"
)


def _chinese_number(text: str) -> int | None:
    """一 … 三十一 (十, 十五, 二十, 二十三); None for anything else."""
    if "十" not in text:
        return _DIGIT_NAMES.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    value = (_DIGIT_NAMES.get(tens, -100) if tens else 1) * 10
    value += _DIGIT_NAMES.get(ones, -100) if ones else 0
    return value if value > 0 else None


def _chinese_date(value: str) -> tuple[int, int, int] | None:
    match = _CHINESE.match(value)
    if not match:
        return None
    year = int("".join(str(_DIGIT_NAMES[ch]) for ch in match[1]))
    month, day = _chinese_number(match[2]), _chinese_number(match[3])
    return (year, month, day) if month and day else None


def parse_date(
    text: str | dt.date | None, *, label: str = "日期", field: str | None = None
) -> dt.date | None:
    """``2025-03-05``, ``2025/3/5``, ``2025.3.5``, ``2025年3月5日``, ``20250305``,
    ``二〇二五年三月五日`` → a date.

    Empty gives None; anything else that is not a real date is refused, naming ``label``.
    """
    if text is None or isinstance(text, dt.date):
        return text.date() if isinstance(text, dt.datetime) else text
    value = text.strip().translate(_FULL_WIDTH)
    if not value:
        return None
    match = _SEPARATED.match(value) or _COMPACT.match(value)
    parts = tuple(int(g) for g in match.groups()) if match else _chinese_date(value)
    if parts:
        try:
            return dt.date(*parts)
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


# A day further from today than this is taken for a mistyped year (2062 for 2026).
YEARS_AHEAD = 2
YEARS_BACK = 10


def _years_from(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def check_day(
    on: dt.date | None,
    what: str,
    today: dt.date,
    *,
    field: str = "on",
    future: bool = False,
    not_before: dt.date | None = None,
    not_before_what: str = "",
    plausible: bool = False,
) -> dt.date:
    """Refuse, naming ``what`` and the day, a date a clerk cannot mean: missing, later
    than today (unless ``future``), earlier than ``not_before`` (the day the matter
    started, named by ``not_before_what``), or — with ``plausible`` — years off: more than
    ``YEARS_AHEAD`` years after today, or with nothing to start from, more than
    ``YEARS_BACK`` years before it."""
    if on is None:
        raise ValidationError(f"请填写{what}。", field=field)
    if not future and on > today:
        raise ValidationError(f"{what}{on.isoformat()}晚于今天，请核对。", field=field)
    if plausible and on > _years_from(today, YEARS_AHEAD):
        raise ValidationError(
            f"{what}{on.isoformat()}比今天晚{YEARS_AHEAD}年以上，年份可能有误，请核对。",
            field=field,
        )
    if not_before is not None and on < not_before:
        raise ValidationError(
            f"{what}{on.isoformat()}早于{not_before_what}{not_before.isoformat()}，请核对。",
            field=field,
        )
    if plausible and not_before is None and on < _years_from(today, -YEARS_BACK):
        raise ValidationError(
            f"{what}{on.isoformat()}比今天早{YEARS_BACK}年以上，年份可能有误，请核对。",
            field=field,
        )
    return on


def check_range(
    start: dt.date | None,
    end: dt.date | None,
    *,
    start_label: str = "起始日期",
    end_label: str = "截止日期",
) -> None:
    """Refuse a from/to pair whose start lies after its end (it would show nothing),
    naming both dates; an open end (None) is no range to check."""
    if start is not None and end is not None and start > end:
        raise ValidationError(
            f"{start_label}{start.isoformat()}晚于{end_label}{end.isoformat()}，"
            f"查不到任何内容：请把{start_label}改为不晚于{end_label}的日期。",
            field="start",
        )
