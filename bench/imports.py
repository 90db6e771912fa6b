"""Benchmark of the court-list import: a generated 20,000-row court file imported into a
fresh database (checks, merge planning, writes, audit, undo data — everything), against
merely reading the same file with openpyxl in read-only mode. Beside it, against the same
baseline, what the import is made of: reading the file with python-calamine, reading and
planning without writing (``preview``), and the floor under the writes — exactly the rows
the import wrote, replayed with bare ``executemany`` (``_replay``), with and without the
audit entries.

Each measurement runs in a child process, so its peak memory is its own: the child reads
its high-water mark (``VmHWM``) from ``/proc/self/status``. Not ``ru_maxrss``: on exec,
Linux carries the peak of the address space being replaced into the new program's
``ru_maxrss``, so a child of a large parent (``make bench`` after generating 100,000
cases) would report the parent's peak (see bench/startup.py).
``python -m bench.imports`` prints the figures on its own.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROWS = 20_000
ROOT = Path(__file__).resolve().parent.parent
AGENCIES = [
    "新沂市人民政府",
    "新沂市棋盘镇人民政府",
    "新沂市草桥镇人民政府",
    "新沂市时集镇人民政府",
    "新沂市财政局",
    "新沂市住房和城乡建设局",
    "新沂市自然资源和规划局",
    "新沂市人力资源和社会保障局",
    "新沂市交通运输局",
    "新沂市墨河街道办事处",
    "新沂市窑湾镇人民政府",
    "新沂市水务局",
]
CAUSES = ["行政处罚", "行政许可", "政府信息公开", "房屋征收补偿", "不履行法定职责", "行政协议"]


def generate_court_file(path: Path, rows: int = ROWS, seed: int = 3) -> Path:
    """A court list as they arrive: title rows, mixed case-number and date forms, several
    defendants in a cell, amounts in 万元, a blank row and a totals row."""
    import openpyxl

    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("起诉案件")
    sheet.append(["新沂市人民法院行政案件收案清单"])
    sheet.append([])
    sheet.append(
        ["序号", "案号", "案由", "原告", "被告", "收案日期", "标的额（万元）", "承办人", "备注"]
    )
    start = dt.date(2024, 1, 1)
    for i in range(1, rows + 1):
        day = start + dt.timedelta(days=rng.randrange(600))
        forms = (
            f"（{day.year}）苏0381行初{i}号",
            f"({day.year})苏0381 行初 {i} 号",
            f"（{day.year}）苏0381行初{i}号 ",
        )
        dates = (
            day,
            day.strftime("%Y.%-m.%-d"),
            f"{day.year}年{day.month}月{day.day}日",
            day.strftime("%Y%m%d"),
        )
        defendants = "、".join(rng.sample(AGENCIES, rng.choice((1, 1, 1, 2))))
        sheet.append(
            [
                i,
                rng.choice(forms),
                rng.choice(CAUSES),
                f"原告{i % 997}",
                defendants,
                rng.choice(dates),
                round(rng.uniform(1, 500), 2),
                "张某",
                "",
            ]
        )
        if i == rows // 2:
            sheet.append([])
    sheet.append(["合计", f"{rows}件"])
    book.save(path)
    return path


def peak_mb() -> float:
    """This process's own peak resident memory in MB (VmHWM; ru_maxrss where no /proc)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def _child(argv: list[str]) -> None:
    import time

    what, file_path = argv[0], argv[1]
    started = time.perf_counter()
    seconds = None  # measured here, unless the measurement times itself
    if what == "replay":
        count, seconds = _replay(Path(file_path), Path(argv[2]), set(argv[3:]))
    elif what == "calamine":
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(file_path)
        count = sum(len(book.get_sheet_by_name(n).to_python()) for n in book.sheet_names)
    elif what == "openpyxl":
        import openpyxl

        book = openpyxl.load_workbook(file_path, read_only=True)
        count = sum(1 for sheet in book.worksheets for _ in sheet.iter_rows(values_only=True))
        book.close()
    else:
        from xinyi_desktop.services.court_import import preview
        from xinyi_desktop.services.court_import_write import apply_plan
        from xinyi_desktop.store.connection import default_user, init_db

        init_db(argv[2])
        started = time.perf_counter()  # the import, not opening the database
        plan = preview(file_path)
        if what == "import":  # "plan": reading, checking and planning only
            for _ in apply_plan(default_user(), plan):
                pass
        count = plan.counts()["created"]
    if seconds is None:
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb(), "count": count}))


