"""Inspection rounds with fixes in the deadline calendar and the report; the measures
catalogue edited and extended in the program."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document as Docx
from docx.oxml.ns import qn

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.services import inspections, measures
from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines

TODAY = dt.date(2026, 11, 24)


def test_a_round_with_findings_fixes_in_the_calendar_follow_up_and_report(actor, tmp_path):
    round_ = inspections.create_round(
        actor,
        title="2026年第四季度政府机构失信治理专项督查",
        started_on=dt.date(2026, 11, 2),
        departments=["新沂市财政局", "新沂市行政审批局"],
        scope="联合惩戒措施落实情况",
        today=TODAY,
    )
    with pytest.raises(ValidationError, match="不在本轮督查的部门中"):
        inspections.add_finding(actor, round_.id, department="新沂市教育局", found="x")
    finding = inspections.add_finding(
        actor, round_.id, department="新沂市财政局", found="未停止向失信单位拨付补助资金"
    )
    fix = inspections.assign_fix(
        actor,
        finding.id,
        requirement="停止拨付并书面反馈",
        responsible="张敏",
        due_on=dt.date(2026, 12, 10),
        today=TODAY,
    )
    (row,) = list_deadlines(DeadlineFilter(kind="inspection_fix"), TODAY)
    assert row.due_on == dt.date(2026, 12, 10) and row.status == "open"
    assert row.responsible == "张敏（新沂市财政局）" and row.case_id is None
    assert row.label.startswith("督查整改 2026年第四季度")
    assert list_deadlines(DeadlineFilter(status="overdue"), dt.date(2026, 12, 11))[0].id == row.id
    inspections.add_follow_up(actor, fix.id, on=TODAY, text="已电话督办", today=TODAY)
    inspections.complete_fix(actor, fix.id, on=TODAY, result="已停止拨付", today=TODAY)
    (row,) = list_deadlines(DeadlineFilter(kind="inspection_fix"), TODAY)
    assert row.status == "done"
    with pytest.raises(ValidationError, match="已于2026-11-24完成"):
        inspections.complete_fix(actor, fix.id, on=TODAY, result="x", today=TODAY)
    inspections.finish_round(actor, round_.id, ended_on=TODAY, summary="总体落实较好", today=TODAY)

    path = inspections.write_report(round_.id, tmp_path / "督查报告.docx", today=TODAY)
    doc = Docx(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于2026年第四季度政府机构失信治理专项督查情况的报告" in text
    assert "未停止向失信单位拨付补助资金" in text and "责任人：张敏" in text
    assert "2026年11月24日跟踪：已电话督办" in text and "2026年11月24日" in text
    section = doc.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28
    title = doc.paragraphs[0].runs[0]
    assert title._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert title.font.size.pt == 22
    body = doc.paragraphs[2].runs[0]
    assert body._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and body.font.size.pt == 16


def test_a_fix_needs_a_responsible_person_and_a_deadline(actor):
    round_ = inspections.create_round(
        actor, title="督查", started_on=TODAY, departments=["新沂市财政局"], today=TODAY
    )
    finding = inspections.add_finding(actor, round_.id, department="新沂市财政局", found="问题")
    with pytest.raises(ValidationError, match="责任人"):
        inspections.assign_fix(
            actor, finding.id, requirement="改", responsible=" ", due_on=TODAY, today=TODAY
        )
    with pytest.raises(ValidationError, match="整改期限"):
        inspections.assign_fix(
            actor, finding.id, requirement="改", responsible="张敏", due_on=None, today=TODAY
        )


def test_the_catalogue_ships_the_seven_local_measures_with_their_owners():
    found = {m.name: m for m in measures.shipped()}
    assert list(found) == [
        "失信约谈",
        "限制融资",
        "取消评先",
        "记入系统",
        "限制投资",
        "限制补助",
        "限制消费",
    ]
    assert found["限制融资"].department == "新沂市金融办"
    assert found["限制补助"].department == "新沂市财政局"
    assert found["限制消费"].person_roles == ("legal_rep", "principal", "direct", "finance")
    assert not found["限制消费"].reaches_agency


# 新信用发〔2018〕6号 二（五）1–7 (二（四） is the national memorandum): each measure's
# owner as the rules name it, its basis, and whom it reaches.
SEVEN = [
    ("talk", "各级人民政府", "二（五）1", False, ("principal",)),
    ("financing", "新沂市金融办", "二（五）2", True, ()),
    ("awards", "新沂市委市政府督查考核办公室", "二（五）3", True, ()),
    (
        "record",
        "新沂市信用办、新沂市人民法院",
        "二（五）4",
        True,
        ("legal_rep", "principal", "direct"),
    ),
    ("investment", "新沂市行政审批局", "二（五）5", True, ()),
    ("subsidy", "新沂市财政局", "二（五）6", True, ()),
    (
        "consumption",
        "新沂市人民法院",
        "二（五）7",
        False,
        ("legal_rep", "principal", "direct", "finance"),
    ),
]


@pytest.mark.parametrize(("key", "owner", "item", "agency", "roles"), SEVEN)
def test_each_local_measure_has_the_owner_basis_and_scope_of_the_rules(
    key, owner, item, agency, roles
):
    measure = {m.key: m for m in measures.shipped()}[key]
    assert measure.department == owner
    assert measure.legal_basis.startswith(f"新信用发〔2018〕6号 {item}")
    assert "四（" not in measure.legal_basis
    assert (measure.reaches_agency, measure.person_roles) == (agency, roles)
    assert measure.jurisdiction == (key == "talk")


def test_the_talk_is_held_by_the_government_of_the_bodys_area(actor, make_agency):
    from xinyi_desktop.services.sanctions import owner_for

    talk = measures.get_measure("talk")
    town = make_agency("新沂市窑湾镇人民政府", kind="town")
    office = make_agency("新沂市窑湾镇财政所", kind="institution", parent_id=town.id)
    bureau = make_agency("新沂市住房和城乡建设局", kind="department")
    assert owner_for(talk, office) == "新沂市窑湾镇人民政府"  # a body under a town
    assert owner_for(talk, town) == "新沂市人民政府"  # a town: the city government
    assert owner_for(talk, bureau) == "新沂市人民政府"
    assert owner_for(measures.get_measure("subsidy"), office) == "新沂市财政局"


def test_the_office_edits_adds_and_imports_measures(actor, tmp_path):
    data = measures.input_of(measures.get_measure("subsidy"))
    data.department = "新沂市财政局（预算科）"
    measures.save_measure(actor, "subsidy", data)
    assert measures.get_measure("subsidy").department == "新沂市财政局（预算科）"
    assert measures.reset_measure(actor, "subsidy").department == "新沂市财政局"

    added = measures.save_measure(
        actor,
        None,
        measures.MeasureInput(
            name="限制担任国有企业法定代表人",
            department="新沂市国资办",
            legal_basis="发改财金〔2016〕141号",
            reaches_agency=False,
            person_roles=["legal_rep", "principal"],
        ),
        source="national",
    )
    assert added.source == "national" and added.key == "m-1"
    with pytest.raises(ValidationError, match="已在目录中"):
        measures.save_measure(actor, None, measures.MeasureInput(name="限制融资", department="x"))
    with pytest.raises(ValidationError, match="既不适用于单位，也没有适用的人员"):
        measures.save_measure(
            actor, None, measures.MeasureInput(name="新措施", department="x", reaches_agency=False)
        )

    path = tmp_path / "备忘录措施.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["关于对失信被执行人实施联合惩戒的合作备忘录"])
    sheet.append(["序号", "惩戒措施", "实施单位", "法律依据", "适用对象"])
    sheet.append([1, "限制参与政府采购", "新沂市财政局", "发改财金〔2016〕141号", "单位"])
    sheet.append([2, "限制担任国有企业法定代表人", "新沂市国资办", "", "法定代表人"])
    sheet.append([3, "限制乘坐飞机", "新沂市人民法院", "", "法定代表人、主要负责人"])
    book.save(path)
    imported = measures.import_measures(actor, path)
    assert [(m.name, m.person_roles, m.reaches_agency) for m in imported] == [
        ("限制参与政府采购", (), True),
        ("限制乘坐飞机", ("legal_rep", "principal"), False),
    ]
    assert len(measures.catalogue()) == 10


def test_only_an_administrator_edits_the_catalogue(actor):
    from xinyi_desktop.rules.permissions import PermissionDenied
    from xinyi_desktop.services.accounts import create_user

    clerk = create_user(actor, "xiaoli", "小李", "Secret-123456-ab", "clerk")
    data = measures.input_of(measures.get_measure("talk"))
    with pytest.raises(PermissionDenied):
        measures.save_measure(clerk, "talk", data)


def test_an_imported_row_without_a_department_is_refused_naming_the_row(actor, tmp_path):
    path = tmp_path / "措施.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["措施名称", "实施部门", "适用对象"])
    sheet.append(["限制参与政府采购", "新沂市财政局", "单位"])
    sheet.append(["限制发行债券", None, "失信被执行人"])
    book.save(path)
    before = len(measures.catalogue())
    with pytest.raises(ValidationError) as refused:
        measures.import_measures(actor, path)
    assert str(refused.value) == "第3行“限制发行债券”没有实施部门。"
    assert len(measures.catalogue()) == before  # all or none


def test_the_import_reads_whom_a_measure_reaches(actor, tmp_path):
    path = tmp_path / "备忘录.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["惩戒措施", "实施单位", "适用对象"])
    sheet.append(["限制发行企业债券", "新沂市发展和改革委员会", "失信被执行人及其法定代表人"])
    sheet.append(["限制担任国企高管", "新沂市国资办", "失信政府机构法定代表人、主要负责人"])
    book.save(path)
    imported = measures.import_measures(actor, path)
    assert [(m.reaches_agency, m.person_roles) for m in imported] == [
        (True, ("legal_rep",)),
        (False, ("legal_rep", "principal")),
    ]
