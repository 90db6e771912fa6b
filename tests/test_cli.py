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

    path = tmp_path / "chosen.db"
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
