"""Merging notices into the register, reading every file form, refusing, undoing."""

from __future__ import annotations

import datetime as dt

import pytest
from court_files import drain, imp, lost_list, suits_list, write_xlsx

from xinyi_desktop.errors import ImportRefused, UndoConflict
from xinyi_desktop.services.court_import import preview
from xinyi_desktop.services.court_import_write import apply_plan
from xinyi_desktop.services.import_history import list_imports, undo_import
from xinyi_desktop.store.models import Agency, Case, CaseLink, Event, Person


def test_a_later_notice_fills_blanks_adds_defendants_and_moves_the_stage_forward(actor, tmp_path):
    suits = write_xlsx(
        tmp_path / "起诉.xlsx",
        [
            ["案号", "案由", "被告", "收案日期"],
            ["(2024)苏0381行初7号", "行政处罚", "新沂市财政局", "2024.3.5"],
        ],
    )
    imp(actor, suits)
    lost = write_xlsx(
        tmp_path / "败诉.xlsx",
        [
            ["案号", "案由", "败诉政府机关", "生效日期", "履行期限至", "标的额（万元）"],
            [
                "（2024）苏0381行初7号",
                "",
                "新沂市财政局、新沂市水务局",
                45505,
                "2024年10月1日",
                12.5,
            ],
        ],
    )
    plan, batch = imp(actor, lost)
    assert batch.updated == 1
    case = Case.get()
    assert case.stage == "lost" and case.cause == "行政处罚"  # blank never overwrites
    assert case.judgment_effective_on == dt.date(2024, 8, 1)  # an Excel serial
    assert case.performance_deadline == dt.date(2024, 10, 1)
    assert case.amount == 125000
    assert case.defendants_text == "新沂市财政局、新沂市水务局"
    kinds = [e.kind for e in case.events]
    assert kinds.count("court_notice") == 2 and "stage" in kinds
    # the suits list again: the stage never goes back
    plan, batch = imp(actor, suits)
    assert batch is None and Case.get().stage == "lost"


def test_a_whole_file_is_refused_without_a_case_number_column(actor, tmp_path):
    path = write_xlsx(tmp_path / "x.xlsx", [["姓名", "单位"], ["张三", "财政局"]])
    with pytest.raises(ImportRefused, match="x.xlsx.*找不到案号列"):
        preview(path)


def test_title_rows_two_level_merged_headers_blank_and_total_rows(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "list.xlsx",
        [
            ["2025年新收行政案件", None, None, None, None],
            ["序号", "案件信息", None, "当事人", None],
            [None, "案号", "案由", "原告", "被告（被申请人）"],
            [1, "（2025）苏0381行初1号", "行政许可", "张某", "新沂市财政局；新沂市水务局"],
            [None, None, None, None, None],
            [
                2,
                "(2025)苏0381行初 2 号",
                "行政处罚",
                "李某",
                "新沂市财政局\n新沂市住房和城乡建设局",
            ],
            ["合计", "2件", None, None, None],
        ],
        merges=["A1:E1", "B2:C2", "D2:E2", "A2:A3"],
    )
    plan = preview(path)
    assert plan.counts()["created"] == 2 and plan.report()["errors"] == []
    layout = plan.parts[0].layout
    assert layout.header_of(1) == "案件信息／案号"
    drain(apply_plan(actor, plan))
    assert Case.get(Case.serial == 2).defendants_text == "新沂市财政局、新沂市住房和城乡建设局"


def test_csv_in_gbk_and_html_saved_as_xls_are_read(actor, tmp_path):
    csv_path = tmp_path / "list.csv"
    csv_path.write_bytes(
        "案号,被告,立案日期\n（2025）苏0381行初3号,新沂市财政局,20250305\n".encode("gbk")
    )
    html_path = tmp_path / "web.xls"
    html_path.write_text(
        "<html><meta charset='utf-8'><table><tr><th>案号</th><th>被告</th><th>立案时间</th></tr>"
        "<tr><td>（2025）苏0381行初4号</td><td>新沂市水务局</td><td>2025/03/06</td></tr></table></html>",
        encoding="utf-8",
    )
    imp(actor, csv_path)
    imp(actor, html_path)
    assert {c.case_no: c.filed_on for c in Case.select()} == {
        "（2025）苏0381行初3号": dt.date(2025, 3, 5),
        "（2025）苏0381行初4号": dt.date(2025, 3, 6),
    }


