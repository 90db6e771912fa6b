"""整改与问责 — per listed agency: rectification deadline, responsible persons, progress,
exit and positive example; the escalation list and the approval; accountability records;
government dishonesty records and their export for the public credit system."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.dialogs import rectification_dialogs as forms
from ui.dialogs.sanction_dialogs import NoteDialog
from ui.pages.escalation import EscalationTab
from ui.widgets.tables import day, fill_table, selected_rows, table
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.check_codes import mask_id_number
from xinyi_desktop.rules.permissions import allows
from xinyi_desktop.services import accountability, rectification, sanction_query, sanctions
from xinyi_desktop.store.models import User
from xinyi_desktop.store.sanction_models import Listing

LISTING_HEADERS = ["单位", "案号", "列入日期", "整改期限", "整改状态", "报送/核定", "正面案例"]


class RectificationPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.listings: list[Listing] = []
        self.tabs = QTabWidget()
        self.tabs.addTab(self._rectification_tab(), "整改")
        self.escalation = EscalationTab(actor, self)
        self.escalation.changed.connect(self.refresh)
        self.tabs.addTab(self.escalation, "逾期名单")
        self.tabs.addTab(self._accountability_tab(), "问责")
        self.tabs.addTab(self._records_tab(), "政务失信记录")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 8)
        layout.addWidget(self.tabs)
        self.refresh()

    # --- 整改 ---------------------------------------------------------------------------
    def _rectification_tab(self) -> QWidget:
        self.listing_table = table(LISTING_HEADERS)
        self.listing_table.itemSelectionChanged.connect(self.show_listing)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.responsible_table = table(["责任人", "职务", "负责事项"])
        self.progress_table = table(["日期", "整改进展", "记录人"])
        buttons = QHBoxLayout()
        for text, form in (
            ("下达整改…", forms.RectifyDialog),
            ("添加责任人…", forms.ResponsibleDialog),
            ("记录进展…", None),
            ("整改完成…", "done"),
            ("移出名单…", forms.ExitDialog),
            ("列为正面案例…", forms.PositiveDialog),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _=False, f=form: self.open_form(f))
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.detail)
        box.addLayout(buttons)
        box.addWidget(QLabel("整改责任人（责任到人）"))
        box.addWidget(self.responsible_table, 1)
        box.addWidget(QLabel("整改进展"))
        box.addWidget(self.progress_table, 2)
        splitter = QSplitter()
        splitter.addWidget(self.listing_table)
        splitter.addWidget(right)
        splitter.setSizes([560, 560])
        return splitter

    def current_listing(self) -> Listing | None:
        rows = selected_rows(self.listing_table)
        return self.listings[rows[0]] if rows else None

    def form_for(self, form, listing: Listing):
        if form is None:
            return NoteDialog(
                "记录整改进展",
                lambda on, text: rectification.add_progress(
                    self.actor, listing.id, on=on, text=text
                ),
                self,
                label="整改进展",
            )
        if form == "done":
            return NoteDialog(
                "整改完成",
                lambda on, text: rectification.mark_rectified(
                    self.actor, listing.id, on=on, note=text
                ),
                self,
                label="说明",
                date_label="完成日期",
            )
        return form(self.actor, listing, self)

    def open_form(self, form) -> None:
        listing = self.current_listing()
        if listing is None:
            ask.information(self, "请先在左侧选择一个失信单位。")
            return
        if self.form_for(form, listing).exec():
            self.refresh()

    def show_listing(self) -> None:
        listing = self.current_listing()
        if listing is None:
            self.detail.setText("")
            fill_table(self.responsible_table, [])
            fill_table(self.progress_table, [])
            return
        listing = Listing.get_by_id(listing.id)
        missing = sanctions.missing_persons(listing)
        lines = [
            f"{listing.agency.name}　{listing.case.case_no}　列入 {day(listing.listed_on)}",
            (
                f"整改：{day(listing.rectify_assigned_on)}下达，期限 {day(listing.rectify_due_on)}"
                if listing.rectify_due_on
                else "整改：未下达"
            )
            + (f"，{day(listing.rectified_on)}完成" if listing.rectified_on else ""),
            f"报送市政府：{day(listing.escalated_on) or '未报送'}　"
            f"核定：{day(listing.approved_on) or '未核定'} {listing.approval_ref}",
        ]
        further = sanction_query.approvals_of(listing.id)[1:]
        if further:
            lines.append("补充核定：" + "；".join(f"{day(on)} {ref}" for on, ref in further))
        if listing.removed_on:
            lines.append(
                f"已于{day(listing.removed_on)}移出名单（"
                f"{rectification.EXIT_REASONS.get(listing.removal_reason, '')}）"
            )
        if missing:
            lines.append("⚠ 尚未登记：" + "、".join(missing) + "（登记后在“惩戒”中补全清单）")
        if listing.positive:
            lines.append(f"正面案例：{listing.positive_title}")
        self.detail.setText("\n".join(lines))
        fill_table(
            self.responsible_table,
            [[r.name, r.post, r.duty] for r in rectification.responsibles_of(listing.id)],
        )
        fill_table(
            self.progress_table,
            [
                [day(n.noted_on), n.text, n.user.display_name]
                for n in rectification.progress_of(listing.id)
            ],
        )

    # --- 问责 ------------------------------------------------------------------------------
    def _accountability_tab(self) -> QWidget:
        self.accountability_table = table(
            ["对象", "单位", "查明的问题", "问责决定", "决定日期", "移送组织人事部门"], multi=True
        )
        add = QPushButton("新增问责记录…")
        add.clicked.connect(lambda: self.open_form(forms.AccountabilityDialog))
        refer = QPushButton("登记已移送…")
        refer.clicked.connect(self.on_refer)
        widget = QWidget()
        box = QVBoxLayout(widget)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(refer)
        row.addWidget(QLabel("（新增时先在“整改”页选择单位；移送函在“文书”中生成后自动登记）"))
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.accountability_table, 1)
        return widget

    def on_refer(self) -> None:
        rows = selected_rows(self.accountability_table)
        if not rows:
            ask.information(self, "请先选择要登记移送的问责记录。")
            return
        ids = [self.accountabilities[r].id for r in rows]
        dialog = NoteDialog(
            "登记移送组织人事部门",
            lambda on, _text: accountability.refer_accountability(self.actor, ids, on=on),
            self,
            label="备注",
            date_label="移送日期",
        )
        if dialog.exec():
            self.refresh()

    # --- 政务失信记录 ------------------------------------------------------------------------
    def _records_tab(self) -> QWidget:
        self.records_table = table(
            [
                "类别",
                "失信主体名称",
                "信用代码/证件号码",
                "失信行为",
                "案号",
                "认定日期",
                "责任人",
                "状态",
            ]
        )
        public = QPushButton("导出公示用表格（遮蔽身份证号码，不含已移出）…")
        public.clicked.connect(lambda: self.export(True))
        full = QPushButton("导出内部完整表格…")
        full.clicked.connect(lambda: self.export(False))
        widget = QWidget()
        box = QVBoxLayout(widget)
        row = QHBoxLayout()
        row.addWidget(public)
        row.addWidget(full)
        row.addStretch(1)
        box.addLayout(row)
        box.addWidget(self.records_table, 1)
        return widget

    def export(self, publication: bool) -> None:
        if not publication and not allows(self.actor.role, "see_id_numbers"):
            ask.warning(self, "您的角色不能查看完整身份证号码，请导出公示用表格。")
            return
        suffix = "公示" if publication else "内部"
        name = f"政务失信记录_{suffix}_{dt.date.today():%Y%m%d}.xlsx"
        path = ask.save_file_name(self, "导出政务失信记录", name, "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        try:
            count = accountability.export_dishonesty(self.actor, path, publication=publication)
        except (OSError, XinyiError) as error:
            ask.warning(self, f"导出失败：{error}")
            return
        ask.information(self, f"已导出 {count} 条政务失信记录：{path}")

    # --- all -------------------------------------------------------------------------------
    def refresh(self) -> None:
        today = dt.date.today()
        self.listings = list(
            Listing.select().order_by(Listing.removed_on.is_null(False), Listing.listed_on.desc())
        )
        rows = []
        for x in self.listings:
            due = x.rectify_due_on
            if x.removed_on:
                state = f"已移出 {day(x.removed_on)}"
            elif x.rectified_on:
                state = f"已整改 {day(x.rectified_on)}"
            elif due is None:
                state = "未下达整改"
            else:
                state = "逾期" if due < today else "整改中"
            rows.append(
                [
                    x.agency.name,
                    x.case.case_no,
                    day(x.listed_on),
                    day(due),
                    state,
                    f"{day(x.escalated_on)} / {day(x.approved_on)}".strip(" /"),
                    "是" if x.positive else "",
                ]
            )
        fill_table(self.listing_table, rows)
        self.escalation.refresh(today)
        self.accountabilities = accountability.accountability_list()
        fill_table(
            self.accountability_table,
            [
                [
                    a.subject,
                    a.agency.name,
                    a.found,
                    a.decision,
                    day(a.decided_on),
                    day(a.referred_on) or "未移送",
                ]
                for a in self.accountabilities
            ],
        )
        fill_table(
            self.records_table,
            [
                [
                    "单位" if r.subject_kind == "unit" else "个人",
                    r.name,
                    r.credit_code or mask_id_number(r.id_number) if r.id_number else r.credit_code,
                    r.behaviour,
                    r.basis_no,
                    day(r.determined_on),
                    r.responsible,
                    f"已移出 {day(r.removed_on)}" if r.removed_on else "有效",
                ]
                for r in accountability.dishonesty_records()
            ],
        )
        self.show_listing()
