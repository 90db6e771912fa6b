"""Case detail (案件详情): all fields, parties, linked cases and the timeline."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.dialogs.case_actions import EventDialog, LinkDialog, StageDialog
from ui.dialogs.letter_dialog import LetterDialog
from ui.models.case_table_model import STAGE_COLOURS, stage_text
from ui.screen_fit import fit_window
from ui.widgets.case_deadlines import CaseDeadlines
from ui.widgets.tables import fill_table, list_table
from xinyi_desktop.rules.agencies import kind_label
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import cases as case_service
from xinyi_desktop.services.events import EVENT_KINDS, timeline
from xinyi_desktop.services.links import links_of, unlink
from xinyi_desktop.store.models import User


class CaseDetailDialog(QDialog):
    def __init__(self, actor: User, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.case_id = case_id
        self.changed = False

        self.title = QLabel()
        self.title.setObjectName("caseTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stage_badge = QLabel()
        self.stage_badge.setObjectName("stageBadge")
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.stage_badge)
        header.addStretch(1)

        self.tabs = QTabWidget()
        self.info = QWidget()
        self.info_form = QFormLayout(self.info)
        # Seventeen rows are taller than a 1366×768 screen at 150 %: they scroll, so the
        # buttons below (变更阶段 …) stay on the screen.
        info_scroll = QScrollArea()
        info_scroll.setFrameShape(QFrame.Shape.NoFrame)
        info_scroll.setWidgetResizable(True)
        info_scroll.setWidget(self.info)
        self.tabs.addTab(info_scroll, "基本信息")
        self.parties = list_table(["身份", "名称", "类别", "所属镇街/部门"])
        self.tabs.addTab(self.parties, "当事人")
        links_tab = QWidget()
        self.links = list_table(["关系", "案号", "阶段", "被告单位"])
        self.links.doubleClicked.connect(self._open_linked)
        self.add_link_button = QPushButton("关联案件…")
        self.remove_link_button = QPushButton("取消关联")
        link_buttons = QHBoxLayout()
        link_buttons.addWidget(self.add_link_button)
        link_buttons.addWidget(self.remove_link_button)
        link_buttons.addStretch(1)
        links_layout = QVBoxLayout(links_tab)
        links_layout.addWidget(self.links)
        links_layout.addLayout(link_buttons)
        self.tabs.addTab(links_tab, "关联案件")
        self.events = list_table(["日期", "类型", "内容", "经办人", "记录时间"])
        self.tabs.addTab(self.events, "时间线")
        self.history = list_table(["时间", "经办人", "操作", "项目", "原内容", "新内容"])
        self.tabs.addTab(self.history, "修改记录")
        self.deadlines = CaseDeadlines(actor, case_id)
        self.deadlines.changed.connect(self._deadlines_changed)
        self.tabs.addTab(self.deadlines, "期限")

        self.edit_button = QPushButton("编辑")
        self.stage_button = QPushButton("变更阶段…")
        self.event_button = QPushButton("添加记录…")
        self.letter_button = QPushButton("生成函件…")
        close_button = QPushButton("关闭")
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.stage_button, self.event_button, self.letter_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self.edit_button.clicked.connect(self.edit)
        self.stage_button.clicked.connect(lambda: self._run(StageDialog))
        self.event_button.clicked.connect(lambda: self._run(EventDialog))
        self.letter_button.clicked.connect(lambda: self._run(LetterDialog))
        self.add_link_button.clicked.connect(lambda: self._run(LinkDialog))
        self.remove_link_button.clicked.connect(self._unlink)
        close_button.clicked.connect(self.accept)
        fit_window(self, QSize(900, 620), QSize(560, 320))  # or what the screen has
        self.load()

    def load(self) -> None:
        case = case_service.get_case(self.case_id)
        self.setWindowTitle(f"案件详情 — {case.case_no}")
        self.title.setText(case.case_no)
        self.stage_badge.setText(stage_text(case.stage, case.outcome))
        colour = STAGE_COLOURS[Stage(case.stage)].name()
        self.stage_badge.setStyleSheet(
            f"color: white; background: {colour}; border-radius: 4px; padding: 2px 8px;"
        )
        self.stage_button.setEnabled(case.stage != Stage.CLOSED.value)
        self._fill_info(case)
        parties = []
        for party in case_service.parties_of(case, "plaintiff"):
            parties.append(["原告", party.name, "", ""])
        for party in case_service.parties_of(case, "defendant"):
            agency = party.agency
            parties.append(["被告", party.name, kind_label(agency.kind), agency.area])
        fill_table(self.parties, parties)
        self._links = links_of(self.case_id)
        fill_table(
            self.links,
            [
                [
                    label,
                    other.case_no,
                    stage_text(other.stage, other.outcome),
                    other.defendants_text,
                ]
                for _, other, label in self._links
            ],
        )
        fill_table(
            self.events,
            [
                [
                    e.occurred_on.isoformat(),
                    EVENT_KINDS.get(e.kind, e.kind),
                    e.summary,
                    e.user.display_name,
                    e.recorded_at.strftime("%Y-%m-%d %H:%M"),
                ]
                for e in timeline(self.case_id)
            ],
        )
        fill_table(
            self.history,
            [
                [
                    row.at.strftime("%Y-%m-%d %H:%M"),
                    row.who,
                    row.action,
                    row.field,
                    row.old,
                    row.new,
                ]
                for row in reversed(case_service.case_history(self.case_id))
            ],
        )
        self.deadlines.load()

    def _fill_info(self, case) -> None:
        while self.info_form.rowCount():
            self.info_form.removeRow(0)
        dates = [
            (case_service.FIELD_LABELS[name], getattr(case, name))
            for name in (*case_service.DATE_FIELDS, "closed_on")
        ]
        rows = [
            ("案号", case.case_no),
            ("阶段", stage_text(case.stage, case.outcome)),
            ("审理法院", case.court),
            ("案由", case.cause),
            ("原告", case.plaintiffs_text),
            ("被告单位", case.defendants_text),
            *[(label, value.isoformat() if value else "—") for label, value in dates],
            ("标的金额", "—" if case.amount is None else f"{case.amount:,.2f} 元"),
            ("备注", case.note or "—"),
            ("登记时间", case.created_at.strftime("%Y-%m-%d %H:%M")),
            ("最后修改", case.updated_at.strftime("%Y-%m-%d %H:%M")),
        ]
        for label, value in rows:
            text = QLabel(value or "—")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_form.addRow(label + "：", text)

    def _deadlines_changed(self) -> None:
        self.changed = True
        self.load()

    def _run(self, dialog_class) -> None:
        dialog = dialog_class(self.actor, self.case_id, parent=self)
        if dialog.exec():
            self.changed = True
            self.load()

    def edit(self) -> None:
        from ui.dialogs.case_dialog import CaseDialog

        dialog = CaseDialog(self.actor, self.case_id, parent=self)
        if dialog.exec():
            self.changed = True
            self.load()

    def _selected_link(self):
        rows = self.links.selectionModel().selectedRows()
        return self._links[rows[0].row()] if rows else None

    def _open_linked(self) -> None:
        selected = self._selected_link()
        if selected is not None:
            CaseDetailDialog(self.actor, selected[1].id, parent=self).exec()
            self.load()

    def _unlink(self) -> None:
        selected = self._selected_link()
        if selected is None:
            ask.information(self, "请先在列表中选中要取消的关联。")
            return
        link, other, _ = selected
        if ask.question(self, f"取消本案与 {other.case_no} 的关联？"):
            unlink(self.actor, link.id)
            self.changed = True
            self.load()
