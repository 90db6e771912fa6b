"""Roles (角色) and what each may do. Enforced in the services, not by hiding buttons."""

from __future__ import annotations

from xinyi_desktop.errors import XinyiError

ROLES: dict[str, str] = {
    "clerk": "录入员",
    "reviewer": "审核员",
    "admin": "管理员",
    "readonly": "只读",
}

# permission: (who holds it, what it is called in a refusal)
PERMISSIONS: dict[str, tuple[frozenset[str], str]] = {
    "edit": (frozenset({"clerk", "reviewer", "admin"}), "录入、修改和导入"),
    "approve": (frozenset({"reviewer", "admin"}), "审核（变更案件阶段、惩戒措施、签发函件）"),
    "administer": (frozenset({"admin"}), "管理用户、设置、模板和恢复数据"),
    # Lists show ID numbers masked to everyone; the full number only where it is entered.
    "see_id_numbers": (frozenset({"clerk", "reviewer", "admin"}), "查看完整身份证号码"),
}


class PermissionDenied(XinyiError):
    """The acting user's role does not allow this; nothing was written."""


def role_label(role: str) -> str:
    return ROLES.get(role, role)


def allows(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission][0]


def require(actor, permission: str) -> None:
    """Refuse, naming the role and the action, when ``actor`` may not do ``permission``."""
    if not allows(actor.role, permission):
        raise PermissionDenied(
            f"您的角色是“{role_label(actor.role)}”，不能{PERMISSIONS[permission][1]}。"
            "如需办理，请联系管理员。"
        )
