"""Letters and sheets: the produced .docx, numbering, the register, the timeline."""

from __future__ import annotations

import datetime as dt
import re
import threading

import peewee as pw
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from xinyi_desktop.documents.catalog import kinds, shipped_template
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters
from xinyi_desktop.services.agencies import PersonInput, add_person
from xinyi_desktop.services.cases import change_stage
from xinyi_desktop.services.events import timeline
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency

TODAY = dt.date(2026, 11, 24)
NUMBER = re.compile(r"^新信用函〔2026〕([1-9]\d*)号$")


def text_of(path) -> str:
    doc = open_docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    for section in doc.sections:
        for part in (section.first_page_header, section.header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def reminder(actor, case, on=TODAY, **kw):
    plans = letters.plan_case_letter("reminder", case.id, issued_on=on, **kw)
    return letters.run(letters.generate(actor, plans)).documents


@pytest.fixture
def sued(make_case):
    return make_case("(2026)苏0381行初12号", plaintiffs=["王伟"], cause="行政处罚", filed_on=TODAY)


@pytest.mark.parametrize("key", sorted(kinds()))
def test_every_shipped_template_is_gb_t_9704_and_checks_clean(key):
    from xinyi_desktop.services.templates import check_template

    assert check_template(key).errors == []
    doc = open_docx(str(shipped_template(key)))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 225 mm / 22 lines
    body, title = doc.styles["公文正文"], doc.styles["公文标题"]
    assert east_asia(body) == "仿宋_GB2312" and body.font.size.pt == 16
    assert east_asia(title) == "方正小标宋简体" and title.font.size.pt == 22
    assert body.paragraph_format.line_spacing.pt == pytest.approx(28.95)


def test_a_reminder_names_recipient_case_number_and_date(actor, sued):
    (document,) = reminder(actor, sued)
    assert document.doc_no == "新信用函〔2026〕1号"
    text = text_of(register.file_of(document))
    assert "新信用函〔2026〕1号" in text
    assert "新沂市棋盘镇人民政府：" in text
    assert "（2026）苏0381行初12号" in text and "王伟" in text
    assert "2026年11月24日" in text
    assert "{{" not in text
    # the 函 layout: the sender in the first-page header, no page number there
    doc = open_docx(str(register.file_of(document)))
    assert doc.sections[0].different_first_page_header_footer
    head = doc.sections[0].first_page_header.paragraphs[0].text
    assert "新沂市社会信用体系建设领导小组办公室" in head
    assert "PAGE" not in doc.sections[0].first_page_footer._element.xml
    assert "PAGE" in doc.sections[0].footer._element.xml


def test_numbers_run_per_prefix_and_year_and_a_void_number_is_never_reused(actor, sued, make_case):
    first = reminder(actor, sued)[0]
    second = reminder(actor, sued)[0]
    register.void_document(actor, second.id, reason="收文单位有误")
    third = reminder(actor, sued)[0]
    next_year = reminder(actor, sued, on=dt.date(2027, 1, 4), today=dt.date(2027, 1, 4))[0]
    assert [NUMBER.match(d.doc_no).group(1) for d in (first, second, third)] == ["1", "2", "3"]
    assert next_year.doc_no == "新信用函〔2027〕1号"
    voided = Document.get_by_id(second.id)
    assert voided.status == "void" and voided.void_reason == "收文单位有误"
    assert register.file_of(voided).is_file()  # the paper record stays


def test_the_same_number_twice_is_refused_by_the_database(actor, sued):
    (document,) = reminder(actor, sued)
    data = {k: v for k, v in document.__data__.items() if k != "id"}
    with pytest.raises(pw.IntegrityError):
        Document.create(**data)


def test_letters_generated_at_the_same_moment_never_share_a_number(actor, sued, db_path):
    from xinyi_desktop.store.models import db

    errors = []

    def worker():
        try:
            for _ in range(4):
                reminder(actor, sued)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            db.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(d.number for d in Document.select())
    assert numbers == list(range(1, 13))


def test_a_cancelled_batch_records_nothing_and_leaves_no_file(actor, make_case):
    cases = [
        make_case(f"(2026)苏0381行初{i}号", plaintiffs=["李娜"], filed_on=TODAY) for i in (1, 2, 3)
    ]
    plans, skipped = letters.plan_case_batch("reminder", [c.id for c in cases], issued_on=TODAY)
    assert len(plans) == 3 and skipped == []
    calls = iter([False, False, True])
    job = letters.generate(actor, plans, cancel=lambda: next(calls))
    next(job), next(job)
    with pytest.raises(letters.Cancelled):
        next(job)
    assert Document.select().count() == 0
    assert not list(register.documents_root().rglob("*.docx"))
    # the next batch starts at 1 again and is consecutive, with a combined print file
    result = letters.run(letters.generate(actor, plans, combined=True))
    assert [d.number for d in result.documents] == [1, 2, 3]
    combined = open_docx(str(result.combined))
    assert len(combined.sections) == 3
    assert "新信用函〔2026〕3号" in text_of(result.combined)


def test_a_letter_that_does_not_fit_the_stage_is_refused(actor, sued):
    with pytest.raises(ValidationError, match="督促履行函只适用于“败诉”阶段"):
        letters.plan_case_letter("supervision", sued.id, issued_on=TODAY)
    assert Document.select().count() == 0


def test_missing_data_is_named_not_printed_blank(actor, make_case):
    case = make_case("(2026)苏0381行初5号", plaintiffs=[], filed_on=TODAY)
    with pytest.raises(ValidationError, match="没有登记原告"):
        letters.plan_case_letter("reminder", case.id, issued_on=TODAY)


def test_the_letter_is_on_the_timeline_and_satisfies_its_deadline(actor, sued):
    from xinyi_desktop.store.deadline_models import Deadline

    (document,) = reminder(actor, sued)
    letter_events = [e for e in timeline(sued.id) if e.kind == "letter"]
    assert letter_events[0].details["document_id"] == document.id
    assert "新信用函〔2026〕1号" in letter_events[0].summary
    row = Deadline.get_or_none((Deadline.case == sued.id) & (Deadline.kind == "reminder_letter"))
    if row is not None:  # the rule may be switched off in settings
        assert row.status == "done" and row.done_event_id == letter_events[0].id
        register.void_document(actor, document.id, reason="重发")
        assert Deadline.get_by_id(row.id).status == "open"


def test_regenerating_keeps_number_and_date_and_takes_new_data(actor, sued):
    (document,) = reminder(actor, sued)
    agency = Agency.get(Agency.name == "新沂市棋盘镇人民政府")
    agency.name = "新沂市棋盘镇政府"
    agency.save()
    again = letters.regenerate(actor, document.id)
    assert again.doc_no == document.doc_no and again.issued_on == document.issued_on
    assert "新沂市棋盘镇政府：" in text_of(register.file_of(again))
    assert Document.select().count() == 1


def listed_case(
    actor, make_case, case_no="(2025)苏0381行初7号", agency_name="新沂市棋盘镇人民政府"
):
    case = make_case(
        case_no, plaintiffs=["张强"], filed_on=dt.date(2025, 3, 1), defendants=[agency_name]
    )
    change_stage(
        actor,
        case.id,
        "lost",
        on=dt.date(2025, 6, 1),
        performance_deadline=dt.date(2025, 7, 1),
        today=TODAY,
    )
    change_stage(actor, case.id, "dishonest", on=dt.date(2025, 8, 1), today=TODAY)
    agency = Agency.get(Agency.name == agency_name)
    add_person(actor, agency.id, PersonInput(name="赵刚", role="legal_rep", title="镇长"))
    add_person(actor, agency.id, PersonInput(name="钱力", role="direct", title="副镇长"))
    return case


def overdue_case(
    actor, make_case, case_no="(2025)苏0381行初7号", agency_name="新沂市棋盘镇人民政府"
):
    """A listed case whose rectification period (set by a notice) ran out before TODAY."""
    case = listed_case(actor, make_case, case_no, agency_name)
    plans = letters.plan_case_letter(
        "rectification",
        case.id,
        issued_on=dt.date(2025, 9, 1),
        inputs={"整改期限": dt.date(2025, 10, 9)},
    )
    letters.run(letters.generate(actor, plans))
    return case


def test_rectification_notice_names_legal_representative_and_responsible_persons(actor, make_case):
    case = listed_case(actor, make_case)
    plans = letters.plan_case_letter(
        "rectification", case.id, issued_on=TODAY, inputs={"整改期限": dt.date(2026, 12, 24)}
    )
    document = letters.run(letters.generate(actor, plans)).documents[0]
    assert document.doc_no == "新信用通〔2026〕1号"
    text = text_of(register.file_of(document))
    assert "法定代表人赵刚同志" in text and "直接负责人钱力（副镇长）" in text
    assert "2026年12月24日前完成整改" in text


def test_escalation_lists_the_overdue_bodies_and_one_notice_per_department(
    actor, make_case, office_contact
):
    from xinyi_desktop.store.sanction_models import Listing

    overdue_case(actor, make_case)  # its rectification deadline, set by a notice, has passed
    (request,) = letters.plan_escalation("request", issued_on=TODAY)
    assert request.recipient == "新沂市人民政府"
    assert request.content.lists["名单"][0]["单位名称"] == "新沂市棋盘镇人民政府"
    result = letters.run(letters.generate(actor, [request]))
    text = text_of(register.file_of(result.documents[0]))
    assert "新信用发〔2026〕1号" in text and "共有1家政府机构" in text
    assert "新沂市棋盘镇人民政府" in text and "（2025）苏0381行初7号" in text
    # the 请示's 签发人 and its 附注 (GB/T 9704 §7.2.6, §7.3.6)
    assert "签发人：张三" in text and "（联系人：王明；联系电话：0516-88921234）" in text
    # The city government approves (核定) the list: the sanctions feature records it.
    from xinyi_desktop.services.sanction_steps import approve_listings

    approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    notices = letters.plan_escalation("sanction_notice", issued_on=TODAY)
    assert len(notices) == 7 and len({p.recipient for p in notices}) == 7
    (referral,) = letters.plan_escalation("accountability", issued_on=TODAY)
    assert referral.content.lists["名单"][0]["法定代表人"] == "赵刚"


def test_the_sanction_notice_lists_the_direct_and_the_finance_head_of_each_body(
    actor, make_case, office_contact
):
    from xinyi_desktop.services.sanction_steps import approve_listings
    from xinyi_desktop.store.sanction_models import Listing

    overdue_case(actor, make_case)
    agency = Agency.get(Agency.name == "新沂市棋盘镇人民政府")
    add_person(actor, agency.id, PersonInput(name="李芳", role="finance"))
    letters.run(letters.generate(actor, letters.plan_escalation("request", issued_on=TODAY)))
    approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    notice = letters.plan_escalation("sanction_notice", issued_on=TODAY)[0]
    document = letters.run(letters.generate(actor, [notice])).documents[0]
    (table,) = open_docx(str(register.file_of(document))).tables
    header = [c.text for c in table.rows[0].cells]
    assert header == [
        "序号",
        "单位名称",
        "统一社会信用代码",
        "法定代表人",
        "主要负责人",
        "直接负责人",
        "财务负责人",
        "相关案号",
    ]
    row = dict(zip(header, (c.text for c in table.rows[1].cells), strict=True))
    assert (row["法定代表人"], row["直接负责人"], row["财务负责人"]) == ("赵刚", "钱力", "李芳")
    # The shipped template's table as wide as the text area (156 mm), no wider.
    (shipped,) = open_docx(str(shipped_template("sanction_notice"))).tables
    widths = [column.width for column in shipped.columns]
    assert sum(widths) / 36000 == pytest.approx(156, abs=0.5)


def test_assignment_sheet_is_one_table_with_the_fields(actor, sued, office_contact):
    plans = letters.plan_case_letter(
        "assignment",
        sued.id,
        issued_on=TODAY,
        inputs={"交办事项": "准备应诉材料", "办结时限": dt.date(2026, 12, 4)},
    )
    document = letters.run(letters.generate(actor, plans)).documents[0]
    doc = open_docx(str(register.file_of(document)))
    assert len(doc.tables) == 1
    cells = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert {"准备应诉材料", "新沂市棋盘镇人民政府", "2026年12月4日", "签收时间"} <= cells
    assert {"王明", "0516-88921234", "新沂市社会信用体系建设领导小组办公室"} <= cells
    assert "新信用交〔2026〕1号" in text_of(register.file_of(document))


def test_the_command_line_writes_the_letter_and_refuses_what_does_not_fit(
    db_path, sued, user_home, tmp_path
):
    import subprocess
    import sys
    from pathlib import Path

    from xinyi_desktop.store.connection import close_db

    close_db()
    main = Path(__file__).resolve().parent.parent / "main.py"

    def run(*args):
        return subprocess.run(
            [sys.executable, str(main), "letter", *args, "--db", str(db_path)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**__import__("os").environ, "XINYI_HOME": str(user_home)},
            timeout=120,
        )

    out = tmp_path / "letter.docx"
    ok = run("reminder", "--case", "（2026）苏0381行初12号", "--out", str(out))
    assert ok.returncode == 0, ok.stderr
    assert "新信用函〔" in ok.stdout and "王伟" in text_of(out)
    wrong = run("supervision", "--case", "(2026)苏0381行初12号", "--out", str(out))
    assert wrong.returncode == 2 and "督促履行函只适用于“败诉”阶段" in wrong.stderr
    missing = run("reminder", "--case", "(2026)苏0381行初99号", "--out", str(out))
    assert missing.returncode == 2 and "没有案号为" in missing.stderr
    # an output that cannot be written is refused before a number is taken
    nowhere = run("reminder", "--case", "(2026)苏0381行初12号", "--out", "/nonexistent/x.docx")
    assert nowhere.returncode == 2 and "Traceback" not in nowhere.stderr
    assert "文件夹“/nonexistent”不存在" in nowhere.stderr and "未编号" in nowhere.stderr
    folder = run("reminder", "--case", "(2026)苏0381行初12号", "--out", str(tmp_path))
    assert folder.returncode == 2 and "是一个文件夹" in folder.stderr
    again = run("reminder", "--case", "(2026)苏0381行初12号", "--out", str(out))
    assert again.returncode == 0 and again.stdout.startswith("新信用函〔"), again.stderr
    first, second = (int(re.search(r"〕(\d+)号", r.stdout).group(1)) for r in (ok, again))
    assert second == first + 1  # no number went to the refused runs


# --- what the acceptance review of issue 5 found ---------------------------------------


def test_a_blank_optional_value_in_a_table_cell_blanks_its_paragraph_never_removes_it(actor):
    """Word requires a paragraph at the end of every table cell; without one it "repairs"
    the file. A blank contact empties the cell instead of dropping its paragraph."""
    from xinyi_desktop.documents.context import office_values
    from xinyi_desktop.documents.engine import PreparedTemplate

    template = PreparedTemplate(shipped_template("assignment"), kinds()["assignment"])
    values = {name: "x" for name in kinds()["assignment"].fields}
    values.update({"联系人": "", "联系电话": ""})
    assert office_values(TODAY)["联系人"] == ""  # the default settings leave it blank
    document = template.fill(values, {})
    cells = list(document.element.body.iter(qn("w:tc")))
    assert cells and all(cell[-1].tag == qn("w:p") for cell in cells)
    contact_row = next(r for r in document.tables[0].rows if "联 系 人" in r.cells[0].text)
    assert [c.text for c in contact_row.cells] == ["联 系 人", "", "联系电话", ""]


@pytest.mark.parametrize(
    ("kind_key", "missing"),
    [("assignment", "联系人、联系电话"), ("request", "签发人、联系人、联系电话")],
)
def test_a_sheet_or_request_needs_contact_telephone_and_issuer_and_says_where_to_set_them(
    actor, make_case, kind_key, missing
):
    case = overdue_case(actor, make_case)
    before = Document.select().count()
    with pytest.raises(ValidationError) as refused:
        if kind_key == "request":
            letters.plan_escalation("request", issued_on=TODAY)
        else:
            letters.plan_case_letter(
                "assignment", case.id, issued_on=TODAY, inputs={"交办事项": "督促整改"}
            )
    message = str(refused.value)
    assert f"须写明{missing}" in message and "设置 → 常规 → 本单位" in message
    assert Document.select().count() == before


def test_a_request_is_regenerated_after_approval_with_the_bodies_it_listed(
    actor, make_case, office_contact
):
    from xinyi_desktop.services.sanction_steps import approve_listings
    from xinyi_desktop.store.sanction_models import Listing

    overdue_case(actor, make_case)
    (request,) = letters.run(
        letters.generate(actor, letters.plan_escalation("request", issued_on=TODAY))
    ).documents
    approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    # a second body falls overdue after the 请示 went out: not in that 请示
    overdue_case(actor, make_case, "(2025)苏0381行初8号", "新沂市财政局")
    again = letters.regenerate(actor, request.id)
    assert (again.doc_no, again.recipient) == (request.doc_no, "新沂市人民政府")
    text = text_of(register.file_of(again))
    assert "新沂市棋盘镇人民政府" in text and "共有1家政府机构" in text
    assert "新沂市财政局" not in text


def test_a_notice_is_regenerated_to_its_own_department_or_refused(actor, make_case, office_contact):
    from xinyi_desktop.services import measures
    from xinyi_desktop.services.sanction_steps import approve_listings
    from xinyi_desktop.store.sanction_models import Listing

    overdue_case(actor, make_case)
    letters.run(letters.generate(actor, letters.plan_escalation("request", issued_on=TODAY)))
    approve_listings(
        actor, [Listing.get().id], on=TODAY, approval_ref="新政复〔2026〕1号", today=TODAY
    )
    notices = letters.run(
        letters.generate(actor, letters.plan_escalation("sanction_notice", issued_on=TODAY))
    ).documents
    last, other = notices[-1], notices[0]
    again = letters.regenerate(actor, last.id)
    assert (again.doc_no, again.recipient) == (last.doc_no, last.recipient)
    assert f"{last.recipient}：" in text_of(register.file_of(again))
    # the department no longer carries out any measure: refused, the record unchanged
    for measure in measures.catalogue():
        if measure.department == last.recipient:
            data = measures.input_of(measure)
            data.department = other.recipient
            measures.save_measure(actor, measure.key, data)
    with pytest.raises(
        ValidationError, match=f"“{last.recipient}”已不是任何联合惩戒措施的实施部门"
    ):
        letters.regenerate(actor, last.id)
    assert Document.get_by_id(last.id).recipient == last.recipient


def test_a_case_letter_whose_recipient_was_deleted_is_not_regenerated_for_another(actor, make_case):
    case = make_case(
        "(2026)苏0381行初21号",
        plaintiffs=["王伟"],
        filed_on=TODAY,
        defendants=["新沂市棋盘镇人民政府", "新沂市财政局"],
    )
    finance = Agency.get(Agency.name == "新沂市财政局")
    (document,) = reminder(actor, case, agency_id=finance.id)
    Document.update(agency=None).where(Document.id == document.id).execute()  # SET NULL
    with pytest.raises(ValidationError, match="收文单位“新沂市财政局”已被删除"):
        letters.regenerate(actor, document.id)


@pytest.mark.parametrize(
    ("kind_key", "issued", "expected"),
    [
        ("assignment", dt.date(2026, 12, 2), dt.date(2026, 12, 14)),  # 12-12 is a Saturday
        ("assignment", dt.date(2026, 9, 22), dt.date(2026, 10, 8)),  # 10-02: National Day
        ("rectification", dt.date(2026, 11, 2), dt.date(2026, 12, 2)),  # a working day
    ],
)
def test_a_default_deadline_counts_on_the_work_calendar(actor, kind_key, issued, expected):
    walk = letters.letter_deadline(kind_key, issued)
    assert walk.day == expected and walk.calendar_known


def test_the_rectification_notice_takes_its_default_period_from_the_deadline_rule(actor):
    """One number for the 整改期限: the rule in 设置 → 期限规则 that the calendar counts
    by, not a second setting beside it."""
    from xinyi_desktop.services.deadline_rules import save_rule

    save_rule(actor, "rectification", {"offset": 45})
    # 2026-11-02 + 45 days = 2026-12-17 (Thursday)
    assert letters.letter_deadline("rectification", dt.date(2026, 11, 2)).day == dt.date(
        2026, 12, 17
    )
    save_rule(actor, "rectification", {"offset": 10, "unit": "working_days"})
    # ten working days after Friday 2026-09-25: three before National Day (1–7 October),
    # then the 8th, 9th, the make-up Saturday 10th, and the 12th to the 15th
    walk = letters.letter_deadline("rectification", dt.date(2026, 9, 25))
    assert walk.day == dt.date(2026, 10, 15)


def test_a_deadline_in_a_year_not_entered_says_so_and_follows_the_office_table(actor):
    from xinyi_desktop.services.work_calendar import save_year

    walk = letters.letter_deadline("rectification", dt.date(2026, 12, 2))  # 30 days: 2027-01-01
    assert "2027年的节假日安排尚未录入" in letters.deadline_note(walk)
    save_year(actor, 2027, {dt.date(2027, 1, 1): "元旦"}, {})
    walk = letters.letter_deadline("rectification", dt.date(2026, 12, 2))
    assert walk.day == dt.date(2027, 1, 4) and letters.deadline_note(walk) == ""


def test_the_sheet_prints_the_deadline_the_calendar_records(actor, make_case, office_contact):
    from xinyi_desktop.store.deadline_models import Deadline

    case = listed_case(actor, make_case)
    issued = dt.date(2026, 12, 2)
    plans = letters.plan_case_letter(
        "assignment", case.id, issued_on=issued, inputs={"交办事项": "督促履行生效判决"}
    )
    (document,) = letters.run(letters.generate(actor, plans)).documents
    assert document.inputs["办结时限"] == "2026-12-14"
    assert "2026年12月14日" in text_of(register.file_of(document))
    recorded = Deadline.get((Deadline.case == case.id) & (Deadline.kind == "rectification"))
    assert recorded.due_on == dt.date(2026, 12, 14)
    # a deadline typed on a day off is the next working day on paper and in the calendar
    plans = letters.plan_case_letter(
        "rectification", case.id, issued_on=issued, inputs={"整改期限": dt.date(2026, 12, 19)}
    )
    assert plans[0].content.values["整改期限"] == "2026年12月21日"
    with pytest.raises(ValidationError, match="早于成文日期"):
        letters.plan_case_letter(
            "rectification", case.id, issued_on=issued, inputs={"整改期限": dt.date(2026, 12, 1)}
        )


def test_the_signature_is_the_issuing_organ_of_the_letterhead(actor, sued):
    (document,) = reminder(actor, sued)
    doc = open_docx(str(register.file_of(document)))
    signed = [p.text for p in doc.paragraphs if p.style.name == "发文机关署名"]
    head = doc.sections[0].first_page_header.paragraphs[0].text
    assert signed == ["新沂市社会信用体系建设领导小组办公室"] == [head]


@pytest.mark.parametrize(
    ("role", "name", "title", "printed"),
    [
        ("principal", "邓平", "主要负责人", "主要负责人邓平"),
        ("direct", "钱力", "副镇长", "直接负责人钱力（副镇长）"),
        ("finance", "龚海燕", "", "财务负责人龚海燕"),
    ],
)
def test_a_responsible_person_is_named_with_the_post_once(role, name, title, printed):
    from xinyi_desktop.documents.context import responsible_text
    from xinyi_desktop.store.models import Person

    assert responsible_text(Person(role=role, name=name, title=title)) == printed


def test_a_batch_by_agency_writes_to_each_agency_about_each_of_its_cases(actor, make_case):
    for number, defendants in ((31, ["新沂市财政局"]), (32, ["新沂市财政局", "新沂市公安局"])):
        make_case(
            f"(2026)苏0381行初{number}号",
            plaintiffs=["李娜"],
            filed_on=TODAY,
            defendants=defendants,
        )
    make_case("(2026)苏0381行初33号", plaintiffs=["李娜"], filed_on=TODAY)
    choices = {c.key: c.label for c in letters.batch_choices("reminder", "agency", TODAY)}
    finance = Agency.get(Agency.name == "新沂市财政局")
    police = Agency.get(Agency.name == "新沂市公安局")
    assert choices[finance.id] == "新沂市财政局　2件" and choices[police.id] == "新沂市公安局　1件"
    plans, skipped = letters.plan_agency_batch("reminder", [finance.id], issued_on=TODAY)
    assert skipped == [] and {p.recipient for p in plans} == {"新沂市财政局"}
    assert sorted(p.title for p in plans) == [
        "关于做好（2026）苏0381行初31号案件和解及应诉工作的提醒函",
        "关于做好（2026）苏0381行初32号案件和解及应诉工作的提醒函",
    ]
    plans, skipped = letters.plan_agency_batch("supervision", [finance.id], issued_on=TODAY)
    assert plans == [] and skipped == ["新沂市财政局没有处于“败诉”阶段的案件。"]


def test_each_letter_of_a_combined_file_starts_on_a_new_sheet(actor, make_case):
    from docx.enum.section import WD_SECTION_START

    cases = [
        make_case(f"(2026)苏0381行初{i}号", plaintiffs=["李娜"], filed_on=TODAY) for i in (1, 2, 3)
    ]
    plans, _ = letters.plan_case_batch("reminder", [c.id for c in cases], issued_on=TODAY)
    result = letters.run(letters.generate(actor, plans, combined=True))
    starts = [s.start_type for s in open_docx(str(result.combined)).sections]
    assert starts == [
        WD_SECTION_START.NEW_PAGE,
        WD_SECTION_START.ODD_PAGE,
        WD_SECTION_START.ODD_PAGE,
    ]