def _replay(source: Path, target: Path, without: set[str]) -> tuple[int, float]:
    """The floor under any import of this design: exactly the rows the import wrote into
    ``source``, already encoded and held in memory, inserted into a fresh database of the
    same schema (indexes, foreign keys and the program's pragmas) with bare ``executemany``
    in one transaction, commit included. ``without``: tables left out, to show their share.
    Returns the rows written and the seconds."""
    import sqlite3
    import time

    import peewee as pw

    from xinyi_desktop.store.connection import SQLITE_PRAGMAS, init_db
    from xinyi_desktop.store.models import db
    from xinyi_desktop.store.schema import ALL_MODELS

    init_db(target)
    db.close()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target, isolation_level=None)
    for name, value in SQLITE_PRAGMAS.items():
        dst.execute(f"PRAGMA {name}={value}")
    batches = []
    for model in pw.sort_models(ALL_MODELS):
        table = model._meta.table_name
        if table in without:
            continue
        key = model._meta.primary_key.column_name
        seeded = {k for (k,) in dst.execute(f'SELECT "{key}" FROM "{table}"')}  # by init_db
        cursor = src.execute(f'SELECT * FROM "{table}"')
        at = [c[0] for c in cursor.description].index(key)
        rows = [r for r in cursor if r[at] not in seeded]
        if rows:
            marks = ", ".join("?" * len(rows[0]))
            batches.append((f'INSERT INTO "{table}" VALUES ({marks})', rows))
    started = time.perf_counter()
    dst.execute("BEGIN IMMEDIATE")
    for sql, rows in batches:
        dst.executemany(sql, rows)
    dst.execute("COMMIT")
    seconds = time.perf_counter() - started
    return sum(len(rows) for _, rows in batches), seconds


def _run(args: list[str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.imports", "--child", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(db_path: Path | None = None, repeat: int = 3) -> list[dict]:
    repeat = max(1, min(repeat, 5))
    with tempfile.TemporaryDirectory() as folder:
        court = generate_court_file(Path(folder) / "court.xlsx")
        reads = [_run(["openpyxl", str(court)]) for _ in range(repeat)]
        calamine = [_run(["calamine", str(court)]) for _ in range(repeat)]
        imports = [
            _run(["import", str(court), str(Path(folder) / f"db{i}.sqlite")]) for i in range(repeat)
        ]
        plans = [
            _run(["plan", str(court), str(Path(folder) / f"p{i}.sqlite")]) for i in range(repeat)
        ]
        source = str(Path(folder) / "db0.sqlite")
        replays = {
            without: [
                _run(["replay", source, str(Path(folder) / f"r{without}{i}.sqlite"), *without])
                for i in range(repeat)
            ]
            for without in ((), ("audit_entry",))
        }
    assert all(r["count"] == ROWS for r in imports), imports
    read = statistics.median(r["seconds"] for r in reads)
    took = statistics.median(r["seconds"] for r in imports)
    floors = [
        (statistics.median(r["seconds"] for r in runs), runs[0]["count"])
        for runs in replays.values()
    ]
    calamine_read = statistics.median(r["seconds"] for r in calamine)
    planned = statistics.median(r["seconds"] for r in plans)
    peak = max(r["peak_mb"] for r in imports)
    base_peak = max(r["peak_mb"] for r in reads)
    note = (
        f"导入为子进程中 `preview` + `apply_plan` 的墙钟时间"
        f"（{ROWS:,} 行生成的法院清单写入空数据库，"
        "含读取、表头识别、校验、比对、写入、审计与撤销记录、期限计算）；基线为同一文件用 openpyxl "
        "只读模式逐行读完；峰值内存为子进程自身的最大常驻内存（/proc/self/status 的 VmHWM）。"
    )
    return [
        {
            "metric": f"导入法院数据（{ROWS:,} 行 xlsx）",
            "result": f"{took:.2f} s",
            "baseline": f"{read:.2f} s（openpyxl 只读读取）",
            "ratio": took / read,
            "goal": "≤ 0.5×",
            "note": note,
        },
        {
            "metric": "　其中：python-calamine 读取同一文件",
            "result": f"{calamine_read:.2f} s",
            "baseline": f"{read:.2f} s（openpyxl 只读读取）",
            "ratio": calamine_read / read,
            "goal": "—",
        },
        {
            "metric": "　其中：读取、识别表头、校验与比对（`preview`，不写库）",
            "result": f"{planned:.2f} s",
            "baseline": f"{read:.2f} s（openpyxl 只读读取）",
            "ratio": planned / read,
            "goal": "—",
        },
        {
            "metric": f"　写入下限：仅 executemany 重放导入写入的 {floors[0][1]:,} 行",
            "result": f"{floors[0][0]:.2f} s",
            "baseline": f"{read:.2f} s（openpyxl 只读读取）",
            "ratio": floors[0][0] / read,
            "goal": "—",
            "note": (
                "写入下限：把导入实际写入的全部行（案件、当事人、法院通报记录、期限、审计记录、"
                "撤销记录等，已编码、预先读入内存）用裸 `sqlite3.executemany` 在一个事务中写入"
                "同一结构（含索引、外键和程序的 PRAGMA）的新库，含提交；不含审计记录一行为"
                "同样重放但不写审计表，示其份额。"
            ),
        },
        {
            "metric": f"　写入下限（不含审计记录，{floors[1][1]:,} 行）",
            "result": f"{floors[1][0]:.2f} s",
            "baseline": f"{read:.2f} s（openpyxl 只读读取）",
            "ratio": floors[1][0] / read,
            "goal": "—",
        },
        {
            "metric": "导入法院数据的峰值内存",
            "result": f"{peak:.0f} MB",
            "baseline": f"{base_peak:.0f} MB（openpyxl 只读读取）",
            "ratio": peak / base_peak,
            "goal": "< 300 MB",
        },
    ]


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2:])
    else:
        for row in measure(None, 3):
            print(
                f"{row['metric']}：{row['result']}，基线 {row['baseline']}，"
                f"比值 {row['ratio']:.2f}，目标 {row['goal']}"
            )
