"""The command line: the same core services the windows use, without a display.

``main.py`` parses with ``build_parser``; commands in ``GUI_COMMANDS`` go to ``ui.app``,
the rest run here. Each command lives in a module of ``xinyi_desktop.commands`` that adds
its parser and sets ``handler``. Errors meant for the clerk are printed; exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import sys
from collections.abc import Iterator

from xinyi_desktop import APP_NAME, __version__, paths
from xinyi_desktop.commands import COMMAND_MODULES
from xinyi_desktop.errors import XinyiError

GUI_COMMANDS = {None, "self-test"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="main.py", description=APP_NAME)
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--db", help="数据库文件路径或连接地址（默认：用户数据目录下的 xinyi.db）")
    parser.add_argument("--demo", action="store_true", help="打开演示数据库（不影响正式数据）")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("self-test", help="在无界面模式下打开每个页面和对话框，全部正常则退出码为 0")
    for name in COMMAND_MODULES:
        importlib.import_module(f"xinyi_desktop.commands.{name}").register(sub)
    return parser


def add_db_option(command: argparse.ArgumentParser) -> None:
    """``--db`` after the command name too: ``main.py cases --db PATH``."""
    command.add_argument("--db", dest="sub_db", help="数据库文件路径或连接地址")


def database_target(args: argparse.Namespace) -> str:
    from xinyi_desktop.store.connection import resolve_target

    if getattr(args, "demo", False):
        return str(paths.demo_db_path())
    return resolve_target(getattr(args, "sub_db", None) or args.db)


@contextlib.contextmanager
def open_db(args: argparse.Namespace) -> Iterator[None]:
    """The database the arguments name, opened (and migrated) for one command."""
    from xinyi_desktop.store.connection import close_db, init_db

    init_db(database_target(args))
    try:
        yield
    finally:
        close_db()


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def main(args: argparse.Namespace) -> int:
    try:
        return args.handler(args)
    except XinyiError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and the like
        return 0
