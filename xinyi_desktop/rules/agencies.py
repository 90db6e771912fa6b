"""Kinds of government body and the roles of the people behind them."""

from __future__ import annotations

AGENCY_KINDS: dict[str, str] = {
    "organ": "机关",
    "institution": "事业单位",
    "town": "镇街",
    "department": "部门",
}

# 法定代表人, 主要负责人, 直接负责人 (影响债务履行的直接责任人), 实际控制人, 财务负责人
PERSON_ROLES: dict[str, str] = {
    "legal_rep": "法定代表人",
    "principal": "主要负责人",
    "direct": "直接负责人",
    "controller": "实际控制人",
    "finance": "财务负责人",
}


def kind_label(kind: str) -> str:
    return AGENCY_KINDS.get(kind, kind)


def role_label(role: str) -> str:
    return PERSON_ROLES.get(role, role)
