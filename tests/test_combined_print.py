"""The combined print file of a batch: every letter with its letterhead on its first page
only, its own page numbers, and starting on a new sheet when printed on both sides — in
Word's terms (the XML) and as LibreOffice renders it."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document as open_docx
from docx.enum.section import WD_SECTION_START
from docx.oxml.ns import qn

from tests.test_letter_layout import ink_bands, needs_office, page_count, page_text, render
from tests.test_letters import TODAY, overdue_case
from xinyi_desktop.services import letters


def combined(actor, plans):
    from ui.docx_print import page_count as qt_pages

    result = letters.run(letters.generate(actor, plans, combined=True, page_count=qt_pages))
    return result, [qt_pages(d) for d in _files(result)]


def _files(result):
    from xinyi_desktop.services import documents as register

    return [register.file_of(d) for d in result.documents]


@pytest.fixture
def reminders(qapp, actor, make_case):
    cases = [
        make_case(f"(2026)苏0381行初{i}号", plaintiffs=["李娜"], filed_on=TODAY) for i in (1, 2, 3)
    ]
    plans, _ = letters.plan_case_batch("reminder", [c.id for c in cases], issued_on=TODAY)
    return combined(actor, plans)


@pytest.fixture
def notices(qapp, actor, make_case, office_contact):
    """Three 告知函 with their list: three pages each."""
    from xinyi_desktop.services.sanction_steps import approve_listings
    from xinyi_desktop.store.sanction_models import Listing

    overdue_case(actor, make_case)
    letters.run(letters.generate(actor, letters.plan_escalation("request", issued_on=TODAY)))
    approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    plans = letters.plan_escalation("sanction_notice", issued_on=TODAY)[:3]
    return combined(actor, plans)


def test_every_letter_section_has_its_first_page_and_a_blank_page_has_none(notices):
    result, pages = notices
    assert pages == [3, 3, 3]
    sections = open_docx(str(result.combined)).sections
    letters_, blanks = sections[::2], sections[1::2]
    assert len(letters_) == 3 and len(blanks) == 2
    for section in sections:
        assert section.start_type == WD_SECTION_START.NEW_PAGE
    for section in letters_:  # Word: titlePg in each letter's own section, numbers from 1
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert "发文机关" not in section.first_page_header._element.xml  # filled in
    for section in blanks:
        assert not section.different_first_page_header_footer
        for footer in (section.footer, section.even_page_footer):
            assert not footer.is_linked_to_previous and "PAGE" not in footer._element.xml


def test_without_page_counts_each_later_letter_starts_on_an_odd_page(actor, make_case):
    cases = [
        make_case(f"(2026)苏0381行初{i}号", plaintiffs=["李娜"], filed_on=TODAY) for i in (1, 2)
    ]
    plans, _ = letters.plan_case_batch("reminder", [c.id for c in cases], issued_on=TODAY)
    result = letters.run(letters.generate(actor, plans, combined=True))
    starts = [s.start_type for s in open_docx(str(result.combined)).sections]
    assert starts == [WD_SECTION_START.NEW_PAGE, WD_SECTION_START.ODD_PAGE]


def has_letterhead(pdf, page) -> bool:
    return any(b[0] < 40 for b in ink_bands(pdf, page, red=True))


@needs_office
def test_libreoffice_prints_the_letterhead_on_each_letters_first_page_only(
    reminders, notices, tmp_path
):
    for (result, pages), name in ((reminders, "reminders"), (notices, "notices")):
        copy = tmp_path / f"{name}.docx"
        copy.write_bytes(result.combined.read_bytes())
        (pdf,) = render([copy], tmp_path)
        starts, page = [], 1
        for count in pages:
            starts.append(page)
            page += count + count % 2
        assert page_count(pdf) == starts[-1] + pages[-1] - 1
        for start, count in zip(starts, pages, strict=True):
            assert start % 2 == 1  # a new sheet
            assert has_letterhead(pdf, start)
            assert "—1—" not in page_text(pdf, start)
            for n in range(1, count):
                assert not has_letterhead(pdf, start + n), (name, start + n)
                assert f"—{n + 1}—" in page_text(pdf, start + n)
            if count % 2 and start + count <= page_count(pdf):
                blank = start + count  # the back of the letter's last sheet: nothing on it
                assert page_text(pdf, blank).strip() == "" and not ink_bands(pdf, blank, False)


def test_the_letter_dialog_passes_the_page_counts(qtbot, actor, make_case, answers, monkeypatch):
    from ui.dialogs.letter_dialog import LetterDialog

    case = make_case(
        "(2026)苏0381行初21号",
        plaintiffs=["王伟"],
        filed_on=TODAY,
        defendants=["新沂市棋盘镇人民政府", "新沂市财政局"],
    )
    seen = {}
    real = letters.generate

    def spy(actor, plans, **kw):
        seen.update(kw)
        return real(actor, plans, **kw)

    monkeypatch.setattr(letters, "generate", spy)
    dialog = LetterDialog(actor, case.id, kind="reminder")
    qtbot.addWidget(dialog)
    dialog.date_edit.set_date(dt.date.today())
    dialog.apply()
    assert seen["combined"] and callable(seen["page_count"])
