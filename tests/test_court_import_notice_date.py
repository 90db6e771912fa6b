"""The date of a court notice (收到法院通报) is when the office received the list: its
通报日期 column when mapped, else the day the file is imported — not the filing date,
which would make every 致函提醒 of an older list overdue at once."""

from __future__ import annotations

import datetime as dt

import pytest
from court_files import imp, write_xlsx

from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import Case, Event

TODAY = dt.date(2025, 10, 15)  # a Wednesday
HEADER = ["案号", "案由", "原告", "被告", "立案日期"]
ROW = ["(2024)苏0381行初7号", "政府信息公开", "张某", "新沂市棋盘镇人民政府", dt.date(2024, 3, 5)]


@pytest.mark.parametrize(
    ("header", "row", "received"),
    [
        (HEADER, ROW, TODAY),  # no notice-date column: the day of the import
        (HEADER + ["通报日期"], ROW + [dt.date(2025, 10, 13)], dt.date(2025, 10, 13)),
        (HEADER + ["收到通报日期"], ROW + ["2025-10-14"], dt.date(2025, 10, 14)),
    ],
)
def test_an_older_list_dates_its_notice_when_received_and_keeps_the_filing_date(
    actor, tmp_path, header, row, received
):
    path = write_xlsx(tmp_path / "收案.xlsx", [header, row])
    _plan, batch = imp(actor, path, today=TODAY)
    assert batch.created == 1
    case = Case.get()
    assert case.filed_on == dt.date(2024, 3, 5)
    (notice,) = case.events.where(Event.kind == "court_notice")
    assert notice.occurred_on == received
    reminder = Deadline.get((Deadline.case == case) & (Deadline.kind == "reminder_letter"))
    assert reminder.trigger_on == received
    assert reminder.due_on > received and reminder.due_on >= TODAY  # not overdue at once
