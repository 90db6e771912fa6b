"""Deadlines follow the cases: computed on registration, recomputed when a trigger date
changes, resolved by stage changes and letters, and changed by the clerk with a record."""

import datetime as dt
from dataclasses import replace

import pytest

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services import deadlines as service
from xinyi_desktop.services.cases import CaseInput, change_stage, update_case
from xinyi_desktop.services.deadline_query import DeadlineFilter, dashboard, list_deadlines
from xinyi_desktop.services.deadline_rules import get_rule, reset_rule, save_rule
from xinyi_desktop.services.deadline_sync import backfill, compute_all
from xinyi_desktop.services.events import add_event, record_manual_event, timeline
from xinyi_desktop.services.links import link_cases
from xinyi_desktop.services.work_calendar import (
    import_holiday_file,
    parse_holiday_text,
    save_year,
)
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import AuditEntry

D = dt.date.fromisoformat
TODAY = D("2026-11-25")


def deadlines_of(case_id):
    return {d.kind: d for d in Deadline.select().where(Deadline.case == case_id)}


@pytest.fixture
def sued(actor, make_case):
    """A lawsuit registered on Friday 24 January 2025, just before Spring Festival."""
    case = make_case(filed_on=D("2025-01-20"))
    record_manual_event(
        actor, case.id, "court_notice", on=D("2025-01-24"), summary="法院通报起诉", today=TODAY
    )
    return case


def test_a_lawsuit_notice_starts_the_reminder_letter_in_working_days(sued):
    reminder = deadlines_of(sued.id)["reminder_letter"]
    assert reminder.due_on == D("2025-02-05")  # 26 Jan worked, 28 Jan – 4 Feb holidays
    assert reminder.status == "open" and reminder.responsible == "信用办"
    assert reminder.basis["trigger"] == "first:court_notice"
    assert reminder.basis["trigger_on"] == "2025-01-24"
    assert ["2025-01-28", "春节"] in reminder.basis["skipped"]


def test_the_complaint_copy_starts_the_defendants_15_days(actor, sued):
    record_manual_event(
        actor,
        sued.id,
        "complaint_served",
        on=D("2024-09-20"),
        summary="被告收到起诉状副本",
        today=TODAY,
    )
    answer = deadlines_of(sued.id)["defendant_answer"]
    assert answer.due_on == D("2024-10-08")  # the 15th day, 5 Oct, is a National Day holiday
    assert answer.responsible == "被告单位"


def test_a_letter_satisfies_the_open_letter_deadline(actor, sued):
    event = record_manual_event(
        actor, sued.id, "letter", on=D("2025-02-05"), summary="致函提醒", today=TODAY
    )
    reminder = deadlines_of(sued.id)["reminder_letter"]
    assert reminder.status == "done" and reminder.done_event_id == event.id
    assert reminder.resolved_on == D("2025-02-05")
    # The timeline has it on the day the letter went, not the day it was keyed in.
    (done,) = [e for e in timeline(sued.id) if e.summary.startswith("期限已办理")]
    assert done.occurred_on == D("2025-02-05")


def test_losing_brings_performance_and_supervision_and_drops_the_reminder(actor, sued):
    change_stage(
        actor,
        sued.id,
        Stage.LOST,
        on=D("2025-09-26"),
        performance_deadline=D("2025-10-05"),
        today=TODAY,
    )
    found = deadlines_of(sued.id)
    assert found["reminder_letter"].status == "waived"
    # Due 2025-02-05, retired on TODAY: the record says it was missed, not excused.
    assert found["reminder_letter"].note == (
        "案件已进入“败诉”阶段，此期限不再适用（到期日2025-02-05已过，逾期未办）"
    )
    assert found["performance"].due_on == D("2025-10-09")  # 5 Oct is a holiday: moved
    assert found["performance"].responsible == "被告单位"
    assert found["supervision_letter"].due_on == D("2025-09-30")  # 28 Sep (Sun) is worked
    kinds = [e.kind for e in timeline(sued.id)]
    assert "deadline" in kinds


def test_a_corrected_performance_deadline_is_recomputed_and_on_the_timeline(actor, sued):
    change_stage(
        actor,
        sued.id,
        Stage.LOST,
        on=D("2025-09-26"),
        performance_deadline=D("2025-10-05"),
        today=TODAY,
    )
    data = CaseInput(
        case_no=sued.case_no,
        defendants=["新沂市棋盘镇人民政府"],
        filed_on=D("2025-01-20"),
        judgment_effective_on=D("2025-09-26"),
        performance_deadline=D("2025-10-20"),
    )
    update_case(actor, sued.id, data, today=TODAY)
    performance = deadlines_of(sued.id)["performance"]
    assert performance.due_on == D("2025-10-20")
    summaries = [e.summary for e in timeline(sued.id) if e.kind == "deadline"]
    assert any("履行期限 2025-10-09 → 2025-10-20" in s for s in summaries)
    entries = AuditEntry.select().where(
        (AuditEntry.table_name == "deadline") & (AuditEntry.record_id == performance.id)
    )
    assert entries.count() >= 2  # created, then updated


