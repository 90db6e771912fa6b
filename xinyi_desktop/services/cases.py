"""Cases (案件): create, edit, move through the stages, link, and record their timeline."""

from __future__ import annotations

import datetime as dt
import decimal
from dataclasses import dataclass, field

from xinyi_desktop.errors import DuplicateCase, NotFound, ValidationError
from xinyi_desktop.rules.case_numbers import CaseNumber, case_type_info, parse_case_number
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.search import build_search_text
from xinyi_desktop.rules.stages import (
    DATE_FIELD_OF_STAGE,
    Outcome,
    Stage,
    check_transition,
    listing_date_problem,
)
from xinyi_desktop.services import audit, deadlines
from xinyi_desktop.services.agencies import clean_name, ensure_agencies
from xinyi_desktop.services.events import add_event
from xinyi_desktop.store.models import Case, CaseParty, User, db

PARTY_SEPARATOR = "、"

# Field labels, for messages and for the timeline's "what changed".
FIELD_LABELS = {
    "case_no": "案号",
    "court": "审理法院",
    "cause": "案由",
    "amount": "标的金额",
    "filed_on": "立案日期",
    "judgment_on": "判决日期",
    "judgment_effective_on": "判决生效日期",
    "performance_deadline": "履行期限",
    "listed_on": "列入失信名单日期",
    "closed_on": "结案日期",
    "plaintiffs_text": "原告",
    "defendants_text": "被告单位",
    "note": "备注",
    "stage": "阶段",
    "outcome": "结果",
}
DATE_FIELDS = (
    "filed_on",
    "judgment_on",
    "judgment_effective_on",
    "performance_deadline",
    "listed_on",
)
# Dates that record something that has happened, so cannot lie in the future.
PAST_DATE_FIELDS = ("filed_on", "judgment_on", "judgment_effective_on", "listed_on")
NEW_CASE_STAGES = (Stage.SUED, Stage.LOST, Stage.DISHONEST)


@dataclass
class CaseInput:
    """What the new/edit dialog, the command line and the importer hand in."""

    case_no: str
    defendants: list[str] = field(default_factory=list)  # agency names
    plaintiffs: list[str] = field(default_factory=list)
    cause: str = ""
    court: str = "新沂市人民法院"
    amount: decimal.Decimal | None = None
    filed_on: dt.date | None = None
    judgment_on: dt.date | None = None
    judgment_effective_on: dt.date | None = None
    performance_deadline: dt.date | None = None
    listed_on: dt.date | None = None
    note: str = ""
    stage: Stage = Stage.SUED  # only read when the case is created


def get_case(case_id: int) -> Case:
    try:
        return Case.get_by_id(case_id)
    except Case.DoesNotExist:
        raise NotFound("该案件已不存在，可能已被删除。") from None


def find_case(case_no: str) -> Case | None:
    """The case with this number, however it is typed."""
    return Case.get_or_none(Case.case_key == parse_case_number(case_no).key)


def split_names(names: list[str]) -> list[str]:
    """Clean party names: no blanks, no duplicates, order kept."""
    seen: list[str] = []
    for name in names:
        cleaned = clean_name(name)
        if cleaned and cleaned not in seen:
            seen.append(cleaned)
    return seen


def _validate(data: CaseInput, case: Case | None, today: dt.date) -> dict:
    number = parse_case_number(data.case_no)
    existing = Case.get_or_none(Case.case_key == number.key)
    if existing is not None and (case is None or existing.id != case.id):
        raise DuplicateCase(
            f"案号“{existing.case_no}”已经登记（{Stage(existing.stage).label}阶段），"
            "不能重复登记。",
            existing_id=existing.id,
        )
    stage = Stage(case.stage) if case is not None else Stage(data.stage)
    return check_case_input(data, stage=stage, new=case is None, today=today)


