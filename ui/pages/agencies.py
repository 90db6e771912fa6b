"""The agencies page (政府机构): the register left, one agency and its people right."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import ask
from ui.dialogs.agency_dialog import AgencyDialog
from ui.dialogs.person_dialog import PersonDialog
from ui.models.agency_table_model import (
    COL_AREA,
    COL_CASES,
    COL_CODE,
    COL_KIND,
    COL_NAME,
    COL_PARENT,
    SORT_ROLE,
    AgencyTableModel,
)
from ui.widgets.code_hint import WARNING_COLOR
from xinyi_desktop.errors import NotFound, XinyiError
from xinyi_desktop.rules.agencies import kind_label, role_label
from xinyi_desktop.rules.check_codes import mask_id_number
from xinyi_desktop.services.agencies import (
    case_counts,
    credit_code_warning,
    delete_agency,
    get_agency,
    persons_of,
)
from xinyi_desktop.store.models import User

SEARCH_DELAY_MS = 200
PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AgenciesPage(QWidget):
    def __init__(self, actor: User, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self._agency_id: int | None = None

        self.search_edit = QLineEdit(self)
        self.search_edit.setPlaceholderText(self.tr("搜索单位名称或所属镇街/部门"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self.search_timer.start)

        self.model = AgencyTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setSortLocaleAware(True)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self._setup_table(self.table)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # service order until a click
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        for column in (COL_KIND, COL_CASES, COL_CODE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(COL_AREA, 100)
        header.resizeSection(COL_PARENT, 120)
        self.table.selectionModel().currentRowChanged.connect(self._agency_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_agency())

        self.count_label = QLabel(self)
        self.new_button = QPushButton(self.tr("新建单位"), self)
        self.edit_button = QPushButton(self.tr("编辑单位"), self)
        self.delete_button = QPushButton(self.tr("删除单位"), self)
        self.new_button.clicked.connect(lambda: self.open_agency_dialog())
        self.edit_button.clicked.connect(self.edit_agency)
        self.delete_button.clicked.connect(self.delete_selected)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search_edit)
        left_layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addStretch(1)
        for button in (self.new_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        left_layout.addLayout(row)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([780, 400])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.refresh()

    @staticmethod
    def _setup_table(table: QTableView) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(26)
        table.horizontalHeader().setHighlightSections(False)

    def _build_detail(self) -> QWidget:
        panel = QWidget(self)
        info = QGroupBox(self.tr("单位信息"), panel)
        form = QFormLayout(info)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.detail: dict[str, QLabel] = {}
        for key, label in (
            ("name", self.tr("单位名称")),
            ("kind", self.tr("类别")),
            ("area", self.tr("所属镇街/部门")),
            ("parent", self.tr("上级单位")),
            ("credit_code", self.tr("统一社会信用代码")),
            ("cases", self.tr("案件数")),
            ("note", self.tr("备注")),
        ):
            value = QLabel(info)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail[key] = value
            form.addRow(label + self.tr("："), value)
        self.code_warning = QLabel(info)
        self.code_warning.setWordWrap(True)
        self.code_warning.setStyleSheet(f"color: {WARNING_COLOR};")
        self.code_warning.hide()
        form.addRow("", self.code_warning)

        persons = QGroupBox(self.tr("相关人员"), panel)
        self.only_current = QCheckBox(self.tr("只看在任人员"), persons)
        self.only_current.toggled.connect(self._load_persons)
        self.persons_model = QStandardItemModel(0, 7, self)
        self.persons_model.setHorizontalHeaderLabels(
            [
                self.tr("姓名"),
                self.tr("身份"),
                self.tr("职务"),
                self.tr("身份证号码"),
                self.tr("任职日期"),
                self.tr("离任日期"),
                self.tr("状态"),
            ]
        )
        self.persons_table = QTableView(persons)
        self.persons_table.setModel(self.persons_model)
        self._setup_table(self.persons_table)
        # 职务 takes the spare width; the other columns fit their contents on each load.
        persons_header = self.persons_table.horizontalHeader()
        persons_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        persons_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.persons_table.doubleClicked.connect(lambda _index: self.edit_person())
        self.persons_table.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.add_person_button = QPushButton(self.tr("新增人员"), persons)
        self.edit_person_button = QPushButton(self.tr("编辑人员"), persons)
        self.add_person_button.clicked.connect(lambda: self.open_person_dialog())
        self.edit_person_button.clicked.connect(self.edit_person)
        persons_layout = QVBoxLayout(persons)
        top = QHBoxLayout()
        top.addWidget(self.only_current)
        top.addStretch(1)
        top.addWidget(self.add_person_button)
        top.addWidget(self.edit_person_button)
        persons_layout.addLayout(top)
        persons_layout.addWidget(self.persons_table, 1)

        self.empty_label = QLabel(self.tr("请在左侧选择一个单位。"), panel)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: gray;")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(info)
        layout.addWidget(persons, 1)
        self.info_box, self.persons_box = info, persons
        return panel

    # --- selection -----------------------------------------------------------------------

    def current_agency_id(self) -> int | None:
        return self._agency_id

    def current_person_id(self) -> int | None:
        index = self.persons_table.currentIndex()
        if not index.isValid():
            return None
        return self.persons_model.item(index.row(), 0).data(PERSON_ID_ROLE)

    def select_agency(self, agency_id: int | None) -> bool:
        """Select the agency's row; False (and no selection) when it is not shown."""
        row = self.model.row_of(agency_id)
        if row < 0:
            self.table.selectionModel().clearSelection()
            self.table.setCurrentIndex(QModelIndex())
            return False
        index = self.proxy.mapFromSource(self.model.index(row, COL_NAME))
        flags = QItemSelectionModel.SelectionFlag
        self.table.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)
        return True

    def select_person(self, person_id: int) -> bool:
        for row in range(self.persons_model.rowCount()):
            if self.persons_model.item(row, 0).data(PERSON_ID_ROLE) == person_id:
                self.persons_table.selectRow(row)
                return True
        return False

    def _agency_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        source = self.proxy.mapToSource(current)
        self._agency_id = self.model.agency_id_at(source.row()) if source.isValid() else None
        self._show_detail()

    # --- loading -------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the table with the search text, keeping the selected agency if shown."""
        keep = self._agency_id
        self.model.refresh(self.search_edit.text())
        self.count_label.setText(self.tr("共 %d 个单位") % self.model.rowCount())
        if not self.select_agency(keep):
            # Show the first agency rather than an empty panel.
            first = self.model.agency_id_at(self.proxy.mapToSource(self.proxy.index(0, 0)).row())
            if first is None or not self.select_agency(first):
                self._agency_id = None
                self._show_detail()

    def _show_detail(self) -> None:
        agency = None
        if self._agency_id is not None:
            try:
                agency = get_agency(self._agency_id)
            except NotFound:
                self._agency_id = None
        self.empty_label.setVisible(agency is None)
        self.info_box.setVisible(agency is not None)
        self.persons_box.setVisible(agency is not None)
        if agency is not None:
            problem = credit_code_warning(agency)
            code = agency.credit_code or self.tr("（未填写）")
            self.detail["name"].setText(agency.name)
            self.detail["kind"].setText(kind_label(agency.kind))
            self.detail["area"].setText(agency.area or "—")
            self.detail["parent"].setText(agency.parent.name if agency.parent_id else "—")
            self.detail["credit_code"].setText(("⚠ " + code) if problem else code)
            self.detail["credit_code"].setStyleSheet(f"color: {WARNING_COLOR};" if problem else "")
            self.detail["cases"].setText(str(case_counts().get(agency.id, 0)))
            self.detail["note"].setText(agency.note or "—")
            self.code_warning.setText(problem or "")
            self.code_warning.setVisible(bool(problem))
        self._load_persons()

    def _load_persons(self) -> None:
        self.persons_model.removeRows(0, self.persons_model.rowCount())
        if self._agency_id is not None:
            today = dt.date.today()
            on = today if self.only_current.isChecked() else None
            for person in persons_of(self._agency_id, on=on):
                self.persons_model.appendRow(self._person_row(person, today))
        self.persons_table.horizontalHeader().resizeSections()  # now, not on the next layout
        self._update_buttons()

    def _person_row(self, person, today: dt.date) -> list[QStandardItem]:
        left = person.end_on is not None and person.end_on < today
        status = self.tr("已离任") if left else self.tr("在任")
        values = [
            person.name,
            role_label(person.role),
            person.title,
            mask_id_number(person.id_number) if person.id_number else "",
            person.start_on.isoformat() if person.start_on else "",
            person.end_on.isoformat() if person.end_on else "",
            status,
        ]
        items = [QStandardItem(value) for value in values]
        items[0].setData(person.id, PERSON_ID_ROLE)
        if left:
            for item in items:
                item.setForeground(Qt.GlobalColor.gray)
        return items

    def _update_buttons(self) -> None:
        has_agency = self._agency_id is not None
        self.edit_button.setEnabled(has_agency)
        self.delete_button.setEnabled(has_agency)
        self.add_person_button.setEnabled(has_agency)
        self.edit_person_button.setEnabled(self.current_person_id() is not None)

    # --- actions -------------------------------------------------------------------------

    def open_agency_dialog(self, agency_id: int | None = None) -> AgencyDialog:
        dialog = AgencyDialog(self.actor, agency_id, self)
        if dialog.exec() == AgencyDialog.DialogCode.Accepted:
            self._agency_id = dialog.saved_id
            self.refresh()
        return dialog

    def open_person_dialog(self, person_id: int | None = None) -> PersonDialog | None:
        if self._agency_id is None:
            return None
        dialog = PersonDialog(self.actor, self._agency_id, person_id, self)
        if dialog.exec() == PersonDialog.DialogCode.Accepted:
            self._load_persons()
            self.select_person(dialog.saved_id)
        return dialog

    def edit_agency(self) -> None:
        if self._agency_id is not None:
            self.open_agency_dialog(self._agency_id)

    def edit_person(self) -> None:
        person_id = self.current_person_id()
        if person_id is not None:
            self.open_person_dialog(person_id)

    def delete_selected(self) -> bool:
        """Ask, then delete the selected agency; a refusal is shown, not raised."""
        if self._agency_id is None:
            return False
        try:
            name = get_agency(self._agency_id).name
            question = self.tr("确定删除单位“%s”吗？其人员记录将一并删除，且不能恢复。") % name
            if not ask.question(self, question):
                return False
            delete_agency(self.actor, self._agency_id)
        except XinyiError as error:
            ask.warning(self, str(error))
            self.refresh()
            return False
        self._agency_id = None
        self.refresh()
        return True
