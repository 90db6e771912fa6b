"""Government dishonesty records (政务失信记录) as .xlsx in the layout the public credit
information system takes: one row per subject (unit or person). A list meant for
publication masks ID numbers; no cell may start a formula."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xinyi_desktop.documents.xlsx_cells import safe_row
from xinyi_desktop.rules.sanctions import mask_id

COLUMNS = [
    "序号",
    "失信主体类别",
    "失信主体名称",
    "统一社会信用代码",
    "证件号码",
    "失信行为",
    "认定文号/案号",
    "认定日期",
    "责任人",
    "责任人证件号码",
    "所属单位",
    "状态",
    "移出日期",
]
WIDTHS = [6, 12, 30, 22, 22, 50, 26, 12, 12, 22, 30, 10, 12]


def rows_of(records, *, publication: bool) -> list[list]:
    hide = mask_id if publication else (lambda text: text or "")
    rows = []
    for index, record in enumerate(records, 1):
        unit = record.subject_kind == "unit"
        rows.append(
            [
                index,
                "法人（政府机构）" if unit else "自然人",
                record.name,
                record.credit_code if unit else "",
                "" if unit else hide(record.id_number),
                record.behaviour,
                record.basis_no,
                record.determined_on.isoformat(),
                record.responsible,
                hide(record.responsible_id),
                record.agency.name,
                "已移出" if record.removed_on else "有效",
                record.removed_on.isoformat() if record.removed_on else "",
            ]
        )
    return rows


def export(
    records, path: str | Path, *, publication: bool = True, today: dt.date | None = None
) -> int:
    """Write ``records``; returns how many rows. ``publication`` masks ID numbers."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "政务失信记录"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows = rows_of(records, publication=publication)
    for row in rows:
        sheet.append(safe_row(sheet, row))
    for cell in (c for row in sheet.iter_rows(min_row=2) for c in row):
        cell.number_format = "@"  # text: codes and ID numbers keep their digits
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index + 1)].width = width
    sheet.freeze_panes = "A2"
    book.properties.title = "政务失信记录" + ("（公示用）" if publication else "")
    book.save(str(path))
    return len(rows)
