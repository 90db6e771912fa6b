"""The case services: what they store, what they refuse, and what they record."""

import datetime as dt

import pytest

from xinyi_desktop.errors import (
    CaseNumberError,
    ConcurrentEdit,
    DuplicateCase,
    StageChangeRefused,
    ValidationError,
)
from xinyi_desktop.rules.stages import Outcome, Stage
from xinyi_desktop.services import cases as svc
from xinyi_desktop.services.events import timeline
from xinyi_desktop.services.links import link_cases, links_of
from xinyi_desktop.store.models import Agency, AuditEntry, Case, CaseParty, Event


def test_a_messy_number_is_stored_in_canonical_form(make_case):
    case = make_case(" (2025) 苏0381 行初 ０１２号 ", plaintiffs=["王伟", "李娜"])
    stored = Case.get_by_id(case.id)
    assert stored.case_no == "（2025）苏0381行初12号"
    assert (stored.year, stored.court_code, stored.case_type, stored.serial) == (
        2025,
        "苏0381",
        "行初",
        12,
    )
    assert stored.plaintiffs_text == "王伟、李娜"
    assert Agency.get(Agency.name == "新沂市棋盘镇人民政府")  # registered with the case


@pytest.mark.parametrize(
    "typed", ["(2025)苏0381行初1号", "〔2025〕苏0381行初1号", "（２０２５）苏0381行初001号"]
)
def test_the_same_case_typed_another_way_is_a_duplicate(make_case, typed):
    first = make_case("（2025）苏0381行初1号")
    with pytest.raises(DuplicateCase) as caught:
        make_case(typed)
    assert caught.value.existing_id == first.id
    assert Case.select().count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"case_no": "2025行初12"}, "case_no", "2025行初12"),
        ({"defendants": []}, "defendants", "至少填写一个被告单位"),
        ({"defendants": ["  "]}, "defendants", "至少填写一个被告单位"),
        ({"filed_on": dt.date(2999, 1, 1)}, "filed_on", "晚于今天"),
        (
            {"judgment_on": dt.date(2025, 5, 1), "judgment_effective_on": dt.date(2025, 4, 1)},
            "judgment_effective_on",
            "早于判决日期",
        ),
        ({"stage": Stage.LOST}, "judgment_effective_on", "须填写判决生效日期"),
        ({"amount": -1}, "amount", "负数"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(actor, fields, field, words):
    data = {
        "case_no": "（2025）苏0381行初1号",
        "defendants": ["新沂市财政局"],
        "filed_on": dt.date(2025, 3, 5),
        **fields,
    }
    with pytest.raises(ValidationError) as caught:
        svc.create_case(actor, svc.CaseInput(**data))
    assert caught.value.field == field
    assert words in str(caught.value)
    assert Case.select().count() == 0
    assert Agency.select().count() == 0
    assert AuditEntry.select().count() == 0


def test_garbage_case_number_is_a_case_number_error(actor):
    with pytest.raises(CaseNumberError) as caught:
        svc.create_case(actor, svc.CaseInput(case_no="不知道", defendants=["新沂市财政局"]))
    assert "不知道" in str(caught.value)


def test_creation_is_audited_and_on_the_timeline(actor, make_case):
    case = make_case()
    entry = AuditEntry.get((AuditEntry.table_name == "case") & (AuditEntry.record_id == case.id))
    assert entry.action == "create" and entry.user_id == actor.id
    assert entry.new_values["case_no"] == "（2025）苏0381行初1号"
    assert [e.kind for e in timeline(case.id)] == ["created"]


def test_an_edit_records_old_and_new_values(actor, make_case):
    case = make_case(cause="行政许可")
    data = svc.CaseInput(
        case_no=case.case_no,
        defendants=["新沂市财政局", "新沂市水务局"],
        cause="行政处罚",
        filed_on=case.filed_on,
    )
    svc.update_case(actor, case.id, data, expected_version=case.row_version)
    entry = AuditEntry.select().where(AuditEntry.action == "update").get()
    assert entry.old_values["cause"] == "行政许可" and entry.new_values["cause"] == "行政处罚"
    assert Case.get_by_id(case.id).defendants_text == "新沂市财政局、新沂市水务局"
    edit = [e for e in timeline(case.id) if e.kind == "edit"][0]
    assert "案由" in edit.summary and "被告单位" in edit.summary
    assert CaseParty.select().where(CaseParty.case == case.id).count() == 2


def test_the_timeline_and_the_history_show_old_and_new_values(actor, make_case):
    case = make_case(cause="行政许可", plaintiffs=["王伟"])
    data = svc.CaseInput(
        case_no=case.case_no,
        defendants=["新沂市棋盘镇人民政府"],
        plaintiffs=["王伟", "李娜"],
        cause="行政处罚",
        filed_on=case.filed_on,
    )
    svc.update_case(actor, case.id, data, expected_version=case.row_version)
    edit = [e for e in timeline(case.id) if e.kind == "edit"][0]
    assert "案由：行政许可 → 行政处罚" in edit.summary
    assert "原告：王伟 → 王伟、李娜" in edit.summary
    svc.change_stage(actor, case.id, Stage.LOST, on=dt.date(2025, 6, 1), today=dt.date(2026, 1, 1))
    rows = svc.case_history(case.id)
    assert rows[0].action == "登记" and rows[0].who == "默认用户"
    changed = {(r.field, r.old, r.new) for r in rows}
    assert ("案由", "行政许可", "行政处罚") in changed
    assert ("原告", "王伟", "王伟、李娜") in changed
    assert ("阶段", "起诉", "败诉") in changed and ("判决生效日期", "—", "2025-06-01") in changed
    shown = {r.field for r in rows}
    assert not shown & {"search_text", "row_version", "updated_at", "case_key"}


def test_every_timeline_event_is_sealed_in_the_audit_log(actor, make_case):
    from xinyi_desktop.services.events import record_manual_event
    from xinyi_desktop.store.models import Event

    case = make_case()
    event = record_manual_event(
        actor, case.id, "court_notice", on=dt.date(2025, 3, 6), summary="法院通报起诉"
    )
    (entry,) = AuditEntry.select().where(
        (AuditEntry.table_name == "event") & (AuditEntry.record_id == event.id)
    )
    assert entry.action == "create" and entry.new_values["summary"] == "法院通报起诉"
    sealed = {e.record_id for e in AuditEntry.select().where(AuditEntry.table_name == "event")}
    assert sealed == {e.id for e in Event.select()}


def test_a_court_import_seals_its_notices_in_the_audit_log(actor):
    from pathlib import Path

    from xinyi_desktop.services.audit import verify_chain
    from xinyi_desktop.services.court_import import preview
    from xinyi_desktop.services.court_import_write import apply_plan
    from xinyi_desktop.services.letters import run
    from xinyi_desktop.store.models import Event

    samples = Path(__file__).parent / "data" / "samples"
    for sample in sorted(samples.glob("*.*")):
        if sample.suffix in (".xlsx", ".xls", ".csv"):
            run(apply_plan(actor, preview(sample), today=dt.date(2026, 11, 25)))
    events = {e.id: e.summary for e in Event.select()}
    assert len(events) > 20
    sealed = {
        e.record_id: e.new_values["summary"]
        for e in AuditEntry.select().where(AuditEntry.table_name == "event")
    }
    assert sealed == events
    assert verify_chain().intact


def test_a_stale_edit_is_refused(actor, make_case):
    case = make_case()
    data = svc.CaseInput(case_no=case.case_no, defendants=["新沂市财政局"], filed_on=case.filed_on)
    svc.update_case(actor, case.id, data, expected_version=case.row_version)
    with pytest.raises(ConcurrentEdit) as caught:
        svc.update_case(actor, case.id, data, expected_version=case.row_version)
    assert "默认用户于" in str(caught.value) and "被告单位" in str(caught.value)


def test_a_case_goes_through_its_stages(actor, make_case):
    case = make_case()
    today = dt.date(2026, 1, 1)
    svc.change_stage(
        actor,
        case.id,
        Stage.LOST,
        on=dt.date(2025, 6, 1),
        performance_deadline=dt.date(2025, 7, 1),
        today=today,
    )
    svc.change_stage(actor, case.id, Stage.DISHONEST, on=dt.date(2025, 8, 1), today=today)
    svc.change_stage(
        actor, case.id, Stage.CLOSED, on=dt.date(2025, 9, 1), outcome=Outcome.PERFORMED, today=today
    )
    stored = Case.get_by_id(case.id)
    assert stored.stage == "closed" and stored.outcome == "performed"
    assert stored.judgment_effective_on == dt.date(2025, 6, 1)
    assert stored.performance_deadline == dt.date(2025, 7, 1)
    assert stored.listed_on == dt.date(2025, 8, 1)
    assert stored.closed_on == dt.date(2025, 9, 1)
    changes = [e.details for e in timeline(case.id) if e.kind == "stage"]
    assert [(c["from"], c["to"]) for c in reversed(changes)] == [
        ("sued", "lost"),
        ("lost", "dishonest"),
        ("dishonest", "closed"),
    ]


def test_closing_without_outcome_is_refused_and_nothing_changes(actor, make_case):
    case = make_case()
    with pytest.raises(StageChangeRefused, match="结案必须写明结果"):
        svc.change_stage(actor, case.id, Stage.CLOSED, on=dt.date(2025, 6, 1))
    assert Case.get_by_id(case.id).stage == "sued"
    assert Event.select().where(Event.kind == "stage").count() == 0


def test_a_stage_date_before_the_filing_is_refused(actor, make_case):
    case = make_case(filed_on=dt.date(2025, 3, 5))
    with pytest.raises(StageChangeRefused, match="早于案件已有的日期"):
        svc.change_stage(actor, case.id, Stage.LOST, on=dt.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("deadline", "listed", "refused"),
    [
        (dt.date(2025, 7, 1), dt.date(2025, 6, 20), True),  # listed before the deadline
        (dt.date(2025, 7, 1), dt.date(2025, 7, 1), True),  # on its last day: not yet late
        (dt.date(2025, 7, 1), dt.date(2025, 7, 2), False),
        (None, dt.date(2025, 7, 2), False),  # one of the two missing: nothing to compare
        (dt.date(2025, 7, 1), None, False),
    ],
)
def test_an_edit_applies_the_listing_rule_of_the_stage_change(
    actor, make_case, deadline, listed, refused
):
    case = make_case(
        stage=Stage.LOST,
        judgment_effective_on=dt.date(2025, 6, 1),
        performance_deadline=dt.date(2025, 6, 30),
    )
    before = AuditEntry.select().count()
    data = svc.CaseInput(
        case_no=case.case_no,
        defendants=["新沂市棋盘镇人民政府"],
        filed_on=case.filed_on,
        judgment_effective_on=dt.date(2025, 6, 1),
        performance_deadline=deadline,
        listed_on=listed,
    )
    if not refused:
        svc.update_case(actor, case.id, data, today=dt.date(2026, 1, 1))
        assert Case.get_by_id(case.id).listed_on == listed
        return
    with pytest.raises(ValidationError) as caught:
        svc.update_case(actor, case.id, data, today=dt.date(2026, 1, 1))
    message = str(caught.value)
    assert deadline.isoformat() in message and listed.isoformat() in message
    assert "履行期限" in message and "列入失信名单" in message
    assert caught.value.field == "listed_on"
    stored = Case.get_by_id(case.id)
    assert stored.listed_on is None and stored.performance_deadline == dt.date(2025, 6, 30)
    assert AuditEntry.select().count() == before


def test_an_execution_case_links_to_the_judgment_it_enforces(actor, make_case):
    judgment = make_case("（2024）苏0381行初5号", filed_on=dt.date(2024, 2, 1))
    execution = make_case(
        "（2025）苏0381执9号",
        filed_on=dt.date(2025, 3, 1),
        stage=Stage.DISHONEST,
        judgment_effective_on=dt.date(2024, 6, 1),
        listed_on=dt.date(2025, 4, 1),
    )
    link_cases(actor, execution.id, judgment.id, "execution")
    ((_, other, label),) = links_of(judgment.id)
    assert other.id == execution.id and label == "执行案件"
    ((_, other, label),) = links_of(execution.id)
    assert other.id == judgment.id and "执行依据" in label
    with pytest.raises(ValidationError, match="已经关联"):
        link_cases(actor, judgment.id, execution.id, "related")


def test_a_stale_agency_edit_is_refused(actor, make_agency):
    from xinyi_desktop.services.agencies import AgencyInput, update_agency

    agency = make_agency("新沂市水务局")
    update_agency(
        actor,
        agency.id,
        AgencyInput(name="新沂市水务局", area="水务"),
        expected_version=agency.row_version,
    )
    with pytest.raises(ConcurrentEdit, match="单位"):
        update_agency(
            actor, agency.id, AgencyInput(name="新沂市水务局"), expected_version=agency.row_version
        )
