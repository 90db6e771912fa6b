"""Realistic invented records: the demo database (``--demo``) and the benchmark's.

``case_plans`` draws case histories from ``data/demo.json``; ``build_demo`` replays them
through the services, as a clerk would have entered them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xinyi_desktop import paths
from xinyi_desktop.rules.check_codes import credit_code_check_char
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services import agencies as agency_service
from xinyi_desktop.services import cases as case_service
from xinyi_desktop.services.events import record_manual_event
from xinyi_desktop.services.links import link_cases
from xinyi_desktop.store.models import Person, User, db

_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def load_demo_data() -> dict:
    with open(paths.data_dir() / "demo.json", encoding="utf-8") as fh:
        return json.load(fh)


def make_credit_code(rng: random.Random, kind: str) -> str:
    """A well-formed 统一社会信用代码 for a body in Xinyi (area code 320381)."""
    prefix = "12" if kind == "institution" else "11"
    body = prefix + "320381" + "".join(rng.choice(_CODE_ALPHABET[:10]) for _ in range(9))
    return body + credit_code_check_char(body)


@dataclass
class StageStep:
    stage: Stage
    on: dt.date
    outcome: Outcome | None = None
    performance_deadline: dt.date | None = None


@dataclass
class CasePlan:
    """One invented case: what was filed, and the stage changes that followed."""

    case_no: str
    cause: str
    plaintiffs: list[str]
    defendants: list[str]
    filed_on: dt.date
    amount: int | None
    steps: list[StageStep] = field(default_factory=list)
    execution_no: str | None = None  # the 执 case if the agency was listed


def case_plans(rng: random.Random, count: int, today: dt.date, data: dict) -> Iterator[CasePlan]:
    agencies = [a["name"] for a in data["agencies"]]
    serials: dict[tuple[int, str], int] = {}

    def next_no(year: int, kind: str) -> str:
        serials[(year, kind)] = serials.get((year, kind), 0) + rng.randint(1, 4)
        return f"（{year}）苏0381{kind}{serials[(year, kind)]}号"

    def person() -> str:
        return rng.choice(data["surnames"]) + rng.choice(data["given_names"])

    for _ in range(count):
        filed = today - dt.timedelta(days=rng.randint(0, 3 * 365))
        kind = "行初" if rng.random() < 0.8 else "民初"
        plaintiffs = [person() for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        if kind == "民初" or rng.random() < 0.15:
            plaintiffs = [rng.choice(data["companies"])]
        defendants = rng.sample(agencies, rng.choice((1, 1, 1, 1, 2)))
        plan = CasePlan(
            case_no=next_no(filed.year, kind),
            cause=rng.choice(data["causes"][kind]),
            plaintiffs=plaintiffs,
            defendants=defendants,
            filed_on=filed,
            amount=rng.choice((None, rng.randint(5, 3000) * 1000)),
        )
        _draw_history(rng, plan, today, next_no)
        yield plan


def _draw_history(rng: random.Random, plan: CasePlan, today: dt.date, next_no) -> None:
    judged = plan.filed_on + dt.timedelta(days=rng.randint(45, 200))
    if judged > today:
        return  # still pending
    roll = rng.random()
    if roll < 0.35:
        plan.steps.append(StageStep(Stage.CLOSED, judged, Outcome.WON))
        return
    if roll < 0.5:
        plan.steps.append(StageStep(Stage.CLOSED, judged, Outcome.WITHDRAWN))
        return
    deadline = judged + dt.timedelta(days=rng.choice((15, 30, 60, 90)))
    plan.steps.append(StageStep(Stage.LOST, judged, performance_deadline=deadline))
    roll = rng.random()
    done = deadline - dt.timedelta(days=rng.randint(0, 14))
    if roll < 0.45 and done <= today:
        plan.steps.append(StageStep(Stage.CLOSED, done, Outcome.PERFORMED))
    elif roll < 0.6 and done <= today:
        plan.steps.append(StageStep(Stage.CLOSED, done, Outcome.SETTLED))
    elif roll < 0.85:
        listed = deadline + dt.timedelta(days=rng.randint(20, 120))
        if listed <= today:
            plan.execution_no = next_no(listed.year, "执")
            plan.steps.append(StageStep(Stage.DISHONEST, listed))
            exited = listed + dt.timedelta(days=rng.randint(30, 400))
            if exited <= today and rng.random() < 0.5:
                plan.steps.append(StageStep(Stage.CLOSED, exited, Outcome.PERFORMED))


def build_demo(
    actor: User, *, cases: int = 240, seed: int = 20181106, today: dt.date | None = None
) -> None:
    """Fill an empty database with agencies, their heads, and cases in every stage."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    data = load_demo_data()
    with db.atomic():
        _build_agencies(actor, rng, data)
        for plan in case_plans(rng, cases, today, data):
            _replay(actor, rng, plan, today)
        walk_sanctions(actor, today)


