"""``sanctions``: the joint-punishment checklist of every listed agency; ``dishonesty-export``:
the government dishonesty records as the public credit information system takes them."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    cmd = sub.add_parser("sanctions", help="列出失信单位的联合惩戒清单")
    add_db_option(cmd)
    cmd.add_argument("--json", action="store_true", help="以 JSON 输出")
    cmd.set_defaults(handler=run_sanctions)
    cmd = sub.add_parser(
        "dishonesty-export", help="导出政务失信记录（公示用：身份证号码遮蔽，不含已移出的记录）"
    )
    add_db_option(cmd)
    cmd.add_argument("--out", required=True, help="输出的 .xlsx 文件")
    cmd.add_argument("--full", action="store_true", help="不遮蔽身份证号码（内部使用）")
    cmd.set_defaults(handler=run_export)


def run_sanctions(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import open_db, print_json
    from xinyi_desktop.rules.sanctions import ItemStatus
    from xinyi_desktop.services.sanction_query import checklist_json

    with open_db(args):
        rows = checklist_json()
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(f"{row['agency']}\t{row['case_no']}")
        for item in row["items"]:
            print(f"\t{item['measure']}\t{item['target']}\t{ItemStatus(item['status']).label}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import acting_user, open_db
    from xinyi_desktop.services.accountability import export_dishonesty

    with open_db(args):
        count = export_dishonesty(acting_user(args), args.out, publication=not args.full)
    print(f"已导出 {count} 条政务失信记录：{args.out}")
    return 0
