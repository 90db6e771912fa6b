"""``letter``: generate, number and record one letter for a case, and write it to a file."""

from __future__ import annotations

import argparse
import shutil

CASE_KINDS = ("reminder", "supervision", "rectification", "assignment")


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    cmd = sub.add_parser(
        "letter",
        help="为案件生成文书（提醒函、督促履行函、限期整改通知书、交办单），编号并登记",
    )
    cmd.add_argument(
        "kind",
        choices=CASE_KINDS,
        metavar="KIND",
        help="reminder 提醒函 | supervision 督促履行函 | "
        "rectification 限期整改通知书 | assignment 交办单",
    )
    cmd.add_argument("--case", required=True, help="案号（任何写法均可）")
    cmd.add_argument("--out", required=True, help="写出的 .docx 文件")
    cmd.add_argument("--agency", help="收文单位名称（案件有多个被告单位时必须指定）")
    cmd.add_argument("--date", help="成文日期（默认今天），如 2026-11-24")
    cmd.add_argument("--deadline", help="整改期限或办结时限（默认按设置的天数）")
    cmd.add_argument("--matter", help="交办事项（交办单）")
    cmd.add_argument("--requirement", default="", help="办理要求（交办单）")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_letter)


def _inputs(args, kind: str, issued_on):
    import datetime as dt

    from xinyi_desktop.rules.dates import parse_date
    from xinyi_desktop.settings import get_setting

    deadline = parse_date(args.deadline, label="期限") if args.deadline else None
    if kind == "rectification":
        days = get_setting("documents.rectification_days")
        return {"整改期限": deadline or issued_on + dt.timedelta(days=days)}
    if kind == "assignment":
        days = get_setting("documents.assignment_days")
        return {
            "交办事项": args.matter or "",
            "办结时限": deadline or issued_on + dt.timedelta(days=days),
            "办理要求": args.requirement,
        }
    return {}


def run_letter(args: argparse.Namespace) -> int:
    import datetime as dt

    from xinyi_desktop.cli import acting_user, open_db
    from xinyi_desktop.errors import NotFound, ValidationError
    from xinyi_desktop.rules.dates import parse_date
    from xinyi_desktop.services import documents as register
    from xinyi_desktop.services import letters
    from xinyi_desktop.services.cases import find_case
    from xinyi_desktop.store.models import Agency

    with open_db(args):
        actor = acting_user(args)
        case = find_case(args.case)
        if case is None:
            raise NotFound(f"没有案号为“{args.case}”的案件。")
        issued_on = parse_date(args.date, label="成文日期") if args.date else dt.date.today()
        agency_id = None
        if args.agency:
            agency = Agency.get_or_none(Agency.name == args.agency.strip())
            if agency is None:
                raise NotFound(f"没有名为“{args.agency}”的单位。")
            agency_id = agency.id
        plans = letters.plan_case_letter(
            args.kind,
            case.id,
            issued_on=issued_on,
            inputs=_inputs(args, args.kind, issued_on),
            agency_id=agency_id,
        )
        if len(plans) > 1:
            names = "、".join(p.recipient for p in plans)
            raise ValidationError(
                f"案件{case.case_no}有多个被告单位（{names}），请用 --agency 指定收文单位。"
            )
        result = letters.run(letters.generate(actor, plans))
        document = result.documents[0]
        shutil.copyfile(register.file_of(document), args.out)
        print(f"{document.doc_no}\t{document.recipient}\t{args.out}")
    return 0
