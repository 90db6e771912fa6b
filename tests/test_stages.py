"""The stage workflow as a table: every change either allowed or refused with a reason."""

import datetime as dt

import pytest

from xinyi_desktop.errors import StageChangeRefused
from xinyi_desktop.rules.stages import Outcome, Stage, allowed_targets, check_transition

D = dt.date(2025, 6, 1)
TODAY = dt.date(2025, 12, 31)

ALLOWED = [
    (Stage.SUED, Stage.LOST, None),
    (Stage.SUED, Stage.CLOSED, Outcome.WON),
    (Stage.SUED, Stage.CLOSED, Outcome.WITHDRAWN),
    (Stage.SUED, Stage.CLOSED, Outcome.SETTLED),
    (Stage.LOST, Stage.DISHONEST, None),
    (Stage.LOST, Stage.CLOSED, Outcome.PERFORMED),
    (Stage.LOST, Stage.CLOSED, Outcome.SETTLED),
    (Stage.DISHONEST, Stage.CLOSED, Outcome.PERFORMED),
    (Stage.DISHONEST, Stage.CLOSED, Outcome.SETTLED),
]

REFUSED = [
    (Stage.SUED, Stage.CLOSED, None, "结案必须写明结果"),
    (Stage.SUED, Stage.CLOSED, Outcome.PERFORMED, "不能以“履行完毕”结案"),
    (Stage.SUED, Stage.DISHONEST, None, "请先登记败诉"),
    (Stage.SUED, Stage.SUED, None, "无需变更"),
    (Stage.LOST, Stage.SUED, None, "不能从“败诉”退回到“起诉”"),
    (Stage.LOST, Stage.CLOSED, Outcome.WON, "不能以“胜诉”结案"),
    (Stage.LOST, Stage.CLOSED, None, "结案必须写明结果"),
    (Stage.LOST, Stage.DISHONEST, Outcome.SETTLED, "只有结案才需要填写结果"),
    (Stage.DISHONEST, Stage.LOST, None, "退回"),
    (Stage.DISHONEST, Stage.CLOSED, Outcome.WITHDRAWN, "不能以“撤诉”结案"),
    (Stage.CLOSED, Stage.SUED, None, "已结案"),
    (Stage.CLOSED, Stage.LOST, None, "已结案"),
]


@pytest.mark.parametrize(("current", "target", "outcome"), ALLOWED)
def test_allowed_changes(current, target, outcome):
    check_transition(current, target, on=D, outcome=outcome, today=TODAY)
    assert target in allowed_targets(current)


@pytest.mark.parametrize(("current", "target", "outcome", "reason"), REFUSED)
def test_refused_changes_say_why(current, target, outcome, reason):
    with pytest.raises(StageChangeRefused) as caught:
        check_transition(current, target, on=D, outcome=outcome, today=TODAY)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("on", "earliest", "reason"),
    [
        (None, None, "请填写判决生效日期"),
        (dt.date(2026, 1, 1), None, "晚于今天"),
        (dt.date(2025, 1, 1), dt.date(2025, 2, 1), "早于案件已有的日期"),
    ],
)
def test_stage_change_needs_a_sensible_date(on, earliest, reason):
    with pytest.raises(StageChangeRefused) as caught:
        check_transition(Stage.SUED, Stage.LOST, on=on, earliest=earliest, today=TODAY)
    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("listed", "deadline", "refused"),
    [
        (dt.date(2025, 3, 1), dt.date(2025, 3, 10), True),  # before the deadline
        (dt.date(2025, 3, 10), dt.date(2025, 3, 10), True),  # on its last day: not yet late
        (dt.date(2025, 3, 11), dt.date(2025, 3, 10), False),
        (dt.date(2025, 3, 11), None, False),  # no deadline known: the court's date stands
    ],
)
def test_an_agency_is_listed_only_after_its_performance_deadline(listed, deadline, refused):
    def change():
        check_transition(
            Stage.LOST, Stage.DISHONEST, on=listed, today=TODAY, performance_deadline=deadline
        )

    if refused:
        with pytest.raises(StageChangeRefused) as caught:
            change()
        assert "尚未届满" in str(caught.value) and caught.value.field == "on"
    else:
        change()
