"""期限清单 as an Excel workbook (openpyxl). No cell may start a formula."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xinyi_desktop.documents.xlsx_cells import safe_row
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services.deadline_query import DeadlineRow, status_summary

HEADERS = ["到期日", "期限", "状态", "案号", "被告单位", "应办理方", "计算依据", "备注"]
WIDTHS = [12, 18, 8, 26, 30, 12, 40, 30]


def export_deadlines(rows: list[DeadlineRow], path: Path, *, title: str = "期限清单") -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "期限"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"导出时间：{dt.datetime.now():%Y-%m-%d %H:%M}，{status_summary(rows)}"])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for row in rows:
        note = row.note
        if not row.calendar_known:
            note = ("节假日安排未录入，按周末推算；" + note).rstrip("；")
        values = [
            row.due_on,
            row.label,
            row.status_label,
            row.case_no if row.case_id else "",
            row.agency,
            row.responsible,
            row.rule,
            note,
        ]
        texts = [v if isinstance(v, dt.date) else str(v or "") for v in values]
        sheet.append(safe_row(sheet, texts))
        sheet.cell(sheet.max_row, 1).number_format = "yyyy-mm-dd"
    for index, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for row in sheet.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in (5, 7, 8))
    sheet.freeze_panes = "A4"
    try:
        book.save(path)
    except OSError as exc:
        raise XinyiError(f"无法保存到“{path}”：{exc}（文件是否正在 Excel 中打开？）") from exc
    return Path(path)
