"""The GB/T 9704 layout of the shipped templates (信函格式 head, signature, 版记, tables),
checked in the XML and, where LibreOffice is installed, on the rendered pages."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.enum.text import WD_LINE_SPACING
from docx.oxml.ns import qn

from xinyi_desktop.documents.catalog import kinds, shipped_template
from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters

LETTERS = sorted(
    k for k, kind in kinds().items() if kind.layout == "letter" and k != "monthly_report"
)
SIGNED = [*LETTERS, "request"]
LISTS = ("request", "sanction_notice", "accountability")
TODAY = dt.date(2026, 11, 24)
MM_PER_PT = 25.4 / 72


def border(paragraph, side: str):
    found = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn(f'w:{side}')}")
    return None if found is None else (found.get(qn("w:val")), int(found.get(qn("w:sz"))))


def reach_mm(paragraph) -> float:
    """How long a paragraph's rule is: the text area widened by its (negative) indents."""
    fmt = paragraph.paragraph_format
    return 156 - (fmt.left_indent or 0) / 36000 - (fmt.right_indent or 0) / 36000


@pytest.mark.parametrize("key", LETTERS)
def test_the_letterhead_sender_has_its_own_line_with_its_top_at_30_mm(key):
    """GB/T 9704 §10.1: the mark's top edge 30 mm from the page top, a red double rule
    (thick over thin) 4 mm under it and one (thin over thick) 20 mm from the bottom, both
    170 mm long, centred. The mark is a 22 pt run: its line must be higher than 1 pt."""
    section = open_docx(str(shipped_template(key))).sections[0]
    mark, rule = section.first_page_header.paragraphs[:2]
    assert mark.text == "{{发文机关全称}}"
    run = mark.runs[0]
    assert run.font.color.rgb == (0xFF, 0x00, 0x00) and run.font.size.pt == 22
    fmt = mark.paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    line = fmt.line_spacing.pt
    assert line >= run.font.size.pt
    # Word, WPS and LibreOffice put an exact line's baseline at 80 % of it; a CJK
    # character's ink starts about 0.83 em above the baseline.
    ink_top = section.header_distance.mm + (0.8 * line - 0.83 * 22) * MM_PER_PT
    assert ink_top == pytest.approx(30, abs=0.5)
    assert rule.text == "" and border(rule, "bottom") == ("thickThinSmallGap", 24)
    assert reach_mm(rule) == pytest.approx(170, abs=0.1)
    # Word's thickThin: the thick line towards the paragraph — under the lower rule's
    # paragraph's top edge, so thin over thick
    footer = section.first_page_footer.paragraphs[0]
    assert border(footer, "top") == ("thickThinSmallGap", 24)
    assert reach_mm(footer) == pytest.approx(170, abs=0.1)
    assert round(section.footer_distance.mm) == 20
    assert section.different_first_page_header_footer


@pytest.mark.parametrize("key", SIGNED)
def test_the_signature_goes_with_the_last_lines_of_the_body(key):
    """Keep-with-next from the body's last paragraph to the date, so the signature and
    date never stand alone on a page (nor the 附件说明 and 附注 of a 请示)."""
    paragraphs = open_docx(str(shipped_template(key))).paragraphs
    names = [p.style.name for p in paragraphs]
    sign = names.index("发文机关署名")
    index = sign
    while True:
        index -= 1
        paragraph = paragraphs[index]
        assert paragraph.paragraph_format.keep_with_next, (key, paragraph.text)
        text = paragraph.text
        if names[index] == "公文正文" and text and not text.startswith(("联系人", "附件：")):
            break
    assert paragraphs[sign].paragraph_format.keep_with_next
    date = paragraphs[sign + 1]
    assert date.style.name == "成文日期"
    if key == "request":  # the 附注 follows the date
        assert date.paragraph_format.keep_with_next and paragraphs[sign + 2].style.name == "附注"


def frame_of(paragraph):
    frame = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:framePr')}")
    return None if frame is None else {k.split("}")[1]: v for k, v in frame.attrib.items()}


