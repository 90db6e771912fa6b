"""The bulk path of a court-list import: ids taken before inserting, rows written as
prepared tuples, audit entries encoded once, deadlines from one read — and what each
imported case ends up with, compared with what the services would give it."""

from __future__ import annotations

import datetime as dt
import decimal
import json

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xinyi_desktop.rules.audit_chain import (
    canonical_json,
    chain_digests,
    entry_digest,
)
from xinyi_desktop.services import audit, court_import_write
from xinyi_desktop.services.court_import import preview, run_to_end
from xinyi_desktop.services.court_import_write import apply_plan
from xinyi_desktop.services.deadline_sync import Engine, load_facts, plan_changes
from xinyi_desktop.services.import_history import undo_import
from xinyi_desktop.store.bulk import insert_dicts, insert_rows, new_ids, select_in
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.import_models import ImportBatch, ImportChange
from xinyi_desktop.store.models import AuditEntry, Case, CaseParty, Event, Setting, db

TODAY = dt.date(2026, 11, 20)


def drain(generator):
    return run_to_end(generator)


def court_file(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["新沂市人民法院行政案件收案清单"])
    sheet.append(["序号", "案号", "案由", "原告", "被告", "收案日期", "标的额（万元）"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def sample_rows(count):
    rows = []
    for i in range(1, count + 1):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=i * 7 % 500)
        rows.append(
            [
                i,
                f"(2024)苏0381 行初 {i} 号",
                ["行政处罚", "行政许可"][i % 2],
                f"原告{i % 5}",
                ["新沂市财政局", "新沂市水务局、新沂市财政局"][i % 2],
                [day, day.strftime("%Y.%-m.%-d"), f"{day.year}年{day.month}月{day.day}日"][i % 3],
                round(i * 1.25, 2),
            ]
        )
    return rows


# --- the audit digest of values encoded once ---------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(max_examples=100, deadline=None)
@given(
    prev=st.one_of(st.text(max_size=70), st.sampled_from(["0" * 64, "ab12" * 16])),
    first_id=st.integers(min_value=1, max_value=10**9),
    entries=st.lists(
        st.tuples(
            st.sampled_from(["create", "update", '重"复']),
            st.one_of(st.text(max_size=12), st.sampled_from(["case", "event"])),
            st.integers(min_value=0, max_value=10**9),
            st.none() | st.dictionaries(st.text(max_size=6), json_values, max_size=4),
            st.none() | st.dictionaries(st.text(max_size=6), json_values, max_size=4),
        ),
        max_size=5,
    ),
)
def test_digests_sealed_together_are_each_entrys_own_digest(prev, first_id, entries):
    at = dt.datetime(2026, 11, 20, 9, 30, 5)
    expected, previous = [], prev
    for offset, (action, table, record_id, old, new) in enumerate(entries):
        previous = entry_digest(
            previous, first_id + offset, at, 3, action, table, record_id, old, new
        )
        expected.append(previous)
    encoded = [(a, t, r, canonical_json(o), canonical_json(n)) for a, t, r, o, n in entries]
    assert chain_digests(prev, first_id, at, 3, encoded) == expected


@given(value=json_values)
def test_canonical_json_is_the_sorted_compact_dump(value):
    wrapped = {"v": value, "a": [value]}
    expected = json.dumps(wrapped, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert canonical_json(wrapped) == expected


def test_entries_sealed_in_bulk_read_back_as_written_and_verify(actor):
    entries = [
        ("create", "case", 7, None, {"case_no": "（2024）苏0381行初7号", "amount": "12.50"}),
        ("update", "agency", 3, {"credit_code": None}, {"credit_code": "X"}),
        ("delete", "case", 8, {"case_no": "（2024）苏0381行初8号"}, None),
    ]
    with db.atomic():
        audit.record_many(actor, entries)
    stored = list(AuditEntry.select().order_by(AuditEntry.id))
    assert [(e.action, e.table_name, e.record_id, e.old_values, e.new_values) for e in stored] == [
        e for e in entries
    ]
    assert AuditEntry.select().where(AuditEntry.old_values.is_null()).count() == 1
    assert audit.verify_chain().intact


# --- the store's bulk helpers --------------------------------------------------------------


def test_ids_taken_before_inserting_are_those_the_database_would_give(actor, make_case):
    make_case("（2025）苏0381行初1号")
    make_case("（2025）苏0381行初2号")
    largest = Case.select().order_by(Case.id.desc()).first().id
    with db.atomic():
        ImportBatch.create(file_name="x", content_hash="y", kind="suits", user=actor)
        ids = new_ids(Case, 3)
        assert ids == sorted(ids) and len(set(ids)) == 3 and ids[0] > largest
        assert new_ids(Case, 0) == []
    later = make_case("（2025）苏0381行初3号")
    assert later.id > largest  # the sequence (PostgreSQL) or the table (SQLite) moved on


def test_insert_rows_keeps_encoded_values_and_insert_dicts_fills_defaults(actor):
    at = dt.datetime(2026, 11, 20, 9, 0)
    fields = [Setting.key, Setting.value, Setting.updated_at]
    with db.atomic():
        insert_rows(Setting, fields, [("a", '{"x": 1}', at)], encoded=[Setting.value])
        insert_rows(Setting, fields, [("b", {"x": 2}, at)])
        insert_dicts(Setting, [{"key": "c", "value": "[1]"}], encoded={"value"})
    values = {s.key: s.value for s in Setting.select()}
    assert values == {"a": {"x": 1}, "b": {"x": 2}, "c": [1]}
    assert Setting.get(Setting.key == "c").updated_at is not None  # the default came in


def test_select_in_reads_in_chunks(actor, make_case):
    for i in range(1, 6):
        make_case(f"（2025）苏0381行初{i}号")
    keys = [c.case_key for c in Case.select()] + ["不存在"]
    rows = list(select_in(Case, [Case.case_key, Case.serial], Case.case_key, keys, chunk=2))
    assert sorted(serial for _, serial in rows) == [1, 2, 3, 4, 5]


# --- what an imported case ends up with ------------------------------------------------------


def test_every_new_case_gets_its_row_parties_notice_audit_undo_record_and_deadlines(
    actor, tmp_path
):
    path = court_file(tmp_path / "收案.xlsx", sample_rows(60))
    plan = preview(path, today=TODAY)
    batch = drain(apply_plan(actor, plan, today=TODAY))
    assert batch.created == 60
    cases = list(Case.select().order_by(Case.id))
    assert [c.serial for c in cases] == list(range(1, 61))  # ids in the order of the file
    checked = {p.key: p.checked for p in plan.cases}
    for case in cases:
        want = checked[case.case_key]
        for name in ("case_no", "cause", "filed_on", "amount", "court"):
            assert getattr(case, name) == want[name]
        parties = case.parties.order_by(CaseParty.role, CaseParty.position)
        assert [p.name for p in parties if p.role == "defendant"] == want["defendants"]
        assert case.defendants_text == "、".join(want["defendants"])
        assert case.search_text.startswith(case.case_key.lower() + "|")
        (notice,) = case.events.where(Event.kind == "court_notice")
        assert notice.occurred_on == TODAY  # received the day the file is imported
        assert notice.details["notice_on"] == case.filed_on.isoformat()
        assert notice.details["values"]["案号"].replace(" ", "") == case.case_no.replace(
            "（", "("
        ).replace("）", ")")
        (entry,) = AuditEntry.select().where(
            (AuditEntry.table_name == "case") & (AuditEntry.record_id == case.id)
        )
        snapshot = audit.snapshot(case)
        assert entry.action == "create" and entry.new_values["import"] == batch.id
        for name, value in entry.new_values.items():
            if name == "amount":  # SQLite gives 12500 back for 12500.00
                assert decimal.Decimal(snapshot[name]) == decimal.Decimal(value)
            elif name != "import":
                assert snapshot[name] == value, name
    changes = ImportChange.select().where(
        (ImportChange.batch == batch) & (ImportChange.table_name == "case")
    )
    assert sorted(c.record_id for c in changes) == [c.id for c in cases]
    # the deadlines are those the deadline feature computes for each case: nothing to change
    engine = Engine()
    facts = load_facts(engine.rules, [c.id for c in cases])
    for case in cases:
        stored = list(Deadline.select().where(Deadline.case == case.id))
        assert stored
        assert not plan_changes(engine.expected(case.id, facts[case.id]), stored)
    assert audit.verify_chain().intact
    undo_import(actor, batch.id, today=TODAY)
    assert (
        Case.select().count() == 0
        and Deadline.select().where(Deadline.case.is_null(False)).count() == 0
    )


def test_a_failure_late_in_the_import_leaves_the_database_as_before(actor, tmp_path, monkeypatch):
    path = court_file(tmp_path / "收案.xlsx", sample_rows(30))
    plan = preview(path, today=TODAY)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(court_import_write, "listed_checklists", broken)  # the last step
    before = [m.select().count() for m in (Case, Event, AuditEntry, ImportBatch, ImportChange)]
    with pytest.raises(RuntimeError):
        drain(apply_plan(actor, plan, today=TODAY))
    after = [m.select().count() for m in (Case, Event, AuditEntry, ImportBatch, ImportChange)]
    assert after == before
    monkeypatch.undo()
    batch = drain(apply_plan(actor, plan, today=TODAY))  # and the same plan still imports
    assert batch.created == 30 and audit.verify_chain().intact


def test_repeated_header_total_and_remark_rows_are_passed_over_and_repeated_texts_alike(
    actor, tmp_path
):
    rows = sample_rows(4)
    rows.insert(2, ["序号", "案号", "案由", "原告", "被告", "收案日期", "标的额（万元）"])
    rows.append([5, "（2024）苏0381行初5号", "行政处罚", "原告", "新沂市财政局", "2024.13.1", 1])
    rows.append([6, "（2024）苏0381行初6号", "行政处罚", "原告", "新沂市财政局", "2024.13.1", 1])
    rows.append(["合计", "6件"])
    rows.append(["注：本表由法院提供"])
    plan = preview(court_file(tmp_path / "x.xlsx", rows), today=TODAY)
    skipped = {r.row_no: r.skip_reason for r in plan.records if r.skip_reason}
    assert skipped == {
        5: "重复的表头行，不导入",
        10: "合计行，不导入",
        11: "表格说明文字，不导入",
    }
    bad = [r for r in plan.records if r.row_no in (8, 9)]
    assert [[i.message for i in r.warnings] for r in bad] == [
        ["“2024.13.1”不是有效日期，该项未导入"]
    ] * 2
    assert [r.defendants for r in plan.records if r.row_no in (3, 6)] == [
        ["新沂市水务局", "新沂市财政局"],
        ["新沂市水务局", "新沂市财政局"],
    ]


def test_several_registered_cases_updated_in_one_import_each_get_their_own_changes(actor, tmp_path):
    drain(apply_plan(actor, preview(court_file(tmp_path / "a.xlsx", sample_rows(6)), today=TODAY)))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["案号", "败诉政府机关", "生效日期", "履行期限至"])
    for i in (2, 3, 5):
        defendant = "新沂市草桥镇人民政府" if i == 3 else "新沂市财政局"
        sheet.append([f"（2024）苏0381行初{i}号", defendant, "2025年9月1日", "2025-10-01"])
    book.save(tmp_path / "b.xlsx")
    batch = drain(apply_plan(actor, preview(tmp_path / "b.xlsx", today=TODAY), today=TODAY))
    assert batch.updated == 3
    by_serial = {c.serial: c for c in Case.select()}
    assert [by_serial[i].stage for i in range(1, 7)] == [
        "sued",
        "lost",
        "lost",
        "sued",
        "lost",
        "sued",
    ]
    assert by_serial[3].defendants_text == "新沂市水务局、新沂市财政局、新沂市草桥镇人民政府"
    assert by_serial[2].defendants_text == "新沂市财政局"
    assert by_serial[5].defendants_text == "新沂市水务局、新沂市财政局"
    assert audit.verify_chain().intact
    undo_import(actor, batch.id, today=TODAY)
    assert {c.stage for c in Case.select()} == {"sued"}
    assert Case.get(Case.serial == 3).defendants_text == "新沂市水务局、新沂市财政局"
