"""Keeping the stored deadlines in step with the cases, the rules and the calendar.

``sync_case`` runs after every change to a case or its timeline (the case services call
it); ``recompute_open`` after a rule or a holiday year changed; ``backfill`` computes the
deadlines of a database that had none (schema migration 4, the benchmark database).
Every change to a deadline is audited and appears in the case's timeline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from xinyi_desktop.rules.deadline_rules import CaseFacts, Rule
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import audit
from xinyi_desktop.services.deadline_engine import (
    MONTHLY,
    Engine,
    Expected,
    compute_all,
    load_facts,
)
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import Case, User, db, now

OPEN, DONE, WAIVED = "open", "done", "waived"
# The basis key marking a deadline retired because the judgment's execution case took over.
ENDED_BY = "ended_by"
STATUS_LABELS = {OPEN: "未办", DONE: "已办", WAIVED: "已免办", "overdue": "逾期"}
_MAX_VARIABLES = 32_766


@dataclass
class Changes:
    inserts: list[Expected] = field(default_factory=list)
    updates: list[tuple[Deadline, Expected]] = field(default_factory=list)
    resolves: list[Deadline] = field(default_factory=list)
    # Retired because an execution case had taken the judgment over, and due again (the
    # link was removed): open once more.
    reopens: list[tuple[Deadline, Expected]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.inserts or self.updates or self.resolves or self.reopens)


def _row(e: Expected, stamp: dt.datetime) -> dict:
    return {
        "case": e.case_id,
        "kind": e.rule.kind,
        "period": e.period,
        "due_on": e.computed.due_on,
        "status": OPEN,
        "trigger_on": e.trigger_on,
        "basis": e.computed.basis,
        "calendar_known": e.computed.calendar_known,
        "responsible": e.rule.actor,
        "remind_on": e.remind_on,
        "created_at": stamp,
        "updated_at": stamp,
    }


def insert_expected(items: list[Expected]) -> int:
    """Bulk insert (no audit): only for deadlines of a database that had none."""
    if not items:
        return 0
    stamp = now()
    names = list(_row(items[0], stamp))
    fields = [getattr(Deadline, name) for name in names]
    rows = [tuple(_row(item, stamp).values()) for item in items]
    size = max(1, _MAX_VARIABLES // len(names))
    for start in range(0, len(rows), size):
        db.execute(Deadline.insert_many(rows[start : start + size], fields=fields))
    return len(rows)


def backfill(today: dt.date | None = None) -> int:
    """Compute and store the deadlines of every case (the table must be empty)."""
    engine = Engine()
    with db.atomic():
        items = [e for found in compute_all(engine).values() for e in found]
        count = insert_expected(items)
        ensure_monthly_reports(today, engine)
    return count


def ensure_monthly_reports(
    today: dt.date | None = None,
    engine: Engine | None = None,
    *,
    actor: User | None = None,
) -> None:
    """Every month's report exists as a deadline: from the first month the program kept
    one (or this month) to next month. A month missed because nobody opened the program
    then is filled in too, so its report shows as overdue rather than not at all. Written
    by the write paths only (start-up upkeep, recomputing), audited as ``actor``'s; only
    the backfill of a database without deadlines passes none. Months further ahead are
    shown by the read views without being stored (``deadline_query.virtual_monthly``)."""
    today = today or dt.date.today()
    missing = missing_months(_month_of(today, 1), today)
    if not missing:
        return
    engine = engine or Engine()
    items = [e for e in (engine.monthly(y, m) for y, m in missing) if e is not None]
    if actor is None:
        insert_expected(items)
        return
    for item in items:
        audit.record(actor, "create", Deadline.create(**_row(item, now())))


def stored_months() -> set[str]:
    """The periods ("2026-11") whose monthly report is stored."""
    query = Deadline.select(Deadline.period).where(
        Deadline.case.is_null() & (Deadline.kind == MONTHLY)
    )
    return {period for (period,) in query.tuples()}


def missing_months(last: tuple[int, int], today: dt.date) -> list[tuple[int, int]]:
    """The months from the first one kept (or this month) to ``last`` without a stored
    report, never more than two years ahead of ``today``."""
    stored = stored_months()
    last = min(last, _month_of(today, 24))
    first = min([_parse_month(p) for p in stored if _parse_month(p)] or [_month_of(today, 0)])
    missing = []
    year, month = first
    while (year, month) <= last:
        if f"{year:04d}-{month:02d}" not in stored:
            missing.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return missing


def shown_id(period: str) -> int:
    """The key of a monthly report shown but not stored ("2027-03" → -202703): negative,
    as stored ids are positive, and one per month, so no two shown rows share it."""
    year, month = _parse_month(period) or (0, 0)
    return -(year * 100 + month)


def shown_period(deadline_id: int) -> str | None:
    """The month of a shown report's key (``shown_id``); None for a stored deadline's id."""
    if deadline_id >= 0:
        return None
    year, month = divmod(-deadline_id, 100)
    return f"{year:04d}-{month:02d}"


def monthly_report(period: str) -> Deadline | None:
    """The stored monthly-report deadline of ``period`` ("2026-11"), if there is one."""
    return Deadline.get_or_none(
        Deadline.case.is_null() & (Deadline.kind == MONTHLY) & (Deadline.period == period)
    )


def store_monthly(actor: User, period: str) -> Deadline | None:
    """The month's report deadline, stored now (audited) if it was only shown. Call it in
    the transaction of what the clerk does to it (``deadlines.mark_done`` and the others do
    so for a shown report's key), so that a refusal there stores nothing. None when the
    rule is off."""
    from xinyi_desktop.rules.permissions import require

    require(actor, "edit")
    with db.atomic():
        found = monthly_report(period)
        if found is not None:
            return found
        parsed = _parse_month(period)
        item = Engine().monthly(*parsed) if parsed else None
        if item is None:
            return None
        row = Deadline.create(**_row(item, now()))
        audit.record(actor, "create", row)
    return row


def _month_of(day: dt.date, ahead: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + ahead
    return index // 12, index % 12 + 1


def _parse_month(period: str) -> tuple[int, int] | None:
    try:
        year, month = (int(part) for part in period.split("-"))
    except (AttributeError, ValueError):
        return None
    return (year, month) if 1 <= month <= 12 else None


def plan_changes(expected: list[Expected], stored: list[Deadline]) -> Changes:
    """What to insert, update and resolve so that ``stored`` matches ``expected``."""
    latest: dict[str, Deadline] = {}
    for row in sorted(stored, key=lambda d: d.id):
        latest[row.kind] = row
    changes = Changes()
    kinds = set()
    for item in expected:
        kinds.add(item.rule.kind)
        row = latest.get(item.rule.kind)
        if row is None:
            changes.inserts.append(item)
        elif row.status == OPEN:
            if not row.manual and (
                row.due_on != item.computed.due_on
                or row.trigger_on != item.trigger_on
                or row.calendar_known != item.computed.calendar_known
                or row.remind_on != item.remind_on
                or row.basis != item.computed.basis
            ):
                changes.updates.append((row, item))
        elif row.status == WAIVED and (row.basis or {}).get(ENDED_BY) == "execution":
            changes.reopens.append((row, item))
        elif row.trigger_on is not None and item.trigger_on > row.trigger_on:
            changes.inserts.append(item)  # a new round: e.g. a second rectification order
    changes.resolves = [r for r in latest.values() if r.status == OPEN and r.kind not in kinds]
    return changes


def _resolution(
    row: Deadline, rule: Rule | None, facts: CaseFacts | None, today: dt.date
) -> tuple[str, str, str]:
    """(status, note, what ended it: "execution" or "") of a deadline no longer due."""
    label = rule.label if rule else row.kind
    # A deadline retired after its day had passed was missed, not excused: say so.
    missed = f"（到期日{row.due_on.isoformat()}已过，逾期未办）" if row.due_on < today else ""
    if facts is None:
        return WAIVED, f"{label}：案件已不存在", ""
    if facts.stage == Stage.CLOSED.value and rule and facts.outcome in rule.done_on_outcomes:
        from xinyi_desktop.rules.stages import Outcome

        return DONE, f"以“{Outcome(facts.outcome).label}”结案", ""
    if rule is None or not rule.enabled:
        return WAIVED, "期限规则已停用", ""
    if rule.ends_with_execution and facts.taken_over:
        note = f"已进入执行程序：{facts.taken_over}，此期限不再适用{missed}"
        return WAIVED, note, "execution"
    if facts.stage not in rule.stages:
        note = f"案件已进入“{Stage(facts.stage).label}”阶段，此期限不再适用{missed}"
        return WAIVED, note, ""
    return WAIVED, f"触发日期已删除{missed}", ""


def _take_computed(row: Deadline, item: Expected) -> None:
    row.due_on, row.trigger_on = item.computed.due_on, item.trigger_on
    row.basis, row.calendar_known = item.computed.basis, item.computed.calendar_known
    row.remind_on = item.remind_on


def apply_changes(
    actor: User,
    case_id: int | None,
    changes: Changes,
    facts: CaseFacts | None,
    *,
    reason: str,
    today: dt.date,
) -> list[str]:
    """Write ``changes`` with audit entries; returns the lines for the timeline."""
    lines = []
    rules = {}
    for item in changes.inserts:
        row = Deadline.create(**_row(item, now()))
        audit.record(actor, "create", row)
        lines.append(f"新增期限：{item.rule.label} {row.due_on.isoformat()}")
        rules[item.rule.kind] = item.rule
    for row, item in changes.updates:
        old = audit.snapshot(row)
        before = row.due_on
        _take_computed(row, item)
        audit.bump_version(row, None, "期限")
        row.save()
        audit.record(actor, "update", row, old)
        if before != row.due_on:
            lines.append(
                f"期限变更：{item.rule.label} {before.isoformat()} → {row.due_on.isoformat()}"
                + (f"（{reason}）" if reason else "")
            )
    for row, item in changes.reopens:
        old = audit.snapshot(row)
        row.status, row.note, row.resolved_on = OPEN, "", None
        row.resolved_by = row.resolved_at = None
        if row.manual:  # the clerk's day stands
            row.basis = {k: v for k, v in row.basis.items() if k != ENDED_BY}
        else:
            _take_computed(row, item)
        audit.bump_version(row, None, "期限")
        row.save()
        audit.record(actor, "update", row, old)
        lines.append(
            f"期限恢复计算：{item.rule.label} {row.due_on.isoformat()}"
            + (f"（{reason}）" if reason else "")
        )
    if changes.resolves:
        from xinyi_desktop.services.deadline_rules import rules_by_kind

        rules = rules_by_kind()
    for row in changes.resolves:
        rule = rules.get(row.kind)
        status, note, ended_by = _resolution(row, rule, facts, today)
        old = audit.snapshot(row)
        row.status, row.note = status, note
        if ended_by:
            row.basis = {**(row.basis or {}), ENDED_BY: ended_by}
        row.resolved_on = today
        if status == DONE and facts is not None:
            row.resolved_on = facts.dates.get("closed_on") or today
        row.resolved_by, row.resolved_at = actor, now()
        audit.bump_version(row, None, "期限")
        row.save()
        audit.record(actor, "update", row, old)
        verb = "已办理" if status == DONE else "不再计算"
        lines.append(f"期限{verb}：{rule.label if rule else row.kind}（{note}）")
    return lines


def sync_case(
    actor: User,
    case_id: int,
    *,
    reason: str = "",
    today: dt.date | None = None,
    quiet_inserts: bool = False,
    engine: Engine | None = None,
) -> list[str]:
    """Bring one case's deadlines up to date; the changes go into its timeline (new
    deadlines too, unless ``quiet_inserts``: a new case's first deadlines are no news).
    ``engine``: rules and calendar already loaded, for many cases in one transaction."""
    from xinyi_desktop.services.events import add_event

    today = today or dt.date.today()
    engine = engine or Engine()
    with db.atomic():
        facts = load_facts(engine.rules, [case_id]).get(case_id)
        expected = engine.expected(case_id, facts) if facts else []
        stored = list(Deadline.select().where(Deadline.case == case_id))
        changes = plan_changes(expected, stored)
        if not changes:
            return []
        lines = apply_changes(actor, case_id, changes, facts, reason=reason, today=today)
        if quiet_inserts:
            lines = lines[len(changes.inserts) :]
        if lines and facts is not None:
            add_event(
                actor,
                Case.get_by_id(case_id),
                "deadline",
                on=today,
                summary="；".join(lines),
                details={"reason": reason} if reason else None,
            )
    return lines


def recompute_open(actor: User, *, reason: str, today: dt.date | None = None) -> int:
    """After a rule or the calendar changed: every case's deadlines, and the monthly
    reports still open. Returns how many cases changed."""
    from xinyi_desktop.services.events import add_event

    today = today or dt.date.today()
    engine = Engine()
    changed = 0
    with db.atomic():
        facts = load_facts(engine.rules)
        open_ids = {
            row[0]
            for row in db.execute(
                Deadline.select(Deadline.case).where(
                    (Deadline.status == OPEN) & Deadline.case.is_null(False)
                )
            )
        }
        missing = sorted(open_ids - set(facts))
        for start in range(0, len(missing), 900):
            facts.update(load_facts(engine.rules, missing[start : start + 900]))
        stored: dict[int, list[Deadline]] = {}
        for row in Deadline.select().where(Deadline.case.is_null(False)):
            stored.setdefault(row.case_id, []).append(row)
        for case_id, case_facts in facts.items():
            expected = engine.expected(case_id, case_facts)
            changes = plan_changes(expected, stored.get(case_id, []))
            if changes:
                lines = apply_changes(
                    actor, case_id, changes, case_facts, reason=reason, today=today
                )
                if lines:
                    add_event(
                        actor,
                        Case.get_by_id(case_id),
                        "deadline",
                        on=today,
                        summary="；".join(lines),
                        details={"reason": reason},
                    )
                changed += 1
        for row in Deadline.select().where(
            Deadline.case.is_null() & (Deadline.status == OPEN) & (Deadline.kind == MONTHLY)
        ):
            year, month = (int(p) for p in row.period.split("-"))
            item = engine.monthly(year, month)
            if item is not None and not row.manual:
                changes = plan_changes([item], [row])
                if changes.updates:
                    apply_changes(actor, None, changes, None, reason=reason, today=today)
        ensure_monthly_reports(today, engine, actor=actor)
    return changed


def retire_taken_over(actor: User, *, today: dt.date | None = None) -> int:
    """Bring up to date the judgments whose open deadlines end with their execution case
    (履行期限, 发函督促) while that case has been listed or closed: e.g. recorded before the
    rule existed. Returns how many judgments changed."""
    from xinyi_desktop.services.links import taken_over

    today = today or dt.date.today()
    engine = Engine()
    kinds = [r.kind for r in engine.rules if r.ends_with_execution and r.enabled]
    if not kinds:
        return 0
    query = (
        Deadline.select(Deadline.case)
        .where((Deadline.status == OPEN) & Deadline.kind.in_(kinds) & Deadline.case.is_null(False))
        .distinct()
    )
    judgments = sorted(row[0] for row in query.tuples())
    changed = 0
    with db.atomic():
        for start in range(0, len(judgments), 900):
            for judgment_id in taken_over(judgments[start : start + 900]):
                reason = "执行案件已列入失信名单或已结案"
                if sync_case(actor, judgment_id, reason=reason, today=today, engine=engine):
                    changed += 1
    return changed


def upkeep(actor: User, *, today: dt.date | None = None) -> None:
    """The deadlines' daily upkeep, at start-up for a user who may write: what the stored
    rows lack (this month's and next month's report, judgments taken over) is written,
    audited. Read views never write; they show what is not stored (deadline_query)."""
    from xinyi_desktop.rules.permissions import allows

    if not allows(actor.role, "edit"):
        return
    today = today or dt.date.today()
    with db.atomic():  # all of it or nothing: each month's row goes with its audit entry
        retire_taken_over(actor, today=today)
        ensure_monthly_reports(today, actor=actor)
