"""Templates the office edits: checked on load, kept apart from the shipped ones."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document as open_docx

from xinyi_desktop.documents.catalog import shipped_template, template_path
from xinyi_desktop.documents.engine import TemplateError
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.doc_numbers import check_prefix, format_doc_no, parse_doc_no
from xinyi_desktop.services import letters
from xinyi_desktop.services.templates import (
    check_template,
    copy_for_editing,
    install_template,
    restore_template,
)
from xinyi_desktop.store.document_models import Document


def edited(tmp_path, key: str, add: str, *, in_table: bool = False):
    doc = open_docx(str(shipped_template(key)))
    if in_table:
        doc.tables[0].rows[0].cells[1].paragraphs[0].add_run(add)
    else:
        paragraph = doc.paragraphs[-1]
        paragraph.add_run(add[:3])  # split over runs, as Word does
        paragraph.add_run(add[3:])
    path = tmp_path / f"{key}-edited.docx"
    doc.save(str(path))
    return path


@pytest.mark.parametrize(
    ("key", "added", "expected"),
    [
        ("reminder", "{{收文单住}}", "未知的占位符“{{收文单住}}”，是否应为“{{收文单位}}”"),
        ("reminder", "｛｛案号｝｝", "全角括号"),
        ("reminder", "{{案号}", "括号不成对"),
        ("reminder", "{{整改期限}}", "不能用于提醒函"),
        ("reminder", "{{名单.单位名称}}", "未知的占位符"),
        ("request", "{{名单.单位名称}}", "只能写在表格的一行中"),
        ("supervision", "{{ 案号 }}", None),  # spaces Word puts in are forgiven
    ],
)
def test_a_template_is_checked_and_problems_are_named(tmp_path, key, added, expected):
    check = check_template(key, edited(tmp_path, key, added))
    if expected is None:
        assert check.errors == []
    else:
        assert any(expected in e for e in check.errors), check.errors


def test_an_edited_template_is_used_never_overwrites_the_shipped_one_and_can_be_restored(
    tmp_path, actor, make_case
):
    shipped_bytes = shipped_template("reminder").read_bytes()
    source = edited(tmp_path, "reminder", "本函由{{发文机关}}发出。")
    install_template(actor, "reminder", source)
    assert template_path("reminder") != shipped_template("reminder")
    assert shipped_template("reminder").read_bytes() == shipped_bytes
    case = make_case("(2026)苏0381行初3号", plaintiffs=["李娜"], filed_on=dt.date(2026, 11, 2))
    plans = letters.plan_case_letter("reminder", case.id, issued_on=dt.date(2026, 11, 24))
    document = letters.run(letters.generate(actor, plans)).documents[0]
    from xinyi_desktop.services.documents import file_of

    text = "\n".join(p.text for p in open_docx(str(file_of(document))).paragraphs)
    assert "本函由新沂市信用办发出。" in text
    restore_template(actor, "reminder")
    assert template_path("reminder") == shipped_template("reminder")


def test_a_bad_template_is_refused_on_install_and_on_generation(tmp_path, actor, make_case):
    bad = edited(tmp_path, "reminder", "{{收文单住}}")
    with pytest.raises(TemplateError, match="收文单住"):
        install_template(actor, "reminder", bad)
    # edited in place in the user's folder (as Word saves it): refused before any number
    target = copy_for_editing("reminder")
    target.write_bytes(bad.read_bytes())
    case = make_case("(2026)苏0381行初3号", plaintiffs=["李娜"], filed_on=dt.date(2026, 11, 2))
    plans = letters.plan_case_letter("reminder", case.id, issued_on=dt.date(2026, 11, 24))
    with pytest.raises(TemplateError, match="是否应为“{{收文单位}}”"):
        letters.run(letters.generate(actor, plans))
    assert Document.select().count() == 0


@pytest.mark.parametrize(
    ("prefix", "year", "number", "text"),
    [("新信用函", 2026, 12, "新信用函〔2026〕12号"), ("新信用交", 2027, 1, "新信用交〔2027〕1号")],
)
def test_document_numbers_have_the_gb_form(prefix, year, number, text):
    assert format_doc_no(prefix, year, number) == text
    assert parse_doc_no(text) == (prefix, year, number)


@pytest.mark.parametrize(
    "text",
    ["新信用函[2026]12号", "新信用函〔26〕12号", "新信用函〔2026〕012号", "新信用函〔2026〕第12号"],
)
def test_malformed_numbers_do_not_parse(text):
    assert parse_doc_no(text) is None


@pytest.mark.parametrize("prefix", ["", "新信用函〔", "新信用 函", "新信用第"])
def test_a_prefix_that_would_spoil_the_number_is_refused(prefix):
    with pytest.raises(ValidationError):
        check_prefix(prefix)
