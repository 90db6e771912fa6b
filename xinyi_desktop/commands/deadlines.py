"""``report-due`` (the monthly report's day) and ``deadlines`` (deadlines over a range)."""

from __future__ import annotations

import argparse
import datetime as dt
import re


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    cmd = sub.add_parser("report-due", help="某月月度通报的截止日（月底前一个工作日）")
    add_db_option(cmd)
    cmd.add_argument("--month", required=True, help="月份，写作 YYYY-MM")
    cmd.add_argument("--json", action="store_true", help="以 JSON 输出")
    cmd.set_defaults(handler=run_report_due)

    cmd = sub.add_parser("deadlines", help="列出某一时间段内到期的期限")
    add_db_option(cmd)
    cmd.add_argument("--from", dest="start", required=True, help="起始日期 YYYY-MM-DD")
    cmd.add_argument("--to", dest="end", required=True, help="截止日期 YYYY-MM-DD")
    cmd.add_argument("--kind", help="期限类型（如 performance）")
    cmd.add_argument(
        "--status", choices=["open", "overdue", "done", "waived"], help="只列出某一状态"
    )
    cmd.add_argument("--json", action="store_true", help="以 JSON 输出")
    cmd.set_defaults(handler=run_deadlines)


def _month(text: str) -> tuple[int, int]:
    from xinyi_desktop.errors import ValidationError

    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
    if not match or not 1 <= int(match[2]) <= 12:
        raise ValidationError(f"月份“{text}”应写作 YYYY-MM，例如 2026-11。", field="month")
    return int(match[1]), int(match[2])


def _day(text: str, label: str) -> dt.date:
    from xinyi_desktop.errors import ValidationError

    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{label}“{text}”应写作 YYYY-MM-DD。", field=label) from None


def report_due(year: int, month: int) -> dict:
    from xinyi_desktop.rules.deadline_rules import compute_monthly
    from xinyi_desktop.services.deadline_rules import get_rule
    from xinyi_desktop.services.work_calendar import load_calendar

    computed = compute_monthly(get_rule("monthly_report"), year, month, load_calendar())
    return {
        "month": f"{year:04d}-{month:02d}",
        "due_on": computed.due_on.isoformat(),
        "calendar_known": computed.calendar_known,
    }


def run_report_due(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import open_db, print_json

    year, month = _month(args.month)
    # The office's own holiday years and rule edits live there; without a database file
    # the shipped holiday table decides.
    with open_db(args, if_missing="blank"):
        result = report_due(year, month)
    if args.json:
        print_json(result)
    else:
        note = "" if result["calendar_known"] else "（该年节假日安排未录入，按周末推算）"
        print(f"{result['month']} 月度通报截止日：{result['due_on']}{note}")
    return 0


def run_deadlines(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import open_db, print_json
    from xinyi_desktop.rules.dates import check_range
    from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines

    start, end = _day(args.start, "起始日期"), _day(args.end, "截止日期")
    check_range(start, end)  # refused before the database is opened
    with open_db(args):  # the report days of months not stored are shown, not written
        rows = list_deadlines(
            DeadlineFilter(start=start, end=end, kind=args.kind, status=args.status)
        )
    result = [
        {
            "case_no": row.case_no if row.case_id else None,
            "agency": row.agency,
            "kind": row.kind,
            "due_on": row.due_on.isoformat(),
            "status": row.status,
            "rule": row.rule,
            "calendar_known": row.calendar_known,
        }
        for row in rows
    ]
    if args.json:
        print_json(result)
    else:
        for row in rows:
            print(
                "\t".join(
                    [row.due_on.isoformat(), row.label, row.status_label, row.case_no, row.agency]
                )
            )
    return 0
