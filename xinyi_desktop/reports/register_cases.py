"""The registers' case sheets: every case (案件) with the cases it is linked to, and the lost
cases with their performance status (败诉案件及履行情况). Reads only.

A lawsuit's judgment and the execution cases that enforce it (``case_link`` of kind
``execution``) are one matter on the 败诉案件 sheet, as in the report's figures
(``reports.figures``): one row, the judgment's, whose 履行情况, 列入失信日期, 结案日期 and
阶段 follow its latest execution case once that case is listed or closed; an execution
case appears on its own only when the judgment it enforces is not on record. A filter
that selects the execution case (by stage, year or agency) brings in its judgment's row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import peewee as pw

from xinyi_desktop.reports.figures import NO_AREA, day_key, execution_links
from xinyi_desktop.rules.report_rules import performance_status, was_lost
from xinyi_desktop.rules.stages import OUTCOME_LABELS, STAGE_LABELS, Stage
from xinyi_desktop.store.models import Agency, Case, CaseLink, CaseParty, db

STAGE_NAMES = {s.value: label for s, label in STAGE_LABELS.items()}
OUTCOME_NAMES = {o.value: label for o, label in OUTCOME_LABELS.items()}
# How a case names the one it is linked to, from each end: (from the linking case, from
# the linked case) — the execution case names its 执行依据, the judgment its 执行案件.
LINK_NAMES = {
    "appeal": ("一审案件", "上诉案件"),
    "execution": ("执行依据", "执行案件"),
    "retrial": ("原审案件", "再审案件"),
    "related": ("相关案件", "相关案件"),
}
CASE_FIELDS = (
    Case.id,
    Case.case_no,
    Case.stage,
    Case.outcome,
    Case.cause,
    Case.plaintiffs_text,
    Case.defendants_text,
    Case.court,
    Case.amount,
    Case.filed_on,
    Case.judgment_on,
    Case.judgment_effective_on,
    Case.performance_deadline,
    Case.listed_on,
    Case.closed_on,
    Case.note,
)


def ordered(query: pw.ModelSelect) -> pw.ModelSelect:
    return query.order_by(Case.year, Case.court_code, Case.case_type, Case.serial, Case.id)


def areas_of(case_ids_query) -> dict[int, str]:
    """Each case's defendants' towns/departments, 、-joined in the defendants' order."""
    query = (
        CaseParty.select(CaseParty.case, Agency.area)
        .join(Agency)
        .where((CaseParty.role == "defendant") & CaseParty.case.in_(case_ids_query))
        .order_by(CaseParty.case, CaseParty.position)
    )
    found: dict[int, list[str]] = {}
    for case_id, area in db.execute(query).fetchall():
        names = found.setdefault(case_id, [])
        if (area or NO_AREA) not in names:
            names.append(area or NO_AREA)
    return {k: "、".join(v) for k, v in found.items()}


def links_text() -> dict[int, str]:
    """Each linked case's links as the register shows them: 执行案件：（2025）苏0381执2号."""
    source, target = Case.alias(), Case.alias()
    query = (
        CaseLink.select(CaseLink.kind, source.id, source.case_no, target.id, target.case_no)
        .join(source, on=(CaseLink.from_case == source.id))
        .switch(CaseLink)
        .join(target, on=(CaseLink.to_case == target.id))
        .order_by(CaseLink.id)
    )
    found: dict[int, list[str]] = {}
    for kind, from_id, from_no, to_id, to_no in db.execute(query).fetchall():
        outward, inward = LINK_NAMES.get(kind, ("相关案件", "相关案件"))
        found.setdefault(from_id, []).append(f"{outward}：{to_no}")
        found.setdefault(to_id, []).append(f"{inward}：{from_no}")
    return {k: "；".join(v) for k, v in found.items()}


