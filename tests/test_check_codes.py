"""Check characters of credit codes (统一社会信用代码) and ID numbers (身份证号码)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinyi_desktop.rules.check_codes import (
    CREDIT_CODE_ALPHABET,
    CodeCheck,
    check_credit_code,
    check_id_number,
    credit_code_check_char,
    id_number_check_char,
    mask_id_number,
    normalize_credit_code,
    normalize_id_number,
)

# Codes published by their holders (business licences, annual reports) and the
# textbook example; each has a correct check character.
PUBLISHED_CREDIT_CODES = [
    "91350100M000100Y43",
    "91440300708461136T",
    "9144030071526726XG",
    "91330100716105852F",
    "91110108551385082Q",
    "11100000MB0143028R",
]


@pytest.mark.parametrize("code", PUBLISHED_CREDIT_CODES)
def test_published_credit_codes_are_valid(code: str) -> None:
    assert credit_code_check_char(code[:17]) == code[17]
    assert check_credit_code(code) == CodeCheck(True, code, None)


def test_textbook_example_check_char() -> None:
    assert credit_code_check_char("91350100M000100Y4") == "3"


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        # Government bodies: 11 = 机关, 12 = 事业单位, in Xinyi (320381).
        ("11320381014000001", None),
        ("12320381466000123", None),
        ("11320381MB1234567", None),
        ("00000000000000000", "0"),  # sum 0 -> 31 - 0 = 31 -> 0
        ("10000000000000000", "Y"),  # 31 - 1 = 30 -> alphabet[30]
    ],
)
def test_check_char_round_trip(first17: str, check: str | None) -> None:
    char = credit_code_check_char(first17)
    if check is not None:
        assert char == check
    assert check_credit_code(first17 + char).valid


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        (" 91350100m000100y43 ", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
        ("9135 0100 M000 100Y 43", "91350100M000100Y43"),
        ("91350100M000100Y43\u3000\n", "91350100M000100Y43"),
    ],
)
def test_credit_code_normalization(typed: str, normalized: str) -> None:
    assert normalize_credit_code(typed) == normalized
    assert check_credit_code(typed) == CodeCheck(True, normalized, None)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "统一社会信用代码不能为空"),
        ("   ", "统一社会信用代码不能为空"),
        ("91350100M000100Y4", "统一社会信用代码应为18位，现为17位"),
        ("91350100M000100Y431", "统一社会信用代码应为18位，现为19位"),
        ("91350100M000100I43", "统一社会信用代码含非法字符“I”"),
        ("91350100O000100S43", "统一社会信用代码含非法字符“O”、“S”"),
        ("9135010-M000100Y43", "统一社会信用代码含非法字符“-”"),
        ("91350100M000100Y44", "统一社会信用代码校验位应为“3”，现为“4”"),
        ("91440300708461136X", "统一社会信用代码校验位应为“T”，现为“X”"),
        ("91350100M000100Y34", "统一社会信用代码校验位应为"),
    ],
)
def test_invalid_credit_codes(typed: str, problem: str) -> None:
    result = check_credit_code(typed)
    assert not result.valid
    assert result.problem is not None and result.problem.startswith(problem)
    assert result.normalized == normalize_credit_code(typed)


@pytest.mark.parametrize("bad", ["", "1234", "91350100M000100Y", "91350100M000100I4"])
def test_check_char_needs_17_alphabet_chars(bad: str) -> None:
    with pytest.raises(ValueError):
        credit_code_check_char(bad)


@given(st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17))
def test_any_17_chars_with_their_check_char_are_valid(first17: str) -> None:
    code = first17 + credit_code_check_char(first17)
    assert check_credit_code(code).valid
    # Any single-character change of the check character is caught.
    for other in CREDIT_CODE_ALPHABET.replace(code[17], ""):
        assert not check_credit_code(first17 + other).valid


@given(st.text())
def test_credit_code_check_never_raises(text: str) -> None:
    result = check_credit_code(text)
    assert result.valid == (result.problem is None)


# --- ID numbers -------------------------------------------------------------------------

VALID_IDS = [
    "11010519491231002X",  # the GB 11643 example
    "110105194912310029"[:17] + id_number_check_char("11010519491231002"),
    "32038119900101" + "123" + id_number_check_char("32038119900101123"),
    "32038120000229" + "456" + id_number_check_char("32038120000229456"),
]


@pytest.mark.parametrize("number", VALID_IDS)
def test_valid_id_numbers(number: str) -> None:
    assert check_id_number(number) == CodeCheck(True, number, None)


def test_gb11643_example_check_char() -> None:
    assert id_number_check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("11010519491231002x", "11010519491231002X"),
        (" 110105 19491231 002X ", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
    ],
)
def test_id_number_normalization(typed: str, normalized: str) -> None:
    assert normalize_id_number(typed) == normalized
    assert check_id_number(typed) == CodeCheck(True, normalized, None)


def _with_check(first17: str) -> str:
    return first17 + id_number_check_char(first17)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "身份证号码不能为空"),
        ("110105194912310021", "身份证号码校验位应为“X”，现为“1”"),
        ("1101051949123100", "身份证号码应为18位，现为16位"),
        ("110105491231002", "身份证号码为15位旧号码"),
        ("11010519491231002Y", "身份证号码前17位只能是数字"),
        ("1101051949123100AX", "身份证号码前17位只能是数字"),
        (
            _with_check("32038119900230123"),
            "身份证号码中的出生日期“19900230”不是有效日期",
        ),
        (
            _with_check("32038119901301123"),
            "身份证号码中的出生日期“19901301”不是有效日期",
        ),
        (
            _with_check("32038119010229123"),
            "身份证号码中的出生日期“19010229”不是有效日期",
        ),
        (_with_check("32038129990101123"), "身份证号码中的出生日期“29990101”不合理"),
        (_with_check("32038118500101123"), "身份证号码中的出生日期“18500101”不合理"),
    ],
)
def test_invalid_id_numbers(typed: str, problem: str) -> None:
    result = check_id_number(typed)
    assert not result.valid
    assert result.problem is not None and result.problem.startswith(problem)


@given(st.text())
def test_id_check_never_raises(text: str) -> None:
    result = check_id_number(text)
    assert result.valid == (result.problem is None)


@pytest.mark.parametrize(
    ("typed", "masked"),
    [
        ("320381199001011234", "320381********1234"),
        ("11010519491231002x", "110105********002X"),
        (" 320381 19900101 1234 ", "320381********1234"),
        ("320381900101123", "320381*****1123"),
        ("12345", "***45"),
        ("1234567890", "********90"),
        ("12", "**"),
        ("", ""),
    ],
)
def test_mask_id_number(typed: str, masked: str) -> None:
    assert mask_id_number(typed) == masked
