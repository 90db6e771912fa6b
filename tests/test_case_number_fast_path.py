"""The quick match for well-formed case numbers gives exactly what the step-by-step parse
gives, for every string: the same number, or (by falling back) the same refusal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinyi_desktop.errors import CaseNumberError
from xinyi_desktop.rules import case_numbers
from xinyi_desktop.rules.case_numbers import (
    _parse_folded,
    _round_brackets,
    _squash,
    fold_text,
    parse_case_number,
)

PIECES = [
    "(", ")", "（", "）", "〔", "〕", "2024", "2025", "1989", "2099", "苏", "京", "最高法", "0381",
    "03", "038", "行初", "行赔初", "执", "执恢", "执行", "民初", "字第", "号", "0", "00", "12",
    "1234567890", "٣", "１２", " ", "\u3000", "a", "十二",
]  # fmt: skip


def outcome(call):
    try:
        return call()
    except CaseNumberError as exc:
        return ("refused", exc.message)


def both(text: str):
    typed = text.strip()
    quick = outcome(lambda: parse_case_number(text))
    if not typed:
        return quick, quick
    folded = _round_brackets(_squash(typed))
    return quick, outcome(lambda: _parse_folded(typed, folded, None))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8))
def test_pieces_of_case_numbers_parse_alike_either_way(pieces):
    quick, slow = both("".join(pieces))
    assert quick == slow


@settings(max_examples=3000, deadline=None)
@given(
    st.tuples(
        st.sampled_from(["(", "（", "〔", "", "[("]),
        st.sampled_from(["2024", "1989", "2099", "202", "２０２５", "20245"]),
        st.sampled_from([")", "）", "〕", "", ")("]),
        st.sampled_from(["苏", "京", "最高法", "甲", ""]),
        st.sampled_from(["0381", "03", "", "038", "038100", "٣٣"]),
        st.sampled_from(["行初", "行赔初", "执", "执恢", "执行", "民", "行初字第", ""]),
        st.sampled_from(["12", "0", "007", "1234567890", "123456789", "", "a1", "１２", " 1 2 "]),
        st.sampled_from(["号", "", "号号", "号x", "x"]),
    )
)
def test_nearly_well_formed_numbers_parse_alike_either_way(parts):
    quick, slow = both("".join(parts))
    assert quick == slow


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_any_text_parses_alike_either_way(text):
    quick, slow = both(text)
    assert quick == slow


@pytest.mark.parametrize(
    "text",
    [
        "（2025）苏0381行初12号",
        "(2025)苏03行赔初0007号",
        "(2025)苏执恢5",
        "(2025)苏0381执行9号",
        "（2025）苏0381行初0号",
        "（2025）苏0381行初1234567890号",
        "（2030）苏0381行初1号",
        "（2025）苏0381行初12号号",
    ],
)
def test_well_formed_and_nearly_well_formed_numbers(text):
    quick, slow = both(text)
    assert quick == slow


def test_the_quick_match_is_taken_for_the_usual_forms():
    pattern = case_numbers._well_formed(None)
    assert pattern.fullmatch("(2025)苏0381行初12号")
    assert pattern.fullmatch("(2025)苏0381行赔初12号")[3] == "行赔初"
    assert pattern.fullmatch("(2015)新行初字第12号") is None  # pre-2016: the careful parse


BRACKETS = "([{【〔〖〘⦅)]}】〕〗〙⦆"
BRACKETY_TEXT = st.text(
    alphabet=st.sampled_from(list(BRACKETS + "（）﹝﹞［］ 　苏行初12号a\u200b"))
)


@settings(max_examples=500, deadline=None)
@given(st.one_of(BRACKETY_TEXT, st.text(max_size=20)))
def test_folding_drops_and_rounds_brackets_as_a_character_by_character_pass_would(text):
    squashed = _squash(text)
    assert fold_text(text) == "".join(ch for ch in squashed if ch not in BRACKETS)
    rounded = str.maketrans(BRACKETS, "(" * 8 + ")" * 8)
    assert _round_brackets(squashed) == squashed.translate(rounded)
