"""Document numbers (发文字号): ``新信用函〔2026〕12号`` — full year in 〔〕, no 第, no leading
zeros (GB/T 9704-2012 §7.2.4)."""

from __future__ import annotations

import re

from xinyi_desktop.errors import ValidationError

_NUMBER = re.compile(r"^(?P<prefix>[^〔〕\[\]()（）\s]+)〔(?P<year>\d{4})〕(?P<number>[1-9]\d*)号$")
_BAD_PREFIX = re.compile(r"[〔〕\[\]()（）\s\d第号]")


def format_doc_no(prefix: str, year: int, number: int) -> str:
    if number < 1:
        raise ValueError("document numbers start at 1")
    return f"{prefix}〔{year}〕{number}号"


def parse_doc_no(text: str) -> tuple[str, int, int] | None:
    """``(prefix, year, number)`` for a well-formed number, else None."""
    match = _NUMBER.match(text.strip())
    if not match:
        return None
    return match["prefix"], int(match["year"]), int(match["number"])


def check_prefix(prefix: str, label: str = "发文字号前缀") -> str:
    """The prefix as it will be printed; refuses one that would spoil the number's form."""
    prefix = prefix.strip()
    if not prefix:
        raise ValidationError(f"{label}为空，请在“设置 → 常规 → 文书编号”中填写。", field="prefix")
    if _BAD_PREFIX.search(prefix):
        raise ValidationError(
            f"{label}“{prefix}”含有括号、数字、空格或“第”“号”：前缀只写机关代字和类别，"
            "如“新信用函”，年份和序号由程序加上。",
            field="prefix",
        )
    return prefix
