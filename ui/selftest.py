"""``main.py self-test``: open every page and dialog once against a temporary database.

Exits 0 only if nothing raised — so a missing data file, resource or hidden import in a
frozen build is caught before a clerk meets it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from pathlib import Path


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xinyi-self-test-") as folder:
        os.environ["XINYI_HOME"] = folder
        try:
            _exercise(Path(folder), failures)
        except Exception:  # noqa: BLE001 - every failure is reported, not raised
            failures.append(traceback.format_exc())
        finally:
            from xinyi_desktop.store.connection import close_db

            close_db()
    verdict = "自检通过" if not failures else f"自检失败：{len(failures)} 处错误"
    for failure in failures:
        print(failure, file=sys.stderr)
    print(verdict)
    write_report(verdict, failures)
    return 0 if not failures else 1


def report_path() -> Path:
    """Where the self-test leaves its report: a windowed program on Windows has no
    console to print to, so the build workflow reads this file instead."""
    return Path(tempfile.gettempdir()) / "xinyi-self-test.txt"


def write_report(verdict: str, failures: list[str]) -> None:
    try:
        report_path().write_text("\n\n".join([verdict, *failures]) + "\n", encoding="utf-8")
    except OSError:  # a report that cannot be written must not fail the test itself
        pass


def _exercise(folder: Path, failures: list[str]) -> None:
    from PySide6.QtWidgets import QApplication, QDialog

    from ui.app import create_application
    from ui.dialogs.agency_dialog import AgencyDialog
    from ui.dialogs.case_actions import EventDialog, LinkDialog, StageDialog
    from ui.dialogs.case_detail import CaseDetailDialog
    from ui.dialogs.case_dialog import CaseDialog
    from ui.dialogs.deadline_actions import ChangeDueDialog, DoneDialog, WaiveDialog
    from ui.dialogs.import_wizard import ImportWizard
    from ui.dialogs.letter_dialog import BatchLetterDialog, EscalationDialog, LetterDialog
    from ui.dialogs.login import ChangePasswordDialog, FirstStartDialog, LoginDialog
    from ui.dialogs.person_dialog import PersonDialog
    from ui.dialogs.restore_dialog import AdministratorRestoreDialog
    from ui.main_window import MainWindow
    from xinyi_desktop.demo import build_demo
    from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines
    from xinyi_desktop.store.connection import default_user, init_db
    from xinyi_desktop.store.models import Agency, Case

    def hook(kind, value, tb):
        failures.append("".join(traceback.format_exception(kind, value, tb)))

    sys.excepthook = hook
    app = create_application()
    failures.extend(missing_parts())
    init_db(folder / "self-test.db")
    actor = default_user()
    build_demo(actor, cases=30)
    window = MainWindow(actor, database_label="self-test")
    window.show()
    for _ in range(2):  # first visit builds each page, the second reloads it
        for index in range(window.nav.count()):
            window.nav.setCurrentRow(index)
            app.processEvents()
    case_id = Case.select(Case.id).where(Case.stage != "closed").first().id
    agency_id = Agency.select(Agency.id).first().id
    dialogs: list[QDialog] = [
        CaseDialog(actor, parent=window),
        CaseDialog(actor, case_id, parent=window),
        CaseDetailDialog(actor, case_id, parent=window),
        StageDialog(actor, case_id, parent=window),
        LinkDialog(actor, case_id, parent=window),
        EventDialog(actor, case_id, parent=window),
        AgencyDialog(actor, parent=window),
        AgencyDialog(actor, agency_id, parent=window),
        PersonDialog(actor, agency_id, parent=window),
        LetterDialog(actor, case_id, parent=window),
        BatchLetterDialog(actor, parent=window),
        EscalationDialog(actor, parent=window),
        ImportWizard(actor, parent=window),
        LoginDialog(window),
        FirstStartDialog(window),
        ChangePasswordDialog(actor, parent=window),
        AdministratorRestoreDialog(folder / "self-test.db", folder / "backup.db", parent=window),
    ]
    deadlines = list_deadlines(DeadlineFilter())
    if not deadlines:
        failures.append("自检数据中没有期限，无法检查期限对话框")
    else:
        dialogs += [
            DoneDialog(actor, deadlines[0], parent=window),
            WaiveDialog(actor, deadlines[:2], parent=window),
            ChangeDueDialog(actor, deadlines[0], parent=window),
        ]
    for dialog in dialogs:
        dialog.show()
        app.processEvents()
        dialog.reject()
    window.close()
    QApplication.processEvents()


def missing_parts() -> list[str]:
    """Bundled files and Qt's Chinese translation: a build that lost one fails here."""
    from PySide6.QtCore import QCoreApplication

    from xinyi_desktop import paths

    problems = []
    for path in (
        paths.resources_dir() / "style.qss",
        paths.resources_dir() / "icons" / "app.png",
        paths.data_dir() / "case_types.json",
        paths.data_dir() / "demo.json",
        paths.resources_dir() / "templates" / "templates.json",
        paths.resources_dir() / "templates" / "reminder.docx",
    ):
        if not path.is_file():
            problems.append(f"缺少文件：{path}")
    if QCoreApplication.translate("QPlatformTheme", "Cancel") != "取消":
        problems.append("未能加载 Qt 中文翻译（qtbase_zh_CN.qm）")
    return problems