def check_case_input(
    data: CaseInput,
    *,
    stage: Stage,
    new: bool,
    today: dt.date,
    number: CaseNumber | None = None,
) -> dict:
    """Every check of a case's values that needs no database (the importer uses it too):
    the column values to store, with ``plaintiffs`` and ``defendants`` as name lists.
    ``number``: ``data.case_no`` already parsed (an import parses each row's once)."""
    if number is None or number.display != data.case_no:
        number = parse_case_number(data.case_no)
    defendants = split_names(data.defendants)
    if not defendants:
        raise ValidationError("请至少填写一个被告单位。", field="defendants")
    for name in defendants:
        if len(name) > 100:
            raise ValidationError(f"被告单位名称“{name[:20]}…”过长。", field="defendants")
    for name in PAST_DATE_FIELDS:
        value = getattr(data, name)
        if value is not None and value > today:
            raise ValidationError(
                f"{FIELD_LABELS[name]}{value.isoformat()}晚于今天，请核对。", field=name
            )
    info = case_type_info(number.case_type) or {}
    if info.get("category") != "execution":  # an execution case is filed after the judgment
        _check_order(data, "filed_on", "judgment_on")
        _check_order(data, "filed_on", "judgment_effective_on")
    _check_order(data, "judgment_on", "judgment_effective_on")
    _check_order(data, "judgment_effective_on", "performance_deadline")
    _check_order(data, "judgment_effective_on", "listed_on")
    problem = listing_date_problem(data.listed_on, data.performance_deadline)
    if problem:
        raise ValidationError(problem, field="listed_on")
    if data.amount is not None and data.amount < 0:
        raise ValidationError("标的金额不能为负数。", field="amount")
    if new and stage not in NEW_CASE_STAGES:
        raise ValidationError(
            "新案件只能登记为起诉、败诉或失信阶段；结案请在案件中变更阶段。", field="stage"
        )
    # An execution case (执) on the dishonest list may arrive before its judgment is known.
    execution = info.get("category") == "execution"
    if (
        stage in (Stage.LOST, Stage.DISHONEST)
        and data.judgment_effective_on is None
        and not (execution and stage == Stage.DISHONEST)
    ):
        raise ValidationError(
            f"{stage.label}阶段的案件须填写判决生效日期。", field="judgment_effective_on"
        )
    if stage == Stage.DISHONEST and data.listed_on is None:
        raise ValidationError("失信阶段的案件须填写列入失信名单日期。", field="listed_on")
    plaintiffs = split_names(data.plaintiffs)
    return {
        "case_no": number.display,
        "case_key": number.key,
        "year": number.year,
        "court_code": number.court_code,
        "case_type": number.case_type,
        "serial": number.serial,
        "court": data.court.strip() or "新沂市人民法院",
        "cause": data.cause.strip(),
        "amount": data.amount,
        "note": data.note.strip(),
        "plaintiffs": plaintiffs,
        "defendants": defendants,
        **{name: getattr(data, name) for name in DATE_FIELDS},
    }


def _check_order(data: CaseInput, earlier: str, later: str) -> None:
    first, second = getattr(data, earlier), getattr(data, later)
    if first is not None and second is not None and second < first:
        raise ValidationError(
            f"{FIELD_LABELS[later]}{second.isoformat()}早于{FIELD_LABELS[earlier]}"
            f"{first.isoformat()}，请核对。",
            field=later,
        )


