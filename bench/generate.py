"""A large, realistic database for the benchmarks, built fast by bulk inserts.

The schema comes from the program's own ``init_db``; the cases come from the same
``demo.case_plans`` the demo database replays through the services. Here each plan is
turned straight into the columns ``services.cases`` would have written, so 100,000 cases
take seconds instead of the hours the one-at-a-time path would need.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import peewee as pw

from xinyi_desktop import demo
from xinyi_desktop.rules.case_numbers import parse_case_number
from xinyi_desktop.rules.search import build_search_text
from xinyi_desktop.rules.stages import DATE_FIELD_OF_STAGE, Stage
from xinyi_desktop.services.cases import PARTY_SEPARATOR
from xinyi_desktop.store import migrations
from xinyi_desktop.store.connection import close_db, init_db
from xinyi_desktop.store.models import Agency, Case, CaseParty, Person, SchemaVersion

# Windows' and older Pythons' SQLite allow 32,766 bound variables per statement (or 999).
_MAX_VARIABLES = 32_766
_WORK_HOUR = dt.time(9, 0)

CASE_FIELDS = [
    Case.id,
    Case.case_no,
    Case.case_key,
    Case.year,
    Case.court_code,
    Case.case_type,
    Case.serial,
    Case.court,
    Case.stage,
    Case.outcome,
    Case.cause,
    Case.amount,
    Case.filed_on,
    Case.judgment_on,
    Case.judgment_effective_on,
    Case.performance_deadline,
    Case.listed_on,
    Case.closed_on,
    Case.plaintiffs_text,
    Case.defendants_text,
    Case.search_text,
    Case.note,
    Case.created_at,
    Case.updated_at,
    Case.row_version,
]
PARTY_FIELDS = [
    CaseParty.case,
    CaseParty.role,
    CaseParty.name,
    CaseParty.agency,
    CaseParty.position,
]


def cached_case_count(path: Path) -> int | None:
    """Cases in an existing benchmark file at the current schema version, else None."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(path)  # not read-only: a WAL file needs its -shm to be read
        try:
            versions = SchemaVersion._meta.table_name
            version = con.execute(f'SELECT MAX(version) FROM "{versions}"').fetchone()[0]
            count = con.execute(f'SELECT COUNT(*) FROM "{Case._meta.table_name}"').fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return count if version == migrations.CURRENT_VERSION else None