@pytest.mark.parametrize("key", ["reminder", "supervision", "rectification"])
def test_the_copy_line_of_a_letter_stands_at_the_foot_of_the_last_page(key):
    """信函: 抄送 only, no 印发 and no separator rules, 版心内最下方 (GB/T 9704 §10.1)."""
    doc = open_docx(str(shipped_template(key)))
    (copy,) = [p for p in doc.paragraphs if p.text.startswith("抄送：")]
    assert frame_of(copy) == {
        "w": str(int(156 * 56.7)),
        "wrap": "notBeside",
        "vAnchor": "margin",
        "hAnchor": "margin",
        "xAlign": "center",
        "yAlign": "bottom",
    }
    assert border(copy, "top") is None and border(copy, "bottom") is None
    assert not any("印发" in p.text for p in doc.paragraphs)
    date = doc.paragraphs[[p._p for p in doc.paragraphs].index(copy._p) - 1]
    assert date.style.name == "成文日期" and date.paragraph_format.keep_with_next


def test_the_record_of_the_request_stands_at_the_foot_after_its_list():
    """版记 after the attachment (§7.3.7), at the foot of the last page, between two thick
    rules as wide as the text area (§7.4.1)."""
    doc = open_docx(str(shipped_template("request")))
    body = list(doc.element.body)
    (printed,) = [p for p in doc.paragraphs if "印发" in p.text]
    assert frame_of(printed)["yAlign"] == "bottom"
    assert body.index(printed._p) > body.index(doc.tables[0]._tbl)
    assert border(printed, "top") == ("single", 8) == border(printed, "bottom")
    assert reach_mm(printed) == pytest.approx(156, abs=0.1)


def test_titles_and_tables_keep_their_own_line_heights_and_rows_stay_whole():
    doc = open_docx(str(shipped_template("request")))
    for name in ("公文标题", "表格文字", "表格标题"):
        grid = doc.styles[name].element.pPr.find(qn("w:snapToGrid"))
        assert grid is not None and grid.get(qn("w:val")) == "0", name
    for key in (*LISTS, "assignment"):
        tables = open_docx(str(shipped_template(key))).tables
        for row in tables[0].rows:
            assert row._tr.trPr.find(qn("w:cantSplit")) is not None, key
        if key in LISTS:
            assert tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


# --- the pages LibreOffice renders --------------------------------------------------------


def _has_writer() -> bool:
    """LibreOffice with its word processor: Debian splits it off (libreoffice-writer), and
    a machine with Calc alone converts no .docx."""
    soffice = shutil.which("soffice")
    if not soffice:
        return False
    program = Path(soffice).resolve().parent
    return any(program.glob("*swlo.*")) or any(program.glob("swriter*"))


needs_office = pytest.mark.skipif(
    not (_has_writer() and shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="LibreOffice Writer 与 poppler 未安装：不渲染页面",
)


def render(paths, folder):
    """PDFs of ``paths`` through LibreOffice (its own profile: other runs may be open);
    the blank pages an odd-page section start leaves are kept, as a printer gets them."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{folder}/profile",
            "--headless",
            "--convert-to",
            'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}',
            "--outdir",
            str(folder),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return [folder / (p.stem + ".pdf") for p in paths]


def page_text(pdf, page: int) -> str:
    """The page's text, without the spaces the PDF puts between runs of type."""
    text = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.replace(" ", "")


def page_count(pdf) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


DPI = 100


def ink_bands(pdf, page: int, red: bool):
    """(top mm, bottom mm, left mm, right mm) of each band of red (or dark) rows."""
    data = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), str(pdf)],
        check=True,
        capture_output=True,
    ).stdout
    _, size, _, pixels = data.split(b"\n", 3)
    width, height = map(int, size.split())
    rows = []
    for y in range(height):
        line = pixels[y * width * 3 : (y + 1) * width * 3]
        xs = [
            x
            for x in range(width)
            if (
                line[3 * x] > 180 and line[3 * x + 1] < 110 and line[3 * x + 2] < 110
                if red
                else max(line[3 * x : 3 * x + 3]) < 110
            )
        ]
        if xs:
            rows.append((y, xs[0], xs[-1]))
    bands = []
    for y, x0, x1 in rows:
        if bands and y == bands[-1][1] + 1:
            top, _, left, right = bands[-1]
            bands[-1] = [top, y, min(left, x0), max(right, x1)]
        else:
            bands.append([y, y, x0, x1])
    mm = 25.4 / DPI
    return [(t * mm, (b + 1) * mm, x0 * mm, (x1 + 1) * mm) for t, b, x0, x1 in bands]


