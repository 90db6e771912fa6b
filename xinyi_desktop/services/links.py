"""Links between cases: an appeal (上诉) and its first instance, an execution case (执行)
and the judgment it enforces (执行依据), a retrial (再审)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.dates import format_date
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import audit
from xinyi_desktop.services.cases import get_case
from xinyi_desktop.services.events import add_event
from xinyi_desktop.store.bulk import select_in
from xinyi_desktop.store.models import Case, CaseLink, User, db

# kind: (label seen from the linking case, label seen from the linked case)
LINK_KINDS: dict[str, tuple[str, str]] = {
    "appeal": ("上诉自（一审案件）", "上诉案件"),
    "execution": ("执行依据（所执行的判决）", "执行案件"),
    "retrial": ("再审自（原审案件）", "再审案件"),
    "related": ("相关案件", "相关案件"),
}


def link_cases(
    actor: User,
    from_case_id: int,
    to_case_id: int,
    kind: str,
    note: str = "",
    today: dt.date | None = None,
) -> CaseLink:
    """Record that ``from_case`` relates to ``to_case`` as ``kind``, e.g. the execution
    case (from) enforces the judgment (to)."""
    require(actor, "edit")
    if kind not in LINK_KINDS:
        raise ValidationError("请选择关联类型。", field="kind")
    if from_case_id == to_case_id:
        raise ValidationError("案件不能关联到自身。", field="to_case")
    with db.atomic():
        source, target = get_case(from_case_id), get_case(to_case_id)
        exists = CaseLink.select().where(
            ((CaseLink.from_case == source) & (CaseLink.to_case == target))
            | ((CaseLink.from_case == target) & (CaseLink.to_case == source))
        )
        if exists.exists():
            raise ValidationError(f"{source.case_no} 与 {target.case_no} 已经关联。")
        link = CaseLink.create(from_case=source, to_case=target, kind=kind, note=note.strip())
        audit.record(actor, "create", link)
        outward, inward = LINK_KINDS[kind]
        on = today or dt.date.today()
        add_event(actor, source, "link", on=on, summary=f"关联{outward}：{target.case_no}")
        add_event(actor, target, "link", on=on, summary=f"关联{inward}：{source.case_no}")
        if kind == "execution":
            _sync_judgment(actor, target, f"关联{inward}：{source.case_no}", today)
    return link


def _sync_judgment(actor: User, judgment: Case, reason: str, today: dt.date | None) -> None:
    """A judgment gained or lost an execution case: its own deadlines end or come back."""
    from xinyi_desktop.services import deadlines

    deadlines.on_case_changed(actor, judgment.id, reason=reason, today=today)


def unlink(actor: User, link_id: int, today: dt.date | None = None) -> None:
    require(actor, "edit")
    with db.atomic():
        link = CaseLink.get_or_none(CaseLink.id == link_id)
        if link is None:
            return
        old = audit.snapshot(link)
        source, target = link.from_case, link.to_case
        link.delete_instance()
        audit.record(actor, "delete", link, old)
        on = today or dt.date.today()
        summary = f"取消关联：{source.case_no} — {target.case_no}"
        add_event(actor, source, "link", on=on, summary=summary)
        add_event(actor, target, "link", on=on, summary=summary)
        if link.kind == "execution":
            _sync_judgment(actor, target, summary, today)


def links_of(case_id: int) -> list[tuple[CaseLink, Case, str]]:
    """Each link of the case with the other case and the label seen from this one."""
    result = []
    for link in CaseLink.select().where(CaseLink.from_case == case_id):
        result.append((link, link.to_case, LINK_KINDS[link.kind][0]))
    for link in CaseLink.select().where(CaseLink.to_case == case_id):
        result.append((link, link.from_case, LINK_KINDS[link.kind][1]))
    return result


@dataclass(frozen=True)
class Takeover:
    """An execution case that has taken a judgment's lawsuit over (listed or closed)."""

    case_no: str
    stage: str  # the stage the lawsuit has reached through it: dishonest | closed
    on: str  # ISO day

    def what(self) -> str:
        """``执行案件（2025）苏0381执9号已于2025年4月1日列入失信名单`` (or …结案)."""
        happened = "列入失信名单" if self.stage == Stage.DISHONEST.value else "结案"
        return f"执行案件{self.case_no}已于{format_date(dt.date.fromisoformat(self.on))}{happened}"


def taken_over(judgment_ids: list[int] | None = None) -> dict[int, Takeover]:
    """Judgments whose execution case (``case_link`` of kind execution) has been listed or
    closed: from that day the lawsuit is the execution case's, by the rule the reports
    count by (``rules.report_rules.handover_on``), and a letter for the judgment's own
    stage (a 督促履行函 for 败诉) no longer fits, nor do its own deadlines (履行期限, 发函督促).
    ``judgment_ids``: only these judgments (None: all)."""
    from xinyi_desktop.reports.figures import day_key, execution_links
    from xinyi_desktop.rules.report_rules import EXECUTION, handover_on, stage_starts

    pairs = execution_links(judgment_ids)
    if not pairs:
        return {}
    columns = (
        Case.id,
        Case.case_no,
        Case.stage,
        Case.created_at,
        Case.filed_on,
        Case.judgment_effective_on,
        Case.listed_on,
        Case.closed_on,
    )
    wanted = sorted({e for e, _ in pairs})
    executions = {row[0]: row for row in select_in(Case, columns, Case.id, wanted)}
    found: dict[int, Takeover] = {}
    for execution, judgment in pairs:
        row = executions.get(execution)
        if row is None:
            continue
        starts = stage_starts(
            role=EXECUTION,
            stage=row[2],
            created_on=day_key(row[3]),
            filed_on=day_key(row[4]),
            judgment_effective_on=day_key(row[5]),
            listed_on=day_key(row[6]),
            closed_on=day_key(row[7]),
            enforces_judgment=True,
        )
        day = handover_on(EXECUTION, starts)
        if day is None:
            continue
        stage = Stage.DISHONEST.value if starts[2] == day else Stage.CLOSED.value
        if judgment not in found or day < found[judgment].on:
            found[judgment] = Takeover(row[1], stage, day)
    return found
