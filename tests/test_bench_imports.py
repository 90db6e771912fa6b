"""The import benchmark measures the child's own peak memory, not one carried over from
the process it was spawned by."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHILD = (
    "import sys; sys.path.insert(0, sys.argv[1]); "
    "from bench.imports import peak_mb; print(peak_mb())"
)
# Grows to about 300 MB, then becomes a fresh interpreter that reports its peak.
PARENT = f"""
import os, sys
ballast = bytearray(300 * 1024 * 1024)
ballast[::4096] = b"x" * len(ballast[::4096])
os.execv(sys.executable, [sys.executable, "-c", {CHILD!r}, sys.argv[1]])
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="需要 Linux 的 /proc")
def test_the_peak_is_the_childs_own_after_exec():
    result = subprocess.run(
        [sys.executable, "-c", PARENT, str(ROOT)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 150  # the 300 MB of the replaced program are not counted
