"""``report-due`` and ``deadlines`` on the command line; the Excel export."""

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

from xinyi_desktop.services.events import record_manual_event

ROOT = Path(__file__).resolve().parent.parent


def run(*args, home):
    import os

    env = {**os.environ, "XINYI_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XINYI_DB", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_report_due_as_promised(user_home):
    result = run("report-due", "--month", "2026-11", "--json", home=user_home)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "month": "2026-11",
        "due_on": "2026-11-27",
        "calendar_known": True,
    }
    result = run("report-due", "--month", "2027-01", "--json", home=user_home)
    assert json.loads(result.stdout)["calendar_known"] is False
    result = run("report-due", "--month", "2026-13", home=user_home)
    assert result.returncode == 2 and "YYYY-MM" in result.stderr


def test_deadlines_over_a_range(db_path, actor, make_case, user_home):
    case = make_case()
    record_manual_event(
        actor,
        case.id,
        "court_notice",
        on=dt.date(2025, 1, 24),
        summary="通报",
        today=dt.date(2026, 11, 25),
    )
    from xinyi_desktop.store.connection import close_db

    close_db()
    result = run(
        "deadlines",
        "--db",
        str(db_path),
        "--from",
        "2025-02-01",
        "--to",
        "2025-02-28",
        "--json",
        home=user_home,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [{k: r[k] for k in ("case_no", "agency", "kind", "due_on")} for r in rows] == [
        {
            "case_no": "（2025）苏0381行初1号",
            "agency": "新沂市棋盘镇人民政府",
            "kind": "reminder_letter",
            "due_on": "2025-02-05",
        }
    ]
    assert rows[0]["status"] == "overdue" and rows[0]["rule"].startswith("致函提醒")
    assert set(rows[0]) >= {"case_no", "agency", "kind", "due_on", "status", "rule"}


def test_the_excel_export_never_starts_a_formula(db_path, actor, make_case, tmp_path):
    from openpyxl import load_workbook

    from xinyi_desktop.documents.deadline_export import write_deadlines
    from xinyi_desktop.services.court_import import run_to_end
    from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines

    make_case(defendants=['=HYPERLINK("http://x")'])
    rows = list_deadlines(DeadlineFilter())
    path = run_to_end(write_deadlines(rows, tmp_path / "x.xlsx"))
    sheet = load_workbook(path).active
    assert sheet["A3"].value == "到期日"
    assert sheet["E4"].value == '=HYPERLINK("http://x")'  # reads exactly as typed …
    assert sheet["E4"].data_type == "s" and sheet["E4"].quotePrefix  # … and stays text
    assert isinstance(sheet["A4"].value, dt.datetime)


def test_a_range_whose_start_is_after_its_end_is_refused_naming_both(user_home):
    result = run("deadlines", "--from", "2026-12-01", "--to", "2026-11-01", home=user_home)
    assert result.returncode == 2
    assert "起始日期2026-12-01晚于截止日期2026-11-01" in result.stderr


def test_the_calendar_export_is_the_registers_deadline_sheet(db_path, actor, make_case, tmp_path):
    from openpyxl import load_workbook

    from xinyi_desktop.documents.deadline_export import write_deadlines
    from xinyi_desktop.reports.register import write_register
    from xinyi_desktop.services.court_import import run_to_end
    from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines

    for n in (1, 2):
        make_case(f"（2025）苏0381行初{n}号", defendants=["新沂市财政局"])
    today = dt.date.today()
    rows = list_deadlines(DeadlineFilter(), today)
    assert rows
    alone = load_workbook(run_to_end(write_deadlines(rows, tmp_path / "期限.xlsx"))).active
    book = load_workbook(write_register(tmp_path / "台账.xlsx", today=today))

    def cells(sheet):
        return [row for row in sheet.iter_rows(min_row=3, values_only=True)]

    assert cells(alone) == cells(book["期限"])
    assert cells(alone)[0][:3] == ("到期日", "期限", "状态")
