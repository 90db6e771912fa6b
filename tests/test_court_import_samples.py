"""The three court files in ``tests/data/samples`` (copied from shared/samples) imported
and compared field by field with ``expected.json``; the same files again change nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from xinyi_desktop.commands.listing import agencies_json, cases_json
from xinyi_desktop.services.court_import import preview
from xinyi_desktop.services.court_import_write import apply_plan
from xinyi_desktop.store.import_models import ImportBatch
from xinyi_desktop.store.models import AuditEntry, Case, Event, Person

SAMPLES = Path(__file__).parent / "data" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))


def run(actor, path, **kwargs):
    plan = preview(path, **kwargs)
    generator = apply_plan(actor, plan)
    while True:
        try:
            next(generator)
        except StopIteration as stop:
            return plan, stop.value


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_sample_imports_as_expected(actor, name):
    expected = EXPECTED[name]
    plan, batch = run(actor, SAMPLES / name)
    assert plan.kind == expected["kind"]
    assert plan.report()["errors"] == []
    assert batch.created == len(expected["cases"])
    by_no = {c["case_no"]: c for c in cases_json()}
    agencies = {a["name"]: a for a in agencies_json()}
    assert len(by_no) == len(expected["cases"])
    for case in expected["cases"]:
        got = by_no[case["case_no"]]
        if "filed" in case:
            assert got["filed_on"] == case["filed"]
        if "effective" in case:
            assert got["judgment_effective_on"] == case["effective"]
            assert got["stage"] == "lost"
        if "performance_deadline" in case:
            assert got["performance_deadline"] == case["performance_deadline"]
        if "defendants" in case:
            assert got["defendants"] == case["defendants"]
        if "cause" in case:
            assert got["cause"] == case["cause"]
        if "listed" in case:
            assert got["listed_on"] == case["listed"]
            assert got["stage"] == "dishonest"
            assert got["defendants"] == [case["agency"]]
            agency = agencies[case["agency"]]
            assert agency["credit_code"] == case["credit_code"]
            assert agency["credit_code_valid"] is case["credit_code_valid"]


def test_importing_the_same_files_twice_changes_nothing_the_second_time(actor):
    for name in sorted(EXPECTED):
        run(actor, SAMPLES / name)
    before = (Case.select().count(), Event.select().count(), AuditEntry.select().count())
    batches = ImportBatch.select().count()
    for name in sorted(EXPECTED):
        plan, batch = run(actor, SAMPLES / name)
        counts = plan.counts()
        assert batch is None
        assert counts["created"] == counts["updated"] == 0
        assert counts["unchanged"] == len(EXPECTED[name]["cases"])
        assert plan.previous is not None  # the preview says this content came in before
    assert (Case.select().count(), Event.select().count(), AuditEntry.select().count()) == before
    assert ImportBatch.select().count() == batches


def test_dishonest_rows_record_the_listing_the_agency_and_its_legal_representative(actor):
    run(actor, SAMPLES / "sample_dishonest_2024.xlsx")
    case = Case.get(Case.case_no == "（2024）苏0381执2125号")
    assert case.filed_on.isoformat() == "2024-04-20"
    notice = case.events.where(Event.kind == "court_notice").get()
    assert notice.summary.startswith("纳入失信名单")
    assert notice.occurred_on == dt.date.today()  # the office received it on import
    assert notice.details["notice_on"] == "2024-06-04"  # the listing the row is about
    assert notice.agency.name == "新沂市棋盘镇人民政府"
    assert notice.details["values"]["执行依据文号"] == "（2023）苏0381民初191号"
    rep = Person.get(Person.name == "陈某")
    assert rep.role == "legal_rep" and rep.agency.name == "新沂市棋盘镇人民政府"


def test_every_imported_case_gets_a_dated_court_notice(actor):
    run(actor, SAMPLES / "sample_suits_2024.xlsx")
    case = Case.get(Case.case_no == "（2024）苏0381行初10号")
    (notice,) = case.events.where(Event.kind == "court_notice")
    assert notice.summary.startswith("法院通报起诉")
    assert notice.occurred_on == dt.date.today()
    assert notice.details["notice_on"] == "2024-11-25"
    assert case.filed_on.isoformat() == "2024-11-25"


def test_the_audit_chain_still_verifies_after_a_bulk_import(actor):
    from xinyi_desktop.services.audit import verify_chain

    for name in sorted(EXPECTED):
        run(actor, SAMPLES / name)
    check = verify_chain()
    assert check.intact, check.problem
