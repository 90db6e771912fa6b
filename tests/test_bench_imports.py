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


def test_the_write_floor_replays_every_row_the_import_wrote(tmp_path):
    import sqlite3

    from bench.imports import _replay, generate_court_file
    from xinyi_desktop.services.court_import import preview
    from xinyi_desktop.services.court_import_write import apply_plan
    from xinyi_desktop.store.connection import default_user, init_db
    from xinyi_desktop.store.models import db

    court = generate_court_file(tmp_path / "court.xlsx", rows=40)
    init_db(tmp_path / "empty.sqlite")  # what a fresh database holds before any import
    db.close()
    init_db(tmp_path / "source.sqlite")
    for _ in apply_plan(default_user(), preview(court)):
        pass
    db.close()

    def counts(path, leave_out=()):
        con = sqlite3.connect(path)
        tables = [t for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
        con.close()
        return {t: n for t, n in found.items() if t not in leave_out}

    written = sum(counts(tmp_path / "source.sqlite").values()) - sum(
        counts(tmp_path / "empty.sqlite").values()
    )
    count, seconds = _replay(tmp_path / "source.sqlite", tmp_path / "replay.sqlite", set())
    assert count == written > 40 * 4 and seconds > 0
    assert counts(tmp_path / "replay.sqlite") == counts(tmp_path / "source.sqlite")
    without, _ = _replay(tmp_path / "source.sqlite", tmp_path / "r2.sqlite", {"audit_entry"})
    audit = counts(tmp_path / "source.sqlite")["audit_entry"]
    assert without == written - audit + counts(tmp_path / "empty.sqlite")["audit_entry"]
