"""期限清单 as an Excel workbook (openpyxl). No cell may start a formula."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from xinyi_desktop.documents.xlsx_cells import safe_row
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.folders import os_error_text
from xinyi_desktop.services.deadline_query import DeadlineRow, status_summary

CHUNK = 500  # rows between progress reports and cancel checks

HEADERS = ["到期日", "期限", "状态", "案号", "被告单位", "应办理方", "计算依据", "备注"]
WIDTHS = [12, 18, 8, 26, 30, 12, 40, 30]


def write_deadlines(
    rows: list[DeadlineRow],
    path: Path | str,
    *,
    title: str = "期限清单",
    cancel: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, int, str]]:
    """Write the workbook, yielding (rows done, rows, text); returns the path. Cancelled,
    or failing, it leaves no file behind (the workbook is written under another name and
    put in place whole)."""
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
    total = len(rows) + 1  # the last step is saving
    for done, row in enumerate(rows, 1):
        if done % CHUNK == 0:
            yield done, total, f"正在写入第 {done} 项，共 {len(rows)} 项"
            if cancel and cancel():
                raise XinyiError("已取消导出，文件未保存。")
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
    if cancel and cancel():
        raise XinyiError("已取消导出，文件未保存。")
    yield len(rows), total, "正在保存文件"
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    try:
        book.save(partial)
        os.replace(partial, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise XinyiError(
            f"无法保存到“{target}”：{os_error_text(exc)}（文件是否正在 Excel 中打开？）"
        ) from exc
    return target
