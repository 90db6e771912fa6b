"""The inspection report (专项督查情况报告) as .docx in the GB/T 9704-2012 layout: A4,
margins 37/35/28/26 mm, title 2号 方正小标宋简体, body 3号 仿宋_GB2312 in 22 lines,
headings 黑体 and 楷体, page numbers "— 1 —" in 4号 宋体 at the outside edge. Chinese
fonts are set as East Asian fonts, or Word and WPS would show a Latin font."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xinyi_desktop.rules.dates import format_date

FANGSONG, TITLE, HEITI, KAITI, SONGTI = (
    "仿宋_GB2312",
    "方正小标宋简体",
    "黑体",
    "楷体_GB2312",
    "宋体",
)
NUMBERS = "一二三四五六七八九十"


def _fonts(run, east_asia: str, size: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    fonts.set(qn("w:ascii"), "Times New Roman")
    fonts.set(qn("w:hAnsi"), "Times New Roman")
    fonts.set(qn("w:eastAsia"), east_asia)


def _paragraph(doc, text: str, *, font=FANGSONG, size=16, align=None, indent=True):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28.95)  # 22 lines in the 225 mm text area
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(size * 2)
    if align is not None:
        fmt.alignment = align
    _fonts(paragraph.add_run(text), font, size)
    return paragraph


def _page_number(footer) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = footer.paragraphs[0]
    paragraph.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _fonts(paragraph.add_run("— "), SONGTI, 14)
    for kind in ("begin", "instr", "end"):
        run = paragraph.add_run()
        _fonts(run, SONGTI, 14)
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
    _fonts(paragraph.add_run(" —"), SONGTI, 14)


def write(round_, items, follow, path: Path, *, today: dt.date) -> Path:
    """``items``: [(finding, [fix, …]), …]; ``follow``: fix id → follow-ups."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    from xinyi_desktop.settings import get_setting

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _page_number(section.footer)
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(
        doc, f"关于{round_.title}情况的报告", font=TITLE, size=22, align=center, indent=False
    )
    _paragraph(doc, "", indent=False)
    period = format_date(round_.started_on)
    if round_.ended_on:
        period += f"至{format_date(round_.ended_on)}"
    departments = "、".join(round_.departments)
    fixes = [x for _, found in items for x in found]
    done = sum(1 for x in fixes if x.status == "done")
    _paragraph(
        doc,
        f"{period}，{get_setting('office.name')}依照新信用发〔2018〕6号的要求，"
        f"对{departments}落实政府机构失信治理工作情况开展专项督查。"
        + (f"督查内容：{round_.scope}。" if round_.scope else "")
        + f"共发现问题{len(items)}个，交办整改事项{len(fixes)}项，已完成{done}项。"
        + "现将有关情况报告如下。",
    )
    _paragraph(doc, "一、发现的问题及整改情况", font=HEITI)
    if not items:
        _paragraph(doc, "本轮督查未发现问题。")
    for index, (finding, found) in enumerate(items):
        number = NUMBERS[index] if index < len(NUMBERS) else str(index + 1)
        _paragraph(doc, f"（{number}）{finding.department}", font=KAITI)
        _paragraph(doc, f"发现问题：{finding.found}")
        for fix in found:
            state = (
                f"已于{format_date(fix.done_on)}完成：{fix.result}"
                if fix.status == "done"
                else ("尚未完成，已逾期" if fix.due_on < today else "正在整改")
            )
            _paragraph(
                doc,
                f"整改要求：{fix.requirement}；责任人：{fix.responsible}（{fix.unit}）；"
                f"整改期限：{format_date(fix.due_on)}；整改情况：{state}。",
            )
            for note in follow.get(fix.id, []):
                _paragraph(doc, f"{format_date(note.noted_on)}跟踪：{note.text}")
    _paragraph(doc, "二、总体评价", font=HEITI)
    _paragraph(doc, round_.summary or "（待填写）")
    _paragraph(doc, "三、下一步工作", font=HEITI)
    _paragraph(
        doc,
        "对尚未完成的整改事项，信用办将逐项跟踪督办，按期复查整改结果；"
        "对整改不力的单位，按规定报请市政府通报。",
    )
    _paragraph(doc, "", indent=False)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(doc, get_setting("office.name"), align=right, indent=False)
    _paragraph(doc, format_date(today), align=right, indent=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
