"""Whether a case letter fits: its stage, a judgment its execution case has taken over, a
performance deadline past, the letter's date; regenerating whatever the case became; a
交办单 to a listed body and the rectification period it carries or orders anew."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_letters import TODAY, listed_case, text_of
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import documents as register
from xinyi_desktop.services import letters
from xinyi_desktop.services.cases import CaseInput, change_stage, create_case
from xinyi_desktop.services.links import link_cases
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency, Event

ISSUED = dt.date(2026, 12, 2)


def make(actor, kind, case, on=ISSUED, **kw):
    plans = letters.plan_case_letter(kind, case.id, issued_on=on, **kw)
    return letters.run(letters.generate(actor, plans)).documents


def test_a_letter_is_regenerated_after_its_case_moved_on(actor, make_case):
    case = make_case("(2026)苏0381行初12号", plaintiffs=["王伟"], filed_on=TODAY)
    (document,) = make(actor, "reminder", case, on=TODAY)
    change_stage(actor, case.id, "closed", on=ISSUED, outcome="withdrawn", today=ISSUED)
    again = letters.regenerate(actor, document.id)
    assert (again.doc_no, again.issued_on) == (document.doc_no, TODAY)
    assert "已于2026年11月24日立案" in text_of(register.file_of(again))
    # a new one is still refused: the case is closed
    with pytest.raises(ValidationError, match="提醒函只适用于“起诉”阶段"):
        letters.plan_case_letter("reminder", case.id, issued_on=ISSUED)


@pytest.fixture
def judgments(actor, make_case):
    """Three lost lawsuits of one agency: one within its period, one past its performance
    deadline, one whose execution case is on the list of dishonest debtors."""
    made = {}
    for number, deadline in ((17, dt.date(2026, 12, 31)), (18, dt.date(2024, 4, 25))):
        case = make_case(
            f"(2025)苏0381行初{number}号",
            plaintiffs=["张强"],
            filed_on=dt.date(2025, 3, 1) if number == 17 else dt.date(2024, 1, 10),
            defendants=["新沂市财政局"],
        )
        change_stage(
            actor,
            case.id,
            "lost",
            on=dt.date(2025, 11, 1) if number == 17 else dt.date(2024, 3, 25),
            performance_deadline=deadline,
            today=ISSUED,
        )
        made[number] = case
    judged = make_case(
        "(2025)苏0381行初19号",
        plaintiffs=["张强"],
        filed_on=dt.date(2025, 3, 1),
        defendants=["新沂市财政局"],
    )
    change_stage(
        actor,
        judged.id,
        "lost",
        on=dt.date(2025, 6, 1),
        performance_deadline=dt.date(2027, 6, 30),  # not yet past: listed for another reason
        today=ISSUED,
    )
    execution = create_case(
        actor,
        CaseInput(
            case_no="(2025)苏0381执4号",
            plaintiffs=["张强"],
            defendants=["新沂市财政局"],
            filed_on=dt.date(2025, 9, 1),
            listed_on=dt.date(2025, 10, 9),
            stage=Stage.DISHONEST,
        ),
        today=ISSUED,
    )
    link_cases(actor, execution.id, judged.id, "execution", today=ISSUED)
    made[19] = judged
    return made


def test_a_supervision_letter_is_refused_for_a_judgment_whose_execution_case_is_listed(
    actor, judgments
):
    with pytest.raises(ValidationError) as refused:
        letters.plan_case_letter("supervision", judgments[19].id, issued_on=ISSUED)
    message = str(refused.value)
    assert "执行案件（2025）苏0381执4号已于2025年10月9日列入失信名单" in message
    assert "督促履行函不再适用" in message
    # one whose performance deadline has passed is refused too, naming the deadline
    with pytest.raises(ValidationError, match="履行期限2024年4月25日已过"):
        letters.plan_case_letter("supervision", judgments[18].id, issued_on=ISSUED)
    assert Document.select().count() == 0
    assert len(make(actor, "supervision", judgments[17])) == 1


def test_the_command_line_refuses_the_supervision_letter_of_a_listed_lawsuit(
    db_path, judgments, user_home, tmp_path
):
    import os
    import subprocess
    import sys
    from pathlib import Path

    from xinyi_desktop.store.connection import close_db

    close_db()
    main = Path(__file__).resolve().parent.parent / "main.py"
    done = subprocess.run(
        [sys.executable, str(main), "letter", "supervision", "--case", "（2025）苏0381行初19号"]
        + ["--db", str(db_path), "--out", str(tmp_path / "x.docx")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "XINYI_HOME": str(user_home)},
        timeout=120,
    )
    assert done.returncode == 2 and "执4号已于2025年10月9日列入失信名单" in done.stderr
    assert not (tmp_path / "x.docx").exists()


def test_a_batch_leaves_out_what_does_not_fit_and_says_why(actor, judgments):
    finance = Agency.get(Agency.name == "新沂市财政局")
    plans, skipped = letters.plan_agency_batch("supervision", [finance.id], issued_on=ISSUED)
    assert [p.case_ids for p in plans] == [[judgments[17].id]]
    assert len(skipped) == 2
    assert any("履行期限2024年4月25日已过" in s for s in skipped)
    assert any("执4号已于2025年10月9日列入失信名单" in s for s in skipped)
    choices = {c.key: c for c in letters.batch_choices("supervision", "case", ISSUED)}
    assert choices[judgments[17].id].unfit == ""
    assert "已过" in choices[judgments[18].id].unfit
    assert "列入失信名单" in choices[judgments[19].id].unfit
    (agency,) = letters.batch_choices("supervision", "agency", ISSUED)
    assert (agency.label, agency.unfit) == ("新沂市财政局　1件", "")


def test_the_batch_dialog_does_not_check_what_does_not_fit(
    qtbot, actor, judgments, answers, monkeypatch
):
    from PySide6.QtCore import Qt

    from ui.dialogs.letter_dialog import BatchLetterDialog

    dialog = BatchLetterDialog(actor)
    qtbot.addWidget(dialog)
    dialog.kind_box.setCurrentIndex(dialog.kind_box.findData("supervision"))
    dialog.date_edit.set_date(ISSUED)
    assert dialog.choices.count() == 3
    dialog.select_all.setChecked(True)
    assert dialog.checked_ids() == [judgments[17].id]
    greyed = [
        dialog.choices.item(i)
        for i in range(dialog.choices.count())
        if not dialog.choices.item(i).flags() & Qt.ItemFlag.ItemIsEnabled
    ]
    assert len(greyed) == 2 and all("（不适用）" in item.text() for item in greyed)
    assert any("列入失信名单" in item.toolTip() for item in greyed)
    assert "标“（不适用）”的 2 项不能勾选" in dialog.unfit_hint.text()
    monkeypatch.setattr(dialog, "run", lambda plans, combined: setattr(dialog, "made", plans))
    dialog.apply()
    assert [p.case_ids for p in dialog.made] == [[judgments[17].id]]


@pytest.mark.parametrize(
    ("issued", "message"),
    [
        (
            dt.date(2026, 9, 30),
            "成文日期2026年9月30日早于案件（2026）苏0381行初12号的立案日期2026年11月24日",
        ),
        (dt.date(2027, 12, 2), "成文日期2027年12月2日晚于今天（2026年12月2日）30天以上"),
    ],
)
def test_a_letter_dated_before_its_case_or_far_ahead_is_refused(make_case, issued, message):
    case = make_case("(2026)苏0381行初12号", plaintiffs=["王伟"], filed_on=TODAY)
    with pytest.raises(ValidationError, match=message.replace("（", r"\（").replace("）", r"\）")):
        letters.plan_case_letter("reminder", case.id, issued_on=issued, today=ISSUED)
    assert letters.plan_case_letter("reminder", case.id, issued_on=ISSUED, today=ISSUED)


def test_a_list_dated_far_ahead_is_refused(actor):
    with pytest.raises(ValidationError, match="晚于今天（2026年12月2日）30天以上"):
        letters.plan_escalation("request", issued_on=dt.date(2028, 1, 1), today=ISSUED)


# --- a 交办单 to a listed body ---------------------------------------------------------


@pytest.fixture
def ordered(actor, make_case, office_contact):
    """A listed case whose notice set the rectification period to 2027-01-05."""
    case = listed_case(actor, make_case)
    make(actor, "rectification", case, inputs={"整改期限": dt.date(2027, 1, 5)})
    return case


def rectification_deadline(case):
    from xinyi_desktop.store.deadline_models import Deadline

    return (
        Deadline.select()
        .where((Deadline.case == case.id) & (Deadline.kind == "rectification"))
        .order_by(Deadline.id.desc())
        .get()
    )


def test_a_sheet_to_a_listed_body_carries_the_period_the_notice_set(actor, ordered):
    from xinyi_desktop.store.sanction_models import Listing

    before = Event.select().where(Event.kind == "rectification_assigned").count()
    (plan,) = letters.plan_case_letter(
        "assignment", ordered.id, issued_on=ISSUED, inputs={"交办事项": "督促整改"}
    )
    assert plan.inputs["办结时限"] == "2027-01-05" and not plan.orders_rectification
    assert any("沿用已下达的整改期限2027年1月5日" in n for n in plan.notes)
    (sheet,) = letters.run(letters.generate(actor, [plan])).documents
    assert "2027年1月5日" in text_of(register.file_of(sheet))
    listing = Listing.get()
    assert (listing.rectify_assigned_on, listing.rectify_due_on) == (ISSUED, dt.date(2027, 1, 5))
    assert Event.select().where(Event.kind == "rectification_assigned").count() == before
    assert rectification_deadline(ordered).due_on == dt.date(2027, 1, 5)
    # the dialog offers that period
    due, note = letters.suggested_deadline("assignment", ordered.id, None, ISSUED)
    assert due == dt.date(2027, 1, 5) and "沿用已下达的整改期限" in note


def test_a_sheet_with_another_date_is_a_new_order_and_says_so(actor, ordered):
    from xinyi_desktop.rules.deadline_rules import explain
    from xinyi_desktop.store.sanction_models import Listing

    (plan,) = letters.plan_case_letter(
        "assignment",
        ordered.id,
        issued_on=ISSUED,
        inputs={"交办事项": "督促整改", "办结时限": dt.date(2026, 12, 20)},  # Sunday
    )
    assert plan.orders_rectification and plan.inputs["办结时限"] == "2026-12-21"
    assert any(
        "已下达的整改期限为2027年1月5日" in n and "整改期限改为2026年12月21日" in n
        for n in plan.notes
    )
    letters.run(letters.generate(actor, [plan]))
    assert Listing.get().rectify_due_on == dt.date(2026, 12, 21)
    deadline = rectification_deadline(ordered)
    assert deadline.due_on == dt.date(2026, 12, 21)
    assert deadline.basis["per_case_due"] == "2026-12-21"
    assert "本案交办时写明的期限为 2026-12-21。" in explain(deadline.basis)
    order = Event.select().where(Event.kind == "rectification_assigned").order_by(Event.id.desc())
    order = order.get()
    assert "重新下达，原整改期限2027-01-05" in order.summary
    assert order.details["replaces_due"] == "2027-01-05"


def test_the_letter_dialog_offers_the_period_and_leaves_it_to_the_plan(
    qtbot, actor, ordered, answers
):
    from ui.dialogs.letter_dialog import LetterDialog

    dialog = LetterDialog(actor, ordered.id, kind="assignment")
    qtbot.addWidget(dialog)
    dialog.date_edit.set_date(ISSUED)
    assert dialog.deadline_edit.date() == dt.date(2027, 1, 5)
    assert "沿用已下达的整改期限" in dialog.deadline_hint.text()
    assert dialog.inputs()["办结时限"] is None  # the plan carries it
    dialog.deadline_edit.set_date(dt.date(2026, 12, 21))
    assert dialog.inputs()["办结时限"] == dt.date(2026, 12, 21)
