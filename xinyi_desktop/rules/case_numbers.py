"""Court case numbers (案号): parse what clerks type into one canonical form.

Canonical form: ``（2025）苏0381行初12号``. Pre-2016 numbers such as
``(2015)新行初字第12号`` are accepted and kept as typed (``legacy=True``). A further
ruling in the same case carries a suffix after the 号 (``（2024）苏0381执1234号之一``): it
is a number of its own, kept with its suffix.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType

from xinyi_desktop.errors import CaseNumberError, XinyiError

__all__ = [
    "CaseNumber",
    "case_type_info",
    "default_data_dir",
    "fold_text",
    "load_case_types",
    "normalize_case_number",
    "numbers_in",
    "parse_case_number",
]

DataDir = Path | str | None

EARLIEST_YEAR = 1990
CATEGORIES = frozenset({"administrative", "civil", "execution", "other"})
INSTANCES = frozenset({"first", "second", "retrial", "execution", "other"})

# Province-level abbreviations used as the first part of a court code, plus 兵 for the
# Xinjiang Production and Construction Corps courts.
PROVINCES = frozenset("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵")
# The Supreme People's Court has a multi-character code and no digits.
SUPREME_COURT = "最高法"

# After NFKC folding every bracket variant clerks use collapses into one of these.
_OPEN = "([{【〔〖〘⦅"
_CLOSE = ")]}】〕〗〙⦆"
_TO_ROUND = str.maketrans(_OPEN + _CLOSE, "(" * len(_OPEN) + ")" * len(_CLOSE))
# Searching with a pattern first: str.translate is slow on CJK text, even with nothing to do.
_BRACKET_RE = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")
_NOT_ROUND_RE = re.compile(f"[{re.escape(_OPEN[1:] + _CLOSE[1:])}]")

_EXAMPLE = "（2025）苏0381行初12号"
_MAX_SERIAL_DIGITS = 9
_YEAR_RE = re.compile(r"\(?([0-9]*)\)?")
_LEGACY_RE = re.compile(r"(?P<pre>[^()]+?)字第?(?P<tail>.*)", re.DOTALL)
_SERIAL_RE = re.compile(r"([^号之]*)(?:号?(之.*)|号(.*))?", re.DOTALL)
# 之一, 之二 … 之九十九: a further document in the same case.
_SUFFIX = "之(?:[一二三四五六七八九]|[二三四五六七八九]?十[一二三四五六七八九]?)"
_SUFFIX_RE = re.compile(_SUFFIX)
# A case number inside a longer text, once folded: a bracketed year, up to 40 characters,
# 号 and a suffix — （2023）苏0381民初191号民事判决书, the court's name before it.
_EMBEDDED_RE = re.compile(rf"\([0-9]{{4}}\)[^号(]{{2,40}}?号(?:{_SUFFIX})?")
_LEGACY_KEY_RE = re.compile(rf"字第?0*([0-9]+)号?({_SUFFIX})?$")
_DIGITS_RE = re.compile(r"[0-9]*")
_TYPE_RUN_RE = re.compile(r"[^0-9号]*")
_BAD_SERIAL_START = re.compile(r"[A-Za-z零〇一二三四五六七八九十百千]")


# --- reference data --------------------------------------------------------------------


def default_data_dir() -> Path:
    """Folder holding reference data (from the bundle when frozen)."""
    from xinyi_desktop.paths import data_dir

    return data_dir()


def load_case_types(data_dir: DataDir = None) -> Mapping[str, Mapping[str, str]]:
    """Case-type table (案件类型代字) from ``case_types.json``, keyed by code."""
    if data_dir is None:
        return _load_default_case_types()
    return _load_case_types(Path(data_dir).resolve())


@lru_cache(maxsize=1)
def _load_default_case_types() -> Mapping[str, Mapping[str, str]]:
    # Resolving the folder costs more than parsing a number: do it once.
    return _load_case_types(default_data_dir().resolve())


@lru_cache(maxsize=8)
def _load_case_types(folder: Path) -> Mapping[str, Mapping[str, str]]:
    # The office maintains this file, so a broken one gets a message it can act on.
    path = folder / "case_types.json"
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise XinyiError(f"案件类型表“{path}”无法读取：{exc}") from exc
    if not isinstance(rows, list):
        raise XinyiError(f"案件类型表“{path}”格式有误：应为列表")
    table: dict[str, Mapping[str, str]] = {}
    for row in rows:
        if not isinstance(row, dict):
            raise XinyiError(f"案件类型表“{path}”中有一项不是对象：{row!r}")
        code = str(row.get("code", "")).strip()
        if not code or code in table:
            raise XinyiError(f"案件类型表“{path}”中的代字“{code}”为空或重复")
        if row.get("category") not in CATEGORIES or row.get("instance") not in INSTANCES:
            raise XinyiError(f"案件类型表“{path}”中代字“{code}”的类别或审级填写有误")
        table[code] = MappingProxyType({k: str(v) for k, v in row.items()})
    return MappingProxyType(table)


def case_type_info(code: str, *, data_dir: DataDir = None) -> dict[str, str] | None:
    """The table row for a case-type code such as ``行初``, or None if unknown."""
    row = load_case_types(data_dir).get(code)
    return dict(row) if row is not None else None


def _codes_longest_first(data_dir: DataDir) -> list[str]:
    # Longest first so that 行赔初 wins over 行初 and 执恢 over 执.
    table = load_case_types(data_dir)
    return _sorted_codes(tuple(table))


@lru_cache(maxsize=8)
def _sorted_codes(codes: tuple[str, ...]) -> list[str]:
    return sorted(codes, key=len, reverse=True)


@lru_cache(maxsize=8)
def _well_formed(data_dir: DataDir) -> re.Pattern[str]:
    """The one form almost every number arrives in, once folded: ``(2025)苏0381行初12号``.

    A match is exactly what the step-by-step parse below would accept (codes hold no
    digits, so the longest code that fits is the one the alternation finds); anything
    else takes the step-by-step parse, which also says what is wrong.
    """
    codes = "|".join(re.escape(code) for code in _codes_longest_first(data_dir))
    provinces = "".join(sorted(PROVINCES))
    return re.compile(
        rf"\(([0-9]{{4}})\)([{provinces}](?:[0-9]{{4}}|[0-9]{{2}})?)({codes})0*([1-9][0-9]{{0,8}})"
        rf"号?({_SUFFIX})?"
    )


# --- folding ---------------------------------------------------------------------------


def _squash(text: str) -> str:
    """NFKC (full-width -> ASCII) and drop whitespace and invisible format characters."""
    folded = unicodedata.normalize("NFKC", text)
    # Fast path (the importer parses thousands): a printable string holds no whitespace
    # but the ASCII space and no format character, as both are "Other"/"Separator".
    if folded.isprintable():
        return folded.replace(" ", "")
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")


def _round_brackets(text: str) -> str:
    return text.translate(_TO_ROUND) if _NOT_ROUND_RE.search(text) else text


def fold_text(text: str) -> str:
    """Search folding: widths folded to ASCII, brackets and whitespace removed.

    Applied both to stored case numbers and to what the clerk types, so the two meet.
    """
    return _BRACKET_RE.sub("", _squash(text))


# --- the value -------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseNumber:
    """A parsed case number (案号)."""

    year: int
    court_code: str
    case_type: str
    serial: int
    legacy: bool = False
    display: str = ""
    suffix: str = ""  # 之一 of （2024）苏0381执1234号之一

    def __post_init__(self) -> None:
        # Lets callers build a modern number from its parts without spelling the text.
        if not self.display:
            if self.legacy:
                text = f"({self.year}){self.court_code}{self.case_type}字第{self.serial}号"
            else:
                text = f"（{self.year}）{self.court_code}{self.case_type}{self.serial}号"
            text += self.suffix
            object.__setattr__(self, "display", text)

    @property
    def canonical(self) -> str:
        """The text to store and show."""
        return self.display

    @cached_property
    def key(self) -> str:
        """Match key: equal for every way of typing the same case."""
        folded = fold_text(self.display)
        if self.legacy:
            # Old numbers were often zero-padded (字第00123号) and typed with or without 第/号.
            folded = _LEGACY_KEY_RE.sub(r"字第\1号\2", folded)
        return folded

    def __str__(self) -> str:
        return self.display


# --- parsing ---------------------------------------------------------------------------


def _fail(typed: str, problem: str) -> CaseNumberError:
    shown = typed if len(typed) <= 40 else typed[:40] + "…"
    return CaseNumberError(f"案号“{shown}”{problem}", field="case_no")


def _leading(pattern: re.Pattern[str], text: str) -> str:
    """The (possibly empty) prefix of ``text`` matched by a pattern that accepts ''."""
    match = pattern.match(text)
    return match.group(0) if match else ""


def _parse_serial(typed: str, tail: str) -> tuple[int, str]:
    """Serial digits, an optional 号, and nothing after it but a suffix such as 之一:
    the serial and the suffix."""
    match = _SERIAL_RE.fullmatch(tail)
    assert match is not None  # the pattern accepts any string
    digits, suffix, junk = match.group(1), match.group(2) or "", match.group(3) or ""
    if not digits:
        raise _fail(typed, "缺少序号")
    if not re.fullmatch(r"[0-9]+", digits):
        raise _fail(typed, f"中的序号“{digits}”只能是数字")
    if suffix and not _SUFFIX_RE.fullmatch(suffix):
        raise _fail(typed, f"在序号之后的“{suffix}”不对（应为“之一”“之二”这样的形式）")
    if junk:
        raise _fail(typed, f"在“号”之后多出“{junk}”")
    significant = digits.lstrip("0")
    if not significant:
        raise _fail(typed, "中的序号不能为 0")
    # Checked before int(): Python refuses to convert very long digit strings.
    if len(significant) > _MAX_SERIAL_DIGITS:
        raise _fail(typed, f"中的序号“{digits}”太长")
    return int(significant), suffix


def _parse_legacy(typed: str, year: int, pre: str, tail: str, data_dir: DataDir) -> CaseNumber:
    serial, suffix = _parse_serial(typed, tail)
    court, case_type = pre, ""
    # Split off a known type code at the end; old codes not in the table stay in court.
    for code in _codes_longest_first(data_dir):
        if pre.endswith(code) and len(pre) > len(code):
            court, case_type = pre[: -len(code)], code
            break
    return CaseNumber(year, court, case_type, serial, legacy=True, display=typed, suffix=suffix)


def _parse_court(typed: str, rest: str, codes: list[str]) -> tuple[str, str]:
    """Split ``rest`` into the court code and what follows it."""
    if rest.startswith(SUPREME_COURT):
        return SUPREME_COURT, rest[len(SUPREME_COURT) :]
    first = rest[0]
    if first not in PROVINCES:
        if first.isdigit() or any(rest.startswith(code) for code in codes):
            raise _fail(typed, "缺少法院代字（如“苏0381”）")
        raise _fail(typed, f"中的法院代字“{first}”不认识（应为“苏”“苏03”“苏0381”这样的形式）")
    digits = _leading(_DIGITS_RE, rest[1:])
    if len(digits) not in (0, 2, 4):
        raise _fail(
            typed,
            f"中的法院代字“{first}{digits}”不对（应为“苏”“苏03”“苏0381”这样的形式）",
        )
    return first + digits, rest[1 + len(digits) :]


def _parse_modern(typed: str, year: int, rest: str, data_dir: DataDir) -> CaseNumber:
    codes = _codes_longest_first(data_dir)
    court, after = _parse_court(typed, rest, codes)
    prefixed = [code for code in codes if after.startswith(code)]
    for code in prefixed:
        tail = after[len(code) :]
        if tail[:1] in ("", "号", "之") or tail[0] in "0123456789":
            serial, suffix = _parse_serial(typed, tail)
            return CaseNumber(year, court, code, serial, suffix=suffix)
    if prefixed and _BAD_SERIAL_START.match(after[len(prefixed[0]) :]):
        # "行初十二号", "行初a1号": the type is fine, the serial is not.
        _parse_serial(typed, after[len(prefixed[0]) :])
    run = _leading(_TYPE_RUN_RE, after)
    if not run:
        raise _fail(typed, "缺少案件类型（如“行初”）")
    raise _fail(typed, f"中的案件类型“{run}”不认识")


def parse_case_number(text: str, *, data_dir: DataDir = None) -> CaseNumber:
    """Parse a case number (案号) as typed; raise CaseNumberError saying what is wrong."""
    typed = (text or "").strip()
    if not typed:
        raise CaseNumberError("案号不能为空", field="case_no")
    folded = _round_brackets(_squash(typed))
    quick = _well_formed(data_dir).fullmatch(folded)
    if quick is not None and EARLIEST_YEAR <= int(quick[1]) <= date.today().year + 1:
        return CaseNumber(int(quick[1]), quick[2], quick[3], int(quick[4]), suffix=quick[5] or "")
    return _parse_folded(typed, folded, data_dir)


def _parse_folded(typed: str, folded: str, data_dir: DataDir) -> CaseNumber:
    """The step-by-step parse, which names what is wrong."""
    head = _YEAR_RE.match(folded)
    assert head is not None  # the pattern accepts an empty match
    year_text, rest = head.group(1), folded[head.end() :]
    if not year_text:
        raise _fail(typed, f"无法识别：缺少年份（应为“{_EXAMPLE}”的形式）")
    if len(year_text) != 4:
        raise _fail(typed, f"中的年份“{year_text}”应为4位数字")
    year, latest = int(year_text), date.today().year + 1
    if not EARLIEST_YEAR <= year <= latest:
        raise _fail(typed, f"年份 {year} 不合理（应在 {EARLIEST_YEAR} 至 {latest} 之间）")
    if not rest:
        raise _fail(typed, "缺少法院代字（如“苏0381”）")
    legacy = _LEGACY_RE.fullmatch(rest)
    if legacy:
        return _parse_legacy(typed, year, legacy["pre"], legacy["tail"], data_dir)
    return _parse_modern(typed, year, rest, data_dir)


def numbers_in(text: str, *, data_dir: DataDir = None) -> list[CaseNumber]:
    """The case numbers a longer text names, in order, each once (by key). A number
    followed by a suffix it cannot take (…191号之1) is none: not the case before it."""
    folded = _round_brackets(_squash(text or ""))
    found: dict[str, CaseNumber] = {}
    for match in _EMBEDDED_RE.finditer(folded):
        if folded[match.end() : match.end() + 1] == "之":
            continue
        try:
            number = parse_case_number(match.group(0), data_dir=data_dir)
        except CaseNumberError:
            continue
        found.setdefault(number.key, number)
    return list(found.values())


def normalize_case_number(text: str, *, data_dir: DataDir = None) -> str:
    """The text to store for what the clerk typed (canonical, or legacy as typed)."""
    return parse_case_number(text, data_dir=data_dir).display
