"""The sanctions side of the registers and the monthly report, with rectifications,
measures and accountability in the data: each listed body's own rectification period, the
measures' month-end status, and the agency filter of the sheets."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from xinyi_desktop.reports.monthly import build_report
from xinyi_desktop.reports.monthly_files import write_docx, write_xlsx
from xinyi_desktop.reports.register import write_register
from xinyi_desktop.reports.sanction_figures import rectification_figures, rectification_register
from xinyi_desktop.reports.sanction_register import measure_status_counts
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.services import accountability, letters, rectification
from xinyi_desktop.services.agencies import PersonInput, add_person
from xinyi_desktop.services.case_query import CaseFilter
from xinyi_desktop.services.cases import change_stage
from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines
from xinyi_desktop.store.models import Agency
from xinyi_desktop.store.sanction_models import Listing, SanctionItem, SanctionStep

TODAY = dt.date(2026, 11, 24)
D = dt.date
TOWN, BUREAU, OTHER = "新沂市棋盘镇人民政府", "新沂市住房和城乡建设局", "新沂市财政局"


@pytest.fixture
def co_defendants(actor, make_case):
    """One case against two bodies, both listed; another case against a third."""
    joint = make_case(
        "（2025）苏0381行初41号",
        defendants=[TOWN, BUREAU],
        stage="lost",
        judgment_effective_on=D(2025, 6, 1),
        performance_deadline=D(2025, 7, 1),
    )
    alone = make_case(
        "（2025）苏0381行初42号",
        defendants=[OTHER],
        stage="lost",
        judgment_effective_on=D(2025, 6, 1),
        performance_deadline=D(2025, 7, 1),
    )
    for name in (TOWN, BUREAU, OTHER):
        add_person(actor, Agency.get(name=name).id, PersonInput(name="周明", role="legal_rep"))
    for case in (joint, alone):
        change_stage(actor, case.id, "dishonest", on=D(2025, 8, 1), today=TODAY)
    town, bureau = (
        Listing.get((Listing.case == joint.id) & (Listing.agency == Agency.get(name=n).id))
        for n in (TOWN, BUREAU)
    )
    return joint, town, bureau, Listing.get(Listing.case == alone.id)


def test_each_listed_body_of_a_case_has_its_own_rectification(actor, co_defendants):
    joint, town, bureau, _ = co_defendants
    rectification.assign_rectification(
        actor, town.id, on=D(2026, 10, 9), due_on=D(2026, 11, 10), today=TODAY
    )
    rectification.assign_rectification(
        actor, bureau.id, on=D(2026, 10, 9), due_on=D(2026, 11, 20), today=TODAY
    )
    town, bureau = Listing.get_by_id(town.id), Listing.get_by_id(bureau.id)
    assert (town.rectify_due_on, bureau.rectify_due_on) == (D(2026, 11, 10), D(2026, 11, 20))

    rectification.mark_rectified(actor, town.id, on=D(2026, 11, 6), today=TODAY)
    # The case's deadline stays open: the bureau has not rectified.
    (deadline,) = list_deadlines(DeadlineFilter(case_id=joint.id, kind="rectification"), TODAY)
    assert deadline.status == "overdue"  # open, and past the bureau's day (the last order)
    figures = rectification_figures(Month(2026, 11), TODAY)
    assert (figures.assigned, figures.due, figures.on_time, figures.late, figures.overdue) == (
        0,
        2,
        1,
        0,
        1,
    )
    assert figures.overdue_at_end == 1
    assert figures.overdue_by_agency == {bureau.agency_id: 1}
    rows = {row[1]: row for row in rectification_register(None, TODAY)}
    assert rows[TOWN][2:6] == [D(2026, 10, 9), D(2026, 11, 10), "按期完成", D(2026, 11, 6)]
    assert rows[BUREAU][2:6] == [D(2026, 10, 9), D(2026, 11, 20), "逾期未完成", None]
    assert [b.name for b in rectification_overdue(TODAY)] == [BUREAU]

    rectification.mark_rectified(actor, bureau.id, on=TODAY, today=TODAY)
    (deadline,) = list_deadlines(DeadlineFilter(case_id=joint.id, kind="rectification"), TODAY)
    assert deadline.status == "done"  # both done: the case's deadline too
    assert rectification_figures(Month(2026, 11), TODAY).late == 1


def rectification_overdue(today):
    from xinyi_desktop.services.sanctions import overdue_bodies

    return overdue_bodies(today)


def test_a_rectification_letter_to_one_body_orders_that_body_only(actor, co_defendants):
    joint, town, bureau, _ = co_defendants
    plans = letters.plan_case_letter(
        "rectification",
        joint.id,
        issued_on=D(2026, 10, 12),
        inputs={"整改期限": "2026-11-13"},
        agency_id=town.agency_id,
    )
    letters.run(letters.generate(actor, plans))
    town, bureau = Listing.get_by_id(town.id), Listing.get_by_id(bureau.id)
    assert (town.rectify_assigned_on, town.rectify_due_on) == (D(2026, 10, 12), D(2026, 11, 13))
    assert (bureau.rectify_assigned_on, bureau.rectify_due_on) == (None, None)


@pytest.fixture
def with_records(actor, co_defendants):
    """Rectification, measures a step further, accountability for each body."""
    joint, town, bureau, other = co_defendants
    for listing, due in ((town, D(2026, 10, 30)), (other, D(2026, 11, 16))):
        rectification.assign_rectification(
            actor, listing.id, on=D(2026, 10, 9), due_on=due, today=TODAY
        )
    rectification.mark_rectified(actor, other.id, on=D(2026, 11, 12), today=TODAY)
    for listing in (town, bureau, other):
        accountability.add_accountability(
            actor,
            accountability.AccountabilityInput(
                agency_id=listing.agency_id,
                listing_id=listing.id,
                found="未按期履行",
                decided_on=D(2026, 11, 2),
            ),
            today=TODAY,
        )
    return co_defendants


def test_the_register_with_rectifications_has_real_dates(with_records, tmp_path):
    path = write_register(tmp_path / "台账.xlsx", today=TODAY)
    sheet = openpyxl.load_workbook(path)["整改"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["案号", "被告单位", "下达日期", "整改期限"]
    assert sorted(r[1] for r in rows) == [TOWN, OTHER]
    for row in rows:
        for value in (row[2], row[3]):
            assert isinstance(value, dt.datetime)
    done = next(r for r in rows if r[1] == OTHER)
    assert done[4] == "按期完成" and done[5] == dt.datetime(2026, 11, 12)


def test_the_monthly_report_with_rectifications(with_records, tmp_path):
    report = build_report(Month(2026, 11), TODAY)
    rect = report.sanctions.rectification
    assert (rect.due, rect.on_time, rect.overdue, rect.overdue_at_end) == (1, 1, 0, 1)
    assert write_docx(report, tmp_path / "m.docx").is_file()
    assert write_xlsx(report, tmp_path / "m.xlsx").is_file()


def test_the_agency_filter_keeps_co_defendants_out_of_the_sanctions_sheets(with_records, tmp_path):
    town = Agency.get(name=TOWN)
    path = write_register(tmp_path / "台账.xlsx", CaseFilter(agency_id=town.id), today=TODAY)
    book = openpyxl.load_workbook(path)
    for name in ("惩戒措施", "问责", "整改"):
        values = [row[0].value for row in book[name].iter_rows(min_row=4)]
        column = 0 if name != "整改" else 1
        agencies = {row[column].value for row in book[name].iter_rows(min_row=4)}
        assert values and agencies == {TOWN}, name


def test_measures_at_month_end_follow_the_steps_dated_before_it(actor, co_defendants):
    """Items created today for a listing of August 2025 were 拟实施 at the end of
    November 2025 (their step is dated on listing), although written later."""
    count = SanctionItem.select().count()
    assert count > 0
    assert measure_status_counts(D(2025, 11, 1), D(2025, 11, 30)) == [("拟实施", 0, count)]
    assert measure_status_counts(D(2025, 8, 1), D(2025, 8, 31)) == [("拟实施", count, count)]
    assert measure_status_counts(D(2025, 7, 1), D(2025, 7, 31)) == []
    _, town, _, _ = co_defendants
    ids = [i.id for i in SanctionItem.select().where(SanctionItem.listing == town.id)]
    from xinyi_desktop.services.sanction_steps import change_status

    change_status(actor, ids, "not_applicable", on=D(2026, 11, 3), reason="误列", today=TODAY)
    assert measure_status_counts(D(2026, 10, 1), D(2026, 10, 31)) == [("拟实施", 0, count)]
    assert measure_status_counts(D(2026, 11, 1), D(2026, 11, 30)) == [
        ("拟实施", 0, count - len(ids)),
        ("不适用", len(ids), len(ids)),
    ]
    assert SanctionStep.select().count() == count + len(ids)
