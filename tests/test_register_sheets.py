"""Every sheet of the registers workbook, opened with openpyxl: real dates in every date
column (on SQLite and on PostgreSQL), and the filters (year, stage, agency) honoured by
each sheet, recomputed from the raw records."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from report_recompute import add_chains, add_sanctions

from xinyi_desktop.documents import deadline_export
from xinyi_desktop.reports import register, sanction_register
from xinyi_desktop.reports.register import write_register
from xinyi_desktop.services.case_query import CaseFilter
from xinyi_desktop.store.document_models import Document, DocumentCase
from xinyi_desktop.store.models import Agency, Case, CaseParty

TODAY = dt.date(2026, 11, 25)
COLUMNS = {
    "案件": register.CASE_COLUMNS,
    "败诉案件": register.LOST_COLUMNS,
    "失信单位": register.AGENCY_COLUMNS,
    "惩戒措施": sanction_register.MEASURE_COLUMNS,
    "整改": register.RECTIFICATION_COLUMNS,
    "问责": sanction_register.ACCOUNTABILITY_COLUMNS,
    "发文登记": register.LETTER_COLUMNS,
    "期限": deadline_export.COLUMNS,
}


@pytest.fixture
def office(actor):
    from xinyi_desktop.demo import build_demo

    build_demo(actor, cases=160, today=TODAY)
    add_chains(actor, TODAY)
    add_sanctions(actor, TODAY, rectification=False)
    return actor


def rows_of(book, name) -> list[dict]:
    sheet = book[name]
    headers = [c.value for c in sheet[3]]
    return [dict(zip(headers, row, strict=False)) for row in sheet.iter_rows(min_row=4)]


def check_dates(book, names) -> None:
    for name in names:
        columns = COLUMNS[name]
        sheet = book[name]
        assert [c.value for c in sheet[3]] == [c.header for c in columns], name
        dated = [c.header for c in columns if c.kind == "date"]
        assert dated, name
        seen = 0
        for row in rows_of(book, name):
            for header in dated:
                cell = row[header]
                if cell.value is None:
                    continue
                assert cell.is_date and isinstance(cell.value, dt.datetime), (name, header)
                assert cell.number_format == "yyyy-mm-dd", (name, header)
                seen += 1
        assert seen, f"{name}: no date written, nothing checked"


def test_every_date_column_of_every_sheet_holds_real_dates(office, tmp_path):
    book = openpyxl.load_workbook(write_register(tmp_path / "r.xlsx", today=TODAY))
    assert book.sheetnames == list(COLUMNS)
    check_dates(book, [name for name in COLUMNS if name != "整改"])


def test_the_rectification_sheet_holds_real_dates(actor, tmp_path):
    from xinyi_desktop.demo import build_demo

    build_demo(actor, cases=160, today=TODAY)
    add_sanctions(actor, TODAY)
    book = openpyxl.load_workbook(write_register(tmp_path / "r.xlsx", today=TODAY))
    check_dates(book, ["整改"])


def case_nos(condition) -> set[str]:
    return {c.case_no for c in Case.select() if condition(c)}


def defendants_of(case_no: str) -> set[int]:
    return {
        p.agency_id
        for p in CaseParty.select()
        .join(Case)
        .where((Case.case_no == case_no) & (CaseParty.role == "defendant"))
    }


def filters():
    agency = Agency.get(Agency.name == "新沂市教育局")  # a co-defendant in listed cases
    return [
        (CaseFilter(year=2025), lambda c: c.year == 2025, None),
        (CaseFilter(stage="dishonest"), lambda c: c.stage == "dishonest", None),
        (CaseFilter(agency_id=agency.id), lambda c: agency.id in defendants_of(c.case_no), agency),
    ]


def test_every_sheet_keeps_to_the_year_stage_and_agency_filters(office, tmp_path):
    for flt, matches, agency in filters():
        book = openpyxl.load_workbook(write_register(tmp_path / "f.xlsx", flt, today=TODAY))
        wanted = case_nos(matches)
        assert wanted, flt
        got = {r["案号"].value for r in rows_of(book, "案件")}
        assert got == wanted, flt
        for row in rows_of(book, "败诉案件"):
            assert {row["案号"].value, row["执行案号"].value} & wanted, flt
        # the listed agencies: defendants of the filtered listed cases, only the one named
        listed_cases = {no for no in wanted if Case.get(Case.case_no == no).listed_on}
        expected = {a for no in listed_cases for a in defendants_of(no)}
        if agency is not None:
            expected = {agency.id}
        names = {Agency.get_by_id(a).name for a in expected}
        assert {r["单位名称"].value for r in rows_of(book, "失信单位")} == names, flt
        for row in rows_of(book, "失信单位"):
            assert set(row["相关案号"].value.split("、")) <= listed_cases, flt
        # letters: about the filtered cases, and to the agency named (or to no agency)
        letters = set()
        for link in DocumentCase.select().join(Case):
            document = link.document
            if link.case.case_no in wanted and (
                agency is None or document.agency_id in (agency.id, None)
            ):
                letters.add(document.doc_no)
        assert letters or agency is None, flt  # the agency's letters compared
        assert {r["文号"].value for r in rows_of(book, "发文登记")} == letters, flt
        if agency is not None:
            recipients = {r["收文单位"].value for r in rows_of(book, "发文登记")}
            assert recipients == {agency.name}
        for name in ("期限", "整改"):
            rows = rows_of(book, name)
            assert {r["案号"].value for r in rows} <= wanted, (flt, name)


def test_letters_dates_and_agencies_on_an_agency_filtered_export(office, tmp_path):
    """The review's run: --agency 新沂市公安局 listed three agencies in 失信单位."""
    agency = Agency.get(Agency.name == "新沂市教育局")
    flt = CaseFilter(agency_id=agency.id)
    book = openpyxl.load_workbook(write_register(tmp_path / "a.xlsx", flt, today=TODAY))
    (row,) = rows_of(book, "失信单位")
    assert row["单位名称"].value == "新沂市教育局"
    assert row["首次列入日期"].is_date
    issued = {d.doc_no: d.issued_on for d in Document.select()}
    for letter in rows_of(book, "发文登记"):
        assert letter["成文日期"].value.date() == issued[letter["文号"].value]


def test_a_formula_like_office_name_stays_text_in_the_title_rows(actor, make_case, tmp_path):
    from xinyi_desktop.reports.monthly import build_report
    from xinyi_desktop.reports.monthly_files import write_xlsx
    from xinyi_desktop.rules.report_rules import Month
    from xinyi_desktop.settings import set_setting

    typed = '=HYPERLINK("http://example.com","点此")'
    set_setting(actor, "office.name", typed)
    make_case("（2026）苏0381行初3号", filed_on=dt.date(2026, 11, 2))
    register_book = openpyxl.load_workbook(write_register(tmp_path / "r.xlsx", today=TODAY))
    monthly = write_xlsx(build_report(Month(2026, 11), TODAY), tmp_path / "m.xlsx")
    for book in (register_book, openpyxl.load_workbook(monthly)):
        for sheet in book:
            title = sheet["A1"]
            assert title.value.startswith(typed), sheet.title
            assert title.data_type == "s" and title.quotePrefix, sheet.title
