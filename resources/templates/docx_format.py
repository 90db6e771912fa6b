"""GB/T 9704-2012 page and type settings for python-docx, used by ``build_templates.py``.

Kept apart from the build script so the letter layouts read as layouts. Run by developers
only (the program reads the built ``.docx`` files, never this module).
"""

from __future__ import annotations

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"
RED = RGBColor(0xFF, 0x00, 0x00)

# A4, margins of GB/T 9704-2012 §5.2.1: text area 156 mm × 225 mm.
PAGE_W, PAGE_H = Mm(210), Mm(297)
TOP, BOTTOM, LEFT, RIGHT = Mm(37), Mm(35), Mm(28), Mm(26)
TEXT_WIDTH_MM = 210 - 28 - 26
# 22 lines in 225 mm: 28.95 pt = 579 twips a line.
LINE_PITCH_TWIPS = 579
LINE = Pt(LINE_PITCH_TWIPS / 20)
# 28 characters of 16 pt in 156 mm (15.79 pt each): characters set 0.25 pt closer
# (w:spacing -5 twentieths), which Word, WPS and LibreOffice all honour alike. A
# "linesAndChars" grid would do the same in Word but LibreOffice gives each 16 pt character
# two grid cells when the grid is narrower than the font.
CHAR_SPACING_TWENTIETHS = -5

# 信函格式 (GB/T 9704-2012 §10.1): the red rules are 170 mm long, centred on the page, so
# they reach 7 mm beyond each side of the 156 mm text area.
RULE_LENGTH_MM = 170
RULE_OVERHANG_MM = (RULE_LENGTH_MM - TEXT_WIDTH_MM) / 2

# Fonts Word and WPS may not have under that exact name: the nearest Windows font.
ALT_NAMES = {
    FANGSONG: "仿宋",
    XIAOBIAOSONG: "宋体",
    KAITI: "楷体",
    HEITI: "SimHei",
    SONGTI: "SimSun",
}


def set_fonts(rpr_owner, east_asia: str, size: float | None = None, *, latin: str = LATIN):
    """Set the East Asian font (w:eastAsia) as well as the Latin ones, so Word and WPS
    really use the Chinese font, and the size in points."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            element = rpr.find(qn(tag))
            if element is None:
                element = OxmlElement(tag)
                rpr.append(element)
            element.set(qn("w:val"), str(round(size * 2)))
    return rpr


def _child(parent, tag: str):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.append(element)
    return element


def indent_chars(paragraph_format_owner, *, first=None, left=None, right=None, size=16):
    """Indents counted in characters (w:firstLineChars …) with the absolute twips beside them
    for programs that read only those."""
    ppr = paragraph_format_owner.get_or_add_pPr()
    ind = _child(ppr, "w:ind")
    for name, value in (("firstLine", first), ("left", left), ("right", right)):
        if value is None:
            continue
        ind.set(qn(f"w:{name}Chars"), str(int(value * 100)))
        ind.set(qn(f"w:{name}"), str(int(value * size * 20)))


# The order of w:pPr's children in the schema (CT_PPr); Word refuses a file that breaks it.
PPR_ORDER = (
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
).split()


def ppr_child(ppr, tag: str):
    """The child ``tag`` of a paragraph's (or a style's) w:pPr, made where the schema wants
    it."""
    element = ppr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        ppr.insert_element_before(element, *PPR_ORDER[PPR_ORDER.index(tag) + 1 :])
    return element


def no_grid(owner) -> None:
    """Lines of this paragraph (or style) keep their own height instead of snapping to the
    28.95 pt document grid: LibreOffice gives a 22 pt title line or a 10.5 pt table line two
    or one whole grid lines otherwise."""
    ppr_child(owner.get_or_add_pPr(), "w:snapToGrid").set(qn("w:val"), "0")


def keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def overhang(paragraph, mm: float = RULE_OVERHANG_MM) -> None:
    """Reach ``mm`` beyond the text area on both sides (the 170 mm 信函 rules)."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(-mm)


def frame_at_foot(paragraph) -> None:
    """Stand at the foot of the text area of the page it falls on, full width (版记 "位于
    公文最后一面版心内最下方"); text before it flows above it, never under it."""
    frame = ppr_child(paragraph._p.get_or_add_pPr(), "w:framePr")
    for name, value in (
        ("w", str(int(TEXT_WIDTH_MM * 56.7))),
        ("wrap", "notBeside"),
        ("vAnchor", "margin"),
        ("hAnchor", "margin"),
        ("xAlign", "center"),
        ("yAlign", "bottom"),
    ):
        frame.set(qn(f"w:{name}"), value)


