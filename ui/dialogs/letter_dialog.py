"""生成函件: one case's letter or sheet, or a batch over many cases, numbered and recorded."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from ui import ask
from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.documents.catalog import kinds
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.dates import format_date
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import letters
from xinyi_desktop.services.cases import get_case
from xinyi_desktop.store.models import User

CASE_KINDS = ("reminder", "supervision", "rectification", "assignment")
ESCALATION_KINDS = ("request", "sanction_notice", "accountability")


def open_file(path) -> bool:
    """Open a file in the program the system associates with it (Word or WPS for .docx)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class _LetterForm(FormDialog):
    """Kind, date and the inputs some kinds need (deadline, matter, requirement)."""

    def __init__(self, title: str, keys: tuple[str, ...], parent: QWidget | None) -> None:
        super().__init__(title, parent, save_text="生成", min_width=560)
        self.kind_box = QComboBox()
        for key in keys:
            self.kind_box.addItem(kinds()[key].name, key)
        self.date_edit = DateEdit("成文日期", "issued_on")
        self.date_edit.set_date(dt.date.today())
        self.deadline_edit = DateEdit("期限", "deadline")
        self.deadline_hint = QLabel()
        self.deadline_hint.setObjectName("hint")
        self.deadline_hint.setWordWrap(True)
        self._suggested: dt.date | None = None
        self._suggestion_note = ""
        self.matter_edit = QLineEdit()
        self.requirement_edit = QPlainTextEdit()
        self.requirement_edit.setFixedHeight(60)
        self.approval_edit = QLineEdit()
        self.approval_edit.setPlaceholderText("如 新政复〔2026〕5号；可不填")
        self.form.addRow("文书种类", self.kind_box)
        self.form.addRow("成文日期", self.date_edit)
        self.form.addRow("整改期限/办结时限", self.deadline_edit)
        self.form.addRow("", self.deadline_hint)
        self.form.addRow("交办事项", self.matter_edit)
        self.form.addRow("办理要求", self.requirement_edit)
        self.form.addRow("市政府核定文号", self.approval_edit)
        self.fields = {
            "issued_on": self.date_edit,
            "整改期限": self.deadline_edit,
            "办结时限": self.deadline_edit,
            "交办事项": self.matter_edit,
        }
        self.kind_box.currentIndexChanged.connect(self._kind_changed)
        self.date_edit.changed.connect(lambda *_: self._suggest_deadline())
        self.deadline_edit.changed.connect(self._show_deadline_hint)

    def kind(self) -> str:
        return self.kind_box.currentData()

    def _kind_changed(self) -> None:
        key = self.kind()
        deadline = key in ("rectification", "assignment")
        for widget, shown in (
            (self.deadline_edit, deadline),
            (self.deadline_hint, deadline),
            (self.matter_edit, key == "assignment"),
            (self.requirement_edit, key == "assignment"),
            (self.approval_edit, key in ("sanction_notice", "accountability")),
        ):
            self.form.setRowVisible(widget, shown)
        self._suggest_deadline(force=True)

    def _issued_or_today(self) -> dt.date:
        try:
            return self.date_edit.date() or dt.date.today()
        except ValidationError:
            return dt.date.today()

    def _suggest_deadline(self, force: bool = False) -> None:
        """The set number of days after the letter's date on the work calendar (the same
        rule as the plan's), unless the clerk has typed a deadline of their own (``force``:
        the kind or the recipient changed, so the offer is made again)."""
        key = self.kind()
        if key not in letters.DEADLINES:
            return
        try:
            current = self.deadline_edit.date()
        except ValidationError:
            current = None
        if current is not None and current != self._suggested and not force:
            return
        self._suggested, self._suggestion_note = self.suggestion(key, self._issued_or_today())
        self.deadline_edit.set_date(self._suggested)
        self._show_deadline_hint()

    def suggestion(self, key: str, issued_on: dt.date) -> tuple[dt.date, str]:
        """The deadline offered and what to say about it."""
        note = ""
        if key == "assignment":
            note = "已下达整改期限的失信单位，不改此日期时沿用各自的整改期限。"
        return letters.letter_deadline(key, issued_on).day, note

    def _show_deadline_hint(self) -> None:
        """A deadline on a day off moves to the next working day; a year whose holidays are
        not entered is said so."""
        key = self.kind()
        try:
            given = self.deadline_edit.date()
        except ValidationError:
            given = None
        if key not in letters.DEADLINES or given is None:
            self.deadline_hint.clear()
            return
        walk = letters.letter_deadline(key, self._issued_or_today(), given)
        notes = [letters.deadline_note(walk)]
        if given == self._suggested:
            notes.append(self._suggestion_note)
        if walk.day != given:
            notes.insert(0, f"{format_date(given)}不是工作日，期限顺延至{format_date(walk.day)}。")
        self.deadline_hint.setText(" ".join(n for n in notes if n))

    def issued_on(self) -> dt.date:
        issued = self.date_edit.date()
        if issued is None:
            raise ValidationError("请填写成文日期。", field="issued_on")
        return issued

    def _deadline(self) -> dt.date | None:
        """The deadline typed; None when it is the one offered, so that the plan applies
        its own default to each recipient (a 交办单 carries a period already set)."""
        given = self.deadline_edit.date()
        return None if given == self._suggested else given

    def inputs(self) -> dict:
        key = self.kind()
        if key == "rectification":
            return {"整改期限": self._deadline()}
        if key == "assignment":
            return {
                "交办事项": self.matter_edit.text().strip(),
                "办结时限": self._deadline(),
                "办理要求": self.requirement_edit.toPlainText().strip(),
            }
        if key in ("sanction_notice", "accountability"):
            return {"核定文号": self.approval_edit.text().strip()}
        return {}

    def run(self, plans, *, combined: bool = False) -> letters.BatchResult | None:
        from ui.docx_print import page_count
        from ui.workers import run_job

        actor = self.actor
        outcome = run_job(
            self,
            "生成文书",
            lambda cancel: letters.generate(
                actor, plans, combined=combined, cancel=cancel, page_count=page_count
            ),
            label=f"正在生成 {len(plans)} 份文书…",
        )
        if isinstance(outcome.error, letters.Cancelled):
            ask.information(self, str(outcome.error))
            return None
        if outcome.error is not None:
            raise outcome.error
        self.result = outcome.result
        return outcome.result


