"""Deadline rules (期限规则) and how a due date follows from a trigger — pure, no database.

The rules themselves are data (``data/deadline_rules.json``, editable in the settings);
this module knows the vocabulary they are written in and computes one due date with the
explanation the case detail shows ("为什么是这一天").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, replace

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.workdays import Walk, WorkCalendar, last_day_of_month

UNITS = {
    "working_days": "工作日",
    "calendar_days": "日",
    "same_day": "当日",
    "working_days_before_month_end": "个工作日（月底前）",
}
TRIGGER_PREFIXES = ("field:", "first:", "last:")
SPECIAL_TRIGGERS = ("registered", "month_end")
CASE_DATE_LABELS = {
    "filed_on": "立案日期",
    "judgment_on": "判决日期",
    "judgment_effective_on": "判决生效日期",
    "performance_deadline": "履行期限",
    "listed_on": "列入失信名单日期",
}
# Fields a clerk may change in the settings; the rest (kind, trigger) define the rule.
EDITABLE = ("offset", "unit", "roll", "actor", "remind", "enabled")


@dataclass(frozen=True)
class Rule:
    kind: str
    label: str
    trigger: tuple[str, ...]
    trigger_label: str
    offset: int
    unit: str
    roll: bool
    actor: str
    remind: int
    stages: tuple[str, ...] = ()
    satisfied_by: tuple[str, ...] = ()
    done_on_outcomes: tuple[str, ...] = ()
    letter_kind: str = ""
    per_case_due: bool = False
    # A judgment's own duty, moot once its execution case (执) is listed or closed.
    ends_with_execution: bool = False
    enabled: bool = True
    description: str = ""

    @property
    def per_case(self) -> bool:
        """False for office-wide duties such as the monthly report."""
        return "month_end" not in self.trigger

    def period_text(self) -> str:
        if self.unit == "same_day":
            return "当日"
        if self.unit == "working_days_before_month_end":
            return f"月底前{self.offset}个工作日"
        return f"{self.offset}{UNITS[self.unit]}"

    def with_changes(self, values: dict) -> Rule:
        """This rule with the clerk's edits applied, each checked."""
        changes = {k: v for k, v in values.items() if k in EDITABLE}
        rule = replace(self, **changes)
        check_rule(rule)
        return rule


def rule_from_dict(item: dict) -> Rule:
    values = dict(item)
    for key in ("trigger", "stages", "satisfied_by", "done_on_outcomes"):
        values[key] = tuple(values.get(key, ()))
    known = Rule.__dataclass_fields__
    rule = Rule(**{k: v for k, v in values.items() if k in known})
    check_rule(rule)
    return rule


def rule_to_dict(rule: Rule) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(rule).items()}


def check_rule(rule: Rule) -> None:
    """Refuse a rule the engine cannot compute, naming the rule and the field."""
    where = f"期限规则“{rule.label}”"
    if rule.unit not in UNITS:
        raise ValidationError(f"{where}的计算单位“{rule.unit}”无法识别。", field="unit")
    if not isinstance(rule.offset, int) or isinstance(rule.offset, bool) or rule.offset < 0:
        raise ValidationError(f"{where}的期间应为不小于 0 的整数。", field="offset")
    if rule.offset > 3650:
        raise ValidationError(f"{where}的期间过长（超过 3650）。", field="offset")
    if not isinstance(rule.remind, int) or not 0 <= rule.remind <= 60:
        raise ValidationError(f"{where}的提前提醒天数应在 0 到 60 之间。", field="remind")
    if not str(rule.actor).strip():
        raise ValidationError(f"{where}须写明由谁办理。", field="actor")
    if not rule.trigger:
        raise ValidationError(f"{where}没有触发条件。", field="trigger")
    for source in rule.trigger:
        ok = source in SPECIAL_TRIGGERS or (
            source.startswith(TRIGGER_PREFIXES) and source.split(":", 1)[1]
        )
        if not ok or (source.startswith("field:") and source[6:] not in CASE_DATE_LABELS):
            raise ValidationError(f"{where}的触发条件“{source}”无法识别。", field="trigger")
    if rule.unit == "working_days_before_month_end" and rule.per_case:
        raise ValidationError(f"{where}：“月底前”只用于每月的期限。", field="unit")


@dataclass
class CaseFacts:
    """What the engine needs to know about one case."""

    stage: str
    outcome: str | None
    registered_on: dt.date | None
    dates: dict[str, dt.date | None]  # case date fields
    first_events: dict[str, dt.date] = field(default_factory=dict)
    last_events: dict[str, dt.date] = field(default_factory=dict)
    # A trigger event may carry a due date set for this case (整改期限 on the 交办单).
    event_due: dict[str, dt.date] = field(default_factory=dict)
    # For a judgment whose execution case has taken the lawsuit over (listed or closed):
    # what happened, in words ("执行案件…已于…列入失信名单"); "" otherwise.
    taken_over: str = ""


