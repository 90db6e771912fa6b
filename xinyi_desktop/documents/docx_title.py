"""A generated document's title (公文标题) broken into lines (GB/T 9704 §7.3.3): the lines
chosen by ``rules.title_lines`` are written as w:br into the title paragraph, so Word, WPS,
LibreOffice and the program's own layout all show the same lines."""

from __future__ import annotations

import copy
from itertools import accumulate

from docx.oxml.ns import qn

from xinyi_desktop.documents.catalog import title_breaks
from xinyi_desktop.documents.docx_text import (
    PLACEHOLDER,
    W_T,
    owning_paragraph,
    paragraph_texts,
    placeholder_name,
)
from xinyi_desktop.rules.title_lines import Segment, chars_per_line, title_lines

W_BR, W_CR = qn("w:br"), qn("w:cr")
TITLE_STYLE = "公文标题"
# GB/T 9704 §5.2.1 text area and §7.3.3 title size, for a template that does not say.
TEXT_WIDTH_MM, TITLE_PT = 156.0, 22.0


def title_width(document, names: dict[str, str]) -> int:
    """Title characters a line holds: the first section's text width over the title size."""
    width_mm, size_pt = TEXT_WIDTH_MM, TITLE_PT
    try:
        section = document.sections[0]
        if section.page_width and section.left_margin is not None:
            width_mm = (section.page_width - section.left_margin - section.right_margin) / 36000
        style_id = next((i for i, n in names.items() if n == TITLE_STYLE), None)
        style = document.styles.element.get_by_id(style_id) if style_id else None
        size = style.rPr.sz_val if style is not None and style.rPr is not None else None
        if size is not None:
            size_pt = size.pt
    except (AttributeError, IndexError, TypeError, ValueError):
        pass
    return chars_per_line(width_mm, size_pt)


def title_segments(paragraph, values: dict[str, str]) -> list[Segment] | None:
    """The title as template text and filled values; None when the clerk broke it by hand."""
    if any(owning_paragraph(e) is paragraph for e in paragraph.iter(W_BR, W_CR)):
        return None
    joined = "".join(t.text or "" for t in paragraph_texts(paragraph))
    segments, at = [], 0
    for match in PLACEHOLDER.finditer(joined):
        value = values.get(placeholder_name(match.group(1)), "")
        if "\n" in value:
            return None
        segments += [Segment(joined[at : match.start()]), Segment(value, filled=True)]
        at = match.end()
    segments.append(Segment(joined[at:]))
    return [s for s in segments if s.text]


def break_title(paragraph, segments: list[Segment], width: int) -> None:
    """Write the title's lines as line breaks (w:br) in its runs, so Word, WPS, LibreOffice
    and the program's own layout all show the same lines; each run keeps its formatting."""
    lines = title_lines(segments, width, title_breaks())
    texts = paragraph_texts(paragraph)
    if len(lines) < 2 or "".join(t.text or "" for t in texts) != "".join(lines):
        return
    offsets = list(accumulate(len(line) for line in lines[:-1]))
    for offset in reversed(offsets):
        start = 0
        for t in paragraph_texts(paragraph):
            text = t.text or ""
            if start < offset <= start + len(text):
                _split_text(t, offset - start)
                break
            start += len(text)


def _split_text(t, at: int) -> None:
    """Break the line after ``t.text[:at]``: w:t, w:br, w:t within the same run."""
    text = t.text or ""
    t.text = text[:at]
    br = t.makeelement(W_BR, {})
    t.addnext(br)
    if text[at:]:
        rest = copy.deepcopy(t)
        rest.text = text[at:]
        br.addnext(rest)
    for element in (t, br.getnext()):
        if element is not None and element.tag == W_T:
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