@pytest.fixture
def documents(actor, make_case, office_contact):
    """A reminder, a 请示 with its list, and a combined print file of three 交办单."""
    from tests.test_letters import overdue_case

    sued = make_case("(2026)苏0381行初12号", plaintiffs=["王伟"], cause="行政处罚", filed_on=TODAY)
    made = {}
    plans = letters.plan_case_letter("reminder", sued.id, issued_on=TODAY)
    made["reminder"] = letters.run(letters.generate(actor, plans)).documents[0]
    overdue_case(actor, make_case)
    plans = letters.plan_escalation("request", issued_on=TODAY)
    made["request"] = letters.run(letters.generate(actor, plans)).documents[0]
    cases = [
        make_case(f"(2026)苏0381行初{i}号", plaintiffs=["李娜"], filed_on=TODAY) for i in (1, 2, 3)
    ]
    plans, _ = letters.plan_case_batch(
        "assignment",
        [c.id for c in cases],
        issued_on=TODAY,
        inputs={"交办事项": "准备应诉", "办结时限": dt.date(2026, 12, 4)},
    )
    combined = letters.run(letters.generate(actor, plans, combined=True)).combined
    files = {name: register.file_of(d) for name, d in made.items()}
    files["sheets"] = combined
    return files


@needs_office
def test_the_rendered_pages_follow_gb_t_9704(documents, tmp_path):
    names = list(documents)
    copies = []
    for name in names:  # plain file names for LibreOffice
        copies.append(tmp_path / f"{name}.docx")
        shutil.copyfile(documents[name], copies[-1])
    reminder, request, sheets = render(copies, tmp_path)

    # 信函 head: the red mark's top at 30 mm; thick over thin 4 mm under it, 170 mm long;
    # thin over thick 20 mm from the bottom
    red = ink_bands(reminder, 1, red=True)
    mark, thick, thin = red[:3]
    assert mark[0] == pytest.approx(30, abs=1)
    assert thick[0] - mark[1] == pytest.approx(4, abs=1)
    assert thick[1] - thick[0] > 2 * (thin[1] - thin[0])  # the thick line on top
    lower_thin, lower_thick = red[-2:]
    assert lower_thick[1] - lower_thick[0] > 2 * (lower_thin[1] - lower_thin[0])
    assert 297 - lower_thick[1] == pytest.approx(20, abs=1.2)
    for band in (thick, thin, lower_thin, lower_thick):
        assert band[3] - band[2] == pytest.approx(170, abs=1)
        assert (band[2] + band[3]) / 2 == pytest.approx(28 + 156 / 2, abs=1)  # on the 版心

    # the signature page also carries body text; 抄送 at the foot of that (last) page
    last = page_count(reminder)
    text = page_text(reminder, last)
    assert "新沂市社会信用体系建设领导小组办公室" in text and "2026年11月24日" in text
    assert "请将和解或应诉情况及时书面反馈我办" in text
    copy_band = ink_bands(reminder, last, red=False)[-2]  # the last is the page number
    assert 262 - copy_band[1] < 5  # the text area ends 35 mm above the bottom
    assert "抄送：新沂市人民法院。" in text

    # the 请示: 妥否，请批示 with the signature; the 版记 at the foot of the last page
    pages = [page_text(request, n) for n in range(1, page_count(request) + 1)]
    signed = next(t for t in pages if "领导小组办公室\n2026年11月24日" in t)
    assert "妥否，请批示。" in signed and "（联系人：王明；联系电话：0516-88921234）" in signed
    assert "新沂市社会信用体系建设领导小组办公室" in pages[-1] and "新沂市棋盘镇人民" in pages[-1]
    assert "2026年11月24日印发" in pages[-1]  # one 印发机关 setting: the full name by default
    rules = [b for b in ink_bands(request, len(pages), red=False) if b[1] - b[0] < 0.6]
    assert rules and 262 - rules[-1][1] < 1  # the last rule on the text area's lower edge

    # three one-page sheets printed on both sides: each starts a new sheet
    assert page_count(sheets) == 5
    assert [bool(page_text(sheets, n).strip()) for n in range(1, 6)] == [
        True,
        False,
        True,
        False,
        True,
    ]
