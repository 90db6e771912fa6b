"""Planning letters and sheets (生成文书前的准备): what each document will say, read and
checked from the data; nothing is written here. ``services.letters`` numbers, renders and
records the plans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from peewee import fn

from xinyi_desktop.documents import escalation
from xinyi_desktop.documents.catalog import kind
from xinyi_desktop.documents.context import (
    Content,
    case_content,
    check_office,
    defendants,
    office_values,
    title_of,
)
from xinyi_desktop.errors import NotFound, ValidationError, XinyiError
from xinyi_desktop.rules.dates import format_date
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.rules.workdays import Walk
from xinyi_desktop.services.work_calendar import load_calendar
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency, Case, CaseParty


@dataclass
class LetterPlan:
    """One document to make: its kind, recipient, cases and content."""

    kind: str
    recipient: str
    agency_id: int | None
    case_ids: list[int]
    issued_on: dt.date
    inputs: dict
    content: Content
    title: str
    notes: list[str] = field(default_factory=list)  # what the clerk should check


def _plain_inputs(inputs: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in inputs.items()}


# The date a letter sets, and what gives its default: the deadline rule that the calendar
# keeps it by (设置 → 期限规则), or a setting of days.
DEADLINES = {
    "rectification": ("整改期限", "rule:rectification"),
    "assignment": ("办结时限", "documents.assignment_days"),
}


def letter_deadline(kind_key: str, issued_on: dt.date, given: dt.date | None = None) -> Walk:
    """The 整改期限 or 办结时限 as the letter prints it and the deadline calendar records
    it: ``given``, or the default period after the letter's date (the 整改期限 rule's, or
    the 交办单's days setting); a last day that is
    not a working day moves to the next working day on the work calendar (期间届满日顺延,
    调休 included). The one rule the dialog, the command line and the plan all use."""
    calendar = load_calendar()
    if given is not None:
        return calendar.roll_forward(given)
    source = DEADLINES[kind_key][1]
    if source.startswith("rule:"):  # the same period the deadline calendar counts
        from xinyi_desktop.rules.deadline_rules import period_from
        from xinyi_desktop.services.deadline_rules import get_rule

        walk, _ = period_from(get_rule(source[5:]), issued_on, calendar)
        return walk
    return calendar.add_calendar_days(issued_on, get_setting(source), roll=True)


def deadline_note(walk: Walk) -> str:
    """What the clerk must check about a deadline: a year whose holidays are not entered."""
    if walk.calendar_known:
        return ""
    years = "、".join(f"{year}年" for year in sorted(walk.unknown_years))
    return f"{years}的节假日安排尚未录入，期限暂按周末推算，请核对（设置 → 节假日）。"


def _settle_deadline(kind_key: str, issued_on: dt.date, inputs: dict) -> str:
    """Put the deadline the letter will print into ``inputs`` (ISO text, as recorded);
    returns what the clerk should check about it."""
    key = DEADLINES[kind_key][0]
    raw = inputs.get(key)
    try:
        given = dt.date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        raise ValidationError(f"{key}“{raw}”不是有效日期。", field=key) from None
    if given is not None and given < issued_on:
        raise ValidationError(
            f"{key}{format_date(given)}早于成文日期{format_date(issued_on)}。", field=key
        )
    walk = letter_deadline(kind_key, issued_on, given)
    inputs[key] = walk.day.isoformat()
    return deadline_note(walk)


def plan_case_letter(
    kind_key: str,
    case_id: int,
    *,
    issued_on: dt.date,
    inputs: dict | None = None,
    agency_id: int | None = None,
    office: dict | None = None,
) -> list[LetterPlan]:
    """One letter per defendant of the case (or to ``agency_id`` only); ``office``: the
    office's values, read once for a batch."""
    doc_kind = kind(kind_key)
    if not doc_kind.for_cases:
        raise ValidationError(f"{doc_kind.name}不是针对单个案件的文书。", field="kind")
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("该案件已不存在，可能已被删除。")
    inputs = _plain_inputs(inputs or {})
    if kind_key in DEADLINES:
        notes = [note] if (note := _settle_deadline(kind_key, issued_on, inputs)) else []
    else:
        notes = []
    if agency_id is not None:
        agency = Agency.get_or_none(Agency.id == agency_id)
        if agency is None:
            raise NotFound("该单位已不存在。")
        recipients = [agency]
    else:
        recipients = defendants(case)
    if not recipients:
        raise ValidationError(f"案件{case.case_no}没有登记被告单位，无法确定收文单位。")
    plans = []
    for agency in recipients:
        content = case_content(doc_kind, case, agency, issued_on, inputs, office)
        plans.append(
            LetterPlan(
                kind=kind_key,
                recipient=agency.name,
                agency_id=agency.id,
                case_ids=[case.id],
                issued_on=issued_on,
                inputs=inputs,
                content=content,
                title=title_of(doc_kind, content.values),
                notes=notes,
            )
        )
    return plans


