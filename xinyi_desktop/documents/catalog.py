"""The kinds of document (文书) the office sends and the placeholders each template may use.

Declared once in ``resources/templates/templates.json``; the shipped ``.docx`` files sit
beside it, and an edited copy in the user's folder (``templates/``) takes their place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from xinyi_desktop import paths
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.title_lines import TitleBreaks

MANIFEST = "templates.json"


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document: 提醒函, 督促履行函, 限期整改通知书, 交办单, 请示 …"""

    key: str
    name: str
    file: str
    prefix_key: str  # the kind of number it takes: letter | notice | assignment | request
    target: str  # case | list | department | personnel
    title: str  # the record's title; {案号} and the like are filled from the fields
    stages: tuple[str, ...]  # case stages it fits (case kinds only)
    layout: str  # letter (函) | sheet (交办单) | upward (上行文) | briefing (简报式情况通报)
    fields: frozenset[str]  # plain placeholders it may use
    lists: frozenset[str]  # list placeholders it may use (名单)
    required: tuple[str, ...] = ()  # office values it cannot go without (联系人 of a 交办单)

    @property
    def prefix_setting(self) -> str:
        return f"documents.prefix.{self.prefix_key}"

    @property
    def for_cases(self) -> bool:
        return self.target == "case"


@lru_cache(maxsize=1)
def manifest() -> dict:
    path = paths.resources_dir() / "templates" / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise XinyiError(f"模板说明文件“{path}”无法读取：{exc}") from exc


def field_descriptions() -> dict[str, str]:
    return dict(manifest()["fields"])


def list_columns() -> dict[str, dict[str, str]]:
    return {name: dict(cols) for name, cols in manifest()["lists"].items()}


def optional_fields() -> frozenset[str]:
    return frozenset(manifest()["optional"])


@lru_cache(maxsize=1)
def title_breaks() -> TitleBreaks:
    """Where a title may break in a template's own text (GB/T 9704 §7.3.3)."""
    data = manifest().get("title_breaks", {})
    return TitleBreaks(tuple(data.get("before", ())), tuple(data.get("after", ())))


@lru_cache(maxsize=1)
def kinds() -> dict[str, DocumentKind]:
    data = manifest()
    groups = {"common": data["common"], "case": data["case"]}
    lists = set(data["lists"])
    found = {}
    for key, info in data["kinds"].items():
        fields: set[str] = set()
        used_lists: set[str] = set()
        for entry in info["fields"]:
            if entry in groups:
                fields.update(groups[entry])
            elif entry in lists:
                used_lists.add(entry)
            elif entry in data["fields"]:
                fields.add(entry)
            else:
                raise XinyiError(f"模板说明文件中“{info['name']}”引用了未声明的占位符“{entry}”。")
        found[key] = DocumentKind(
            key=key,
            name=info["name"],
            file=info["file"],
            prefix_key=info["prefix"],
            target=info["target"],
            title=info["title"],
            stages=tuple(info["stages"]),
            layout=info["layout"],
            fields=frozenset(fields),
            lists=frozenset(used_lists),
            required=tuple(info.get("required", ())),
        )
    return found


def kind(key: str) -> DocumentKind:
    try:
        return kinds()[key]
    except KeyError:
        names = "、".join(kinds())
        raise XinyiError(f"没有“{key}”这种文书（可选：{names}）。") from None


def kind_label(key: str) -> str:
    found = kinds().get(key)
    return found.name if found else key


def shipped_template(key: str) -> Path:
    return paths.resources_dir() / "templates" / kind(key).file


def edited_template(key: str) -> Path:
    """Where the office's own version of a template lives (it may not exist)."""
    return paths.user_templates_dir() / kind(key).file


def template_path(key: str) -> Path:
    """The template in use: the office's edited copy if there is one, else the shipped one."""
    edited = edited_template(key)
    return edited if edited.is_file() else shipped_template(key)


def is_edited(key: str) -> bool:
    return edited_template(key).is_file()