def create_case(actor: User, data: CaseInput, *, today: dt.date | None = None) -> Case:
    """Register a new case; unknown defendant agencies are registered with it."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        values = _validate(data, None, today)
        plaintiffs, defendants = values.pop("plaintiffs"), values.pop("defendants")
        case = Case.create(stage=Stage(data.stage).value, **values)
        _write_parties(actor, case, plaintiffs, defendants)
        audit.record(actor, "create", case)
        add_event(
            actor,
            case,
            "created",
            on=today,
            summary=f"登记案件（{Stage(case.stage).label}阶段）",
        )
        deadlines.on_case_changed(actor, case.id, reason="登记案件", today=today)
        if case.stage == Stage.DISHONEST.value:
            _sanction_hooks(actor, case, Stage.LOST, Stage.DISHONEST, case.listed_on, today)
    return case


def update_case(
    actor: User,
    case_id: int,
    data: CaseInput,
    *,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Case:
    """Save edits to a case. Its stage changes only through ``change_stage``."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        case = get_case(case_id)
        old = audit.snapshot(case)
        values = _validate(data, case, today)
        plaintiffs, defendants = values.pop("plaintiffs"), values.pop("defendants")
        audit.bump_version(case, expected_version, "案件")
        for key, value in values.items():
            setattr(case, key, value)
        case.save()
        CaseParty.delete().where(CaseParty.case == case).execute()
        _write_parties(actor, case, plaintiffs, defendants)
        entry = audit.record(actor, "update", case, old)
        changed = [FIELD_LABELS[k] for k in entry.new_values or {} if k in FIELD_LABELS]
        if changed:
            add_event(
                actor,
                case,
                "edit",
                on=today,
                summary=describe_edit(entry.old_values or {}, entry.new_values or {}),
                details={"old": entry.old_values, "new": entry.new_values},
            )
            reason = "修改了" + "、".join(changed)
            deadlines.on_case_changed(actor, case.id, reason=reason, today=today)
    return case


def _write_parties(actor: User, case: Case, plaintiffs: list[str], defendants: list[str]) -> None:
    rows = [
        {"case": case, "role": "plaintiff", "name": name, "agency": None, "position": i}
        for i, name in enumerate(plaintiffs)
    ]
    agencies = ensure_agencies(actor, defendants)
    rows += [
        {"case": case, "role": "defendant", "name": a.name, "agency": a, "position": i}
        for i, a in enumerate(agencies)
    ]
    if rows:
        CaseParty.insert_many(rows).execute()
    _set_party_texts(case, plaintiffs, [a.name for a in agencies])


def _set_party_texts(case: Case, plaintiffs: list[str], defendants: list[str]) -> None:
    case.plaintiffs_text = PARTY_SEPARATOR.join(plaintiffs)
    case.defendants_text = PARTY_SEPARATOR.join(defendants)
    case.search_text = build_search_text(
        case.case_key, case.cause, case.plaintiffs_text, case.defendants_text
    )
    case.save(only=[Case.plaintiffs_text, Case.defendants_text, Case.search_text])


def refresh_party_texts(case_id: int) -> None:
    """Rebuild a case's denormalised party texts after an agency was renamed."""
    case = get_case(case_id)
    parties = list(case.parties.order_by(CaseParty.role, CaseParty.position))
    _set_party_texts(
        case,
        [p.name for p in parties if p.role == "plaintiff"],
        [p.name for p in parties if p.role == "defendant"],
    )


def parties_of(case: Case, role: str) -> list[CaseParty]:
    return list(case.parties.where(CaseParty.role == role).order_by(CaseParty.position))


