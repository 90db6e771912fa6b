"""Turn the measurements into results.json, a Markdown table, and the README's bench block.

Everything printed here is for readers of the README, so it is in Chinese.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sqlite3
from pathlib import Path

from bench.search import SCAN_SQL, SearchResult
from bench.startup import StartupResult

README_START = "<!-- bench:start -->"
README_END = "<!-- bench:end -->"
STARTUP_GOAL_RATIO = 3.0
MEMORY_GOAL_MB = 200.0
SEARCH_GOAL_MS = 50.0


def machine_info() -> dict:
    return {
        "date": dt.date.today().isoformat(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def _ratio(value: float | None, base: float | None) -> float | None:
    return value / base if value is not None and base else None


def collect(
    cases: int, repeat: int, generation: dict, startup: StartupResult, search: SearchResult
) -> dict:
    """All figures as plain data: what results.json holds and the table is drawn from."""
    bare_s = startup.median_seconds(startup.bare)
    app_s = startup.median_seconds(startup.app)
    bare_mb = startup.median_peak_mb(startup.bare)
    app_mb = startup.median_peak_mb(startup.app)
    return {
        "machine": machine_info(),
        "cases": cases,
        "repeat": repeat,
        "generation": generation,
        "startup": {
            "app_median_s": app_s,
            "bare_window_median_s": bare_s,
            "ratio": _ratio(app_s, bare_s),
            "goal_ratio": STARTUP_GOAL_RATIO,
            "app_runs_s": [r.seconds for r in startup.app],
            "bare_runs_s": [r.seconds for r in startup.bare],
            "app_error": startup.app_error,
        },
        "memory": {
            "app_peak_median_mb": app_mb,
            "bare_window_peak_median_mb": bare_mb,
            "ratio": _ratio(app_mb, bare_mb),
            "goal_mb": MEMORY_GOAL_MB,
        },
        "search": {
            "count_median_ms": search.count_median_ms,
            "scan_median_ms": search.scan_median_ms,
            "scan_sql": SCAN_SQL,
            "goal_ms": SEARCH_GOAL_MS,
            "queries": [
                {
                    "key": t.query.key,
                    "label": t.query.label,
                    "filter": {k: v for k, v in vars(t.query.flt).items() if v},
                    "matches": t.matches,
                    "median_ms": t.median_ms,
                    "worst_ms": t.worst_ms,
                    "ratio": _ratio(t.median_ms, search.scan_median_ms),
                    "runs_ms": t.times_ms,
                }
                for t in search.timings
            ],
        },
    }


def _num(value: float | None, unit: str, digits: int = 2) -> str:
    return "未测得" if value is None else f"{value:.{digits}f} {unit}"


def _times(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.1f}×"


def markdown_table(results: dict) -> str:
    start, memory, search = results["startup"], results["memory"], results["search"]
    cases = f"{results['cases']:,}"
    rows = [
        (
            f"启动至首页（工作台）显示完毕（{cases} 件）",
            _num(start["app_median_s"], "s"),
            f"{_num(start['bare_window_median_s'], 's')}（空白 Qt 窗口）",
            _times(start["ratio"]),
            f"≤ {STARTUP_GOAL_RATIO:g}×",
        ),
        (
            "启动至首页的峰值内存",
            _num(memory["app_peak_median_mb"], "MB", 0),
            f"{_num(memory['bare_window_peak_median_mb'], 'MB', 0)}（空白 Qt 窗口）",
            _times(memory["ratio"]),
            f"< {MEMORY_GOAL_MB:g} MB",
        ),
    ]
    scan = f"{search['scan_median_ms']:.1f} ms（逐行计数）"
    for query in search["queries"]:
        rows.append(
            (
                f"{query['label']}（{query['matches']:,} 件）",
                f"{query['median_ms']:.1f} ms（最差 {query['worst_ms']:.1f} ms）",
                scan,
                _times(query["ratio"]),
                f"< {SEARCH_GOAL_MS:g} ms",
            )
        )
    for row in results.get("features", []):
        rows.append(
            (row["metric"], row["result"], row["baseline"], _times(row["ratio"]), row["goal"])
        )
    lines = ["| 指标 | 本次结果 | 基线 | 比值 | 目标 |", "| --- | --- | --- | --- | --- |"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def notes(results: dict) -> list[str]:
    """The lines under the table: how each figure was taken."""
    machine, search = results["machine"], results["search"]
    lines = [
        f"各项取 {results['repeat']} 次测量的中位数（另有一次预热不计）。"
        "启动与内存为子进程（offscreen 平台）从启动到退出的墙钟时间与峰值常驻内存；"
        "搜索为登记表的实际查询：`CaseIds`（有筛选时一次取出全部匹配，"
        "无筛选时只计数并取第一批）加取首屏 200 行 `fetch_rows`。",
        f"搜索的基线为逐行计数 `{search['scan_sql']}`；"
        f"单纯的 `SELECT COUNT(*)` 只数 B 树、不读行（本机 {search['count_median_ms']:.3f} ms），"
        "不能反映机器速度。",
    ]
    lines += [row["note"] for row in results.get("features", []) if row.get("note")]
    error = results["startup"]["app_error"]
    if error:
        lines.append(f"本次未能测得程序启动：{error}")
    lines.append(
        f"测量于 {machine['date']}，命令：`make bench`"
        f"（{machine['cpu_count']} 个 CPU，Python {machine['python']}，"
        f"SQLite {machine['sqlite']}）。"
    )
    return lines


def readme_block(results: dict) -> str:
    return markdown_table(results) + "\n\n" + "\n\n".join(notes(results))


def update_readme(readme: Path, block: str) -> str:
    """Replace the text between the bench markers; never creates the file or the markers."""
    if not readme.exists():
        return f"{readme} 不存在，未写入结果。"
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return f"{readme} 中没有 {README_START} … {README_END} 标记，未写入结果。"
    head = text[: start + len(README_START)]
    readme.write_text(head + "\n" + block + "\n" + text[end:], encoding="utf-8", newline="")
    return f"已更新 {readme} 中的测试结果。"


def write_json(path: Path, results: dict) -> None:
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