def test_closing_as_performed_marks_performance_done(actor, sued):
    change_stage(
        actor,
        sued.id,
        Stage.LOST,
        on=D("2025-09-26"),
        performance_deadline=D("2025-10-05"),
        today=TODAY,
    )
    change_stage(
        actor, sued.id, Stage.CLOSED, on=D("2025-10-08"), outcome=Outcome.PERFORMED, today=TODAY
    )
    found = deadlines_of(sued.id)
    assert found["performance"].status == "done"
    assert found["performance"].resolved_on == D("2025-10-08")
    assert found["supervision_letter"].status == "waived"


def test_rectification_uses_the_per_case_day_or_the_default(actor, make_case):
    case = make_case(
        "（2025）苏0381执5号",
        judgment_effective_on=D("2025-03-03"),
        listed_on=D("2025-06-02"),
        stage=Stage.DISHONEST,
    )
    event = add_event(actor, case, "rectification_assigned", on=D("2025-06-10"), summary="交办单")
    service.on_event_recorded(actor, event, today=TODAY)
    assert deadlines_of(case.id)["rectification"].due_on == D("2025-07-10")  # 30 days
    event = add_event(
        actor,
        case,
        "rectification_assigned",
        on=D("2025-06-12"),
        summary="交办单（更正）",
        details={"due_on": "2025-08-31"},
    )
    service.on_event_recorded(actor, event, today=TODAY)
    rectification = deadlines_of(case.id)["rectification"]
    assert rectification.due_on == D("2025-09-01")  # 31 Aug is a Sunday
    assert rectification.basis["per_case_due"] == "2025-08-31"
    escalated = add_event(actor, case, "escalated", on=D("2025-09-05"), summary="报送市政府")
    service.on_event_recorded(actor, escalated, today=TODAY)
    assert deadlines_of(case.id)["sanctions_review"].due_on == D("2025-10-10")  # 28 Sep worked


def test_done_waived_and_moved_record_who_and_when(actor, sued):
    reminder = deadlines_of(sued.id)["reminder_letter"]
    with pytest.raises(ValidationError, match="理由"):
        service.waive(actor, reminder.id, reason=" ")
    moved = service.change_due(
        actor, reminder.id, due_on=D("2025-02-10"), reason="领导批示延后", today=TODAY
    )
    assert moved.manual and moved.basis["manual"]["from"] == "2025-02-05"
    assert moved.basis["manual"]["by"] == actor.display_name
    done = service.mark_done(actor, reminder.id, on=D("2025-02-07"), today=TODAY)
    assert done.status == "done" and done.resolved_by_id == actor.id and done.resolved_at
    with pytest.raises(ValidationError, match="已办理"):
        service.waive(actor, reminder.id, reason="重复")
    reopened = service.reopen(actor, reminder.id, today=TODAY)
    assert reopened.status == "open"
    service.waive(actor, reminder.id, reason="原告已撤诉", today=TODAY)
    summaries = [e.summary for e in timeline(sued.id)]
    assert any("期限改期" in s and "领导批示延后" in s for s in summaries)
    assert any("期限已免除" in s and "原告已撤诉" in s for s in summaries)


def test_complete_deadlines_for_links_the_letter_event(actor, sued):
    letter = add_event(actor, sued, "letter", on=D("2025-02-04"), summary="新信用函〔2025〕3号")
    closed = service.complete_deadlines_for(actor, sued.id, "reminder_letter", letter)
    assert [d.kind for d in closed] == ["reminder_letter"]
    assert closed[0].done_event_id == letter.id
    assert service.complete_deadlines_for(actor, sued.id, "reminder_letter", letter) == []


def test_a_year_entered_later_replaces_the_weekend_fallback(actor, make_case):
    case = make_case(
        "（2026）苏0381行初9号",
        filed_on=D("2026-06-01"),
        judgment_effective_on=D("2026-11-20"),
        stage=Stage.LOST,
        performance_deadline=D("2027-02-06"),  # a Saturday in a year without a table
    )
    performance = deadlines_of(case.id)["performance"]
    assert performance.due_on == D("2027-02-08") and not performance.calendar_known
    assert 2027 in dashboard(TODAY).missing_years
    save_year(
        actor,
        2027,
        {D("2027-02-06") + dt.timedelta(days=i): "春节" for i in range(8)},
        {D("2027-02-14"): "春节"},
    )
    performance = deadlines_of(case.id)["performance"]
    assert performance.due_on == D("2027-02-14") and performance.calendar_known
    assert any("2027 年节假日安排已更新" in e.summary for e in timeline(case.id))


