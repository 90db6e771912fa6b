"""The deadline rules in force: those shipped in ``data/deadline_rules.json`` with the
office's edits (设置 → 期限规则) applied."""

from __future__ import annotations

import json
from functools import lru_cache

from xinyi_desktop import paths
from xinyi_desktop.errors import NotFound, XinyiError
from xinyi_desktop.rules.deadline_rules import EDITABLE, Rule, rule_from_dict
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.store.deadline_models import DeadlineRuleSetting
from xinyi_desktop.store.models import User, db, now

RULES_FILE = "deadline_rules.json"


@lru_cache(maxsize=1)
def shipped_rules() -> tuple[Rule, ...]:
    path = paths.data_dir() / RULES_FILE
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["rules"]
    except (OSError, ValueError, KeyError) as exc:
        raise XinyiError(f"期限规则文件“{path.name}”无法读取：{exc}") from exc
    return tuple(rule_from_dict(item) for item in items)


def load_rules() -> list[Rule]:
    """Every rule, in file order, with the office's edits."""
    edits = {row.kind: row.values for row in DeadlineRuleSetting.select()}
    rules = []
    for rule in shipped_rules():
        try:
            rules.append(rule.with_changes(edits[rule.kind]) if rule.kind in edits else rule)
        except XinyiError:  # an edit the current engine refuses: the shipped rule holds
            rules.append(rule)
    return rules


def rules_by_kind() -> dict[str, Rule]:
    return {rule.kind: rule for rule in load_rules()}


def rule_label(kind: str) -> str:
    rule = next((r for r in shipped_rules() if r.kind == kind), None)
    return rule.label if rule else kind


def get_rule(kind: str) -> Rule:
    try:
        return rules_by_kind()[kind]
    except KeyError:
        raise NotFound(f"没有名为“{kind}”的期限规则。") from None


def save_rule(actor: User, kind: str, values: dict) -> Rule:
    """Save the office's edits to one rule; every deadline it governs is recomputed."""
    require(actor, "administer")
    shipped = {r.kind: r for r in shipped_rules()}
    if kind not in shipped:
        raise NotFound(f"没有名为“{kind}”的期限规则。")
    changes = {k: v for k, v in values.items() if k in EDITABLE}
    rule = shipped[kind].with_changes(changes)  # refuses what the engine cannot compute
    stored = {
        k: getattr(rule, k) for k in EDITABLE if getattr(rule, k) != getattr(shipped[kind], k)
    }
    with db.atomic():
        row = DeadlineRuleSetting.get_or_none(DeadlineRuleSetting.kind == kind)
        if row is None and stored:
            row = DeadlineRuleSetting.create(kind=kind, values=stored, updated_by=actor)
            audit.record(actor, "create", row)
        elif row is not None and not stored:
            row.delete_instance()
            audit.record(actor, "delete", row)
        elif row is not None and row.values != stored:
            old = audit.snapshot(row)
            row.values, row.updated_at, row.updated_by = stored, now(), actor
            row.save()
            audit.record(actor, "update", row, old)
        else:
            return rule
        from xinyi_desktop.services.deadline_sync import recompute_open

        recompute_open(actor, reason=f"期限规则“{rule.label}”已修改")
    return rule


def reset_rule(actor: User, kind: str) -> Rule:
    """Back to the shipped rule."""
    shipped = {r.kind: r for r in shipped_rules()}
    if kind not in shipped:
        raise NotFound(f"没有名为“{kind}”的期限规则。")
    return save_rule(actor, kind, {k: getattr(shipped[kind], k) for k in EDITABLE})
