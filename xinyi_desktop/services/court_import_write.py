"""Writing a planned court-list import: one file, one transaction, undo data kept.

New cases are written in bulk (a 20,000-row list must import faster than openpyxl can
read it); changed cases one by one. Every change is audited, every imported case gets a
court-notice event in its timeline, and everything changed is listed in ``ImportChange``
with its old values so the import can be undone.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Generator

from xinyi_desktop.importing.collector import collector_paused
from xinyi_desktop.rules.deadline_rules import CASE_DATE_LABELS, CaseFacts
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.search import build_search_text
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import audit
from xinyi_desktop.services.agencies import (
    AgencyInput,
    PersonInput,
    add_person,
    create_agency,
    guess_kind,
)
from xinyi_desktop.services.cases import PARTY_SEPARATOR, _set_party_texts, _write_parties
from xinyi_desktop.services.court_import import FilePlan, Progress
from xinyi_desktop.services.court_import_deadlines import DeadlineWriter
from xinyi_desktop.services.court_import_sanctions import listed_checklists
from xinyi_desktop.services.court_merge import CasePlan
from xinyi_desktop.services.events import add_event, add_events
from xinyi_desktop.services.links import LINK_KINDS
from xinyi_desktop.store.bulk import insert_rows, new_ids
from xinyi_desktop.store.import_models import ImportBatch, ImportChange, PendingBasis
from xinyi_desktop.store.models import Agency, Case, CaseLink, CaseParty, Event, User, db, now

log = logging.getLogger(__name__)
CHUNK = 500
# The new case's columns after those check_case_input gives (see create_cases).
_CASE_TAIL = (
    Case.plaintiffs_text,
    Case.defendants_text,
    Case.search_text,
    Case.stage,
    Case.created_at,
    Case.updated_at,
    Case.row_version,
)
NOTICE_TITLES = {"suits": "法院通报起诉", "lost": "法院通报败诉", "dishonest": "纳入失信名单"}


class ImportCancelled(Exception):
    """The clerk cancelled; the transaction is rolled back."""


def apply_plan(
    actor: User,
    plan: FilePlan,
    *,
    today: dt.date | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Generator[Progress, None, ImportBatch | None]:
    """Write the plan's valid rows. Yields progress; returns the history entry, or None
    when cancelled or when nothing needed changing (then nothing at all is written)."""
    require(actor, "edit")
    today = today or dt.date.today()
    counts = plan.counts()
    if not counts["created"] and not counts["updated"]:
        return None
    valid = [p for p in plan.cases if not p.error and (p.is_new or p.changes)]
    total = len(valid)
    try:
        with collector_paused(), db.atomic():
            writer = _Writer(actor, plan, today)
            writer.batch = ImportBatch.create(
                file_name=plan.file_name,
                content_hash=plan.content_hash,
                kind=plan.kind,
                user=actor,
                report=_report_for_history(plan, counts),
                **{k: counts[k] for k in ("created", "updated", "unchanged", "warnings", "errors")},
            )
            writer.agencies(valid)
            new = [p for p in valid if p.is_new]
            for start in range(0, len(new), CHUNK):
                if cancel and cancel():
                    raise ImportCancelled
                writer.create_cases(new[start : start + CHUNK])
                yield start + len(new[start : start + CHUNK]), total, "正在写入新案件…"
            updates = [p for p in valid if not p.is_new]
            writer.read_for_update(updates)
            for i, case_plan in enumerate(updates):
                if cancel and i % 50 == 0 and cancel():
                    raise ImportCancelled
                writer.update_case(case_plan)
                if i % 200 == 0:
                    yield len(new) + i, total, "正在更新已登记的案件…"
            writer.links_and_people(valid)
            if cancel and cancel():
                raise ImportCancelled
            writer.flush()
            writer.sync_deadlines()
            writer.checklists(valid)
            writer.flush()
            yield total, total, "导入完成"
            return writer.batch
    except ImportCancelled:
        log.info("import of %s cancelled; nothing written", plan.file_name)
        return None


def _report_for_history(plan: FilePlan, counts: dict[str, int]) -> dict:
    report = plan.report(counts)
    # Keep the history small: the first 500 of each.
    return {k: (v[:500] if isinstance(v, list) else v) for k, v in report.items()}


class _Writer:
    def __init__(self, actor: User, plan: FilePlan, today: dt.date) -> None:
        self.actor, self.plan, self.today = actor, plan, today
        self.batch: ImportBatch | None = None
        self.agency_ids: dict[str, int] = {
            a.name: a.id for a in Agency.select(Agency.id, Agency.name)
        }
        self.changes: list[tuple] = []
        self.audits: list[tuple] = []
        self.case_ids: dict[str, int] = {}
        self.created_ids: list[int] = []
        self.updated_ids: list[int] = []
        self.file_name = plan.file_name
        self.labels: dict[int, list[tuple[int, str]]] = {}  # id(layout) -> column names
        self.deadlines = DeadlineWriter()  # the deadline feature's rules, loaded once
        self.fresh: dict[int, tuple[Case, dict[str, list[str]]]] = {}  # cases to update
        self.linked_judgments: list[int] = []  # their deadlines may end (执行案件 listed)

    def change(self, table: str, record_id: int, action: str, old=None, version=None) -> None:
        self.changes.append((self.batch.id, table, record_id, action, old, version))

    # --- agencies ----------------------------------------------------------------------
    def agencies(self, valid: list[CasePlan]) -> None:
        planner = self.plan.planner
        needed = {name for p in valid for name in p.defendants}
        for new in planner.new_agencies.values():
            if new.name not in needed or new.name in self.agency_ids:
                continue
            saved = create_agency(
                self.actor,
                AgencyInput(name=new.name, credit_code=new.credit_code, kind=guess_kind(new.name)),
            )
            self.agency_ids[new.name] = saved.record.id
            self.change("agency", saved.record.id, "create", version=saved.record.row_version)
        for agency_id, code in planner.code_updates.items():
            agency = Agency.get_by_id(agency_id)
            old = audit.snapshot(agency)
            agency.credit_code = code
            audit.bump_version(agency, None, "单位")
            agency.save()
            audit.record(self.actor, "update", agency, old)
            self.change("agency", agency.id, "update", old, agency.row_version)

    # --- new cases (bulk) --------------------------------------------------------------
    def create_cases(self, plans: list[CasePlan]) -> None:
        """Rows prepared as tuples and inserted with ``executemany``; the ids are taken
        before inserting (``new_ids``), so nothing is read back."""
        stamp = now()
        ids = new_ids(Case, len(plans))
        # The columns check_case_input gives, in its order (the party lists aside).
        names = [k for k in plans[0].checked if k not in ("plaintiffs", "defendants")]
        fields = [Case.id, *(Case._meta.fields[k] for k in names), *_CASE_TAIL]
        rows, parties, events, facts = [], [], [], {}
        batch_id = self.batch.id
        for p, case_id in zip(plans, ids, strict=True):
            checked = p.checked
            plaintiffs, defendants = checked["plaintiffs"], checked["defendants"]
            values = {k: checked[k] for k in names}
            values["plaintiffs_text"] = PARTY_SEPARATOR.join(plaintiffs)
            values["defendants_text"] = PARTY_SEPARATOR.join(defendants)
            search = build_search_text(
                checked["case_key"],
                checked["cause"],
                values["plaintiffs_text"],
                values["defendants_text"],
            )
            rows.append((case_id, *values.values(), search, p.stage.value, stamp, stamp, 1))
            self.case_ids[p.key] = case_id
            self.created_ids.append(case_id)
            for i, name in enumerate(plaintiffs):
                parties.append((case_id, "plaintiff", name, None, i))
            for i, name in enumerate(defendants):
                parties.append((case_id, "defendant", name, self.agency_ids.get(name), i))
            notice = self._notice_row(p, case_id, "；".join(p.changes), stamp)
            events.append(notice)
            facts[case_id] = _facts(p.stage.value, checked, stamp, notice["occurred_on"])
            new = audit.plain_values(values, skip_blank=True)
            new.update(stage=p.stage.value, row_version=1)
            new["import"] = batch_id
            self.audits.append(("create", "case", case_id, None, new))
            self.changes.append((batch_id, "case", case_id, "create", None, 1))
        insert_rows(Case, fields, rows)
        insert_rows(
            CaseParty,
            [CaseParty.case, CaseParty.role, CaseParty.name, CaseParty.agency, CaseParty.position],
            parties,
        )
        self.audits += add_events(self.actor, events)
        self.deadlines.insert_new(facts)
        self.flush()  # a chunk at a time: a large list's undo records are not all held

    def _labels(self, layout) -> list[tuple[int, str]]:
        """Each column's index and its name in the notice's ``values``."""
        found = self.labels.get(id(layout))
        if found is None:
            found = [(c.index, c.header or f"第{c.index + 1}列") for c in layout.columns]
            self.labels[id(layout)] = found
        return found

    def _notice_row(self, p: CasePlan, case_id: int, what: str, at=None) -> dict:
        records, layout, notice_on = p.records, p.layout, p.notice_date
        texts = records[0].cell_texts()
        count = len(texts)
        cells = {label: texts[i] for i, label in self._labels(layout) if i < count and texts[i]}
        title = NOTICE_TITLES[p.kind]
        if len(records) == 1:
            rows = str(records[0].row_no)
        else:
            rows = "、".join(str(r.row_no) for r in records if r.skip_reason != "duplicate")
        agency = (
            self.agency_ids.get(p.defendants[0]) if p.kind == "dishonest" and p.defendants else None
        )
        return {
            "case": case_id,
            "agency": agency,
            "kind": "court_notice",
            "occurred_on": p.received_on(self.today),
            "recorded_at": at or now(),
            "user": self.actor.id,
            "summary": f"{title}（导入自“{self.file_name}”第{rows}行）：{what}",
            "details": {
                "notice": p.kind,
                # what the list is about, to tell an older list from a newer one
                "notice_on": notice_on.isoformat() if notice_on else None,
                "import": self.batch.id,
                "file": self.file_name,
                "sheet": layout.sheet,
                "rows": [r.row_no for r in records],
                "values": cells,
            },
        }

    # --- changed cases -----------------------------------------------------------------
    def read_for_update(self, plans: list[CasePlan]) -> None:
        """The cases about to change and their parties, read afresh inside the transaction
        in a few statements rather than two for each case."""
        ids = [p.existing.id for p in plans]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for case in Case.select().where(Case.id.in_(chunk)):
                self.fresh[case.id] = (case, {"plaintiff": [], "defendant": []})
            query = (
                CaseParty.select(CaseParty.case, CaseParty.role, CaseParty.name)
                .where(CaseParty.case.in_(chunk) & CaseParty.role.in_(["plaintiff", "defendant"]))
                .order_by(CaseParty.case, CaseParty.role, CaseParty.position, CaseParty.id)
            )
            for case_id, role, name in query.tuples():
                self.fresh[case_id][1][role].append(name)

    def update_case(self, p: CasePlan) -> None:
        if p.existing.id in self.fresh:
            case, parties = self.fresh.pop(p.existing.id)
        else:
            case = Case.get_by_id(p.existing.id)
            parties = {
                role: [
                    x.name
                    for x in case.parties.where(CaseParty.role == role).order_by(CaseParty.position)
                ]
                for role in ("plaintiff", "defendant")
            }
        old = audit.snapshot(case)
        for name, value in p.changed_fields.items():
            setattr(case, name, value)
        if p.stage_from is not None:
            case.stage = p.stage.value
        audit.bump_version(case, None, "案件")
        case.save()
        if p.added_parties:
            CaseParty.delete().where(CaseParty.case == case).execute()
            _write_parties(self.actor, case, p.plaintiffs, p.defendants)
        else:
            _set_party_texts(case, parties["plaintiff"], parties["defendant"])
        audit.record(self.actor, "update", case, old)
        undo = {"case": old, "parties": parties}
        if p.stage_from is not None:
            event = add_event(
                self.actor,
                case,
                "stage",
                on=p.received_on(self.today),
                summary=f"阶段：{p.stage_from.label} → {p.stage.label}（据法院通报导入）",
                details={"from": p.stage_from.value, "to": p.stage.value, "outcome": None},
            )
            self.change("event", event.id, "create")
        row = self._notice_row(p, case.id, "；".join(p.changes))
        event = Event.create(**row)
        self.audits.append(("create", "event", event.id, None, audit.snapshot(event)))
        self.change("event", event.id, "create")
        self.change("case", case.id, "update", undo, case.row_version)
        self.case_ids[p.key] = case.id
        self.updated_ids.append(case.id)

    # --- links, legal representatives --------------------------------------------------
    def links_and_people(self, valid: list[CasePlan]) -> None:
        for p in valid:
            case_id = self.case_ids[p.key]
            if p.basis_case_id is not None:
                self._link(case_id, p.basis_case_id)
            elif p.basis_no and p.is_new:
                pending = PendingBasis.create(
                    case=case_id, basis_key=_key(p.basis_no), basis_no=p.basis_no
                )
                self.change("pending_basis", pending.id, "create")
            for waiting in p.pending_links:
                self._link(waiting, case_id)
                for row in PendingBasis.select().where(
                    (PendingBasis.case == waiting) & (PendingBasis.basis_key == p.key)
                ):
                    self.change("pending_basis", row.id, "delete", audit.snapshot(row))
                    row.delete_instance()
            for agency_name, person in p.legal_reps:
                agency_id = self.agency_ids.get(agency_name)
                if agency_id is None or self._has_rep(agency_id, person):
                    continue
                saved = add_person(
                    self.actor,
                    agency_id,
                    PersonInput(
                        name=person, role="legal_rep", note=f"据“{self.plan.file_name}”导入"
                    ),
                )
                self.change("person", saved.record.id, "create")

    def _has_rep(self, agency_id: int, name: str) -> bool:
        from xinyi_desktop.store.models import Person

        return (
            Person.select()
            .where(
                (Person.agency == agency_id) & (Person.role == "legal_rep") & (Person.name == name)
            )
            .exists()
        )

    def _link(self, execution_id: int, basis_id: int) -> None:
        exists = CaseLink.select().where(
            ((CaseLink.from_case == execution_id) & (CaseLink.to_case == basis_id))
            | ((CaseLink.from_case == basis_id) & (CaseLink.to_case == execution_id))
        )
        if exists.exists():
            return
        link = CaseLink.create(from_case=execution_id, to_case=basis_id, kind="execution")
        audit.record(self.actor, "create", link)
        self.change("case_link", link.id, "create")
        self.linked_judgments.append(basis_id)
        source, target = Case.get_by_id(execution_id), Case.get_by_id(basis_id)
        outward, inward = LINK_KINDS["execution"]
        for case, text in (
            (source, f"关联{outward}：{target.case_no}"),
            (target, f"关联{inward}：{source.case_no}"),
        ):
            event = add_event(self.actor, case, "link", on=self.today, summary=text)
            self.change("event", event.id, "create")

    # --- the end -----------------------------------------------------------------------
    def flush(self) -> None:
        """Write the audit entries and undo records gathered so far."""
        audit.record_many(self.actor, self.audits)
        self.audits = []
        fields = [
            ImportChange.batch,
            ImportChange.table_name,
            ImportChange.record_id,
            ImportChange.action,
            ImportChange.old_values,
            ImportChange.version,
        ]
        insert_rows(ImportChange, fields, self.changes)
        self.changes = []

    def checklists(self, valid: list[CasePlan]) -> None:
        """Cases that came in (or moved) as dishonest: the agencies the list names get
        their listing and the proposed items of the local measures (联合惩戒清单)."""
        named = {
            self.case_ids[p.key]: {self.agency_ids[n] for n in p.listed if n in self.agency_ids}
            for p in valid
            if p.stage == Stage.DISHONEST and p.listed
        }
        existing = {p.existing.id for p in valid if p.existing is not None}
        for table, record_id, action, old in listed_checklists(
            self.actor, named, existing, self.today
        ):
            self.change(table, record_id, action, old)

    def sync_deadlines(self) -> None:
        changed = list(dict.fromkeys(self.updated_ids + self.linked_judgments))
        for table, record_id, action, old in self.deadlines.sync_changed(
            self.actor, changed, self.today
        ):
            self.change(table, record_id, action, old)


def _facts(stage: str, checked: dict, stamp: dt.datetime, notice_on: dt.date) -> CaseFacts:
    """What the deadline rules read of a new case (``deadline_engine.load_facts`` would
    read the same back from the rows just written): its stage, dates, registration and
    its one timeline entry, the court notice."""
    dates = {name: checked.get(name) for name in CASE_DATE_LABELS}
    dates["closed_on"] = None
    events = {"court_notice": notice_on}
    return CaseFacts(stage, None, stamp.date(), dates, events, dict(events))


def _key(case_no: str) -> str:
    from xinyi_desktop.rules.case_numbers import parse_case_number

    return parse_case_number(case_no).key
