"""Accounts (用户): log-in with a slow salted hash, lock-out, roles.

Passwords are hashed with scrypt from the standard library; five wrong passwords in a row
lock the account for 15 minutes. The built-in ``default`` user acts for the command line
and migrations and cannot log in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import math
import secrets

import peewee as pw

from xinyi_desktop.errors import DatabaseReadOnly, ValidationError, XinyiError
from xinyi_desktop.rules.permissions import ROLES, require
from xinyi_desktop.services import audit
from xinyi_desktop.store.models import User, db, now

log = logging.getLogger(__name__)

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
SYSTEM_USER = "default"


class LoginFailed(XinyiError):
    """Wrong name or password, or a locked or disabled account."""


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=32,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def accounts_exist() -> bool:
    """Whether anyone can log in yet (the first start creates the administrator)."""
    return User.select().where(User.password_hash.is_null(False)).exists()


def _check_new(username: str, display_name: str, password: str, role: str) -> None:
    if not username.strip():
        raise ValidationError("请填写登录名。", field="username")
    if username.strip() == SYSTEM_USER:
        raise ValidationError(f"登录名“{SYSTEM_USER}”为系统保留。", field="username")
    if User.get_or_none(User.username == username.strip()):
        raise ValidationError(f"登录名“{username.strip()}”已被使用。", field="username")
    if not display_name.strip():
        raise ValidationError("请填写姓名。", field="display_name")
    if role not in ROLES:
        raise ValidationError("请选择角色。", field="role")
    _check_password(password)


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"密码至少 {MIN_PASSWORD} 位。", field="password")


FIRST_ADMIN_LOCK = 20181108  # PostgreSQL advisory lock key: one first start at a time


def create_first_admin(
    username: str, display_name: str, password: str, *, settings: dict | None = None
) -> User:
    """The first start: the administrator who then creates everyone else, and the office
    settings the first-start dialog asks for, all in one transaction.

    Refused once anyone has an account: the check runs inside the transaction, after the
    lock (SQLite's write lock; an advisory lock on PostgreSQL), so two PCs starting for
    the first time at once cannot both make an administrator."""
    _check_password(password)
    password_hash = hash_password(password)  # slow: worked out before the lock is taken
    with db.atomic():
        if isinstance(db.obj, pw.PostgresqlDatabase):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (FIRST_ADMIN_LOCK,))
        if User.select().where(User.username != SYSTEM_USER).exists():
            raise XinyiError("管理员已经建立，请登录。")
        _check_new(username, display_name, password, "admin")
        user = User.create(
            username=username.strip(),
            display_name=display_name.strip(),
            role="admin",
            password_hash=password_hash,
        )
        _record_created(user, user)
        if settings:
            from xinyi_desktop.settings import set_settings

            set_settings(user, settings)
    return user


def _values(user: User) -> dict:
    """A user's values for the audit log: everything but the password hash."""
    values = audit.snapshot(user)
    values.pop("password_hash", None)
    return values


def _record_created(actor: User, user: User) -> None:
    new = {**_values(user), "password": "已设置"}
    audit.record_values(actor, "create", User._meta.table_name, user.id, None, new)


def create_user(actor: User, username: str, display_name: str, password: str, role: str) -> User:
    require(actor, "administer")
    with db.atomic():
        _check_new(username, display_name, password, role)
        user = User.create(
            username=username.strip(),
            display_name=display_name.strip(),
            role=role,
            password_hash=hash_password(password),
        )
        _record_created(actor, user)
    return user


def update_user(
    actor: User,
    user_id: int,
    *,
    role: str | None = None,
    active: bool | None = None,
    display_name: str | None = None,
) -> User:
    require(actor, "administer")
    with db.atomic():
        user = User.get_by_id(user_id)
        old = _values(user)
        if role is not None:
            if role not in ROLES:
                raise ValidationError("请选择角色。", field="role")
            user.role = role
        if active is not None:
            user.active = active
        if display_name is not None and display_name.strip():
            user.display_name = display_name.strip()
        if user.id == actor.id and (user.role != "admin" or not user.active):
            raise ValidationError("不能取消自己的管理员身份或停用自己的账号。")
        user.save()
        new = _values(user)
        keys = audit.changed_fields(old, new)
        old, new = {k: old[k] for k in keys}, {k: new[k] for k in keys}
        audit.record_values(actor, "update", User._meta.table_name, user.id, old, new)
    return user


def set_password(actor: User, user_id: int, password: str, *, current: str | None = None) -> None:
    """An administrator sets anyone's password; a user changes their own with the current one.
    The audit log records that the password changed, never the password or its hash."""
    with db.atomic():
        user = User.get_by_id(user_id)
        if actor.id != user_id:
            require(actor, "administer")
        elif not password_matches(current or "", user.password_hash or ""):
            raise ValidationError("当前密码不正确。", field="current")
        _check_password(password)
        user.password_hash = hash_password(password)
        user.failed_logins = 0
        user.locked_until = None
        user.save()
        audit.record_values(
            actor,
            "update",
            User._meta.table_name,
            user.id,
            {"password": "原密码"},
            {"password": "已修改"},
        )


WRONG_PASSWORD = "登录名或密码不正确。"


def refuse_locked(locked_until: dt.datetime | None, at: dt.datetime) -> None:
    """Refuse (``LoginFailed``) while a lock-out runs, saying how many minutes are left."""
    if locked_until and locked_until > at:
        minutes = max(1, math.ceil((locked_until - at).total_seconds() / 60))
        raise LoginFailed(f"密码连续输错 {MAX_FAILURES} 次，账号已锁定，请 {minutes} 分钟后再试。")


def after_failure(failures: int, at: dt.datetime) -> tuple[int, dt.datetime | None]:
    """The failure count and lock-out after one more wrong password: the fifth in a row
    locks for ``LOCK_MINUTES`` and starts the count again."""
    failures += 1
    if failures >= MAX_FAILURES:
        return 0, at + dt.timedelta(minutes=LOCK_MINUTES)
    return failures, None


def password_admits(user: User | None, password: str, at: dt.datetime) -> bool:
    """Whether ``password`` is this account's; refused (``LoginFailed``) first for an
    unknown, disabled or locked account. Reads the user only, writes nothing."""
    if user is None or user.password_hash is None:
        raise LoginFailed(WRONG_PASSWORD)
    if not user.active:
        raise LoginFailed("该账号已停用，请联系管理员。")
    refuse_locked(user.locked_until, at)
    return password_matches(password, user.password_hash)


def authenticate(username: str, password: str, *, at: dt.datetime | None = None) -> User:
    """The user, if name and password match and the account may log in. A wrong password
    counts towards the lock-out, kept in the open database (a restore outside a session
    checks read-only instead: ``backups.check_administrator``)."""
    at = at or now()
    user = User.get_or_none(User.username == username.strip())
    matched = password_admits(user, password, at)
    try:
        with db.atomic():  # the failure count is kept though the log-in is refused
            if matched:
                user.failed_logins, user.locked_until, user.last_login_at = 0, None, at
            else:
                user.failed_logins, user.locked_until = after_failure(user.failed_logins, at)
            user.save()
    except (DatabaseReadOnly, pw.DatabaseError) as error:
        # A file that takes no writes (read-only, or stopped by its failed check) can
        # still be read: the log-in is decided, only not recorded.
        log.warning("log-in of %s not recorded: %s", username.strip(), error)
    if not matched:
        raise LoginFailed(WRONG_PASSWORD)
    return user


def list_users() -> list[User]:
    return list(User.select().where(User.username != SYSTEM_USER).order_by(User.id))