def test_the_holiday_import_format():
    years = parse_holiday_text(
        "# 2027 年\n2027-01-01,休,元旦\n2027-02-06~2027-02-08，休，春节\n2027-02-14,班,春节\n"
    )
    holidays, workdays = years[2027]
    assert sorted(holidays) == [D("2027-01-01"), D("2027-02-06"), D("2027-02-07"), D("2027-02-08")]
    assert workdays == {D("2027-02-14"): "春节"}
    with pytest.raises(ValidationError, match="第 2 行"):
        parse_holiday_text("2027-01-01,休,元旦\n2027/01/02 放假")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2027-01-01,休,元旦\n2027/01/02 放假", "第 2 行“2027/01/02 放假”：看不懂"),
        (
            "2027-01-01,休,元旦\n\n2027-02-30,休,春节",
            "第 3 行“2027-02-30,休,春节”：“2027-02-30”不是有效日期",
        ),
        (
            "2027-02-12~2027-02-06,休,春节",
            "第 1 行“2027-02-12~2027-02-06,休,春节”：结束日期 2027-02-06 早于开始日期 2027-02-12",
        ),
        (
            "2027-01-01~2027-03-01,休,春节",
            "第 1 行“2027-01-01~2027-03-01,休,春节”：日期范围长达 60 天",
        ),
        (
            "# 注释\n2027-01-01,休,元旦\n2027-01-04,班,元旦",
            "第 3 行“2027-01-04,班,元旦”：2027-01-04 是周一，本来就是工作日",
        ),
        (
            "2027-02-06~2027-02-07,休,春节\n2027-02-06,班,春节",
            "第 2 行“2027-02-06,班,春节”：2027-02-06 已在第 1 行列为放假日，不能又是调休上班日",
        ),
        (
            "2027-02-06,班,春节\n2027-02-06,休,春节",
            "第 2 行“2027-02-06,休,春节”：2027-02-06 已在第 1 行列为调休上班日，不能又是放假日",
        ),
    ],
)
def test_a_holiday_line_refused_names_its_number_its_text_and_why(text, words):
    with pytest.raises(ValidationError) as caught:
        parse_holiday_text(text)
    assert words in str(caught.value)


def test_importing_a_holiday_file_names_the_line_and_writes_nothing(actor, tmp_path):
    from xinyi_desktop.store.deadline_models import HolidayYear

    path = tmp_path / "2027.txt"
    path.write_text("2027-01-01,休,元旦\n2027-02-06,休,春节\n2027-02-06,班,春节\n", encoding="gbk")
    with pytest.raises(ValidationError, match="第 3 行“2027-02-06,班,春节”"):
        import_holiday_file(actor, path)
    assert HolidayYear.select().count() == 0


def test_importing_a_file_refuses_a_weekday_make_up_day(actor, tmp_path):
    path = tmp_path / "2027.txt"
    path.write_text("2027-01-01,休,元旦\n2027-01-04,班,元旦\n", encoding="gbk")
    with pytest.raises(ValidationError, match="本来就是工作日"):
        import_holiday_file(actor, path)
    path.write_text("2027-01-01,休,元旦\n2027-01-02,班,元旦\n", encoding="gbk")
    assert import_holiday_file(actor, path) == [2027]


def test_editing_a_rule_recomputes_open_deadlines(actor, sued):
    save_rule(actor, "reminder_letter", {"offset": 5})
    assert get_rule("reminder_letter").offset == 5
    assert deadlines_of(sued.id)["reminder_letter"].due_on == D("2025-02-07")
    with pytest.raises(ValidationError, match="不小于 0"):
        save_rule(actor, "reminder_letter", {"offset": -1})
    reset_rule(actor, "reminder_letter")
    assert deadlines_of(sued.id)["reminder_letter"].due_on == D("2025-02-05")


def test_backfill_computes_the_same_deadlines_as_the_services(actor, sued):
    expected = {(e.rule.kind, e.computed.due_on) for e in compute_all()[sued.id]}
    stored = {(d.kind, d.due_on) for d in deadlines_of(sued.id).values()}
    assert expected == stored
    Deadline.delete().execute()
    backfill(TODAY)
    assert {(d.kind, d.due_on) for d in deadlines_of(sued.id).values()} == stored
    reports = Deadline.select().where(Deadline.kind == "monthly_report")
    assert {r.period: r.due_on for r in reports} == {
        "2026-11": D("2026-11-27"),
        "2026-12": D("2026-12-30"),
    }


def test_list_filters_and_the_dashboard(actor, sued, make_case):
    other = make_case("（2025）苏0381行初2号", defendants=["新沂市财政局"])
    record_manual_event(
        actor, other.id, "court_notice", on=D("2026-11-24"), summary="通报", today=TODAY
    )
    rows = list_deadlines(DeadlineFilter(status="overdue"), TODAY)
    assert [r.case_no for r in rows] == [sued.case_no]
    from xinyi_desktop.store.models import Agency

    finance = Agency.get(Agency.name == "新沂市财政局")
    rows = list_deadlines(DeadlineFilter(agency_id=finance.id), TODAY)
    assert [r.case_no for r in rows] == [other.case_no]
    rows = list_deadlines(DeadlineFilter(start=D("2026-11-01"), end=D("2026-11-30")), TODAY)
    assert [(r.case_no, r.due_on, r.status) for r in rows] == [
        (other.case_no, D("2026-11-27"), "open"),
        ("（全办）", D("2026-11-27"), "open"),  # the month's report, shown though not stored
    ]
    board = dashboard(TODAY)
    assert board.overdue_count == 1 and board.overdue[0].case_no == sued.case_no
    assert [r.case_no for r in board.soon] == [other.case_no, "（全办）"]


