"""Small forms of the sanctions pages: a step of many checklist items, the city
government's approval, the bulk delivery with its letters, and a generic dated note."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.rules.sanctions import STEP_LABELS, ItemStatus
from xinyi_desktop.services import letters, sanction_steps
from xinyi_desktop.store.models import User


class StepDialog(FormDialog):
    """Move the chosen items to ``target``: date, document number, reason or note."""

    def __init__(self, actor: User, item_ids: list[int], target: ItemStatus, parent=None):
        target = ItemStatus(target)
        super().__init__(f"{STEP_LABELS[target]}（{len(item_ids)}项）", parent)
        self.actor, self.item_ids, self.target = actor, item_ids, target
        self.on = DateEdit("日期", "on")
        self.on.set_date(dt.date.today())
        self.ref = QLineEdit()
        self.ref.setPlaceholderText(
            "如：新信用发〔2026〕1号（请示）、新金融函〔2026〕2号（告知函）"
        )
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(60)
        self.form.addRow(QLabel(f"共选中 {len(item_ids)} 项惩戒措施。"))
        self.form.addRow("日期", self.on)
        self.form.addRow("依据文书", self.ref)
        needs_reason = target in (ItemStatus.NOT_APPLICABLE, ItemStatus.PROPOSED)
        self.form.addRow("理由" if needs_reason else "说明", self.reason)
        self.fields = {
            "on": self.on,
            "reason": self.reason,
            "status": self.reason,
            "document_ref": self.ref,
        }

    def apply(self):
        sanction_steps.change_status(
            self.actor,
            self.item_ids,
            self.target,
            on=self.on.date(),
            reason=self.reason.toPlainText() if self._needs_reason else "",
            note=self.reason.toPlainText(),
            document_ref=self.ref.text(),
        )

    @property
    def _needs_reason(self) -> bool:
        return self.target in (ItemStatus.NOT_APPLICABLE, ItemStatus.PROPOSED)


class ApprovalDialog(FormDialog):
    """市政府核定: the approval's date and document number for the chosen listings."""

    def __init__(
        self, actor: User, listing_ids: list[int], names: list[str], parent=None, *, further=False
    ):
        super().__init__("登记市政府补充核定" if further else "登记市政府核定", parent)
        self.actor, self.listing_ids = actor, listing_ids
        self.on = DateEdit("核定日期", "on")
        self.on.set_date(dt.date.today())
        self.ref = QLineEdit()
        self.ref.setPlaceholderText("如：新政复〔2026〕3号")
        self.form.addRow(QLabel("核定的单位：" + "、".join(names)))
        self.form.addRow("核定日期", self.on)
        self.form.addRow("核定文号", self.ref)
        self.fields = {"on": self.on, "approval_ref": self.ref}

    def apply(self):
        sanction_steps.approve_listings(
            self.actor, self.listing_ids, on=self.on.date(), approval_ref=self.ref.text()
        )


class DeliverDialog(FormDialog):
    """Bulk "mark delivered": the 告知函 (one per department) is generated and linked."""

    def __init__(self, actor: User, item_ids: list[int], parent=None, *, runner=None):
        super().__init__("送达实施部门（生成告知函）", parent, save_text="生成告知函并标记送达")
        self.actor, self.item_ids = actor, item_ids
        self.runner = runner
        self.on = DateEdit("成文日期", "on")
        self.on.set_date(dt.date.today())
        self.form.addRow(
            QLabel(
                f"共选中 {len(item_ids)} 项。将为所涉每个实施部门生成一份《联合惩戒措施告知函》，"
                "并把这些措施标记为“已送达”，文书与措施相互关联。"
            )
        )
        self.form.addRow("成文日期", self.on)
        self.fields = {"on": self.on}
        self.result = None

    def apply(self):
        on = self.on.date()
        if on is None:
            from xinyi_desktop.errors import ValidationError

            raise ValidationError("请填写成文日期。", field="on")
        sanction_steps.delivery_plans(self.item_ids, issued_on=on)  # refusals before the job

        def job(cancel):
            return sanction_steps.deliver_with_letter(
                self.actor, self.item_ids, issued_on=on, cancel=cancel
            )

        if self.runner is not None:  # tests: run in this thread
            self.result = letters.run(job(lambda: False))
            return None
        from ui import ask
        from ui.workers import run_job

        outcome = run_job(self, "生成告知函", job, label="正在生成告知函…")
        if isinstance(outcome.error, letters.Cancelled):
            ask.information(self, str(outcome.error))
            return False
        if outcome.error is not None:
            raise outcome.error
        self.result = outcome.result
        return None


class NoteDialog(FormDialog):
    """A dated text (progress note, follow-up, result…) handed to ``save(on, text)``."""

    def __init__(
        self,
        title: str,
        save: Callable[[dt.date | None, str], object],
        parent: QWidget | None = None,
        *,
        label: str = "内容",
        date_label: str = "日期",
    ):
        super().__init__(title, parent)
        self.save = save
        self.on = DateEdit(date_label, "on")
        self.on.set_date(dt.date.today())
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(90)
        self.form.addRow(date_label, self.on)
        self.form.addRow(label, self.text)
        self.fields = {"on": self.on}
        for name in ("text", "result", "duty", "found", "reason"):
            self.fields[name] = self.text

    def apply(self):
        self.save(self.on.date(), self.text.toPlainText())
