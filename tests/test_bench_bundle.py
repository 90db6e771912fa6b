"""The benchmark rows for the built program: size and start-up, or why they are missing."""

import os
import sys

import pytest

from bench import bundle


def test_rows_say_the_bundle_is_not_built(tmp_path):
    rows = bundle.measure(tmp_path / "cases.db", 1, bundle_dir=tmp_path / "missing")
    assert [r["metric"] for r in rows] == ["打包后的程序文件夹大小", "打包后的程序启动至首页"]
    assert all(r["result"] == "未构建（先运行 make dist）" and r["ratio"] is None for r in rows)


def test_folder_size_counts_every_file(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.bin").write_bytes(b"x" * 1000)
    (tmp_path / "two.bin").write_bytes(b"y" * 24)
    assert bundle.folder_size(tmp_path) == (1024, 2)


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in program is a shell script")
def test_a_built_program_is_started_and_measured(tmp_path):
    folder = tmp_path / "XinyiCreditDesk"
    folder.mkdir()
    exe = bundle.executable(folder)
    exe.write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    os.chmod(exe, 0o755)
    db = tmp_path / "cases.db"
    db.write_bytes(b"")
    size_row, start_row = bundle.measure(db, 1, bundle_dir=folder)
    assert size_row["result"] == "0 MB"
    assert start_row["result"].endswith(" s") and start_row["ratio"] is not None
    assert "1 个文件" in start_row["note"]
