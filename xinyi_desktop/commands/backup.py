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
    add_db_option(restore)
    restore.set_defaults(handler=run_restore)


def _sqlite_file(args: argparse.Namespace) -> Path:
    from xinyi_desktop.cli import database_target
    from xinyi_desktop.store.backup import BackupError
    from xinyi_desktop.store.connection import is_url

    target = database_target(args)
    if is_url(target) and not target.startswith("sqlite"):
        raise BackupError(
            "共享服务器（PostgreSQL）的数据库由服务器备份（pg_dump），本命令只备份本机数据库文件。"
        )
    return Path(target.split(":///", 1)[-1]) if is_url(target) else Path(target)


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
    from xinyi_desktop.store.backup import restore

    path = _sqlite_file(args)
    kept = restore(Path(args.file), path, path.parent / "backups")
    print(f"已用 {args.file} 恢复数据库 {path}")
    if kept:
        print(f"被替换的数据库已保存为 {kept}")
    return 0
