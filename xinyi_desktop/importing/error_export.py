"""The rows an import could not take, written to an .xlsx with an explanation column, so
the clerk can correct them and import that file again."""

from __future__ import annotations

from pathlib import Path

from xinyi_desktop.documents.xlsx_cells import safe_row
from xinyi_desktop.importing.cells import text_of


def export_error_rows(plan, path: Path | str) -> int:
    """Write every row with an error (all its cells as read, the row number, the reasons)
    to ``path``; returns how many rows were written."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    count = 0
    for part in plan.parts:
        rows = [r for r in part.records if r.has_error]
        if not rows:
            continue
        sheet = book.create_sheet(part.layout.sheet[:31] or "错误行")
        headers = [c.header or f"第{c.index + 1}列" for c in part.layout.columns]
        sheet.append(["原行号", *headers, "错误说明"])
        for record in rows:
            cells = [text_of(v) if not isinstance(v, (int, float)) else v for v in record.cells]
            cells += [""] * (len(headers) - len(cells))
            reasons = "；".join(
                (f"{i.column}：" if i.column else "") + i.message for i in record.errors
            )
            sheet.append(safe_row(sheet, [record.row_no, *cells[: len(headers)], reasons]))
            count += 1
    if count == 0:
        book.create_sheet("错误行").append(["没有错误行"])
    book.save(str(path))
    return count
