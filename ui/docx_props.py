"""Reading a generated .docx for Qt: paragraph and run properties through the style chain,
the shapes of Word's paragraph rules, the fallback fonts. Used by ``ui.docx_layout``."""

from __future__ import annotations

from docx.oxml.ns import qn
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextBlockFormat, QTextFormat

MM = 72 / 25.4  # points per millimetre
GRID_PITCH = 28.95  # points: 22 lines in the 225 mm text area
RULES = QTextFormat.Property.UserProperty + 1  # a block's paragraph rules, as JSON
CELL_PADDING = 5.4  # points: Word's default left and right cell margin (0.19 cm)
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
# The Latin font (w:ascii) Word sets ASCII characters in — digits of credit codes and
# dates, Latin letters, spaces — and the metric-compatible fonts where it is missing.
LATIN_FALLBACKS = {
    "Times New Roman": ["Times New Roman", "Liberation Serif", "Nimbus Roman", "serif"],
}
FIXED = QTextBlockFormat.LineHeightTypes.FixedHeight.value
MINIMUM = QTextBlockFormat.LineHeightTypes.MinimumHeight.value


def switch_on(element) -> bool:
    """A w:keepNext-like switch: present and not turned off."""
    return element is not None and element.get(qn("w:val"), "1") not in ("0", "false", "off")


def twips(element, name: str) -> float | None:
    value = element.get(qn(f"w:{name}")) if element is not None else None
    return int(value) / 20 if value not in (None, "") else None


def rpr_props(rpr) -> dict:
    props: dict = {}
    if rpr is None:
        return props
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None and fonts.get(qn("w:eastAsia")):
        props["font"] = fonts.get(qn("w:eastAsia"))
    if fonts is not None and fonts.get(qn("w:ascii")):
        props["latin"] = fonts.get(qn("w:ascii"))
    size = rpr.find(qn("w:sz"))
    if size is not None:
        props["size"] = int(size.get(qn("w:val"))) / 2
    color = rpr.find(qn("w:color"))
    if color is not None and color.get(qn("w:val")) not in (None, "auto"):
        props["color"] = "#" + color.get(qn("w:val"))
    if switch_on(rpr.find(qn("w:b"))):
        props["bold"] = True
    spacing = twips(rpr.find(qn("w:spacing")), "val")
    if spacing is not None:
        props["letter_spacing"] = spacing
    return props


def ppr_props(ppr) -> dict:
    props: dict = {}
    if ppr is None:
        return props
    jc = ppr.find(qn("w:jc"))
    if jc is not None:
        props["align"] = jc.get(qn("w:val"))
    ind = ppr.find(qn("w:ind"))
    for name in ("firstLine", "left", "right"):
        value = twips(ind, name)
        if value is not None:
            props[name] = value
    if twips(ind, "hanging") is not None:
        props["firstLine"] = -twips(ind, "hanging")
    spacing = ppr.find(qn("w:spacing"))
    for name in ("before", "after", "line"):
        value = twips(spacing, name)
        if value is not None:
            props[name] = value
    if spacing is not None and spacing.get(qn("w:lineRule")):
        props["line_rule"] = spacing.get(qn("w:lineRule"))
    for tag, key in (("w:keepNext", "keep"), ("w:pageBreakBefore", "break_before")):
        if ppr.find(qn(tag)) is not None:
            props[key] = switch_on(ppr.find(qn(tag)))
    grid = ppr.find(qn("w:snapToGrid"))
    if grid is not None:
        props["grid"] = switch_on(grid)
    borders = ppr.find(qn("w:pBdr"))
    if borders is not None:
        props["borders"] = {
            side.tag.split("}")[1]: (
                side.get(qn("w:val")),
                int(side.get(qn("w:sz")) or 4) / 8,
                int(side.get(qn("w:space")) or 0),
                "#" + (side.get(qn("w:color")) or "000000").replace("auto", "000000"),
            )
            for side in borders
        }
    shade = ppr.find(qn("w:shd"))
    if shade is not None and shade.get(qn("w:fill")) not in (None, "auto"):
        props["shade"] = "#" + shade.get(qn("w:fill"))  # a filled paragraph: a rule of 版记
    if ppr.find(qn("w:framePr")) is not None:
        props["frame"] = True
    return props


class Styles:
    """Paragraph and run properties through the style chain, over the document defaults."""

    def __init__(self, doc) -> None:
        self.cache: dict[str, dict] = {}
        self.defaults: dict = {}
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            self.defaults.update(rpr_props(defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")))
            self.defaults.update(ppr_props(defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")))

    def props(self, style) -> dict:
        if style is None:
            return dict(self.defaults)
        if style.style_id not in self.cache:
            found = self.props(style.base_style)
            found.update(rpr_props(style.element.rPr))
            found.update(ppr_props(style.element.pPr))
            self.cache[style.style_id] = found
        return dict(self.cache[style.style_id])


def rule_lines(style: str, width: float) -> list[tuple[float, float]]:
    """(offset from the text side outwards, thickness) of each line of a border ``width``
    points wide. Word's thickThin has the thick line inside (towards the text) and the thin
    one outside; thinThick the reverse."""
    if style in (None, "nil", "none"):
        return []
    if "thick" not in style.lower():
        return [(0.0, max(width, 0.5))]
    thin, gap = 0.75, 0.75
    thick = max(width, 1.5)
    if style.startswith("thickThin"):
        return [(0.0, thick), (thick + gap, thin)]
    return [(0.0, thin), (thin + gap, thick)]


def content_height(block) -> float:
    """The height of a block's lines (device pixels): Qt reports a line's natural height
    even when the block's line height is fixed."""
    fmt, lines = block.blockFormat(), block.layout()
    heights = [lines.lineAt(i).height() for i in range(lines.lineCount())]
    if fmt.lineHeightType() == FIXED:
        return fmt.lineHeight() * max(len(heights), 1)
    if fmt.lineHeightType() == MINIMUM:
        return sum(max(h, fmt.lineHeight()) for h in heights)
    return sum(heights)
