"""期限清单 as an Excel workbook: the register's 期限 sheet on its own, written by the
project's streaming ``XlsxWriter`` (dates as real dates, frozen and filtered header, no
cell that starts a formula). ``sheet_row`` is the one row both workbooks write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

from xinyi_desktop.documents.xlsx_writer import Column, XlsxWriter
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services.deadline_query import DeadlineRow, status_summary
from xinyi_desktop.services.deadline_sync import DONE, STATUS_LABELS

CHUNK = 500  # rows between progress reports and cancel checks
CANCELLED = "已取消导出，文件未保存。"

COLUMNS = [
    Column("到期日", 11, "date"),
    Column("期限", 18),
    Column("状态", 8, fills={STATUS_LABELS["overdue"]: "F8CBAD", STATUS_LABELS[DONE]: "E2EFDA"}),
    Column("案号", 26),
    Column("被告单位", 28, wrap=True),
    Column("应办理方", 12),
    Column("办理日期", 11, "date"),
    Column("计算依据", 40, wrap=True),
    Column("备注", 30, wrap=True),
]


def sheet_row(row: DeadlineRow) -> list:
    """One deadline as the sheet's cells; a day counted without the year's holiday
    arrangement says so in its note."""
    note = row.note
    if not row.calendar_known:
        note = ("节假日安排未录入，按周末推算；" + note).rstrip("；")
    return [
        row.due_on,
        row.label,
        row.status_label,
        row.case_no if row.case_id else "",
        row.agency,
        row.responsible,
        row.resolved_on,
        row.rule,
        note,
    ]


def write_deadlines(
    rows: list[DeadlineRow],
    path: Path | str,
    *,
    title: str = "期限清单",
    cancel: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, int, str]]:
    """Write the workbook, yielding (rows done, rows, text); returns the path. Cancelled,
    or failing, it leaves no file behind (``XlsxWriter`` writes under another name and
    puts the file in place whole)."""

    def check() -> None:
        if cancel and cancel():
            raise XinyiError(CANCELLED)

    total = len(rows) + 1  # the last step is saving
    cells = []
    for done, row in enumerate(rows, 1):
        if done % CHUNK == 0:
            yield done, total, f"正在写入第 {done} 项，共 {len(rows)} 项"
            check()
        cells.append(sheet_row(row))
    check()
    yield len(rows), total, "正在保存文件"
    subtitle = f"导出时间：{dt.datetime.now():%Y-%m-%d %H:%M}，{status_summary(rows)}"
    with XlsxWriter(path, title=title) as book:
        book.write_sheet("期限", COLUMNS, cells, title=title, subtitle=subtitle)
    return Path(path)