def _build_agencies(actor: User, rng: random.Random, data: dict) -> None:
    by_name = {}
    for i, item in enumerate(data["agencies"]):
        code = make_credit_code(rng, item["kind"])
        if i % 13 == 5:  # a few mistyped codes, as they arrive from the court
            code = code[:-1] + ("0" if code[-1] != "0" else "1")
        parent = by_name.get(item.get("parent"))
        saved = agency_service.create_agency(
            actor,
            agency_service.AgencyInput(
                name=item["name"],
                credit_code=code,
                kind=item["kind"],
                area=item["area"],
                parent_id=parent.id if parent else None,
            ),
        )
        by_name[item["name"]] = saved.record
        head = rng.choice(data["surnames"]) + rng.choice(data["given_names"])
        started = dt.date(rng.randint(2016, 2023), rng.randint(1, 12), 1)
        for role, title in (("legal_rep", "主要负责人"), ("principal", "主要负责人")):
            agency_service.add_person(
                actor,
                saved.record.id,
                agency_service.PersonInput(name=head, role=role, title=title, start_on=started),
            )
        finance = rng.choice(data["surnames"]) + rng.choice(data["given_names"])
        agency_service.add_person(
            actor,
            saved.record.id,
            agency_service.PersonInput(
                name=finance, role="finance", title="财务科长", start_on=started
            ),
        )


def _replay(actor: User, rng: random.Random, plan: CasePlan, today: dt.date) -> None:
    case = case_service.create_case(
        actor,
        case_service.CaseInput(
            case_no=plan.case_no,
            cause=plan.cause,
            plaintiffs=plan.plaintiffs,
            defendants=plan.defendants,
            filed_on=plan.filed_on,
            amount=plan.amount,
        ),
        today=plan.filed_on,
    )
    record_manual_event(
        actor, case.id, "court_notice", on=plan.filed_on, summary="法院通报起诉案件", today=today
    )
    _send_letter(actor, rng, "reminder", case.id, plan.filed_on, today)
    for step in plan.steps:
        if step.stage == Stage.DISHONEST and plan.execution_no:
            execution = case_service.create_case(
                actor,
                case_service.CaseInput(
                    case_no=plan.execution_no,
                    cause=plan.cause,
                    plaintiffs=plan.plaintiffs,
                    defendants=plan.defendants,
                    filed_on=step.on - dt.timedelta(days=10),
                    judgment_effective_on=case.judgment_effective_on,
                    performance_deadline=case.performance_deadline,
                    listed_on=step.on,
                    stage=Stage.DISHONEST,
                ),
                today=step.on,
            )
            link_cases(actor, execution.id, case.id, "execution", today=step.on)
            case = execution
            continue
        case = case_service.change_stage(
            actor,
            case.id,
            step.stage,
            on=step.on,
            outcome=step.outcome,
            performance_deadline=step.performance_deadline,
            today=today,
        )
        if step.stage == Stage.LOST:
            _send_letter(actor, rng, "supervision", case.id, step.on, today)


def _send_letter(
    actor: User, rng: random.Random, kind: str, case_id: int, after: dt.date, today: dt.date
) -> None:
    """Most letters were sent a few days after the notice; some are still owed. Letters of
    the last three months are real documents; older ones were sent before the program was
    in use, so only the timeline records them."""
    from xinyi_desktop.services import letters

    issued_on = after + dt.timedelta(days=rng.randint(1, 4))
    if issued_on > today or rng.random() > 0.85:
        return
    if issued_on < today - dt.timedelta(days=90):
        label = {"reminder": "提醒函", "supervision": "督促履行函"}[kind]
        record_manual_event(
            actor,
            case_id,
            "letter",
            on=issued_on,
            summary=f"已发{label}（纸质，程序启用前）",
            today=today,
        )
        return
    plans = letters.plan_case_letter(kind, case_id, issued_on=issued_on)
    letters.run(letters.generate(actor, plans))


# --- joint punishment, taken further for a few listed agencies -----------------------------

DEMO_OFFICE = {  # invented: the 请示 and 交办单 need a contact, a telephone and a signer
    "office.contact": "李娜",
    "office.phone": "0516-88920000",
    "documents.issuer": "王建国",
}


