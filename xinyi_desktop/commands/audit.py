"""``audit verify``: check that the audit log's hash chain is intact."""

from __future__ import annotations

import argparse

# Exit codes: the log intact, the log could not be checked at all, the log broken.
INTACT, NOT_CHECKED, BROKEN = 0, 1, 2


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    audit = sub.add_parser("audit", help="审计日志")
    actions = audit.add_subparsers(dest="audit_action", required=True, title="操作", metavar="操作")
    verify = actions.add_parser(
        "verify",
        help="校验审计日志是否被删改（退出码：完好为 0；无法校验为 1，如文件不存在、"
        "不是本程序的数据库、没有审计日志；被删改为 2，并指出第一条有问题的记录）",
    )
    add_db_option(verify)
    verify.add_argument("--json", action="store_true", help="以 JSON 输出")
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    import peewee as pw

    from xinyi_desktop.cli import open_db, print_json
    from xinyi_desktop.errors import XinyiError, first_line
    from xinyi_desktop.services.audit import ChainCheck, verify_chain

    try:
        with open_db(args):
            check = verify_chain()
    except (XinyiError, pw.DatabaseError, OSError) as error:
        check = ChainCheck(0, None, f"无法打开数据库：{first_line(error)}", checked=False)
    if args.json:
        print_json(
            {
                "intact": check.intact,
                "checked": check.checked,
                "entries": check.entries,
                "broken_id": check.broken_id,
                "problem": check.problem,
            }
        )
    elif check.intact:
        print(f"审计日志完好：共 {check.entries} 条，逐条校验通过。")
    elif not check.checked:
        print(f"无法校验审计日志：{check.problem}")
    else:
        print(f"审计日志校验失败：{check.problem}")
    if not check.checked:
        return NOT_CHECKED
    return INTACT if check.intact else BROKEN
