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

from xinyi_desktop.importing.cells import text_of
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.search import build_search_text
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
from xinyi_desktop.services.court_merge import CasePlan
from xinyi_desktop.services.events import add_event
from xinyi_desktop.services.links import LINK_KINDS
from xinyi_desktop.store.bulk import insert_dicts, insert_rows
from xinyi_desktop.store.import_models import ImportBatch, ImportChange, PendingBasis
from xinyi_desktop.store.models import Agency, Case, CaseLink, CaseParty, Event, User, db, now

log = logging.getLogger(__name__)
CHUNK = 500
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
        with db.atomic():
            writer = _Writer(actor, plan, today)
            writer.batch = ImportBatch.create(
                file_name=plan.file_name,
                content_hash=plan.content_hash,
                kind=plan.kind,
                user=actor,
                report=_report_for_history(plan),
                **{k: counts[k] for k in ("created", "updated", "unchanged", "warnings", "errors")},
            )
            writer.agencies(valid)
            new = [p for p in valid if p.is_new]
            for start in range(0, len(new), CHUNK):
                if cancel and cancel():
                    raise ImportCancelled
                writer.create_cases(new[start : start + CHUNK])
                yield start + len(new[start : start + CHUNK]), total, "正在写入新案件…"
            for i, case_plan in enumerate(p for p in valid if not p.is_new):
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
            yield total, total, "导入完成"
            return writer.batch
    except ImportCancelled:
        log.info("import of %s cancelled; nothing written", plan.file_name)
        return None


def _report_for_history(plan: FilePlan) -> dict:
    report = plan.report()
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
        stamp = now()
        rows = []
        for p in plans:
            values = dict(p.checked)
            plaintiffs, defendants = values.pop("plaintiffs"), values.pop("defendants")
            values["plaintiffs_text"] = PARTY_SEPARATOR.join(plaintiffs)
            values["defendants_text"] = PARTY_SEPARATOR.join(defendants)
            values["search_text"] = build_search_text(
                values["case_key"],
                values["cause"],
                values["plaintiffs_text"],
                values["defendants_text"],
            )
            values.update(stage=p.stage.value, created_at=stamp, updated_at=stamp, row_version=1)
            rows.append(values)
        insert_dicts(Case, rows)
        keys = [r["case_key"] for r in rows]
        for case_id, key in (
            Case.select(Case.id, Case.case_key).where(Case.case_key.in_(keys)).tuples()
        ):
            self.case_ids[key] = case_id
        parties, events = [], []
        for p, row in zip(plans, rows, strict=True):
            case_id = self.case_ids[p.key]
            self.created_ids.append(case_id)
            for i, name in enumerate(p.checked["plaintiffs"]):
                parties.append((case_id, "plaintiff", name, None, i))
            for i, name in enumerate(p.checked["defendants"]):
                parties.append((case_id, "defendant", name, self.agency_ids.get(name), i))
            events.append(self._notice_row(p, case_id, "；".join(p.changes)))
            new = {
                k: audit._plain(v)
                for k, v in row.items()
                if v not in (None, "") and k not in ("search_text", "created_at", "updated_at")
            }
            new["import"] = self.batch.id
            self.audits.append(("create", "case", case_id, None, new))
            self.change("case", case_id, "create", version=1)
        insert_rows(
            CaseParty,
            [CaseParty.case, CaseParty.role, CaseParty.name, CaseParty.agency, CaseParty.position],
            parties,
        )
        insert_dicts(Event, events)

    def _notice_row(self, p: CasePlan, case_id: int, what: str) -> dict:
        record = p.records[0]
        layout = p.layout
        cells = {}
        for column in layout.columns:
            if column.index < len(record.cells):
                text = text_of(record.cells[column.index])
                if text:
                    cells[column.header or f"第{column.index + 1}列"] = text
        title = NOTICE_TITLES[p.kind]
        rows = "、".join(str(r.row_no) for r in p.records if r.skip_reason != "duplicate")
        agency = (
            self.agency_ids.get(p.defendants[0]) if p.kind == "dishonest" and p.defendants else None
        )
        return {
            "case": case_id,
            "agency": agency,
            "kind": "court_notice",
            "occurred_on": p.notice_date or self.today,
            "recorded_at": now(),
            "user": self.actor.id,
            "summary": f"{title}（导入自“{self.plan.file_name}”第{rows}行）：{what}",
            "details": {
                "notice": p.kind,
                "import": self.batch.id,
                "file": self.plan.file_name,
                "sheet": layout.sheet,
                "rows": [r.row_no for r in p.records],
                "values": cells,
            },
        }

    # --- changed cases -----------------------------------------------------------------
    def update_case(self, p: CasePlan) -> None:
        case = Case.get_by_id(p.existing.id)
        old = audit.snapshot(case)
        parties = {
            role: [
                x.name
                for x in case.parties.where(CaseParty.role == role).order_by(CaseParty.position)
            ]
            for role in ("plaintiff", "defendant")
        }
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
                on=p.notice_date or self.today,
                summary=f"阶段：{p.stage_from.label} → {p.stage.label}（据法院通报导入）",
                details={"from": p.stage_from.value, "to": p.stage.value, "outcome": None},
            )
            self.change("event", event.id, "create")
        row = self._notice_row(p, case.id, "；".join(p.changes))
        event = Event.create(**row)
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
        audit.record_many(self.actor, self.audits)
        fields = [
            ImportChange.batch,
            ImportChange.table_name,
            ImportChange.record_id,
            ImportChange.action,
            ImportChange.old_values,
            ImportChange.version,
        ]
        insert_rows(ImportChange, fields, self.changes)

    def sync_deadlines(self) -> None:
        sync_deadlines(self.actor, self.created_ids, self.updated_ids, self.today)


def sync_deadlines(actor: User, created: list[int], updated: list[int], today: dt.date) -> None:
    """Let the deadline feature compute the deadlines of the cases just written: in bulk
    for new cases (as its backfill does), through its hook for changed ones."""
    try:
        from xinyi_desktop.services import deadline_sync, deadlines
        from xinyi_desktop.store.deadline_models import Deadline
    except ImportError:  # a build without the deadline feature
        return
    if created:
        engine = deadline_sync.Engine()
        items = []
        for start in range(0, len(created), 900):
            facts = deadline_sync.load_facts(engine.rules, created[start : start + 900])
            for case_id, found in facts.items():
                items.extend(engine.expected(case_id, found))
        if hasattr(deadline_sync, "_row"):  # its rows, written without peewee's SQL building
            stamp = now()
            insert_dicts(Deadline, [deadline_sync._row(e, stamp) for e in items])
        else:
            deadline_sync.insert_expected(items)
    for case_id in updated:
        deadlines.on_case_changed(actor, case_id, reason="导入法院数据", today=today)


def _key(case_no: str) -> str:
    from xinyi_desktop.rules.case_numbers import parse_case_number

    return parse_case_number(case_no).key