def test_a_rules_reminder_days_bring_a_deadline_onto_the_dashboard_early(actor, make_case):
    """The 工作台's 即将到期 lists what falls due within 7 working days and, earlier,
    whatever has reached the reminder day its rule sets (提前提醒天数)."""
    case = make_case(
        "（2026）苏0381行初7号",
        stage="lost",
        filed_on=D("2026-03-02"),
        judgment_effective_on=D("2026-10-09"),
        performance_deadline=D("2026-12-18"),  # 17 working days after TODAY
    )

    def soon():
        return [(r.case_no, r.kind) for r in dashboard(TODAY).soon if r.kind == "performance"]

    assert soon() == []  # reminded 5 working days before: not yet
    save_rule(actor, "performance", {"remind": 20})
    assert deadlines_of(case.id)["performance"].remind_on <= TODAY
    assert soon() == [(case.case_no, "performance")]
    assert dashboard(TODAY).soon_total == len(dashboard(TODAY).soon)
    save_rule(actor, "performance", {"remind": 0})
    assert soon() == []


def monthly_periods():
    query = Deadline.select(Deadline.period, Deadline.due_on).where(
        Deadline.kind == "monthly_report"
    )
    return {d.period: d.due_on for d in query}


def test_every_months_report_exists_from_the_first_kept_and_views_show_further_ones(actor):
    from xinyi_desktop.services.deadline_sync import ensure_monthly_reports

    ensure_monthly_reports(D("2026-09-10"), actor=actor)
    assert monthly_periods() == {"2026-09": D("2026-09-29"), "2026-10": D("2026-10-30")}
    # Nobody opened the program in October or November: those months are filled in.
    ensure_monthly_reports(TODAY, actor=actor)
    assert sorted(monthly_periods()) == ["2026-09", "2026-10", "2026-11", "2026-12"]
    created = AuditEntry.select().where(
        (AuditEntry.table_name == "deadline") & (AuditEntry.action == "create")
    )
    assert created.count() == 4  # written by a write path, each audited
    # A calendar or list view that reaches March 2027 shows that month's report day, on the
    # weekend-only fallback as no 2027 table is entered here — without storing it.
    audited = AuditEntry.select().count()

    def shown(start, end):
        rows = list_deadlines(DeadlineFilter(start=start, end=end, kind="monthly_report"), TODAY)
        return {r.period: (r.due_on, r.virtual) for r in rows}

    assert shown(D("2027-03-01"), D("2027-03-31")) == {"2027-03": (D("2027-03-30"), True)}
    assert len(shown(D("2026-09-01"), D("2027-03-31"))) == 7
    # Never more than two years ahead, however far the view reaches.
    assert max(shown(D("2026-09-01"), D("2040-01-01"))) == "2028-11"
    assert sorted(monthly_periods()) == ["2026-09", "2026-10", "2026-11", "2026-12"]
    assert AuditEntry.select().count() == audited


@pytest.mark.parametrize(
    ("state", "overdue"),
    [
        ("stored", 0),  # October's report stored and done: nothing overdue
        ("missed", 1),  # the program was not opened in October: its report shows as overdue
    ],
)
def test_a_months_report_missed_while_nobody_wrote_shows_as_overdue(actor, state, overdue):
    from xinyi_desktop.services.deadline_sync import ensure_monthly_reports

    ensure_monthly_reports(D("2026-09-10"), actor=actor)
    for row in Deadline.select().where(Deadline.kind == "monthly_report"):
        if state == "stored" or row.period == "2026-09":
            service.mark_done(actor, row.id, on=row.due_on, today=TODAY)
    if state == "missed":
        Deadline.delete().where(Deadline.period == "2026-10").execute()
    board = dashboard(D("2026-11-02"))
    assert board.overdue_count == overdue == len(board.overdue)
    assert board.next_report.period == "2026-11" and board.next_report.virtual


def test_a_shown_report_is_stored_audited_when_the_clerk_acts_on_it(actor):
    from xinyi_desktop.errors import XinyiError
    from xinyi_desktop.services.accounts import create_user
    from xinyi_desktop.services.deadline_sync import store_monthly

    reader = create_user(actor, "reader", "查阅员", "secret-pass-1", "readonly")
    with pytest.raises(XinyiError, match="只读"):
        store_monthly(reader, "2027-10")
    assert monthly_periods() == {}
    row = store_monthly(actor, "2027-10")
    assert row.due_on == D("2027-10-29") and monthly_periods() == {"2027-10": row.due_on}
    assert AuditEntry.get(AuditEntry.table_name == "deadline").record_id == row.id
    assert store_monthly(actor, "2027-10").id == row.id  # stored once


@pytest.mark.parametrize(
    ("period", "key"), [("2026-11", -202611), ("2027-01", -202701), ("2028-12", -202812)]
)
def test_a_shown_reports_key_is_negative_and_names_its_month(period, key):
    from xinyi_desktop.services.deadline_sync import shown_id, shown_period

    assert shown_id(period) == key and shown_period(key) == period
    assert shown_period(1) is None and shown_period(0) is None