def test_bad_rows_are_errors_with_the_reason_on_the_cell_and_the_rest_imports(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "l.xlsx",
        [
            ["案号", "被告", "收案日期"],
            ["苏0381行初1号", "新沂市财政局", "2025-01-01"],
            ["（2025）苏0381行初9号", "", "2025-01-01"],
            ["（2025）苏0381行初10号", "新沂市财政局", "不详"],
        ],
    )
    plan, batch = imp(actor, path)
    report = plan.report()
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(2, "案号"), (3, "被告")]
    assert report["warnings"][0]["row"] == 4 and "不是有效日期" in report["warnings"][0]["message"]
    assert batch.created == 1


def test_dishonest_row_links_the_judgment_it_enforces(actor, tmp_path, make_case):
    judgment = make_case("（2023）苏0381民初191号", defendants=["新沂市财政局"])
    path = write_xlsx(
        tmp_path / "失信.xlsx",
        [
            ["被执行人姓名/名称", "执行依据文号", "案号", "发布时间"],
            ["新沂市财政局", "(2023)苏0381民初191号", "(2024)苏0381执5号", "2024-06-04"],
        ],
    )
    imp(actor, path)
    link = CaseLink.get()
    assert link.kind == "execution" and link.to_case_id == judgment.id
    assert link.from_case.stage == "dishonest"


def test_an_execution_case_waits_for_its_judgment_and_is_linked_when_it_arrives(actor, tmp_path):
    imp(
        actor,
        write_xlsx(
            tmp_path / "a.xlsx",
            [
                ["被执行人", "执行依据", "案号", "发布日期"],
                ["新沂市财政局", "(2023)苏0381行初70号", "(2024)苏0381执9号", "2024-06-04"],
            ],
        ),
    )
    assert CaseLink.select().count() == 0
    imp(
        actor,
        write_xlsx(
            tmp_path / "b.xlsx",
            [
                ["案号", "被告", "收案日期"],
                ["(2023)苏0381行初70号", "新沂市财政局", "2023-01-05"],
            ],
        ),
    )
    assert CaseLink.select().count() == 1


def test_undo_restores_what_an_import_changed(actor, tmp_path, make_case):
    case = make_case("（2024）苏0381行初7号", defendants=["新沂市财政局"], cause="")
    path = write_xlsx(
        tmp_path / "u.xlsx",
        [
            ["案号", "案由", "被告", "收案日期"],
            ["（2024）苏0381行初7号", "行政处罚", "新沂市财政局、新沂市新部门", "2025-03-05"],
            ["（2024）苏0381行初8号", "行政许可", "新沂市另一部门", "2024-03-05"],
        ],
    )
    _, batch = imp(actor, path)
    assert Case.select().count() == 2 and Agency.select().count() == 3
    undo_import(actor, batch.id)
    case = Case.get_by_id(case.id)
    assert (
        Case.select().count() == 1 and case.cause == "" and case.defendants_text == "新沂市财政局"
    )
    assert Agency.select().count() == 1
    assert list_imports()[0].undone_at is not None
    assert not Event.select().where(Event.kind == "court_notice").exists()


def test_undo_warns_when_cases_changed_since(actor, tmp_path):
    from xinyi_desktop.services.cases import CaseInput, update_case

    _, batch = imp(
        actor,
        write_xlsx(
            tmp_path / "v.xlsx",
            [
                ["案号", "被告"],
                ["（2024）苏0381行初7号", "新沂市财政局"],
            ],
        ),
    )
    case = Case.get()
    update_case(
        actor, case.id, CaseInput(case_no=case.case_no, defendants=["新沂市财政局"], cause="改过")
    )
    with pytest.raises(UndoConflict, match="（2024）苏0381行初7号"):
        undo_import(actor, batch.id)
    undo_import(actor, batch.id, force=True)
    assert Case.select().count() == 0


def test_cancel_writes_nothing(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "c.xlsx",
        [["案号", "被告"]] + [[f"（2024）苏0381行初{i}号", "新沂市财政局"] for i in range(1, 1200)],
    )
    plan = preview(path)
    generator = apply_plan(actor, plan, cancel=lambda: True)
    assert drain(generator) is None
    assert Case.select().count() == 0 and Agency.select().count() == 0


# --- what a later list may change -----------------------------------------------------------


