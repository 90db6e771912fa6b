"""Planning letters and sheets (生成文书前的准备): what each document will say, read and
checked from the data; nothing is written here. ``services.letters`` numbers, renders and
records the plans.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

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
from xinyi_desktop.services.links import taken_over
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
    # it orders the listed recipient's rectification period (限期整改通知书, or a 交办单 that
    # does not carry the period already set)
    orders_rectification: bool = False


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
    given = _given_deadline(kind_key, inputs)
    if given is not None and given < issued_on:
        raise ValidationError(
            f"{key}{format_date(given)}早于成文日期{format_date(issued_on)}。", field=key
        )
    walk = letter_deadline(kind_key, issued_on, given)
    inputs[key] = walk.day.isoformat()
    return deadline_note(walk)


def _given_deadline(kind_key: str, inputs: dict) -> dt.date | None:
    key = DEADLINES[kind_key][0]
    raw = inputs.get(key)
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except (TypeError, ValueError):
        raise ValidationError(f"{key}“{raw}”不是有效日期。", field=key) from None


# --- whether a case letter fits ---------------------------------------------------------

AHEAD_DAYS = 30  # a letter dated further ahead than this is a typing error


def unfit_reason(doc_kind, case: Case, issued_on: dt.date, takeovers: dict) -> str:
    """Why ``doc_kind`` does not fit ``case`` on ``issued_on`` ("" when it does): the
    case's stage; a judgment whose execution case has been listed or closed by then; a
    督促履行函 whose performance deadline has passed."""
    wanted = "、".join(Stage(s).label for s in doc_kind.stages)
    if doc_kind.stages and case.stage not in doc_kind.stages:
        return (
            f"案件{case.case_no}处于“{Stage(case.stage).label}”阶段，"
            f"{doc_kind.name}只适用于“{wanted}”阶段的案件。"
        )
    takeover = takeovers.get(case.id)
    if (
        takeover is not None
        and takeover.on <= issued_on.isoformat()
        and doc_kind.stages
        and takeover.stage not in doc_kind.stages
    ):
        return (
            f"案件{case.case_no}的{takeover.what()}，"
            f"该诉讼已进入“{Stage(takeover.stage).label}”阶段，{doc_kind.name}不再适用。"
        )
    deadline = case.performance_deadline
    if doc_kind.key == "supervision" and deadline is not None and deadline < issued_on:
        return (
            f"案件{case.case_no}的履行期限{format_date(deadline)}已过"
            f"（成文日期{format_date(issued_on)}），督促履行函不再适用：请核对履行情况。"
        )
    return ""


def check_letter_date(issued_on: dt.date, case: Case | None, today: dt.date | None) -> None:
    """A letter is not dated before its case was filed, nor more than ``AHEAD_DAYS`` days
    ahead (a mistyped year)."""
    today = today or dt.date.today()
    if issued_on > today + dt.timedelta(days=AHEAD_DAYS):
        raise ValidationError(
            f"成文日期{format_date(issued_on)}晚于今天（{format_date(today)}）"
            f"{AHEAD_DAYS}天以上，请核对。",
            field="issued_on",
        )
    if case is not None and case.filed_on is not None and issued_on < case.filed_on:
        raise ValidationError(
            f"成文日期{format_date(issued_on)}早于案件{case.case_no}的立案日期"
            f"{format_date(case.filed_on)}，请核对。",
            field="issued_on",
        )


# --- a 交办单 to a listed body and its rectification period --------------------------


def open_period(case: Case, agency_id: int):
    """The listing of ``agency_id`` for ``case`` whose rectification period is set and
    still running (not rectified, not removed), or None."""
    from xinyi_desktop.store.sanction_models import Listing

    return Listing.get_or_none(
        (Listing.case == case.id)
        & (Listing.agency == agency_id)
        & Listing.removed_on.is_null()
        & Listing.rectified_on.is_null()
        & Listing.rectify_due_on.is_null(False)
    )


def _order(kind_key: str, case: Case, agency: Agency, issued_on: dt.date, inputs: dict):
    """Settle the letter's deadline in ``inputs`` and decide whether the letter orders a
    rectification period: (notes, orders). A 限期整改通知书 always does. A 交办单 to a
    listed body whose period is running carries that period (its 办结时限 by default);
    another date, or a period already past, is a new order, which the notes say."""
    listed = case.stage == Stage.DISHONEST.value
    running = open_period(case, agency.id) if listed and kind_key in DEADLINES else None
    if running is not None and running.rectify_due_on < issued_on:
        running = None  # overdue: a new order, not one to carry
    if kind_key == "assignment" and running is not None:
        if _given_deadline(kind_key, inputs) is None:
            inputs["办结时限"] = running.rectify_due_on.isoformat()
    note = _settle_deadline(kind_key, issued_on, inputs) if kind_key in DEADLINES else ""
    notes = [note] if note else []
    orders = kind_key == "rectification" or (kind_key == "assignment" and listed)
    if running is not None:
        key = DEADLINES[kind_key][0]
        due = dt.date.fromisoformat(inputs[key])
        current = format_date(running.rectify_due_on)
        if due == running.rectify_due_on and kind_key == "assignment":
            orders = False
            notes.append(f"{agency.name}的{key}沿用已下达的整改期限{current}。")
        elif due != running.rectify_due_on:
            notes.append(
                f"{agency.name}已下达的整改期限为{current}；本{kind(kind_key).name}的{key}"
                f"{format_date(due)}是新的整改期限，生成后整改期限改为{format_date(due)}，"
                "期限日历按本文书计算。"
            )
    return notes, orders


def suggested_deadline(
    kind_key: str, case_id: int, agency_id: int | None, issued_on: dt.date
) -> tuple[dt.date, str]:
    """The deadline the dialog offers and what it says about it: for a 交办单 to listed
    bodies whose rectification period is running, that period; else the default."""
    default = letter_deadline(kind_key, issued_on).day
    case = Case.get_or_none(Case.id == case_id)
    if kind_key != "assignment" or case is None or case.stage != Stage.DISHONEST.value:
        return default, ""
    ids = [agency_id] if agency_id is not None else [a.id for a in defendants(case)]
    running = [open_period(case, i) for i in ids]
    running = [r if r is not None and r.rectify_due_on >= issued_on else None for r in running]
    dues = {r.rectify_due_on for r in running if r is not None}
    if len(dues) == 1 and all(r is not None for r in running):
        return dues.pop(), "沿用已下达的整改期限；改为其他日期即重新下达整改期限。"
    if dues:
        return default, "已下达整改期限的单位沿用各自的整改期限（不改此日期时）。"
    return default, ""


def plan_case_letter(
    kind_key: str,
    case_id: int,
    *,
    issued_on: dt.date,
    inputs: dict | None = None,
    agency_id: int | None = None,
    office: dict | None = None,
    takeovers: dict | None = None,
    recorded: bool = False,
    today: dt.date | None = None,
) -> list[LetterPlan]:
    """One letter per defendant of the case (or to ``agency_id`` only); ``office``: the
    office's values, read once for a batch; ``takeovers``: ``taken_over()`` read once for
    a batch. ``recorded``: the letter was recorded already (regenerating it): it is made
    again whatever the case's stage and dates are now."""
    doc_kind = kind(kind_key)
    if not doc_kind.for_cases:
        raise ValidationError(f"{doc_kind.name}不是针对单个案件的文书。", field="kind")
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise NotFound("该案件已不存在，可能已被删除。")
    if not recorded:
        check_letter_date(issued_on, case, today)
        takeovers = taken_over([case.id]) if takeovers is None else takeovers
        reason = unfit_reason(doc_kind, case, issued_on, takeovers)
        if reason:
            raise ValidationError(reason, field="kind")
    inputs = _plain_inputs(inputs or {})
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
        mine = dict(inputs)
        if recorded:  # the recorded deadline as it was printed; it orders nothing now
            note = _settle_deadline(kind_key, issued_on, mine) if kind_key in DEADLINES else ""
            notes, orders = [note] if note else [], False
        else:
            notes, orders = _order(kind_key, case, agency, issued_on, mine)
        content = case_content(doc_kind, case, agency, issued_on, mine, office)
        plans.append(
            LetterPlan(
                kind=kind_key,
                recipient=agency.name,
                agency_id=agency.id,
                case_ids=[case.id],
                issued_on=issued_on,
                inputs=mine,
                content=content,
                title=title_of(doc_kind, content.values),
                notes=notes,
                orders_rectification=orders,
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
    """Plans for many agencies: a letter to each about each of its cases the kind fits; a
    case that does not fit (or an agency with none) is left out with the reason."""
    doc_kind = kind(kind_key)
    takeovers = taken_over()
    pairs, skipped = [], []
    for agency in Agency.select().where(Agency.id.in_(agency_ids)).order_by(Agency.name):
        fitting, unfit = _defendant_cases(doc_kind, issued_on, takeovers, agency.id)
        if not fitting and not unfit:
            wanted = "、".join(Stage(s).label for s in doc_kind.stages)
            skipped.append(f"{agency.name}没有处于“{wanted}”阶段的案件。")
        skipped += [f"{agency.name}：{reason}" for _case, reason in unfit]
        pairs += [(case.id, agency.id) for case in fitting]
    return _plan_many(kind_key, pairs, issued_on, inputs, skipped, takeovers)


def _plan_many(
    kind_key, pairs, issued_on, inputs, skipped, takeovers=None
) -> tuple[list[LetterPlan], list[str]]:
    plans = []
    office = office_values(issued_on)
    takeovers = taken_over() if takeovers is None else takeovers
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
                    takeovers=takeovers,
                )
            )
        except XinyiError as error:
            skipped.append(str(error))
    return plans, skipped


