"""Inspection rounds (专项督查, item 九): the departments checked, what was found, fixes
with a responsible person and a deadline (in the deadline calendar), follow-up, and the
inspection report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.dates import check_day as _day
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit, deadlines
from xinyi_desktop.store.models import User, db
from xinyi_desktop.store.sanction_models import (
    InspectionFinding,
    InspectionFix,
    InspectionFollowUp,
    InspectionRound,
)

FIX_KIND = "inspection_fix"


def get_round(round_id: int) -> InspectionRound:
    row = InspectionRound.get_or_none(InspectionRound.id == round_id)
    if row is None:
        raise NotFound("该督查记录已不存在。")
    return row


def get_fix(fix_id: int) -> InspectionFix:
    row = InspectionFix.get_or_none(InspectionFix.id == fix_id)
    if row is None:
        raise NotFound("该整改事项已不存在。")
    return row


def create_round(
    actor: User,
    *,
    title: str,
    started_on: dt.date | None,
    departments: list[str],
    scope: str = "",
    today: dt.date | None = None,
) -> InspectionRound:
    require(actor, "edit")
    today = today or dt.date.today()
    if not title.strip():
        raise ValidationError("请填写督查名称。", field="title")
    _day(started_on, "督查开始日期", today)
    names = [d.strip() for d in departments if d.strip()]
    names = list(dict.fromkeys(names))
    if not names:
        raise ValidationError("请至少填写一个被督查的部门。", field="departments")
    with db.atomic():
        row = InspectionRound.create(
            title=title.strip(),
            started_on=started_on,
            departments=names,
            scope=scope.strip(),
            user=actor,
        )
        audit.record(actor, "create", row)
    return row


def finish_round(
    actor: User,
    round_id: int,
    *,
    ended_on: dt.date | None,
    summary: str,
    today: dt.date | None = None,
) -> InspectionRound:
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        row = get_round(round_id)
        _day(ended_on, "督查结束日期", today)
        if ended_on < row.started_on:
            raise ValidationError("督查结束日期早于开始日期，请核对。", field="ended_on")
        old = audit.snapshot(row)
        row.ended_on, row.summary = ended_on, summary.strip()
        audit.bump_version(row, None, "督查记录")
        row.save()
        audit.record(actor, "update", row, old)
    return row


def add_finding(actor: User, round_id: int, *, department: str, found: str) -> InspectionFinding:
    require(actor, "edit")
    with db.atomic():
        row = get_round(round_id)
        if department not in row.departments:
            raise ValidationError(
                f"“{department}”不在本轮督查的部门中（{'、'.join(row.departments)}）。",
                field="department",
            )
        if not found.strip():
            raise ValidationError(f"请写明在{department}发现的问题。", field="found")
        finding = InspectionFinding.create(round=row, department=department, found=found.strip())
        audit.record(actor, "create", finding)
    return finding


def assign_fix(
    actor: User,
    finding_id: int,
    *,
    requirement: str,
    responsible: str,
    due_on: dt.date | None,
    unit: str = "",
    today: dt.date | None = None,
) -> InspectionFix:
    """A fix for a finding: who (responsible person) by when; the deadline goes into the
    deadline calendar as 督查整改."""
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        finding = InspectionFinding.get_or_none(InspectionFinding.id == finding_id)
        if finding is None:
            raise NotFound("该督查问题已不存在。")
        if not requirement.strip():
            raise ValidationError("请写明整改要求。", field="requirement")
        if not responsible.strip():
            raise ValidationError("请填写整改责任人。", field="responsible")
        if due_on is None:
            raise ValidationError("请填写整改期限。", field="due_on")
        if due_on < today:
            raise ValidationError(f"整改期限{due_on.isoformat()}早于今天，请核对。", field="due_on")
        unit = unit.strip() or finding.department
        who = f"{responsible.strip()}（{unit}）"
        deadline = deadlines.add_standalone(
            actor,
            FIX_KIND,
            due_on=due_on,
            responsible=who,
            subject=f"{finding.round.title}：{requirement.strip()[:40]}",
        )
        fix = InspectionFix.create(
            finding=finding,
            requirement=requirement.strip(),
            responsible=responsible.strip(),
            unit=unit,
            due_on=due_on,
            deadline=deadline,
        )
        audit.record(actor, "create", fix)
    return fix


def add_follow_up(
    actor: User, fix_id: int, *, on: dt.date | None, text: str, today: dt.date | None = None
) -> InspectionFollowUp:
    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        fix = get_fix(fix_id)
        _day(on, "跟踪日期", today)
        if not text.strip():
            raise ValidationError("请填写跟踪情况。", field="text")
        row = InspectionFollowUp.create(fix=fix, noted_on=on, text=text.strip(), user=actor)
        audit.record(actor, "create", row)
    return row


def complete_fix(
    actor: User, fix_id: int, *, on: dt.date | None, result: str, today: dt.date | None = None
) -> InspectionFix:
    """The fix is done: its deadline in the calendar is done too."""
    from xinyi_desktop.services.deadline_sync import OPEN

    require(actor, "edit")
    today = today or dt.date.today()
    with db.atomic():
        fix = get_fix(fix_id)
        if fix.status == "done":
            raise ValidationError(f"整改事项“{fix.requirement[:20]}”已于{fix.done_on}完成。")
        _day(on, "整改完成日期", today)
        if not result.strip():
            raise ValidationError("请写明整改结果。", field="result")
        old = audit.snapshot(fix)
        fix.status, fix.done_on, fix.result = "done", on, result.strip()
        fix.save()
        audit.record(actor, "update", fix, old)
        if fix.deadline_id is not None and fix.deadline.status == OPEN:
            deadlines.mark_done(
                actor, fix.deadline_id, on=on, note=result.strip()[:60], today=today
            )
    return fix


def rounds() -> list[InspectionRound]:
    return list(InspectionRound.select().order_by(InspectionRound.started_on.desc()))


def findings_of(round_id: int) -> list[InspectionFinding]:
    return list(
        InspectionFinding.select()
        .where(InspectionFinding.round == round_id)
        .order_by(InspectionFinding.id)
    )


def fixes_of(finding_id: int) -> list[InspectionFix]:
    return list(
        InspectionFix.select().where(InspectionFix.finding == finding_id).order_by(InspectionFix.id)
    )


def follow_ups_of(fix_id: int) -> list[InspectionFollowUp]:
    return list(
        InspectionFollowUp.select()
        .where(InspectionFollowUp.fix == fix_id)
        .order_by(InspectionFollowUp.noted_on, InspectionFollowUp.id)
    )


def write_report(round_id: int, path: str | Path, *, today: dt.date | None = None) -> Path:
    """The inspection report (督查报告) as .docx in the official layout."""
    from xinyi_desktop.documents.inspection_report import write

    row = get_round(round_id)
    items = [(f, fixes_of(f.id)) for f in findings_of(round_id)]
    follow = {x.id: follow_ups_of(x.id) for _, fixes in items for x in fixes}
    return write(row, items, follow, Path(path), today=today or dt.date.today())
