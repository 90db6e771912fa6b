"""Start-up time and peak memory of the program, against a bare Qt window as baseline.

Each measurement is a fresh child process: wall time from spawn to exit, and the child's
own peak resident memory from ``os.wait4`` (``getrusage(RUSAGE_CHILDREN)`` would mix every
child run so far).

The child is spawned by a tiny wrapper process, not by this one: on exec, Linux carries the
peak RSS of the address space being replaced into the new program's ``ru_maxrss``, and
``subprocess`` spawns with vfork, so a child of this (large, after generating 100,000
cases) process would report this process's peak instead of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHILD_TIMEOUT_S = 120.0

# The baseline: what any PySide6 program pays to put one window on screen.
BARE_WINDOW = """\
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
"""


# Spawns argv[2:], waits for it, writes its wall time, peak RSS and exit code to argv[1].
WRAPPER = """\
import json, os, sys, time
started = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    json.dump([seconds, usage.ru_maxrss, os.waitstatus_to_exitcode(status)], out)
"""


@dataclass
class ChildRun:
    seconds: float
    peak_mb: float | None  # None where os.wait4 is missing (Windows)
    returncode: int
    stderr_tail: str


@dataclass
class StartupResult:
    bare: list[ChildRun] = field(default_factory=list)
    app: list[ChildRun] = field(default_factory=list)
    app_error: str | None = None  # why the program could not be measured

    @staticmethod
    def _median(values: list[float | None]) -> float | None:
        present = [v for v in values if v is not None]
        return statistics.median(present) if present else None

    def median_seconds(self, runs: list[ChildRun]) -> float | None:
        return self._median([r.seconds for r in runs])

    def median_peak_mb(self, runs: list[ChildRun]) -> float | None:
        return self._median([r.peak_mb for r in runs])


def child_env(home: Path, *, exit_when_shown: bool) -> dict[str, str]:
    """The parent's environment, headless, with a throw-away user folder."""
    env = dict(os.environ)
    env.pop("XINYI_DB", None)
    # Python's normal bytecode cache, as on an office PC (the installed program ships .pyc):
    # some shells here set this, and then every start would compile the program's sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XINYI_HOME"] = str(home)
    if exit_when_shown:
        env["XINYI_EXIT_WHEN_SHOWN"] = "1"
    return env


def run_child(argv: list[str], env: dict[str, str], timeout: float = CHILD_TIMEOUT_S) -> ChildRun:
    """Run one child to its end; a child still running after ``timeout`` is killed."""
    if not hasattr(os, "wait4"):
        return _run_child_plain(argv, env, timeout)
    with tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as tmp:
        figures = Path(tmp) / "figures.json"
        # A session of its own, so a timeout can end the wrapper and the child together.
        proc = subprocess.Popen(
            [sys.executable, "-S", "-c", WRAPPER, str(figures), *argv],
            cwd=PROJECT_ROOT,
            env=env,
            start_new_session=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        tail = _tail(err)
        if not figures.exists():
            return ChildRun(timeout, None, proc.returncode or -signal.SIGKILL, tail)
        seconds, max_rss, returncode = json.loads(figures.read_text(encoding="utf-8"))
    # ru_maxrss is KiB on Linux, bytes on macOS.
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return ChildRun(seconds, max_rss / scale, returncode, tail)


def _run_child_plain(argv: list[str], env: dict[str, str], timeout: float) -> ChildRun:
    """Windows: wall time only, no peak memory."""
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=PROJECT_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        seconds = time.perf_counter() - started
        return ChildRun(seconds, None, proc.returncode, _tail(err))


def _tail(err) -> str:
    err.seek(0)
    return err.read()[-3000:].decode("utf-8", errors="replace")


def measure_startup(
    db_path: Path, repeat: int, *, app_argv: list[str] | None = None
) -> StartupResult:
    """``repeat`` bare windows and ``repeat`` program starts, interleaved, after a warm-up.

    The program gets its own copy of the database, so nothing it writes reaches the cache.
    ``app_argv`` replaces ``main.py`` (for testing this harness); ``{db}`` is filled in.
    """
    result = StartupResult()
    with tempfile.TemporaryDirectory(prefix="xinyi-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        db_copy = Path(tmp) / db_path.name
        shutil.copyfile(db_path, db_copy)
        bare_argv = [sys.executable, "-c", BARE_WINDOW]
        template = app_argv or [sys.executable, "main.py", "--db", "{db}"]
        argv = [part.replace("{db}", str(db_copy)) for part in template]
        bare_env = child_env(home, exit_when_shown=False)
        app_env = child_env(home, exit_when_shown=True)
        # Warm-up, not counted: compiles .pyc files and fills the OS file cache.
        _check(run_child(bare_argv, bare_env), "bare window")
        warm = run_child(argv, app_env)
        result.app_error = _failure(warm)
        for _ in range(repeat):
            result.bare.append(_check(run_child(bare_argv, bare_env), "bare window"))
            if result.app_error is None:
                run = run_child(argv, app_env)
                result.app_error = _failure(run)
                if result.app_error is None:
                    result.app.append(run)
    return result


def _failure(run: ChildRun) -> str | None:
    if run.returncode == 0:
        return None
    if run.returncode < 0 and run.seconds >= CHILD_TIMEOUT_S:
        # Printed in the README's notes, hence Chinese.
        return f"{CHILD_TIMEOUT_S:.0f} 秒内未退出（程序是否处理了 XINYI_EXIT_WHEN_SHOWN？）"
    lines = [line for line in run.stderr_tail.strip().splitlines() if line.strip()]
    return f"退出码 {run.returncode}：" + (lines[-1] if lines else "无错误输出")


def _check(run: ChildRun, what: str) -> ChildRun:
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed (exit code {run.returncode}):\n{run.stderr_tail}")
    return run