def test_a_known_case_needs_no_date_the_register_already_holds(actor, tmp_path):
    imp(actor, suits_list(tmp_path / "起诉.xlsx"))
    imp(actor, lost_list(tmp_path / "败诉.csv"))
    later = write_xlsx(
        tmp_path / "败诉第二批.xlsx",
        [
            ["2025年政府机关败诉案件（第二批）"],
            ["案号", "案由", "原告", "被告", "裁判日期", "生效日期", "履行期限至"],
            ["（2025）苏0381行初101号", "", "", "新沂市棋盘镇人民政府", None, None,
             dt.date(2025, 8, 19)],
            ["（2025）苏0381行初301号", "行政赔偿", "褚某", "新沂市人力资源和社会保障局",
             dt.date(2025, 5, 1), None, dt.date(2025, 6, 19)],
        ],
    )  # fmt: skip
    report = preview(later).report()
    # The registered case has its 生效日期; the new one has none, and is refused.
    assert report["unchanged"] == 1 and report["created"] == 0
    assert [(e["row"], e["column"], e["message"]) for e in report["errors"]] == [
        (4, "生效日期", "缺少判决生效日期")
    ]
    listed = write_xlsx(
        tmp_path / "失信.xlsx",
        [
            ["被执行人", "案号", "发布日期"],
            ["新沂市棋盘镇人民政府", "（2025）苏0381行初101号", dt.date(2025, 9, 1)],
        ],
    )
    imp(actor, listed)
    again = write_xlsx(
        tmp_path / "失信补充.xlsx",
        [["被执行人", "案号", "发布日期", "执行标的（万元）"],
         ["新沂市棋盘镇人民政府", "（2025）苏0381行初101号", None, 16]],
    )  # fmt: skip
    plan, batch = imp(actor, again)
    assert plan.report()["errors"] == [] and batch.updated == 1
    assert Case.get(Case.serial == 101).listed_on == dt.date(2025, 9, 1)


def test_a_legal_representative_is_kept_when_the_agency_is_found_by_its_code(
    actor, tmp_path, make_agency
):
    agency = make_agency("新沂市棋盘镇人民政府", credit_code="11320381016165408X")
    path = write_xlsx(
        tmp_path / "L.xlsx",
        [
            ["被执行人姓名/名称", "身份证号码/组织机构代码", "法定代表人或者负责人姓名",
             "案号", "发布时间", "执行标的（万元）"],
            ["新沂市棋盘镇政府", "11320381016165408X", "王某", "（2025）苏0381执504号",
             "2025年9月10日", "5"],
        ],
    )  # fmt: skip
    plan, _ = imp(actor, path)
    assert "新沂市棋盘镇人民政府的法定代表人：王某" in plan.outcome(plan.records[0])[1]
    (person,) = Person.select()
    assert (person.name, person.role, person.agency_id) == ("王某", "legal_rep", agency.id)
    assert Agency.select().count() == 1
    assert Case.get().defendants_text == "新沂市棋盘镇人民政府"


def test_an_older_list_imported_again_rolls_nothing_back(actor, tmp_path):
    suits, lost = suits_list(tmp_path / "起诉.xlsx"), lost_list(tmp_path / "败诉.csv")
    imp(actor, suits)
    imp(actor, lost)
    assert Case.get(Case.serial == 101).amount == 150000
    for _ in range(2):  # alternating files flip nothing
        plan, batch = imp(actor, suits)
        assert batch is None and plan.counts()["updated"] == 0
        assert Case.get(Case.serial == 101).amount == 150000
        assert any("未按本清单更改：标的金额" in w["message"] for w in plan.report()["warnings"])
        plan, batch = imp(actor, lost)
        assert batch is None and Case.get(Case.serial == 101).amount == 150000


def test_a_list_dated_before_the_last_notice_only_fills_blanks(actor, tmp_path):
    newer = write_xlsx(
        tmp_path / "败诉七月.xlsx",
        [["案号", "败诉政府机关", "生效日期", "涉案金额（万元）"],
         ["（2025）苏0381行初9号", "新沂市财政局", "2025-07-01", 20]],
    )  # fmt: skip
    older = write_xlsx(
        tmp_path / "败诉六月.xlsx",
        [["案号", "败诉政府机关", "生效日期", "涉案金额（万元）", "履行期限"],
         ["（2025）苏0381行初9号", "新沂市财政局", "2025-06-20", 15, "2025-08-20"]],
    )  # fmt: skip
    imp(actor, newer)
    plan, batch = imp(actor, older)
    case = Case.get()
    assert case.judgment_effective_on == dt.date(2025, 7, 1) and case.amount == 200000
    assert case.performance_deadline == dt.date(2025, 8, 20)  # a blank is filled
    assert batch.updated == 1


