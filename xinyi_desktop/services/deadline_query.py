"""Reading deadlines: the list view with its filters, the month view's counts, the
dashboard (工作台). Reads only; "overdue" is an open deadline whose day has passed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace

import peewee as pw

from xinyi_desktop.rules.dates import check_range, stored_date
from xinyi_desktop.rules.workdays import WorkCalendar
from xinyi_desktop.services.deadline_rules import load_rules
from xinyi_desktop.services.deadline_sync import DONE, MONTHLY, OPEN, STATUS_LABELS, WAIVED
from xinyi_desktop.services.work_calendar import load_calendar, missing_years
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import Case, CaseParty, db

URGENT_WORKING_DAYS = 3
SOON_WORKING_DAYS = 7
STATUSES = ("open", "overdue", "done", "waived")


@dataclass
class DeadlineFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str | None = None
    agency_id: int | None = None
    responsible: str | None = None
    status: str | None = None  # one of STATUSES; "open" includes overdue ones
    case_id: int | None = None
    limit: int | None = None
    # (today, last day): due after today and by the last day, or earlier in the period
    # but its rule's reminder day (提前提醒) has come.
    upcoming: tuple[dt.date, dt.date] | None = None

    def __post_init__(self) -> None:
        check_range(self.start, self.end)  # a range that shows nothing is a mistake


@dataclass
class DeadlineRow:
    id: int
    case_id: int | None
    case_no: str
    agency: str
    kind: str
    label: str
    due_on: dt.date
    status: str  # open | overdue | done | waived
    responsible: str
    rule: str  # the rule as text: "致函提醒：收到法院起诉案件通报后3工作日"
    calendar_known: bool
    manual: bool
    note: str
    resolved_on: dt.date | None
    row_version: int
    basis_json: str = ""  # decoded only when the explanation is shown
    period: str = ""  # the monthly report's month ("2026-11")
    # A monthly report beyond the stored months, shown but not stored: its ``id`` is the
    # month's negative key (``deadline_sync.shown_id``), its ``row_version`` that of a row
    # just stored; the clerk's action on it stores it in the action's own transaction.
    virtual: bool = False

    @property
    def basis(self) -> dict:
        return json.loads(self.basis_json) if self.basis_json else {}

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def effective_status(status: str, due_on: dt.date, today: dt.date) -> str:
    return "overdue" if status == OPEN and due_on < today else status


def _query(flt: DeadlineFilter, today: dt.date) -> pw.Select:
    query = (
        Deadline.select(*_ROW_COLUMNS)
        .join(Case, pw.JOIN.LEFT_OUTER, on=(Deadline.case == Case.id))
        .order_by(Deadline.due_on, Deadline.id)
    )
    query = _filtered(query, flt, today)
    if flt.limit:
        query = query.limit(flt.limit)
    return query


def _filtered(query: pw.Select, flt: DeadlineFilter, today: dt.date) -> pw.Select:
    """``query`` narrowed to the deadlines ``flt`` lets through; only deadline columns
    are used, so a count needs no join (and SQLite counts along an index)."""
    if flt.start is not None:
        query = query.where(Deadline.due_on >= flt.start)
    if flt.end is not None:
        query = query.where(Deadline.due_on <= flt.end)
    if flt.kind:
        query = query.where(Deadline.kind == flt.kind)
    if flt.responsible:
        query = query.where(Deadline.responsible == flt.responsible)
    if flt.case_id is not None:
        query = query.where(Deadline.case == flt.case_id)
    if flt.upcoming is not None:
        first, last = flt.upcoming
        reminding = Deadline.remind_on.is_null(False) & (Deadline.remind_on <= first)
        query = query.where((Deadline.due_on > first) & ((Deadline.due_on <= last) | reminding))
    if flt.agency_id is not None:
        cases = CaseParty.select(CaseParty.case).where(CaseParty.agency == flt.agency_id)
        query = query.where(Deadline.case.in_(cases))
    if flt.status == "overdue":
        query = query.where((Deadline.status == OPEN) & (Deadline.due_on < today))
    elif flt.status == "open":
        query = query.where(Deadline.status == OPEN)
    elif flt.status in (DONE, WAIVED):
        query = query.where(Deadline.status == flt.status)
    return query


def rule_text(kind: str, rules: dict) -> str:
    rule = rules.get(kind)
    if rule is None:
        return kind
    if not rule.per_case:
        return f"{rule.label}：{rule.period_text()}"
    if rule.unit == "same_day":
        return f"{rule.label}：{rule.trigger_label}" + ("，遇节假日顺延" if rule.roll else "")
    roll = "，期满遇节假日顺延" if rule.roll and rule.unit == "calendar_days" else ""
    return f"{rule.label}：{rule.trigger_label}后{rule.period_text()}{roll}"


_ROW_COLUMNS = (
    Deadline.id,
    Deadline.case,
    Deadline.kind,
    Deadline.period,
    Deadline.due_on,
    Deadline.status,
    Deadline.responsible,
    Deadline.calendar_known,
    Deadline.manual,
    Deadline.note,
    Deadline.resolved_on,
    Deadline.row_version,
    Deadline.basis,
    Case.case_no,
    Case.defendants_text,
)


def list_deadlines(flt: DeadlineFilter, today: dt.date | None = None) -> list[DeadlineRow]:
    """The deadlines passing ``flt``, by due day. Rows are read raw (no model objects):
    the 工作台 builds hundreds of them at start-up."""
    today = today or dt.date.today()
    rules = {r.kind: r for r in load_rules()}
    texts = {kind: rule_text(kind, rules) for kind in rules}
    rows = []
    for (
        id_,
        case_id,
        kind,
        period,
        due_on,
        status,
        responsible,
        known,
        manual,
        note,
        resolved_on,
        row_version,
        basis,
        case_no,
        defendants,
    ) in db.execute(_query(flt, today)).fetchall():
        rule = rules.get(kind)
        due_on = stored_date(due_on)
        rows.append(
            DeadlineRow(
                id=id_,
                case_id=case_id,
                case_no=case_no or ("—" if case_id else "（全办）"),
                agency=defendants or "",
                kind=kind,
                label=(rule.label if rule else kind) + (f" {period}" if period else ""),
                due_on=due_on,
                status=effective_status(status, due_on, today),
                responsible=responsible,
                rule=texts.get(kind, kind),
                calendar_known=bool(known),
                manual=bool(manual),
                note=note,
                resolved_on=stored_date(resolved_on),
                row_version=row_version,
                basis_json=basis or "",
                period=period,
            )
        )
    virtual = virtual_monthly(flt, today, rules, texts)
    if virtual:
        rows = sorted(rows + virtual, key=lambda r: r.due_on)
        if flt.limit:
            rows = rows[: flt.limit]
    return rows


def virtual_monthly(
    flt: DeadlineFilter, today: dt.date, rules: dict | None = None, texts: dict | None = None
) -> list[DeadlineRow]:
    """The monthly reports ``flt`` asks for whose month has no stored row — months ahead
    of what the start-up stored (at most two years ahead), or missed while nobody who may
    write opened the program — computed for display; nothing is written."""
    from xinyi_desktop.services.deadline_engine import Engine
    from xinyi_desktop.services.deadline_sync import _month_of, missing_months, shown_id

    if flt.case_id is not None or flt.agency_id is not None or flt.kind not in (None, MONTHLY):
        return []
    if flt.status not in (None, "open", "overdue"):
        return []
    rules = rules if rules is not None else {r.kind: r for r in load_rules()}
    rule = rules.get(MONTHLY)
    if rule is None or not rule.enabled or flt.responsible not in (None, rule.actor):
        return []
    if flt.end is not None:
        last = (flt.end.year, flt.end.month)
    elif flt.upcoming is not None:
        last = (flt.upcoming[1].year, flt.upcoming[1].month)
    else:
        last = _month_of(today, 1)
    missing = missing_months(max(last, _month_of(today, 1)), today)
    if not missing:
        return []
    engine = Engine(rules=list(rules.values()))
    found = []
    for year, month in missing:
        item = engine.monthly(year, month)
        if item is None or not _admits(flt, item.computed.due_on, item.remind_on, today):
            continue
        found.append(
            DeadlineRow(
                id=shown_id(item.period),
                case_id=None,
                case_no="（全办）",
                agency="",
                kind=MONTHLY,
                label=f"{rule.label} {item.period}",
                due_on=item.computed.due_on,
                status=effective_status(OPEN, item.computed.due_on, today),
                responsible=rule.actor,
                rule=(texts or {}).get(MONTHLY) or rule_text(MONTHLY, rules),
                calendar_known=item.computed.calendar_known,
                manual=False,
                note="",
                resolved_on=None,
                row_version=1,
                basis_json=json.dumps(item.computed.basis, ensure_ascii=False),
                period=item.period,
                virtual=True,
            )
        )
    return found


def _admits(flt: DeadlineFilter, due: dt.date, remind: dt.date, today: dt.date) -> bool:
    """Whether an open deadline due on ``due`` passes ``flt``'s day filters."""
    if flt.start is not None and due < flt.start:
        return False
    if flt.end is not None and due > flt.end:
        return False
    if flt.status == "overdue" and not due < today:
        return False
    if flt.upcoming is not None:
        first, last = flt.upcoming
        return due > first and (due <= last or remind <= first)
    return True


