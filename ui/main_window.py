"""The main window: a navigation column and the pages. Navigation only."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from ui import ask
from ui.screen_fit import FRAME, available, fit_window
from xinyi_desktop import APP_NAME, __version__
from xinyi_desktop.rules.permissions import role_label
from xinyi_desktop.services.database_address import shown_address
from xinyi_desktop.store.models import User

if TYPE_CHECKING:
    from ui.pages.agencies import AgenciesPage
    from ui.pages.cases import CasesPage

# (navigation label, "module:class"): pages are imported and built on first use.
PAGES = [
    ("工作台", "ui.pages.dashboard:DashboardPage"),
    ("案件", "ui.pages.cases:CasesPage"),
    ("单位", "ui.pages.agencies:AgenciesPage"),
    ("期限日历", "ui.pages.calendar:CalendarPage"),
    ("导入", "ui.pages.imports:ImportsPage"),
    ("文书", "ui.pages.documents:DocumentsPage"),
    ("惩戒", "ui.pages.sanctions:SanctionsPage"),
    ("整改与问责", "ui.pages.rectification:RectificationPage"),
    ("督查", "ui.pages.inspections:InspectionsPage"),
    ("报表", "ui.pages.reports:ReportsPage"),
    ("设置", "ui.pages.settings:SettingsPage"),
]
WANTED_SIZE = QSize(1280, 720)
# The pages are laid out to work down to 911×512, what a 1366×768 screen at 150 % leaves.
MINIMUM_SIZE = QSize(880, 500)


class MainWindow(QMainWindow):
    def __init__(self, actor: User, *, database_label: str = "", demo: bool = False) -> None:
        super().__init__()
        self.actor = actor
        title = APP_NAME + ("（演示数据）" if demo else "")
        self.setWindowTitle(title)
        # 1280×720 where the screen has room; a 1366×768 screen (at any scaling) has not,
        # so there the window opens maximised, and never larger than the screen.
        fit_window(self, WANTED_SIZE, MINIMUM_SIZE)
        room = available(self).size() - FRAME
        if room.width() < WANTED_SIZE.width() or room.height() < WANTED_SIZE.height():
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)
        self.setAcceptDrops(True)  # court files dropped on the window open the import wizard

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(120)
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.stack = QStackedWidget()
        # Each page is built the first time it is shown, so start-up builds only the first.
        self._built: dict[int, QWidget] = {}
        for label, _ in PAGES:
            item = QListWidgetItem(label)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            # 11 rows of 40 fit the 464 logical pixels a 1366×768 screen at 150 % leaves.
            item.setSizeHint(QSize(110, 40))
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # stands in until the page is built
        self.nav.currentRowChanged.connect(self.show_page)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        who = f"{actor.display_name}（{role_label(actor.role)}）"
        self.database_label = shown_address(database_label)  # a server's password masked
        status = QLabel(f"数据库：{self.database_label}　　当前用户：{who}")
        self.status_label = status
        status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.statusBar().addWidget(status, 1)
        self._build_menu()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        new_case = QAction("新建案件(&N)", self)
        new_case.setShortcut(QKeySequence.StandardKey.New)
        new_case.triggered.connect(self._new_case)
        file_menu.addAction(new_case)
        file_menu.addSeparator()
        password = QAction("修改密码(&P)…", self)
        password.triggered.connect(self._change_password)
        password.setEnabled(self.actor.password_hash is not None)
        file_menu.addAction(password)
        file_menu.addSeparator()
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于(&A)", self)
        about.triggered.connect(
            lambda: ask.information(self, f"{APP_NAME}\n版本 {__version__}\n新沂市信用办", "关于")
        )
        help_menu.addAction(about)

    def page(self, index: int) -> QWidget:
        """The page at ``index``, built (and so loaded) on first use."""
        if index not in self._built:
            module, name = PAGES[index][1].split(":")
            page = getattr(importlib.import_module(module), name)(self.actor)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            self._built[index] = page
        return self._built[index]

    @property
    def cases_page(self) -> CasesPage:
        return self.page(self.page_index("ui.pages.cases:CasesPage"))

    @property
    def agencies_page(self) -> AgenciesPage:
        return self.page(self.page_index("ui.pages.agencies:AgenciesPage"))

    @staticmethod
    def page_index(target: str) -> int:
        """The position in PAGES of the page class ``target`` ("module:Class")."""
        return [t for _, t in PAGES].index(target)

    def show_page(self, index: int) -> None:
        """Show a page; one shown before is reloaded, as other pages may have changed data."""
        fresh = index not in self._built
        page = self.page(index)
        self.stack.setCurrentWidget(page)
        if not fresh:
            page.refresh()

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.import_files(files)

    def import_files(self, files: list[str]) -> None:
        """Open the import wizard (导入法院数据) with these files."""
        index = self.page_index("ui.pages.imports:ImportsPage")
        self.nav.setCurrentRow(index)
        self.page(index).open_wizard(files)

    def _new_case(self) -> None:
        self.nav.setCurrentRow(self.page_index("ui.pages.cases:CasesPage"))
        self.cases_page.new_case()

    def _change_password(self) -> None:
        from ui.dialogs.login import ChangePasswordDialog

        if ChangePasswordDialog(self.actor, parent=self).exec():
            ask.information(self, "密码已修改，下次登录请使用新密码。")