def plan_case_batch(
    kind_key: str, case_ids: list[int], *, issued_on: dt.date, inputs: dict | None = None
) -> tuple[list[LetterPlan], list[str]]:
    """Plans for many cases, one letter per defendant; a case that does not fit is skipped
    with its reason."""
    return _plan_many(kind_key, [(c, None) for c in case_ids], issued_on, inputs, [])


def plan_agency_batch(
    kind_key: str, agency_ids: list[int], *, issued_on: dt.date, inputs: dict | None = None
) -> tuple[list[LetterPlan], list[str]]:
    """Plans for many agencies: a letter to each about each of its cases at a stage the
    kind fits (an agency with none is skipped with the reason)."""
    stages = kind(kind_key).stages
    pairs, skipped = [], []
    for agency in Agency.select().where(Agency.id.in_(agency_ids)).order_by(Agency.name):
        cases = _defendant_cases(stages).where(CaseParty.agency == agency.id)
        found = [(case.id, agency.id) for case in cases]
        if not found:
            wanted = "、".join(Stage(s).label for s in stages)
            skipped.append(f"{agency.name}没有处于“{wanted}”阶段的案件。")
        pairs += found
    return _plan_many(kind_key, pairs, issued_on, inputs, skipped)


def _plan_many(kind_key, pairs, issued_on, inputs, skipped) -> tuple[list[LetterPlan], list[str]]:
    plans = []
    office = office_values(issued_on)
    for case_id, agency_id in pairs:
        try:
            plans.extend(
                plan_case_letter(
                    kind_key,
                    case_id,
                    issued_on=issued_on,
                    inputs=inputs,
                    agency_id=agency_id,
                    office=office,
                )
            )
        except XinyiError as error:
            skipped.append(str(error))
    return plans, skipped


def _defendant_cases(stages):
    return (
        Case.select()
        .join(CaseParty)
        .where((CaseParty.role == "defendant") & Case.stage.in_(stages))
        .order_by(Case.year, Case.serial)
    )


def batch_choices(kind_key: str, by: str) -> list[tuple[int, str]]:
    """What a batch of ``kind_key`` can be made for: cases at a stage it fits (``by`` is
    ``case``) or the agencies sued in them with the number of such cases (``agency``)."""
    stages = kind(kind_key).stages
    if by == "case":
        query = Case.select().where(Case.stage.in_(stages)).order_by(Case.year, Case.serial)
        return [(case.id, f"{case.case_no}　{case.defendants_text}") for case in query]
    count = fn.COUNT(fn.DISTINCT(Case.id))
    query = (
        Agency.select(Agency.id, Agency.name, count.alias("cases"))
        .join(CaseParty)
        .join(Case)
        .where((CaseParty.role == "defendant") & Case.stage.in_(stages))
        .group_by(Agency.id, Agency.name)
        .order_by(Agency.name)
    )
    return [(agency.id, f"{agency.name}　{agency.cases}件") for agency in query]


def plan_escalation(
    kind_key: str,
    *,
    issued_on: dt.date,
    inputs: dict | None = None,
    agency_ids: list[int] | None = None,
) -> list[LetterPlan]:
    """The 请示 (one, to the city government), the 告知函 (one per department) or the
    移送函 (one, to the personnel department), with the list attached."""
    doc_kind = kind(kind_key)
    inputs = _plain_inputs(inputs or {})
    if kind_key == "request":
        bodies = escalation.overdue_bodies(issued_on)
    else:
        bodies = escalation.approved_bodies(issued_on)
    if agency_ids is not None:
        wanted = set(agency_ids)
        bodies = [b for b in bodies if b.agency_id in wanted]
    if not bodies:
        raise ValidationError(f"没有可列入{doc_kind.name}的单位：名单为空。")
    inputs["agency_ids"] = [b.agency_id for b in bodies]
    return _escalation_plans(doc_kind, bodies, issued_on, inputs)


