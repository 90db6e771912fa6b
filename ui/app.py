"""Start the GUI: Chinese Qt, fonts, logging, the error dialog, the database, the window."""

from __future__ import annotations

import argparse
import logging
import logging.handlers
import os
import sqlite3
import sys
import traceback
from pathlib import Path

import peewee
from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from ui import ask
from xinyi_desktop import APP_ID, APP_NAME, __version__, paths
from xinyi_desktop.errors import XinyiError

log = logging.getLogger(__name__)

UI_FONTS = [
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "SimSun",
]


class MaskPasswords(logging.Filter):
    """No password of a server address reaches the log file, whoever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        from xinyi_desktop.services.database_address import shown_address

        message = record.getMessage()
        masked = shown_address(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def setup_logging() -> logging.Handler:
    """Log to a rotating file in the user's folder; returns the handler."""
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir() / "xinyi.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskPasswords())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return handler


def install_excepthook() -> None:
    """An unexpected error is logged and shown with copyable details; the program goes on."""

    def hook(kind, value, tb):
        from xinyi_desktop.services.database_address import shown_address

        details = shown_address("".join(traceback.format_exception(kind, value, tb)))
        log.error("unexpected error\n%s", details)
        if os.environ.get("XINYI_EXIT_WHEN_SHOWN"):  # unattended: report and stop
            sys.stderr.write(details)
            os._exit(3)
        if isinstance(value, XinyiError):
            ask.warning(QApplication.activeWindow(), str(value))
            return
        ask.error(
            QApplication.activeWindow(),
            "程序遇到意外错误，刚才的操作可能没有完成。已写入日志："
            f"{paths.log_dir() / 'xinyi.log'}。\n\n可点击“显示详细信息”复制错误内容发给维护人员。",
            details,
        )

    sys.excepthook = hook


# Qt's platforms without window size hints (offscreen, which the self-test uses) warn so at
# every dialog shown; harmless, and a self-test must print nothing. Only these are dropped.
HARMLESS_QT_WARNINGS = frozenset({"This plugin does not support propagateSizeHints()"})


