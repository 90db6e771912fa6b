"""The checklist workflow as pure rules: every allowed step and every refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.sanctions import ItemStatus, allowed_next, check_step, mask_id

TODAY = dt.date(2026, 11, 24)
S = ItemStatus


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (S.PROPOSED, [S.SUBMITTED, S.NOT_APPLICABLE]),
        (S.SUBMITTED, [S.APPROVED, S.NOT_APPLICABLE]),
        (S.APPROVED, [S.DELIVERED, S.NOT_APPLICABLE]),
        (S.DELIVERED, [S.CARRIED_OUT, S.NOT_APPLICABLE]),
        (S.CARRIED_OUT, [S.LIFTED]),
        (S.LIFTED, []),
        (S.NOT_APPLICABLE, [S.PROPOSED]),
    ],
)
def test_allowed_next(current, expected):
    assert allowed_next(current) == expected


@pytest.mark.parametrize(
    ("current", "target", "message"),
    [
        (S.DELIVERED, S.LIFTED, "处于“已送达”状态，从未实施，无需也不能解除"),
        (S.PROPOSED, S.LIFTED, "从未实施，无需也不能解除"),
        (S.PROPOSED, S.APPROVED, "尚未报送市政府核定，不能登记为已核定"),
        (S.SUBMITTED, S.DELIVERED, "尚未经市政府核定，不能送达实施部门"),
        (S.APPROVED, S.CARRIED_OUT, "尚未送达实施部门，不能登记为已实施"),
        (S.CARRIED_OUT, S.NOT_APPLICABLE, "已实施，不能再标记为不适用"),
        (S.LIFTED, S.CARRIED_OUT, "已解除，不能再变更"),
        (S.NOT_APPLICABLE, S.SUBMITTED, "已标记为不适用；如需实施，请先恢复为拟实施"),
        (S.APPROVED, S.SUBMITTED, "不能退回“已报市政府”"),
        (S.APPROVED, S.APPROVED, "已是“已核定”状态"),
    ],
)
def test_refused_steps_say_why(current, target, message):
    with pytest.raises(ValidationError) as refused:
        check_step(current, target, on=TODAY, today=TODAY, what="“限制融资”（某镇）")
    assert message in str(refused.value)
    assert str(refused.value).startswith("“限制融资”（某镇）")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"on": None}, "请填写"),
        ({"on": TODAY + dt.timedelta(days=1)}, "晚于今天"),
        ({"on": dt.date(2026, 1, 1), "last_on": dt.date(2026, 2, 1)}, "早于上一步的日期"),
    ],
)
def test_dates_of_a_step(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        check_step(S.PROPOSED, S.SUBMITTED, today=TODAY, **kwargs)


def test_not_applicable_and_reopening_need_a_reason():
    with pytest.raises(ValidationError, match="理由"):
        check_step(S.APPROVED, S.NOT_APPLICABLE, on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="理由"):
        check_step(S.NOT_APPLICABLE, S.PROPOSED, on=TODAY, today=TODAY)
    check_step(S.APPROVED, S.NOT_APPLICABLE, on=TODAY, today=TODAY, reason="已撤销")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("320381198001011234", "320381********1234"),
        ("32038119800101123X", "320381********123X"),
        ("", ""),
        ("12345", "*****"),
    ],
)
def test_id_numbers_are_masked_for_publication(text, masked):
    assert mask_id(text) == masked


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-x", "@a", "\t制表", "正常", 5])
def test_no_cell_starts_a_formula_and_text_reads_as_typed(tmp_path, value):
    import openpyxl

    from xinyi_desktop.documents.xlsx_cells import safe_row
    from xinyi_desktop.rules.cell_text import formula_like

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(safe_row(sheet, [value]))
    book.save(tmp_path / "t.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx").active["A1"]
    assert cell.value == value  # exactly as typed: no apostrophe added
    assert cell.data_type in ("s", "n")
    assert cell.quotePrefix == (isinstance(value, str) and formula_like(value))


def scope_words():
    from xinyi_desktop.services.measures import scope_words as load

    return load()


@pytest.mark.parametrize(
    ("text", "agency", "roles"),
    [
        ("", True, []),
        ("单位", True, []),
        ("失信被执行人", True, []),
        ("失信被执行人及其法定代表人", True, ["legal_rep"]),
        ("失信被执行人（单位）及其主要负责人", True, ["principal"]),
        ("法定代表人", False, ["legal_rep"]),
        ("失信政府机构法定代表人", False, ["legal_rep"]),
        ("法定代表人、主要负责人", False, ["legal_rep", "principal"]),
        (
            "单位、法定代表人、主要负责人、实际控制人",
            True,
            ["legal_rep", "principal", "controller"],
        ),
        ("影响债务履行的直接责任人员和财务负责人", False, ["direct", "finance"]),
        ("财政（财务）部门负责人", False, ["finance"]),
        ("其他", True, []),
    ],
)
def test_whom_a_measure_reaches_is_read_from_the_scope_text(text, agency, roles):
    from xinyi_desktop.rules.sanctions import parse_scope

    assert parse_scope(text, scope_words()) == (agency, roles)


class P:
    def __init__(self, id, name, number=""):
        self.id, self.name, self.id_number = id, name, number


@pytest.mark.parametrize(
    ("rows", "groups"),
    [
        ([P(1, "黎桂芳"), P(2, "黎桂芳")], [[1, 2]]),  # no ID numbers: by name
        ([P(1, "黎桂芳", "32038119750304002X"), P(2, "黎桂芳", "32038119750304002x")], [[1, 2]]),
        ([P(1, "张伟", "320381198002020013"), P(2, "张伟", "320381199001010018")], [[1], [2]]),
        ([P(1, "张伟", "320381198002020013"), P(2, "张伟")], [[1, 2]]),  # one without
        ([P(1, "张伟"), P(2, "张伟", "320381198002020013")], [[1, 2]]),
        ([P(1, "李明", "320381198002020013"), P(2, "李铭", "320381198002020013")], [[1, 2]]),
        ([P(1, "王军"), P(2, "陈红"), P(3, "王军")], [[1, 3], [2]]),
    ],
)
def test_rows_of_one_person_are_grouped(rows, groups):
    from xinyi_desktop.rules.sanctions import same_people

    assert [[p.id for p in g] for g in same_people(rows)] == groups
