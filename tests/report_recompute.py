"""An independent reading of the raw records by the report's counting rules, written out
again here (not by calling the program's rules) for the report and register tests.

Each case is evaluated on each day it is asked about: has a case that continues it taken
over by then, which stage dates has it reached. The program instead computes start days
once and counts by bisection; both must agree."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def type_kinds() -> dict[str, str]:
    """Case-type code -> suit | appeal | execution | other, read from the data file."""
    rows = json.loads((DATA / "case_types.json").read_text(encoding="utf-8"))
    kinds = {}
    for row in rows:
        if row["category"] == "execution":
            kinds[row["code"]] = "execution"
        elif row["instance"] == "first":
            kinds[row["code"]] = "suit"
        elif row["instance"] == "second":
            kinds[row["code"]] = "appeal"
        else:
            kinds[row["code"]] = "other"
    return kinds


@dataclass
class Raw:
    id: int
    no: str
    kind: str
    stage: str
    outcome: str | None
    filed: dt.date | None
    effective: dt.date | None
    deadline: dt.date | None
    listed: dt.date | None
    closed: dt.date | None
    created: dt.date
    defendants: list = field(default_factory=list)  # Agency records
    successors: list = field(default_factory=list)  # (Raw, "execution" | "appeal")
    enforces: bool = False  # an execution case whose judgment is on record


def raw_cases() -> dict[int, Raw]:
    from xinyi_desktop.store.models import Agency, Case, CaseLink, CaseParty

    kinds = type_kinds()
    agencies = {a.id: a for a in Agency.select()}
    cases = {
        c.id: Raw(
            c.id,
            c.case_no,
            kinds.get(c.case_type, "suit"),
            c.stage,
            c.outcome,
            c.filed_on,
            c.judgment_effective_on,
            c.performance_deadline,
            c.listed_on,
            c.closed_on,
            c.created_at.date(),
        )
        for c in Case.select()
    }
    for party in CaseParty.select().where(CaseParty.role == "defendant"):
        if party.agency_id is not None:
            cases[party.case_id].defendants.append(agencies[party.agency_id])
    for link in CaseLink.select():
        source, target = cases[link.from_case_id], cases[link.to_case_id]
        if link.kind in ("execution", "appeal") and source.kind == link.kind:
            target.successors.append((source, link.kind))
            if link.kind == "execution":
                source.enforces = True
    return cases


def reached(c: Raw, stage: str, day: dt.date) -> bool:
    date = {"lost": c.effective, "dishonest": c.listed, "closed": c.closed}[stage]
    if date is None and c.stage == stage:
        date = c.created
    return date is not None and date <= day


def taken_over(c: Raw, day: dt.date) -> bool:
    """A case continuing this one has taken over by the end of ``day``."""
    for successor, kind in c.successors:
        if kind == "execution" and (
            reached(successor, "dishonest", day) or reached(successor, "closed", day)
        ):
            return True
        if kind == "appeal" and (successor.filed or successor.created) <= day:
            return True
    return False


def stage_at_end(c: Raw, day: dt.date) -> str | None:
    if taken_over(c, day):
        return None
    for stage in ("closed", "dishonest"):
        if reached(c, stage, day):
            return stage
    if c.kind == "execution":
        if c.enforces:
            return None
        return "lost" if (c.effective or c.filed or c.created) <= day else None
    if reached(c, "lost", day):
        return "lost"
    return "sued" if (c.filed or c.created) <= day else None


def within(day, start, end) -> bool:
    return day is not None and start <= day <= end


FLOW_KEYS = ["new_suits", "lost", "listed", "exited", "performed", "settled", "won", "withdrawn"]


def flow_cases(cases, start, end) -> dict[str, set[int]]:
    """The cases each flow figure counts in ``start``..``end``."""
    found = {k: set() for k in FLOW_KEYS}

    def count(key, c, day, condition=True):
        if condition and within(day, start, end) and not taken_over(c, day):
            found[key].add(c.id)

    for c in cases.values():
        count("new_suits", c, c.filed, c.kind == "suit")
        count("lost", c, c.effective, c.kind != "execution")
        count("listed", c, c.listed)
        count("exited", c, c.closed, c.listed is not None)
        for outcome in ("performed", "settled", "won", "withdrawn"):
            count(outcome, c, c.closed, c.outcome == outcome)
    return found


def flows(cases, start, end) -> dict[str, int]:
    return {k: len(v) for k, v in flow_cases(cases, start, end).items()}


def listed_ids(cases, day) -> set[int]:
    """Agencies listed at the end of ``day``."""
    return {
        a.id for c in cases.values() if stage_at_end(c, day) == "dishonest" for a in c.defendants
    }


def month_ends(year: int, month: int) -> list[dt.date]:
    """The last day of each month from January of ``year`` to ``month``."""
    ends = []
    for m in range(1, month + 1):
        first_next = dt.date(year + m // 12, m % 12 + 1, 1)
        ends.append(first_next - dt.timedelta(days=1))
    return ends


def add_chains(actor, today: dt.date) -> dict[str, int]:
    """Lawsuits that run through several cases, beside whatever is there: an appeal that
    continues its first instance; an execution case whose judgment is not on record; a
    judgment closed on record as well as by its listed execution case. Ids by name."""
    from xinyi_desktop.rules.stages import Outcome, Stage
    from xinyi_desktop.services.cases import CaseInput, change_stage, create_case
    from xinyi_desktop.services.links import link_cases

    d = dt.date

    def case(no, **fields):
        fields.setdefault("defendants", ["新沂市财政局"])
        fields.setdefault("plaintiffs", ["赵敏"])
        return create_case(actor, CaseInput(case_no=no, **fields), today=today).id

    ids = {
        "first": case("（2026）苏0381行初901号", filed_on=d(2026, 8, 3)),
        "appeal": case("（2026）苏03行终55号", filed_on=d(2026, 10, 12)),
        "lone_execution": case(
            "（2026）苏0381执恢7号",
            stage=Stage.DISHONEST,
            defendants=["新沂市水务局"],
            filed_on=d(2026, 10, 20),
            judgment_effective_on=d(2026, 6, 1),
            listed_on=d(2026, 11, 5),
        ),
        "judgment": case(
            "（2026）苏0381行初902号",
            stage=Stage.LOST,
            defendants=["新沂市财政局", "新沂市教育局"],
            filed_on=d(2026, 2, 2),
            judgment_effective_on=d(2026, 7, 1),
            performance_deadline=d(2026, 7, 31),
        ),
        "execution": case(
            "（2026）苏0381执902号",
            stage=Stage.DISHONEST,
            defendants=["新沂市财政局", "新沂市教育局"],
            filed_on=d(2026, 9, 1),
            judgment_effective_on=d(2026, 7, 1),
            performance_deadline=d(2026, 7, 31),
            listed_on=d(2026, 9, 10),
        ),
    }
    link_cases(actor, ids["appeal"], ids["first"], "appeal", today=today)
    link_cases(actor, ids["execution"], ids["judgment"], "execution", today=today)
    change_stage(
        actor, ids["appeal"], Stage.CLOSED, on=d(2026, 11, 10), outcome=Outcome.WON, today=today
    )
    for key in ("execution", "judgment"):
        change_stage(
            actor,
            ids[key],
            Stage.CLOSED,
            on=d(2026, 11, 12),
            outcome=Outcome.PERFORMED,
            today=today,
        )
    return ids


def add_sanctions(actor, today: dt.date, *, rectification: bool = True) -> None:
    """Rectification periods, measures carried out and lifted, accountability records, on
    the listings the cases made: October and November of 2026 (``today`` after them)."""
    from xinyi_desktop.rules.sanctions import ItemStatus
    from xinyi_desktop.services import accountability, sanction_steps
    from xinyi_desktop.services import rectification as rect
    from xinyi_desktop.store.sanction_models import Listing, SanctionItem

    d = dt.date
    # The listings the demo's own walk left alone: nothing ordered, sent or done yet.
    listings = list(
        Listing.select()
        .where(
            Listing.removed_on.is_null()
            & Listing.rectify_assigned_on.is_null()
            & Listing.rectified_on.is_null()
            & Listing.escalated_on.is_null()
        )
        .order_by(Listing.id)
    )
    listings = [
        x
        for x in listings
        if not SanctionItem.select()
        .where((SanctionItem.listing == x) & (SanctionItem.status != "proposed"))
        .exists()
    ]
    assert len(listings) >= 5, "the demo lists too few agencies for these records"
    a = listings
    if rectification:
        for listing in a[:4]:
            rect.assign_rectification(
                actor, listing.id, on=d(2026, 10, 20), due_on=d(2026, 11, 16), today=today
            )
        rect.mark_rectified(actor, a[0].id, on=d(2026, 11, 13), today=today)  # on time
        rect.mark_rectified(actor, a[1].id, on=d(2026, 11, 20), today=today)  # late
        rect.assign_rectification(  # still running at the month's end
            actor, a[4].id, on=d(2026, 11, 5), due_on=d(2026, 12, 20), today=today
        )
    for listing, decided in ((a[2], d(2026, 11, 20)), (a[3], d(2026, 10, 15)), (a[3], None)):
        accountability.add_accountability(
            actor,
            accountability.AccountabilityInput(
                agency_id=listing.agency_id,
                found="=逾期未整改",
                decision="通报批评",
                listing_id=listing.id,
                decided_on=decided,
            ),
            today=today,
        )
    for listing, done, lifted in ((a[0], d(2026, 11, 3), None), (a[1], d(2026, 10, 20), 20)):
        items = [i.id for i in SanctionItem.select().where(SanctionItem.listing == listing)][:3]
        on = d(2026, 10, 5)
        sanction_steps.change_status(
            actor, items, "submitted", on=on, document_ref="新信用发〔2026〕9号", today=today
        )
        # The approval step as approve_listings writes it: a history, not the 请示 workflow.
        sanction_steps.apply_steps(
            actor,
            items,
            ItemStatus.APPROVED,
            on=d(2026, 10, 10),
            document_ref="新政复〔2026〕3号",
            today=today,
        )
        sanction_steps.change_status(
            actor,
            items,
            "delivered",
            on=d(2026, 10, 15),
            document_ref="新信用函〔2026〕30号",
            today=today,
        )
        sanction_steps.change_status(actor, items, "carried_out", on=done, today=today)
        if lifted:
            sanction_steps.change_status(
                actor, items[:1], "lifted", on=d(2026, 11, lifted), today=today
            )


def agency_sanctions(start: dt.date, end: dt.date) -> dict[str, dict[int, int]]:
    """Per agency: accountability records decided in the period (else entered in it),
    measures carried out in it, measures in force at its end."""
    from xinyi_desktop.store.sanction_models import Accountability, SanctionItem, SanctionStep

    found = {"accountability": {}, "measures_applied": {}, "measures_in_force": {}}

    def add(key, agency_id):
        found[key][agency_id] = found[key].get(agency_id, 0) + 1

    for record in Accountability.select():
        if start <= (record.decided_on or record.created_at.date()) <= end:
            add("accountability", record.agency_id)
    for item in SanctionItem.select():
        agency_id = item.listing.agency_id
        status = "proposed"
        steps = SanctionStep.select().where(SanctionStep.item == item)
        for step in sorted(steps, key=lambda s: (s.happened_on, s.id)):
            if step.happened_on <= end:
                status = step.to_status
            if step.to_status == "carried_out" and start <= step.happened_on <= end:
                add("measures_applied", agency_id)
        if status == "carried_out":
            add("measures_in_force", agency_id)
    return found


def letters_by_kind(start: dt.date, end: dt.date) -> dict[str, int]:
    """Issued letters per kind's name (from templates.json) in the period."""
    from xinyi_desktop.store.document_models import Document

    manifest = DATA.parent / "resources" / "templates" / "templates.json"
    names = {k: v["name"] for k, v in json.loads(manifest.read_text("utf-8"))["kinds"].items()}
    found: dict[str, int] = {}
    for doc in Document.select():
        if doc.status == "issued" and start <= doc.issued_on <= end:
            found[names[doc.kind]] = found.get(names[doc.kind], 0) + 1
    return found


