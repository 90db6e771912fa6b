"""Build the shipped letter templates: ``python resources/templates/build_templates.py``
(or ``… build_templates.py FOLDER KIND …`` for some of them elsewhere).

Each template is a real ``.docx`` in the GB/T 9704-2012 format that the office can open and
edit in Word or WPS; placeholders are written ``{{名称}}`` and declared per template in
``templates.json``. Re-run after changing a layout here; the program never runs this.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from docx_format import (  # noqa: E402
    FANGSONG,
    KAITI,
    RED,
    XIAOBIAOSONG,
    add_paragraph,
    border,
    cant_split,
    cell_margins,
    cell_vcenter,
    frame_at_foot,
    keep_with_next,
    new_document,
    no_grid,
    overhang,
    page_numbers,
    repeat_header,
    right_tab,
    row_height,
    set_fonts,
    solid_rule,
    table,
    tiny,
)

POLICY = "《关于建立健全政府机构失信治理长效机制实施意见》（新信用发〔2018〕6号）"


# 信函格式 (GB/T 9704-2012 §10.1). The mark's line has an exact height, so Word, WPS and
# LibreOffice all put its baseline at 80 % of it; a CJK character's ink starts about
# 0.83 em above the baseline. The header starts that much above 30 mm.
MARK_TOP_MM = 30
MARK_SIZE_PT = 22
MARK_LINE_PT = 28
MARK_INK_ABOVE_BASELINE = 0.83
# The rule 4 mm under the mark's lower edge (ink about 0.07 em under the baseline) and the
# number 7/8 of a 3号 character (4.94 mm) under the rule.
RULE_GAP_PT = 4 / 25.4 * 72 - (MARK_LINE_PT * 0.2 - MARK_SIZE_PT * 0.07)
NUMBER_GAP_PT = 1.5


def mark_header_distance() -> float:
    """Millimetres from the page top to the mark's line: its ink then starts at 30 mm."""
    ink = MARK_LINE_PT * 0.8 - MARK_SIZE_PT * MARK_INK_ABOVE_BASELINE
    return MARK_TOP_MM - ink * 25.4 / 72


