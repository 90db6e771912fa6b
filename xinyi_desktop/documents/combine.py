"""One document for printing a batch: the letters one after another, each its own section
(so each keeps its first-page layout and its page numbers start again at 1), each section
starting on an odd page, so that printed on both sides every letter begins a new sheet
(Word and LibreOffice put in the blank page a letter with an odd page count leaves)."""

from __future__ import annotations

import copy
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


def combine(files: list[Path], target: Path) -> Path:
    """Write ``files`` (made from one template) into ``target`` and return it."""
    base = open_docx(str(files[0]))
    body = base.element.body
    final = body.find(qn("w:sectPr"))
    _restart_numbers(final)
    for path in files[1:]:
        # Close the section so far with a copy of the section properties …
        ender = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        spacing = OxmlElement("w:spacing")  # a paragraph that takes (almost) no room
        for name, value in (("before", "0"), ("after", "0"), ("line", "20"), ("lineRule", "exact")):
            spacing.set(qn(f"w:{name}"), value)
        ppr.append(spacing)
        ppr.append(copy.deepcopy(final))
        ender.append(ppr)
        final.addprevious(ender)
        # … then the next letter's body.
        other = open_docx(str(path))
        for element in other.element.body:
            if element.tag != qn("w:sectPr"):
                final.addprevious(copy.deepcopy(element))
    for index, section in enumerate(base.sections):
        # The first starts the document (LibreOffice shows the first-page header on every
        # page of a first section typed oddPage); each later letter starts on an odd page.
        section.start_type = WD_SECTION_START.ODD_PAGE if index else WD_SECTION_START.NEW_PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    base.save(str(target))
    return target
