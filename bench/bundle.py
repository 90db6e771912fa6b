"""The built program (``make dist``): its folder's size and its start-up on the benchmark database.

Measured only when ``dist/XinyiCreditDesk`` exists; the rows then say so instead. Start-up is
the same measurement as the source program's (bench.startup), against a bare Qt window
started in the same run, so the two start-ups compare directly.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench.startup import PROJECT_ROOT, measure_startup

BUNDLE_DIR = PROJECT_ROOT / "dist" / "XinyiCreditDesk"
BUNDLE_GOAL_MB = 150.0  # issue 9's goal for the folder
# The start-up goal (≤ 3× a bare window) is the source program's; the bundle's is reported
# beside it for comparison, without a goal of its own.


def executable(bundle_dir: Path = BUNDLE_DIR) -> Path:
    return bundle_dir / ("XinyiCreditDesk.exe" if sys.platform == "win32" else "XinyiCreditDesk")


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and number of files under ``folder`` (symbolic links not followed)."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def measure(db_path: Path, repeat: int, bundle_dir: Path = BUNDLE_DIR) -> list[dict]:
    exe = executable(bundle_dir)
    if not exe.exists():
        missing = "未构建（先运行 make dist）"
        return [
            _row("打包后的程序文件夹大小", missing, "—", None, f"< {BUNDLE_GOAL_MB:g} MB"),
            _row("打包后的程序启动至首页", missing, "—", None, "—"),
        ]
    size, count = folder_size(bundle_dir)
    size_mb = size / 1024 / 1024
    startup = measure_startup(db_path, repeat, app_argv=[str(exe), "--db", "{db}"])
    bare_s = startup.median_seconds(startup.bare)
    app_s = startup.median_seconds(startup.app)
    if startup.app_error or app_s is None:
        result, ratio = f"未测得：{startup.app_error}", None
    else:
        result, ratio = f"{app_s:.2f} s", app_s / bare_s if bare_s else None
    note = (
        "打包后的程序：`make dist` 构建的单文件夹程序（PyInstaller），大小为文件夹内全部文件之和"
        f"（{count} 个文件）；启动的测法与源码运行相同（同一测试库、offscreen 平台、"
        "到首页显示完毕退出），基线为同一次运行中的空白 Qt 窗口（源码运行的 Python）。"
    )
    return [
        _row("打包后的程序文件夹大小", f"{size_mb:.0f} MB", "—", None, f"< {BUNDLE_GOAL_MB:g} MB"),
        _row(
            "打包后的程序启动至首页",
            result,
            f"{bare_s:.2f} s（空白 Qt 窗口）" if bare_s else "未测得",
            ratio,
            "—",
            note,
        ),
    ]


def _row(metric: str, result: str, baseline: str, ratio, goal: str, note: str = "") -> dict:
    row = {"metric": metric, "result": result, "baseline": baseline, "ratio": ratio, "goal": goal}
    if note:
        row["note"] = note
    return row
