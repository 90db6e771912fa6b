"""Deciding what a court notice does to the register (reads only).

The same case again updates only what the newer notice adds or changes: a blank never
overwrites a value, defendants and plaintiffs are only added, and the stage only moves
forward (sued → lost → dishonest), by the same rules as a clerk's stage change. A notice
that is not news — a kind of list behind the case's stage, a list of the same kind dated
before the last one imported, a file imported before — only fills blanks.
Values are checked by ``cases.check_case_input``, the check behind the case dialog.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
from dataclasses import dataclass, field

from xinyi_desktop.errors import StageChangeRefused, ValidationError
from xinyi_desktop.importing.cells import agency_key
from xinyi_desktop.importing.layout import Layout
from xinyi_desktop.importing.rows import REQUIRED_DATE, RowRecord, row_date
from xinyi_desktop.rules.check_codes import check_credit_code
from xinyi_desktop.rules.stages import Stage, check_transition
from xinyi_desktop.services.cases import FIELD_LABELS, CaseInput, check_case_input
from xinyi_desktop.store.bulk import select_in
from xinyi_desktop.store.import_models import PendingBasis
from xinyi_desktop.store.models import Agency, Case, CaseLink, CaseParty, Event, Person

STAGE_OF_KIND = {"suits": Stage.SUED, "lost": Stage.LOST, "dishonest": Stage.DISHONEST}
ORDER = [Stage.SUED, Stage.LOST, Stage.DISHONEST]
MERGED_FIELDS = (
    "cause",
    "court",
    "amount",
    "filed_on",
    "judgment_on",
    "judgment_effective_on",
    "performance_deadline",
    "listed_on",
)
CHUNK = 500


@dataclass
class NewAgency:
    name: str
    credit_code: str = ""


@dataclass
class CasePlan:
    """What one case (one case number, however many rows name it) will become."""

    key: str
    case_no: str
    kind: str
    layout: Layout
    existing: Case | None = None
    values: dict = field(default_factory=dict)
    defendants: list[str] = field(default_factory=list)
    plaintiffs: list[str] = field(default_factory=list)
    records: list[RowRecord] = field(default_factory=list)
    stage: Stage = Stage.SUED  # the stage after the import
    stage_from: Stage | None = None  # set when the stage moves forward
    changes: list[str] = field(default_factory=list)
    changed_fields: dict = field(default_factory=dict)  # field -> new value (existing case)
    added_parties: bool = False
    credit_codes: dict[str, str] = field(default_factory=dict)  # agency name -> code
    legal_reps: list[tuple[str, str]] = field(default_factory=list)  # (agency, person)
    listed: list[str] = field(default_factory=list)  # agencies a dishonest-list row names
    basis_case_id: int | None = None
    basis_no: str = ""
    pending_links: list[int] = field(default_factory=list)  # execution cases waiting for us
    input: CaseInput | None = None
    checked: dict = field(default_factory=dict)  # the values check_case_input returned
    error: str = ""

    @property
    def is_new(self) -> bool:
        return self.existing is None

    @functools.cached_property
    def notice_date(self) -> dt.date | None:
        """The date the latest row's notice is about (filing, judgment taking effect,
        listing): which of two lists is the newer; read once every row is in (``finish``)."""
        for record in reversed(self.records):
            found = row_date(record, self.kind)
            if found:
                return found
        return None

    def received_on(self, today: dt.date) -> dt.date:
        """When the office received the notice (收到法院通报): the list's own notice-date
        column (通报日期) when mapped, else the day the file is imported — never the
        filing date, which may be months older."""
        for record in reversed(self.records):
            if record.values.get("notice_on"):
                return record.values["notice_on"]
        return today


class Planner:
    """Reads what the register holds for a file's cases once, then plans row by row."""

    def __init__(self, today: dt.date, *, imported_before: bool = False) -> None:
        self.today = today
        self.imported_before = imported_before  # this very file was imported already
        self.last_notices: dict[tuple[int, str], dt.date] = {}  # (case, kind) -> date
        self.plans: dict[str, CasePlan] = {}
        self.outcomes: dict[int, tuple[str, str]] = {}
        self.cases: dict[str, Case] = {}
        self.parties: dict[int, dict[str, list[str]]] = {}
        self.agencies: dict[str, Agency] = {}
        self.by_code: dict[str, Agency] = {}
        self.new_agencies: dict[str, NewAgency] = {}
        self.code_updates: dict[int, str] = {}
        self.reps: dict[int, set[str]] = {}
        self.links: set[tuple[int, int]] = set()
        self.pending: dict[str, list[int]] = {}
        self.agency_keys: dict[str, str] = {}  # name -> agency_key(name)

    # --- reading the register ----------------------------------------------------------
    def load(self, records: list[RowRecord]) -> None:
        keys = sorted(
            {r.key for r in records if r.key} | {r.basis_key for r in records if r.basis_key}
        )
        # Which keys are registered, by plain SQL (a new file: none), then whole records
        # only for those.
        found = sorted(row[0] for row in select_in(Case, [Case.id], Case.case_key, keys))
        for start in range(0, len(found), CHUNK):
            for case in Case.select().where(Case.id.in_(found[start : start + CHUNK])):
                self.cases[case.case_key] = case
        ids = [c.id for c in self.cases.values()]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            query = (
                CaseParty.select(CaseParty.case, CaseParty.role, CaseParty.name)
                .where(CaseParty.case.in_(chunk))
                .order_by(CaseParty.case, CaseParty.role, CaseParty.position)
                .tuples()
            )
            for case_id, role, name in query:
                self.parties.setdefault(case_id, {}).setdefault(role, []).append(name)
            links = CaseLink.select(CaseLink.from_case, CaseLink.to_case).where(
                CaseLink.from_case.in_(chunk) | CaseLink.to_case.in_(chunk)
            )
            self.links.update(links.tuples())
            notices = Event.select(Event.case, Event.occurred_on, Event.details).where(
                Event.case.in_(chunk) & (Event.kind == "court_notice")
            )
            for case_id, occurred_on, details in notices.tuples():
                self._note_notice(case_id, occurred_on, details)
        for agency in Agency.select():
            self.agencies[agency_key(agency.name)] = agency
            if agency.credit_code and check_credit_code(agency.credit_code).valid:
                self.by_code.setdefault(agency.credit_code, agency)
        reps = Person.select(Person.agency, Person.name).where(Person.role == "legal_rep")
        for agency_id, name in reps.tuples():
            self.reps.setdefault(agency_id, set()).add(name)
        columns = [PendingBasis.basis_key, PendingBasis.case]
        for basis_key, case_id in select_in(PendingBasis, columns, PendingBasis.basis_key, keys):
            self.pending.setdefault(basis_key, []).append(case_id)

    def _note_notice(self, case_id: int, occurred_on: dt.date, details: dict | None) -> None:
        """The latest court notice of each kind a case got (the date the list gave)."""
        details = details if isinstance(details, dict) else {}
        kind = details.get("notice")
        if kind not in STAGE_OF_KIND:
            return
        if "notice_on" in details:  # None: that list gave no date
            if not details["notice_on"]:
                return
            on = dt.date.fromisoformat(details["notice_on"])
        else:
            on = occurred_on
        key = (case_id, kind)
        if key not in self.last_notices or on > self.last_notices[key]:
            self.last_notices[key] = on

    # --- rows --------------------------------------------------------------------------
    def add(self, record: RowRecord, kind: str, layout: Layout) -> None:
        if record.skip_reason:
            self.outcomes[id(record)] = ("skipped", record.skip_reason)
            return
        if record.has_error:
            self.outcomes[id(record)] = ("error", record.errors[0].message)
            return
        plan = self.plans.get(record.key)
        if plan is None:
            plan = CasePlan(record.key, record.case_no, kind, layout, self.cases.get(record.key))
            self.plans[record.key] = plan
        else:
            self._note_duplicate(plan, record, layout)
            if ORDER.index(STAGE_OF_KIND[kind]) > ORDER.index(STAGE_OF_KIND[plan.kind]):
                plan.kind = kind
        plan.records.append(record)
        plan.values.update(record.values)
        for name in record.defendants:
            if name not in plan.defendants:
                plan.defendants.append(name)
        for name in record.plaintiffs:
            if name not in plan.plaintiffs:
                plan.plaintiffs.append(name)
        if record.credit_code and len(record.defendants) == 1:
            plan.credit_codes[record.defendants[0]] = record.credit_code
        if record.legal_rep and len(record.defendants) == 1:
            pair = (record.defendants[0], record.legal_rep)
            if pair not in plan.legal_reps:
                plan.legal_reps.append(pair)
        if kind == "dishonest":
            plan.listed.extend(n for n in record.defendants if n not in plan.listed)
        if record.basis_key:
            plan.basis_no = record.basis_no

    def _note_duplicate(self, plan: CasePlan, record: RowRecord, layout: Layout) -> None:
        first = plan.records[0]
        if [str(v) for v in first.cells] == [str(v) for v in record.cells]:
            self.outcomes[id(record)] = ("skipped", f"与第{first.row_no}行完全相同，不重复导入")
            record.skip_reason = "duplicate"
            return
        for name, value in record.values.items():
            before = plan.values.get(name)
            if before not in (None, "") and before != value:
                column = layout.column_of(name)
                record.add(
                    layout,
                    column,
                    f"与第{first.row_no}行的{FIELD_LABELS.get(name, name)}不同，以本行为准",
                    "warning",
                )

    # --- deciding ----------------------------------------------------------------------
    def finish(self) -> list[CasePlan]:
        plans = list(self.plans.values())
        for plan in plans:
            try:
                self._check_required_date(plan)
                self._resolve_agencies(plan)
                if plan.is_new:
                    self._plan_new(plan)
                else:
                    self._plan_update(plan)
            except ValidationError as exc:
                plan.error = exc.message
                record = plan.records[-1]
                column = plan.layout.column_of(exc.field) if exc.field else None
                record.add(plan.layout, column, exc.message)
            self._set_outcomes(plan)
        return plans

    def _check_required_date(self, plan: CasePlan) -> None:
        """The date a lost or dishonest list is about, from the row or the register."""
        required = REQUIRED_DATE.get(plan.kind)
        if required is None or plan.values.get(required) is not None:
            return
        if plan.existing is not None and getattr(plan.existing, required) is not None:
            return
        raise ValidationError(f"缺少{FIELD_LABELS[required]}", field=required)

    def _resolve_agencies(self, plan: CasePlan) -> None:
        resolved = []
        resolved_of: dict[str, str] = {}  # the name in the list -> the agency's name
        for name in plan.defendants:
            key = self.agency_keys.get(name)
            if key is None:  # the same few names on thousands of rows
                key = self.agency_keys[name] = agency_key(name)
            agency = self.agencies.get(key)
            code = plan.credit_codes.get(name, "")
            valid = bool(code) and check_credit_code(code).valid
            if agency is None and valid and code in self.by_code:
                agency = self.by_code[code]
                self._warn(
                    plan, "credit_code", f"信用代码与已登记的“{agency.name}”相同，按该单位导入"
                )
            if agency is None:
                new = self.new_agencies.get(key)
                if new is None:
                    new = self.new_agencies[key] = NewAgency(name)
                if code and not new.credit_code:
                    new.credit_code = code
                resolved.append(new.name)
                resolved_of[name] = new.name
                plan.changes.append(f"新登记单位：{new.name}")
                plan.changes.extend(
                    f"{new.name}的法定代表人：{person}"
                    for agency_name, person in plan.legal_reps
                    if agency_name == name
                )
                continue
            resolved.append(agency.name)
            resolved_of[name] = agency.name
            if code and code != (agency.credit_code or ""):
                old_valid = bool(agency.credit_code) and check_credit_code(agency.credit_code).valid
                if not agency.credit_code or (valid and not old_valid):
                    self.code_updates[agency.id] = code
                    plan.changes.append(
                        f"{agency.name}的信用代码：{agency.credit_code or '（空）'} → {code}"
                    )
                else:
                    self._warn(
                        plan,
                        "credit_code",
                        f"与已登记的信用代码{agency.credit_code}不同，未更改",
                    )
            for agency_name, person in plan.legal_reps:
                if agency_name == name and person not in self.reps.get(agency.id, set()):
                    plan.changes.append(f"{agency.name}的法定代表人：{person}")
        plan.defendants = list(dict.fromkeys(resolved))
        # The writer finds agencies by the names they are registered under.
        plan.legal_reps = list(dict.fromkeys((resolved_of[a], p) for a, p in plan.legal_reps))
        plan.listed = list(dict.fromkeys(resolved_of[n] for n in plan.listed))

    def _warn(self, plan: CasePlan, field_name: str, message: str) -> None:
        record = plan.records[-1]
        record.add(plan.layout, plan.layout.column_of(field_name), message, "warning")

    def _input(self, plan: CasePlan, base: dict, defendants, plaintiffs) -> CaseInput:
        values = {**base}
        return CaseInput(
            case_no=plan.case_no,
            defendants=defendants,
            plaintiffs=plaintiffs,
            cause=values.get("cause") or "",
            court=values.get("court") or "新沂市人民法院",
            amount=values.get("amount"),
            filed_on=values.get("filed_on"),
            judgment_on=values.get("judgment_on"),
            judgment_effective_on=values.get("judgment_effective_on"),
            performance_deadline=values.get("performance_deadline"),
            listed_on=values.get("listed_on"),
            note=values.get("note") or "",
            stage=plan.stage,
        )

    def _plan_new(self, plan: CasePlan) -> None:
        plan.stage = STAGE_OF_KIND[plan.kind]
        values = dict(plan.values)
        basis = self.cases.get(_key_of(plan)) if plan.basis_no else None
        if plan.basis_no:
            if basis is not None:
                plan.basis_case_id = basis.id
                for name in ("judgment_effective_on", "performance_deadline", "cause", "amount"):
                    if values.get(name) in (None, "") and getattr(basis, name) not in (None, ""):
                        values[name] = getattr(basis, name)
                if not plan.plaintiffs:
                    plan.plaintiffs = list(self.parties.get(basis.id, {}).get("plaintiff", []))
            else:
                self._warn(plan, "basis_no", f"执行依据{plan.basis_no}尚未登记，登记后将自动关联")
        plan.pending_links = self.pending.get(plan.key, [])
        plan.input = self._input(plan, values, plan.defendants, plan.plaintiffs)
        plan.checked = check_case_input(
            plan.input, stage=plan.stage, new=True, today=self.today, number=plan.records[0].number
        )
        plan.changes.insert(0, f"新案件（{plan.stage.label}阶段）")

    def _is_old_news(self, plan: CasePlan, current: Stage) -> str:
        """Why this notice may only fill blanks of the registered case ("" if it may not)."""
        if current == Stage.CLOSED or ORDER.index(STAGE_OF_KIND[plan.kind]) < ORDER.index(current):
            return f"本清单为{STAGE_OF_KIND[plan.kind].label}通报，案件已在{current.label}阶段"
        last = self.last_notices.get((plan.existing.id, plan.kind))
        notice = plan.notice_date
        if last is not None and notice is not None and notice < last:
            return f"本清单的通报日期{notice.isoformat()}早于已导入的通报（{last.isoformat()}）"
        if self.imported_before:
            return "内容相同的文件已导入过"
        return ""

    def _plan_update(self, plan: CasePlan) -> None:
        case = plan.existing
        current = Stage(case.stage)
        plan.stage = current
        merged = {name: getattr(case, name) for name in MERGED_FIELDS}
        merged["note"] = case.note
        old_news = self._is_old_news(plan, current)
        kept = []
        for name in MERGED_FIELDS:
            new = plan.values.get(name)
            if new in (None, "") or new == merged[name]:
                continue
            if name == "court" and new == "新沂市人民法院" and merged[name]:
                continue
            if old_news and merged[name] not in (None, ""):
                kept.append(
                    f"{FIELD_LABELS[name]}（本清单{_show(new)}，已登记{_show(merged[name])}）"
                )
                continue
            merged[name] = new
            plan.changed_fields[name] = new
            old = getattr(case, name)
            plan.changes.append(f"{FIELD_LABELS[name]}：{_show(old)} → {_show(new)}")
        if kept:
            self._warn(plan, "case_no", f"{old_news}，未按本清单更改：{'；'.join(kept)}")
        note = plan.values.get("note")
        if note and note not in (case.note or "") and not (old_news and case.note):
            merged["note"] = f"{case.note}\n{note}".strip()
            plan.changed_fields["note"] = merged["note"]
            plan.changes.append("备注：补充法院通报内容")
        roles = self.parties.get(case.id, {})
        defendants = list(roles.get("defendant", []))
        plaintiffs = list(roles.get("plaintiff", []))
        for label, have, incoming in (
            ("被告单位", defendants, plan.defendants),
            ("原告", plaintiffs, plan.plaintiffs),
        ):
            added = [n for n in incoming if n not in have]
            if added:
                have.extend(added)
                plan.added_parties = True
                plan.changes.append(f"{label}：增加{'、'.join(added)}")
        plan.defendants, plan.plaintiffs = defendants, plaintiffs
        self._plan_stage(plan, current, merged)
        if plan.basis_no:
            basis = self.cases.get(_key_of(plan))
            if basis is not None and not self._linked(case.id, basis.id):
                plan.basis_case_id = basis.id
                plan.changes.append(f"关联执行依据：{basis.case_no}")
        plan.pending_links = [
            i for i in self.pending.get(plan.key, []) if not self._linked(i, case.id)
        ]
        plan.input = self._input(plan, merged, defendants, plaintiffs)
        plan.checked = check_case_input(
            plan.input, stage=plan.stage, new=False, today=self.today, number=plan.records[0].number
        )

    def _plan_stage(self, plan: CasePlan, current: Stage, merged: dict) -> None:
        target = STAGE_OF_KIND[plan.kind]
        if current == Stage.CLOSED:
            if target != Stage.SUED:
                self._warn(plan, "case_no", "案件已结案，阶段未变更，请核实法院通报")
            return
        if ORDER.index(target) <= ORDER.index(current):
            return
        date_field = "judgment_effective_on" if target == Stage.LOST else "listed_on"
        on = merged.get(date_field)
        known = [
            merged.get("filed_on"),
            merged.get("judgment_on"),
            merged.get("judgment_effective_on"),
        ]
        if target == Stage.DISHONEST and _is_execution(plan):
            known = [merged.get("judgment_effective_on")]
        earliest = max((d for d in known if d is not None), default=None)
        try:
            if current == Stage.SUED and target == Stage.DISHONEST and _is_execution(plan):
                check_transition(Stage.LOST, target, on=on, earliest=earliest, today=self.today)
            else:
                check_transition(current, target, on=on, earliest=earliest, today=self.today)
        except StageChangeRefused as exc:
            self._warn(plan, "case_no", f"阶段未变更：{exc.message}")
            return
        plan.stage_from, plan.stage = current, target
        plan.changes.append(f"阶段：{current.label} → {target.label}")

    def _linked(self, a: int, b: int) -> bool:
        return (a, b) in self.links or (b, a) in self.links

    def _set_outcomes(self, plan: CasePlan) -> None:
        if plan.error:
            outcome, why = "error", plan.error
        elif plan.is_new:
            outcome, why = "new", "；".join(plan.changes)
        elif plan.changes:
            outcome, why = "update", "；".join(plan.changes)
        else:
            outcome, why = "unchanged", "与已登记的内容一致"
        first = plan.records[0].row_no
        for i, record in enumerate(plan.records):
            if record.skip_reason == "duplicate":
                continue
            text = why if i == 0 else f"与第{first}行合并：{why}"
            self.outcomes[id(record)] = (outcome, text)


def _key_of(plan: CasePlan) -> str:
    from xinyi_desktop.rules.case_numbers import parse_case_number

    return parse_case_number(plan.basis_no).key


def _is_execution(plan: CasePlan) -> bool:
    return "执" in plan.case_no and plan.kind == "dishonest"


def _show(value) -> str:
    if value in (None, ""):
        return "（空）"
    if isinstance(value, decimal.Decimal):
        return f"{value:.2f}"  # the register gives 150000 back for 150000.00
    return value.isoformat() if isinstance(value, dt.date) else str(value)
