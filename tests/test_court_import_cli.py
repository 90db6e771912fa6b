"""``import`` on the command line: one JSON object of the same keys for every file, a
refusal among them as its error; a dry run writes nothing, not even a new file."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from court_files import write_xlsx

from xinyi_desktop.errors import ImportRefused
from xinyi_desktop.services.court_import import REPORT_KEYS, preview

ROOT = Path(__file__).resolve().parent.parent


def run_import(home, *args):
    import os

    env = {**os.environ, "XINYI_HOME": str(home)}
    env.pop("XINYI_DB", None)
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "import", *map(str, args), "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    decoder, objects, text = json.JSONDecoder(), [], result.stdout.strip()
    while text:
        value, end = decoder.raw_decode(text)
        objects.append(value)
        text = text[end:].strip()
    return result.returncode, objects


def two_sheets(path):
    return write_xlsx(
        path,
        None,
        sheets={
            "说明": [["本文件含起诉、败诉两张表"]],
            "起诉案件": [
                ["案号", "原告", "被告", "立案日期"],
                ["（2025）苏0381行初801号", "甲", "新沂市财政局", "2025-01-05"],
            ],
            "败诉案件": [
                ["案号", "原告", "败诉政府机关", "判决日期", "生效日期", "履行期限"],
                ["（2025）苏0381行初802号", "乙", "新沂市水务局", "2025-02-01", "2025-02-20",
                 "2025-03-20"],
            ],
        },
    )  # fmt: skip


@pytest.mark.sqlite_only
def test_every_file_reports_the_same_keys_and_a_refusal_is_its_error(tmp_path, user_home):
    mixed = two_sheets(tmp_path / "M.xlsx")
    noise = tmp_path / "G_random.xlsx"
    noise.write_bytes(random.Random(7).randbytes(3000))
    status, (first, refused) = run_import(user_home, mixed, noise, "--db", tmp_path / "x.db")
    assert status == 2
    for report in (first, refused):
        assert set(REPORT_KEYS) | {"refused", "message", "sheets"} <= set(report)
    assert first["kind"] == "mixed" and first["created"] == 2 and first["refused"] is False
    assert [(s["sheet"], s["kind"]) for s in first["sheets"]] == [
        ("起诉案件", "suits"),
        ("败诉案件", "lost"),
    ]
    assert refused["refused"] is True and refused["created"] == 0
    assert "无法识别的文件格式" in refused["message"]
    assert refused["errors"] == [{"row": None, "column": "", "message": refused["message"]}]


@pytest.mark.sqlite_only
def test_a_dry_run_writes_nothing_not_even_the_file(tmp_path, user_home):
    target = tmp_path / "new" / "x.db"
    status, (report,) = run_import(
        user_home, two_sheets(tmp_path / "M.xlsx"), "--db", target, "--dry-run"
    )
    assert status == 0 and report["dry_run"] is True and report["created"] == 2
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize("seed", range(5))
def test_random_bytes_are_refused_as_no_spreadsheet(tmp_path, seed):
    path = tmp_path / "court.xlsx"
    path.write_bytes(random.Random(seed).randbytes(3000))
    with pytest.raises(ImportRefused, match="court.xlsx.*无法识别的文件格式"):
        preview(path)
