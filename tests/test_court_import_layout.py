"""Which columns a court list's headers name, and which rows below the data are no cases:
look-alike headers stay unmapped, footers are passed over, an error export comes back
clean. Table-driven, and hypothesis for the rules behind them."""

from __future__ import annotations

import openpyxl
import pytest
from court_files import imp, write_xlsx
from hypothesis import given, settings
from hypothesis import strategies as st

from xinyi_desktop.importing.error_export import export_error_rows
from xinyi_desktop.importing.layout import find_layout, load_synonyms, match_header
from xinyi_desktop.importing.rows import REMARK_ROW, TOTAL_ROW, parse_rows
from xinyi_desktop.services.court_import import preview
from xinyi_desktop.store.models import Agency, Case, Person

SYNONYMS = load_synonyms()


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("被告", "defendants"),
        ("被告（被申请人）", "defendants"),
        ("被告单位名称", "defendants"),
        ("原告", "plaintiffs"),
        ("标的额（万元）", "amount"),
        ("身份证号码/组织机构代码", "credit_code"),
        ("被执行人身份证号码/组织机构代码", "credit_code"),
        ("法定代表人或者负责人姓名", "legal_rep"),
        ("案件信息／案号", "case_no"),
        ("被申请执行人", "defendants"),  # the debtor, not the 申请执行人 who applied
        ("申请执行人", "plaintiffs"),
        ("被诉行政机关", "defendants"),
        ("执行依据文书", "basis_no"),
        ("生效法律文书案号", "basis_no"),
        ("申请执行标的（元）", "amount"),
        ("被告住所地", None),  # an address, not an agency
        ("被告（住所地）", None),
        ("原告委托代理人", None),  # a lawyer, not a plaintiff
        ("被告出庭负责人", None),  # who appeared in court, not the legal representative
        ("法定代表人身份证号", None),
        ("被告联系电话", None),
        ("错误说明", ""),  # the error export's own columns
        ("原行号", ""),
    ],
)
def test_headers_and_the_fields_they_name(header, field):
    assert match_header(header, SYNONYMS) == field


def test_look_alike_columns_are_shown_unmapped_and_bring_in_nobody(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "J.xlsx",
        [
            ["序号", "案号", "案由", "原告", "原告委托代理人", "被告", "被告住所地",
             "被告出庭负责人", "立案日期", "开庭日期", "诉讼请求"],
            [1, "（2025）苏0381行初501号", "行政处罚", "甲某", "江苏某某律师事务所王律师",
             "新沂市财政局", "新沂市北京路1号", "李局长", "2025-04-01", "2025-05-01",
             "撤销处罚决定"],
        ],
    )  # fmt: skip
    plan, batch = imp(actor, path)
    layout = plan.parts[0].layout
    unmapped = [c.header for c in layout.columns if c.index not in layout.mapping]
    assert {"原告委托代理人", "被告住所地", "被告出庭负责人"} <= set(unmapped)
    case = Case.get()
    assert case.defendants_text == "新沂市财政局" and case.plaintiffs_text == "甲某"
    assert [a.name for a in Agency.select()] == ["新沂市财政局"]
    assert Person.select().count() == 0


QUALIFIERS = [q for q in SYNONYMS.qualifiers]
FIELD_SYNONYMS = [key for key, name in SYNONYMS.exact.items() if name]


@settings(max_examples=300, deadline=None)
@given(
    synonym=st.sampled_from(FIELD_SYNONYMS),
    qualifier=st.sampled_from(QUALIFIERS),
    before=st.booleans(),
    tail=st.sampled_from(["", "地", "人", "号码", "（万元）"]),
)
def test_a_header_with_a_qualifier_is_never_taken_for_a_synonym_without_it(
    synonym, qualifier, before, tail
):
    header = (qualifier + synonym if before else synonym + qualifier) + tail
    field = match_header(header, SYNONYMS)
    if field:  # only an exact synonym, or one that itself carries the qualifier
        assert SYNONYMS.exact.get(header.lower()) == field or any(
            key in header.lower() and qualifier in key and name == field
            for key, name in SYNONYMS.exact.items()
        )


# --- footers -------------------------------------------------------------------------------