def test_acting_on_a_shown_report_stores_it_in_the_actions_transaction(actor):
    """The services take a shown report's key: stored and acted on together; refused,
    nothing is stored (not even by a multi-row waiver whose last row is refused)."""
    from xinyi_desktop.services.deadline_sync import shown_id

    def counts():
        return Deadline.select().count(), AuditEntry.select().count()

    before = counts()
    with pytest.raises(ValidationError, match="所属月份首日"):  # December not begun
        service.mark_done(actor, shown_id("2026-12"), on=TODAY, today=TODAY)
    with pytest.raises(ValidationError, match="改期的理由"):
        service.change_due(
            actor, shown_id("2026-12"), due_on=D("2026-12-29"), reason=" ", today=TODAY
        )
    done = service.mark_done(actor, shown_id("2026-10"), on=D("2026-10-30"), today=TODAY)
    assert counts() == (before[0] + 1, before[1] + 2)  # one row: created, then updated
    assert (done.period, done.status) == ("2026-10", "done")
    before = counts()
    with pytest.raises(ValidationError, match="已办理，不能免除"):
        service.waive_many(
            actor, [shown_id("2026-11"), shown_id("2026-12"), done.id], reason="合并通报"
        )
    assert counts() == before
    assert service.waive_many(actor, [shown_id("2026-11"), shown_id("2026-12")], reason="合并")
    assert {d.period: d.status for d in Deadline.select()} == {
        "2026-10": "done",
        "2026-11": "waived",
        "2026-12": "waived",
    }


def test_shown_reports_are_urgent_each_by_its_own_day(actor):
    """Three months' reports shown (none stored): only November's, due in 2 working days,
    is urgent — each shown row has its own key, so one urgent row does not make all."""
    from xinyi_desktop.services.deadline_query import urgent_ids
    from xinyi_desktop.services.deadline_sync import shown_id
    from xinyi_desktop.services.work_calendar import load_calendar

    flt = DeadlineFilter(start=D("2026-11-01"), end=D("2027-01-31"), kind="monthly_report")
    rows = list_deadlines(flt, TODAY)
    assert [(r.period, r.virtual) for r in rows] == [
        ("2026-11", True),
        ("2026-12", True),
        ("2027-01", True),
    ]
    assert len({r.id for r in rows}) == 3
    assert urgent_ids(rows, TODAY, load_calendar()) == {shown_id("2026-11")}


def test_the_dashboards_soon_total_counts_shown_reports_beyond_its_limit(actor, make_case):
    case = make_case("（2025）苏0381行初2号")
    record_manual_event(
        actor, case.id, "court_notice", on=D("2026-11-24"), summary="通报", today=TODAY
    )
    full = dashboard(TODAY)
    assert [r.virtual for r in full.soon] == [False, True] and full.soon_total == 2
    short = dashboard(TODAY, limit=1)
    assert len(short.soon) == 1 and short.soon_total == 2


def test_the_month_cells_count_the_shown_reports_as_the_list_does(actor, sued):
    from xinyi_desktop.services.deadline_query import count_deadlines, month_counts

    counts = month_counts(2026, 12, TODAY)  # the grid: 30 November to 10 January
    rows = list_deadlines(DeadlineFilter(start=D("2026-11-30"), end=D("2027-01-10")), TODAY)
    assert [r.period for r in rows] == ["2026-12"] and rows[0].virtual
    assert counts == {D("2026-12-30"): counts[D("2026-12-30")]}
    assert counts[D("2026-12-30")].open == 1
    flt = DeadlineFilter(start=D("2025-01-01"), end=D("2027-03-31"))
    assert count_deadlines(flt, TODAY) == len(list_deadlines(flt, TODAY))
    assert count_deadlines(replace(flt, limit=2), TODAY) == len(list_deadlines(flt, TODAY))


def test_a_shown_report_with_the_rule_off_is_refused(actor):
    from xinyi_desktop.services.deadline_sync import shown_id

    save_rule(actor, "monthly_report", {"enabled": False})
    audited = AuditEntry.select().count()
    with pytest.raises(ValidationError, match="已停用"):
        service.waive(actor, shown_id("2026-12"), reason="不需要", today=TODAY)
    assert Deadline.select().count() == 0 and AuditEntry.select().count() == audited