def responsibles() -> list[str]:
    query = Deadline.select(Deadline.responsible).distinct().order_by(Deadline.responsible)
    return [r for (r,) in db.execute(query) if r]


@dataclass
class DayCount:
    open: int = 0  # still to do (overdue included)
    done: int = 0  # 已办
    waived: int = 0  # 已免办: no longer needed, which is not done

    @property
    def total(self) -> int:
        return self.open + self.done + self.waived

    def text(self) -> str:
        """The day's line in the month view: ``2 项待办，共 3 项``, ``1 项已办，1 项已免办``."""
        if self.open:
            return f"{self.open} 项待办" + (
                f"，共 {self.total} 项" if self.total > self.open else ""
            )
        parts = [f"{self.done} 项已办"] if self.done else []
        return "，".join(parts + ([f"{self.waived} 项已免办"] if self.waived else []))

    def short_text(self) -> str:
        """The same line for a narrow cell: ``2/3 待办``, ``1 已办 1 免办``; the cell's
        tooltip keeps the whole :meth:`text`."""
        if self.open:
            return (
                f"{self.open} 项待办"
                if self.total == self.open
                else f"{self.open}/{self.total} 待办"
            )
        parts = [f"{self.done} 已办"] if self.done else []
        return " ".join(parts + ([f"{self.waived} 免办"] if self.waived else []))

    def tip(self) -> str:
        return f"待办 {self.open} 项，已办 {self.done} 项，已免办 {self.waived} 项"


