"""The 请示's head and 版记, the monthly report's 版记, and the Qt print of lists, measured on
the pages LibreOffice and Qt render (GB/T 9704-2012 §7.2.4–7.2.7, §7.4, §7.5)."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from tests.test_letter_layout import ink_bands, needs_office, page_count, page_text, render
from tests.test_letters import TODAY, overdue_case
from xinyi_desktop.documents.catalog import shipped_template
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters
from xinyi_desktop.store.models import Agency

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
    reason="poppler 未安装：不测量 PDF 页面",
)
CODES = ["11320381483404926H", "113203810604503090", "11320381270219994X"]


@pytest.fixture
def request_file(actor, make_case, office_contact):
    """A 请示 listing three overdue bodies with their credit codes."""
    for number, name in enumerate(
        ("新沂市棋盘镇人民政府", "新沂市市场监督管理局", "新沂市交通运输局"), 7
    ):
        overdue_case(actor, make_case, f"(2025)苏0381行初{number}号", name)
    for agency, code in zip(Agency.select().order_by(Agency.name), CODES, strict=True):
        agency.credit_code = code
        agency.save()
    (request,) = letters.run(
        letters.generate(actor, letters.plan_escalation("request", issued_on=TODAY))
    ).documents
    return register.file_of(request)


def test_the_request_number_line_spans_the_text_width_and_indents_by_a_character():
    doc = open_docx(str(shipped_template("request")))
    (line,) = [p for p in doc.paragraphs if "{{发文字号}}" in p.text]
    assert line.text.startswith("\u3000{{发文字号}}\t签发人：")
    assert not line.paragraph_format.left_indent and not line.paragraph_format.right_indent
    assert line._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None
    spacer, mark = doc.paragraphs[:2]  # an exact line: every program keeps it at a page top
    assert spacer.text == "" and spacer.paragraph_format.line_spacing.pt > 80
    assert mark.text == "{{发文机关全称}}"


@needs_office
def test_the_request_head_stands_where_gb_t_9704_puts_it(request_file, tmp_path):
    copy = tmp_path / "request.docx"
    shutil.copyfile(request_file, copy)
    (pdf,) = render([copy], tmp_path)
    mark, rule = ink_bands(pdf, 1, red=True)[:2]
    # §7.2.4: the mark's top 35 mm under the text area's top (37 mm): 72 mm from the top
    assert mark[0] == pytest.approx(72, abs=0.6)
    # §7.2.7: the red rule as wide as the text area, centred on it, 4 mm under the number
    assert rule[3] - rule[2] == pytest.approx(156, abs=0.6)
    assert rule[2] == pytest.approx(28, abs=0.5)
    number = [b for b in ink_bands(pdf, 1, red=False) if b[1] < rule[0]][-1]
    assert rule[0] - number[1] == pytest.approx(4, abs=0.6)
    assert "签发人：张三" in page_text(pdf, 1)


@needs_poppler
def test_the_qt_print_puts_the_request_head_where_libreoffice_does(qtbot, request_file, tmp_path):
    from ui.docx_print import export_pdf

    pdf = export_pdf(request_file, tmp_path / "request_qt.pdf")
    mark, rule = ink_bands(pdf, 1, red=True)[:2]
    assert mark[0] == pytest.approx(72, abs=0.8)
    assert rule[3] - rule[2] == pytest.approx(156, abs=0.6)


@needs_office
def test_the_request_record_is_on_the_same_numbered_page_in_every_output(
    qtbot, request_file, tmp_path
):
    from ui.docx_print import DocxLayout, export_pdf

    copy = tmp_path / "request.docx"
    shutil.copyfile(request_file, copy)
    (office,) = render([copy], tmp_path)
    layout = DocxLayout(request_file, 1)
    qt = export_pdf(request_file, tmp_path / "request_qt.pdf")
    last = page_count(office)
    assert page_count(qt) == layout.page_count() == last
    assert layout.frame_page == last - 1
    for pdf in (office, qt):
        text = page_text(pdf, last)
        assert "2026年11月24日印发" in text.replace("⽉", "月").replace("⽇", "日")
        assert f"—{last}—" in text  # a page with the 版记 carries its number (§7.5)


@needs_poppler
def test_the_qt_print_draws_a_list_whole_and_a_credit_code_on_one_line(
    qtbot, request_file, tmp_path
):
    from ui.docx_print import export_pdf

    pdf = export_pdf(request_file, tmp_path / "request.pdf")
    last = page_count(pdf)
    text = page_text(pdf, last)
    for code in CODES:
        assert code in text  # not broken over two lines
    # the table's right border: dark ink at the text area's right edge (184 mm) all the way
    # down the table, as on its left edge (28 mm)
    bands = [b for b in ink_bands(pdf, last, red=False) if b[1] - b[0] > 20]
    table = max(bands, key=lambda b: b[1] - b[0])
    assert table[2] == pytest.approx(28, abs=0.5) and table[3] == pytest.approx(184, abs=0.5)


def test_a_pdf_that_cannot_be_written_is_refused_naming_the_file(qtbot, request_file, tmp_path):
    from ui.docx_print import export_pdf

    with pytest.raises(XinyiError, match="无法写出“/nonexistent/x.pdf”"):
        export_pdf(request_file, "/nonexistent/x.pdf")
    with pytest.raises(XinyiError, match=f"无法写出“{tmp_path}”"):
        export_pdf(request_file, tmp_path)  # a folder, not a file


def test_the_documents_page_says_the_pdf_was_not_written(
    qtbot, actor, request_file, answers, monkeypatch
):
    from ui import ask
    from ui.pages.documents import DocumentsPage

    page = DocumentsPage(actor)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    monkeypatch.setattr(ask, "save_file_name", lambda *args: "/nonexistent/x.pdf")
    page.export_selected()
    assert [kind for kind, _ in answers.messages] == ["warning"]
    assert "/nonexistent/x.pdf" in answers.messages[0][1]


# --- the monthly report's 版记 ----------------------------------------------------------

UNITS = [f"新沂市第{i}测试单位" for i in range(1, 31)]


@pytest.fixture
def monthly_file(qapp, actor, tmp_path):
    from ui.charts import QtChartRenderer
    from xinyi_desktop.reports.monthly import build_report
    from xinyi_desktop.reports.monthly_files import write_docx
    from xinyi_desktop.rules.report_rules import Month

    report = build_report(Month(2026, 11), TODAY)
    return write_docx(
        report,
        tmp_path / "monthly.docx",
        distribution=["新沂市人民政府办公室", *UNITS],
        renderer=QtChartRenderer(),
        issued_on=dt.date(2026, 11, 27),
    )


def test_the_monthly_record_is_one_frame_at_the_foot(monthly_file):
    doc = open_docx(str(monthly_file))
    body = list(doc.element.body.iterchildren(qn("w:p")))
    framed = [p for p in body if p.find(f"{qn('w:pPr')}/{qn('w:framePr')}") is not None]
    texts = ["".join(t.text for t in p.iter(qn("w:t"))) for p in framed]
    assert [t[:2] for t in texts if t] == ["报：", "送：", "\u3000新"]
    frames = {
        tuple(sorted(p.find(f"{qn('w:pPr')}/{qn('w:framePr')}").attrib.items())) for p in framed
    }
    assert len(frames) == 1 and dict(frames.pop())[qn("w:yAlign")] == "bottom"
    # no paragraph of the frame has a border LibreOffice would give up the frame for
    assert all(p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is None for p in framed)
    # 印发机关: the one setting both 版记 use, the full name by default
    assert "新沂市社会信用体系建设领导小组办公室" in texts[-2]


@needs_office
def test_the_monthly_record_stands_whole_at_the_foot_of_the_last_page(monthly_file, tmp_path):
    (pdf,) = render([monthly_file], tmp_path)
    last = page_count(pdf)
    text = page_text(pdf, last)
    assert "报：新沂市人民政府办公室。" in text and "新沂市第30测试单位。" in text
    assert "2026年11月27日印发" in text
    assert "印发" not in page_text(pdf, last - 1)
    rules = [b for b in ink_bands(pdf, last, red=False) if b[1] - b[0] < 0.6]
    assert len(rules) >= 3
    assert 262 - rules[-1][1] < 0.6  # the last rule on the text area's lower edge
    for rule in rules[-3:]:
        assert rule[3] - rule[2] == pytest.approx(156, abs=0.6)
