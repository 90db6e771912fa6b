"""Benchmarks: the registers workbook for 20,000 cases against openpyxl's write-only mode
writing the same cells without styling, and the monthly report over the 100,000-case
database. Run alone: ``python -m bench.reports``.

Ours is the whole export as the clerk starts it: the queries, every sheet, styles, dates,
formula-safe text, the zip. The baseline gets the very same cell values (collected from
one untimed run of the export) and only writes them with ``openpyxl.Workbook(write_only=
True)`` and ``append`` — no queries, no styles: the least an openpyxl exporter must do.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

REGISTER_CASES = 20_000
REGISTER_GOAL = 1.2
MONTHLY_GOAL_S = 2.0


class _Recorder:
    """Stands in for ``XlsxWriter``: keeps every row of every sheet, writes nothing."""

    sheets: list[tuple[str, list[list]]] = []

    def __init__(self, path, **kw) -> None:
        self.path = path
        _Recorder.sheets = []

    def write_sheet(self, name, columns, rows, *, title="", subtitle="") -> int:
        values = [[title], [subtitle], [c.header for c in columns]]
        values += [list(r) for r in rows]
        _Recorder.sheets.append((name, values))
        return len(values) - 3

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None


def _cells(db_file: Path) -> list[tuple[str, list[list]]]:
    from xinyi_desktop.reports import register
    from xinyi_desktop.store.connection import close_db, init_db

    init_db(db_file)
    saved = register.XlsxWriter
    register.XlsxWriter = _Recorder
    try:
        register.write_register(Path(os.devnull))
    finally:
        register.XlsxWriter = saved
        close_db()
    return _Recorder.sheets


def _ours(db_file: Path, target: Path) -> float:
    from xinyi_desktop.reports.register import write_register
    from xinyi_desktop.store.connection import close_db, init_db

    init_db(db_file)
    try:
        started = time.perf_counter()
        write_register(target)
        return time.perf_counter() - started
    finally:
        close_db()


def _baseline(sheets: list[tuple[str, list[list]]], target: Path) -> float:
    from openpyxl import Workbook

    started = time.perf_counter()
    book = Workbook(write_only=True)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(target)
    return time.perf_counter() - started


def _register_db() -> Path:
    from bench.generate import generate_database
    from bench.run import CACHE_DIR

    return generate_database(CACHE_DIR / f"cases-{REGISTER_CASES}-seed7.db", REGISTER_CASES)


def _monthly(db_path: Path, folder: Path) -> tuple[float, int]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.charts import QtChartRenderer
    from xinyi_desktop.reports.monthly import build_report
    from xinyi_desktop.reports.monthly_files import write_docx, write_xlsx
    from xinyi_desktop.rules.report_rules import Month
    from xinyi_desktop.store.connection import close_db, init_db

    renderer = QtChartRenderer()
    init_db(db_path)
    try:
        started = time.perf_counter()
        report = build_report(Month.of(dt.date.today()))
        write_docx(report, folder / "m.docx", renderer=renderer)
        write_xlsx(report, folder / "m.xlsx")
        return time.perf_counter() - started, len(report.breakdown.agencies)
    finally:
        close_db()


def measure(db_path: Path, repeat: int) -> list[dict]:
    register_db = _register_db()
    with tempfile.TemporaryDirectory(prefix="xinyi-bench-reports-") as folder:
        root = Path(folder)
        saved_home = os.environ.get("XINYI_HOME")
        os.environ["XINYI_HOME"] = str(root / "home")
        try:
            sheets = _cells(register_db)
            cells = sum(len(r) for _, rows in sheets for r in rows)
            _ours(register_db, root / "warm.xlsx")
            rounds = [
                (_ours(register_db, root / "ours.xlsx"), _baseline(sheets, root / "plain.xlsx"))
                for _ in range(repeat)
            ]
            _monthly(db_path, root)  # warm-up: imports, template, fonts
            monthly = [_monthly(db_path, root)[0] for _ in range(repeat)]
        finally:
            if saved_home is None:
                os.environ.pop("XINYI_HOME", None)
            else:
                os.environ["XINYI_HOME"] = saved_home
    ours = statistics.median(r[0] for r in rounds)
    baseline = statistics.median(r[1] for r in rounds)
    month = statistics.median(monthly)
    return [
        {
            "metric": f"导出台账（{REGISTER_CASES:,} 件，8 个工作表，{cells:,} 个单元格）",
            "result": f"{ours:.2f} s",
            "baseline": f"{baseline:.2f} s（openpyxl 只写模式写入相同单元格，无样式）",
            "ratio": ours / baseline,
            "goal": f"≤ {REGISTER_GOAL}×",
            "note": "台账：含查询、样式、日期格式、公式防护和压缩，由程序自带的流式写出器完成；"
            "基线为 openpyxl 只写模式逐行写入同样的值（不含查询和样式）。",
        },
        {
            "metric": "生成月度通报（100,000 件：统计、两张图、.docx 和 .xlsx）",
            "result": f"{month:.2f} s",
            "baseline": "—",
            "ratio": None,
            "goal": f"< {MONTHLY_GOAL_S:.0f} s",
            "note": "月度通报：本月、上月、本年累计和月末在办数，按单位和镇街/部门分列，"
            "近12个月各阶段在办数，图表用 Qt 绘制（offscreen）。",
        },
    ]


if __name__ == "__main__":
    from bench.generate import generate_database
    from bench.run import CACHE_DIR

    big = generate_database(CACHE_DIR / "cases-100000-seed7.db", 100_000)
    for row in measure(big, 3):
        ratio = f"{row['ratio']:.2f}" if row["ratio"] is not None else "—"
        print(f"{row['metric']}: {row['result']}; 基线 {row['baseline']}; 比值 {ratio}")
