"""The main window: a navigation column and the pages. Navigation only."""

from __future__ import annotations

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
from ui.pages.agencies import AgenciesPage
from ui.pages.cases import CasesPage
from xinyi_desktop import APP_NAME, __version__
from xinyi_desktop.store.models import User


class MainWindow(QMainWindow):
    def __init__(self, actor: User, *, database_label: str = "", demo: bool = False) -> None:
        super().__init__()
        self.actor = actor
        title = APP_NAME + ("（演示数据）" if demo else "")
        self.setWindowTitle(title)
        self.resize(1280, 720)  # fits a 1366×768 screen with the taskbar
        self.setMinimumSize(1000, 600)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(120)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.cases_page = CasesPage(actor)
        self.agencies_page = AgenciesPage(actor)
        self.pages = [("案件", self.cases_page), ("单位", self.agencies_page)]
        for label, page in self.pages:
            item = QListWidgetItem(label)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            item.setSizeHint(QSize(110, 44))
            self.nav.addItem(item)
            self.stack.addWidget(page)
        self._visited: set[QWidget] = set()  # pages load themselves when built
        self.nav.currentRowChanged.connect(self.show_page)
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        status = QLabel(f"数据库：{database_label}　　当前用户：{actor.display_name}")
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

    def show_page(self, index: int) -> None:
        """Show a page; one shown before is reloaded, as other pages may have changed data."""
        self.stack.setCurrentIndex(index)
        page = self.stack.currentWidget()
        if page in self._visited:
            page.refresh()
        self._visited.add(page)

    def _new_case(self) -> None:
        self.nav.setCurrentRow(0)
        self.cases_page.new_case()