def letter_head(doc) -> None:
    """函 (信函格式): the sender in red, its top 30 mm from the page top, a red double rule
    (thick over thin) 4 mm under it, the number flush right under the rule; no page number
    on page one, and a red double rule (thin over thick) 20 mm from the bottom of page one.
    Both rules are 170 mm long, centred."""
    page_numbers(doc, first_page=False)
    section = doc.sections[0]
    section.header_distance = Mm(mark_header_distance())
    header = section.first_page_header
    mark = header.paragraphs[0]
    mark.style = "版头"
    fmt = mark.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(MARK_LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    no_grid(mark._p)
    run = mark.add_run("{{发文机关全称}}")
    run.font.color.rgb = RED
    set_fonts(run._r, XIAOBIAOSONG, MARK_SIZE_PT)
    rule = header.add_paragraph()
    tiny(rule)
    rule.paragraph_format.space_after = Pt(NUMBER_GAP_PT)
    no_grid(rule._p)
    overhang(rule)
    # Word's thickThin: the thick line inside (towards the paragraph), the thin one outside.
    border(rule, "bottom", "thickThinSmallGap", 24, "FF0000", round(RULE_GAP_PT))
    footer_rule = section.first_page_footer.paragraphs[0]
    tiny(footer_rule)
    overhang(footer_rule)
    border(footer_rule, "top", "thickThinSmallGap", 24, "FF0000", 0)
    add_paragraph(doc, "{{发文字号}}", "发文字号")
    add_paragraph(doc)


# 上行文 (GB/T 9704-2012 §7.2.4): the mark's top edge 35 mm under the text area's top edge
# (72 mm from the page top), on an exact line whose ink starts where the 信函 head's does.
UPWARD_MARK_GAP_MM = 35
UPWARD_MARK_PT = 24
UPWARD_MARK_LINE_PT = 36
# §7.2.7: the red rule 4 mm under the 发文字号 line's lower edge. The line's ink ends about
# 6 pt above where a bottom border with no space would be drawn (measured in the render),
# so the border stands that much less below the paragraph.
NUMBER_RULE_PT = 4 / 25.4 * 72 - 6


def upward_head(doc) -> None:
    """上行文 (请示): the red sender mark 35 mm under the text area's top, two lines below it
    the number (one character in) and 签发人 (one character from the right) on one line,
    a red rule as wide as the text area 4 mm under them, the title two lines below the
    rule (§7.2.4–7.2.7, §7.3.1); page numbers on every page."""
    page_numbers(doc, first_page=True)
    # the room above the mark: an empty line of that exact height (a space before the
    # first paragraph of a page is not kept by every program)
    ink = UPWARD_MARK_LINE_PT * 0.8 - UPWARD_MARK_PT * MARK_INK_ABOVE_BASELINE
    spacer = add_paragraph(doc)
    tiny(spacer, UPWARD_MARK_GAP_MM / 25.4 * 72 - ink)
    spacer._p.pPr.find(qn("w:rPr")).find(qn("w:sz")).set(qn("w:val"), "2")
    no_grid(spacer._p)
    mark = add_paragraph(
        doc, "{{发文机关全称}}", "版头", color=RED, east_asia=XIAOBIAOSONG, size=UPWARD_MARK_PT
    )
    fmt = mark.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(UPWARD_MARK_LINE_PT)
    fmt.space_before = fmt.space_after = Pt(0)
    no_grid(mark._p)
    add_paragraph(doc)
    add_paragraph(doc)  # 发文字号 编排在发文机关标志下空二行位置 (§7.2.5)
    line = add_paragraph(doc, "", "主送机关")  # no indent: the rule spans the text width
    right_tab(line, 1)
    line.add_run("\u3000{{发文字号}}\t签发人：")
    name = line.add_run("{{签发人}}")
    set_fonts(name._r, KAITI, 16)
    border(line, "bottom", "single", 12, "FF0000", round(NUMBER_RULE_PT))
    add_paragraph(doc)  # the title 编排于红色分隔线下空二行位置 (§7.3.1)


def title_and_recipient(doc, title: str, recipient: str = "{{收文单位}}：") -> None:
    add_paragraph(doc)
    add_paragraph(doc, title, "公文标题")
    add_paragraph(doc)
    add_paragraph(doc, recipient, "主送机关")


def body(doc, *paragraphs: str) -> None:
    for text in paragraphs:
        add_paragraph(doc, text, "公文正文")


def signature(doc, *, contact: bool = True) -> None:
    """The contact line, then the issuing organ's full name (the name of the letterhead)
    and the date. The last line of the body goes with them to the next page rather than
    let the signature stand alone (GB/T 9704 §7.3.5: never a page with only the signature
    and date), hence keep-with-next from the body's last paragraph to the date."""
    keep_with_next(doc.paragraphs[-1])
    if contact:
        body(doc, "联系人：{{联系人}}；联系电话：{{联系电话}}。")
        keep_with_next(doc.paragraphs[-1])
    for _ in range(2):  # room for the seal over the name and date
        keep_with_next(add_paragraph(doc))
    keep_with_next(add_paragraph(doc, "{{发文机关全称}}", "发文机关署名"))
    add_paragraph(doc, "{{成文日期}}", "成文日期")


def copy_line(doc) -> None:
    """函: 抄送 only (no 印发 line, no separator rules), at the foot of the last page's
    text area (GB/T 9704 §10.1); it follows the date onto that page."""
    keep_with_next(doc.paragraphs[-1])
    frame_at_foot(add_paragraph(doc, "抄送：{{抄送单位}}。", "版记"))
    tiny(add_paragraph(doc))  # the frame's anchor: a paragraph that takes no room


def annex_line(doc, title: str) -> None:
    """附件说明: one line under the body, indented two characters (GB/T 9704 §7.3.4)."""
    keep_with_next(doc.paragraphs[-1])
    keep_with_next(add_paragraph(doc))
    annex = add_paragraph(doc, f"附件：{title}", "公文正文")
    annex.paragraph_format.left_indent = Pt(32)
    annex.paragraph_format.first_line_indent = Pt(0)


def annex_note(doc, title: str) -> None:
    """Contact line, then the attachment note one line below the body, then the
    signature, the body's last line going with them."""
    keep_with_next(doc.paragraphs[-1])
    body(doc, "联系人：{{联系人}}；联系电话：{{联系电话}}。")
    annex_line(doc, title)
    signature(doc, contact=False)


def attachment(doc, title: str, widths, header, row) -> None:
    """附件: on a new page, "附件" in the first line, the title, the list; the header row
    repeats on every page and no row is cut across two (GB/T 9704 §7.3.7, §8)."""
    label = add_paragraph(doc, "附件", "附件标识")
    label.paragraph_format.page_break_before = True
    add_paragraph(doc)
    add_paragraph(doc, title, "公文标题")
    add_paragraph(doc)
    tbl = table(doc, widths, header, [row])
    repeat_header(tbl.rows[0])
    for r in tbl.rows:
        row_height(r, 9)
        for cell in r.cells:
            cell_vcenter(cell)
    tiny(add_paragraph(doc))  # Word wants a paragraph after a table; it takes no room


def record_block(doc) -> None:
    """版记 of the 请示: 印发机关 (one character in) and 印发日期 (one character from the
    right) between two thick rules as wide as the text area, standing at the foot of the
    last page (GB/T 9704 §7.4). The 请示 has no 抄送 (it goes to one organ)."""
    printed = add_paragraph(doc, "\u3000{{印发机关}}\t{{印发日期}}印发", "版记")
    fmt = printed.paragraph_format
    fmt.left_indent = fmt.right_indent = Pt(0)
    right_tab(printed, 1, size=14)
    border(printed, "top", "single", 8, "000000", 1)
    border(printed, "bottom", "single", 8, "000000", 1)
    frame_at_foot(printed)
    tiny(add_paragraph(doc))  # the frame's anchor


def reminder(doc) -> None:
    letter_head(doc)
    title_and_recipient(doc, "关于做好{{案号}}案件和解及应诉工作的提醒函")
    body(
        doc,
        "{{审理法院}}通报，{{原告}}诉你单位{{案由}}一案（案号：{{案号}}）已于{{立案日期}}立案。"
        f"根据{POLICY}要求，现就有关事项提醒如下：",
        "一、请你单位高度重视，主动与原告沟通协调，在依法依规的前提下积极寻求和解，从源头上化解矛盾纠纷。",
        "二、不能和解的，请在收到起诉状副本之日起十五日内，向人民法院提交答辩状以及作出行政行为的证据和所依据的规范性文件，"
        "认真做好应诉准备，行政机关负责人依法出庭应诉。",
        "三、请将和解或应诉情况及时书面反馈我办。",
    )
    signature(doc)
    copy_line(doc)


def supervision(doc) -> None:
    letter_head(doc)
    title_and_recipient(doc, "关于督促履行{{案号}}生效裁判的函")
    body(
        doc,
        "{{审理法院}}审理的{{原告}}诉你单位{{案由}}一案（案号：{{案号}}），"
        "裁判已于{{判决生效日期}}发生法律效力，你单位为败诉方。"
        f"根据{POLICY}要求，现督促如下：",
        "一、请你单位在{{履行期限}}前全面履行生效裁判确定的义务，或与申请人达成和解协议并履行完毕。",
        "二、逾期不履行的，人民法院将依法把你单位纳入失信被执行人名单，"
        "我办将会同有关部门对你单位及法定代表人、主要负责人、直接负责人实施联合惩戒。",
        "三、请于履行完毕之日起五个工作日内将履行情况书面反馈我办。",
    )
    signature(doc)
    copy_line(doc)


def rectification(doc) -> None:
    letter_head(doc)
    title_and_recipient(doc, "限期整改通知书", "{{收文单位}}法定代表人{{法定代表人}}同志：")
    body(
        doc,
        "据{{审理法院}}通报，你单位因{{案号}}案件未履行生效法律文书确定的义务，"
        "已于{{列入失信日期}}被列入全国法院失信被执行人名单。"
        f"根据{POLICY}要求，现通知如下：",
        "一、请你单位于{{整改期限}}前完成整改：全面履行生效法律文书确定的义务，"
        "或与申请执行人达成和解协议并履行完毕，并及时申请人民法院删除失信信息。",
        "二、请明确整改责任人，做到责任到人。你单位登记的相关责任人员：{{责任人员}}。",
        "三、逾期未整改的，我办将报请市政府核定，会同联合惩戒单位依规实施失信约谈、限制融资、取消评先、"
        "记入系统、限制投资、限制补助、限制消费等惩戒措施，并启动问责程序。",
        "请于{{整改期限}}前将整改情况书面报送我办。",
    )
    signature(doc)
    copy_line(doc)


def assignment(doc) -> None:
    """交办单: a one-page table; no page number."""
    office = add_paragraph(doc, "{{发文机关全称}}", "公文标题")
    office.paragraph_format.line_spacing = Pt(28)
    office.runs[0].font.size = Pt(18)
    add_paragraph(doc, "交　办　单", "公文标题")
    number = add_paragraph(doc, "编号：{{发文字号}}", "发文字号")
    number.paragraph_format.space_after = Pt(4)
    label, value = 2.6, 5.2
    rows = [
        (["交办事项", "{{交办事项}}"], 16),
        (["承办单位", "{{承办单位}}", "交办日期", "{{交办日期}}"], 11),
        (["相关案号", "{{案号}}", "办结时限", "{{办结时限}}"], 11),
        (["办理要求", "{{办理要求}}"], 40),
        (["办理结果\n反馈", ""], 40),
        (["交办单位", "{{发文机关全称}}"], 10),
        (["联 系 人", "{{联系人}}", "联系电话", "{{联系电话}}"], 10),
        (["签 收 人", "", "签收时间", "　　年　　月　　日"], 10),
    ]
    tbl = table(doc, [label, value, label, value], None, [])
    for values, height in rows:
        row = tbl.add_row()
        row_height(row, height)
        cant_split(row)
        cells = row.cells
        if len(values) == 2:
            cells[1].merge(cells[3])
        for i, text in enumerate(values):
            cell = cells[i] if len(values) == 4 else cells[0 if i == 0 else 1]
            cell_vcenter(cell)
            lines = text.split("\n")
            paragraph = cell.paragraphs[0]
            for j, line_text in enumerate(lines):
                if j:
                    paragraph = cell.add_paragraph()
                paragraph.style = "主送机关"
                paragraph.paragraph_format.line_spacing = Pt(22)
                no_grid(paragraph._p)
                paragraph.paragraph_format.alignment = (
                    WD_ALIGN_PARAGRAPH.CENTER if i % 2 == 0 else WD_ALIGN_PARAGRAPH.LEFT
                )
                if line_text:
                    run = paragraph.add_run(line_text)
                    set_fonts(run._r, "黑体" if i % 2 == 0 else FANGSONG, 14)
    tiny(add_paragraph(doc))  # Word wants a paragraph after a table; it takes no room
    section = doc.sections[0]
    section.different_first_page_header_footer = False


LIST_REQUEST = (
    [1.0, 3.4, 4.1, 3.1, 2.0, 2.0],  # the 18-character credit code on one line
    ["序号", "单位名称", "统一社会信用代码", "相关案号", "列入失信日期", "整改期限"],
    [
        "{{名单.序号}}",
        "{{名单.单位名称}}",
        "{{名单.信用代码}}",
        "{{名单.案号}}",
        "{{名单.列入日期}}",
        "{{名单.整改期限}}",
    ],
)


def request(doc) -> None:
    upward_head(doc)
    add_paragraph(doc)
    add_paragraph(doc, "关于逾期未整改失信政府机构名单的请示", "公文标题")
    add_paragraph(doc)
    add_paragraph(doc, "{{收文单位}}：", "主送机关")
    body(
        doc,
        f"根据{POLICY}要求，截至{{{{统计日期}}}}，全市共有{{{{单位数量}}}}家政府机构被列入失信被执行人名单后"
        "逾期未完成整改（名单附后）。",
        "为加大惩戒力度，督促失信政府机构尽快整改，现将名单报请市政府核定。核定后，我办将会同联合惩戒单位，"
        "依规对上述单位及其法定代表人、主要负责人、直接负责人实施联合惩戒措施，并将其失信情况记入政务失信记录，"
        "移送组织人事部门作为干部考核、任用的参考。",
        "妥否，请批示。",
    )
    annex_line(doc, "逾期未整改失信政府机构名单")
    signature(doc, contact=False)
    keep_with_next(doc.paragraphs[-1])
    # 附注 (GB/T 9704 §7.3.6): a 请示 names its contact person and telephone.
    add_paragraph(doc, "（联系人：{{联系人}}；联系电话：{{联系电话}}）", "附注")
    attachment(doc, "逾期未整改失信政府机构名单", *LIST_REQUEST)
    record_block(doc)


def sanction_notice(doc) -> None:
    letter_head(doc)
    title_and_recipient(doc, "关于对逾期未整改失信政府机构实施联合惩戒措施的告知函")
    body(
        doc,
        "{{核定情况}}，{{单位数量}}家政府机构被列入失信被执行人名单后逾期未整改（名单附后）。"
        f"根据{POLICY}规定，请你单位依职责对名单内单位及其相关责任人员实施以下惩戒措施：",
        "{{惩戒措施}}",
        "请于收到本函之日起十个工作日内将落实情况书面反馈我办；名单内单位整改完毕的，我办将及时告知解除相关措施。",
    )
    annex_note(doc, "逾期未整改失信政府机构名单")
    attachment(
        doc,
        "逾期未整改失信政府机构名单",
        # Eight columns on the 156 mm text area: the credit code on one line, a name of
        # three characters on one line in each of the four persons' columns.
        [0.9, 2.9, 3.8, 1.5, 1.5, 1.5, 1.5, 2.0],
        [
            "序号",
            "单位名称",
            "统一社会信用代码",
            "法定代表人",
            "主要负责人",
            "直接负责人",
            "财务负责人",
            "相关案号",
        ],
        [
            "{{名单.序号}}",
            "{{名单.单位名称}}",
            "{{名单.信用代码}}",
            "{{名单.法定代表人}}",
            "{{名单.主要负责人}}",
            "{{名单.直接负责人}}",
            "{{名单.财务负责人}}",
            "{{名单.案号}}",
        ],
    )


def accountability(doc) -> None:
    letter_head(doc)
    title_and_recipient(doc, "关于移送政务失信记录的函")
    body(
        doc,
        "{{核定情况}}，{{单位数量}}家政府机构被列入失信被执行人名单后逾期未整改（名单附后）。"
        f"根据{POLICY}规定，现将上述单位及其法定代表人、主要负责人、直接负责人的政务失信记录移送你部，"
        "请作为干部考核评价、选拔任用的重要参考，并依规依纪追究相关人员责任。",
        "请将处理情况及时反馈我办。",
    )
    annex_note(doc, "政务失信记录名单")
    attachment(
        doc,
        "政务失信记录名单",
        [1.2, 3.4, 1.9, 1.9, 2.1, 3.0, 2.1],
        ["序号", "单位名称", "法定代表人", "主要负责人", "直接负责人", "相关案号", "列入日期"],
        [
            "{{名单.序号}}",
            "{{名单.单位名称}}",
            "{{名单.法定代表人}}",
            "{{名单.主要负责人}}",
            "{{名单.直接负责人}}",
            "{{名单.案号}}",
            "{{名单.列入日期}}",
        ],
    )


def report_head(doc) -> None:
    """月度通报 as a 简报-like 情况通报, not a 函: the report's name in red, the issue (期号)
    under it, then the sender and the date on one line over a red rule. Page numbers on
    every page; no 主送, no signature (the head names the sender); the 版记 names whom it
    goes to (报/送) and who printed it, by the same full name as the head."""
    page_numbers(doc, first_page=True)
    name = add_paragraph(
        doc, "政府机构失信治理工作情况通报", "版头", color=RED, east_asia=XIAOBIAOSONG, size=28
    )
    name.paragraph_format.space_before = Pt(24)
    name.paragraph_format.space_after = Pt(12)
    add_paragraph(doc, "{{期号}}", "版头", east_asia=FANGSONG, size=16)
    line = add_paragraph(doc, "", "主送机关")
    line.paragraph_format.space_before = Pt(12)
    right_tab(line, 0)
    line.add_run("{{发文机关全称}}\t{{成文日期}}")
    border(line, "bottom", "single", 18, "FF0000", 4)
    add_paragraph(doc)


def report_table(doc, widths, header, row, *, size: float = 10.5, group=None) -> None:
    """A table of the report: the header repeats on every page and keeps with the first
    row, no row splits across pages, narrow cell margins. ``size``: the type in points.
    ``group``: (label, first column, last column) — a second header level over those
    columns, whose own names are then the header's second row."""
    tbl = table(doc, widths, header, [row])
    cell_margins(tbl, 1)
    if group is not None:
        label, first, last = group
        top = tbl.rows[0]
        second = tbl.add_row()
        second._tr.getparent().remove(second._tr)
        top._tr.addnext(second._tr)
        for i, cell in enumerate(second.cells):
            cell.paragraphs[0].style = "表格标题"
            if first <= i <= last:
                cell.paragraphs[0].add_run(header[i])
                top.cells[i].paragraphs[0].runs[0].text = ""
            else:
                top.cells[i].merge(cell)
        merged = top.cells[first].merge(top.cells[last])
        for paragraph in merged.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        merged.paragraphs[0].runs[0].text = label
    header_rows = list(tbl.rows)[: 2 if group else 1]
    for r in tbl.rows:
        row_height(r, 7)
        cant_split(r)
        for cell in r.cells:
            cell_vcenter(cell)
            for paragraph in cell.paragraphs:
                no_grid(paragraph._p)
                for run in paragraph.runs:
                    run.font.size = Pt(size)
    for r in header_rows:
        repeat_header(r)
        for cell in r.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def heading(doc, text: str) -> None:
    """A heading never ends a page: it keeps with what follows."""
    add_paragraph(doc, text, "一级标题").paragraph_format.keep_with_next = True


# The by-area and by-agency tables (9 pt: fourteen columns in the 156 mm text width).
GROUP_HEAD = ["新增起诉", "败诉", "列入失信", "退出失信", "履行或和解"]
GROUP_KEYS = ["新增起诉", "败诉", "列入失信", "退出失信", "履行和解"]
GROUP_TAIL = ["发函", "整改逾期", "问责", "本月实施", "月末在实施"]
TAIL_KEYS = ["发函", "整改逾期", "问责", "本月实施", "在实施"]
MEASURES = "惩戒措施"


def monthly_report(doc) -> None:
    """定期通报 (item 八): figures, tables and charts of one month, to every unit concerned."""
    report_head(doc)
    add_paragraph(doc, "{{报告月份}}全市政府机构失信治理工作情况", "公文标题")
    add_paragraph(doc)
    body(
        doc,
        f"根据{POLICY}第八条关于定期通报的要求，现将{{{{报告月份}}}}全市政府机构失信治理工作情况通报如下。",
    )
    heading(doc, "一、总体情况")
    body(doc, "{{工作情况}}")
    heading(doc, "二、主要指标")
    report_table(
        doc,
        [6.2, 2.0, 2.0, 3.0, 2.4],
        ["项目", "本月", "上月", "较上月", "本年累计"],
        ["{{指标.项目}}", "{{指标.本月}}", "{{指标.上月}}", "{{指标.增减}}", "{{指标.本年累计}}"],
    )
    add_paragraph(doc, "{{图1}}", "表格文字")
    heading(doc, "三、分镇街（部门）情况")
    area_head = ["序号", "镇街/部门", *GROUP_HEAD, "在列单位", "较上月", *GROUP_TAIL]
    report_table(
        doc,
        [0.85, 3.15, 0.9, 0.9, 0.9, 0.9, 1.15, 0.9, 1.15, 0.9, 0.9, 0.9, 0.9, 1.2],
        area_head,
        [
            f"{{{{镇街.{k}}}}}"
            for k in ["序号", "名称", *GROUP_KEYS, "在列单位", "较上月", *TAIL_KEYS]
        ],
        size=9,
        group=(MEASURES, len(area_head) - 2, len(area_head) - 1),
    )
    add_paragraph(doc, "{{图2}}", "表格文字")
    heading(doc, "四、发函、整改和惩戒情况")
    lead = add_paragraph(doc, "本月共发出函件和交办单{{发函总数}}份，分类如下：", "公文正文")
    lead.paragraph_format.keep_with_next = True
    report_table(
        doc,
        [6.6, 3.0, 3.0, 3.0],
        ["文书种类", "本月", "上月", "本年累计"],
        ["{{发函.种类}}", "{{发函.本月}}", "{{发函.上月}}", "{{发函.本年累计}}"],
    )
    body(doc, "{{整改惩戒情况}}")
    report_table(
        doc,
        [6.6, 4.5, 4.5],
        ["惩戒措施状态", "本月变动", "月末总数"],
        ["{{措施.状态}}", "{{措施.本月}}", "{{措施.月末}}"],
    )
    heading(doc, "五、下一步工作")
    body(
        doc,
        "请各有关单位对照通报情况，认真落实政府机构失信治理长效机制：被诉案件积极寻求和解、"
        "依法应诉；败诉案件在履行期限内全面履行；已列入失信名单的单位限期完成整改，"
        "整改完毕后及时申请删除失信信息。",
        "联系人：{{联系人}}；联系电话：{{联系电话}}。",
    )
    add_paragraph(doc)
    annex = add_paragraph(doc, "附件：{{报告月份}}分单位情况", "公文正文")
    annex.paragraph_format.left_indent = Pt(32)
    annex.paragraph_format.first_line_indent = Pt(0)
    page_break = add_paragraph(doc)
    page_break.add_run().add_break(WD_BREAK.PAGE)
    add_paragraph(doc, "附件", "附件标识")
    add_paragraph(doc)
    add_paragraph(doc, "{{报告月份}}分单位情况", "公文标题").paragraph_format.keep_with_next = True
    add_paragraph(doc).paragraph_format.keep_with_next = True
    agency_head = ["序号", "单位名称", "镇街/部门", *GROUP_HEAD, *GROUP_TAIL, "月末在列"]
    report_table(
        doc,
        [0.85, 2.6, 1.7, 0.9, 0.9, 0.9, 0.9, 1.15, 0.9, 0.9, 0.9, 0.9, 1.2, 0.9],
        agency_head,
        [
            f"{{{{单位表.{k}}}}}"
            for k in ["序号", "单位名称", "镇街", *GROUP_KEYS, *TAIL_KEYS, "在列"]
        ],
        size=9,
        group=(MEASURES, len(agency_head) - 3, len(agency_head) - 2),
    )
    # 版记 (GB/T 9704 §7.4): one block at the foot of the last page, never split: a thick
    # rule, 报 and 送 one character in on both sides, a thin rule, 印发机关 one character in
    # and 印发日期 one from the right, a thick rule on the text area's lower edge. The rules
    # are filled paragraphs, not borders: see ``solid_rule``.
    tiny(add_paragraph(doc))  # after the table: LibreOffice frames no paragraph right after one
    block = [solid_rule(doc, 1)]
    block.append(add_paragraph(doc, "报：{{报送单位}}。", "版记"))
    block.append(add_paragraph(doc, "送：{{分送单位}}。", "版记"))
    block.append(solid_rule(doc, 0.75))
    printed = add_paragraph(doc, "\u3000{{印发机关}}\t{{印发日期}}印发", "版记")
    printed.paragraph_format.left_indent = printed.paragraph_format.right_indent = Pt(0)
    right_tab(printed, 1, size=14)
    block += [printed, solid_rule(doc, 1)]
    for paragraph in block:
        frame_at_foot(paragraph)
    tiny(add_paragraph(doc))  # the frame's anchor


BUILDERS = {
    "reminder": reminder,
    "supervision": supervision,
    "rectification": rectification,
    "assignment": assignment,
    "request": request,
    "sanction_notice": sanction_notice,
    "accountability": accountability,
    "monthly_report": monthly_report,
}


def build(kind: str, target: Path) -> Path:
    doc = new_document()
    BUILDERS[kind](doc)
    doc.core_properties.author = "新沂市信用办"
    doc.core_properties.title = kind
    doc.save(str(target))
    return target


def main(out: Path = HERE, only: list[str] | None = None) -> None:
    import json

    manifest = json.loads((HERE / "templates.json").read_text(encoding="utf-8"))
    for kind, info in manifest["kinds"].items():
        if only and kind not in only:
            continue
        path = build(kind, out / info["file"])
        print(f"{info['name']}: {path}")


if __name__ == "__main__":
    # build_templates.py [FOLDER [KIND …]]: every template into this folder by default
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE, sys.argv[2:] or None)
