"""Office settings: declared as data in ``data/settings/*.json``, stored in the database.

Each declaration has a key, a type, a default, a label, a tooltip and a group; the
settings page is drawn from the declarations, so a feature adds a setting by adding a
line to its JSON file, not code.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from xinyi_desktop import paths
from xinyi_desktop.errors import ValidationError, XinyiError
from xinyi_desktop.folders import folder_problem
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.store.models import Setting, User, db, now

TYPES = ("text", "int", "bool", "choice", "date", "folder")


@dataclass(frozen=True)
class Declaration:
    key: str
    type: str
    default: object
    label: str
    group: str
    tooltip: str = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    format: str = ""  # for text: "phone" (rules.phones)


@lru_cache(maxsize=1)
def declarations() -> dict[str, Declaration]:
    """Every declared setting, keyed by its key, in file order."""
    found: dict[str, Declaration] = {}
    for path in sorted((paths.data_dir() / "settings").glob("*.json")):
        try:
            items = json.loads(path.read_text(encoding="utf-8"))["settings"]
        except (OSError, ValueError, KeyError) as exc:
            raise XinyiError(f"设置说明文件“{path.name}”无法读取：{exc}") from exc
        for item in items:
            if item.get("type") not in TYPES or not item.get("key"):
                raise XinyiError(f"设置说明文件“{path.name}”中“{item.get('key')}”的类型有误")
            item = {**item, "choices": tuple(item.get("choices", ()))}
            found[item["key"]] = Declaration(**item)
    return found


def declaration(key: str) -> Declaration:
    try:
        return declarations()[key]
    except KeyError:
        raise XinyiError(f"没有名为“{key}”的设置项。") from None


def get_setting(key: str):
    """The stored value, or the declared default."""
    decl = declaration(key)
    row = Setting.get_or_none(Setting.key == key)
    value = decl.default if row is None or row.value is None else row.value
    if decl.type == "date" and isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return value


def coerce(decl: Declaration, value, *, check: bool = True):
    """The value as the declared type; refuses, naming the setting, what does not fit.
    A folder must be one this PC can write in (or make); ``check=False`` only reads it."""
    label = decl.label
    if decl.type in ("text", "folder"):
        text = "" if value is None else str(value).strip()
        problem = folder_problem(text) if decl.type == "folder" and text and check else None
        if problem:
            raise ValidationError(f"“{label}”不能用“{text}”：{problem}。", field=decl.key)
        if decl.format == "phone" and check:
            from xinyi_desktop.rules.phones import clean_phone

            return clean_phone(text, label=f"“{label}”", field=decl.key)
        return text
    if decl.type == "bool":
        return bool(value)
    if decl.type == "int":
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"“{label}”应为整数。", field=decl.key) from None
        if decl.minimum is not None and number < decl.minimum:
            raise ValidationError(f"“{label}”不能小于 {decl.minimum}。", field=decl.key)
        if decl.maximum is not None and number > decl.maximum:
            raise ValidationError(f"“{label}”不能大于 {decl.maximum}。", field=decl.key)
        return number
    if decl.type == "choice":
        if value not in decl.choices:
            raise ValidationError(f"“{label}”只能是：{'、'.join(decl.choices)}。", field=decl.key)
        return value
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    raise ValidationError(f"“{label}”应为日期。", field=decl.key)


def set_settings(actor: User, values: dict) -> None:
    """Save several settings at once (all or none), each audited."""
    require(actor, "administer")
    with db.atomic():
        for key, value in values.items():
            decl = declaration(key)
            row = Setting.get_or_none(Setting.key == key)
            # A folder or telephone saved before is not checked again when other settings
            # are saved: the USB key may be out just now, an older number may not fit today's
            # rule, and neither is what the clerk is changing.
            unchanged = row is not None and row.value == coerce(decl, value, check=False)
            stored = coerce(decl, value, check=not unchanged)
            if row is None:
                row = Setting.create(key=key, value=stored)
                audit.record(actor, "create", row)
            elif row.value != stored:
                old = audit.snapshot(row)
                row.value = stored
                row.updated_at = now()
                row.save()
                audit.record(actor, "update", row, old)


def set_setting(actor: User, key: str, value) -> None:
    set_settings(actor, {key: value})
