"""``import``: bring the court's lists into the register from the command line."""

from __future__ import annotations

import argparse
import contextlib
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    cmd = sub.add_parser("import", help="导入法院数据（起诉、败诉案件清单，失信被执行人名单）")
    cmd.add_argument("files", nargs="+", metavar="文件", help="法院的表格文件（xlsx、xls、csv）")
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
    from xinyi_desktop.cli import acting_user, print_json
    from xinyi_desktop.errors import XinyiError
    from xinyi_desktop.services.court_import import preview, refused_report, run_to_end
    from xinyi_desktop.services.court_import_write import apply_plan

    status = 0
    with _database(args):
        actor = acting_user(args)
        for name in args.files:
            try:
                plan = preview(name, kind=args.kind)
                if not args.dry_run:
                    run_to_end(apply_plan(actor, plan))
            except XinyiError as error:
                status = 2
                if args.json:
                    report = refused_report(_base(name), str(error), args.kind)
                    print_json({**report, "dry_run": True} if args.dry_run else report)
                else:
                    print(f"错误：{error}", file=sys.stderr)
                continue
            report = plan.report()
            if args.dry_run:
                report["dry_run"] = True
            if args.json:
                print_json(report)
            else:
                _print_text(report, args.dry_run)
    return status


@contextlib.contextmanager
def _database(args: argparse.Namespace) -> Iterator[None]:
    """The database to import into. A dry run writes nothing, not even a new file: it
    checks a file that does not exist yet against an empty register in memory, and a
    file that would need upgrading against an upgraded copy."""
    from xinyi_desktop.cli import database_target, open_db
    from xinyi_desktop.store.connection import close_db, init_db, is_url

    target = database_target(args)
    if not args.dry_run or is_url(target):
        with open_db(args, if_missing="create"):  # a new database may be filled from court files
            yield
        return
    path = Path(target)
    with tempfile.TemporaryDirectory(prefix="xinyi-dry-run-") as folder:
        if not path.exists() or path.stat().st_size == 0:
            init_db(":memory:")
        elif _needs_upgrade(path):
            copy = Path(folder) / path.name
            with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as source:
                with sqlite3.connect(copy) as destination:
                    source.backup(destination)
            init_db(copy, backup_dir=Path(folder) / "backups")
        else:
            init_db(path)
        try:
            yield
        finally:
            close_db()


def _needs_upgrade(path: Path) -> bool:
    from xinyi_desktop.store.migrations import CURRENT_VERSION

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            (version,) = con.execute(
                "SELECT version FROM schema_version ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except (sqlite3.Error, TypeError):
        return False  # not our database, or damaged: opening it refuses with the reason
    return version < CURRENT_VERSION


def _base(name: str) -> str:
    return Path(name).name


def _print_text(report: dict, dry_run: bool) -> None:
    from xinyi_desktop.services.court_import import kind_label

    verb = "检查" if dry_run else "导入"
    kinds = "、".join(f"{s['sheet']}：{kind_label(s['kind'])}" for s in report["sheets"])
    print(
        f"{report['file']}（{kind_label(report['kind'])}"
        + (f"，{kinds}" if len(report["sheets"]) > 1 else "")
        + f"）{verb}完成："
        f"新增 {report['created']} 件，更新 {report['updated']} 件，"
        f"无变化 {report['unchanged']} 件，"
        f"警告 {len(report['warnings'])} 条，错误 {len(report['errors'])} 条。"
    )
    for kind, items in (("警告", report["warnings"]), ("错误", report["errors"])):
        for item in items:
            column = f"“{item['column']}”列" if item["column"] else ""
            print(f"  {kind}：第{item['row']}行{column}：{item['message']}")
