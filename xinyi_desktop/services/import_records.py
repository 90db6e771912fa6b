"""What was recorded on an import's cases after it (函件、时间线、期限、惩戒、整改、人员):
undoing the import would delete it with a case the import created, or leave it pointing
at the case as it was before, so ``import_history`` refuses or asks first."""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import fn

from xinyi_desktop.services.deadline_sync import OPEN, STATUS_LABELS
from xinyi_desktop.services.events import EVENT_KINDS
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.document_models import Document, DocumentCase
from xinyi_desktop.store.import_models import ImportBatch, ImportChange
from xinyi_desktop.store.models import Case, CaseParty, Event, Person
from xinyi_desktop.store.sanction_models import (
    Listing,
    ProgressNote,
    Responsible,
    SanctionItem,
    SanctionStep,
)

CHUNK = 500
# An ImportChange of this action names a record an undo wrote (its timeline entries):
# no one's record, so undoing an earlier import may take it along.
UNDONE = "undone"
# Changes of the case itself: they bump its version, and the version check asks about them.
CASE_EDITS = ("edit", "stage")


@dataclass
class Recorded:
    """What was recorded on one case after the import."""

    case_no: str
    created: bool  # the import created the case (undo deletes it)
    documents: list[str] = field(default_factory=list)  # document numbers still in force
    items: list[str] = field(default_factory=list)  # everything else, described

    def describe(self) -> str:
        return "、".join([f"函件{no}" for no in self.documents] + self.items)


def recorded_since(batch: ImportBatch) -> list[Recorded]:
    """The import's cases that got records after it, in case order: documents still in
    force, timeline entries no import made, sanction steps, rectification, and people added
    to agencies it created. On a case the import created everything is after it; on one it
    updated, what came after its first timeline entry (times are kept to the second)."""
    actions = dict(
        ImportChange.select(ImportChange.record_id, ImportChange.action)
        .where(
            (ImportChange.batch == batch)
            & (ImportChange.table_name == "case")
            & ImportChange.action.in_(["create", "update"])
        )
        .tuples()
    )
    first_event = (
        ImportChange.select(fn.MIN(ImportChange.record_id))
        .where(
            (ImportChange.batch == batch)
            & (ImportChange.table_name == "event")
            & (ImportChange.action == "create")
        )
        .scalar()
    )
    listings = {
        i
        for (i,) in ImportChange.select(ImportChange.record_id)
        .where(
            (ImportChange.batch == batch)
            & (ImportChange.table_name == "listing")
            & (ImportChange.action == "create")
        )
        .tuples()
    }
    found: dict[int, Recorded] = {}
    ids = sorted(actions)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        cases = Case.select(Case.id, Case.case_no).where(Case.id.in_(chunk))
        for case_id, case_no in cases.tuples():
            found[case_id] = Recorded(case_no, actions[case_id] == "create")
        created = [i for i in chunk if i in found and found[i].created]
        updated = [i for i in chunk if i in found and not found[i].created]
        _documents(created, None, found)
        _documents(updated, batch.imported_at, found)
        _events(batch, created, 0, found, skip=CASE_EDITS + ("deadline",))
        _deadlines(batch, created, found)
        if first_event is not None:
            _events(batch, updated, first_event, found, skip=CASE_EDITS)
        _sanctions(batch, chunk, listings, found)
    _people(batch, found)
    return [r for _, r in sorted(found.items()) if r.documents or r.items]


def refusal(file_name: str, blocked: list[Recorded]) -> str:
    """Why an undo is refused: the new cases that have records since, and what to do."""
    lines = "；".join(f"{r.case_no}已有{r.describe()}" for r in blocked[:5])
    more = f"等{len(blocked)}件" if len(blocked) > 5 else ""
    documents = [no for r in blocked for no in r.documents]
    if documents:
        shown = "、".join(documents[:5]) + ("等" if len(documents) > 5 else "")
        others = any(r.items for r in blocked)
        hint = f"请先作废{shown}{'，并撤回其余记录' if others else ''}，再撤销这次导入。"
    else:
        hint = "请先在案件中撤回这些记录（如重新打开期限），再撤销这次导入。"
    return (
        f"不能撤销导入“{file_name}”：它新增的案件在导入之后又有了记录——{lines}{more}。"
        f"撤销会把这些案件连同这些记录一起删除。{hint}本次未作任何改动。"
    )


def _documents(chunk: list[int], after, found: dict[int, Recorded]) -> None:
    if not chunk:
        return
    where = DocumentCase.case.in_(chunk) & (Document.status == "issued")
    if after is not None:
        where &= Document.created_at > after
    rows = (
        DocumentCase.select(DocumentCase.case, Document.doc_no)
        .join(Document)
        .where(where)
        .order_by(Document.id)
    )
    for case_id, doc_no in rows.tuples():
        found[case_id].documents.append(doc_no)