def quiet_harmless_qt_warnings() -> None:
    """Filter Qt's messages: the harmless ones above are dropped, every other message goes
    where it went before (Qt's own output, or the handler installed before this one)."""
    from PySide6.QtCore import qFormatLogMessage, qInstallMessageHandler

    previous = None

    def handler(mode, context, message: str) -> None:
        if message in HARMLESS_QT_WARNINGS:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")

    handler.filters_harmless = True
    previous = qInstallMessageHandler(handler)
    if getattr(previous, "filters_harmless", False):  # already filtering: keep that one
        qInstallMessageHandler(previous)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, speaking Chinese (Qt's own buttons too), with office fonts."""
    quiet_harmless_qt_warnings()
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough  # sharp at 125 % and 150 %
        )
        app = QApplication(argv or [sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    if translator.load(
        "qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(translator)
    font = QFont(app.font())
    font.setFamilies(UI_FONTS)
    font.setPointSizeF(max(font.pointSizeF(), 9.5))
    app.setFont(font)
    icon = paths.resources_dir() / "icons" / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = paths.resources_dir() / "style.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def open_database(args: argparse.Namespace, preflight=None) -> str:
    """Open (and for ``--demo`` first build) the database the arguments name; a
    ``preflight`` gate, when given, is the file's check already under way."""
    from xinyi_desktop.cli import database_target
    from xinyi_desktop.store.connection import init_db

    target = database_target(args)
    if preflight is not None:
        if Path(target).exists() and Path(target).stat().st_size < LARGE_DATABASE:
            preflight.wait()  # a small file is checked in a moment: wait, raise what it found
            init_db(target, checked=True)
            return target
        try:
            init_db(target, gate=preflight)  # reads now; writes wait for the check
        except (sqlite3.DatabaseError, peewee.DatabaseError):
            preflight.wait()  # a file too damaged to read: the check says what is wrong
            raise
        return target
    if args.demo:
        from xinyi_desktop.demo import ensure_demo_database

        ensure_demo_database(Path(target))
    init_db(target)
    return target


# The titles of the start-up's boxes about the database (a box without a parent window
# shows its title in the taskbar).
CHECK_FAILED = "数据库检查未通过"
RESTORED = "数据库已恢复"

# Above this size the file's check runs while the window opens (see WriteGate).
LARGE_DATABASE = 32 * 1024 * 1024


def watch_write_gate(window, on_pass=None) -> None:
    """Once the check that ran during start-up is done: lift the gate and call
    ``on_pass`` (the start-up's writes), or, if the file failed it, say so (writes stay
    refused) and offer the newest good backup. Without a gate ``on_pass`` runs at once."""
    from xinyi_desktop.store.models import db

    gate = getattr(db.obj, "write_gate", None)
    if gate is None:
        if on_pass is not None:
            on_pass()
        return
    timer = QTimer(window)
    timer.setInterval(100)

    def poll() -> None:
        passed = gate.passed()
        if passed is None:
            return
        timer.stop()
        if passed:
            gate.lift(db.obj)
            if on_pass is not None:
                on_pass()
            return
        error = gate.future.exception()
        log.error("database check failed after start-up: %s", error)
        backup = getattr(error, "newest_backup", None)
        text = f"{error}\n\n程序已停止写入数据库，您仍可查看。"
        if backup is None:
            ask.error(window, text + "没有找到完好的备份，请联系维护人员。", title=CHECK_FAILED)
            return
        if ask.question(
            window,
            text + f"\n\n是否用最新的完好备份恢复？\n{backup}\n恢复后程序将退出，请重新启动。",
            CHECK_FAILED,
        ):
            from ui.dialogs.restore_dialog import restore_after_damage

            restored = restore_after_damage(window, Path(db.obj.database), backup)
            if restored is not None:
                ask.information(window, restored.message() + "\n请重新启动程序。", RESTORED)
                QApplication.quit()

    timer.timeout.connect(poll)
    timer.start()


def open_or_recover(args: argparse.Namespace, unattended: bool, preflight=None) -> str:
    """Open the database; a damaged file is offered its newest good backup instead."""
    from xinyi_desktop.errors import DatabaseDamaged

    try:
        return open_database(args, preflight)
    except DatabaseDamaged as error:
        damaged, backup = error, error.newest_backup
        if (
            unattended
            or backup is None
            or not ask.question(
                None,
                f"{error}\n\n最新的完好备份是：\n{backup}\n\n是否用它恢复？"
                "当前的数据库文件会另存一份，不会删除。",
                CHECK_FAILED,
            )
        ):
            raise
    from ui.dialogs.restore_dialog import restore_after_damage
    from xinyi_desktop.cli import database_target
    from xinyi_desktop.store.connection import close_db, sqlite_file

    restored = restore_after_damage(None, sqlite_file(database_target(args)), backup)
    if restored is None:
        raise damaged
    close_db()
    ask.information(None, restored.message(), RESTORED)
    return open_database(args)


def _where_the_address_came_from(args: argparse.Namespace) -> str:
    """When the database is the one set on this PC (设置 → 数据库), how to get round it."""
    from xinyi_desktop import local_config

    if args.db or args.demo or os.environ.get("XINYI_DB") or not local_config.database_address():
        return ""
    return (
        "\n\n这是本机“设置 → 数据库”中保存的数据库地址。可先用“--db 路径”打开其他数据库，"
        f"再到设置中修改；或删除本机设置文件 {local_config.config_path()} 恢复默认。"
    )


def tell_cannot_open(args: argparse.Namespace, error: XinyiError) -> None:
    from xinyi_desktop.services.database_address import shown_address

    shown = shown_address(f"{error}{_where_the_address_came_from(args)}")
    ask.error(None, f"无法打开数据库：{shown}", title="无法打开数据库")


def sign_in(args: argparse.Namespace, unattended: bool):
    """Who works in this session: the first start creates the administrator, later starts
    ask for a log-in. The demo database and the start-up probe run as the built-in user."""
    from xinyi_desktop.services.accounts import accounts_exist
    from xinyi_desktop.store.connection import default_user

    if args.demo or unattended:
        return default_user()
    from ui.dialogs.login import FirstStartDialog, LoginDialog

    dialog = LoginDialog() if accounts_exist() else FirstStartDialog()
    return dialog.user if dialog.exec() else None


UPKEEP_FAILED = "期限的日常更新（本月和下月的定期通报等）没有完成，未写入任何内容："


def deadline_upkeep(window, actor) -> None:
    """What the deadlines lack is written as the signed-in user (nothing for a 只读 user):
    the pages only read. Run once the database may be written (``watch_write_gate``); a
    database that refuses the write (a read-only file, say) is said in the status bar,
    and the program runs on for viewing."""
    from xinyi_desktop.services.deadline_sync import upkeep

    try:
        upkeep(actor)
    except XinyiError as error:
        log.exception("deadline upkeep failed")
        window.statusBar().showMessage(UPKEEP_FAILED + str(error))
    except (peewee.DatabaseError, sqlite3.Error):
        log.exception("deadline upkeep failed")
        window.statusBar().showMessage(
            f"{UPKEEP_FAILED}数据库不能写入，您仍可查看。详情已写入日志：{paths.log_dir()}"
        )


def daily_backup(window) -> None:
    """The first start of the day copies the database; a failure is said, in Chinese, not
    fatal. A folder that cannot be used is said at each start; the copy goes to the
    user's own folder meanwhile."""
    from xinyi_desktop.services.backups import folder_unusable, take_daily_backup

    where = "请在“设置 → 常规 → 备份”中检查备份文件夹。"
    problem = folder_unusable()
    try:
        taken = take_daily_backup()
    except Exception as error:  # noqa: BLE001 - the program runs on; the clerk is told
        log.exception("daily backup failed")
        why = str(error) if isinstance(error, XinyiError) else f"详情已写入日志：{paths.log_dir()}"
        ask.warning(window, f"今天的自动备份没有完成。{problem or why}\n{where}", "自动备份")
        return
    if taken:
        log.info("daily backup written to %s", taken)
    if problem:
        copy = f"今天的备份已改存到：{taken}\n" if taken else ""
        ask.warning(window, f"{problem}\n{copy}{where}", "自动备份")


class _QuitOnPaint(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


def quit_after_first_paint(widget) -> None:
    """Quit once ``widget`` has painted: the register's rows are on screen."""
    widget.installEventFilter(_QuitOnPaint(widget))


def open_window(args: argparse.Namespace, actor, target: str, unattended: bool):
    """The main window, shown; the deadlines' upkeep is written once the file's check
    lets writes through, never before the window opens nor on a file that failed it."""
    from ui.main_window import MainWindow

    window = MainWindow(actor, database_label=target, demo=args.demo)
    if unattended:
        quit_after_first_paint(window.stack.currentWidget())  # the first page, 工作台
    window.show()
    watch_write_gate(window, on_pass=lambda: deadline_upkeep(window, actor))
    return window


def main(args: argparse.Namespace, preflight=None) -> int:
    if args.command == "self-test":
        from ui.selftest import run_self_test

        return run_self_test()
    setup_logging()
    app = create_application()
    install_excepthook()
    unattended = bool(os.environ.get("XINYI_EXIT_WHEN_SHOWN"))  # the start-up probe
    try:
        target = open_or_recover(args, unattended, preflight)
    except XinyiError as error:
        log.error("cannot open the database: %s", error)  # MaskPasswords masks the file's copy
        if not unattended:
            tell_cannot_open(args, error)
        return 2
    from xinyi_desktop.store.models import db

    report = getattr(db.obj, "upgrade_report", None)
    if report is not None and not unattended:
        ask.information(None, report.message(), "数据库已升级")
    actor = sign_in(args, unattended)
    if actor is None:
        return 0
    window = open_window(args, actor, target, unattended)
    if not unattended:
        from ui.pages.dashboard import tell_about_overdue

        QTimer.singleShot(300, lambda: tell_about_overdue(window))
        if not args.demo:
            QTimer.singleShot(1000, lambda: daily_backup(window))
    log.info("started %s %s on %s", APP_NAME, __version__, window.database_label)
    return app.exec()
