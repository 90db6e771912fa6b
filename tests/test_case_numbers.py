"""Case numbers (案号): every messy form clerks type must land on one record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xinyi_desktop.errors import CaseNumberError
from xinyi_desktop.rules.case_numbers import (
    CaseNumber,
    case_type_info,
    default_data_dir,
    fold_text,
    load_case_types,
    normalize_case_number,
    numbers_in,
    parse_case_number,
)

CANON = "（2025）苏0381行初12号"

MESSY_FORMS = [
    ("（2025）苏0381行初12号", CANON),
    ("(2025)苏0381行初12号", CANON),
    ("〔2025〕苏0381行初12号", CANON),
    ("[2025]苏0381行初12号", CANON),
    ("【2025】苏0381行初12号", CANON),
    ("［２０２５］苏0381行初12号", CANON),
    ("（２０２５）苏０３８１行初１２号", CANON),
    ("(2025) 苏0381 行初 12 号", CANON),
    ("（2025）\u3000苏0381\u3000行初12号", CANON),
    ("  （2025）苏0381行初12号\n", CANON),
    ("\t(2025)苏0381行初12号\r\n", CANON),
    ("(2025)苏0381行初012号", CANON),
    ("(2025)苏0381行初00012号", CANON),
    ("(2025)苏0381行初12", CANON),
    ("（2025）苏0381行初12", CANON),
    ("( 2 0 2 5 )苏 0 3 8 1 行 初 1 2 号", CANON),
    ("﹝2025﹞苏0381行初12号", CANON),
    ("(2025）苏0381行初12号", CANON),
    ("2025苏0381行初12号", CANON),
    ("\ufeff(2025)苏0381行初12号", CANON),
    ("(2025)苏03行终7号", "（2025）苏03行终7号"),
    ("(2024)苏行申0099号", "（2024）苏行申99号"),
    ("〔2025〕苏0381执１２３号", "（2025）苏0381执123号"),
    ("(2025)苏0381执恢 5", "（2025）苏0381执恢5号"),
    ("(2023)京01行初1号", "（2023）京01行初1号"),
    ("(2023)沪0115民初88号", "（2023）沪0115民初88号"),
    ("(2023)鲁行赔终3号", "（2023）鲁行赔终3号"),
    ("（2019）最高法行申 1234 号", "（2019）最高法行申1234号"),
    # a further ruling in the same case: a number of its own, its suffix kept
    ("（2024）苏0381执1234号之一", "（2024）苏0381执1234号之一"),
    ("(2024) 苏0381执 1234 号 之二", "（2024）苏0381执1234号之二"),
    ("(2024)苏0381执1234之一", "（2024）苏0381执1234号之一"),
    ("（２０２４）苏０３８１执０１２３４号之十二", "（2024）苏0381执1234号之十二"),
    ("(2024)苏0381执1234号之二十一", "（2024）苏0381执1234号之二十一"),
]


@pytest.mark.parametrize(("typed", "canonical"), MESSY_FORMS)
def test_messy_forms_parse_to_one_canonical_form(typed: str, canonical: str) -> None:
    parsed = parse_case_number(typed)
    assert parsed.display == canonical
    assert parsed.canonical == canonical
    assert normalize_case_number(typed) == canonical
    assert not parsed.legacy
    assert parsed.key == fold_text(canonical)


def test_fields_of_canonical_number() -> None:
    parsed = parse_case_number(CANON)
    assert parsed == CaseNumber(2025, "苏0381", "行初", 12, False, CANON)
    assert parsed.key == "2025苏0381行初12号"
    assert str(parsed) == CANON


def test_value_built_from_parts_gets_its_display() -> None:
    assert CaseNumber(2025, "苏0381", "行初", 12).display == CANON


@pytest.mark.parametrize(
    ("typed", "court", "case_type"),
    [
        ("(2025)苏0381行赔初1号", "苏0381", "行赔初"),
        ("(2025)苏0381行赔终1号", "苏0381", "行赔终"),
        ("(2025)苏0381行赔申1号", "苏0381", "行赔申"),
        ("(2025)苏0381行初1号", "苏0381", "行初"),
        ("(2025)苏0381执恢1号", "苏0381", "执恢"),
        ("(2025)苏0381执异1号", "苏0381", "执异"),
        ("(2025)苏0381执行1号", "苏0381", "执行"),
        ("(2025)苏0381执1号", "苏0381", "执"),
        ("(2025)苏执1号", "苏", "执"),
        ("(2025)苏03执保1号", "苏03", "执保"),
    ],
)
def test_longest_type_code_wins(typed: str, court: str, case_type: str) -> None:
    parsed = parse_case_number(typed)
    assert (parsed.court_code, parsed.case_type) == (court, case_type)


NEXT_YEAR = date.today().year + 1

GARBAGE = [
    ("苏0381行初12号", "缺少年份"),
    ("()苏0381行初12号", "缺少年份"),
    ("行初12号", "缺少年份"),
    ("hello", "缺少年份"),
    ("(1890)苏0381行初12号", "1890"),
    ("(2999)苏0381行初12号", "2999"),
    (f"({NEXT_YEAR + 1})苏0381行初12号", str(NEXT_YEAR + 1)),
    ("(25)苏0381行初12号", "4位"),
    ("(20251)苏0381行初12号", "4位"),
    ("(2025)", "法院"),
    ("(2025)行初12号", "法院"),
    ("(2025)0381行初12号", "法院"),
    ("(2025)江0381行初12号", "“江”"),
    ("(2025)苏038行初12号", "“苏038”"),
    ("(2025)苏0381行X12号", "“行X”不认识"),
    ("(2025)苏0381刑赔12号", "“刑赔”不认识"),
    ("(2025)苏038112号", "法院代字"),
    ("(2025)苏0381行初号", "缺少序号"),
    ("(2025)苏0381行初", "缺少序号"),
    ("(2025)苏0381行初1a2号", "“1a2”"),
    ("(2025)苏0381行初十二号", "“十二”"),
    ("(2025)苏0381行初0号", "不能为 0"),
    ("(2025)苏0381行初1234567890号", "太长"),
    ("(2025)苏0381行初12号abc", "“abc”"),
    ("(2025)苏0381行初12号号", "多出"),
    ("(2025)苏0381行初12号之a", "“之a”不对"),
    ("(2025)苏0381行初12号之一号", "“之一号”不对"),
    ("(2025)苏0381行初12号之", "“之”不对"),
    ("(2025)苏0381行初12号之十十十", "“之十十十”不对"),
    ("(2025)苏0381行初12号之一二三", "“之一二三”不对"),
    ("(2025)苏0381执之一", "缺少序号"),
    ("(2025)苏0381(行初)12号", "不认识"),
    ("(2014)新民初字第号", "缺少序号"),
]


@pytest.mark.parametrize(("typed", "hint"), GARBAGE)
def test_garbage_is_refused_quoting_what_was_typed(typed: str, hint: str) -> None:
    with pytest.raises(CaseNumberError) as caught:
        parse_case_number(typed)
    message = str(caught.value)
    assert f"“{typed.strip()}”" in message
    assert hint in message
    assert caught.value.field == "case_no"


@pytest.mark.parametrize("typed", ["", "   ", "\u3000\n\t", None])
def test_empty_is_refused(typed: str) -> None:
    with pytest.raises(CaseNumberError, match="案号不能为空"):
        parse_case_number(typed)


def test_missing_year_message_shows_the_expected_form() -> None:
    with pytest.raises(CaseNumberError) as caught:
        parse_case_number("苏0381行初12号")
    assert str(caught.value) == (
        "案号“苏0381行初12号”无法识别：缺少年份（应为“（2025）苏0381行初12号”的形式）"
    )


def test_very_long_junk_is_quoted_shortened() -> None:
    typed = "(2025)苏0381行初12号" + "x" * 200
    with pytest.raises(CaseNumberError) as caught:
        parse_case_number(typed)
    assert typed[:40] + "…" in str(caught.value)


LEGACY = [
    ("(2015)新行初字第12号", 2015, "新", "行初", 12),
    ("（2014）新民初字第00123号", 2014, "新", "民初", 123),
    ("(2013)徐行终字第0045号", 2013, "徐", "行终", 45),
    ("(2014)新执字第7号", 2014, "新", "执", 7),
    ("（2012）新执恢字第3号", 2012, "新", "执恢", 3),
    ("(2015)苏行赔终字第1号", 2015, "苏", "行赔终", 1),
    ("(2011)新民一初字第88号", 2011, "新民一初", "", 88),
]


@pytest.mark.parametrize(("typed", "year", "court", "case_type", "serial"), LEGACY)
def test_legacy_numbers_are_kept_as_typed(
    typed: str, year: int, court: str, case_type: str, serial: int
) -> None:
    parsed = parse_case_number(f"  {typed}\n")
    assert parsed.legacy
    assert parsed.display == typed
    assert parsed.canonical == typed
    assert normalize_case_number(typed) == typed
    assert (parsed.year, parsed.court_code, parsed.case_type, parsed.serial) == (
        year,
        court,
        case_type,
        serial,
    )


@pytest.mark.parametrize(
    ("one", "other", "key"),
    [
        ("(2014)新民初字第00123号", "（2014）新民初字第123号", "2014新民初字第123号"),
        (
            "(2015)新行初字第12号",
            "〔２０１５〕 新行初字第 012 号",
            "2015新行初字第12号",
        ),
        ("(2015)新行初字第12号", "【2015】新行初字12号", "2015新行初字第12号"),
        ("(2015)新行初字第12号", "(2015)新行初字第12", "2015新行初字第12号"),
        (
            "(2015)新行初字第12号",
            "（2015）新\u3000行初字第１２号",
            "2015新行初字第12号",
        ),
    ],
)
def test_legacy_variants_share_a_key(one: str, other: str, key: str) -> None:
    first, second = parse_case_number(one), parse_case_number(other)
    assert first.display != second.display
    assert first.key == second.key == key


def test_a_suffixed_number_is_a_case_of_its_own() -> None:
    plain, first, second = (
        parse_case_number(f"（2024）苏0381执1234号{suffix}") for suffix in ("", "之一", "之二")
    )
    assert len({plain.key, first.key, second.key}) == 3
    assert (first.serial, first.suffix, plain.suffix) == (1234, "之一", "")
    assert parse_case_number("(2024)苏0381执1234之一").key == first.key
    old = parse_case_number("(2015)新执字第0012号之一")
    assert old.legacy and old.display == "(2015)新执字第0012号之一" and old.suffix == "之一"
    assert old.key == parse_case_number("(2015)新执字第12号之一").key == "2015新执字第12号之一"
    assert old.key != parse_case_number("(2015)新执字第12号").key


def test_legacy_and_modern_keys_differ() -> None:
    legacy = parse_case_number("(2015)苏0381行初字第12号")
    modern = parse_case_number("(2015)苏0381行初12号")
    assert legacy.legacy and not modern.legacy
    assert legacy.key != modern.key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("（2025）苏0381行初12号", "2025苏0381行初12号"),
        ("〔２０２５〕 苏0381\u3000行初 12号", "2025苏0381行初12号"),
        ("【2025】", "2025"),
        ("［ＡＢＣ］", "ABC"),
        ("行初 12", "行初12"),
        ("", ""),
    ],
)
def test_fold_text(text: str, folded: str) -> None:
    assert fold_text(text) == folded


def test_fold_text_lets_typed_search_meet_stored_number() -> None:
    stored = parse_case_number("（2025）苏0381行初12号").key
    assert fold_text("〔2025〕苏0381 行初１２") in stored


REQUIRED_TYPES = [
    "行初",
    "行终",
    "行申",
    "行审",
    "行赔初",
    "行赔终",
    "行赔申",
    "行监",
    "民初",
    "民终",
    "民申",
    "民再",
    "民监",
    "执",
    "执恢",
    "执异",
    "执复",
    "执保",
    "执监",
    "执行",
    "刑初",
    "刑终",
]


@pytest.mark.parametrize("code", REQUIRED_TYPES)
def test_required_case_types_are_in_the_table(code: str) -> None:
    info = case_type_info(code)
    assert info is not None
    assert info["code"] == code
    assert info["name"]
    assert info["category"] in {"administrative", "civil", "execution", "other"}
    assert info["instance"] in {"first", "second", "retrial", "execution", "other"}


def test_case_type_info_examples() -> None:
    assert case_type_info("行初") == {
        "code": "行初",
        "name": "行政一审",
        "category": "administrative",
        "instance": "first",
    }
    assert case_type_info("行X") is None
    # A caller mutating the returned dict must not change the cached table.
    case_type_info("行初")["name"] = "changed"  # type: ignore[index]
    assert case_type_info("行初")["name"] == "行政一审"  # type: ignore[index]


def test_table_is_loaded_from_the_given_folder(tmp_path: Path) -> None:
    rows = [{"code": "行X", "name": "测试", "category": "other", "instance": "other"}]
    (tmp_path / "case_types.json").write_text(json.dumps(rows), encoding="utf-8")
    assert set(load_case_types(tmp_path)) == {"行X"}
    assert parse_case_number("(2025)苏行X1号", data_dir=tmp_path).case_type == "行X"
    with pytest.raises(CaseNumberError):
        parse_case_number("(2025)苏行初1号", data_dir=tmp_path)
    assert load_case_types(default_data_dir()) is load_case_types()


# --- properties ------------------------------------------------------------------------

BRACKETS = [
    ("（", "）"),
    ("(", ")"),
    ("〔", "〕"),
    ("[", "]"),
    ("【", "】"),
    ("［", "］"),
]
SPACES = ["", " ", "\u3000", "  ", "\t"]
PROVINCES = list("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼")
TYPE_CODES = sorted(load_case_types())


def _widen(digits: str, flags: list[bool]) -> str:
    """Turn some ASCII digits into full-width ones."""
    return "".join(
        chr(ord(d) + 0xFEE0) if wide else d for d, wide in zip(digits, flags, strict=False)
    )


@st.composite
def rendered_numbers(draw: st.DrawFn) -> tuple[int, str, str, int, str]:
    year = draw(st.integers(1990, date.today().year + 1))
    court = draw(st.sampled_from(PROVINCES)) + draw(
        st.sampled_from(["", "03", "0381", "01", "0115"])
    )
    case_type = draw(st.sampled_from(TYPE_CODES))
    serial = draw(st.integers(1, 999_999))
    opening, closing = draw(st.sampled_from(BRACKETS))
    pieces = [
        opening,
        str(year),
        closing,
        court,
        case_type,
        "0" * draw(st.integers(0, 3)) + str(serial),
        draw(st.sampled_from(["号", ""])),
    ]
    text = draw(st.sampled_from(SPACES))
    for piece in pieces:
        if piece.isascii():
            piece = _widen(
                piece,
                draw(st.lists(st.booleans(), min_size=len(piece), max_size=len(piece))),
            )
        text += piece + draw(st.sampled_from(SPACES))
    return year, court, case_type, serial, text


@given(rendered_numbers())
def test_any_rendering_parses_back_to_its_fields(
    case: tuple[int, str, str, int, str],
) -> None:
    year, court, case_type, serial, text = case
    parsed = parse_case_number(text)
    assert (parsed.year, parsed.court_code, parsed.case_type, parsed.serial) == (
        year,
        court,
        case_type,
        serial,
    )
    assert not parsed.legacy
    assert parsed.display == f"（{year}）{court}{case_type}{serial}号"
    assert parse_case_number(parsed.display) == parsed
    assert parse_case_number(parsed.key) == parsed


@given(st.text())
def test_arbitrary_text_parses_or_raises_case_number_error(text: str) -> None:
    try:
        parsed = parse_case_number(text)
    except CaseNumberError as exc:
        assert str(exc)
    else:
        assert parsed.display
        assert parsed.key == fold_text(parsed.display) or parsed.legacy


@given(
    st.text(
        alphabet="（）()〔〕[]【】 \u30000123456789０１２苏行初赔执恢字第号新",
        max_size=30,
    )
)
def test_case_number_like_text_parses_or_raises_case_number_error(text: str) -> None:
    try:
        parse_case_number(text)
    except CaseNumberError:
        pass


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("（2023）苏0381民初191号民事判决书", ["（2023）苏0381民初191号"]),
        ("新沂市人民法院 (2023) 苏0381 行初 12 号行政判决", ["（2023）苏0381行初12号"]),
        (
            "（2023）苏0381民初191号、（2024）苏03民终22号",
            ["（2023）苏0381民初191号", "（2024）苏03民终22号"],
        ),
        (
            "（2023）苏0381民初191号判决书、（2023）苏0381民初191号裁定书",
            ["（2023）苏0381民初191号"],
        ),
        ("（2024）苏0381执1234号之一裁定", ["（2024）苏0381执1234号之一"]),
        ("（2023）苏0381民初191号之1", []),  # not the case before it
        ("(2015)新行初字第12号判决书", ["(2015)新行初字第12号"]),
        ("民事判决书", []),
        ("", []),
    ],
)
def test_numbers_in_a_longer_text(text, found):
    assert [n.display for n in numbers_in(text)] == found
