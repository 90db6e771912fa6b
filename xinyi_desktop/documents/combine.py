"""One document for printing a batch: the letters one after another, each its own section
(so each keeps its first-page layout — ``titlePg`` and its first-page header in every
section — and its page numbers start again at 1), each letter starting on an odd page, so
that printed on both sides every letter begins a new sheet.

How a letter comes to start on an odd page:

* With the letters' page counts (``page_count``, given by the program's own layout of the
  .docx, ``ui.docx_print.page_count``): every section starts on the next page, and after a
  letter that leaves the document on an odd page comes a blank page of its own — a section
  of one empty paragraph with empty headers and footers, so it carries no number and no
  letterhead. Word, WPS and LibreOffice print the same pages, and a PDF keeps the blanks.
* Without them: each later section is typed ``oddPage`` and the office suite inserts the
  blank page. Word does this right; LibreOffice (7.x) makes the first-page style of such a
  section follow itself, so the letterhead is printed again on the letter's second page.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

from docx import Document as open_docx
from docx.enum.section import WD_SECTION_START
from docx.oxml import OxmlElement
from docx.oxml.ns import qn


def _restart_numbers(sect_pr) -> None:
    numbering = sect_pr.find(qn("w:pgNumType"))
    if numbering is None:
        numbering = OxmlElement("w:pgNumType")
        # pgNumType sits after pgMar/pgSz; before cols/titlePg/docGrid is valid enough
        anchors = (sect_pr.find(qn("w:cols")), sect_pr.find(qn("w:docGrid")))
        anchor = next((a for a in anchors if a is not None), None)
        if anchor is not None:
            anchor.addprevious(numbering)
        else:
            sect_pr.append(numbering)
    numbering.set(qn("w:start"), "1")


def _ender(sect_pr):
    """A paragraph that takes (almost) no room and closes a section with ``sect_pr``."""
    ender = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
        spacing.set(qn(f"w:{name}"), value)
    ppr.append(spacing)
    ppr.append(sect_pr)
    ender.append(ppr)
    return ender


def _blank_section(base, final):
    """The section properties of a blank page: the letters' page, empty headers (the
    letters' own running headers are empty) and empty footers, no first page of its own."""
    sect_pr = copy.deepcopy(final)
    for child in list(sect_pr):
        tag = child.tag
        if tag in (qn("w:titlePg"), qn("w:type"), qn("w:pgNumType")) or (
            tag == qn("w:headerReference") and child.get(qn("w:type")) == "first"
        ):
            sect_pr.remove(child)
        elif tag == qn("w:footerReference"):
            sect_pr.remove(child)
    blank, rel_id = base.part.add_footer_part()
    first_header = sect_pr.find(qn("w:headerReference"))
    for kind in ("default", "even"):
        reference = OxmlElement("w:footerReference")
        reference.set(qn("w:type"), kind)
        reference.set(qn("r:id"), rel_id)
        if first_header is not None:
            first_header.addprevious(reference)
        else:
            sect_pr.insert(0, reference)
    return sect_pr


def combine(
    files: list[Path], target: Path, page_count: Callable[[Path], int] | None = None
) -> Path:
    """Write ``files`` (made from one template) into ``target`` and return it;
    ``page_count``: how many pages each file takes (see the module's note)."""
    base = open_docx(str(files[0]))
    body = base.element.body
    final = body.find(qn("w:sectPr"))
    _restart_numbers(final)
    pages = page_count(files[0]) if page_count else 0
    blanks: set[int] = set()  # indexes of the blank-page sections
    sections = 1
    for path in files[1:]:
        # Close the section so far with a copy of the section properties …
        final.addprevious(_ender(copy.deepcopy(final)))
        if page_count and pages % 2:
            final.addprevious(_ender(_blank_section(base, final)))
            blanks.add(sections)
            sections += 1
            pages += 1
        sections += 1
        # … then the next letter's body.
        other = open_docx(str(path))
        for element in other.element.body:
            if element.tag != qn("w:sectPr"):
                final.addprevious(copy.deepcopy(element))
        if page_count:
            pages += page_count(path)
    for index, section in enumerate(base.sections):
        # The first starts the document (LibreOffice shows the first-page header on every
        # page of a first section typed oddPage); each later letter starts on the next page
        # (its blank page before it) or, without page counts, on the next odd page.
        odd = index and not page_count and index not in blanks
        section.start_type = WD_SECTION_START.ODD_PAGE if odd else WD_SECTION_START.NEW_PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    base.save(str(target))
    return target