def _escalation_plans(
    doc_kind, bodies, issued_on: dt.date, inputs: dict, recipient: str | None = None
) -> list[LetterPlan]:
    """One plan per recipient of ``bodies``' list; with ``recipient``, that one only."""
    rows = [body.row(i) for i, body in enumerate(bodies, 1)]
    base = office_values(issued_on)
    base.update({"单位数量": str(len(bodies)), "抄送单位": "", "统计日期": format_date(issued_on)})
    check_office(doc_kind, base)
    approval = str(inputs.get("核定文号", "")).strip()
    base["核定情况"] = f"经市政府核定（{approval}）" if approval else "经市政府核定"
    case_ids = escalation.cases_of(bodies)
    plans = []
    for target, extra in _escalation_targets(doc_kind, recipient):
        values = {**base, **extra, "收文单位": target}
        plans.append(
            LetterPlan(
                kind=doc_kind.key,
                recipient=target,
                agency_id=None,
                case_ids=case_ids,
                issued_on=issued_on,
                inputs=inputs,
                content=Content(values, {"名单": rows}),
                title=title_of(doc_kind, values),
            )
        )
    return plans


def _escalation_targets(doc_kind, recipient: str | None) -> list[tuple[str, dict]]:
    """(recipient, its own values): the city government, each department with the measures
    it carries out, or the personnel department. A recorded ``recipient`` is kept as it
    was; a department that carries out no measure any more is refused."""
    if doc_kind.key == "sanction_notice":
        targets = [
            (
                d.department,
                {"惩戒措施": "\n".join(f"{i}．{m}" for i, m in enumerate(d.measures, 1))},
            )
            for d in escalation.department_measures()
        ]
        if recipient is None:
            return targets
        mine = [t for t in targets if t[0] == recipient]
        if not mine:
            raise ValidationError(
                f"“{recipient}”已不是任何联合惩戒措施的实施部门（惩戒措施的设置已改动），"
                f"无法重新生成致该部门的{doc_kind.name}。"
            )
        return mine
    key = "request" if doc_kind.key == "request" else "personnel"
    setting = {
        "request": "documents.city_government",
        "personnel": "documents.personnel_department",
    }
    return [(recipient or get_setting(setting[key]), {})]


def recorded_bodies(document: Document) -> list:
    """The bodies a recorded 请示, 告知函 or 移送函 listed, from its inputs: the listings it
    names (``listing_ids``), else the listings of its agencies (``agency_ids``) that were on
    the list on its date — approved, escalated or not, as the list was then."""
    from xinyi_desktop.services import sanctions
    from xinyi_desktop.store.sanction_models import Listing

    inputs = document.inputs or {}
    query = Listing.select(Listing, Agency, Case).join(Agency).switch(Listing).join(Case)
    if inputs.get("listing_ids"):
        query = query.where(Listing.id.in_([int(i) for i in inputs["listing_ids"]]))
    else:
        on = document.issued_on
        query = query.where(
            Listing.agency.in_([int(i) for i in inputs.get("agency_ids") or []] or [0])
            & (Listing.listed_on.is_null() | (Listing.listed_on <= on))
            & (Listing.removed_on.is_null() | (Listing.removed_on >= on))
        )
    listings = list(query.order_by(Agency.name, Case.year, Case.serial))
    # The sanctions feature builds the rows (people in post on the document's date); it has
    # no public function for listings chosen by the caller yet.
    return sanctions._bodies(listings, document.issued_on)


def replan(document: Document) -> LetterPlan:
    """The plan of a recorded document made again: same date, recipient and inputs; for
    the lists the same bodies whatever their state now (approved, escalated). Refused
    when its case or recipient no longer exists."""
    from xinyi_desktop.services.documents import cases_of

    inputs = dict(document.inputs or {})
    doc_kind = kind(document.kind)
    if doc_kind.for_cases:
        cases = cases_of(document)
        if not cases:
            raise ValidationError(f"{document.doc_no}所涉案件已被删除，无法重新生成。")
        if document.agency_id is None:
            raise ValidationError(
                f"{document.doc_no}的收文单位“{document.recipient}”已被删除，无法重新生成。"
            )
        (plan,) = plan_case_letter(
            document.kind,
            cases[0].id,
            issued_on=document.issued_on,
            inputs=inputs,
            agency_id=document.agency_id,
        )
        return plan
    bodies = recorded_bodies(document)
    if not bodies:
        raise ValidationError(f"{document.doc_no}所列单位的失信记录已不存在，无法重新生成。")
    plans = _escalation_plans(
        doc_kind, bodies, document.issued_on, inputs, recipient=document.recipient
    )
    return plans[0]
