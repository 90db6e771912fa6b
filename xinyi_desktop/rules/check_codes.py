"""Check characters of 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999).

A failed check is a warning shown to the clerk, never a silent accept or a refusal, so
the checks return a CodeCheck instead of raising.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "CodeCheck",
    "check_credit_code",
    "check_id_number",
    "credit_code_check_char",
    "id_number_check_char",
    "mask_id_number",
    "normalize_credit_code",
    "normalize_id_number",
]

# GB 32100: digits and capitals without I, O, S, V, Z (too easy to misread).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"  # indexed by the weighted sum mod 11

_DIGITS = frozenset("0123456789")


@dataclass(frozen=True)
class CodeCheck:
    """Outcome of a check: the cleaned text, and a Chinese sentence when it failed."""

    valid: bool
    normalized: str
    problem: str | None = None


def _clean(text: str) -> str:
    """Full-width -> ASCII, whitespace and invisible characters removed, upper case."""
    folded = unicodedata.normalize("NFKC", text or "")
    kept = (ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cf")
    return "".join(kept).upper()


# --- 统一社会信用代码 --------------------------------------------------------------------


def normalize_credit_code(text: str) -> str:
    """Unified social credit code (统一社会信用代码) as it should be stored."""
    return _clean(text)


def credit_code_check_char(first17: str) -> str:
    """The 18th character for the first 17 characters of a credit code."""
    if len(first17) != 17:
        raise ValueError(f"need 17 characters, got {len(first17)}")
    try:
        total = sum(
            CREDIT_CODE_ALPHABET.index(ch) * w
            for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
        )
    except ValueError:
        raise ValueError(f"character outside the GB 32100 alphabet in {first17!r}") from None
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def check_credit_code(text: str) -> CodeCheck:
    """Check length, alphabet and check character of a credit code."""
    code = normalize_credit_code(text)
    if not code:
        return CodeCheck(False, code, "统一社会信用代码不能为空")
    bad = [ch for ch in dict.fromkeys(code) if ch not in CREDIT_CODE_ALPHABET]
    if bad:
        shown = "、".join(f"“{ch}”" for ch in bad)
        return CodeCheck(False, code, f"统一社会信用代码含非法字符{shown}")
    if len(code) != 18:
        return CodeCheck(False, code, f"统一社会信用代码应为18位，现为{len(code)}位")
    expected = credit_code_check_char(code[:17])
    if code[17] != expected:
        return CodeCheck(False, code, f"统一社会信用代码校验位应为“{expected}”，现为“{code[17]}”")
    return CodeCheck(True, code)


# --- 居民身份证号码 ----------------------------------------------------------------------


def normalize_id_number(text: str) -> str:
    """Resident ID number (居民身份证号码) as it should be stored (x -> X)."""
    return _clean(text)


def id_number_check_char(first17: str) -> str:
    """The 18th character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise ValueError(f"need 17 ASCII digits, got {first17!r}")
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _birth_date(digits: str) -> date | None:
    """The date in YYYYMMDD, or None if it is not a real date."""
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def check_id_number(text: str) -> CodeCheck:
    """Check length, digits, birth date and check digit of an ID number."""
    number = normalize_id_number(text)
    if not number:
        return CodeCheck(False, number, "身份证号码不能为空")
    if len(number) == 15 and set(number) <= _DIGITS:
        # First-generation numbers have no check digit; they cannot be verified.
        return CodeCheck(False, number, "身份证号码为15位旧号码，无法校验，请核对后改为18位")
    if len(number) != 18:
        return CodeCheck(False, number, f"身份证号码应为18位，现为{len(number)}位")
    if not set(number[:17]) <= _DIGITS or number[17] not in _ID_CHECK_CHARS:
        return CodeCheck(False, number, "身份证号码前17位只能是数字，最后一位只能是数字或X")
    born = _birth_date(number[6:14])
    if born is None:
        return CodeCheck(False, number, f"身份证号码中的出生日期“{number[6:14]}”不是有效日期")
    if born > date.today() or born.year < 1900:
        return CodeCheck(False, number, f"身份证号码中的出生日期“{number[6:14]}”不合理")
    expected = id_number_check_char(number[:17])
    if number[17] != expected:
        return CodeCheck(False, number, f"身份证号码校验位应为“{expected}”，现为“{number[17]}”")
    return CodeCheck(True, number)


def mask_id_number(text: str) -> str:
    """Mask an ID number for lists meant for publication.

    15/18 characters keep the first 6 and last 4; anything else keeps only the last 2
    (and is fully masked when it has 2 characters or fewer).
    """
    number = normalize_id_number(text)
    n = len(number)
    if n in (15, 18):
        return number[:6] + "*" * (n - 10) + number[-4:]
    if n <= 2:
        return "*" * n
    return "*" * (n - 2) + number[-2:]
