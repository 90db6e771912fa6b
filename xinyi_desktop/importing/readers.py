"""Reading a court file into sheets of rows, whatever it really is.

The format is decided by the bytes, not the name: web systems save HTML tables as
``.xls``, and clerks rename files. xlsx and binary xls go through python-calamine (about
ten times faster than openpyxl), CSV and HTML through the standard library.
"""

from __future__ import annotations

import csv
import html.parser
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from xinyi_desktop.errors import ImportRefused

MAX_BYTES = 200 * 1024 * 1024
MAX_MERGED_CELLS = 200_000  # filling merged areas beyond this is not a court list
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class Sheet:
    name: str
    rows: list[list] = field(default_factory=list)


def read_file(path: Path | str) -> list[Sheet]:
    """Every sheet of the file as rows of cell values; ``ImportRefused`` names the reason."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _refused(path, f"文件过大（{size // 1024 // 1024} MB）")
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise _refused(path, f"无法打开（{exc.strerror or exc}）") from None
    if not head.strip():
        raise _refused(path, "文件是空的")
    try:
        if head.startswith(ZIP_MAGIC) or head.startswith(OLE_MAGIC):
            return _read_workbook(path)
        data = path.read_bytes()
        text = decode(data)
        if _looks_like_html(text):
            return [Sheet(path.stem, rows) for rows in parse_html_tables(text)] or _no_table(path)
        if not looks_like_text(text):
            raise _refused(path, _unknown_format(path))
        return [Sheet(path.stem, parse_csv(text))]
    except ImportRefused:
        raise
    except Exception as exc:  # a damaged file can fail anywhere in a reader library
        raise _refused(path, f"文件已损坏或不是表格文件（{type(exc).__name__}）") from None


def _refused(path: Path, reason: str) -> ImportRefused:
    return ImportRefused(f"文件“{path.name}”无法导入：{reason}。", file=path.name)


def _unknown_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return (
            f"扩展名为“{suffix}”，但内容不是 Excel 工作簿，也不是 CSV 文本或网页表格"
            "（无法识别的文件格式）"
        )
    return "不是表格文件：内容既不是 Excel 工作簿，也不是 CSV 文本或网页表格（无法识别的文件格式）"


def looks_like_text(text: str, sample: int = 65536) -> bool:
    """Whether decoded bytes read as text (CSV): binary data decodes into control
    characters and replacement marks that no clerk's list holds more than a few of."""
    part = text[:sample]
    bad = sum(1 for ch in part if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\x0b\x0c"))
    return bad <= max(2, len(part) // 200)


def _no_table(path: Path) -> list[Sheet]:
    raise _refused(path, "网页文件中没有表格")


def _read_workbook(path: Path) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        name = type(exc).__name__
        reason = "文件设有密码" if "Password" in name else f"文件已损坏或格式不支持（{name}）"
        raise _refused(path, reason) from None
    sheets = []
    try:
        for index, name in enumerate(book.sheet_names):
            try:
                sheet = book.get_sheet_by_index(index)
                rows = sheet.to_python(skip_empty_area=False)
            except Exception:
                continue  # a chart sheet or a damaged sheet; the others may still be fine
            rows = [list(r) for r in rows]
            _fill_merged(sheet, rows)
            sheets.append(Sheet(name, rows))
    finally:
        book.close()
    if not sheets:
        raise _refused(path, "工作簿中没有可读取的工作表")
    return sheets


def _fill_merged(sheet, rows: list[list]) -> None:
    """Give every cell of a merged area the value of its top-left cell (two-level headers)."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:
        return
    budget = MAX_MERGED_CELLS
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, c1 + 1):
                budget -= 1
                if budget < 0:
                    return
                if c < len(row) and row[c] in ("", None):
                    row[c] = value


# --- text formats ----------------------------------------------------------------------

_CHARSET = re.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.I)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a superset of GBK)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    declared = _CHARSET.search(data[:2048])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        if name in ("gb2312", "gbk", "gb18030", "gb_2312-80"):
            return data.decode("gb18030", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:2048].lower()
    return start.startswith("<") and ("<table" in text[:200_000].lower() or "<html" in start)


def parse_csv(text: str) -> list[list]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    csv.field_size_limit(10 * 1024 * 1024)
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


class _TableParser(html.parser.HTMLParser):
    """Rows of every ``<table>``, honouring colspan and rowspan."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list]] = []
        self._stack: list[dict] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._stack.append({"rows": [], "row": None, "pending": {}})
        elif not self._stack:
            return
        elif tag == "tr":
            self._end_row()
            self._stack[-1]["row"] = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._stack[-1]["row"] is None:
                self._stack[-1]["row"] = []
            self._cell = []
            self._span = (_span(attrs.get("rowspan")), _span(attrs.get("colspan")))
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if not self._stack:
            return
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table":
            self._end_row()
            table = self._stack.pop()
            self.tables.append(table["rows"])

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def _end_cell(self):
        if self._cell is None or not self._stack:
            return
        table = self._stack[-1]
        row = table["row"]
        text = " ".join("".join(self._cell).replace("\xa0", " ").split(" ")).strip()
        rowspan, colspan = self._span
        self._cell = None
        r = len(table["rows"])
        col = self._next_free(table, row, r)
        for c in range(col, col + colspan):
            while len(row) <= c:
                row.append(None)
            row[c] = text
            for extra in range(1, rowspan):
                table["pending"][(r + extra, c)] = text

    def _next_free(self, table, row, r):
        col = len(row)
        while (r, col) in table["pending"]:
            row.append(table["pending"].pop((r, col)))
            col += 1
        return col

    def _end_row(self):
        self._end_cell()
        if not self._stack:
            return
        table = self._stack[-1]
        row = table["row"]
        if row is None:
            return
        r = len(table["rows"])
        self._next_free(table, row, r)
        for (pr, pc), text in sorted(table["pending"].items()):
            if pr == r and pc >= len(row):
                while len(row) < pc:
                    row.append(None)
                row.append(text)
        table["rows"].append(row)
        table["row"] = None


def _span(value) -> int:
    try:
        return max(1, min(int(value or 1), 200))
    except ValueError:
        return 1


def parse_html_tables(text: str) -> list[list[list]]:
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    while parser._stack:  # unclosed tables in sloppy exports
        parser.handle_endtag("table")
    return [rows for rows in parser.tables if rows]
