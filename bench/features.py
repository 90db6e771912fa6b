"""Benchmarks that features add: one module each, listed here.

A module has ``measure(db_path: Path, repeat: int) -> list[dict]``; each dict is one row of
the README table with the keys ``metric``, ``result``, ``baseline`` (text, in Chinese),
``ratio`` (float or None), ``goal`` (text) and optionally ``note`` (a line under the
table saying how it was measured). ``db_path`` is the 100,000-case benchmark database.
"""

from __future__ import annotations

import importlib
from pathlib import Path

FEATURE_MODULES: tuple[str, ...] = (
    "bench.deadlines",
    "bench.imports",
    "bench.letters",
    "bench.reports",
    "bench.bundle",
)


def measure_features(db_path: Path, repeat: int) -> list[dict]:
    rows: list[dict] = []
    for name in FEATURE_MODULES:
        print(f"测量 {name} …", flush=True)
        rows.extend(importlib.import_module(name).measure(db_path, repeat))
    return rows
