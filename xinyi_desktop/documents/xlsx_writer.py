"""A small streaming ``.xlsx`` writer for the registers (台账) and report tables.

Why not openpyxl: its write-only mode spends most of its time building a cell object and
an XML element per value and pays again for every styled cell; the register of 100,000
cases took tens of seconds. This writer streams each sheet's XML straight into the zip
with a fixed set of styles, the way the registers need it: a title row, a header row that
is frozen and filtered, column widths, dates as real Excel dates, fills by value (stages),
and every text written as a string cell — text that looks like a formula also gets Excel's
quote prefix, so it reads exactly as typed and stays text (``rules.cell_text``). The files
are checked with openpyxl in the tests and opened in LibreOffice.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from xinyi_desktop.errors import XinyiError
from xinyi_desktop.folders import os_error_text
from xinyi_desktop.rules.cell_text import formula_like, xml_text

_EPOCH = dt.date(1899, 12, 30)
LINE_HEIGHT = 15  # points: the sheets' default row height, one line of text
_FLUSH = 2000  # rows per write into the zip stream

# text, date, number (2 decimals, thousands), int
KINDS = ("text", "date", "money", "int")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    kind: str = "text"
    fills: dict[str, str] = field(default_factory=dict)  # cell text -> RGB fill (stages)
    wrap: bool = False


# Number formats a single cell may ask for (``Number``): a rate, a change against the
# month before, a change of a rate in percentage points.
NUMBER_FORMATS = {
    "percent": "0.0%",
    "change": "+0;-0;0",
    "points": '+0.0"个百分点";-0.0"个百分点";"持平"',
}


@dataclass(frozen=True)
class Number:
    """A number cell with its own format, in a column of any kind (a 较上月 column holds
    changes of counts and of a rate)."""

    value: float
    format: str  # a key of NUMBER_FORMATS


@dataclass(frozen=True)
class _Style:
    bold: bool = False
    size: int = 11
    fill: str = ""
    num_fmt: int = 0
    wrap: bool = False
    quote: bool = False
    border: bool = False
    centre: bool = False


_DATE_FMT, _MONEY_FMT = 164, 4  # custom yyyy-mm-dd; built-in #,##0.00


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class XlsxWriter:
    """``with XlsxWriter(path) as book: book.write_sheet(...)``; sheets in call order."""

    def __init__(self, path: Path | str, *, title: str = "", author: str = "") -> None:
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".tmp")
        self.title, self.author = title, author
        try:
            self.zip = zipfile.ZipFile(self.partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        except OSError as exc:
            raise XinyiError(f"无法写入“{self.path}”：{os_error_text(exc)}") from exc
        self.strings: dict[str, int] = {}
        self.styles: dict[_Style, int] = {_Style(): 0}
        self.formats: dict[str, int] = {}  # NUMBER_FORMATS key -> custom numFmtId
        self.sheets: list[tuple[str, str, int]] = []  # name, filter range, header row

    # -- styles and strings -------------------------------------------------------------
    def _style(self, **kw) -> int:
        style = _Style(**kw)
        index = self.styles.get(style)
        if index is None:
            index = self.styles[style] = len(self.styles)
        return index

    def _sst(self, text: str) -> int:
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
        return index

    # -- sheets -------------------------------------------------------------------------
    def write_sheet(
        self,
        name: str,
        columns: list[Column],
        rows: Iterable[list],
        *,
        title: str = "",
        subtitle: str = "",
    ) -> int:
        """One sheet: title (merged, bold), subtitle, header (frozen, filtered), rows.
        Returns the number of data rows written."""
        name = _sheet_name(name, {s[0] for s in self.sheets})
        letters = [_col_letter(i) for i in range(len(columns))]
        last = letters[-1]
        top = [r for r in (title, subtitle) if r]
        header_row = len(top) + 1
        text_style = self._style(border=True, wrap=False)
        quote_style = self._style(border=True, quote=True)
        converters = []
        for col in columns:
            wrap = col.wrap
            if col.kind == "date":
                converters.append(("d", self._style(border=True, num_fmt=_DATE_FMT)))
            elif col.kind == "money":
                converters.append(("n", self._style(border=True, num_fmt=_MONEY_FMT)))
            elif col.kind == "int":
                converters.append(("n", self._style(border=True)))
            else:
                fills = {
                    v: self._style(border=True, fill=c, wrap=wrap) for v, c in col.fills.items()
                }
                plain = self._style(border=True, wrap=True) if wrap else text_style
                converters.append(("s", (plain, fills)))
        stream = self.zip.open(f"xl/worksheets/sheet{len(self.sheets) + 1}.xml", "w")
        out = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><dimension ref="A1"/>'
            '<sheetViews><sheetView workbookViewId="0">'
            f'<pane ySplit="{header_row}" topLeftCell="A{header_row + 1}" '
            'activePane="bottomLeft" state="frozen"/>'
            f'<selection pane="bottomLeft" activeCell="A{header_row + 1}" '
            f'sqref="A{header_row + 1}"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/><cols>'
        ]
        for i, col in enumerate(columns, 1):
            out.append(f'<col min="{i}" max="{i}" width="{col.width}" customWidth="1"/>')
        out.append("</cols><sheetData>")
        title_styles = [self._style(bold=True, size=16), self._style(size=10)]
        for r, text in enumerate(top, 1):
            style = title_styles[0] if (r == 1 and title) else title_styles[1]
            height = ' ht="26" customHeight="1"' if style == title_styles[0] else ""
            if formula_like(text):  # an office name or a filter text typed by a clerk
                style = self._quoted(style)
            out.append(
                f'<row r="{r}"{height}><c r="A{r}" s="{style}" t="s">'
                f"<v>{self._sst(text)}</v></c></row>"
            )
        head = self._style(bold=True, fill="DDE6F0", border=True, wrap=True, centre=True)
        cells = "".join(
            f'<c r="{letters[i]}{header_row}" s="{head}" t="s"><v>{self._sst(col.header)}</v></c>'
            for i, col in enumerate(columns)
        )
        out.append(f'<row r="{header_row}" ht="30" customHeight="1">{cells}</row>')
        stream.write("".join(out).encode("utf-8"))
        out = []
        r = header_row
        sst = self._sst
        wraps = [col.width if col.wrap else 0 for col in columns]
        for values in rows:
            r += 1
            parts = [f'<row r="{r}">']
            lines = 1
            for letter, (kind, style), wrap, value in zip(
                letters, converters, wraps, values, strict=False
            ):
                if value is None or value == "":
                    continue
                if isinstance(value, Number):
                    s = self._style(border=True, num_fmt=self._format(value.format))
                    parts.append(f'<c r="{letter}{r}" s="{s}"><v>{value.value}</v></c>')
                elif kind == "s" or isinstance(value, str):
                    text = value if isinstance(value, str) else str(value)
                    if kind == "s":
                        plain, fills = style
                        s = fills.get(text, plain)
                    else:
                        s = text_style
                    if formula_like(text):
                        s = quote_style if s == text_style else self._quoted(s)
                    parts.append(f'<c r="{letter}{r}" s="{s}" t="s"><v>{sst(text)}</v></c>')
                    if wrap:
                        lines = max(lines, wrapped_lines(text, wrap))
                elif kind == "d":
                    if isinstance(value, dt.datetime):
                        value = value.date()
                    parts.append(
                        f'<c r="{letter}{r}" s="{style}"><v>{(value - _EPOCH).days}</v></c>'
                    )
                else:
                    number = float(value) if isinstance(value, Decimal) else value
                    parts.append(f'<c r="{letter}{r}" s="{style}"><v>{number}</v></c>')
            if lines > 1:  # spreadsheet programs do not all grow a row for wrapped text
                parts[0] = f'<row r="{r}" ht="{LINE_HEIGHT * lines}" customHeight="1">'
            parts.append("</row>")
            out.append("".join(parts))
            if len(out) >= _FLUSH:
                stream.write("".join(out).encode("utf-8"))
                out = []
        out.append("</sheetData>")
        data_rows = r - header_row
        ref = f"A{header_row}:{last}{max(r, header_row)}"
        out.append(f'<autoFilter ref="{ref}"/>')
        if title:
            out.append(f'<mergeCells count="1"><mergeCell ref="A1:{last}1"/></mergeCells>')
        out.append(
            '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            "</worksheet>"
        )
        stream.write("".join(out).encode("utf-8"))
        stream.close()
        self.sheets.append((name, f"$A${header_row}:${last}${max(r, header_row)}", header_row))
        return data_rows

    def _format(self, key: str) -> int:
        if key not in self.formats:
            self.formats[key] = _DATE_FMT + 1 + len(self.formats)
        return self.formats[key]

    def _quoted(self, index: int) -> int:
        base = next(s for s, i in self.styles.items() if i == index)
        return self._style(**{**base.__dict__, "quote": True})

    # -- package ------------------------------------------------------------------------
    def close(self) -> Path:
        if not self.sheets:
            self.write_sheet("Sheet1", [Column("")], [])
        self._write_parts()
        self.zip.close()
        try:
            self.partial.replace(self.path)
        except OSError as exc:
            self.partial.unlink(missing_ok=True)
            raise XinyiError(
                f"无法保存到“{self.path}”：{os_error_text(exc)}"
                "（文件是否正在 Excel 或 WPS 中打开？）"
            ) from exc
        return self.path

    def abort(self) -> None:
        self.zip.close()
        self.partial.unlink(missing_ok=True)

    def __enter__(self) -> XlsxWriter:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    def _write_parts(self) -> None:
        n = len(self.sheets)
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        self.zip.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
            'package.core-properties+xml"/>'
            f"{sheet_types}</Types>",
        )
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        self.zip.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>",
        )
        now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.zip.writestr(
            "docProps/core.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{xml_text(self.title)}</dc:title>"
            f"<dc:creator>{xml_text(self.author)}</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            "</cp:coreProperties>",
        )
        sheets, names, rels = [], [], []
        for i, (name, ref, header_row) in enumerate(self.sheets, 1):
            sheets.append(f'<sheet name="{xml_text(name)}" sheetId="{i}" r:id="rId{i}"/>')
            quoted = "'" + name.replace("'", "''") + "'"
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i - 1}" hidden="1">'
                f"{xml_text(quoted)}!{ref}</definedName>"
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{i - 1}">'
                f"{xml_text(quoted)}!${header_row}:${header_row}</definedName>"
            )
            rels.append(
                f'<Relationship Id="rId{i}" Type="{rel}/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
            )
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{rel}/styles" Target="styles.xml"/>')
        rels.append(
            f'<Relationship Id="rId{n + 2}" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
        )
        self.zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{rel}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{''.join(sheets)}</sheets>"
            f"<definedNames>{''.join(names)}</definedNames></workbook>",
        )
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{''.join(rels)}</Relationships>",
        )
        self.zip.writestr("xl/styles.xml", self._styles_xml())
        with self.zip.open("xl/sharedStrings.xml", "w") as stream:
            count = len(self.strings)
            stream.write(
                '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                f'count="{count}" uniqueCount="{count}">'.encode()
            )
            chunk = []
            for text in self.strings:
                space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
                chunk.append(f"<si><t{space}>{xml_text(text)}</t></si>")
                if len(chunk) >= 5000:
                    stream.write("".join(chunk).encode("utf-8"))
                    chunk = []
            chunk.append("</sst>")
            stream.write("".join(chunk).encode("utf-8"))

    def _styles_xml(self) -> str:
        xfs: list[str] = []
        font_ids: dict[tuple, int] = {}
        fill_ids: dict[str, int] = {}
        font_xml = [
            '<font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>'
        ]
        font_ids[(False, 11)] = 0
        fill_xml = [
            '<fill><patternFill patternType="none"/></fill>',
            '<fill><patternFill patternType="gray125"/></fill>',
        ]
        for style in sorted(self.styles, key=self.styles.get):
            key = (style.bold, style.size)
            if key not in font_ids:
                font_ids[key] = len(font_xml)
                bold = "<b/>" if style.bold else ""
                font_xml.append(
                    f'<font>{bold}<sz val="{style.size}"/><name val="宋体"/>'
                    '<family val="3"/><charset val="134"/></font>'
                )
            if style.fill and style.fill not in fill_ids:
                fill_ids[style.fill] = len(fill_xml)
                fill_xml.append(
                    f'<fill><patternFill patternType="solid"><fgColor rgb="FF{style.fill}"/>'
                    '<bgColor indexed="64"/></patternFill></fill>'
                )
            attrs = (
                f'numFmtId="{style.num_fmt}" fontId="{font_ids[key]}" '
                f'fillId="{fill_ids.get(style.fill, 0)}" borderId="{1 if style.border else 0}" '
                'xfId="0"'
            )
            attrs += ' applyNumberFormat="1"' if style.num_fmt else ""
            attrs += ' applyFont="1"' if key != (False, 11) else ""
            attrs += ' applyFill="1"' if style.fill else ""
            attrs += ' applyBorder="1"' if style.border else ""
            attrs += ' quotePrefix="1"' if style.quote else ""
            align = ""
            if style.wrap or style.centre or style.border:  # a table's cells: centred
                wrap = ' wrapText="1"' if style.wrap else ""
                centre = ' horizontal="center"' if style.centre else ""
                align = f'<alignment vertical="center"{centre}{wrap}/>'
                attrs += ' applyAlignment="1"'
            xfs.append(f"<xf {attrs}>{align}</xf>" if align else f"<xf {attrs}/>")
        formats = [
            f'<numFmt numFmtId="{i}" formatCode="{_attribute(NUMBER_FORMATS[k])}"/>'
            for k, i in self.formats.items()
        ]
        thin = '<left style="thin"><color rgb="FFBFBFBF"/></left>'
        borders = (
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"<border>{thin}{thin.replace('left', 'right')}{thin.replace('left', 'top')}"
            f"{thin.replace('left', 'bottom')}<diagonal/></border></borders>"
        )
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<numFmts count="{1 + len(formats)}">'
            f'<numFmt numFmtId="{_DATE_FMT}" formatCode="yyyy-mm-dd"/>{"".join(formats)}</numFmts>'
            f'<fonts count="{len(font_xml)}">{"".join(font_xml)}</fonts>'
            f'<fills count="{len(fill_xml)}">{"".join(fill_xml)}</fills>'
            f"{borders}"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


def _attribute(text: str) -> str:
    return xml_text(text).replace('"', "&quot;")


def _sheet_name(name: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of ``[]:*?/\\``, unique."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    candidate, n = clean, 2
    while candidate in taken:
        suffix = f"({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    return candidate


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide: a
    Chinese character as wide as two digits, a little room kept for the cell's margins."""
    room = max(1.0, width - 1)
    lines = 0
    for line in text.split("\n"):
        ascii_count = len(line.encode("ascii", "ignore"))
        lines += max(1, math.ceil((2 * len(line) - ascii_count) / room))
    return lines