def status_summary(rows: list[DeadlineRow]) -> str:
    """``共 4 项：逾期 1 项，未办 1 项，已办 1 项，已免办 1 项`` for a list and its export."""
    counts = {status: 0 for status in ("overdue", OPEN, DONE, WAIVED)}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    parts = [f"{STATUS_LABELS[s]} {n} 项" for s, n in counts.items() if n]
    return f"共 {len(rows)} 项" + ("：" + "，".join(parts) if parts else "")


def count_deadlines(flt: DeadlineFilter, today: dt.date) -> int:
    """How many deadlines pass ``flt`` (its ``limit`` aside): the stored ones and the
    monthly reports only shown, as ``list_deadlines`` lists them."""
    stored = _filtered(Deadline.select(Deadline.id), flt, today).count()
    return stored + len(virtual_monthly(replace(flt, limit=None), today))


def month_counts(year: int, month: int, today: dt.date | None = None) -> dict[dt.date, DayCount]:
    """Deadlines per day of the calendar grid around ``year``-``month`` (six weeks), the
    monthly reports only shown included."""
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    end = start + dt.timedelta(days=41)
    query = (
        Deadline.select(Deadline.due_on, Deadline.status, pw.fn.COUNT(Deadline.id))
        .where((Deadline.due_on >= start) & (Deadline.due_on <= end))
        .group_by(Deadline.due_on, Deadline.status)
    )
    counts: dict[dt.date, DayCount] = {}
    for due, status, n in db.execute(query):
        day = due if isinstance(due, dt.date) else dt.date.fromisoformat(str(due)[:10])
        entry = counts.setdefault(day, DayCount())
        if status == OPEN:
            entry.open += n
        elif status == WAIVED:
            entry.waived += n
        else:
            entry.done += n
    for row in virtual_monthly(DeadlineFilter(start=start, end=end), today or dt.date.today()):
        counts.setdefault(row.due_on, DayCount()).open += 1
    return counts