def test_a_further_ruling_numbered_with_a_suffix_is_a_case_of_its_own(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "起诉.xlsx",
        [
            ["案号", "案由", "被告", "收案日期"],
            ["(2024)苏0381行初1234号", "行政处罚", "新沂市财政局", "2024.3.5"],
            ["（2024）苏0381行初1234号之一", "行政处罚", "新沂市财政局", "2024.4.5"],
            ["(2024)苏0381行初1234之一", "行政处罚", "新沂市财政局", "2024.4.5"],
        ],
    )
    plan, batch = imp(actor, path)
    assert batch.created == 2 and not plan.report()["errors"]
    numbers = [c.case_no for c in Case.select().order_by(Case.id)]
    assert numbers == ["（2024）苏0381行初1234号", "（2024）苏0381行初1234号之一"]


def dishonest_with_basis(tmp_path, basis: str):
    """A dishonest list of one execution case whose 执行依据 cell reads ``basis``."""
    return write_xlsx(
        tmp_path / "失信.xlsx",
        [
            ["被执行人姓名/名称", "执行依据文号", "案号", "发布时间"],
            ["新沂市财政局", basis, "(2024)苏0381执5号", "2024-06-04"],
        ],
    )


@pytest.mark.parametrize(
    ("basis", "warned"),
    [
        ("（2023）苏0381民初191号民事判决书", False),
        ("新沂市人民法院(2023)苏0381民初191号行政判决", False),
        ("（2023）苏0381民初191号、（2024）苏03民终22号", True),
        ("（2023）苏0381民初191号民事判决书、（2023）苏0381民初191号民事裁定书", False),
    ],
)
def test_the_judgment_is_found_in_a_basis_that_names_the_document_too(
    actor, tmp_path, make_case, basis, warned
):
    judgment = make_case("（2023）苏0381民初191号", defendants=["新沂市财政局"])
    path = dishonest_with_basis(tmp_path, basis)
    plan, _ = imp(actor, path)
    assert CaseLink.get().to_case_id == judgment.id
    warnings = [w["message"] for w in plan.report()["warnings"] if w["column"] == "执行依据文号"]
    if warned:
        assert warnings == ["执行依据中有2个案号，按第一个“（2023）苏0381民初191号”关联，请核实"]
    else:
        assert warnings == []


@pytest.mark.parametrize(
    ("basis", "problem"),
    [
        ("民事判决书", "案号“民事判决书”"),
        # not the judgment before it: the suffix is one no number takes
        ("（2023）苏0381民初191号之1", "“之1”不对"),
    ],
)
def test_a_basis_naming_no_case_number_is_a_warning_and_links_nothing(
    actor, tmp_path, make_case, basis, problem
):
    make_case("（2023）苏0381民初191号", defendants=["新沂市财政局"])
    path = dishonest_with_basis(tmp_path, basis)
    plan, batch = imp(actor, path)
    assert batch.created == 1 and CaseLink.select().count() == 0
    (warning,) = [w for w in plan.report()["warnings"] if w["column"] == "执行依据文号"]
    assert warning["message"].startswith("执行依据文号无法识别：") and problem in warning["message"]


def test_bodies_run_together_in_one_cell_become_defendants_of_their_own(actor, tmp_path):
    path = write_xlsx(
        tmp_path / "起诉.xlsx",
        [
            ["案号", "案由", "被告", "收案日期"],
            ["(2024)苏0381行初31号", "行政处罚", "新沂市人民政府 新沂市财政局等", "2024.3.5"],
            ["(2024)苏0381行初32号", "行政许可", "1.新沂市住房和城乡建设局", "2024.3.6"],
        ],
    )
    imp(actor, path)
    texts = [c.defendants_text for c in Case.select().order_by(Case.id)]
    assert texts == ["新沂市人民政府、新沂市财政局", "新沂市住房和城乡建设局"]
    assert {a.name for a in Agency.select()} == {
        "新沂市人民政府",
        "新沂市财政局",
        "新沂市住房和城乡建设局",
    }
