"""Titles (公文标题) broken at sense boundaries, written as lines (GB/T 9704 §7.3.3)."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from xinyi_desktop.documents.catalog import kind, shipped_template, title_breaks
from xinyi_desktop.documents.engine import load_template, render
from xinyi_desktop.rules.title_lines import Segment, chars_per_line, text_width, title_lines
from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters

CASE_NO = "（2026）苏0381行初123号"
LONG_AGENCY = "新沂市住房和城乡建设局新沂市城市管理局"  # 18 characters


def fixed(text):
    return Segment(text)


def value(text):
    return Segment(text, filled=True)


@pytest.mark.parametrize(
    ("segments", "lines"),
    [
        # 督促履行函: the case number whole, "生效裁判的函" kept together (not "生效裁 / 判的函")
        (
            [fixed("关于督促履行"), value(CASE_NO), fixed("生效裁判的函")],
            ["关于督促履行（2026）苏0381行初123号", "生效裁判的函"],
        ),
        (
            [fixed("关于做好"), value(CASE_NO), fixed("案件和解及应诉工作的提醒函")],
            ["关于做好（2026）苏0381行初123号案件", "和解及应诉工作的提醒函"],
        ),
        # the upper line longer (trapezoid), not "关于对逾期未整改 / 失信政府机构实施…"
        (
            [fixed("关于对逾期未整改失信政府机构实施联合惩戒措施的告知函")],
            ["关于对逾期未整改失信政府机构", "实施联合惩戒措施的告知函"],
        ),
        # short titles stay on one line
        ([fixed("关于逾期未整改失信政府机构名单的请示")], ["关于逾期未整改失信政府机构名单的请示"]),
        ([fixed("关于移送政务失信记录的函")], ["关于移送政务失信记录的函"]),
        (
            [value("2026年11月"), fixed("全市政府机构失信治理工作情况")],
            ["2026年11月全市政府机构失信治理工作情况"],
        ),
        ([value("新沂市人民政府办公室")], ["新沂市人民政府办公室"]),
        # a long agency name is never split while it fits on a line
        (
            [fixed("关于对"), value(LONG_AGENCY), fixed("实施联合惩戒措施的告知函")],
            ["关于对", LONG_AGENCY, "实施联合惩戒措施的告知函"],
        ),
        (
            [fixed("关于督促"), value("新沂市住房和城乡建设局"), fixed("履行生效裁判的函")],
            ["关于督促新沂市住房和城乡建设局履行", "生效裁判的函"],
        ),
        # a clerk's own title: the boundaries there are (after 关于, before 的通知), a diamond …
        (
            [fixed("关于进一步做好全市政府机构涉诉案件应诉工作的通知")],
            ["关于", "进一步做好全市政府机构涉诉案件应诉工作", "的通知"],
        ),
        # … else cut at the width, balanced, never before closing punctuation
        (
            [fixed("新沂市政府机构诚信建设示范单位创建活动实施细则补充说明")],
            ["新沂市政府机构诚信建设示范单", "位创建活动实施细则补充说明"],
        ),
        # a value longer than a line is cut, but never inside a number
        (
            [value("ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "1234567890" * 2)],
            ["ABCDEFGHIJKLMNOPQRSTUVW", "XYZ12345678901234567890"],
        ),
    ],
)
def test_title_lines(segments, lines):
    got = title_lines(segments, chars_per_line(156, 22), title_breaks())
    assert got == lines
    assert "".join(got) == "".join(s.text for s in segments)
    assert all(text_width(line) <= 20 for line in got)


@pytest.mark.parametrize(("mm", "pt", "chars"), [(156, 22, 20), (156, 16, 27), (100, 22, 12)])
def test_characters_a_line_holds_follow_width_and_size(mm, pt, chars):
    assert chars_per_line(mm, pt) == chars


def title_paragraph(doc):
    return next(p for p in doc.paragraphs if p.style.name == "公文标题" and p.text)


def lines_of(paragraph) -> list[str]:
    assert not paragraph._p.findall(".//" + qn("w:cr"))
    return paragraph.text.split("\n")


def test_a_generated_letter_carries_the_title_lines_as_breaks(actor, make_case):
    case = make_case("（2026）苏0381行初123号", plaintiffs=["王伟"], cause="行政处罚")
    plans = letters.plan_case_letter("reminder", case.id, issued_on=dt.date(2026, 11, 24))
    (document,) = letters.run(letters.generate(actor, plans)).documents
    title = title_paragraph(open_docx(str(register.file_of(document))))
    assert len(title._p.findall(".//" + qn("w:br"))) == 1
    assert lines_of(title) == ["关于做好（2026）苏0381行初123号案件", "和解及应诉工作的提醒函"]


def test_render_breaks_the_supervision_title_and_keeps_short_ones_whole():
    document, _ = load_template(shipped_template("supervision"), kind("supervision"))
    values = dict.fromkeys(kind("supervision").fields, "某")
    values["案号"] = CASE_NO
    render(document, values, {})
    assert lines_of(title_paragraph(document)) == [
        "关于督促履行（2026）苏0381行初123号",
        "生效裁判的函",
    ]
    document, _ = load_template(shipped_template("accountability"), kind("accountability"))
    render(document, dict.fromkeys(kind("accountability").fields, "某"), {"名单": []})
    title = title_paragraph(document)
    assert title.text == "关于移送政务失信记录的函" and not title._p.findall(".//" + qn("w:br"))


def test_a_clerks_title_over_several_runs_keeps_its_formatting_and_own_breaks(tmp_path):
    document = open_docx(str(shipped_template("sanction_notice")))
    title = title_paragraph(document)
    for run in title.runs[1:]:
        run._r.getparent().remove(run._r)
    title.runs[0].text = "关于对逾期未整改失信政府机构"
    title.add_run("实施联合惩戒措施的告知函").bold = True
    render(document, dict.fromkeys(kind("sanction_notice").fields, "某"), {"名单": []})
    assert lines_of(title) == ["关于对逾期未整改失信政府机构", "实施联合惩戒措施的告知函"]
    assert [r.bold for r in title.runs] == [None, True]
    # a title the clerk broke by hand is left as it is
    document = open_docx(str(shipped_template("sanction_notice")))
    title = title_paragraph(document)
    title.runs[0].text = "关于对逾期未整改失信政府机构实施联合惩戒措施"
    title.runs[0].add_break()
    title.add_run("的告知函")
    render(document, dict.fromkeys(kind("sanction_notice").fields, "某"), {"名单": []})
    assert lines_of(title) == ["关于对逾期未整改失信政府机构实施联合惩戒措施", "的告知函"]
