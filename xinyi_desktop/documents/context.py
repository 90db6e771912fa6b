"""What goes into a document: the placeholder values from the case, the agency, its people
and the office settings. Reads only; refuses, naming what is missing, a letter the data
cannot carry (no blanks on paper)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinyi_desktop.documents.catalog import DocumentKind
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.agencies import role_label
from xinyi_desktop.rules.dates import format_date
from xinyi_desktop.settings import declaration, get_setting
from xinyi_desktop.store.models import Agency, Case, CaseParty, Person

RESPONSIBLE_ROLES = ("principal", "direct", "finance", "controller")


@dataclass
class Content:
    """Everything one document needs: plain values and list rows."""

    values: dict[str, str]
    lists: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def _money(amount) -> str:
    return "" if amount is None else f"{amount:,.2f}元"


def case_values(case: Case) -> dict[str, str]:
    return {
        "案号": case.case_no,
        "审理法院": case.court,
        "原告": case.plaintiffs_text,
        "被告单位": case.defendants_text,
        "案由": case.cause,
        "立案日期": format_date(case.filed_on),
        "判决日期": format_date(case.judgment_on),
        "判决生效日期": format_date(case.judgment_effective_on),
        "履行期限": format_date(case.performance_deadline),
        "列入失信日期": format_date(case.listed_on),
        "标的金额": _money(case.amount),
    }


# What each case letter cannot do without: (placeholder, label of the case field).
REQUIRED = {
    "reminder": (("原告", "原告"), ("立案日期", "立案日期")),
    "supervision": (("原告", "原告"), ("判决生效日期", "判决生效日期"), ("履行期限", "履行期限")),
    "rectification": (("列入失信日期", "列入失信名单日期"),),
    "assignment": (),
}


def defendants(case: Case) -> list[Agency]:
    query = (
        CaseParty.select(CaseParty, Agency)
        .join(Agency)
        .where((CaseParty.case == case) & (CaseParty.role == "defendant"))
        .order_by(CaseParty.position)
    )
    return [party.agency for party in query]


def persons_in_post(agency_id: int, on: dt.date) -> list[Person]:
    query = Person.select().where(
        (Person.agency == agency_id)
        & ((Person.start_on.is_null()) | (Person.start_on <= on))
        & ((Person.end_on.is_null()) | (Person.end_on >= on))
    )
    return list(query.order_by(Person.id))


def person_names(persons: list[Person], role: str) -> str:
    return "、".join(p.name for p in persons if p.role == role)


def check_required(kind: DocumentKind, case: Case) -> None:
    """Refuse a letter that lacks what it must state (whether it fits the case's stage is
    ``services.letter_plans.unfit_reason``)."""
    values = case_values(case)
    for key, label in REQUIRED.get(kind.key, ()):
        if not values.get(key):
            raise ValidationError(
                f"案件{case.case_no}没有登记{label}，{kind.name}无法写明：请先在案件中补填。",
                field=key,
            )


# The office's placeholders and the settings they are read from.
OFFICE_SETTINGS = {
    "发文机关": "office.name",
    "发文机关全称": "office.full_name",
    "联系人": "office.contact",
    "联系电话": "office.phone",
    "签发人": "documents.issuer",
    "抄送单位": "documents.case_cc",
}


def office_values(issued_on: dt.date) -> dict[str, str]:
    date = format_date(issued_on)
    values = {name: get_setting(key) for name, key in OFFICE_SETTINGS.items()}
    values.update(
        {
            # one 印发机关 for every 版记 (请示, 月度通报): the setting, else the full name
            "印发机关": get_setting("documents.printed_by") or get_setting("office.full_name"),
            "印发日期": date,
            "成文日期": date,
        }
    )
    return values


def check_office(kind: DocumentKind, values: dict[str, str]) -> None:
    """Refuse a document whose required office values are blank (a 交办单 without contact
    and telephone, a 请示 without 签发人 or its 附注), naming the settings to fill in."""
    missing = [name for name in kind.required if not str(values.get(name) or "").strip()]
    if not missing:
        return
    decls = [declaration(OFFICE_SETTINGS[name]) for name in missing]
    places = "；".join(
        f"在“设置 → 常规 → {group}”中填写" + "、".join(d.label for d in decls if d.group == group)
        for group in dict.fromkeys(d.group for d in decls)
    )
    raise ValidationError(
        f"{kind.name}须写明{'、'.join(missing)}，尚未设置：请先{places}。", field="settings"
    )


def case_content(
    kind: DocumentKind,
    case: Case,
    agency: Agency,
    issued_on: dt.date,
    inputs: dict,
    office: dict | None = None,
) -> Content:
    """The values of a case letter (提醒函, 督促履行函, 限期整改通知书, 交办单) to ``agency``."""
    check_required(kind, case)
    values = {**(office or office_values(issued_on)), **case_values(case)}
    check_office(kind, values)
    values["收文单位"] = agency.name
    if kind.key == "rectification":
        persons = persons_in_post(agency.id, issued_on)
        legal = person_names(persons, "legal_rep")
        if not legal:
            raise ValidationError(
                f"{agency.name}没有登记在任的法定代表人，限期整改通知书无法送达：请先在“单位”页登记。",
                field="agency",
            )
        values["法定代表人"] = legal
        values["整改期限"] = format_date(_date(inputs, "整改期限", "整改期限"))
        responsible = [responsible_text(p) for p in persons if p.role in RESPONSIBLE_ROLES]
        values["责任人员"] = "、".join(responsible) or "尚未登记，请在整改报告中明确"
    if kind.key == "assignment":
        matter = str(inputs.get("交办事项", "")).strip()
        if not matter:
            raise ValidationError("请填写交办事项。", field="交办事项")
        values["交办事项"] = matter
        values["承办单位"] = agency.name
        values["交办日期"] = format_date(issued_on)
        values["办结时限"] = format_date(_date(inputs, "办结时限", "办结时限"))
        values["办理要求"] = (
            str(inputs.get("办理要求", "")).strip() or "请按期办结并书面反馈办理结果。"
        )
    return Content(values)


def responsible_text(person: Person) -> str:
    """``直接负责人钱力（副镇长）``; a post that only repeats the role is not printed twice
    (``主要负责人邓平``, not ``主要负责人邓平（主要负责人）``)."""
    role = role_label(person.role)
    title = (person.title or "").strip()
    return f"{role}{person.name}" + (f"（{title}）" if title and title != role else "")


def _date(inputs: dict, key: str, label: str) -> dt.date:
    value = inputs.get(key)
    if isinstance(value, str) and value:
        value = dt.date.fromisoformat(value)
    if not isinstance(value, dt.date):
        raise ValidationError(f"请填写{label}。", field=key)
    return value


def title_of(kind: DocumentKind, values: dict[str, str]) -> str:
    title = kind.title
    for key, value in values.items():
        title = title.replace("{" + key + "}", value)
    return title