def change_stage(
    actor: User,
    case_id: int,
    target: Stage,
    *,
    on: dt.date | None,
    outcome: Outcome | None = None,
    performance_deadline: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
) -> Case:
    """Move a case to another stage on date ``on``; refused with the reason if not allowed."""
    require(actor, "approve")
    today = today or dt.date.today()
    with db.atomic():
        case = get_case(case_id)
        target = Stage(target)
        known = [case.filed_on, case.judgment_on, case.judgment_effective_on]
        if target == Stage.CLOSED:
            known.append(case.listed_on)
        earliest = max((d for d in known if d is not None), default=None)
        check_transition(
            Stage(case.stage),
            target,
            on=on,
            outcome=outcome,
            earliest=earliest,
            today=today,
            performance_deadline=case.performance_deadline,
        )
        if performance_deadline is not None and on is not None and performance_deadline < on:
            raise ValidationError(
                "履行期限早于判决生效日期，请核对。", field="performance_deadline"
            )
        old = audit.snapshot(case)
        previous = Stage(case.stage)
        case.stage = target.value
        setattr(case, DATE_FIELD_OF_STAGE[target], on)
        if target == Stage.LOST and performance_deadline is not None:
            case.performance_deadline = performance_deadline
        case.outcome = Outcome(outcome).value if outcome is not None else None
        audit.bump_version(case, None, "案件")
        case.save()
        audit.record(actor, "update", case, old)
        summary = f"阶段：{previous.label} → {target.label}"
        if outcome is not None:
            summary += f"（{Outcome(outcome).label}）"
        if note.strip():
            summary += f"。{note.strip()}"
        add_event(
            actor,
            case,
            "stage",
            on=on,
            summary=summary,
            details={"from": previous.value, "to": target.value, "outcome": case.outcome},
        )
        deadlines.on_case_changed(actor, case.id, reason=summary, today=today)
        _sanction_hooks(actor, case, previous, target, on, today)
    return case


def _sanction_hooks(actor, case: Case, previous, target, on, today) -> None:
    """Joint punishment (services/sanctions.py): a case that became dishonest gets its
    checklist; a listed case that closed takes its agencies off the list."""
    from xinyi_desktop.services import sanctions

    if Stage(target) == Stage.DISHONEST:
        sanctions.ensure_checklists(actor, [case.id], today=today)
    elif Stage(target) == Stage.CLOSED and Stage(previous) == Stage.DISHONEST:
        sanctions.on_case_closed(actor, case.id, on=on, outcome=case.outcome)


# --- what changed, in words ------------------------------------------------------------
SHOWN_CHARS = 40  # a long value is cut in the timeline's one-line summary


def shown_value(name: str, value) -> str:
    """A case column's stored value as the clerk reads it (stage and outcome in Chinese)."""
    if value is None or value == "":
        return "—"
    if name == "stage":
        return Stage(value).label
    if name == "outcome":
        return Outcome(value).label
    if name == "amount":
        return f"{decimal.Decimal(str(value)):,.2f} 元"
    return str(value)


def describe_edit(old: dict, new: dict) -> str:
    """``修改：案由：行政许可 → 行政处罚；原告：王伟 → 王伟、李娜`` for the timeline."""

    def cut(text: str) -> str:
        return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"

    parts = [
        f"{FIELD_LABELS[k]}：{cut(shown_value(k, old.get(k)))} → {cut(shown_value(k, new[k]))}"
        for k in new
        if k in FIELD_LABELS
    ]
    return "修改：" + "；".join(parts)


@dataclass(frozen=True)
class HistoryRow:
    """One line of a case's 修改记录: who, when, and one field's old and new value."""

    at: dt.datetime
    who: str
    action: str
    field: str
    old: str
    new: str


AUDIT_ACTIONS = {"create": "登记", "update": "修改", "delete": "删除"}


def case_history(case_id: int) -> list[HistoryRow]:
    """The case's audit entries, oldest first, one row per field the clerk knows (the
    internal columns such as the search text and the version are left out)."""
    rows = []
    for entry in audit.history(Case._meta.table_name, case_id):
        action = AUDIT_ACTIONS.get(entry.action, entry.action)
        who = entry.user.display_name
        if entry.action == "create":
            rows.append(HistoryRow(entry.at, who, action, "", "", "登记案件"))
            continue
        old, new = entry.old_values or {}, entry.new_values or {}
        for name in new:
            if name in FIELD_LABELS:
                rows.append(
                    HistoryRow(
                        entry.at,
                        who,
                        action,
                        FIELD_LABELS[name],
                        shown_value(name, old.get(name)),
                        shown_value(name, new.get(name)),
                    )
                )
    return rows