class LetterDialog(_LetterForm):
    """From the case detail: the letter for this case, one per defendant (or the one chosen)."""

    def __init__(
        self,
        actor: User,
        case_id: int,
        kind: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        case = get_case(case_id)
        super().__init__(f"生成函件 — {case.case_no}", CASE_KINDS, parent)
        self.actor, self.case_id = actor, case_id
        if kind is not None and self.kind_box.findData(kind) >= 0:
            self.kind_box.setCurrentIndex(self.kind_box.findData(kind))  # the deadline's letter
        self.result: letters.BatchResult | None = None
        self.recipient_box = QComboBox()
        self.recipient_box.addItem("全部被告单位（每个单位一份）", None)
        from xinyi_desktop.documents.context import defendants

        for agency in defendants(case):
            self.recipient_box.addItem(agency.name, agency.id)
        self.form.insertRow(1, "收文单位", self.recipient_box)
        fitting = {
            Stage.SUED: "reminder",
            Stage.LOST: "supervision",
            Stage.DISHONEST: "rectification",
        }
        preferred = fitting.get(Stage(case.stage))
        if preferred and kind is None:  # a deadline's own letter kind wins
            self.kind_box.setCurrentIndex(self.kind_box.findData(preferred))
        self.recipient_box.currentIndexChanged.connect(self._recipient_changed)
        self._kind_changed()

    def suggestion(self, key: str, issued_on: dt.date) -> tuple[dt.date, str]:
        """For a 交办单 to listed bodies whose rectification period is running: that period."""
        agency = self.recipient_box.currentData() if hasattr(self, "recipient_box") else None
        return letters.suggested_deadline(key, self.case_id, agency, issued_on)

    def _recipient_changed(self) -> None:
        self._suggest_deadline(force=True)

    def apply(self):
        plans = letters.plan_case_letter(
            self.kind(),
            self.case_id,
            issued_on=self.issued_on(),
            inputs=self.inputs(),
            agency_id=self.recipient_box.currentData(),
        )
        result = self.run(plans, combined=len(plans) > 1)
        if result is None:
            return False
        numbers = "、".join(d.doc_no for d in result.documents)
        if ask.question(self, f"已生成并登记：{numbers}。\n现在用 Word/WPS 打开以便打印？"):
            from xinyi_desktop.services.documents import file_of

            open_file(result.combined or file_of(result.documents[0]))
        return None


class BatchLetterDialog(_LetterForm):
    """批量生成: pick cases or agencies; one letter each (an agency gets one for each of
    its cases the kind fits), numbered consecutively, plus a combined file."""

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__("批量生成文书", CASE_KINDS, parent)
        self.actor = actor
        self.result = None
        self.by_box = QComboBox()
        self.by_box.addItem("按案件选择", "case")
        self.by_box.addItem("按单位选择（该单位每件相关案件一份）", "agency")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("输入案号、单位名称中的文字筛选")
        self.filter_edit.setClearButtonEnabled(True)
        self.choices = QListWidget()
        self.choices.setMinimumHeight(220)
        self.select_all = QCheckBox("全选（列出的各项）")
        self.select_all.toggled.connect(self._check_all)
        self.combine_box = QCheckBox("另生成一个合并文件，便于一次打印")
        self.combine_box.setChecked(True)
        self.form.addRow("选择方式", self.by_box)
        self.form.addRow("筛选", self.filter_edit)
        self.unfit_hint = QLabel()
        self.unfit_hint.setObjectName("hint")
        self.unfit_hint.setWordWrap(True)
        self.form.addRow("案件或单位", self.choices)
        self.form.addRow("", self.unfit_hint)
        self.form.addRow("", self.select_all)
        self.form.addRow("", self.combine_box)
        self.kind_box.currentIndexChanged.connect(self._load_choices)
        self.by_box.currentIndexChanged.connect(self._load_choices)
        self.date_edit.changed.connect(self._load_choices)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self._kind_changed()
        self._load_choices()

    def by(self) -> str:
        return self.by_box.currentData()

    def _load_choices(self) -> None:
        """The cases or agencies for the kind on the letter's date; one the kind does not
        fit (a judgment whose execution case is listed, a deadline past) is shown greyed
        with the reason and cannot be checked. Checks survive a change of date."""
        same = getattr(self, "_loaded", None) == (self.kind(), self.by())
        checked = set(self.checked_ids()) if same else set()
        self._loaded = (self.kind(), self.by())
        self.choices.clear()
        for choice in letters.batch_choices(self.kind(), self.by(), self._issued_or_today()):
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.key)
            if choice.unfit:
                item.setText(f"（不适用）{choice.label}")
                item.setToolTip(choice.unfit)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Unchecked)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                wanted = choice.key in checked
                item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
            self.choices.addItem(item)
        unfit = sum(1 for c in range(self.choices.count()) if self.choices.item(c).toolTip())
        self.unfit_hint.setText(
            f"标“（不适用）”的 {unfit} 项不能勾选（如判决的执行案件已列入失信名单、"
            "履行期限已过）：鼠标停在上面可看原因。"
            if unfit
            else ""
        )
        self.unfit_hint.setVisible(bool(unfit))
        self._apply_filter()

    def _apply_filter(self) -> None:
        words = self.filter_edit.text().split()
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            text = item.text().replace("(", "（").replace(")", "）")
            wanted = [w.replace("(", "（").replace(")", "）") for w in words]
            item.setHidden(not all(w in text for w in wanted))

    def _check_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if not item.isHidden() and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)

    def checked_ids(self) -> list[int]:
        return [
            self.choices.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.choices.count())
            if self.choices.item(i).checkState() == Qt.CheckState.Checked
        ]

    def apply(self):
        ids = self.checked_ids()
        if not ids:
            what = "案件" if self.by() == "case" else "单位"
            raise ValidationError(f"请勾选要生成文书的{what}。")
        planner = letters.plan_case_batch if self.by() == "case" else letters.plan_agency_batch
        plans, skipped = planner(self.kind(), ids, issued_on=self.issued_on(), inputs=self.inputs())
        if skipped and not ask.question(
            self,
            f"以下 {len(skipped)} 项不能生成，将跳过：\n" + "\n".join(skipped[:10]) + "\n继续？",
        ):
            return False
        if not plans:
            return False
        result = self.run(plans, combined=self.combine_box.isChecked())
        if result is None:
            return False
        first, last = result.documents[0], result.documents[-1]
        ask.information(
            self, f"已生成 {len(result.documents)} 份：{first.doc_no} 至 {last.doc_no}。"
        )
        return None