def test_footer_rows_are_passed_over_not_reported(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "I.xlsx",
        [
            ["序号", "案号", "案由", "原告", "被告", "立案日期"],
            [1, "（2025）苏0381行初401号", "行政处罚", "甲某", "新沂市财政局", "2025-04-01"],
            ["注：本表由新沂市人民法院行政庭提供，数据截至2025年4月30日。"],
            ["总计", "", "", "", "", "1件"],
            ["", "共1件"],
            ["填表人：张三", "", "", "", "审核人：李四", ""],
            [None, "制表人：某某     审核：某某"],
        ],
        merges=["A3:F3"],
    )
    plan = preview(path)
    report = plan.report()
    assert report["errors"] == [] and report["warnings"] == [] and report["created"] == 1
    assert {r.row_no: r.skip_reason for r in plan.records if r.skip_reason} == {
        3: REMARK_ROW,
        4: TOTAL_ROW,
        5: TOTAL_ROW,
        6: REMARK_ROW,
        7: REMARK_ROW,
    }
    errors = tmp_path / "errors.xlsx"
    assert export_error_rows(plan, errors) == 0


FOOTER_STARTS = list(SYNONYMS.footers.totals) + list(SYNONYMS.footers.remarks)
CASE_NUMBERS = ["（2025）苏0381行初401号", "(2024)苏0381 执 5 号", "〔2025〕苏03行终12号"]


def parsed(rows):
    """The records of ``rows`` as a suits list (pure: no file, no database)."""
    layout = find_layout("Sheet1", rows, SYNONYMS)
    return list(parse_rows(rows, layout, "suits"))


HEADER = ["序号", "案号", "被告"]
FIRST_ROW = [1, "（2025）苏0381行初401号", "新沂市财政局"]


@settings(max_examples=300, deadline=None)
@given(
    start=st.sampled_from(FOOTER_STARTS),
    rest=st.text(alphabet="张三李四：:0123456789件年月日本表由法院提供 ", max_size=20),
    where=st.sampled_from(["first", "case", "both", "merged"]),
)
def test_a_footer_text_is_passed_over_wherever_it_stands(start, rest, where):
    text = start + rest
    row = {
        "first": [text, "", ""],
        "case": ["", text, ""],
        "both": [text, text, ""],
        "merged": [text, text, text],
    }[where]
    records = parsed([HEADER, FIRST_ROW, row])
    assert records[-1].skip_reason in (TOTAL_ROW, REMARK_ROW) and not records[-1].issues
    assert not records[0].skip_reason and not records[0].issues


@settings(max_examples=200, deadline=None)
@given(number=st.sampled_from(CASE_NUMBERS), first=st.sampled_from(FOOTER_STARTS))
def test_a_row_with_a_case_number_is_a_case_whatever_else_it_says(number, first):
    (record,) = parsed([HEADER, [first, number, "新沂市财政局"]])
    assert not record.skip_reason and record.key and not record.issues


# --- the error export, corrected and imported again -----------------------------------------


def test_a_corrected_error_export_imports_without_its_explanations(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "A.xlsx",
        [
            ["序号", "案号", "案由", "原告", "被告", "立案日期"],
            [12, "（2025）苏0381行初112号", "行政处罚", "卫某", "新沂市城市管理局", "2025-03-16"],
            [13, "苏0381行初113号", "行政处罚", "蒋某", "新沂市城市管理局", "2025-03-16"],
        ],
    )
    plan, _ = imp(actor, path)
    exported = tmp_path / "A-错误行.xlsx"
    assert export_error_rows(plan, exported) == 1
    book = openpyxl.load_workbook(exported)
    sheet = book.active
    assert sheet.cell(1, 1).value == "原行号"
    assert sheet.cell(1, sheet.max_column).value == "错误说明"
    sheet.cell(2, 3).value = "（2025）苏0381行初113号"  # the clerk corrects the number
    book.save(exported)
    plan, batch = imp(actor, exported)
    assert batch.created == 1 and plan.report()["errors"] == []
    layout = plan.parts[0].layout
    assert "note" not in layout.mapping.values()
    assert Case.get(Case.serial == 113).note == ""
