"""The registers workbook opened with openpyxl; sending the monthly report; the commands."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.reports.register import SHEETS, write_register
from xinyi_desktop.rules.permissions import PermissionDenied
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import reports
from xinyi_desktop.services.case_query import CaseFilter
from xinyi_desktop.services.deadline_sync import ensure_monthly_reports
from xinyi_desktop.store.connection import close_db
from xinyi_desktop.store.models import Agency

ROOT = Path(__file__).resolve().parent.parent
HYPERLINK = '=HYPERLINK("http://example.com","点此")'


@pytest.fixture
def cases(make_case):
    make_case(
        "（2025）苏0381行初1号",
        plaintiffs=["-王伟"],
        cause=HYPERLINK,
        filed_on=dt.date(2025, 3, 5),
        note="@备注",
    )
    make_case(
        "（2026）苏0381执3号",
        stage=Stage.DISHONEST,
        defendants=["新沂市财政局"],
        plaintiffs=["李丽"],
        judgment_effective_on=dt.date(2025, 1, 2),
        listed_on=dt.date(2026, 5, 6),
        filed_on=dt.date(2026, 4, 1),
    )


def test_the_register_has_every_sheet_headers_frozen_panes_and_real_dates(cases, tmp_path):
    path = write_register(tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == list(SHEETS)
    for sheet in book:
        assert sheet.freeze_panes == "A4", sheet.title
        assert sheet["A1"].value.startswith("新沂市信用办 政府机构失信治理台账")
        assert "导出日期" in sheet["A2"].value
        assert sheet.auto_filter.ref.startswith("A3:")
    cases_sheet = book["案件"]
    headers = [c.value for c in cases_sheet[3]]
    assert headers[:6] == ["案号", "阶段", "结果", "案由", "原告", "被告单位"]
    rows = {r[0].value: r for r in cases_sheet.iter_rows(min_row=4)}
    first = rows["（2025）苏0381行初1号"]
    filed = first[headers.index("立案日期")]
    assert filed.is_date and filed.value.date() == dt.date(2025, 3, 5)
    assert first[1].fill.fgColor.rgb.endswith("DDEBF7")  # 起诉 coloured
    assert book["失信单位"]["A4"].value == "新沂市财政局"
    assert book["失信单位"]["D4"].value == "在列"
    lost = book["败诉案件"]
    assert [c.value for c in lost[4]][0] == "（2026）苏0381执3号"
    assert cases_sheet.column_dimensions["A"].width == 26


def test_a_formula_typed_into_a_case_stays_text_and_reads_the_same(cases, tmp_path):
    path = write_register(tmp_path / "台账.xlsx")
    sheet = openpyxl.load_workbook(path)["案件"]
    headers = [c.value for c in sheet[3]]
    row = next(r for r in sheet.iter_rows(min_row=4) if r[0].value == "（2025）苏0381行初1号")
    for column, typed in (("案由", HYPERLINK), ("原告", "-王伟"), ("备注", "@备注")):
        cell = row[headers.index(column)]
        assert cell.value == typed  # no apostrophe added to the text
        assert cell.data_type == "s" and cell.quotePrefix  # and Excel keeps it text
    plain = row[headers.index("被告单位")]
    assert plain.data_type == "s" and not plain.quotePrefix


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (dict(year=2025), ["（2025）苏0381行初1号"]),
        (dict(stage="dishonest"), ["（2026）苏0381执3号"]),
        (dict(agency="新沂市财政局"), ["（2026）苏0381执3号"]),
        (dict(), ["（2025）苏0381行初1号", "（2026）苏0381执3号"]),
    ],
)
def test_filters_carry_into_the_export(cases, tmp_path, flt, expected):
    if "agency" in flt:
        flt = {"agency_id": Agency.get(Agency.name == flt.pop("agency")).id}
    path = write_register(tmp_path / "f.xlsx", CaseFilter(**flt))
    book = openpyxl.load_workbook(path)
    assert [r[0].value for r in book["案件"].iter_rows(min_row=4)] == expected
    if flt:
        assert "范围：全部案件" not in book["案件"]["A2"].value


def test_sending_is_recorded_and_the_monthly_deadline_is_done(actor, make_case, tmp_path):
    today = dt.date.today()
    month = Month.of(today)
    ensure_monthly_reports(today)
    with pytest.raises(ValidationError, match="尚未生成"):
        reports.record_sent(actor, month, sent_on=today)
    reports.set_distribution(actor, ["新沂市人民政府办公室", " 新沂市财政局 ", "", "新沂市财政局"])
    assert reports.distribution() == ["新沂市人民政府办公室", "新沂市财政局"]
    result = reports.generate_monthly(actor, month, out_dir=tmp_path)
    assert result.docx.is_file() and result.xlsx.is_file()
    sent = reports.record_sent(actor, month, sent_on=today)
    assert sent.record.recipients == ["新沂市人民政府办公室", "新沂市财政局"]
    deadline = reports.monthly_deadline(month)
    assert deadline.status == "done" and deadline.resolved_on == today
    assert (
        sent.message
        == f"{month.label}月度通报期限（{deadline.due_on.isoformat()}）已标记为已办理。"
    )
    with pytest.raises(ValidationError, match="已于"):
        reports.record_sent(actor, month, sent_on=today)
    # what went out is not generated again
    with pytest.raises(ValidationError, match="不再重新生成"):
        reports.generate_monthly(actor, month, out_dir=tmp_path / "again")
    assert not (tmp_path / "again").exists()


def test_sending_a_month_whose_deadline_was_never_made_makes_it_and_marks_it_done(actor, tmp_path):
    """The deadline exists only once the 工作台 or the calendar was opened in that month."""
    today = dt.date.today()
    month = Month.of(today).previous().previous()
    assert reports.monthly_deadline(month) is None
    reports.generate_monthly(actor, month, out_dir=tmp_path)
    sent = reports.record_sent(actor, month, sent_on=today)
    deadline = reports.monthly_deadline(month)
    assert sent.deadline == deadline and deadline.status == "done"
    assert deadline.resolved_on == today and "已标记为已办理" in sent.message
    assert reports.monthly_deadline(month.next()) is None  # only the month sent


def test_sending_says_so_when_the_monthly_deadline_rule_is_off(actor, tmp_path):
    from xinyi_desktop.services.deadline_rules import save_rule

    save_rule(actor, "monthly_report", {"enabled": False})
    month = Month.of(dt.date.today()).previous()
    reports.generate_monthly(actor, month, out_dir=tmp_path)
    sent = reports.record_sent(actor, month, sent_on=dt.date.today())
    assert sent.deadline is None and "已停用" in sent.message
    assert sent.record.sent_on == dt.date.today()


def test_the_distribution_list_cannot_be_empty_and_a_reader_cannot_send(actor):
    with pytest.raises(ValidationError, match="不能为空"):
        reports.set_distribution(actor, [" ", ""])
    actor.role = "readonly"
    with pytest.raises(PermissionDenied):
        reports.record_sent(actor, Month(2026, 1), sent_on=dt.date(2026, 1, 28))


def run(*args, home):
    import os

    env = {**os.environ, "XINYI_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=180,
    )


@pytest.mark.sqlite_only
def test_the_commands_write_the_files_and_print_their_paths(db_path, cases, user_home, tmp_path):
    close_db()
    out = tmp_path / "out"
    result = run(
        "monthly-report",
        "--month",
        "2026-05",
        "--db",
        str(db_path),
        "--out",
        str(out),
        home=user_home,
    )
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split()
    assert printed == [str(out / "月度通报_2026-05.docx"), str(out / "月度通报_2026-05.xlsx")]
    assert all(Path(p).is_file() for p in printed)
    result = run(
        "register",
        "--db",
        str(db_path),
        "--out",
        str(tmp_path / "r.xlsx"),
        "--stage",
        "dishonest",
        home=user_home,
    )
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(tmp_path / "r.xlsx")["案件"].max_row == 4
    bad = run(
        "monthly-report",
        "--month",
        "2026-13",
        "--db",
        str(db_path),
        "--out",
        str(out),
        home=user_home,
    )
    assert bad.returncode == 2 and "无法识别" in bad.stderr
