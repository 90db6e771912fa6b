"""``import``: bring the court's lists into the register from the command line."""

from __future__ import annotations

import argparse
import sys


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    cmd = sub.add_parser("import", help="导入法院数据（起诉、败诉案件清单，失信被执行人名单）")
    cmd.add_argument("files", nargs="+", metavar="FILE", help="法院的表格文件（xlsx、xls、csv）")
    add_db_option(cmd)
    cmd.add_argument(
        "--kind",
        choices=("auto", "suits", "lost", "dishonest"),
        default="auto",
        help="名单类型：auto 自动判断（默认）、suits 起诉、lost 败诉、dishonest 失信",
    )
    cmd.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
    cmd.add_argument("--json", action="store_true", help="每个文件输出一个 JSON 对象")
    cmd.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import acting_user, open_db, print_json
    from xinyi_desktop.errors import XinyiError
    from xinyi_desktop.services.court_import import KIND_LABELS, preview
    from xinyi_desktop.services.court_import_write import apply_plan

    status = 0
    with open_db(args, if_missing="create"):  # a new database may be filled from court files
        actor = acting_user(args)
        for name in args.files:
            try:
                plan = preview(name, kind=args.kind)
                if not args.dry_run:
                    _drain(apply_plan(actor, plan))
            except XinyiError as error:
                status = 2
                refused = {"file": _base(name), "refused": True, "message": str(error)}
                if args.json:
                    print_json(refused)
                else:
                    print(f"错误：{error}", file=sys.stderr)
                continue
            report = plan.report()
            if args.dry_run:
                report["dry_run"] = True
            if args.json:
                print_json(report)
            else:
                _print_text(report, KIND_LABELS, args.dry_run)
    return status


def _drain(generator):
    while True:
        try:
            next(generator)
        except StopIteration as stop:
            return stop.value


def _base(name: str) -> str:
    from pathlib import Path

    return Path(name).name


def _print_text(report: dict, labels: dict, dry_run: bool) -> None:
    verb = "检查" if dry_run else "导入"
    print(
        f"{report['file']}（{labels.get(report['kind'], report['kind'])}）{verb}完成："
        f"新增 {report['created']} 件，更新 {report['updated']} 件，"
        f"无变化 {report['unchanged']} 件，"
        f"警告 {len(report['warnings'])} 条，错误 {len(report['errors'])} 条。"
    )
    for kind, items in (("警告", report["warnings"]), ("错误", report["errors"])):
        for item in items:
            column = f"“{item['column']}”列" if item["column"] else ""
            print(f"  {kind}：第{item['row']}行{column}：{item['message']}")