def _events(
    batch: ImportBatch, chunk: list[int], first: int, found: dict[int, Recorded], *, skip
) -> None:
    """Timeline entries from ``first`` on that no import (nor undo) wrote, but those of
    ``skip`` kinds and those of a document voided since (作废的函件 leaves its entries)."""
    if not chunk:
        return
    rows = list(
        Event.select(Event.id, Event.case, Event.kind, Event.details)
        .where(Event.case.in_(chunk) & (Event.id >= first) & Event.kind.not_in(skip))
        .order_by(Event.id)
        .tuples()
    )
    # Court notices carry their import; the rest an import or an undo wrote are listed.
    details = [row[3] if isinstance(row[3], dict) else {} for row in rows]
    documents = {d["document_id"] for d in details if d.get("document_id")}
    void = set()
    if documents:
        query = Document.select(Document.id).where(
            Document.id.in_(list(documents)) & (Document.status != "issued")
        )
        void = {i for (i,) in query.tuples()}
    candidates = [
        row
        for row, d in zip(rows, details, strict=True)
        if not (d.get("import") or d.get("voided_by") or d.get("document_id") in void)
    ]
    made = set()
    ids = [row[0] for row in candidates]
    for start in range(0, len(ids), CHUNK):
        query = ImportChange.select(ImportChange.record_id).where(
            (ImportChange.table_name == "event")
            & ImportChange.record_id.in_(ids[start : start + CHUNK])
            & (ImportChange.batch >= batch.id)
        )
        made.update(i for (i,) in query.tuples())
    kinds: dict[int, dict[str, int]] = {}
    for event_id, case_id, kind, _details in candidates:
        if event_id not in made:
            counts = kinds.setdefault(case_id, {})
            counts[kind] = counts.get(kind, 0) + 1
    for case_id, counts in kinds.items():
        total = sum(counts.values())
        labels = "、".join(EVENT_KINDS.get(k, k) for k in counts)
        found[case_id].items.append(f"时间线记录{total}条（{labels}）")


def _deadlines(batch: ImportBatch, created: list[int], found: dict[int, Recorded]) -> None:
    """Deadlines of the new cases done, waived or re-dated since (not by the import)."""
    if not created:
        return
    from xinyi_desktop.services.deadline_rules import rule_label

    by_import = ImportChange.select(ImportChange.record_id).where(
        (ImportChange.batch == batch) & (ImportChange.table_name == "deadline")
    )
    rows = (
        Deadline.select(Deadline.case, Deadline.kind, Deadline.status)
        .where(
            Deadline.case.in_(created)
            & ((Deadline.status != "open") | Deadline.manual)
            & (Deadline.row_version > 1)
            & Deadline.id.not_in(by_import)
        )
        .order_by(Deadline.id)
    )
    for case_id, kind, status in rows.tuples():  # open here means re-dated (manual)
        state = "已改期" if status == OPEN else STATUS_LABELS[status]
        found[case_id].items.append(f"期限“{rule_label(kind)}”{state}")


def _sanctions(
    batch: ImportBatch, chunk: list[int], listings: set[int], found: dict[int, Recorded]
) -> None:
    """Steps, rectification and responsibles on the listings the import made (its new
    cases' and its own)."""
    created = [i for i in chunk if found.get(i) and found[i].created]
    rows = Listing.select(Listing.id, Listing.case, Listing.row_version).where(
        Listing.case.in_(chunk)
    )
    mine = {}
    for listing_id, case_id, version in rows.tuples():
        if listing_id in listings or case_id in created:
            mine[listing_id] = case_id
            if version > 1:
                found[case_id].items.append("限期整改记录")
    if not mine:
        return
    by_import = {
        i
        for (i,) in ImportChange.select(ImportChange.record_id)
        .where((ImportChange.table_name == "sanction_step") & (ImportChange.batch >= batch.id))
        .tuples()
    }
    steps: dict[int, int] = {}
    query = (
        SanctionStep.select(SanctionStep.id, SanctionItem.listing)
        .join(SanctionItem)
        .where(SanctionItem.listing.in_(list(mine)))
    )
    for step_id, listing_id in query.tuples():
        if step_id not in by_import:
            steps[mine[listing_id]] = steps.get(mine[listing_id], 0) + 1
    for case_id, count in steps.items():
        found[case_id].items.append(f"联合惩戒办理记录{count}条")
    noted = set()
    for model in (Responsible, ProgressNote):
        query = model.select(model.listing).where(model.listing.in_(list(mine)))
        noted.update(mine[i] for (i,) in query.tuples())
    for case_id in sorted(noted):
        if "限期整改记录" not in found[case_id].items:
            found[case_id].items.append("限期整改记录")


def _people(batch: ImportBatch, found: dict[int, Recorded]) -> None:
    """People recorded, after the import, at agencies it created: undoing it deletes the
    agency with them; named on the first case that has the agency for a party."""
    created = ImportChange.select(ImportChange.record_id).where(
        (ImportChange.batch == batch) & (ImportChange.action == "create")
    )
    agencies = created.where(ImportChange.table_name == "agency")
    by_import = created.where(ImportChange.table_name == "person")
    rows = list(
        Person.select(Person.agency, Person.name)
        .where(Person.agency.in_(agencies) & Person.id.not_in(by_import))
        .order_by(Person.id)
        .tuples()
    )
    if not rows:
        return
    cases = {}
    parties = CaseParty.select(CaseParty.agency, CaseParty.case).where(
        CaseParty.agency.in_([agency for agency, _ in rows])
    )
    for agency_id, case_id in parties.order_by(CaseParty.case).tuples():
        if case_id in found and found[case_id].created:
            cases.setdefault(agency_id, case_id)
    for agency_id, name in rows:
        if agency_id in cases:
            found[cases[agency_id]].items.append(f"单位人员{name}")
