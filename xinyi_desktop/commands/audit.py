"""``audit verify``: check that the audit log's hash chain is intact."""

from __future__ import annotations

import argparse


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    audit = sub.add_parser("audit", help="审计日志")
    actions = audit.add_subparsers(dest="audit_action", required=True)
    verify = actions.add_parser("verify", help="校验审计日志是否被删改（完好退出码为 0，否则为 2）")
    add_db_option(verify)
    verify.add_argument("--json", action="store_true", help="以 JSON 输出")
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import open_db, print_json
    from xinyi_desktop.services.audit import verify_chain

    with open_db(args):
        check = verify_chain()
    if args.json:
        print_json(
            {
                "intact": check.intact,
                "entries": check.entries,
                "broken_id": check.broken_id,
                "problem": check.problem,
            }
        )
    elif check.intact:
        print(f"审计日志完好：共 {check.entries} 条，逐条校验通过。")
    else:
        print(f"审计日志校验失败：{check.problem}")
    return 0 if check.intact else 2
