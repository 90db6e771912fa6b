"""Which database this PC works on (设置 → 数据库): a file on this PC or the office's
PostgreSQL server. Kept in this PC's local settings, outside any database, and used from
the next start; ``--db`` and ``XINYI_DB`` still win over it."""

from __future__ import annotations

import contextlib
import platform
import re
import urllib.parse

import peewee as pw

from xinyi_desktop import local_config
from xinyi_desktop.errors import DatabaseTooNew, ValidationError, XinyiError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.store import backup
from xinyi_desktop.store.models import User, db

SERVER_SCHEMES = ("postgresql", "postgres")


# A password in a server address: after the user name (or none) in ``user:password@``,
# or as a ``password=`` parameter of the address or of a libpq key=value string.
_USER_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^/\s]*@")
_PASSWORD_PARAMETER = re.compile(r"(\bpassword=)('[^']*'|[^&\s]+)", re.IGNORECASE)


def shown_address(address: str | None) -> str:
    """The address (or any text holding one, such as an error message) as it may be
    shown and logged: every password in it replaced by ****."""
    if not address:
        return ""
    masked = _USER_PASSWORD.sub(r"\1****@", str(address))
    return _PASSWORD_PARAMETER.sub(r"\1****", masked)


def configured_address() -> str | None:
    return local_config.database_address()


def check_address(address: str) -> str:
    """Try the database at ``address`` without changing it: what was found, in a sentence
    for the administrator, or a refusal naming what is wrong."""
    from xinyi_desktop.store.connection import (
        is_url,
        network_filesystem,
        refuse_newer,
        sqlite_file,
    )

    address = (address or "").strip()
    if not address:
        raise ValidationError("请填写数据库文件路径或 postgresql:// 地址。", field="address")
    path = sqlite_file(address)
    if path is not None:
        share = network_filesystem(path)
        if share:
            raise ValidationError(
                f"“{path}”位于{share}上：SQLite 数据库文件放在网络共享上会丢失数据，"
                "多台电脑共用请使用 PostgreSQL 服务器。",
                field="address",
            )
        if not path.exists():
            if not path.parent.is_dir():
                raise ValidationError(f"文件夹“{path.parent}”不存在。", field="address")
            return f"文件“{path}”尚不存在：下次启动时将在此新建一个空数据库。"
        problem = backup.check_file(path)
        if problem:
            raise ValidationError(problem, field="address")
        version = backup.stored_schema_version(path)
        refuse_newer(version)
        with contextlib.closing(backup.readonly(path)) as con:
            (cases,) = con.execute('SELECT count(*) FROM "case"').fetchone()
        return f"本程序的数据库文件（第 {version} 版），共 {cases} 件案件。"
    scheme = address.split("://", 1)[0].lower() if is_url(address) else ""
    if scheme not in SERVER_SCHEMES:
        raise ValidationError(
            "只能填写数据库文件路径、sqlite:/// 地址或 postgresql:// 地址。", field="address"
        )
    return _check_server(address, refuse_newer)


def _check_server(address: str, refuse_newer) -> str:
    from playhouse.db_url import connect

    host = urllib.parse.urlsplit(address).hostname or "本机"
    try:
        database = connect(address, connect_timeout=5)
        database.connect()
    except (pw.DatabaseError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [""])[0]
        raise ValidationError(
            f"无法连接数据库服务器“{host}”：{first}。请核对地址、用户名、密码和库名，"
            "并确认服务器已开启、本机可以访问。",
            field="address",
        ) from None
    try:
        tables = database.get_tables()
        if not tables:
            return f"已连接服务器“{host}”：该库是空的，下次启动时将在其中建立本程序的数据表。"
        if "schema_version" not in tables:
            raise ValidationError(
                f"服务器“{host}”上的这个库里已有其他程序的数据表，不是本程序的数据库。",
                field="address",
            )
        (version,) = database.execute_sql(
            "SELECT version FROM schema_version ORDER BY id DESC LIMIT 1"
        ).fetchone()
        try:
            refuse_newer(version)
        except DatabaseTooNew as error:
            raise ValidationError(str(error), field="address") from None
        (cases,) = database.execute_sql('SELECT count(*) FROM "case"').fetchone()
        return f"已连接服务器“{host}”：本程序的数据库（第 {version} 版），共 {cases} 件案件。"
    finally:
        database.close()


def set_database_address(actor: User, address: str | None) -> str:
    """Save the address this PC opens from the next start (None or blank: the file in the
    user's folder again), after trying it. Recorded in the audit log of the database in
    use, with any password left out. Returns what the try found, or what happens next."""
    require(actor, "administer")
    address = (address or "").strip() or None
    found = (
        check_address(address) if address else "下次启动时将使用本机用户数据目录下的数据库文件。"
    )
    old = configured_address()
    if old == address:
        return found
    try:
        local_config.set_database_address(address)
    except OSError as exc:
        raise XinyiError(f"本机设置文件“{local_config.config_path()}”无法写入：{exc}") from None
    with db.atomic():
        audit.record_values(
            actor,
            "update",
            "local_setting",
            0,
            {"database": shown_address(old) or None},
            {"database": shown_address(address) or None, "computer": platform.node()},
        )
    return found