@dataclass(frozen=True)
class Trigger:
    source: str
    on: dt.date
    due_on: dt.date | None = None  # set per case by the trigger event


def find_trigger(rule: Rule, facts: CaseFacts) -> Trigger | None:
    for source in rule.trigger:
        if source == "registered":
            on = facts.registered_on
        elif source.startswith("field:"):
            on = facts.dates.get(source[6:])
        elif source.startswith("first:"):
            on = facts.first_events.get(source[6:])
        elif source.startswith("last:"):
            on = facts.last_events.get(source[5:])
        else:
            on = None
        if on is not None:
            due = facts.event_due.get(source.split(":", 1)[-1]) if rule.per_case_due else None
            return Trigger(source, on, due)
    return None


def applies(rule: Rule, facts: CaseFacts) -> bool:
    return (
        rule.enabled
        and rule.per_case
        and facts.stage in rule.stages
        and not (rule.ends_with_execution and facts.taken_over)
    )


def source_label(rule: Rule, source: str) -> str:
    if rule.trigger and source == rule.trigger[0]:
        return rule.trigger_label
    if source == "registered":
        return "案件登记日期（未记录法院通报时）"
    if source.startswith("field:"):
        return CASE_DATE_LABELS.get(source[6:], source)
    return rule.trigger_label


def period_start(basis: dict | None) -> tuple[dt.date, str] | None:
    """The day a stored deadline's period started and what started it, read from its
    basis: neither its completion nor a day set by hand can lie before it. None when not
    known (set by hand) or when the trigger is the deadline's own day (a court-set 履行期限:
    performing early is no mistake)."""
    if not basis or not basis.get("trigger_on"):
        return None
    start = dt.date.fromisoformat(basis["trigger_on"])
    if basis.get("trigger") == "month_end":
        return start.replace(day=1), "所属月份首日"
    if basis.get("unit") == "same_day" and not basis.get("per_case_due"):
        return None
    return start, f"起算日（{basis.get('trigger_label') or '触发日期'}）"


# The case's own facts no deadline of a kind can have been met before, the first one the
# case has (履行期限: the judgment took effect; 整改、复核: the agency was listed); any other
# kind: the filing date. However its period runs, a case's deadline is not met before the
# case existed.
EARLIEST_FACTS = {
    "performance": ("judgment_effective_on", "judgment_on", "filed_on"),
    "supervision_letter": ("judgment_effective_on", "judgment_on", "filed_on"),
    "rectification": ("listed_on", "filed_on"),
    "sanctions_review": ("listed_on", "filed_on"),
}
EARLIEST_DEFAULT = ("filed_on",)


def earliest_day(
    kind: str, basis: dict | None, dates: dict[str, dt.date | None] | None
) -> tuple[dt.date, str] | None:
    """The earliest day a deadline can have been met or be set to, and what it is: the
    later of its period's start (``period_start``) and the case's earliest relevant fact
    (``dates``: the case's date fields; None for a deadline of no case)."""
    found = [period_start(basis)]
    for name in EARLIEST_FACTS.get(kind, EARLIEST_DEFAULT) if dates else ():
        if dates.get(name):
            found.append((dates[name], f"本案{CASE_DATE_LABELS[name]}"))
            break
    found = [f for f in found if f is not None]
    return max(found, key=lambda f: f[0]) if found else None


@dataclass(frozen=True)
class Computed:
    """A due date and how it was reached (stored with the deadline)."""

    due_on: dt.date
    calendar_known: bool
    basis: dict

    @property
    def unknown_years(self) -> list[int]:
        return self.basis.get("unknown_years", [])


def period_from(rule: Rule, start: dt.date, calendar: WorkCalendar) -> tuple[Walk, dt.date | None]:
    """The rule's period counted from ``start`` (the day itself not counted): the walk to
    its last day, and that day before any move off a non-working day (None when counted
    in working days)."""
    if rule.unit == "working_days":
        return calendar.add_working_days(start, rule.offset), None
    if rule.unit == "calendar_days":
        raw = start + dt.timedelta(days=rule.offset)
        return calendar.add_calendar_days(start, rule.offset, roll=rule.roll), raw
    if rule.unit == "same_day":
        return (calendar.roll_forward(start) if rule.roll else Walk(start)), start
    raise ValidationError(f"期限规则“{rule.label}”不能按案件计算。", field="unit")


