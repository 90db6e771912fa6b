"""A generated .docx laid out with Qt alone, page by page, as Word lays out our templates:
the GB/T 9704 text area at 28.95 pt a line; the 信函 head (red sender and double rule) in
the first-page header at its own distance from the top, the lower red rule 20 mm from the
bottom; paragraph rules (170 mm 信函 rules, 版记 rules) drawn thick or thin as Word draws
them; keep-with-next (the signature never alone on a page); tables at their column widths,
the header row repeated and no row cut across two pages; the 版记 or 抄送 (a frame at the
foot of the text area) at the foot of the last page, numbered like every page with
something on it (GB/T 9704 §7.4, §7.5).
"""

from __future__ import annotations

import json
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QTextDocument

from ui.docx_flow import Flow
from ui.docx_props import (
    FALLBACKS,
    LATIN_FALLBACKS,
    MM,
    RULES,
    Styles,
    content_height,
    ppr_props,
)

MAX_PASSES = 60  # page breaks moved one at a time; a document needs one or two per page


class DocxLayout:
    """A generated .docx laid out for painting; ``scale`` is device pixels per point."""

    def __init__(self, path: Path, scale: float) -> None:
        self.path, self.scale = Path(path), scale
        self.source = open_docx(str(path))
        section = self.source.sections[0]
        self.page_w, self.page_h = section.page_width.mm, section.page_height.mm
        self.top, self.bottom = section.top_margin.mm, section.bottom_margin.mm
        self.left, self.right = section.left_margin.mm, section.right_margin.mm
        self.text_w = self.page_w - self.left - self.right
        self.text_h = self.page_h - self.top - self.bottom
        self.letter_head = section.different_first_page_header_footer
        self.numbered = "PAGE" in section.footer._element.xml
        self.numbered_first = not self.letter_head
        self.styles = Styles(self.source)
        self.head = self.foot = self.frame = None
        self.head_top = section.header_distance.mm
        self.foot_bottom = section.footer_distance.mm
        if self.letter_head:  # 信函: the red sender and rules of the first-page header and footer
            self.head = self._flow_of(section.first_page_header.paragraphs)
            self.foot = self._flow_of(section.first_page_footer.paragraphs)
        children = [c for c in self.source.element.body if c.tag in (qn("w:p"), qn("w:tbl"))]
        frames = [c for c in children if c.tag == qn("w:p") and "frame" in ppr_props(c.pPr)]
        if frames:
            self.frame = self._flow_of([Paragraph(c, self.source) for c in frames])
        self._content = [c for c in children if not any(c is f for f in frames)]
        self.paragraph_breaks: set[int] = set()
        self.row_breaks: set[tuple[int, int]] = set()
        for _ in range(MAX_PASSES):
            self._build()
            if not self._move_one():
                break
        self.pages = self.document.pageCount()
        self.frame_page = self._frame_page() if self.frame is not None else None

    def font(self, props: dict, latin: bool = False) -> QFont:
        """The run's font; ``latin``: for ASCII text, which Word sets in the run's Latin
        font (w:ascii), falling back to the East Asian one."""
        merged = {**self.styles.defaults, **props}
        font = QFont()
        name = merged.get("font", "仿宋_GB2312")
        families = FALLBACKS.get(name, [name])
        if latin and merged.get("latin"):
            families = LATIN_FALLBACKS.get(merged["latin"], [merged["latin"]]) + families
        if latin:
            # Where ASCII falls back to a Pan-CJK font (Noto CJK), its localised forms swap
            # the digits of a mixed run such as 11320381483404926H for glyphs Qt's PDF
            # writer maps to no character: the code would vanish from the PDF's text
            # (search, copy). A Latin font has no localised forms for ASCII anyway.
            font.setFeature(QFont.Tag("locl"), 0)
        font.setFamilies(families)
        font.setPixelSize(max(1, round(merged.get("size", 16) * self.scale)))
        font.setBold(bool(merged.get("bold")))
        if merged.get("letter_spacing"):
            font.setLetterSpacing(
                QFont.SpacingType.AbsoluteSpacing, merged["letter_spacing"] * self.scale
            )
        return font

    def _flow_of(self, paragraphs) -> Flow:
        flow = Flow(self, self.text_w * MM, 10_000)
        for paragraph in paragraphs:
            flow.paragraph(paragraph)
        return flow

    def _build(self) -> None:
        """The body, with the page breaks found so far."""
        self.body = Flow(self, self.text_w * MM, self.text_h * MM)
        self.document = self.body.document
        if self.head is not None:
            overflow = self.head_top * MM + self.head.height() - self.top * MM
            if overflow > 0:
                self.body.spacer(overflow)
        paragraphs = tables = 0
        for child in self._content:
            if child.tag == qn("w:p"):
                brk = paragraphs in self.paragraph_breaks
                self.body.paragraph(Paragraph(child, self.source), paragraphs, break_before=brk)
                paragraphs += 1
            else:
                breaks = {row for table, row in self.row_breaks if table == tables}
                self.body.table(Table(child, self.source), tables, breaks)
                tables += 1

    # -- pagination ---------------------------------------------------------------------
    def _page_of_y(self, y: float) -> int:
        return int(y // (self.text_h * MM * self.scale))

    def _top(self, block) -> float:
        return self.document.documentLayout().blockBoundingRect(block).top()

    def _move_one(self) -> bool:
        """What Qt's own pagination does not know, as Word does it: a chain of paragraphs
        marked keep-with-next that a page break cuts moves whole to the next page (the
        signature never alone), and a row that must not be cut moves whole too. The first
        such place is moved; True if there was one."""
        start = None
        for number, keep, index in self.body.top_blocks:
            if number is None:  # a chain does not reach over a table
                start = None
                continue
            block = self.document.findBlockByNumber(number)
            if keep and start is None:
                start = (block, index)
            if keep or start is None:
                continue
            if self._page_of_y(self._top(start[0])) != self._page_of_y(self._top(block)):
                if start[1] not in self.paragraph_breaks:
                    self.paragraph_breaks.add(start[1])
                    return True
            start = None
        for table, row, index, source in self.body.whole_rows:
            cells = [table.cellAt(row, c) for c in range(table.columns())]
            top = min(self._edge(cell.firstCursorPosition().block(), False) for cell in cells)
            bottom = max(self._edge(cell.lastCursorPosition().block(), True) for cell in cells)
            if self._page_of_y(top) != self._page_of_y(bottom - 1):
                if (index, source) not in self.row_breaks:
                    self.row_breaks.add((index, source))
                    return True
        return False

    def _edge(self, block, bottom: bool) -> float:
        """The top of a block's first line or the bottom of its last, where Qt put them."""
        top = self._top(block)  # lays the block out if Qt has not yet
        lines = block.layout()
        if lines.lineCount() == 0:
            return top
        line = lines.lineAt(lines.lineCount() - 1 if bottom else 0)
        return top + line.y() + (line.height() if bottom else 0)

    def _frame_page(self) -> int:
        """The frame (版记 or 抄送) goes to the foot of the last page, or of a page added
        when the last one has no room at its foot — where Word and LibreOffice put it: on
        its anchor's page, the last (GB/T 9704 §7.4: 版记 "位于公文最后一面版心内最下方").
        Printed on both sides, a document ending on an odd page has a blank back; that side
        is not a page of the file and carries no number."""
        height = self.frame.height() * self.scale
        page_h = self.text_h * MM * self.scale
        used = self.body.height() * self.scale - (self.pages - 1) * page_h
        page = self.pages - 1 if used <= page_h - height else self.pages
        self.pages = max(self.pages, page + 1)
        return page

    def page_count(self) -> int:
        return self.pages

    # -- painting -------------------------------------------------------------------------
    def _paint_rules(self, painter: QPainter, document: QTextDocument, clip: QRectF) -> None:
        s = self.scale
        layout, width = document.documentLayout(), document.pageSize().width()
        block = document.begin()
        while block.isValid():
            fmt = block.blockFormat()
            rect = layout.blockBoundingRect(block)
            if fmt.hasProperty(RULES) and clip.top() <= rect.top() < clip.bottom():
                bottom = rect.top() + content_height(block)
                for side, parts, space, colour, left, right in json.loads(fmt.property(RULES)):
                    x0, x1 = left * s, width - right * s  # from indent to indent, as Word
                    for offset, thick in parts:
                        if side == "fill":  # the paragraph's own box (a 版记 rule)
                            y = rect.top() + offset * s
                        elif side == "top":
                            y = rect.top() - (space + offset + thick) * s
                        else:
                            y = bottom + (space + offset) * s
                        painter.fillRect(QRectF(x0, y, x1 - x0, thick * s), QColor(colour))
            block = block.next()

    def _paint_flow(self, painter: QPainter, flow: Flow, x: float, y: float) -> None:
        painter.save()
        painter.translate(x, y)
        flow.document.drawContents(painter, QRectF(0, 0, flow.document.pageSize().width(), 1e7))
        self._paint_rules(painter, flow.document, QRectF(-1e6, 0, 2e6, 1e7))
        painter.restore()

    def paint_page(self, painter: QPainter, index: int, origin: QPointF) -> None:
        """Paint page ``index`` with its top-left corner at ``origin`` (device pixels)."""
        s = self.scale * MM
        height = self.text_h * s
        left, top = origin.x() + self.left * s, origin.y() + self.top * s
        if index < self.document.pageCount():
            painter.save()
            painter.translate(left, top - index * height)
            # clipped to the page's height, not to the text area's width: a table as wide as
            # the text area has its outer borders on the edge (half of each line outside)
            page = QRectF(-self.left * s, index * height, self.page_w * s, height)
            self.document.drawContents(painter, page)
            self._paint_rules(painter, self.document, QRectF(0, index * height, 1, height))
            painter.restore()
        if index == 0 and self.head is not None:
            self._paint_flow(painter, self.head, left, origin.y() + self.head_top * s)
        if index == 0 and self.foot is not None:
            bottom = origin.y() + (self.page_h - self.foot_bottom) * s
            self._paint_flow(painter, self.foot, left, bottom - self.foot.height() * self.scale)
        if index == self.frame_page:
            foot = top + height - self.frame.height() * self.scale
            self._paint_flow(painter, self.frame, left, foot)
        number = index + 1  # a page added for the 版记 carries it, and so its number (§7.5)
        if self.numbered and (number > 1 or self.numbered_first):
            painter.setFont(self.font({"font": "宋体", "size": 14, "letter_spacing": 0}))
            y = origin.y() + (self.page_h - self.bottom + 7) * s
            box = QRectF(origin.x() + (self.left + 4.9) * s, y, (self.text_w - 9.8) * s, 8 * s)
            align = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
            painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, f"— {number} —")