def walk_sanctions(actor: User, today: dt.date) -> None:
    """Take a few listed agencies through what follows listing, as the office would with
    the services: rectification ordered (some overdue, one within its period, one done
    and a positive example), the overdue list submitted to the city government by a 请示,
    approved, delivered to the departments with 告知函, measures carried out (记入系统
    makes government dishonesty records), an accountability record referred by letter,
    and an inspection round with a finding, a fix in the calendar and its follow-up."""
    from xinyi_desktop.services import accountability, letters, rectification, sanction_steps
    from xinyi_desktop.services.sanctions import active_listings
    from xinyi_desktop.settings import get_setting, set_settings

    old = today - dt.timedelta(days=150)
    listings = [x for x in active_listings() if x.listed_on and x.listed_on <= old]
    listings.sort(key=lambda x: (x.listed_on, x.id))
    if len(listings) < 5:
        return
    set_settings(actor, {k: v for k, v in DEMO_OFFICE.items() if not get_setting(k)})

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    overdue, within, done = listings[:3], listings[3], listings[4]
    for listing in [*overdue, done]:
        rectification.assign_rectification(
            actor,
            listing.id,
            on=ago(100),
            due_on=ago(70),
            requirement="筹措资金，履行判决",
            today=today,
        )
    head = overdue[0].agency.persons.where(Person.role == "legal_rep").first()
    if head is not None:
        rectification.add_responsible(
            actor, overdue[0].id, person_id=head.id, duty="筹措资金，于整改期限前履行判决"
        )
    rectification.add_progress(
        actor, overdue[0].id, on=ago(85), text="已召开专题会议，资金尚未落实", today=today
    )
    rectification.assign_rectification(
        actor, within.id, on=ago(10), due_on=today + dt.timedelta(days=20), today=today
    )
    rectification.mark_rectified(
        actor, done.id, on=ago(75), note="已与申请人达成和解并履行完毕", today=today
    )
    rectification.mark_positive(
        actor,
        done.id,
        title=f"{done.agency.name}限期整改到位",
        text="接到交办单后专题研究，一个月内与申请人达成和解并履行完毕。",
        on=ago(60),
        today=today,
    )

    (request,) = letters.plan_escalation("request", issued_on=ago(60))
    letters.run(letters.generate(actor, [request]))
    approved = overdue[:2]  # the third still waits for the city government
    sanction_steps.approve_listings(
        actor,
        [x.id for x in approved],
        on=ago(50),
        approval_ref=f"新政复〔{ago(50).year}〕7号",
        today=today,
    )
    items = [i.id for x in approved for i in x.items]
    letters.run(sanction_steps.deliver_with_letter(actor, items, issued_on=ago(45)))
    first = [i.id for i in approved[0].items]
    sanction_steps.change_status(actor, first, "carried_out", on=ago(30), today=today)
    financing = [i.id for i in approved[1].items if i.measure_key in ("financing", "awards")]
    sanction_steps.change_status(actor, financing, "carried_out", on=ago(28), today=today)

    accountability.add_accountability(
        actor,
        accountability.AccountabilityInput(
            agency_id=approved[0].agency_id,
            person_id=head.id if head else None,
            listing_id=approved[0].id,
            found="逾期未整改，未按期筹措履行资金",
            decision="诫勉谈话",
            decided_on=ago(25),
        ),
        today=today,
    )
    (referral,) = letters.plan_escalation("accountability", issued_on=ago(20))
    letters.run(letters.generate(actor, [referral]))
    _demo_inspection(actor, today)


def _demo_inspection(actor: User, today: dt.date) -> None:
    from xinyi_desktop.services import inspections

    started = today - dt.timedelta(days=40)
    departments = ["新沂市财政局", "新沂市金融办", "新沂市行政审批局"]
    round_ = inspections.create_round(
        actor,
        title=f"{started.year}年政府机构失信治理专项督查",
        started_on=started,
        departments=departments,
        scope="联合惩戒措施落实情况、失信政府机构整改情况",
        today=today,
    )
    finding = inspections.add_finding(
        actor,
        round_.id,
        department="新沂市金融办",
        found="收到告知函后未及时将失信政府机构名单通报各商业银行",
    )
    fix = inspections.assign_fix(
        actor,
        finding.id,
        requirement="十个工作日内通报各商业银行并书面反馈",
        responsible="陈立",
        due_on=today + dt.timedelta(days=14),
        today=today,
    )
    inspections.add_follow_up(
        actor,
        fix.id,
        on=today - dt.timedelta(days=5),
        text="已电话督促，正在起草通报",
        today=today,
    )
    inspections.finish_round(
        actor,
        round_.id,
        ended_on=today - dt.timedelta(days=30),
        summary="各部门基本落实联合惩戒措施，个别部门反馈不及时。",
        today=today,
    )


def ensure_demo_database(path: Path | None = None) -> Path:
    """The demo database (``--demo``, for the windows and the command line alike), built
    when it is missing or holds no case.

    Built in a folder of its own beside it, then moved into place (its letters first, the
    database file last): an interrupted build leaves no demo behind, half made or empty,
    and the next start builds it again."""
    from xinyi_desktop.store.backup import readonly
    from xinyi_desktop.store.connection import close_db, default_user, init_db

    path = Path(path or paths.demo_db_path())
    try:
        con = readonly(path)
        try:
            if con.execute('SELECT 1 FROM "case" LIMIT 1').fetchone():
                return path
        finally:
            con.close()
    except Exception:  # noqa: BLE001, S110 - missing, empty, damaged: build it afresh
        pass
    work = path.parent / f".{path.stem}-building"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    built = work / path.name
    init_db(built, checked=True)
    try:
        build_demo(default_user())
        db.execute_sql("PRAGMA journal_mode=DELETE")  # one self-contained file to move
    finally:
        close_db()
    letters = paths.documents_dir(built)
    final_letters = path.parent / letters.name
    shutil.rmtree(final_letters, ignore_errors=True)
    os.replace(letters, final_letters)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(built, path)
    shutil.rmtree(work, ignore_errors=True)
    return path
