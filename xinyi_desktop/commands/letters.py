"""``letter``: generate, number and record one letter for a case, and write it to a file."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

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
        metavar="种类",
        help="reminder 提醒函 | supervision 督促履行函 | "
        "rectification 限期整改通知书 | assignment 交办单",
    )
    cmd.add_argument("--case", required=True, help="案号（任何写法均可）")
    cmd.add_argument("--out", required=True, help="写出的 .docx 文件")
    cmd.add_argument("--agency", help="收文单位名称（案件有多个被告单位时必须指定）")
    cmd.add_argument("--date", help="成文日期（默认今天），如 2026-11-24")
    cmd.add_argument(
        "--deadline", help="整改期限或办结时限（默认：设置的天数，遇节假日顺延至下一个工作日）"
    )
    cmd.add_argument("--matter", help="交办事项（交办单）")
    cmd.add_argument("--requirement", default="", help="办理要求（交办单）")
    add_db_option(cmd)
    cmd.set_defaults(handler=run_letter)


def _inputs(args, kind: str) -> dict:
    """What the options say; a deadline not given is the set number of days after the
    letter's date on the work calendar (the plan applies the one rule)."""
    from xinyi_desktop.rules.dates import parse_date
    from xinyi_desktop.services.letters import DEADLINES

    inputs = {}
    if kind in DEADLINES and args.deadline:
        inputs[DEADLINES[kind][0]] = parse_date(args.deadline, label="期限")
    if kind == "assignment":
        inputs.update({"交办事项": args.matter or "", "办理要求": args.requirement})
    return inputs


def check_output(path: str) -> Path:
    """Refuse, before any number is taken, a --out that cannot be written."""
    from xinyi_desktop.errors import ValidationError

    out = Path(path)
    if out.is_dir():
        raise ValidationError(f"“{out}”是一个文件夹：--out 应为要写出的 .docx 文件。", field="out")
    folder = out.parent
    if not folder.is_dir():
        raise ValidationError(
            f"文件夹“{folder}”不存在，无法写出“{out.name}”：请检查 --out（未生成、未编号）。",
            field="out",
        )
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".xinyi-", suffix=".tmp"):
            pass
    except OSError as error:
        raise ValidationError(
            f"无法在文件夹“{folder}”中写文件（{error.strerror or error}）："
            "请检查 --out（未生成、未编号）。",
            field="out",
        ) from None
    return out


def run_letter(args: argparse.Namespace) -> int:
    import datetime as dt

    from xinyi_desktop.cli import acting_user, open_db
    from xinyi_desktop.errors import NotFound, ValidationError
    from xinyi_desktop.rules.dates import parse_date
    from xinyi_desktop.services import documents as register
    from xinyi_desktop.services import letters
    from xinyi_desktop.services.cases import find_case
    from xinyi_desktop.store.models import Agency

    out = check_output(args.out)
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
            inputs=_inputs(args, args.kind),
            agency_id=agency_id,
        )
        if len(plans) > 1:
            names = "、".join(p.recipient for p in plans)
            raise ValidationError(
                f"案件{case.case_no}有多个被告单位（{names}），请用 --agency 指定收文单位。"
            )
        for note in plans[0].notes:
            print(f"提示：{note}", file=sys.stderr)
        result = letters.run(letters.generate(actor, plans))
        document = result.documents[0]
        source = register.file_of(document)
        try:
            shutil.copyfile(source, out)
        except OSError as error:
            raise ValidationError(
                f"{document.doc_no}已生成并登记（文件在“{source}”），"
                f"但无法写出“{out}”：{error.strerror or error}。"
            ) from None
        print(f"{document.doc_no}\t{document.recipient}\t{out}")
    return 0