def _defendant_cases(
    doc_kind, issued_on: dt.date, takeovers: dict, agency_id: int | None = None
) -> tuple[list[Case], list[tuple[Case, str]]]:
    """The cases at a stage ``doc_kind`` fits (of which ``agency_id`` is a defendant):
    those it fits on ``issued_on``, and the others with the reason (``unfit_reason``)."""
    query = Case.select().where(Case.stage.in_(doc_kind.stages))
    if agency_id is not None:
        query = query.join(CaseParty).where(
            (CaseParty.role == "defendant") & (CaseParty.agency == agency_id)
        )
    fitting, unfit = [], []
    for case in query.distinct().order_by(Case.year, Case.serial):
        reason = unfit_reason(doc_kind, case, issued_on, takeovers)
        if reason:
            unfit.append((case, reason))
        else:
            fitting.append(case)
    return fitting, unfit


@dataclass(frozen=True)
class BatchChoice:
    """A case or an agency a batch can be made for; ``unfit``: why not (then it is shown
    but cannot be chosen)."""

    key: int
    label: str
    unfit: str = ""


def batch_choices(kind_key: str, by: str, issued_on: dt.date | None = None) -> list[BatchChoice]:
    """What a batch of ``kind_key`` dated ``issued_on`` can be made for: the cases at a
    stage it fits (``by`` is ``case``) or the agencies sued in them with the number of
    cases it fits (``agency``). A case it does not fit on that day (a judgment whose
    execution case is listed, a performance deadline passed) comes with the reason."""
    doc_kind = kind(kind_key)
    issued_on = issued_on or dt.date.today()
    takeovers = taken_over()
    fitting, unfit = _defendant_cases(doc_kind, issued_on, takeovers)
    if by == "case":
        rows = [(c, "") for c in fitting] + unfit
        rows.sort(key=lambda r: (r[0].year, r[0].serial))
        return [BatchChoice(c.id, f"{c.case_no}　{c.defendants_text}", why) for c, why in rows]
    reasons = dict((c.id, why) for c, why in unfit)
    ids = [c.id for c in fitting] + list(reasons)
    parties = (
        CaseParty.select(CaseParty.case, Agency.id, Agency.name)
        .join(Agency)
        .where((CaseParty.role == "defendant") & CaseParty.case.in_(ids or [0]))
        .tuples()
    )
    per_agency: dict[tuple[str, int], list[int]] = {}
    for case_id, agency_id, name in parties:
        per_agency.setdefault((name, agency_id), [])
        if case_id not in per_agency[(name, agency_id)]:
            per_agency[(name, agency_id)].append(case_id)
    choices = []
    for (name, agency_id), cases in sorted(per_agency.items()):
        fits = [c for c in cases if c not in reasons]
        why = "" if fits else "；".join(reasons[c] for c in cases)
        choices.append(BatchChoice(agency_id, f"{name}　{len(fits)}件", why))
    return choices


def plan_escalation(
    kind_key: str,
    *,
    issued_on: dt.date,
    inputs: dict | None = None,
    agency_ids: list[int] | None = None,
    today: dt.date | None = None,
) -> list[LetterPlan]:
    """The 请示 (one, to the city government), the 告知函 (one per department) or the
    移送函 (one, to the personnel department), with the list attached."""
    doc_kind = kind(kind_key)
    check_letter_date(issued_on, None, today)
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
    """The plan of a recorded document made again: same date, recipient and inputs,
    whatever the case's stage now (a 提醒函 of a case since closed is made again as it
    was); for the lists the same bodies whatever their state now (approved, escalated).
    Refused when its case or recipient no longer exists."""
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
            recorded=True,
        )
        return plan
    bodies = recorded_bodies(document)
    if not bodies:
        raise ValidationError(f"{document.doc_no}所列单位的失信记录已不存在，无法重新生成。")
    plans = _escalation_plans(
        doc_kind, bodies, document.issued_on, inputs, recipient=document.recipient
    )
    return plans[0]
