"""The audit log seals each entry to the one before: tampering is found and named."""

import subprocess
import sys
from pathlib import Path

import pytest

from xinyi_desktop.services.audit import verify_chain
from xinyi_desktop.store.connection import close_db
from xinyi_desktop.store.models import AuditEntry, db

ROOT = Path(__file__).resolve().parent.parent


def tamper(statement: str, *params) -> None:
    """Change the database behind the program's back (either engine's placeholders)."""
    db.execute_sql(statement.replace("?", db.obj.param), params)


@pytest.fixture
def history(make_case, make_agency):
    make_agency("新沂市财政局")
    make_case("（2025）苏0381行初1号")
    make_case("（2025）苏0381行初2号")
    ids = [e.id for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert len(ids) >= 4
    return ids


def test_an_untouched_log_verifies(history):
    check = verify_chain()
    assert check.intact and check.entries == len(history)


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ('{"name": "别的单位"}', "内容被改动"),
        ("{不是 JSON", "无法读取"),  # not even JSON: a broken entry, not a crash
    ],
)
def test_an_edited_entry_is_named(history, stored, problem):
    target = history[1]
    tamper("UPDATE audit_entry SET new_values = ? WHERE id = ?", stored, target)
    check = verify_chain()
    assert check.broken_id == target and problem in check.problem


def test_a_deleted_entry_is_found_at_the_next(history):
    tamper("DELETE FROM audit_entry WHERE id = ?", history[1])
    check = verify_chain()
    assert check.broken_id == history[2] and "被删除" in check.problem


def test_removing_the_newest_entries_is_found(history):
    tamper("DELETE FROM audit_entry WHERE id = ?", history[-1])
    check = verify_chain()
    assert not check.intact and "末尾被删除" in check.problem


def verify_command(db_path, user_home, statement=None, *params):
    """``audit verify`` on the file, after ``statement`` changed it behind the program."""
    import os
    import sqlite3

    close_db()
    if statement:
        with sqlite3.connect(db_path) as con:
            con.execute(statement, params)
        con.close()
    env = {**os.environ, "XINYI_HOME": str(user_home)}
    command = [sys.executable, str(ROOT / "main.py"), "audit", "verify", "--db", str(db_path)]
    return subprocess.run(command, capture_output=True, text=True, encoding="utf-8", env=env)


@pytest.mark.sqlite_only
def test_command_line_exit_codes(history, db_path, user_home):
    ok = verify_command(db_path, user_home)
    assert ok.returncode == 0 and "完好" in ok.stdout
    statement = "UPDATE audit_entry SET action = 'delete' WHERE id = ?"
    bad = verify_command(db_path, user_home, statement, history[0])
    assert bad.returncode == 2 and f"第 {history[0]} 条" in bad.stdout


def test_a_dropped_check_table_makes_a_broken_log_not_a_crash(history):
    tamper("DROP TABLE audit_head")
    check = verify_chain()
    assert not check.intact and "audit_head" in check.problem


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE audit_entry SET new_values = '{不是 JSON' WHERE id = ?", True),
        ("UPDATE audit_entry SET at = '上周二' WHERE id = ?", True),
        ("DROP TABLE audit_head", False),
    ],
)
def test_the_command_line_reports_a_damaged_log_with_exit_2(
    history, db_path, user_home, statement, named
):
    params = (history[1],) if "?" in statement else ()
    result = verify_command(db_path, user_home, statement, *params)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "校验失败" in result.stdout
    if named:
        assert f"第 {history[1]} 条" in result.stdout
