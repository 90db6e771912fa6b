"""``backup`` and ``restore``: consistent copies of the database file, and putting one back."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub) -> None:
    from xinyi_desktop.cli import add_db_option

    backup = sub.add_parser("backup", help="备份数据库到指定文件")
    add_db_option(backup)
    backup.add_argument("--out", required=True, help="备份文件路径")
    backup.set_defaults(handler=run_backup)
    restore = sub.add_parser(
        "restore", help="用备份文件恢复数据库（先检查备份，并保留被替换的数据库）"
    )
    restore.add_argument("file", help="备份文件")
    add_db_option(restore)  # and --user: an administrator, once there are log-in accounts
    restore.set_defaults(handler=run_restore)


def _sqlite_file(args: argparse.Namespace) -> Path:
    from xinyi_desktop.cli import database_target
    from xinyi_desktop.services.backups import SERVER_REFUSAL
    from xinyi_desktop.store.backup import BackupError
    from xinyi_desktop.store.connection import sqlite_file

    path = sqlite_file(database_target(args))
    if path is None:
        raise BackupError(SERVER_REFUSAL)
    return path


def run_backup(args: argparse.Namespace) -> int:
    from xinyi_desktop.store.backup import BackupError, copy_database
    from xinyi_desktop.store.connection import close_db, init_db

    path = _sqlite_file(args)
    if not path.exists():
        raise BackupError(f"数据库文件“{path}”不存在。")
    database = init_db(path)
    try:
        out = copy_database(database.connection(), Path(args.out))
    finally:
        close_db()
    print(f"已备份到 {out}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    """Only an administrator restores: once the database (or, if it cannot be read, the
    backup) has log-in accounts, ``--user`` must name an administrator."""
    from xinyi_desktop.cli import credentials
    from xinyi_desktop.errors import XinyiError
    from xinyi_desktop.services import backups
    from xinyi_desktop.store.connection import close_db

    path, source = _sqlite_file(args), Path(args.file)
    username = password = ""
    if backups.needs_administrator(path, source):
        username, password = credentials(args)
        if username is None:
            raise XinyiError(
                "该数据库已设登录账号，恢复须由管理员进行：请加“--user 管理员登录名”"
                "（密码在提示时输入，无人值守时由环境变量 XINYI_PASSWORD 给出）。"
                "当前数据库未作改动。"
            )
    try:
        result = backups.restore_with_password(path, source, username, password)
    finally:
        close_db()
    print(f"已用 {args.file} 恢复数据库 {path}")
    if result.kept:
        print(f"被替换的数据库已保存为 {result.kept}")
    return 0
