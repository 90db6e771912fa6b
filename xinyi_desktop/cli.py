"""The command line: the same core services the windows use, without a display.

``main.py`` parses with ``build_parser``; commands in ``GUI_COMMANDS`` go to ``ui.app``,
the rest run here. Each command lives in a module of ``xinyi_desktop.commands`` that adds
its parser and sets ``handler``. Errors meant for the clerk are printed; exit status 2.

Who acts: with ``--user 登录名`` a command acts as that account, after its password
(asked for, or taken from the ``XINYI_PASSWORD`` variable for automation), with that
account's permissions and name in the audit log. Without it a command acts as the
built-in user (默认用户), as automation on the office's own PC always has — except
``restore``, which asks for an administrator once the database has log-in accounts.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import importlib
import json
import os
import sys
from collections.abc import Iterator

from xinyi_desktop import APP_NAME, __version__, paths
from xinyi_desktop.cli_parser import ChineseParser
from xinyi_desktop.commands import COMMAND_MODULES
from xinyi_desktop.errors import XinyiError

GUI_COMMANDS = {None, "self-test"}


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseParser(prog="main.py", description=APP_NAME)
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help="显示程序名称和版本号并退出",
    )
    parser.add_argument("--db", help="数据库文件路径或连接地址（默认：用户数据目录下的 xinyi.db）")
    parser.add_argument("--demo", action="store_true", help="打开演示数据库（不影响正式数据）")
    parser.add_argument(
        "--user", help="以此登录名的账号执行（密码在提示时输入或由 XINYI_PASSWORD 给出）"
    )
    sub = parser.add_subparsers(
        dest="command",
        title="命令",
        metavar="命令",
        help="不写命令时打开程序窗口；“main.py 命令 -h”显示该命令的说明",
    )
    sub.add_parser("self-test", help="在无界面模式下打开每个页面和对话框，全部正常则退出码为 0")
    for name in COMMAND_MODULES:
        importlib.import_module(f"xinyi_desktop.commands.{name}").register(sub)
    return parser


def add_db_option(command: argparse.ArgumentParser) -> None:
    """``--db`` (and ``--user``) after the command name too: ``main.py cases --db PATH``."""
    command.add_argument("--db", dest="sub_db", help="数据库文件路径或连接地址")
    command.add_argument("--user", dest="sub_user", help="以此登录名的账号执行")


def database_target(args: argparse.Namespace) -> str:
    from xinyi_desktop.store.connection import resolve_target

    if getattr(args, "demo", False):
        return str(paths.demo_db_path())
    return resolve_target(getattr(args, "sub_db", None) or args.db)


@contextlib.contextmanager
def open_db(args: argparse.Namespace, *, if_missing: str = "refuse") -> Iterator[None]:
    """The database the arguments name, opened (and migrated) for one command.

    A database file that does not exist is refused (a mistyped path must not leave an
    empty database behind), unless ``if_missing`` says "create" (an import may fill a
    new one) or "blank" (a command that only needs the shipped reference data then works
    on an empty database in memory). ``--demo`` builds the demo database first if needed.
    """
    from xinyi_desktop.store.connection import MEMORY, close_db, init_db, sqlite_file

    target = database_target(args)
    path = sqlite_file(target)
    if getattr(args, "demo", False):
        from xinyi_desktop.demo import ensure_demo_database

        ensure_demo_database(path)
    elif path is not None and not path.exists():
        if if_missing == "blank":
            target = MEMORY
        elif if_missing != "create":
            raise XinyiError(
                f"数据库文件“{path}”不存在，请核对路径（--db）。"
                "本命令只读取已有的数据库，不会新建。"
            )
    init_db(target)
    try:
        yield
    finally:
        close_db()


def credentials(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """The login name from ``--user`` and its password (asked for at the terminal, or
    from the ``XINYI_PASSWORD`` variable); (None, None) without ``--user``."""
    username = getattr(args, "sub_user", None) or getattr(args, "user", None)
    if not username:
        return None, None
    password = os.environ.get("XINYI_PASSWORD")
    if password is None:
        if sys.stdin is None or not sys.stdin.isatty():
            raise XinyiError(
                f"请输入“{username}”的密码：在终端中运行本命令时会提示输入，"
                "无人值守时请用环境变量 XINYI_PASSWORD 给出。"
            )
        password = getpass.getpass(f"“{username}”的密码：")
    return username, password


def acting_user(args: argparse.Namespace):
    """Who the command acts as: the ``--user`` account once its password matches (a
    wrong one counts towards the lock-out), or else the built-in user."""
    from xinyi_desktop.services.accounts import authenticate
    from xinyi_desktop.store.connection import default_user

    username, password = credentials(args)
    return default_user() if username is None else authenticate(username, password)


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=1, default=str)
    sys.stdout.write("\n")


def main(args: argparse.Namespace) -> int:
    try:
        return args.handler(args)
    except XinyiError as error:
        from xinyi_desktop.services.database_address import shown_address

        print(f"错误：{shown_address(str(error))}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into head and the like
        return 0
