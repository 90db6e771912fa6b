"""``register`` (the registers workbook) and ``monthly-report`` (.docx and .xlsx of a month).

The monthly report's charts are drawn by a renderer from outside the core: ``main.py``
puts a factory on ``args.chart_renderer`` (Qt, offscreen when there is no display). Without
one (the core driven on its own), the report is written without its charts.
"""

from __future__ import annotations

import argparse


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    cmd = sub.add_parser(
        "register", help="导出台账（Excel：案件、败诉、失信单位、惩戒、整改、问责、发文、期限）"
    )
    add_db_option(cmd)
    cmd.add_argument("--out", required=True, help="写出的 .xlsx 文件")
    cmd.add_argument("--year", type=int, help="只导出该年度的案件")
    cmd.add_argument(
        "--stage", choices=["sued", "lost", "dishonest", "closed"], help="只导出该阶段"
    )
    cmd.add_argument("--agency", help="只导出该被告单位（名称）")
    cmd.set_defaults(handler=run_register)

    cmd = sub.add_parser("monthly-report", help="生成月度通报（.docx 和 .xlsx）")
    add_db_option(cmd)
    cmd.add_argument("--month", required=True, help="通报月份，如 2026-11")
    cmd.add_argument("--out", required=True, help="写入的文件夹")
    cmd.set_defaults(handler=run_monthly_report)


def run_register(args: argparse.Namespace) -> int:
    from pathlib import Path

    from xinyi_desktop.cli import open_db
    from xinyi_desktop.errors import NotFound
    from xinyi_desktop.reports.register import write_register
    from xinyi_desktop.services.case_query import CaseFilter
    from xinyi_desktop.store.models import Agency

    with open_db(args):
        agency_id = None
        if args.agency:
            agency = Agency.get_or_none(Agency.name == args.agency.strip())
            if agency is None:
                raise NotFound(f"没有名为“{args.agency}”的单位。")
            agency_id = agency.id
        flt = CaseFilter(stage=args.stage, agency_id=agency_id, year=args.year)
        path = write_register(Path(args.out), flt)
        print(path)
    return 0


def run_monthly_report(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from xinyi_desktop.cli import acting_user, open_db
    from xinyi_desktop.rules.report_rules import Month
    from xinyi_desktop.services.reports import generate_monthly

    month = Month.parse(args.month)
    factory = getattr(args, "chart_renderer", None)
    renderer = factory() if factory else None
    if renderer is None:
        print("提示：没有可用的图表绘制组件，通报中不含图表。", file=sys.stderr)
    with open_db(args):
        result = generate_monthly(
            acting_user(args), month, out_dir=Path(args.out), renderer=renderer
        )
        print(result.docx)
        print(result.xlsx)
    return 0