def generate_database(
    path: Path, count: int = 100_000, seed: int = 7, *, today: dt.date | None = None
) -> Path:
    """Build (or reuse, if it already holds ``count`` cases) a benchmark database at ``path``."""
    path = Path(path)
    if cached_case_count(path) == count:
        return path
    _remove_database(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    today = today or dt.date.today()
    rng = random.Random(seed)
    data = demo.load_demo_data()
    database = init_db(path)
    try:
        with database.atomic():
            agency_ids = _insert_agencies(rng, data)
            # Plans are drawn lazily: a few spare ones stand in for any duplicate number.
            plans = demo.case_plans(rng, count + count // 10 + 10, today, data)
            _insert_cases(plans, agency_ids, count)
        # The deadlines the services would have computed for these cases.
        from xinyi_desktop.services.deadline_sync import backfill

        backfill(today)
        # No ANALYZE: the program never runs it, so users' files carry no statistics
        # and the query planner must be measured without them too.
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        close_db()
    return path


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def _chunk_size(columns: int) -> int:
    return max(1, _MAX_VARIABLES // columns)


def _insert_chunked(model: type[pw.Model], fields: list, rows: Iterable[tuple]) -> None:
    size = _chunk_size(len(fields))
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            model.insert_many(chunk, fields=fields).execute()
            chunk = []
    if chunk:
        model.insert_many(chunk, fields=fields).execute()


def _insert_agencies(rng: random.Random, data: dict) -> dict[str, int]:
    """The demo's agencies with valid credit codes and three people each; name -> id."""
    items = data["agencies"]
    Agency.insert_many(
        [
            {
                "name": a["name"],
                "credit_code": demo.make_credit_code(rng, a["kind"]),
                "kind": a["kind"],
                "area": a["area"],
            }
            for a in items
        ]
    ).execute()
    ids = dict(Agency.select(Agency.name, Agency.id).tuples())
    for item in items:
        if item.get("parent") in ids:
            Agency.update(parent=ids[item["parent"]]).where(
                Agency.id == ids[item["name"]]
            ).execute()
    people = []
    for item in items:
        head = rng.choice(data["surnames"]) + rng.choice(data["given_names"])
        finance = rng.choice(data["surnames"]) + rng.choice(data["given_names"])
        started = dt.date(rng.randint(2016, 2023), rng.randint(1, 12), 1)
        for name, role, title in (
            (head, "legal_rep", "主要负责人"),
            (head, "principal", "主要负责人"),
            (finance, "finance", "财务科长"),
        ):
            people.append(
                {
                    "agency": ids[item["name"]],
                    "name": name,
                    "role": role,
                    "title": title,
                    "start_on": started,
                }
            )
    Person.insert_many(people).execute()
    return ids


def _insert_cases(plans: Iterator[demo.CasePlan], agency_ids: dict[str, int], count: int) -> int:
    """Case and CaseParty rows for the first ``count`` plans with a new case number."""
    cases: list[tuple] = []
    parties: list[tuple] = []
    seen: set[str] = set()
    for plan in plans:
        if len(cases) >= count:
            break
        number = parse_case_number(plan.case_no)
        if number.key in seen:
            continue  # case_key is unique in the schema; the service would refuse it too
        seen.add(number.key)
        case_id = len(cases) + 1
        cases.append(_case_row(case_id, number, plan))
        parties.extend(
            (case_id, "plaintiff", name, None, i) for i, name in enumerate(plan.plaintiffs)
        )
        parties.extend(
            (case_id, "defendant", name, agency_ids[name], i)
            for i, name in enumerate(plan.defendants)
        )
    _insert_chunked(Case, CASE_FIELDS, cases)
    _insert_chunked(CaseParty, PARTY_FIELDS, parties)
    return len(cases)


def _case_row(case_id: int, number, plan: demo.CasePlan) -> tuple:
    """The columns ``create_case`` then ``change_stage`` for each step would leave behind."""
    dates: dict[str, dt.date | None] = {name: None for name in DATE_FIELD_OF_STAGE.values()}
    stage, outcome, deadline = Stage.SUED, None, None
    for step in plan.steps:
        stage = step.stage
        dates[DATE_FIELD_OF_STAGE[step.stage]] = step.on
        outcome = step.outcome.value if step.outcome is not None else None
        if step.stage == Stage.LOST and step.performance_deadline is not None:
            deadline = step.performance_deadline
    plaintiffs = PARTY_SEPARATOR.join(plan.plaintiffs)
    defendants = PARTY_SEPARATOR.join(plan.defendants)
    last_on = plan.steps[-1].on if plan.steps else plan.filed_on
    return (
        case_id,
        number.display,
        number.key,
        number.year,
        number.court_code,
        number.case_type,
        number.serial,
        "新沂市人民法院",
        stage.value,
        outcome,
        plan.cause,
        plan.amount,
        plan.filed_on,
        None,
        dates["judgment_effective_on"],
        deadline,
        dates["listed_on"],
        dates["closed_on"],
        plaintiffs,
        defendants,
        build_search_text(number.key, plan.cause, plaintiffs, defendants),
        "",
        dt.datetime.combine(plan.filed_on, _WORK_HOUR),
        dt.datetime.combine(last_on, _WORK_HOUR),
        1 + len(plan.steps),
    )


if __name__ == "__main__":
    import sys
    import time

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bench/.cache/bench.db")
    started = time.perf_counter()
    generate_database(target, int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    print(f"{target}: {time.perf_counter() - started:.1f} s")
