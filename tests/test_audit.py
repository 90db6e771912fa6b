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


def test_cutting_the_end_and_the_head_with_it_is_found(history):
    # The head is in the schema version row: deleting it is not a way to hide a cut.
    tamper("DELETE FROM audit_entry WHERE id >= ?", history[-2])
    tamper("DELETE FROM schema_version")
    check = verify_chain()
    assert not check.intact and check.checked
    assert "校验记录（schema_version）已被删除或清空" in check.problem


def test_the_head_moves_with_every_append_in_the_same_transaction(history):
    from xinyi_desktop.store.models import SchemaVersion

    row = SchemaVersion.get()
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (row.audit_last_id, row.audit_last_hash, row.audit_count) == (
        last.id,
        last.entry_hash,
        len(history),
    )


def test_a_head_set_back_to_nothing_is_found(history):
    tamper("UPDATE schema_version SET audit_last_id = 0, audit_last_hash = '', audit_count = 0")
    check = verify_chain()
    assert not check.intact and "已被删除或清空" in check.problem


def test_a_dropped_log_cannot_be_checked_and_says_so(history):
    tamper("DROP TABLE audit_entry")
    check = verify_chain()
    assert not check.checked and not check.intact and "无法校验" in check.problem


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("statement", "named"),
    [
        ("UPDATE audit_entry SET new_values = '{不是 JSON' WHERE id = ?", True),
        ("UPDATE audit_entry SET at = '上周二' WHERE id = ?", True),
        ("DELETE FROM audit_entry WHERE id >= ?", False),
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


@pytest.mark.sqlite_only
def test_the_command_line_finds_the_end_cut_with_the_head_row(history, db_path, user_home):
    import sqlite3

    with sqlite3.connect(db_path) as con:
        con.execute("DELETE FROM audit_entry WHERE id >= ?", (history[-1],))
    con.close()
    result = verify_command(db_path, user_home, "DELETE FROM schema_version")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "校验记录（schema_version）已被删除或清空" in result.stdout


@pytest.mark.sqlite_only
@pytest.mark.parametrize(
    ("case", "why"),
    [
        ("missing", "不存在"),
        ("not a database", "检查未通过"),
        ("another program's", "不是本程序的数据库"),
        ("no audit table", "审计日志无法读取"),
    ],
)
def test_the_command_line_exits_1_when_it_cannot_check_at_all(
    history, db_path, user_home, tmp_path, case, why
):
    import sqlite3

    close_db()
    target = db_path
    if case == "missing":
        target = tmp_path / "没有这个文件.db"
    elif case == "not a database":
        target = tmp_path / "notes.db"
        target.write_text("这不是数据库", encoding="utf-8")
    elif case == "another program's":
        target = tmp_path / "other.db"
        with sqlite3.connect(target) as con:
            con.execute("CREATE TABLE things (id INTEGER PRIMARY KEY)")
        con.close()
    else:
        with sqlite3.connect(db_path) as con:
            con.execute("DROP TABLE audit_entry")
        con.close()
    result = verify_command(target, user_home)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "无法校验审计日志" in result.stdout and why in result.stdout


@pytest.mark.parametrize("head_row_kept", [True, False])
def test_version_18_moves_the_head_out_of_its_own_table(history, db_path, head_row_kept):
    """A database of version 17 or older kept the head in ``audit_head``: it is moved as
    it stands, so a head row deleted there (once a way to hide a cut end) still shows."""
    from xinyi_desktop.store import migrations
    from xinyi_desktop.store.connection import init_db
    from xinyi_desktop.store.models import SchemaVersion

    row = SchemaVersion.get()
    tamper(
        "CREATE TABLE audit_head"
        " (id INTEGER PRIMARY KEY, last_id INTEGER, last_hash TEXT, count INTEGER)"
    )
    if head_row_kept:
        tamper(
            "INSERT INTO audit_head VALUES (1, ?, ?, ?)",
            row.audit_last_id,
            row.audit_last_hash,
            row.audit_count,
        )
    tamper(
        "UPDATE schema_version SET version = 17,"
        " audit_last_id = 0, audit_last_hash = '', audit_count = 0"
    )
    close_db()
    init_db(db_path)
    assert SchemaVersion.get().version == migrations.CURRENT_VERSION
    assert not db.table_exists("audit_head")
    check = verify_chain()
    assert check.intact is head_row_kept
    if not head_row_kept:
        assert "已被删除或清空" in check.problem