def compute(rule: Rule, trigger: Trigger, calendar: WorkCalendar) -> Computed:
    """The due date for ``rule`` triggered on ``trigger.on``."""
    start = trigger.on
    if trigger.due_on is not None:
        walk = calendar.roll_forward(trigger.due_on) if rule.roll else Walk(trigger.due_on)
        raw = trigger.due_on
    else:
        walk, raw = period_from(rule, start, calendar)
    if not calendar.knows(walk.day.year):
        walk.unknown_years.add(walk.day.year)
    if not calendar.knows(start.year):
        walk.unknown_years.add(start.year)
    basis = {
        "rule": rule.kind,
        "rule_label": rule.label,
        "trigger": trigger.source,
        "trigger_label": source_label(rule, trigger.source),
        "trigger_on": start.isoformat(),
        "offset": rule.offset,
        "unit": rule.unit,
        "roll": rule.roll,
        "per_case_due": trigger.due_on.isoformat() if trigger.due_on else None,
        "raw_due": raw.isoformat() if raw else None,
        "skipped": [_skip(calendar, d) for d in walk.skipped],
        "unknown_years": sorted(walk.unknown_years),
    }
    return Computed(walk.day, walk.calendar_known, basis)


def compute_monthly(rule: Rule, year: int, month: int, calendar: WorkCalendar) -> Computed:
    """The monthly report's day: the ``offset``-th working day before the month's last day."""
    end = last_day_of_month(year, month)
    walk = Walk(end)
    skipped: list[dt.date] = []
    unknown: set[int] = set()
    for _ in range(max(rule.offset, 1)):
        walk = calendar.previous_working_day(walk.day)
        skipped += walk.skipped
        unknown |= walk.unknown_years
    if not calendar.knows(year):
        unknown.add(year)
    basis = {
        "rule": rule.kind,
        "rule_label": rule.label,
        "trigger": "month_end",
        "trigger_label": "月底",
        "trigger_on": end.isoformat(),
        "offset": rule.offset,
        "unit": rule.unit,
        "roll": False,
        "per_case_due": None,
        "raw_due": None,
        "skipped": [_skip(calendar, d) for d in sorted(skipped)],
        "unknown_years": sorted(unknown),
    }
    return Computed(walk.day, not unknown, basis)


def _skip(calendar: WorkCalendar, day: dt.date) -> list[str]:
    note = calendar.day_note(day) or ("周六" if day.weekday() == 5 else "周日")
    return [day.isoformat(), note]


WEEKDAYS = "一二三四五六日"


def explain(basis: dict) -> list[str]:
    """The steps of "为什么是这一天", one sentence each, for the case detail."""
    if not basis:
        return ["此期限由经办人手工设定。"]
    lines = []
    start = dt.date.fromisoformat(basis["trigger_on"])
    if basis["trigger"] == "month_end":
        lines.append(f"规则“{basis['rule_label']}”：每月月底前{basis['offset']}个工作日。")
        lines.append(f"本月最后一天是 {_day(start)}。")
    else:
        lines.append(f"触发：{basis['trigger_label']} {_day(start)}。")
        if basis.get("per_case_due"):
            lines.append(f"本案交办时写明的期限为 {basis['per_case_due']}。")
        elif basis["unit"] == "working_days":
            lines.append(
                f"规则“{basis['rule_label']}”：{basis['offset']}个工作日，起算日当天不计，"
                "按国务院公布的节假日和调休安排计算。"
            )
        elif basis["unit"] == "calendar_days":
            lines.append(
                f"规则“{basis['rule_label']}”：{basis['offset']}日，起算日当天不计，"
                f"期间内的节假日照算，第{basis['offset']}日为 {basis['raw_due']}。"
            )
        else:
            lines.append(f"规则“{basis['rule_label']}”：以该日期为期限。")
    skipped = basis.get("skipped") or []
    if skipped:
        named = "、".join(f"{d[5:]}（{note}）" for d, note in skipped)
        if basis["unit"] == "working_days" and not basis.get("per_case_due"):
            lines.append(f"跳过的非工作日：{named}。")
        elif basis["trigger"] == "month_end":
            lines.append(f"往前跳过的非工作日：{named}。")
        else:
            lines.append(f"期满日不是工作日，顺延：{named}。")
    for year in basis.get("unknown_years") or []:
        lines.append(
            f"注意：尚未录入 {year} 年的节假日安排，该年暂按周一至周五为工作日计算，"
            "请在“设置 → 节假日”中录入后核对。"
        )
    return lines


def _day(day: dt.date) -> str:
    return f"{day.isoformat()}（周{WEEKDAYS[day.weekday()]}）"