def urgency(day: dt.date, today: dt.date, calendar: WorkCalendar) -> str:
    """overdue (red) / urgent (orange: within 3 working days) / later (neutral)."""
    if day < today:
        return "overdue"
    if calendar.working_days_between(today, day) <= URGENT_WORKING_DAYS:
        return "urgent"
    return "later"


def urgent_ids(rows: list[DeadlineRow], today: dt.date, calendar: WorkCalendar) -> set[int]:
    """The open deadlines among ``rows`` that fall due within the warning period."""
    return {
        r.id for r in rows if r.status == "open" and urgency(r.due_on, today, calendar) == "urgent"
    }


@dataclass
class Dashboard:
    today: dt.date
    overdue: list[DeadlineRow]
    overdue_count: int
    due_today: list[DeadlineRow]
    # After today, within the next 7 working days or with its reminder day reached (the
    # rule's 提前提醒天数): the first ``limit`` of them.
    soon: list[DeadlineRow]
    soon_total: int
    soon_until: dt.date
    next_report: DeadlineRow | None
    stage_counts: dict[str, int]
    missing_years: list[int]
    unknown_calendar: int  # open deadlines computed without a holiday table
    soon_counts: dict[str, int] = field(default_factory=dict)
    # Why there is no next report: this month's is done (已办理) or waived (已免办), or
    # the rule is off.
    report_note: str = ""


def overdue_count(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    return count_deadlines(DeadlineFilter(status="overdue"), today)


def dashboard(today: dt.date | None = None, *, limit: int = 200) -> Dashboard:
    today = today or dt.date.today()
    calendar = load_calendar()
    soon_until = calendar.add_working_days(today, SOON_WORKING_DAYS).day
    overdue = list_deadlines(DeadlineFilter(status="overdue", limit=limit), today)
    due_today = list_deadlines(DeadlineFilter(start=today, end=today, status="open"), today)
    soon_filter = DeadlineFilter(upcoming=(today, soon_until), status="open", limit=limit)
    soon = list_deadlines(soon_filter, today)
    soon_total = count_deadlines(soon_filter, today) if len(soon) == limit else len(soon)
    report = list_deadlines(
        DeadlineFilter(start=today, kind=MONTHLY, status="open", limit=1), today
    )
    stages = dict(
        db.execute(Case.select(Case.stage, pw.fn.COUNT(Case.id)).group_by(Case.stage)).fetchall()
    )
    # Only a deadline in or after the first year without a table can lack one.
    known = calendar.known_years or [today.year]
    first_gap = min(y for y in range(known[0], known[-1] + 2) if y not in known)
    unknown_rows = Deadline.select(Deadline.due_on).where(
        (Deadline.status == OPEN)
        & (Deadline.due_on >= dt.date(first_gap, 1, 1))
        & (Deadline.calendar_known == False)  # noqa: E712
    )
    # A deadline decided without a table lies in (or runs into) a year without one: its
    # due day's year, and the first such year, need entering.
    due_days = [stored_date(row[0]) for row in db.execute(unknown_rows).fetchall()]
    unknown = len(due_days)
    unknown_years: set[int] = {day.year for day in due_days} | ({first_gap} if due_days else set())
    unknown_years -= set(calendar.known_years)
    return Dashboard(
        today=today,
        overdue=overdue,
        overdue_count=overdue_count(today),
        due_today=due_today,
        soon=soon,
        soon_total=soon_total,
        soon_until=soon_until,
        next_report=report[0] if report else None,
        stage_counts=stages,
        missing_years=sorted(set(missing_years(today, calendar)) | unknown_years),
        unknown_calendar=unknown,
        report_note="" if report else _report_note(today),
    )


def _report_note(today: dt.date) -> str:
    from xinyi_desktop.services.deadline_rules import rules_by_kind
    from xinyi_desktop.services.deadline_sync import monthly_report

    rule = rules_by_kind().get(MONTHLY)
    if rule is None or not rule.enabled:
        return "期限规则中的“月度通报”已停用"
    row = monthly_report(f"{today.year:04d}-{today.month:02d}")
    if row is not None and row.status == WAIVED:
        return "本月通报已免办"
    return "本月通报已办理"