def letters_by_agency(start: dt.date, end: dt.date) -> dict[int, int]:
    from xinyi_desktop.store.document_models import Document

    found: dict[int, int] = {}
    for doc in Document.select():
        if doc.status == "issued" and doc.agency_id and start <= doc.issued_on <= end:
            found[doc.agency_id] = found.get(doc.agency_id, 0) + 1
    return found


def rectification_figures(start: dt.date, end: dt.date, today: dt.date) -> dict[str, int]:
    """The rectification figures of a period, from each listed body's own period: done
    when rectified, or when it left the list by performance or settlement; no longer owed
    when it left the list for another reason first."""
    from xinyi_desktop.store.models import db

    found = dict.fromkeys(["assigned", "due", "on_time", "late", "overdue", "overdue_at_end"], 0)
    rows = db.execute_sql(
        "SELECT rectify_assigned_on, rectify_due_on, rectified_on, removed_on, removal_reason"
        " FROM listing WHERE rectify_due_on IS NOT NULL"
    ).fetchall()

    def day(value):
        return None if value is None else dt.date.fromisoformat(str(value)[:10])

    for assigned, due, rectified, removed, reason in rows:
        assigned, due, rectified, removed = map(day, (assigned, due, rectified, removed))
        done = rectified or (removed if reason in ("performed", "settled") else None)
        dropped = removed if done is None else None
        found["assigned"] += within(assigned, start, end)
        if within(due, start, end):
            found["due"] += 1
            if dropped is None and done is not None:
                found["on_time" if done <= due else "late"] += 1
            elif dropped is None and due < today:
                found["overdue"] += 1
        closed = done or dropped
        found["overdue_at_end"] += due <= end and due < today and (closed is None or closed > end)
    return found
