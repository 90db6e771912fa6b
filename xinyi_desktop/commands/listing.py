"""``cases`` and ``agencies``: print the register as a table or as JSON."""

from __future__ import annotations

import argparse
import datetime as dt


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    for name, text, handler in (
        ("cases", "列出全部案件", run_cases),
        ("agencies", "列出全部单位", run_agencies),
    ):
        cmd = sub.add_parser(name, help=text)
        add_db_option(cmd)
        cmd.add_argument("--json", action="store_true", help="以 JSON 输出")
        cmd.set_defaults(handler=handler)


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


def _print(rows: list[dict], keys: list[str], as_json: bool) -> None:
    from xinyi_desktop.cli import print_json

    if as_json:
        print_json(rows)
        return
    for row in rows:
        values = []
        for key in keys:
            value = row.get(key)
            values.append("、".join(value) if isinstance(value, list) else str(value or ""))
        print("\t".join(values))


def run_cases(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import open_db

    with open_db(args):
        _print(cases_json(), ["case_no", "stage", "cause", "defendants", "filed_on"], args.json)
    return 0


def run_agencies(args: argparse.Namespace) -> int:
    from xinyi_desktop.cli import open_db

    with open_db(args):
        rows = agencies_json()
        _print(rows, ["name", "credit_code", "credit_code_valid", "kind"], args.json)
    return 0