class EscalationDialog(_LetterForm):
    """The 请示 with the overdue list, the 告知函 to each department, the 移送函."""

    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__("逾期未整改名单文书", ESCALATION_KINDS, parent)
        self.actor = actor
        self.result = None
        self.bodies = QListWidget()
        self.bodies.setMinimumHeight(200)
        self.form.addRow("名单", self.bodies)
        self.kind_box.currentIndexChanged.connect(self._load_bodies)
        self._kind_changed()
        self._load_bodies()

    def _load_bodies(self) -> None:
        from xinyi_desktop.documents import escalation

        today = self.date_edit.date() or dt.date.today()
        if self.kind() == "request":
            bodies = escalation.overdue_bodies(today)
        else:
            bodies = escalation.approved_bodies(today)
        self.bodies.clear()
        for body in bodies:
            deadline = body.row(0)["整改期限"]
            item = QListWidgetItem(f"{body.name}　{'、'.join(body.case_nos)}　整改期限：{deadline}")
            item.setData(Qt.ItemDataRole.UserRole, body.agency_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.bodies.addItem(item)

    def apply(self):
        ids = [
            self.bodies.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.bodies.count())
            if self.bodies.item(i).checkState() == Qt.CheckState.Checked
        ]
        plans = letters.plan_escalation(
            self.kind(), issued_on=self.issued_on(), inputs=self.inputs(), agency_ids=ids
        )
        result = self.run(plans, combined=len(plans) > 1)
        if result is None:
            return False
        numbers = "、".join(d.doc_no for d in result.documents)
        ask.information(self, f"已生成并登记：{numbers}。")
        return None
