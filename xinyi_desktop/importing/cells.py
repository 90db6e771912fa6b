"""Reading one cell of a court list: text, dates, amounts, lists of names.

Pure functions. A value that cannot be read raises ``CellProblem`` with the Chinese
sentence shown on the cell in the preview.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import re
import unicodedata

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.dates import parse_date

# Excel's day 0 is 1899-12-30 (its 1900 leap-year bug is behind the serials we accept).
EXCEL_EPOCH = dt.date(1899, 12, 30)
# Serials between 1950 and 2100: a bare number in a date column outside this is no date.
SERIAL_RANGE = (18264, 73051)
MAX_TEXT = 2000  # longer cell text is cut, with a warning

# 、 ； ; ，, and line breaks separate several parties in one cell.
NAME_SPLIT = re.compile(r"[、；;，,\n\r/|]+")
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_AMOUNT_JUNK = re.compile(r"[,，\s元¥￥]")


class CellProblem(ValueError):
    """A cell value that cannot be used; the message is shown on the cell."""


def text_of(value) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO, stripped."""
    if type(value) is str:  # most cells: checked first, as each row's cells all pass here
        return (value if value.isprintable() else _printable(value)).strip()
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return str(value)
    text = str(value)
    return (text if text.isprintable() else _printable(text)).strip()


def _printable(text: str) -> str:
    # Invisible characters (zero-width spaces, BOM) that web systems leave in cells.
    return "".join(
        " " if ch in "\n\r\t" else ch
        for ch in text
        if ch in "\n\r\t" or unicodedata.category(ch) not in ("Cc", "Cf")
    )


def date_of(value) -> dt.date | None:
    """A date from an Excel date cell, an Excel serial number, or text in any usual form."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellProblem(f"“{text_of(value)}”不是日期")
    if isinstance(value, (int, float)):
        return _number_date(value)
    text = text_of(value)
    if not text:
        return None
    folded = unicodedata.normalize("NFKC", text).strip()
    folded = _TIME_TAIL.sub("", folded)
    if re.fullmatch(r"\d{5}(\.\d+)?", folded):  # a serial that arrived as text (CSV)
        return _number_date(float(folded))
    try:
        return parse_date(folded)
    except ValidationError:
        raise CellProblem(f"“{_short(text)}”不是有效日期") from None


def _number_date(number: float) -> dt.date:
    if isinstance(number, float) and (math.isnan(number) or math.isinf(number)):
        raise CellProblem("不是有效日期")
    if SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return EXCEL_EPOCH + dt.timedelta(days=int(number))
    if float(number).is_integer() and 19000101 <= number <= 21001231:  # 20250305
        try:
            return parse_date(str(int(number)))
        except ValidationError:
            pass
    raise CellProblem(f"“{text_of(number)}”不是有效日期")


def amount_of(value, factor: int = 1) -> decimal.Decimal | None:
    """An amount in 元; ``factor`` is 10000 when the header says 万元."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise CellProblem(f"“{text_of(value)}”不是金额")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            raise CellProblem("不是有效金额")
        number = decimal.Decimal(repr(value) if isinstance(value, float) else value)
    else:
        text = unicodedata.normalize("NFKC", text_of(value))
        if not text or text in ("-", "—", "/", "无"):
            return None
        if text.endswith("万元") or text.endswith("万"):
            factor, text = 10000, text.rstrip("元").rstrip("万")
        try:
            number = decimal.Decimal(_AMOUNT_JUNK.sub("", text))
        except decimal.InvalidOperation:
            raise CellProblem(f"“{_short(text_of(value))}”不是金额") from None
        if not number.is_finite():
            raise CellProblem(f"“{_short(text)}”不是金额")
    result = (number * factor).quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)
    if result < 0:
        raise CellProblem("金额不能为负数")
    if result >= decimal.Decimal("1e14"):
        raise CellProblem(f"金额“{_short(text_of(value))}”过大，请核对")
    return result


