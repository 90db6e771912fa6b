"""Forms of the 整改与问责 page: the rectification order, a responsible person, the exit
from the list, a positive example, an accountability record."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit

from ui.widgets.date_edit import DateEdit
from ui.widgets.form_dialog import FormDialog
from xinyi_desktop.rules.agencies import role_label
from xinyi_desktop.services import accountability, rectification
from xinyi_desktop.services.agencies import persons_of
from xinyi_desktop.store.models import User
from xinyi_desktop.store.sanction_models import Listing


def _text(height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setFixedHeight(height)
    return edit


def _today(label: str, field: str = "on") -> DateEdit:
    edit = DateEdit(label, field)
    edit.set_date(dt.date.today())
    return edit


def _person_box(agency_id: int) -> QComboBox:
    box = QComboBox()
    box.addItem("（单位本身 / 手工填写）", None)
    for person in persons_of(agency_id):
        box.addItem(f"{person.name}（{role_label(person.role)}）", person.id)
    return box


class RectifyDialog(FormDialog):
    def __init__(self, actor: User, listing: Listing, parent=None):
        super().__init__(f"下达限期整改 — {listing.agency.name}", parent)
        self.actor, self.listing = actor, listing
        self.on = _today("下达日期")
        self.due = DateEdit("整改期限", "due_on")
        self.requirement = _text()
        self.form.addRow("下达日期", self.on)
        self.form.addRow("整改期限", self.due)
        self.form.addRow("整改要求", self.requirement)
        self.form.addRow(
            QLabel("整改期限将列入期限日历；如另发《限期整改通知书》，请在“文书”中生成。")
        )
        self.fields = {"on": self.on, "due_on": self.due}

    def apply(self):
        rectification.assign_rectification(
            self.actor,
            self.listing.id,
            on=self.on.date(),
            due_on=self.due.date(),
            requirement=self.requirement.toPlainText(),
        )


class ResponsibleDialog(FormDialog):
    def __init__(self, actor: User, listing: Listing, parent=None):
        super().__init__(f"添加整改责任人 — {listing.agency.name}", parent)
        self.actor, self.listing = actor, listing
        self.person = _person_box(listing.agency_id)
        self.name = QLineEdit()
        self.post = QLineEdit()
        self.duty = _text()
        self.form.addRow("在册人员", self.person)
        self.form.addRow("或填写姓名", self.name)
        self.form.addRow("职务", self.post)
        self.form.addRow("负责事项", self.duty)
        self.fields = {"name": self.name, "duty": self.duty}

    def apply(self):
        rectification.add_responsible(
            self.actor,
            self.listing.id,
            person_id=self.person.currentData(),
            name=self.name.text(),
            post=self.post.text(),
            duty=self.duty.toPlainText(),
        )


class ExitDialog(FormDialog):
    def __init__(self, actor: User, listing: Listing, parent=None):
        super().__init__(f"移出失信名单 — {listing.agency.name}", parent, save_text="移出名单")
        self.actor, self.listing = actor, listing
        self.reason = QComboBox()
        for key, label in rectification.EXIT_REASONS.items():
            self.reason.addItem(label, key)
        self.removed = _today("移出名单日期")
        self.closed = DateEdit("结案日期", "closed_on")
        self.note = _text(50)
        self.form.addRow("原因", self.reason)
        self.form.addRow("移出名单日期", self.removed)
        self.form.addRow("结案日期（不填同上）", self.closed)
        self.form.addRow("说明", self.note)
        others = [x.agency.name for x in rectification.co_listed(listing)]
        closing = (
            f"同案的{'、'.join(others)}仍在失信名单中，案件不结案（最后一个单位移出时结案）"
            if others
            else "案件以履行完毕/和解结案"
        )
        self.consequence = QLabel(
            f"已实施的措施将全部解除；尚未实施的不再实施；{closing}；记录全部保留。"
        )
        self.consequence.setWordWrap(True)
        self.form.addRow(self.consequence)
        self.fields = {"on": self.removed, "reason": self.reason, "closed_on": self.closed}

    def apply(self):
        rectification.record_exit(
            self.actor,
            self.listing.id,
            removed_on=self.removed.date(),
            reason=self.reason.currentData(),
            closed_on=self.closed.date(),
            note=self.note.toPlainText(),
        )


class PositiveDialog(FormDialog):
    def __init__(self, actor: User, listing: Listing, parent=None):
        super().__init__(f"列为正面案例 — {listing.agency.name}", parent)
        self.actor, self.listing = actor, listing
        self.on = _today("案例日期")
        self.title_edit = QLineEdit(listing.positive_title)
        self.text = _text(120)
        self.text.setPlainText(listing.positive_text)
        self.form.addRow("日期", self.on)
        self.form.addRow("标题", self.title_edit)
        self.form.addRow("简要内容（供宣传）", self.text)
        self.fields = {"on": self.on, "text": self.text}

    def apply(self):
        rectification.mark_positive(
            self.actor,
            self.listing.id,
            title=self.title_edit.text(),
            text=self.text.toPlainText(),
            on=self.on.date(),
        )


class AccountabilityDialog(FormDialog):
    def __init__(self, actor: User, listing: Listing, parent=None):
        super().__init__(f"新增问责记录 — {listing.agency.name}", parent)
        self.actor, self.listing = actor, listing
        self.person = _person_box(listing.agency_id)
        self.found = _text()
        self.decision = _text(50)
        self.decided = DateEdit("问责决定日期", "decided_on")
        self.referred = DateEdit("移送组织人事部门日期", "referred_on")
        self.form.addRow("问责对象", self.person)
        self.form.addRow("查明的问题", self.found)
        self.form.addRow("问责决定", self.decision)
        self.form.addRow("决定日期", self.decided)
        self.form.addRow("移送组织人事部门", self.referred)
        self.fields = {"found": self.found, "on": self.decided, "referred_on": self.referred}

    def apply(self):
        accountability.add_accountability(
            self.actor,
            accountability.AccountabilityInput(
                agency_id=self.listing.agency_id,
                person_id=self.person.currentData(),
                listing_id=self.listing.id,
                found=self.found.toPlainText(),
                decision=self.decision.toPlainText(),
                decided_on=self.decided.date(),
                referred_on=self.referred.date(),
            ),
        )