def case_rows(ids_query, areas: dict[int, str]) -> Iterator[list]:
    """The 案件 sheet: every case of ``ids_query``, in the register's order; ``areas``:
    ``areas_of(ids_query)``."""
    links = links_text()
    rows = ordered(Case.select(*CASE_FIELDS).where(Case.id.in_(ids_query))).tuples()
    for cid, no, stage, outcome, *middle, listed, closed, note in rows.iterator():
        cause, plaintiffs, defendants, court, amount, filed, judged, effective, deadline = middle
        yield [
            no,
            STAGE_NAMES.get(stage, stage),
            OUTCOME_NAMES.get(outcome, ""),
            cause,
            plaintiffs,
            defendants,
            areas.get(cid, ""),
            court,
            amount,
            filed,
            judged,
            effective,
            deadline,
            listed,
            closed,
            links.get(cid, ""),
            note,
        ]


def _latest_executions(judgments: set[int], pairs: list[tuple[int, int]]) -> dict[int, tuple]:
    """For each judgment: its latest execution case (by 立案日期, then registration) as
    (case number, stage, outcome, listed on, closed on)."""
    executions: dict[int, list[int]] = {}
    for execution, judgment in pairs:
        if judgment in judgments:
            executions.setdefault(judgment, []).append(execution)
    wanted = {e for found in executions.values() for e in found}
    if not wanted:
        return {}
    query = Case.select(
        Case.id,
        Case.case_no,
        Case.stage,
        Case.outcome,
        Case.listed_on,
        Case.closed_on,
        Case.filed_on,
        Case.created_at,
    ).where(Case.id.in_(list(wanted)))
    data = {row[0]: row for row in query.tuples()}
    latest = {}
    for judgment, found in executions.items():
        rows = [data[e] for e in found if e in data]
        if rows:
            row = max(rows, key=lambda r: (day_key(r[6]) or day_key(r[7]), r[0]))
            latest[judgment] = row[1:6]
    return latest


def lost_rows(ids_query, filtered: bool, areas: dict[int, str], today: dt.date) -> list[list]:
    """The 败诉案件 sheet: one row per lost matter (see the module's note); ``areas``:
    ``areas_of(ids_query)``."""
    pairs = execution_links()
    enforcing = {execution for execution, _judgment in pairs}
    scope = Case.select(Case.id)
    if filtered:
        judged = CaseLink.select(CaseLink.to_case).where(
            (CaseLink.kind == "execution") & CaseLink.from_case.in_(ids_query)
        )
        scope = scope.where(Case.id.in_(ids_query) | Case.id.in_(judged))
        areas = {**areas_of(judged), **areas}
    fields = (
        Case.id,
        Case.case_no,
        Case.defendants_text,
        Case.cause,
        Case.plaintiffs_text,
        Case.amount,
        Case.judgment_effective_on,
        Case.performance_deadline,
        Case.stage,
        Case.outcome,
        Case.listed_on,
        Case.closed_on,
    )
    rows = [
        row
        for row in ordered(Case.select(*fields).where(Case.id.in_(scope))).tuples()
        if row[0] not in enforcing
        and was_lost(stage=row[8], judgment_effective_on=row[6], listed_on=row[10])
    ]
    latest = _latest_executions({row[0] for row in rows}, pairs)
    found = []
    for cid, no, defendants, cause, plaintiffs, amount, effective, deadline, *state in rows:
        stage, outcome, listed, closed = state
        execution_no = ""
        if cid in latest:
            execution_no, e_stage, e_outcome, e_listed, e_closed = latest[cid]
            if e_stage in (Stage.DISHONEST.value, Stage.CLOSED.value) or e_listed or e_closed:
                stage, outcome, listed, closed = e_stage, e_outcome, e_listed, e_closed
        found.append(
            [
                no,
                defendants,
                areas.get(cid, ""),
                cause,
                plaintiffs,
                amount,
                effective,
                deadline,
                performance_status(
                    stage=stage, outcome=outcome, performance_deadline=deadline, today=today
                ),
                execution_no,
                listed,
                closed,
                STAGE_NAMES.get(stage, stage),
            ]
        )
    return found
