"""Every message box has a Chinese window title (a box with no parent window shows it in
the taskbar), and the start-up's boxes about the database say what they are about, in
Chinese, title and text."""

import ast
import re
from pathlib import Path

import pytest

from tests.test_backup_folder import english_words
from ui import ask

ROOT = Path(__file__).resolve().parents[2]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("kind", ["information", "warning", "question", "error"])
@pytest.mark.parametrize(
    ("title", "shown"),
    [("", None), ("Error", None), ("  ", None), ("无法打开数据库", "无法打开数据库")],
)
def test_a_message_box_title_is_always_chinese(qtbot, kind, title, shown):
    box = ask.message_box(kind, None, "数据库文件检查未通过。", title)
    qtbot.addWidget(box)
    box.show()
    assert box.windowTitle() == (shown or ask.TITLES[kind])
    assert CHINESE.search(box.windowTitle())
    assert box.text() == "数据库文件检查未通过。"


def ask_calls():
    """Every ``ask.information/warning/question/error`` call in ``ui/`` and its title."""
    for path in sorted((ROOT / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            func = getattr(node, "func", None)
            if not (
                isinstance(func, ast.Attribute)
                and isinstance(func.value, ast.Name)
                and func.value.id == "ask"
                and func.attr in ask.TITLES
            ):
                continue
            position = 3 if func.attr == "error" else 2
            title = next((k.value for k in node.keywords if k.arg == "title"), None)
            if title is None and len(node.args) > position:
                title = node.args[position]
            if isinstance(title, ast.Name):
                title = ast.Constant(constants.get(title.id))
            yield f"{path.relative_to(ROOT)}:{node.lineno}", title


def test_every_title_given_in_the_program_is_chinese():
    calls = list(ask_calls())
    assert len(calls) > 100
    for where, title in calls:
        if title is not None:
            assert isinstance(title, ast.Constant) and CHINESE.search(title.value or ""), where


def test_no_message_box_is_made_outside_ask():
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.name != "ask.py":
            assert "QMessageBox" not in path.read_text(encoding="utf-8"), path


@pytest.fixture
def titles(monkeypatch):
    """Replace ``ui.ask``, noting each box's kind, title and text."""
    shown = []

    def recorder(kind):
        def record(parent, text, *args, **kwargs):
            title = kwargs.get("title") or (args[1] if kind == "error" else args[0] if args else "")
            shown.append((kind, title or ask.TITLES[kind], text))
            return False

        return record

    for kind in ask.TITLES:
        monkeypatch.setattr(ask, kind, recorder(kind))
    return shown


def test_the_start_up_box_for_a_database_that_cannot_be_opened(qtbot, tmp_path, titles):
    from ui.app import open_or_recover, tell_cannot_open
    from xinyi_desktop.cli import build_parser
    from xinyi_desktop.errors import DatabaseDamaged

    bad = tmp_path / "xinyi.db"
    bad.write_bytes(b"this is no database at all" * 200)
    args = build_parser().parse_args(["--db", str(bad)])
    with pytest.raises(DatabaseDamaged) as caught:
        open_or_recover(args, unattended=False)
    tell_cannot_open(args, caught.value)
    [(kind, title, text)] = titles
    assert (kind, title) == ("error", "无法打开数据库")
    assert f"数据库文件“{bad}”检查未通过" in text
    assert not english_words(text, bad), text  # not SQLite's "file is not a database"


@pytest.mark.sqlite_only
def test_the_start_up_offers_a_backup_for_a_damaged_file_under_a_chinese_title(
    qtbot, db_path, actor, titles
):
    from tests.test_store import damage
    from ui.app import open_or_recover
    from xinyi_desktop.cli import build_parser
    from xinyi_desktop.errors import DatabaseDamaged
    from xinyi_desktop.services.backups import take_daily_backup
    from xinyi_desktop.store.connection import close_db

    backup = take_daily_backup()
    close_db()
    damage(db_path)
    args = build_parser().parse_args(["--db", str(db_path)])
    with pytest.raises(DatabaseDamaged):
        open_or_recover(args, unattended=False)  # the clerk answers 否
    [(kind, title, text)] = titles
    assert (kind, title) == ("question", "数据库检查未通过")
    assert str(backup) in text and "是否用它恢复" in text
    assert not english_words(text, db_path, backup), text
