"""Print and make PDFs of generated documents without an office suite: the .docx read with
python-docx, laid out in a ``QTextDocument`` on the GB/T 9704 text area (156 × 225 mm at
28.95 pt a line), painted page by page with ``— n —`` page numbers. Used for the print
preview of sheets and lists and for 导出PDF; Word or WPS remain the way to print letters
exactly as the template lays them out.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn
from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextLength,
    QTextTableFormat,
)

MM = 72 / 25.4  # points per millimetre
PAGE_W, PAGE_H = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26
TEXT_W, TEXT_H = PAGE_W - LEFT - RIGHT, PAGE_H - TOP - BOTTOM
RULE_PROPERTY = 0x100000 + 1  # QTextFormat.UserProperty + 1: "style|#colour" of a rule
ALIGN = {
    "center": Qt.AlignmentFlag.AlignHCenter,
    "right": Qt.AlignmentFlag.AlignRight,
    "both": Qt.AlignmentFlag.AlignJustify,
    "left": Qt.AlignmentFlag.AlignLeft,
}
# Where the GB fonts are missing, the nearest ones a Windows or Linux office PC has.
FALLBACKS = {
    "仿宋_GB2312": ["仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "serif"],
    "方正小标宋简体": ["方正小标宋简体", "华文中宋", "宋体", "SimSun", "Noto Serif CJK SC"],
    "黑体": ["黑体", "SimHei", "Noto Sans CJK SC", "sans-serif"],
    "楷体_GB2312": ["楷体_GB2312", "楷体", "KaiTi", "Noto Serif CJK SC"],
    "宋体": ["宋体", "SimSun", "Noto Serif CJK SC"],
}


class _Style:
    """Paragraph and run properties resolved through the style chain."""

    def __init__(self, doc) -> None:
        self.doc = doc
        self.cache: dict[str, dict] = {}

    def props(self, style) -> dict:
        if style is None:
            return {}
        if style.style_id in self.cache:
            return self.cache[style.style_id]
        base = dict(self.props(style.base_style))
        element = style.element
        rpr, ppr = element.rPr, element.pPr
        base.update(_rpr_props(rpr))
        base.update(_ppr_props(ppr))
        self.cache[style.style_id] = base
        return base


def _rpr_props(rpr) -> dict:
    props: dict = {}
    if rpr is None:
        return props
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None and fonts.get(qn("w:eastAsia")):
        props["font"] = fonts.get(qn("w:eastAsia"))
    size = rpr.find(qn("w:sz"))
    if size is not None:
        props["size"] = int(size.get(qn("w:val"))) / 2
    color = rpr.find(qn("w:color"))
    if color is not None and color.get(qn("w:val")) not in (None, "auto"):
        props["color"] = "#" + color.get(qn("w:val"))
    if rpr.find(qn("w:b")) is not None:
        props["bold"] = True
    return props


def _ppr_props(ppr) -> dict:
    props: dict = {}
    if ppr is None:
        return props
    jc = ppr.find(qn("w:jc"))
    if jc is not None:
        props["align"] = jc.get(qn("w:val"))
    ind = ppr.find(qn("w:ind"))
    if ind is not None:
        for name in ("firstLine", "left", "right"):
            value = ind.get(qn(f"w:{name}"))
            if value is not None:
                props[name] = int(value) / 20
    spacing = ppr.find(qn("w:spacing"))
    if spacing is not None and spacing.get(qn("w:line")):
        props["line"] = int(spacing.get(qn("w:line"))) / 20
    borders = ppr.find(qn("w:pBdr"))
    if borders is not None:
        for side in borders:
            props["rule"] = (side.get(qn("w:val")), "#" + (side.get(qn("w:color")) or "000000"))
    return props


class DocxLayout:
    """A generated .docx laid out for painting; ``scale`` is device pixels per point."""

    def __init__(self, path: Path, scale: float) -> None:
        self.path, self.scale = Path(path), scale
        self.source = open_docx(str(path))
        section = self.source.sections[0]
        self.numbered_first = not section.different_first_page_header_footer
        self.numbered = "PAGE" in section.footer._element.xml
        self.styles = _Style(self.source)
        self.document = QTextDocument()
        self.document.setDocumentMargin(0)
        self.document.setPageSize(QSizeF(TEXT_W * MM * scale, TEXT_H * MM * scale))
        self.cursor = QTextCursor(self.document)
        self._first = True
        self._pending_break = False
        if not self.numbered_first:  # 函: the red sender and rule of the first-page header
            for paragraph in section.first_page_header.paragraphs:
                self._paragraph(paragraph)
        body = self.source.element.body
        for child in body:
            if child.tag == qn("w:p"):
                from docx.text.paragraph import Paragraph

                self._paragraph(Paragraph(child, self.source))
            elif child.tag == qn("w:tbl"):
                from docx.table import Table

                self._table(Table(child, self.source))

    def _font(self, props: dict) -> QFont:
        font = QFont()
        font.setFamilies(FALLBACKS.get(props.get("font", "仿宋_GB2312"), [props.get("font")]))
        font.setPixelSize(round(props.get("size", 16) * self.scale))
        font.setBold(bool(props.get("bold")))
        return font

    def _block(self, props: dict, page_break: bool) -> QTextBlockFormat:
        fmt = QTextBlockFormat()
        fmt.setAlignment(ALIGN.get(props.get("align", "both"), Qt.AlignmentFlag.AlignJustify))
        fmt.setTextIndent(props.get("firstLine", 0) * self.scale)
        fmt.setLeftMargin(props.get("left", 0) * self.scale)
        fmt.setRightMargin(props.get("right", 0) * self.scale)
        # At least the line pitch: a 16 pt line keeps the 28.95 pt grid, a 22 pt title grows.
        fmt.setLineHeight(
            props.get("line", 28.95) * self.scale,
            QTextBlockFormat.LineHeightTypes.MinimumHeight.value,
        )
        if page_break:
            fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        return fmt

    def _paragraph(self, paragraph, cursor=None, inherited=None) -> None:
        cursor = cursor or self.cursor
        props = dict(inherited or {})
        props.update(self.styles.props(paragraph.style))
        props.update(_ppr_props(paragraph._p.pPr))
        if "rule" in props:
            self._rule(props["rule"])
            return
        page_break = self._pending_break
        self._pending_break = 'w:type="page"' in paragraph._p.xml
        block = self._block(props, page_break)
        if self._first and cursor is self.cursor:
            cursor.setBlockFormat(block)
            self._first = False
        else:
            cursor.insertBlock(block)
        for run in paragraph.runs:
            run_props = dict(props)
            run_props.update(_rpr_props(run._r.rPr))
            fmt = QTextCharFormat()
            fmt.setFont(self._font(run_props))
            if "color" in run_props:
                fmt.setForeground(QBrush(QColor(run_props["color"])))
            cursor.insertText(run.text, fmt)

    def _rule(self, rule) -> None:
        """A paragraph that only carries a border (the red rules): an empty block of its
        own height, the lines painted by ``paint_page``."""
        fmt = QTextBlockFormat()
        fmt.setLineHeight(8 * self.scale, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        fmt.setProperty(RULE_PROPERTY, f"{rule[0]}|{rule[1]}")
        if self._first:
            self.cursor.setBlockFormat(fmt)
            self._first = False
        else:
            self.cursor.insertBlock(fmt)

    def _paint_rules(self, painter: QPainter, clip: QRectF) -> None:
        layout = self.document.documentLayout()
        block = self.document.begin()
        while block.isValid():
            value = block.blockFormat().property(RULE_PROPERTY)
            if value:
                rect = layout.blockBoundingRect(block)
                if clip.top() <= rect.top() < clip.bottom():
                    style, colour = value.split("|")
                    y = rect.center().y()
                    thick, thin = 2.2 * self.scale, 0.7 * self.scale
                    lines = (
                        [(y, thin)]
                        if style == "single"
                        else [(y - 1.6 * self.scale, thick), (y + 1.2 * self.scale, thin)]
                    )
                    if style.startswith("thin"):
                        lines = [(y - 1.6 * self.scale, thin), (y + 1.2 * self.scale, thick)]
                    for line_y, width in lines:
                        painter.fillRect(
                            QRectF(rect.left(), line_y - width / 2, rect.width(), width),
                            QColor(colour),
                        )
            block = block.next()

    def _table(self, table) -> None:
        rows, cols = len(table.rows), len(table.columns)
        fmt = QTextTableFormat()
        fmt.setBorder(0.75 * self.scale)
        fmt.setBorderCollapse(True)
        fmt.setBorderBrush(QBrush(QColor("black")))
        fmt.setCellPadding(3 * self.scale)
        fmt.setCellSpacing(0)
        widths = [c.width.pt if c.width else TEXT_W * MM / cols for c in table.columns]
        total = sum(widths) or 1
        fmt.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.PercentageLength, 100 * w / total) for w in widths]
        )
        qt_table = self.cursor.insertTable(rows, cols, fmt)
        merged = set()
        for r, row in enumerate(table.rows):
            seen = []
            for c, cell in enumerate(row.cells):
                if seen and cell._tc is seen[-1][1]:
                    merged.add((r, seen[-1][0], c))
                    continue
                seen.append((c, cell._tc))
                cursor = qt_table.cellAt(r, c).firstCursorPosition()
                for i, paragraph in enumerate(cell.paragraphs):
                    self._cell_paragraph(paragraph, cursor, first=i == 0)
            self._pad_row(row, qt_table.cellAt(r, seen[-1][0]).lastCursorPosition())
        for r, start, c in merged:
            qt_table.mergeCells(r, start, 1, c - start + 1)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)

    def _pad_row(self, row, cursor) -> None:
        """Honour a row's height (w:trHeight) with empty lines: 办理要求 and 反馈 are tall."""
        height = row._tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        if height is None:
            return
        lines = int(int(height.get(qn("w:val"))) / 20 / 24) - 1
        fmt = QTextBlockFormat()
        fmt.setLineHeight(22 * self.scale, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
        for _ in range(max(0, lines - 1)):
            cursor.insertBlock(fmt)

    def _cell_paragraph(self, paragraph, cursor, first: bool) -> None:
        props = dict(self.styles.props(paragraph.style))
        props.update(_ppr_props(paragraph._p.pPr))
        block = self._block(props, False)
        if first:
            cursor.setBlockFormat(block)
        else:
            cursor.insertBlock(block)
        for run in paragraph.runs:
            run_props = dict(props)
            run_props.update(_rpr_props(run._r.rPr))
            fmt = QTextCharFormat()
            fmt.setFont(self._font(run_props))
            cursor.insertText(run.text, fmt)

    def page_count(self) -> int:
        return self.document.pageCount()

    def paint_page(self, painter: QPainter, index: int, origin: QPointF) -> None:
        """Paint page ``index`` with its top-left corner at ``origin`` (device pixels)."""
        s = self.scale * MM
        height = TEXT_H * s
        painter.save()
        painter.translate(origin.x() + LEFT * s, origin.y() + TOP * s - index * height)
        clip = QRectF(0, index * height, TEXT_W * s, height)
        self.document.drawContents(painter, clip)
        self._paint_rules(painter, clip)
        painter.restore()
        number = index + 1
        if self.numbered and (number > 1 or self.numbered_first):
            font = self._font({"font": "宋体", "size": 14})
            painter.setFont(font)
            text = f"— {number} —"
            y = origin.y() + (PAGE_H - BOTTOM + 7) * s
            box = QRectF(origin.x() + (LEFT + 4) * s, y, (TEXT_W - 8) * s, 8 * s)
            align = Qt.AlignmentFlag.AlignRight if number % 2 else Qt.AlignmentFlag.AlignLeft
            painter.drawText(box, align | Qt.AlignmentFlag.AlignTop, text)


def export_pdf(docx_path: Path, pdf_path: Path) -> Path:
    """Write ``docx_path`` as a PDF through Qt alone."""
    writer = QPdfWriter(str(pdf_path))
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF()
        )
    )
    writer.setResolution(300)
    writer.setTitle(Path(docx_path).stem)
    writer.setCreator("新沂市政府机构失信治理工作台")
    layout = DocxLayout(Path(docx_path), 300 / 72)
    layout.document.documentLayout().setPaintDevice(writer)
    painter = QPainter(writer)
    try:
        for index in range(layout.page_count()):
            if index:
                writer.newPage()
            layout.paint_page(painter, index, QPointF(0, 0))
    finally:
        painter.end()
    return Path(pdf_path)


def print_preview(parent, docx_path: Path) -> None:
    """Qt's print preview of a generated document; printing goes to the chosen printer."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF()
        )
    )
    printer.setFullPage(True)
    printer.setDocName(Path(docx_path).stem)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"打印预览 — {Path(docx_path).name}")

    def paint(target) -> None:
        scale = target.resolution() / 72
        layout = DocxLayout(Path(docx_path), scale)
        layout.document.documentLayout().setPaintDevice(target)
        painter = QPainter(target)
        try:
            for index in range(layout.page_count()):
                if index:
                    target.newPage()
                layout.paint_page(painter, index, QPointF(0, 0))
        finally:
            painter.end()

    dialog.paintRequested.connect(paint)
    dialog.exec()
