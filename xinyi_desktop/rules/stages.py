"""A case's stages (阶段) and the changes between them — pure rules, no database.

sued (起诉) → lost (败诉) → dishonest (失信, on the court's list) → closed (结案);
a case may also end early: won (胜诉), withdrawn (撤诉), settled (和解), performed (履行完毕).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from xinyi_desktop.errors import StageChangeRefused


class Stage(StrEnum):
    SUED = "sued"
    LOST = "lost"
    DISHONEST = "dishonest"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


class Outcome(StrEnum):
    WON = "won"
    WITHDRAWN = "withdrawn"
    SETTLED = "settled"
    PERFORMED = "performed"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]


STAGE_LABELS = {
    Stage.SUED: "起诉",
    Stage.LOST: "败诉",
    Stage.DISHONEST: "失信",
    Stage.CLOSED: "结案",
}
OUTCOME_LABELS = {
    Outcome.WON: "胜诉",
    Outcome.WITHDRAWN: "撤诉",
    Outcome.SETTLED: "和解",
    Outcome.PERFORMED: "履行完毕",
}

# Which stage may follow which, and for a move to CLOSED the outcomes that can end it there.
TRANSITIONS: dict[Stage, dict[Stage, frozenset[Outcome]]] = {
    Stage.SUED: {
        Stage.LOST: frozenset(),
        Stage.CLOSED: frozenset({Outcome.WON, Outcome.WITHDRAWN, Outcome.SETTLED}),
    },
    Stage.LOST: {
        Stage.DISHONEST: frozenset(),
        Stage.CLOSED: frozenset({Outcome.PERFORMED, Outcome.SETTLED}),
    },
    Stage.DISHONEST: {
        Stage.CLOSED: frozenset({Outcome.PERFORMED, Outcome.SETTLED}),
    },
    Stage.CLOSED: {},
}

# The case field each stage change sets to its date.
DATE_FIELD_OF_STAGE = {
    Stage.LOST: "judgment_effective_on",
    Stage.DISHONEST: "listed_on",
    Stage.CLOSED: "closed_on",
}
DATE_LABEL_OF_STAGE = {
    Stage.LOST: "判决生效日期",
    Stage.DISHONEST: "列入失信名单日期",
    Stage.CLOSED: "结案日期",
}


def allowed_targets(current: Stage) -> list[Stage]:
    """The stages a case in ``current`` may move to, in workflow order."""
    return list(TRANSITIONS[Stage(current)])


def allowed_outcomes(current: Stage, target: Stage) -> list[Outcome]:
    outcomes = TRANSITIONS[Stage(current)].get(Stage(target), frozenset())
    return [o for o in Outcome if o in outcomes]


def check_transition(
    current: Stage,
    target: Stage,
    *,
    on: dt.date | None,
    outcome: Outcome | None = None,
    earliest: dt.date | None = None,
    today: dt.date | None = None,
    performance_deadline: dt.date | None = None,
) -> None:
    """Refuse, with the reason in Chinese, a stage change the rules do not allow.

    ``earliest`` is the latest date already on the case (filing, judgment…): a later
    stage cannot have happened before it. ``performance_deadline`` is the case's 履行期限:
    an agency is listed only once it has passed unperformed, so a listing dated on or
    before it is refused.
    """
    current, target = Stage(current), Stage(target)
    today = today or dt.date.today()
    if current == target:
        raise StageChangeRefused(f"案件已处于“{current.label}”阶段，无需变更。", field="stage")
    if current == Stage.CLOSED:
        raise StageChangeRefused("案件已结案，不能再变更阶段。", field="stage")
    targets = TRANSITIONS[current]
    if target not in targets:
        raise StageChangeRefused(_why_not(current, target), field="stage")
    outcomes = targets[target]
    if target == Stage.CLOSED:
        if outcome is None:
            names = "、".join(o.label for o in allowed_outcomes(current, target))
            raise StageChangeRefused(f"结案必须写明结果（可选：{names}）。", field="outcome")
        if Outcome(outcome) not in outcomes:
            raise StageChangeRefused(
                f"处于“{current.label}”阶段的案件不能以“{Outcome(outcome).label}”结案。",
                field="outcome",
            )
    elif outcome is not None:
        raise StageChangeRefused("只有结案才需要填写结果。", field="outcome")
    if on is None:
        label = DATE_LABEL_OF_STAGE.get(target, "日期")
        raise StageChangeRefused(f"请填写{label}。", field="on")
    if on > today:
        raise StageChangeRefused(
            f"{DATE_LABEL_OF_STAGE[target]}{on.isoformat()}晚于今天，请核对。",
            field="on",
        )
    if earliest is not None and on < earliest:
        raise StageChangeRefused(
            f"{DATE_LABEL_OF_STAGE[target]}{on.isoformat()}早于案件已有的日期"
            f"{earliest.isoformat()}，请核对。",
            field="on",
        )
    problem = listing_date_problem(on, performance_deadline) if target == Stage.DISHONEST else None
    if problem:
        raise StageChangeRefused(problem, field="on")


def listing_date_problem(
    listed_on: dt.date | None, performance_deadline: dt.date | None
) -> str | None:
    """Why a listing date (列入失信名单日期) cannot stand beside the case's 履行期限, or None.

    An agency is listed only once its performance deadline has passed unperformed, so a
    listing dated on or before that deadline is wrong. The stage change and the case edit
    (and the court import) all ask this one rule.
    """
    if listed_on is None or performance_deadline is None or listed_on > performance_deadline:
        return None
    return (
        f"履行期限{performance_deadline.isoformat()}尚未届满，不能于{listed_on.isoformat()}"
        "列入失信名单：逾期未履行的才会被列入，请核对列入失信名单日期或履行期限。"
    )


def _why_not(current: Stage, target: Stage) -> str:
    order = [Stage.SUED, Stage.LOST, Stage.DISHONEST, Stage.CLOSED]
    if order.index(target) < order.index(current):
        return f"案件不能从“{current.label}”退回到“{target.label}”阶段。"
    if current == Stage.SUED and target == Stage.DISHONEST:
        return "案件尚未登记败诉，不能直接列入失信名单：请先登记败诉（判决生效日期和履行期限）。"
    return f"案件不能从“{current.label}”变更为“{target.label}”。"
