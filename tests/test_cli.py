"""The command line prints what it promises."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.store.connection import close_db

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env_home):
    import os

    env = {**os.environ, "XINYI_HOME": str(env_home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_version(user_home):
    result = run("--version", env_home=user_home)
    assert result.returncode == 0
    assert "新沂市政府机构失信治理工作台" in result.stdout


def test_cases_json_has_the_promised_keys(db_path, make_case, make_agency, user_home):
    import datetime as dt

    make_case("(2025)苏0381行初12号", plaintiffs=["王伟"], cause="行政处罚")
    make_case(
        "（2024）苏0381执3号",
        stage=Stage.DISHONEST,
        defendants=["新沂市财政局"],
        judgment_effective_on=dt.date(2024, 1, 2),
        listed_on=dt.date(2024, 5, 6),
        filed_on=dt.date(2024, 4, 1),
    )
    make_agency("新沂市水务局", credit_code="113203810000000000")
    close_db()
    result = run("cases", "--db", str(db_path), "--json", env_home=user_home)
    assert result.returncode == 0, result.stderr
    rows = {row["case_no"]: row for row in json.loads(result.stdout)}
    row = rows["（2025）苏0381行初12号"]
    assert row["stage"] == "sued" and row["plaintiffs"] == ["王伟"]
    assert row["defendants"] == ["新沂市棋盘镇人民政府"] and row["filed_on"] == "2025-03-05"
    assert row["judgment_effective_on"] is None
    listed = rows["（2024）苏0381执3号"]
    assert listed["stage"] == "dishonest" and listed["listed_on"] == "2024-05-06"
    for key in (
        "case_no",
        "stage",
        "cause",
        "plaintiffs",
        "defendants",
        "filed_on",
        "judgment_effective_on",
        "performance_deadline",
        "listed_on",
    ):
        assert key in row

    result = run("agencies", "--db", str(db_path), "--json", env_home=user_home)
    agencies = {a["name"]: a for a in json.loads(result.stdout)}
    assert agencies["新沂市水务局"]["credit_code_valid"] is False
    assert agencies["新沂市棋盘镇人民政府"]["credit_code_valid"] is None


@pytest.mark.parametrize("variable", [False, True])
def test_the_database_comes_from_db_or_the_variable(tmp_path, user_home, variable):
    import os

    from xinyi_desktop.store.connection import init_db

    path = tmp_path / "chosen.db"
    init_db(path)
    close_db()
    if variable:
        os.environ["XINYI_DB"] = str(path)
        try:
            result = run("cases", "--json", env_home=user_home)
        finally:
            del os.environ["XINYI_DB"]
    else:
        result = run("cases", "--db", str(path), "--json", env_home=user_home)
    assert result.returncode == 0 and json.loads(result.stdout) == []
    assert path.exists()


@pytest.mark.parametrize("command", [["cases", "--json"], ["agencies"], ["audit", "verify"]])
def test_a_mistyped_path_is_refused_and_no_empty_database_made(tmp_path, user_home, command):
    typo = tmp_path / "typo.db"
    result = run(*command, "--db", str(typo), env_home=user_home)
    if command[0] == "audit":  # a log that cannot be checked: 1, not 2 (a broken log)
        assert result.returncode == 1 and "无法校验" in result.stdout
        assert "不存在" in result.stdout and "typo.db" in result.stdout
    else:
        assert result.returncode == 2 and "不存在" in result.stderr and "typo.db" in result.stderr
    assert not typo.exists()


def test_without_db_the_address_set_on_this_pc_is_used(tmp_path, user_home):
    from xinyi_desktop import local_config
    from xinyi_desktop.services.cases import CaseInput, create_case
    from xinyi_desktop.store.connection import default_user, init_db

    chosen = tmp_path / "office.db"
    init_db(chosen)
    create_case(
        default_user(), CaseInput(case_no="（2025）苏0381行初7号", defendants=["新沂市财政局"])
    )
    close_db()
    local_config.set_database_address(str(chosen))  # as 设置 → 数据库 saves it
    result = run("cases", "--json", env_home=user_home)
    assert result.returncode == 0, result.stderr
    assert [row["case_no"] for row in json.loads(result.stdout)] == ["（2025）苏0381行初7号"]
    assert not (user_home / "xinyi.db").exists()


def test_the_demo_is_built_for_the_command_line_too_and_an_empty_one_rebuilt(user_home):
    from xinyi_desktop.store.connection import init_db

    init_db(user_home / "demo.db")  # what an older program left: an empty demo
    close_db()
    result = run("--demo", "cases", "--json", env_home=user_home)
    assert result.returncode == 0, result.stderr
    stages = {row["stage"] for row in json.loads(result.stdout)}
    assert stages == {"sued", "lost", "dishonest", "closed"}
    assert not list(user_home.glob(".demo-building*"))


def test_a_user_named_on_the_command_line_acts_with_that_role(db_path, actor, user_home, tmp_path):
    import os

    from xinyi_desktop.services.accounts import create_user

    create_user(actor, "du", "杜", "password123", "readonly")
    close_db()
    out = tmp_path / "full.xlsx"
    os.environ["XINYI_PASSWORD"] = "password123"
    try:
        full = run(
            "dishonesty-export",
            "--db",
            str(db_path),
            "--out",
            str(out),
            "--full",
            "--user",
            "du",
            env_home=user_home,
        )
    finally:
        del os.environ["XINYI_PASSWORD"]
    assert full.returncode == 2 and "只读" in full.stderr and not out.exists()


def _parsers():
    """The program's parser and every sub-command's, by the words that call them."""
    import argparse

    from xinyi_desktop.cli import build_parser

    found, todo = {}, [("main.py", build_parser())]
    while todo:
        name, parser = todo.pop()
        found[name] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                todo += [(f"{name} {sub}", p) for sub, p in action.choices.items()]
    return found


ENGLISH = ("usage:", "positional arguments", "options:", "optional arguments", "show this help")


@pytest.mark.parametrize("name", sorted(_parsers()))
def test_every_help_text_is_chinese_and_keeps_the_option_names(name):
    parser = _parsers()[name]
    text = parser.format_help()
    assert not [word for word in ENGLISH if word in text]
    assert "show program's version" not in text
    assert text.startswith("用法：") and "-h, --help" in text and "显示此帮助信息并退出" in text
    for action in parser._actions:
        for option in action.option_strings:
            assert option in text  # --from, --to, --db … as they were
        if not action.option_strings and "_" in action.dest:
            assert action.dest not in text  # an internal name such as audit_action


def test_help_and_a_usage_error_on_the_command_line_are_chinese(user_home):
    shown = run("--help", env_home=user_home)
    assert shown.returncode == 0 and shown.stdout.startswith("用法：main.py")
    assert "命令" in shown.stdout and "deadlines" in shown.stdout
    wrong = run("deadlines", "--from", "2026-11-01", env_home=user_home)
    assert wrong.returncode == 2
    assert "main.py deadlines：错误：缺少必须给出的参数：--to" in wrong.stderr
    assert "usage" not in wrong.stderr and "required" not in wrong.stderr
    bare = run("audit", env_home=user_home)
    assert bare.returncode == 2 and "缺少必须给出的参数：操作" in bare.stderr
    assert "audit_action" not in bare.stderr
