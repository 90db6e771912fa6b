"""One QTextDocument filled from docx paragraphs and tables — the body of a page, the
first-page header or footer, or a frame — in the properties ``ui.docx_props`` reads."""

from __future__ import annotations

import json
import re

from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from PySide6.QtCore import QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextOption,
    QTextTableFormat,
)

from ui.docx_props import (
    ALIGN,
    CELL_PADDING,
    FIXED,
    GRID_PITCH,
    MINIMUM,
    RULES,
    content_height,
    ppr_props,
    rpr_props,
    rule_lines,
    twips,
)

ALWAYS_BEFORE = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
ASCII_RUNS = re.compile(r"[\x20-\x7e]+|[^\x20-\x7e]+")


class Flow:
    """Paragraphs and tables laid out ``width`` points wide on pages ``height`` high."""

    def __init__(self, layout, width: float, height: float) -> None:
        self.layout = layout  # the DocxLayout: styles and fonts
        self.scale = layout.scale
        self.document = QTextDocument()
        self.document.setDocumentMargin(0)
        self.document.setPageSize(QSizeF(width * self.scale, height * self.scale))
        self.document.setDefaultFont(layout.font({}))
        self.cursor = QTextCursor(self.document)
        self.first = True
        self.pending_break = False  # a w:br page in the last paragraph
        # (block number, keep with next, paragraph index); None between tables' paragraphs
        self.top_blocks: list[tuple[int | None, bool, int]] = []
        # rows that must not be cut (cantSplit): (QTextTable, row, table index, docx row)
        self.whole_rows: list[tuple] = []

    # -- properties to Qt formats ------------------------------------------------------
    def block_format(self, props: dict) -> QTextBlockFormat:
        s = self.scale
        fmt = QTextBlockFormat()
        fmt.setAlignment(ALIGN.get(props.get("align", "both"), Qt.AlignmentFlag.AlignJustify))
        fmt.setTextIndent(props.get("firstLine", 0) * s)
        fmt.setLeftMargin(max(props.get("left", 0), 0) * s)
        fmt.setRightMargin(max(props.get("right", 0), 0) * s)
        line, rule = props.get("line"), props.get("line_rule", "auto")
        if line is not None and rule == "exact":
            fmt.setLineHeight(line * s, FIXED)
        elif line is not None and rule == "atLeast":
            fmt.setLineHeight(line * s, MINIMUM)
        elif props.get("grid", True):
            fmt.setLineHeight(GRID_PITCH * s, MINIMUM)
        top, bottom = props.get("before", 0), props.get("after", 0)
        rules = []
        indents = (props.get("left", 0), props.get("right", 0))
        for side, (style, width, space, colour) in props.get("borders", {}).items():
            lines = rule_lines(style, width)
            if side not in ("top", "bottom") or not lines:
                continue
            rules.append([side, lines, space, colour, *indents])
            extent = space + max(offset + thick for offset, thick in lines)
            top, bottom = (top + extent, bottom) if side == "top" else (top, bottom + extent)
        if props.get("shade") and line is not None:  # a filled paragraph: a bar its height
            rules.append(["fill", [[0.0, line]], 0, props["shade"], *indents])
        fmt.setTopMargin(top * s)
        fmt.setBottomMargin(bottom * s)
        if rules:
            fmt.setProperty(RULES, json.dumps(rules))
        if props.get("tabs"):  # Word counts from the text area's edge, Qt from the indent
            indent = max(props.get("left", 0), 0)
            fmt.setTabPositions(
                [
                    QTextOption.Tab((pos - indent) * s, QTextOption.TabType.RightTab)
                    for pos in props["tabs"]
                ]
            )
        if props.get("break_before"):
            fmt.setPageBreakPolicy(ALWAYS_BEFORE)
        return fmt

    def char_format(self, props: dict, latin: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setFont(self.layout.font(props, latin))
        if "color" in props:
            fmt.setForeground(QBrush(QColor(props["color"])))
        return fmt

    def _props(self, paragraph: Paragraph) -> dict:
        props = self.layout.styles.props(paragraph.style)
        props.update(ppr_props(paragraph._p.pPr))
        tabs = paragraph._p.pPr.find(qn("w:tabs")) if paragraph._p.pPr is not None else None
        props["tabs"] = [twips(t, "pos") for t in tabs] if tabs is not None else []
        return props

    # -- content ----------------------------------------------------------------------
    def paragraph(self, paragraph: Paragraph, index: int = -1, *, break_before=False) -> None:
        """A top-level paragraph (``index``: its place among the body's paragraphs)."""
        props = self._props(paragraph)
        if break_before or self.pending_break:
            props["break_before"] = True
            self.pending_break = False
        if self.first:
            self.cursor.setBlockFormat(self.block_format(props))
            self.first = False
        else:
            self.cursor.insertBlock(self.block_format(props))
        self.pending_break = self._runs(paragraph, props, self.cursor)
        self.top_blocks.append((self.cursor.block().blockNumber(), bool(props.get("keep")), index))

    def _cell_paragraph(self, paragraph: Paragraph, cursor, first: bool) -> None:
        props = self._props(paragraph)
        if first:
            cursor.setBlockFormat(self.block_format(props))
        else:
            cursor.insertBlock(self.block_format(props))
        self._runs(paragraph, props, cursor)

    def _runs(self, paragraph: Paragraph, props: dict, cursor) -> bool:
        """Insert the paragraph's text; True if it ends in a page break."""
        ppr = paragraph._p.pPr
        mark = {**props, **rpr_props(ppr.find(qn("w:rPr")) if ppr is not None else None)}
        cursor.setCharFormat(self.char_format(mark))  # an empty line keeps its mark's font
        page_break = False
        for run in paragraph._p.iter(qn("w:r")):
            text = []
            for child in run:
                tag = child.tag.split("}")[1]
                if tag == "t":
                    text.append(child.text or "")
                elif tag == "tab":
                    text.append("\t")
                elif tag == "br" and child.get(qn("w:type")) == "page":
                    page_break = True
                elif tag == "br":
                    text.append("\u2028")
            if text:
                run_props = {**props, **rpr_props(run.find(qn("w:rPr")))}
                # ASCII in the Latin font, the rest in the East Asian one, as Word does
                for part in ASCII_RUNS.findall("".join(text)):
                    latin = " " <= part[0] <= "~"
                    cursor.insertText(part, self.char_format(run_props, latin))
        return page_break

    def table(self, table: Table, index: int, breaks: set[int]) -> None:
        """The table at its column widths, centred, its header rows repeated on each page;
        a row in ``breaks`` starts a new page (the table goes on there, header first)."""
        rows = list(table.rows)
        header = 0
        for row in rows:
            if row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
                break
            header += 1
        cuts = [r for r in sorted(breaks) if header < r < len(rows)]
        starts = [header, *cuts]
        for number, (start, end) in enumerate(zip(starts, [*cuts, len(rows)], strict=True)):
            part = [*range(header), *range(start, end)]
            self._table_part(table, rows, part, header, index, new_page=number > 0)
        self.top_blocks.append((None, False, -1))  # keep-with-next does not reach over it

    def _table_part(self, table, rows, part: list[int], header: int, index: int, new_page):
        s = self.scale
        grid = [int(c.get(qn("w:w"))) / 20 for c in table._tbl.tblGrid.iter(qn("w:gridCol"))]
        fmt = QTextTableFormat()
        fmt.setBorder(0.5 * s)
        fmt.setBorderCollapse(True)
        fmt.setBorderBrush(QBrush(QColor("black")))
        fmt.setCellPadding(0)
        fmt.setCellSpacing(0)
        fmt.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        fmt.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.FixedLength, w * s) for w in grid]
        )
        fmt.setHeaderRowCount(header)
        if new_page:
            fmt.setPageBreakPolicy(ALWAYS_BEFORE)
        self.first = False  # (a table first in the flow leaves Qt's first block empty)
        qt_table = self.cursor.insertTable(len(part), len(grid), fmt)
        merged = []
        for r, source in enumerate(part):
            row = rows[source]
            trpr = row._tr.find(qn("w:trPr"))
            if trpr is not None and trpr.find(qn("w:cantSplit")) is not None and r >= header:
                self.whole_rows.append((qt_table, r, index, source))
            height = trpr.find(qn("w:trHeight")) if trpr is not None else None
            minimum = int(height.get(qn("w:val"))) / 20 if height is not None else 0
            seen = []
            for c, cell in enumerate(row.cells):
                if seen and cell._tc is seen[-1][1]:
                    continue
                seen.append((c, cell._tc))
                qt_cell = qt_table.cellAt(r, c)
                cursor = qt_cell.firstCursorPosition()
                for i, paragraph in enumerate(cell.paragraphs):
                    self._cell_paragraph(paragraph, cursor, i == 0)
                self._cell_format(qt_cell, cell, minimum)
            for (start, _), (end, _) in zip(seen, [*seen[1:], (len(grid), None)], strict=True):
                if end - start > 1:
                    merged.append((r, start, end - start))
        for r, start, span in merged:
            qt_table.mergeCells(r, start, 1, span)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)

    def _cell_format(self, qt_cell, cell, minimum: float) -> None:
        """Word's cell margins, vertical centring, and a row at least ``minimum`` high (the
        tall 办理要求 and 反馈 rows): the content's estimated height padded out evenly."""
        s = self.scale
        fmt = qt_cell.format().toTableCellFormat()
        fmt.setLeftPadding(CELL_PADDING * s)
        fmt.setRightPadding(CELL_PADDING * s)
        if cell._tc.find(f"{qn('w:tcPr')}/{qn('w:vAlign')}") is not None:
            fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignMiddle)
        lines = sum(self._props(p).get("line") or GRID_PITCH for p in cell.paragraphs)
        pad = max(0.0, minimum - lines) / 2
        fmt.setTopPadding(pad * s)
        fmt.setBottomPadding(pad * s)
        qt_cell.setFormat(fmt)

    def spacer(self, points: float) -> None:
        """An empty block ``points`` high (the body pushed below a tall first-page head)."""
        fmt = QTextBlockFormat()
        fmt.setLineHeight(points * self.scale, FIXED)
        self.cursor.setBlockFormat(fmt)
        self.first = False

    def height(self) -> float:
        """The content's height in points."""
        block = self.document.lastBlock()
        top = self.document.documentLayout().blockBoundingRect(block).top()
        return (top + content_height(block) + block.blockFormat().bottomMargin()) / self.scale