_CJK = "\u4e00-\u9fff"
# The parts of a list's numbering: 1, 一, (1) or （一）, ①.
_DIGITS, _NUMERAL = "[0-9]{1,2}", "[一二三四五六七八九十]{1,3}"
_MARK = rf"[(（](?:{_DIGITS}|{_NUMERAL})[)）]|[①-⑳]"
# A list's numbering before a name: 1. 1、 (1) （一） ① — digits only before a Chinese
# character, so that 58.com…公司 keeps its name.
_NUMBERING = re.compile(rf"^(?:{_DIGITS}[.．、)）](?=[{_CJK}])|{_MARK})")
# The same numbering further on, where names were run together: X（2）Y, X②Y, X2.Y.
_INNER_NUMBERING = re.compile(rf"(?<=.)(?:{_MARK}|(?<=[{_CJK}]){_DIGITS}[.．](?=[{_CJK}]))")
# A list's numbering after a space (新沂市人民政府 二、新沂市财政局): a separator.
_SPACED_NUMBERING = re.compile(rf"(?:^|(?<=\s))(?:{_DIGITS}|{_NUMERAL})[、.．](?=[{_CJK}])")
_NUMBER_ONLY = re.compile(rf"^(?:{_DIGITS}|{_NUMERAL})[.．、]?$")
_DIGITS_ONLY = re.compile(rf"^{_DIGITS}[.．、]?$")
# The next name's number left at the end of one when a numbered list is split at 、:
# 1、新沂市人民政府2、新沂市财政局.
_TRAILING_NUMBER = re.compile(rf"(?<=[{_CJK}]){_DIGITS}$")
_TRAILING_NUMERAL = re.compile(rf"{_NUMERAL}$")
# How the names of government bodies end, and how a whole one begins (a place of city,
# county or province level, or 中共): used only to tell two names run together (by a
# space, 及, 和, 与) from one name with a space or a 和 in it — 新沂市住房和城乡建设局,
# 天津市公安局和平分局, 新沂市人民政府 新安街道办事处, 国家税务总局 新沂市税务局.
_BODY_END = (
    "政府", "局", "委员会", "委", "办事处", "办公室", "办", "中心", "院", "所", "站", "队",
    "厅", "部", "处", "会", "公司", "社", "馆", "学校", "医院", "街道", "管理区", "园区",
)  # fmt: skip
_BODY_START = re.compile(rf"^(?:中共|[{_CJK}]{{1,4}}?[省市县区](?!场))")
_JOINED = re.compile(r"[及和与]")


def names_of(value) -> list[str]:
    """Several parties in one cell, separated by 、 ； ; ， , or line breaks, a list's
    numbering (1. (1) ①) left off."""
    return _unique(_pieces(value, agencies=False))


def agency_names_of(value) -> list[str]:
    """``names_of`` for the bodies a list names, which courts' systems also run together
    with spaces, 及, 和 or 与 (新沂市人民政府 新沂市财政局) and end with 等: split where
    every part is a whole body's name, a name with a space or 和 in it kept whole."""
    names = []
    for piece in _pieces(value, agencies=True):
        piece = _without_etc(piece)
        names.extend(_bodies(piece) or [piece])
    return _unique(names)


def _bodies(text: str) -> list[str] | None:
    """``text`` as whole bodies' names joined by 及, 和 or 与, or None if it is not that:
    each joiner tried in turn, so that the 和 inside 发展和改革委员会 stays where it is.
    Worked back from the end, each joiner once (a long cell of joiners takes no time)."""
    joiners = [m.start() for m in _JOINED.finditer(text)]
    # from_here[k]: the names from just after joiner k to the end, or None
    from_here: list[list[str] | None] = [None] * len(joiners)
    for k in range(len(joiners) - 1, -1, -1):
        start = joiners[k] + 1
        best = [text[start:]] if _is_whole_body(text[start:]) else None
        for j in range(k + 1, len(joiners)):
            left = text[start : joiners[j]]
            if from_here[j] and _is_whole_body(left):
                best = [left, *from_here[j]]
                break
        from_here[k] = best
    for j, at in enumerate(joiners):  # the first split that works, as read left to right
        if from_here[j] and _is_whole_body(text[:at]):
            return [text[:at], *from_here[j]]
    return None


def _pieces(value, *, agencies: bool) -> list[str]:
    text = text_of(value) if not isinstance(value, str) else value
    numbered = bool(_NUMBERING.match(text.strip()) or _SPACED_NUMBERING.match(text.strip()))
    text = _SPACED_NUMBERING.sub("\n", text)
    pieces = []
    for part in (p for chunk in NAME_SPLIT.split(text) for p in _INNER_NUMBERING.split(chunk)):
        words = [w for w in part.split() if not _DIGITS_ONLY.match(w)]
        if len(words) > 1 and all(_NUMBERING.match(w) for w in words[1:]):
            found = [_NUMBERING.sub("", w) for w in words]  # 1.张三 2.李四
        elif agencies and len(words) > 1 and all(_is_whole_body(_without_etc(w)) for w in words):
            found = words
        else:
            found = [_NUMBERING.sub("", "".join(words))]
        for name in found:
            if numbered:
                name = _TRAILING_NUMBER.sub("", name)
                bare = _TRAILING_NUMERAL.sub("", name)
                if agencies and bare != name and _is_body(bare):
                    name = bare
            if name and not _NUMBER_ONLY.match(name):
                pieces.append(name)
    return pieces


def _without_etc(name: str) -> str:
    """A body's name without the 等 (and others) a list puts after the last one."""
    return name[:-1] if name.endswith("等") and _is_body(name[:-1]) else name


def _is_body(name: str) -> bool:
    return len(name) >= 3 and name.endswith(_BODY_END)


def _is_whole_body(name: str) -> bool:
    return _is_body(name) and bool(_BODY_START.match(name))


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))


def agency_key(name: str) -> str:
    """The name an agency is matched by: widths folded, brackets unified, no spaces."""
    folded = unicodedata.normalize("NFKC", name or "")
    folded = folded.replace("(", "（").replace(")", "）")
    return "".join(folded.split())


def clean_agency_name(name: str) -> str:
    """The name to register: as ``agency_key`` (full-width brackets, as official names)."""
    return agency_key(name)


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:30] + "…"
