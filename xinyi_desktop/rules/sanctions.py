"""Joint punishment (联合惩戒): the statuses of a checklist item and the steps between
them — pure rules, no database.

proposed (拟实施) → submitted (报市政府) → approved (已核定) → delivered (已送达) →
carried_out (已实施) → lifted (已解除); or not_applicable (不适用) with a reason, from any
status before carried_out.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from xinyi_desktop.errors import ValidationError


class ItemStatus(StrEnum):
    PROPOSED = "proposed"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    DELIVERED = "delivered"
    CARRIED_OUT = "carried_out"
    LIFTED = "lifted"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ItemStatus.PROPOSED: "拟实施",
    ItemStatus.SUBMITTED: "已报市政府",
    ItemStatus.APPROVED: "已核定",
    ItemStatus.DELIVERED: "已送达",
    ItemStatus.CARRIED_OUT: "已实施",
    ItemStatus.LIFTED: "已解除",
    ItemStatus.NOT_APPLICABLE: "不适用",
}
# The workflow order; not_applicable stands beside it.
ORDER = [
    ItemStatus.PROPOSED,
    ItemStatus.SUBMITTED,
    ItemStatus.APPROVED,
    ItemStatus.DELIVERED,
    ItemStatus.CARRIED_OUT,
    ItemStatus.LIFTED,
]
# What the step to each status is called, for the buttons and the history.
STEP_LABELS = {
    ItemStatus.SUBMITTED: "报送市政府核定",
    ItemStatus.APPROVED: "登记市政府核定",
    ItemStatus.DELIVERED: "送达实施部门",
    ItemStatus.CARRIED_OUT: "登记已实施",
    ItemStatus.LIFTED: "解除措施",
    ItemStatus.NOT_APPLICABLE: "标记为不适用",
    ItemStatus.PROPOSED: "恢复为拟实施",
}
# Statuses in which the measure binds the target now.
IN_FORCE = frozenset({ItemStatus.CARRIED_OUT})
# Statuses an item may still be withdrawn from as not applicable.
OPEN_BEFORE_EFFECT = frozenset(ORDER[:4])


def allowed_next(current: ItemStatus) -> list[ItemStatus]:
    """The statuses an item in ``current`` may move to."""
    current = ItemStatus(current)
    if current == ItemStatus.NOT_APPLICABLE:
        return [ItemStatus.PROPOSED]
    found = []
    index = ORDER.index(current)
    if index + 1 < len(ORDER):
        found.append(ORDER[index + 1])
    if current in OPEN_BEFORE_EFFECT:
        found.append(ItemStatus.NOT_APPLICABLE)
    return found


# Why a step is refused, by target: what must have happened first.
_NEEDS = {
    ItemStatus.SUBMITTED: "尚未列入惩戒清单（拟实施）",
    ItemStatus.APPROVED: "尚未报送市政府核定，不能登记为已核定",
    ItemStatus.DELIVERED: "尚未经市政府核定，不能送达实施部门",
    ItemStatus.CARRIED_OUT: "尚未送达实施部门，不能登记为已实施",
    ItemStatus.LIFTED: "从未实施，无需也不能解除",
}


def check_step(
    current: ItemStatus,
    target: ItemStatus,
    *,
    on: dt.date | None,
    last_on: dt.date | None = None,
    reason: str = "",
    today: dt.date,
    what: str = "该措施",
) -> None:
    """Refuse, naming the item (``what``) and the reason, a step the workflow forbids."""
    current, target = ItemStatus(current), ItemStatus(target)
    if current == target:
        raise ValidationError(f"{what}已是“{current.label}”状态。", field="status")
    if target not in allowed_next(current):
        raise ValidationError(_why_not(current, target, what), field="status")
    if target in (ItemStatus.NOT_APPLICABLE, ItemStatus.PROPOSED) and not reason.strip():
        raise ValidationError(f"请写明{what}{STEP_LABELS[target]}的理由。", field="reason")
    if on is None:
        raise ValidationError(f"请填写{what}{STEP_LABELS[target]}的日期。", field="on")
    if on > today:
        raise ValidationError(
            f"{what}{STEP_LABELS[target]}的日期{on.isoformat()}晚于今天，请核对。", field="on"
        )
    if last_on is not None and on < last_on:
        raise ValidationError(
            f"{what}{STEP_LABELS[target]}的日期{on.isoformat()}早于上一步的日期"
            f"{last_on.isoformat()}，请核对。",
            field="on",
        )


def _why_not(current: ItemStatus, target: ItemStatus, what: str) -> str:
    if current == ItemStatus.LIFTED:
        return f"{what}已解除，不能再变更。"
    if current == ItemStatus.NOT_APPLICABLE:
        return f"{what}已标记为不适用；如需实施，请先恢复为拟实施。"
    if target == ItemStatus.NOT_APPLICABLE:
        return f"{what}已实施，不能再标记为不适用；退出名单时应解除。"
    if target in _NEEDS and ORDER.index(target) > ORDER.index(current):
        return f"{what}处于“{current.label}”状态，{_NEEDS[target]}。"
    return f"{what}处于“{current.label}”状态，不能退回“{target.label}”。"


def mask_id(text: str | None) -> str:
    """An ID number for a list meant for publication: the first 6 and last 4 shown."""
    text = (text or "").strip()
    if len(text) <= 10:
        return "*" * len(text)
    return text[:6] + "*" * (len(text) - 10) + text[-4:]


def parse_scope(text: str, words: dict) -> tuple[bool, list[str]]:
    """Whom a measure reaches, read from a spreadsheet's 适用对象 cell: (the agency itself,
    the person roles). ``words`` (``data/sanctions/scope_words.json``): the separators, the
    words naming the agency, and the words naming each role. A part naming a role reaches
    that role; any other part naming the agency reaches the agency ("失信被执行人及其法定
    代表人" both, "失信政府机构法定代表人" the person only). Nothing recognised: the agency."""
    import re

    separators = sorted(words["separators"], key=len, reverse=True)
    parts = [p.strip() for p in re.split("|".join(map(re.escape, separators)), text or "")]
    agency, roles = False, []
    for part in filter(None, parts):
        named = [r for r, labels in words["roles"].items() if any(w in part for w in labels)]
        if named:
            roles += [r for r in named if r not in roles]
        elif any(w in part for w in words["agency"]):
            agency = True
    order = list(words["roles"])
    return agency or not roles, sorted(roles, key=order.index)


def item_roles(target_role: str) -> list[str]:
    """The roles an item's person holds: ``target_role`` is one role or several joined by
    commas (one person holding two posts gets one item naming both)."""
    return [r for r in (target_role or "").split(",") if r]


def roles_label(target_role: str) -> str:
    """ "法定代表人、主要负责人" for an item's ``target_role``; "" for the agency."""
    from xinyi_desktop.rules.agencies import role_label

    return "、".join(role_label(r) for r in item_roles(target_role))


def same_people(persons) -> list[list]:
    """Rows of one agency's persons grouped by the human being: one person holding two
    posts is stored once per role. Two rows are the same person when their ID numbers
    match, or — where either has none — when their names match. Groups keep the order of
    the rows given; each group's first row stands for the person."""
    groups: list[list] = []
    for person in persons:
        number = (person.id_number or "").strip().upper()
        name = (person.name or "").strip()
        for group in groups:
            known = {(p.id_number or "").strip().upper() for p in group} - {""}
            if (number and known and number in known) or (
                not (number and known) and name == (group[0].name or "").strip()
            ):
                group.append(person)
                break
        else:
            groups.append([person])
    return groups