def test_the_deadlines_command_lists_the_report_days_of_its_range(db_path, tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [
            sys.executable,
            str(root / "main.py"),
            "deadlines",
            "--db",
            str(db_path),
            "--from",
            "2027-02-01",
            "--to",
            "2027-04-30",
            "--json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    rows = [r for r in json.loads(out.stdout) if r["kind"] == "monthly_report"]
    assert [r["due_on"] for r in rows] == ["2027-02-26", "2027-03-30", "2027-04-29"]


# The reminder letter of ``sued``: triggered 2025-01-24 (the court's notice), due 2025-02-05.
@pytest.mark.parametrize(
    ("action", "day", "words"),
    [
        ("done", D("2026-12-01"), "办理日期2026-12-01晚于今天"),
        ("done", D("2025-01-20"), "办理日期2025-01-20早于起算日（收到法院起诉案件通报）2025-01-24"),
        ("done", D("2025-01-24"), None),
        ("done", D("2026-11-25"), None),
        (
            "due",
            D("2025-01-10"),
            "新的期限日期2025-01-10早于起算日（收到法院起诉案件通报）2025-01-24",
        ),
        ("due", D("2062-02-05"), "新的期限日期2062-02-05比今天晚2年以上，年份可能有误"),
        ("due", D("2028-11-26"), "比今天晚2年以上"),
        ("due", D("2028-11-25"), None),
        ("due", D("2025-01-24"), None),
        ("due", None, "请填写新的期限日期"),
        ("done", None, "请填写办理日期"),
    ],
)
def test_a_clerks_done_or_due_date_is_checked_against_today_and_the_trigger(
    actor, sued, action, day, words
):
    reminder = deadlines_of(sued.id)["reminder_letter"]
    audited = AuditEntry.select().count()

    def act():
        if action == "done":
            return service.mark_done(actor, reminder.id, on=day, today=TODAY)
        return service.change_due(actor, reminder.id, due_on=day, reason="改期", today=TODAY)

    if words is None:
        act()
        stored = Deadline.get_by_id(reminder.id)
        assert (stored.resolved_on if action == "done" else stored.due_on) == day
        return
    with pytest.raises(ValidationError) as caught:
        act()
    assert words in str(caught.value)
    assert day is None or "请核对" in str(caught.value)
    assert caught.value.field == ("on" if action == "done" else "due_on")
    stored = Deadline.get_by_id(reminder.id)
    assert stored.status == "open" and stored.due_on == D("2025-02-05") and not stored.manual
    assert AuditEntry.select().count() == audited


def test_a_deadline_whose_trigger_is_its_own_day_may_be_met_early(actor, make_case):
    """The court's 履行期限 is both the trigger and the day: performing before it is fine."""
    case = make_case(
        stage="lost",
        judgment_effective_on=D("2026-10-09"),
        performance_deadline=D("2026-12-18"),
    )
    performance = deadlines_of(case.id)["performance"]
    done = service.mark_done(actor, performance.id, on=D("2026-11-02"), today=TODAY)
    assert done.status == "done" and done.resolved_on == D("2026-11-02")


def test_the_monthly_reports_done_date_lies_in_its_month(actor):
    from xinyi_desktop.services.deadline_sync import ensure_monthly_reports

    ensure_monthly_reports(TODAY)
    (report,) = Deadline.select().where(
        (Deadline.kind == "monthly_report") & (Deadline.period == "2026-11")
    )
    with pytest.raises(ValidationError, match="办理日期2026-10-30早于所属月份首日2026-11-01"):
        service.mark_done(actor, report.id, on=D("2026-10-30"), today=TODAY)
    assert service.mark_done(actor, report.id, on=D("2026-11-25"), today=TODAY).status == "done"


def test_a_standalone_deadline_refuses_a_year_typed_wrong(actor):
    with pytest.raises(ValidationError, match="督查整改的期限日期2062-03-01比今天晚2年以上"):
        service.add_standalone(
            actor, "inspection_fix", due_on=D("2062-03-01"), responsible="王明", subject="整改"
        )
    row = service.add_standalone(
        actor,
        "inspection_fix",
        due_on=dt.date.today() + dt.timedelta(days=30),
        responsible="王明",
        subject="整改",
    )
    with pytest.raises(ValidationError, match="比今天早10年以上，年份可能有误"):
        service.mark_done(actor, row.id, on=D("2006-03-01"))
    assert Deadline.get_by_id(row.id).status == "open"


# --- a judgment taken over by its execution case (执行案件) -----------------------------
JUDGMENT_DUTIES = ("supervision_letter", "performance")


def _judgment(make_case):
    return make_case(
        "（2025）苏0381行初5号",
        stage=Stage.LOST,
        filed_on=D("2025-02-01"),
        judgment_effective_on=D("2025-06-03"),
        performance_deadline=D("2025-07-01"),
    )


def _execution(actor, make_case, state):
    """The 执 case in ``state``: filed (sued), listed (dishonest) or closed unlisted."""
    if state == "dishonest":
        return make_case(
            "（2025）苏0381执9号",
            stage=Stage.DISHONEST,
            filed_on=D("2025-07-20"),
            judgment_effective_on=D("2025-06-03"),
            listed_on=D("2025-08-01"),
        )
    case = make_case("（2025）苏0381执9号", filed_on=D("2025-07-20"))
    if state == "closed":
        change_stage(
            actor, case.id, Stage.CLOSED, on=D("2025-09-10"), outcome=Outcome.SETTLED, today=TODAY
        )
    return case


@pytest.mark.parametrize(
    ("execution", "status", "note"),
    [
        (None, "open", ""),
        ("sued", "open", ""),  # filed, neither listed nor closed: the judgment still runs
        (
            "dishonest",
            "waived",
            "已进入执行程序：执行案件（2025）苏0381执9号已于2025年8月1日列入失信名单",
        ),
        ("closed", "waived", "已进入执行程序：执行案件（2025）苏0381执9号已于2025年9月10日结案"),
    ],
)
def test_a_judgments_own_deadlines_end_when_its_execution_case_is_listed_or_closed(
    actor, make_case, execution, status, note
):
    judgment = _judgment(make_case)
    if execution:
        enforcing = _execution(actor, make_case, execution)
        link_cases(actor, enforcing.id, judgment.id, "execution")
    rows = deadlines_of(judgment.id)
    for kind in JUDGMENT_DUTIES:
        assert rows[kind].status == status
        assert note in rows[kind].note
        if status == "waived":
            assert "逾期未办" in rows[kind].note  # their days had passed: missed, not excused
    overdue = {r.kind for r in list_deadlines(DeadlineFilter(status="overdue"), TODAY)}
    assert bool(overdue & set(JUDGMENT_DUTIES)) == (status == "open")
    assert dashboard(TODAY).overdue_count == len(
        [r for r in list_deadlines(DeadlineFilter(status="overdue"), TODAY)]
    )
    if status == "waived":
        summaries = " ".join(e.summary for e in timeline(judgment.id))
        assert "不再计算" in summaries and "已进入执行程序" in summaries


def test_listing_the_linked_execution_case_later_ends_them_and_unlinking_restores(actor, make_case):
    from xinyi_desktop.services.links import links_of, unlink

    judgment = _judgment(make_case)
    enforcing = _execution(actor, make_case, "sued")
    link_cases(actor, enforcing.id, judgment.id, "execution")
    assert {deadlines_of(judgment.id)[k].status for k in JUDGMENT_DUTIES} == {"open"}
    change_stage(actor, enforcing.id, Stage.LOST, on=D("2025-07-25"), today=TODAY)
    change_stage(actor, enforcing.id, Stage.DISHONEST, on=D("2025-08-01"), today=TODAY)
    rows = deadlines_of(judgment.id)
    assert {rows[k].status for k in JUDGMENT_DUTIES} == {"waived"}
    audited = AuditEntry.select().where(AuditEntry.table_name == "deadline").count()
    ((link, _, _),) = links_of(judgment.id)
    unlink(actor, link.id, today=TODAY)  # linked by mistake: the judgment's duties are back
    rows = deadlines_of(judgment.id)
    assert {rows[k].status for k in JUDGMENT_DUTIES} == {"open"}
    assert rows["performance"].due_on == D("2025-07-01") and rows["performance"].note == ""
    assert "ended_by" not in rows["performance"].basis
    assert AuditEntry.select().where(AuditEntry.table_name == "deadline").count() == audited + 2


def test_start_up_retires_what_was_stored_before_the_rule(actor, make_case):
    """A database whose judgments' deadlines stayed open after their execution case was
    listed (as the demo's did) is put right at start-up by a user who may write; a 只读
    user's start-up writes nothing."""
    from xinyi_desktop.services.accounts import create_user
    from xinyi_desktop.services.deadline_sync import upkeep

    judgment = _judgment(make_case)
    enforcing = _execution(actor, make_case, "dishonest")
    link_cases(actor, enforcing.id, judgment.id, "execution")
    Deadline.update(status="open", note="", resolved_on=None).where(
        Deadline.case == judgment.id
    ).execute()  # as stored before
    assert dashboard(TODAY).overdue_count == 2
    reader = create_user(actor, "reader", "查阅员", "secret-pass-1", "readonly")
    audited = AuditEntry.select().count()
    upkeep(reader, today=TODAY)
    assert AuditEntry.select().count() == audited and dashboard(TODAY).overdue_count == 2
    upkeep(actor, today=TODAY)
    assert dashboard(TODAY).overdue_count == 0
    assert {deadlines_of(judgment.id)[k].status for k in JUDGMENT_DUTIES} == {"waived"}


# --- waived (已免办) is not done (已办) -------------------------------------------------
@pytest.mark.parametrize(
    ("open_", "done", "waived", "text", "short"),
    [
        (2, 0, 0, "2 项待办", "2 项待办"),
        (1, 1, 1, "1 项待办，共 3 项", "1/3 待办"),
        (0, 2, 0, "2 项已办", "2 已办"),
        (0, 0, 1, "1 项已免办", "1 免办"),
        (0, 1, 1, "1 项已办，1 项已免办", "1 已办 1 免办"),
        (0, 0, 0, "", ""),
    ],
)
def test_a_days_count_tells_done_from_waived(open_, done, waived, text, short):
    from xinyi_desktop.services.deadline_query import DayCount

    count = DayCount(open_, done, waived)
    assert count.text() == text
    assert count.short_text() == short  # a narrow cell's line, no longer than "1 项待办"
    assert count.tip() == f"待办 {open_} 项，已办 {done} 项，已免办 {waived} 项"


def test_calendar_counts_list_summary_and_export_count_waived_apart(actor, make_case, tmp_path):
    from openpyxl import load_workbook

    from xinyi_desktop.documents.deadline_export import write_deadlines
    from xinyi_desktop.services.court_import import run_to_end
    from xinyi_desktop.services.deadline_query import month_counts, status_summary

    cases = [make_case(f"（2025）苏0381行初{n}号", filed_on=D("2025-01-20")) for n in (1, 2, 3)]
    for case in cases:
        record_manual_event(actor, case.id, "court_notice", on=D("2025-01-24"), summary="通报")
    first, second, _third = (deadlines_of(c.id)["reminder_letter"] for c in cases)
    service.mark_done(actor, first.id, on=D("2025-02-05"), today=TODAY)
    service.waive(actor, second.id, reason="原告已撤诉", today=TODAY)
    count = month_counts(2025, 2)[D("2025-02-05")]
    assert (count.open, count.done, count.waived) == (1, 1, 1)
    rows = list_deadlines(DeadlineFilter(start=D("2025-02-05"), end=D("2025-02-05")))
    summary = status_summary([r for r in rows if r.case_id])
    assert summary == "共 3 项：逾期 1 项，已办 1 项，已免办 1 项"
    path = run_to_end(write_deadlines([r for r in rows if r.case_id], tmp_path / "期限.xlsx"))
    sheet = load_workbook(path).active
    assert summary in sheet["A2"].value
    assert {sheet.cell(r, 3).value for r in range(4, 7)} == {"已办", "已免办", "逾期"}


@pytest.mark.parametrize(
    ("action", "note"), [("waive", "本月通报已免办"), ("done", "本月通报已办理")]
)
def test_the_dashboard_does_not_call_a_waived_report_done(actor, action, note):
    from xinyi_desktop.services.deadline_sync import ensure_monthly_reports

    ensure_monthly_reports(TODAY, actor=actor)
    for row in Deadline.select().where(Deadline.kind == "monthly_report"):
        if action == "waive" or row.period != "2026-11":
            service.waive(actor, row.id, reason="合并至下月通报", today=TODAY)
        else:
            service.mark_done(actor, row.id, on=TODAY, today=TODAY)
    board = dashboard(TODAY)
    assert board.next_report is None and board.report_note == note


@pytest.mark.parametrize(
    ("start", "end", "refused"),
    [
        (D("2026-12-01"), D("2026-11-01"), True),
        (D("2026-11-02"), D("2026-11-01"), True),
        (D("2026-11-01"), D("2026-11-01"), False),  # one day
        (D("2026-11-01"), D("2026-12-01"), False),
        (None, D("2026-11-01"), False),  # an open end
        (D("2026-11-01"), None, False),
    ],
)
def test_a_date_range_must_not_start_after_it_ends(start, end, refused):
    from xinyi_desktop.rules.dates import check_range

    if not refused:
        check_range(start, end)
        DeadlineFilter(start=start, end=end)
        return
    for attempt in (lambda: check_range(start, end), lambda: DeadlineFilter(start=start, end=end)):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert f"起始日期{start.isoformat()}晚于截止日期{end.isoformat()}" in str(caught.value)


CASE_DATES = {
    "filed_on": D("2025-03-05"),
    "judgment_on": D("2026-09-20"),
    "judgment_effective_on": D("2026-10-09"),
    "performance_deadline": D("2026-12-18"),
    "listed_on": None,
}
SAME_DAY = {"trigger": "field:performance_deadline", "trigger_on": "2026-12-18", "unit": "same_day"}


@pytest.mark.parametrize(
    ("kind", "basis", "dates", "want"),
    [
        # 履行期限: its trigger is its own day, so the judgment taking effect is the floor
        ("performance", SAME_DAY, CASE_DATES, (D("2026-10-09"), "本案判决生效日期")),
        (
            "performance",
            SAME_DAY,
            {**CASE_DATES, "judgment_effective_on": None},
            (D("2026-09-20"), "本案判决日期"),
        ),
        (
            "performance",
            None,  # set by hand: no period start known
            {**CASE_DATES, "judgment_effective_on": None, "judgment_on": None},
            (D("2025-03-05"), "本案立案日期"),
        ),
        (
            "rectification",
            None,
            {**CASE_DATES, "listed_on": D("2027-01-04")},
            (D("2027-01-04"), "本案列入失信名单日期"),
        ),
        ("rectification", None, CASE_DATES, (D("2025-03-05"), "本案立案日期")),
        # a period that starts after the filing date starts later
        (
            "reminder_letter",
            {
                "trigger": "first:court_notice",
                "trigger_on": "2025-03-10",
                "unit": "working_days",
                "trigger_label": "收到法院起诉案件通报",
            },
            CASE_DATES,
            (D("2025-03-10"), "起算日（收到法院起诉案件通报）"),
        ),
        ("reminder_letter", None, CASE_DATES, (D("2025-03-05"), "本案立案日期")),
        ("performance", SAME_DAY, {name: None for name in CASE_DATES}, None),
        ("inspection_fix", None, None, None),  # no case: only the plausibility check
    ],
)
def test_the_earliest_done_day_is_the_cases_own_first_relevant_fact(kind, basis, dates, want):
    from xinyi_desktop.rules.deadline_rules import earliest_day

    assert earliest_day(kind, basis, dates) == want


def test_a_same_day_deadline_is_not_met_before_the_judgment_took_effect(actor, make_case):
    case = make_case(
        stage="lost",
        judgment_on=D("2026-09-20"),
        judgment_effective_on=D("2026-10-09"),
        performance_deadline=D("2026-12-18"),
    )
    performance = deadlines_of(case.id)["performance"]
    audited = AuditEntry.select().count()
    with pytest.raises(ValidationError) as caught:
        service.mark_done(actor, performance.id, on=D("2021-04-01"), today=TODAY)
    assert str(caught.value) == "办理日期2021-04-01早于本案判决生效日期2026-10-09，请核对。"
    assert Deadline.get_by_id(performance.id).status == "open"
    assert AuditEntry.select().count() == audited
    done = service.mark_done(actor, performance.id, on=D("2026-10-09"), today=TODAY)
    assert done.status == "done"