def solid_rule(doc, points: float):
    """A rule drawn as a paragraph ``points`` high filled black, as wide as its place: in a
    frame of several paragraphs, where LibreOffice keeps no paragraph borders that differ
    from one paragraph to the next (it then gives up the frame)."""
    rule = doc.add_paragraph()
    tiny(rule, points)
    no_grid(rule._p)
    shade = ppr_child(rule._p.get_or_add_pPr(), "w:shd")
    for name, value in (("val", "clear"), ("color", "auto"), ("fill", "000000")):
        shade.set(qn(f"w:{name}"), value)
    return rule


def border(paragraph, side: str, style: str, size_eighths: int, color: str, space_pt: int = 1):
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr_child(ppr, "w:pBdr")
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), style)
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), str(space_pt))
    line.set(qn("w:color"), color)
    borders.append(line)


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = LEFT, RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = Mm(20)
    sect = section._sectPr
    grid = _child(sect, "w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    _defaults(doc)
    _styles(doc)
    _font_table(doc)
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    return doc


def _defaults(doc) -> None:
    styles = doc.styles.element
    rpr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    rpr = rpr_default.find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    fonts = OxmlElement("w:rFonts")
    for attr, value in (("ascii", LATIN), ("hAnsi", LATIN), ("eastAsia", FANGSONG), ("cs", LATIN)):
        fonts.set(qn(f"w:{attr}"), value)
    rpr.append(fonts)
    for tag, value in (("w:sz", "32"), ("w:szCs", "32")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        rpr.append(element)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWENTIETHS))
    rpr.insert(1, spacing)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)


def _paragraph_style(doc, name, east_asia, size, *, align=None, base="Normal", line=LINE):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else None
    if style is None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
    set_fonts(style.element, east_asia, size)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line
    if align is not None:
        fmt.alignment = align
    fmt.widow_control = False
    return style


