"""Pure rules behind the registers and the monthly report (定期通报): report months, a case's
stage on a past day, a lost case's performance status, the loss rate. No database."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.stages import Outcome, Stage

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


def stage_on(
    day: dt.date,
    *,
    stage: str,
    created_on: dt.date,
    filed_on: dt.date | None,
    judgment_effective_on: dt.date | None,
    listed_on: dt.date | None,
    closed_on: dt.date | None,
) -> str | None:
    """The stage a case was in at the end of ``day`` (None: not yet sued or registered).

    Read from the dates each stage change sets; a stage the case reached without its date
    on record counts from the day the case was registered."""
    dates = {
        Stage.CLOSED: closed_on,
        Stage.DISHONEST: listed_on,
        Stage.LOST: judgment_effective_on,
    }
    if dates.get(Stage(stage)) is None and stage != Stage.SUED:
        dates[Stage(stage)] = created_on
    for reached in (Stage.CLOSED, Stage.DISHONEST, Stage.LOST):
        when = dates[reached]
        if when is not None and when <= day:
            return reached.value
    start = filed_on or created_on
    return Stage.SUED.value if start <= day else None


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
