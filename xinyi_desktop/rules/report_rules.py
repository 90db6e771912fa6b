"""Pure rules behind the registers and the monthly report (定期通报): report months, a case's
stage on a past day, a lost case's performance status, the loss rate. No database."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.stages import Outcome, Stage

Day = dt.date | str  # a date, or its ISO text as SQLite hands it back
_PERIOD = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")


@dataclass(frozen=True, order=True)
class Month:
    """A report month, written ``2026-11``."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = _PERIOD.match(text or "")
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return cls(year, month)
        raise ValidationError(
            f"月份“{text}”无法识别，请写作 2026-11 或 2026年11月。", field="month"
        )

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    @property
    def period(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        return self.next().first - dt.timedelta(days=1)

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def last_months(self, count: int) -> list[Month]:
        """``count`` months ending with this one, oldest first."""
        months = [self]
        while len(months) < count:
            months.append(months[-1].previous())
        return months[::-1]


# What a case is to the report, by its type (案件类型代字, ``data/case_types.json``): a new
# lawsuit (一审), an appeal (上诉, 二审), an execution case (执行: 执, 执恢, 执异 …) or another
# proceeding (再审审查, 非诉执行审查 …). A type the table does not know counts as a lawsuit.
SUIT, APPEAL, EXECUTION, PROCEEDING = "suit", "appeal", "execution", "other"


def case_role(type_info: Mapping[str, str] | None) -> str:
    """``type_info``: the case type's row of the table, None when the type is unknown."""
    if type_info is None:
        return SUIT
    if type_info.get("category") == "execution":
        return EXECUTION
    return {"first": SUIT, "second": APPEAL}.get(type_info.get("instance", ""), PROCEEDING)


# The report's stages in the order a case reaches them; a later one reached wins.
REPORT_STAGES = (Stage.SUED.value, Stage.LOST.value, Stage.DISHONEST.value, Stage.CLOSED.value)
_LOST, _DISHONEST, _CLOSED = REPORT_STAGES[1:]


def stage_starts(
    *,
    role: str,
    stage: str,
    created_on: Day,
    filed_on: Day | None,
    judgment_effective_on: Day | None,
    listed_on: Day | None,
    closed_on: Day | None,
    enforces_judgment: bool = False,
) -> tuple[Day | None, Day | None, Day | None, Day | None]:
    """The first day of 起诉, 败诉, 失信 and 结案 for the report (None: never).

    Read from the dates each stage change sets; a stage the case is in without its date on
    record counts from the day the case was registered. An execution case is never a
    lawsuit (起诉): before it is listed it stands for the unperformed judgment (败诉待履行,
    from the judgment's 生效日期, else from its own 立案日期 or registration) only when that
    judgment is not on record (``enforces_judgment`` False); otherwise the judgment counts.
    Days may be dates or ISO texts (they compare alike)."""
    # plain comparisons, not a dict of the stages: the report runs this for every case
    lost = judgment_effective_on
    if lost is None and stage == _LOST:
        lost = created_on
    listed = listed_on
    if listed is None and stage == _DISHONEST:
        listed = created_on
    closed = closed_on
    if closed is None and stage == _CLOSED:
        closed = created_on
    if role == EXECUTION:
        lost = None if enforces_judgment else (judgment_effective_on or filed_on or created_on)
        return None, lost, listed, closed
    return filed_on or created_on, lost, listed, closed


def handover_on(role: str, starts: tuple) -> Day | None:
    """The day a case takes over the one it continues (``case_link``): an execution case
    when it is listed or closed, an appeal when it is filed. None: it does not (yet)."""
    sued, _lost, listed, closed = starts
    if role == EXECUTION:
        reached = [d for d in (listed, closed) if d is not None]
        return min(reached) if reached else None
    if role == APPEAL:
        return sued
    return None


def stage_on(day: Day, starts: tuple, ended_on: Day | None = None) -> str | None:
    """The case's stage for the report at the end of ``day``; None: not yet begun, or
    already continued by another case from ``ended_on`` on (which then counts instead)."""
    if ended_on is not None and day >= ended_on:
        return None
    for stage, start in zip(REPORT_STAGES[::-1], starts[::-1], strict=True):
        if start is not None and start <= day:
            return stage
    return None


# A lost case's performance status (履行情况), in the order the register sorts by.
PERFORMED, SETTLED, LISTED, OVERDUE, IN_TIME, NO_DEADLINE, OTHER = (
    "已履行完毕",
    "已和解",
    "未履行，已列入失信名单",
    "逾期未履行",
    "履行期内",
    "未登记履行期限",
    "已结案",
)


def performance_status(
    *,
    stage: str,
    outcome: str | None,
    performance_deadline: dt.date | None,
    today: dt.date,
) -> str:
    if outcome == Outcome.PERFORMED:
        return PERFORMED
    if outcome == Outcome.SETTLED:
        return SETTLED
    if stage == Stage.DISHONEST:
        return LISTED
    if stage == Stage.CLOSED:
        return OTHER
    if performance_deadline is None:
        return NO_DEADLINE
    return OVERDUE if performance_deadline < today else IN_TIME


def was_lost(
    *, stage: str, judgment_effective_on: dt.date | None, listed_on: dt.date | None
) -> bool:
    """A case the agency lost: judged against it, listed, or in those stages now."""
    return (
        stage in (Stage.LOST, Stage.DISHONEST)
        or judgment_effective_on is not None
        or listed_on is not None
    )


def loss_rate(lost: int, won: int) -> float | None:
    """败诉率: lost judgments over judgments (lost + won); None when there was none."""
    judged = lost + won
    return None if judged == 0 else lost / judged


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def format_change(change: int | float | None) -> str:
    if change is None:
        return "—"
    if isinstance(change, float):
        return f"{change * 100:+.1f}个百分点" if change else "持平"
    return f"{change:+d}" if change else "0"