def _styles(doc) -> None:
    normal = _paragraph_style(doc, "Normal", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    normal.font.color.rgb = RGBColor(0, 0, 0)
    body = _paragraph_style(doc, "公文正文", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    indent_chars(body.element, first=2)
    title = _paragraph_style(
        doc, "公文标题", XIAOBIAOSONG, 22, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(35)
    )
    no_grid(title.element)
    _paragraph_style(doc, "主送机关", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.LEFT)
    number = _paragraph_style(doc, "发文字号", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    number.element  # noqa: B018 - style exists
    sign = _paragraph_style(doc, "发文机关署名", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    indent_chars(sign.element, right=4)
    date = _paragraph_style(doc, "成文日期", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    indent_chars(date.element, right=4)
    note = _paragraph_style(doc, "附注", FANGSONG, 16, align=WD_ALIGN_PARAGRAPH.LEFT)
    indent_chars(note.element, first=2)
    _paragraph_style(doc, "附件标识", HEITI, 16, align=WD_ALIGN_PARAGRAPH.LEFT)
    heading = _paragraph_style(doc, "一级标题", HEITI, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    indent_chars(heading.element, first=2)
    record = _paragraph_style(doc, "版记", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.LEFT)
    indent_chars(record.element, left=1, right=1, size=14)
    for name, font in (("表格文字", FANGSONG), ("表格标题", HEITI)):
        cell = _paragraph_style(doc, name, font, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(15))
        no_grid(cell.element)
    _paragraph_style(doc, "页码", SONGTI, 14, line=None)
    _paragraph_style(doc, "版头", XIAOBIAOSONG, 22, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    for name in ("Header", "Footer"):
        style = doc.styles[name]
        set_fonts(style.element, SONGTI, 14)


def _font_table(doc) -> None:
    """Declare the Chinese fonts with GB2312 charset and a Windows alternative name."""
    part = doc.part
    font_part = None
    for rel in part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            font_part = rel.target_part
    if font_part is None:
        return
    from lxml import etree

    root = etree.fromstring(font_part.blob)
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    present = {f.get(qn("w:name")) for f in root.findall("w:font", ns)}
    for name, alt in ALT_NAMES.items():
        if name in present:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", alt),
            ("w:charset", "86"),
            ("w:family", "modern"),
            ("w:pitch", "fixed"),
        ):
            child = etree.SubElement(font, qn(tag))
            child.set(qn("w:val"), value)
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_paragraph(
    container,
    text: str = "",
    style: str = "Normal",
    *,
    color=None,
    east_asia: str | None = None,
    size: float | None = None,
    spacing=None,
):
    paragraph = container.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        if color is not None:
            run.font.color.rgb = color
        if east_asia is not None:
            set_fonts(run._r, east_asia, size)
        elif size is not None:
            run.font.size = Pt(size)
        if spacing is not None:
            spacing_el = OxmlElement("w:spacing")
            spacing_el.set(qn("w:val"), str(spacing))
            run._r.get_or_add_rPr().append(spacing_el)
    return paragraph


def tiny(paragraph, points: float = 1) -> None:
    """An empty paragraph that takes (almost) no height: carries a rule or holds a place."""
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(points)
    fmt.space_before = fmt.space_after = Pt(0)
    mark = paragraph._p.get_or_add_pPr()
    rpr = _child(mark, "w:rPr")
    size = _child(rpr, "w:sz")
    size.set(qn("w:val"), str(max(2, int(points * 2))))


def page_number(paragraph, *, outside: str) -> None:
    """``— 1 —`` in 4号 宋体, one character in from the outside edge (GB/T 9704 §7.5)."""
    paragraph.style = "页码"
    paragraph.paragraph_format.alignment = (
        WD_ALIGN_PARAGRAPH.RIGHT if outside == "right" else WD_ALIGN_PARAGRAPH.LEFT
    )
    paragraph.paragraph_format.space_after = Pt(9)
    if outside == "right":
        indent_chars(paragraph._p, right=1, size=14)
    else:
        indent_chars(paragraph._p, left=1, size=14)
    paragraph.add_run("— ")
    for kind, text in (
        ("begin", None),
        (None, " PAGE "),
        ("separate", None),
        (None, "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text
    paragraph.add_run(" —")
    for run in paragraph.runs:
        set_fonts(run._r, SONGTI, 14)


def page_numbers(doc, *, first_page: bool) -> None:
    """Odd pages right, even pages left; the first page numbered or not (函 has none)."""
    section = doc.sections[0]
    doc.settings.odd_and_even_pages_header_footer = True
    section.different_first_page_header_footer = not first_page
    page_number(section.footer.paragraphs[0], outside="right")
    page_number(section.even_page_footer.paragraphs[0], outside="left")
    for header in (section.header, section.even_page_header):
        tiny(header.paragraphs[0])
    if not first_page:  # the first page's header and footer are the caller's (信函 head)
        section.first_page_header.is_linked_to_previous = False
        section.first_page_footer.is_linked_to_previous = False


def right_tab(paragraph, chars_from_right: float = 1, *, size: float = 16) -> None:
    position = Mm(TEXT_WIDTH_MM) - Pt(size * chars_from_right)
    paragraph.paragraph_format.tab_stops.add_tab_stop(position, WD_TAB_ALIGNMENT.RIGHT)


def table(doc, widths_cm: list[float], header: list[str] | None, rows: list[list[str]]):
    """A table with full borders, fixed column widths, centred on the text area."""
    from docx.shared import Cm

    tbl = doc.add_table(rows=0, cols=len(widths_cm))
    tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl._tbl.tblPr.append(layout)
    for values, style in ([(header, "表格标题")] if header else []) + [
        (r, "表格文字") for r in rows
    ]:
        row = tbl.add_row()
        cant_split(row)
        cells = row.cells
        for cell, width, value in zip(cells, widths_cm, values, strict=True):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.style = style
            if value:
                paragraph.add_run(value)
    for column, width in zip(tbl.columns, widths_cm, strict=True):
        column.width = Cm(width)
    return tbl


def cant_split(row) -> None:
    """A row is never cut across two pages."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    trpr.append(header)


def row_height(row, mm: float, rule: str = "atLeast") -> None:
    trpr = row._tr.get_or_add_trPr()
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(int(mm * 56.7)))
    height.set(qn("w:hRule"), rule)
    trpr.append(height)


def cell_vcenter(cell) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    align = OxmlElement("w:vAlign")
    align.set(qn("w:val"), "center")
    tcpr.append(align)


def cell_margins(tbl, mm: float) -> None:
    """Left and right cell margins of the whole table (Word's default is 1.9 mm)."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(int(mm * 56.7)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    look = tbl._tbl.tblPr.find(qn("w:tblLook"))  # tblCellMar comes before it (CT_TblPr)
    if look is not None:
        look.addprevious(margins)
    else:
        tbl._tbl.tblPr.append(margins)
