"""Deadlines on the benchmark database: computing every case's deadlines, and opening
the calendar's month view.

* 计算全部期限: ``deadline_sync.compute_all`` — read the facts of every case a rule
  applies to, compute each deadline on the working-day calendar (nothing written).
* 重建期限表: the same plus writing every deadline (``backfill`` on an emptied table, on a
  copy of the database), as schema migration 4 does for an existing database.
* 月历打开: building the 期限日历 month view (the day counts query, the holiday table,
  42 cells) for the busiest month, in an offscreen Qt application.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

COMPUTE_GOAL_S = 2.0
MONTH_GOAL_MS = 100.0


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _busiest_month():
    import peewee as pw

    from xinyi_desktop.store.deadline_models import Deadline

    month = pw.fn.substr(Deadline.due_on, 1, 7)
    row = (
        Deadline.select(month.alias("m"), pw.fn.COUNT(Deadline.id).alias("n"))
        .group_by(month)
        .order_by(pw.SQL("n").desc())
        .tuples()
        .first()
    )
    year, number = (int(p) for p in row[0].split("-"))
    return year, number, row[1]


def measure(db_path: Path, repeat: int) -> list[dict]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from xinyi_desktop.services.deadline_sync import backfill, compute_all
    from xinyi_desktop.store.connection import close_db, default_user, init_db
    from xinyi_desktop.store.deadline_models import Deadline
    from xinyi_desktop.store.models import Case, db

    rows: list[dict] = []
    init_db(db_path)
    try:
        cases = Case.select().count()
        compute_all()  # warm-up
        counts = []
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            found = compute_all()
            times.append(time.perf_counter() - started)
            counts.append(sum(len(v) for v in found.values()))
        baseline = statistics.median(
            [
                _timed(lambda: db.execute_sql('SELECT * FROM "case"').fetchall())
                for _ in range(repeat)
            ]
        )
        median = statistics.median(times)
        rows.append(
            {
                "metric": f"计算全部期限（{cases:,} 件案件，{counts[0]:,} 项期限）",
                "result": f"{median:.2f} s（最差 {max(times):.2f} s）",
                "baseline": f"{baseline:.2f} s（读出全部案件行）",
                "ratio": median / baseline if baseline else None,
                "goal": f"< {COMPUTE_GOAL_S:.0f} s",
                "note": "计算全部期限：读取各案件的触发日期和时间线记录，按工作日历逐案计算"
                "（不写库）；重建期限表另含写入，在数据库副本上测量。",
            }
        )
        year, month, in_month = _busiest_month()
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([])
        from ui.pages.calendar import MonthView

        actor = default_user()

        def open_month():
            view = MonthView(actor)
            view.year, view.month = year, month
            view.refresh()
            app.processEvents()
            view.deleteLater()

        open_month()  # warm-up
        month_times = [_timed(open_month) * 1000 for _ in range(repeat)]
        month_median = statistics.median(month_times)
        rows.append(
            {
                "metric": f"期限日历：打开 {year}年{month}月的月历（当月 {in_month:,} 项期限）",
                "result": f"{month_median:.1f} ms（最差 {max(month_times):.1f} ms）",
                "baseline": "—",
                "ratio": None,
                "goal": f"< {MONTH_GOAL_MS:.0f} ms",
            }
        )
        total = Deadline.select().count()
    finally:
        close_db()

    with tempfile.TemporaryDirectory(prefix="xinyi-bench-deadlines-") as tmp:
        copy = Path(tmp) / db_path.name
        shutil.copyfile(db_path, copy)
        init_db(copy)
        try:
            rebuild = []
            for _ in range(max(1, min(repeat, 3))):
                Deadline.delete().execute()
                rebuild.append(_timed(backfill))
        finally:
            close_db()
    rows.append(
        {
            "metric": f"重建期限表（计算并写入 {total:,} 项）",
            "result": f"{statistics.median(rebuild):.2f} s",
            "baseline": "—",
            "ratio": None,
            "goal": "—",
        }
    )
    return rows
