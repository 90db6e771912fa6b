"""The command line: the same core services the windows use, without a display.

``main.py`` parses with ``build_parser``; commands in ``GUI_COMMANDS`` go to ``ui.app``,
the rest run here. Errors meant for the clerk are printed and exit with status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from xinyi_desktop import APP_NAME, __version__, paths
from xinyi_desktop.errors import XinyiError

GUI_COMMANDS = {None, "self-test"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description=APP_NAME)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", help="数据库文件路径或连接地址（默认：用户数据目录下的 xinyi.db）")
    parser.add_argument("--demo", action="store_true", help="打开演示数据库（不影响正式数据）")
    sub = parser.add_subparsers(dest="command")
    for name, text in (("cases", "列出全部案件"), ("agencies", "列出全部单位")):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--db", dest="sub_db", help="数据库文件路径或连接地址")
        cmd.add_argument("--json", action="store_true", help="以 JSON 输出")
    sub.add_parser("self-test", help="在无界面模式下打开每个页面和对话框，全部正常则退出码为 0")
    return parser


def database_target(args: argparse.Namespace) -> str:
    from xinyi_desktop.store.connection import resolve_target

    if getattr(args, "demo", False):
        return str(paths.demo_db_path())
    return resolve_target(getattr(args, "sub_db", None) or args.db)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def cases_json() -> list[dict]:
    from xinyi_desktop.store.models import Case, CaseParty

    parties: dict[int, dict[str, list[str]]] = {}
    query = CaseParty.select().order_by(CaseParty.case, CaseParty.role, CaseParty.position)
    for party in query:
        roles = parties.setdefault(party.case_id, {"plaintiff": [], "defendant": []})
        roles.setdefault(party.role, []).append(party.name)
    result = []
    for case in Case.select().order_by(Case.year, Case.court_code, Case.case_type, Case.serial):
        roles = parties.get(case.id, {})
        result.append(
            {
                "case_no": case.case_no,
                "stage": case.stage,
                "outcome": case.outcome,
                "cause": case.cause,
                "court": case.court,
                "plaintiffs": roles.get("plaintiff", []),
                "defendants": roles.get("defendant", []),
                "filed_on": _iso(case.filed_on),
                "judgment_on": _iso(case.judgment_on),
                "judgment_effective_on": _iso(case.judgment_effective_on),
                "performance_deadline": _iso(case.performance_deadline),
                "listed_on": _iso(case.listed_on),
                "closed_on": _iso(case.closed_on),
            }
        )
    return result


def agencies_json() -> list[dict]:
    from xinyi_desktop.rules.agencies import kind_label
    from xinyi_desktop.rules.check_codes import check_credit_code
    from xinyi_desktop.store.models import Agency

    result = []
    for agency in Agency.select().order_by(Agency.name):
        valid = check_credit_code(agency.credit_code).valid if agency.credit_code else None
        result.append(
            {
                "name": agency.name,
                "credit_code": agency.credit_code,
                "credit_code_valid": valid,
                "kind": kind_label(agency.kind),
                "area": agency.area,
                "parent": agency.parent.name if agency.parent else None,
            }
        )
    return result


def _print_table(rows: list[dict], keys: list[str]) -> None:
    for row in rows:
        values = []
        for key in keys:
            value = row.get(key)
            values.append("、".join(value) if isinstance(value, list) else str(value or ""))
        print("\t".join(values))


def run(args: argparse.Namespace) -> int:
    from xinyi_desktop.store.connection import close_db, init_db

    init_db(database_target(args))
    try:
        if args.command == "cases":
            rows = cases_json()
            keys = ["case_no", "stage", "cause", "defendants", "filed_on"]
        else:
            rows = agencies_json()
            keys = ["name", "credit_code", "credit_code_valid", "kind"]
        if args.json:
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
            sys.stdout.write("\n")
        else:
            _print_table(rows, keys)
    finally:
        close_db()
    return 0


def main(args: argparse.Namespace) -> int:
    try:
        return run(args)
    except XinyiError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
