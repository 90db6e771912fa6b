"""The measures catalogue (惩戒措施目录): the measures shipped in
``data/sanctions/measures.json`` with the office's edits, and the measures it added (the
national memorandum's, typed in or imported from a spreadsheet)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from xinyi_desktop import paths
from xinyi_desktop.errors import NotFound, ValidationError, XinyiError
from xinyi_desktop.rules.agencies import PERSON_ROLES, role_label
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.sanctions import parse_scope
from xinyi_desktop.services import audit
from xinyi_desktop.store.models import User, db, now
from xinyi_desktop.store.sanction_models import MeasureEntry

CATALOGUE_FILE = Path("sanctions") / "measures.json"
HIGH_CONSUMPTION_FILE = Path("sanctions") / "high_consumption.json"
SCOPE_WORDS_FILE = Path("sanctions") / "scope_words.json"
SOURCES = {"local": "本地措施", "national": "国家备忘录", "office": "信用办新增"}
EDITABLE = (
    "name",
    "department",
    "legal_basis",
    "content",
    "reaches_agency",
    "person_roles",
    "auto_apply",
    "creates_record",
    "attachment",
    "active",
)
# Spreadsheet headers the import understands, and the field each fills.
IMPORT_HEADERS = {
    "措施名称": "name",
    "惩戒措施": "name",
    "实施部门": "department",
    "实施单位": "department",
    "联合惩戒单位": "department",
    "法律依据": "legal_basis",
    "依据": "legal_basis",
    "措施内容": "content",
    "内容": "content",
    "适用对象": "scope",
}


@dataclass(frozen=True)
class Measure:
    key: str
    name: str
    department: str
    legal_basis: str = ""
    content: str = ""
    reaches_agency: bool = True
    person_roles: tuple[str, ...] = ()
    auto_apply: bool = False
    creates_record: bool = False
    attachment: str = ""
    source: str = "local"
    active: bool = True
    position: int = 0
    edited: bool = False  # the office changed a shipped measure
    row_version: int = 0
    # The owner is the people's government of the listed body's area (各级人民政府), not
    # one department: see ``owner_for``. Shipped only; kept while the office leaves the
    # department as shipped.
    jurisdiction: bool = False

    @property
    def scope_text(self) -> str:
        parts = (["单位"] if self.reaches_agency else []) + [
            role_label(r) for r in self.person_roles
        ]
        return "、".join(parts) or "（未指定）"


@dataclass
class MeasureInput:
    name: str
    department: str
    legal_basis: str = ""
    content: str = ""
    reaches_agency: bool = True
    person_roles: list[str] = field(default_factory=list)
    auto_apply: bool = False
    creates_record: bool = False
    attachment: str = ""
    active: bool = True


@lru_cache(maxsize=1)
def shipped() -> tuple[Measure, ...]:
    path = paths.data_dir() / CATALOGUE_FILE
    try:
        items = json.loads(path.read_text(encoding="utf-8"))["measures"]
    except (OSError, ValueError, KeyError) as exc:
        raise XinyiError(f"惩戒措施目录“{path.name}”无法读取：{exc}") from exc
    known = Measure.__dataclass_fields__
    return tuple(
        Measure(
            **{k: v for k, v in item.items() if k in known and k != "person_roles"},
            person_roles=tuple(item.get("person_roles", ())),
            position=i,
        )
        for i, item in enumerate(items)
    )


@lru_cache(maxsize=1)
def high_consumption() -> tuple[str, tuple[str, ...]]:
    """The Supreme Court's list of forbidden consumption: (heading, items)."""
    data = json.loads((paths.data_dir() / HIGH_CONSUMPTION_FILE).read_text(encoding="utf-8"))
    return data["title"], tuple(data["items"])


def high_consumption_text() -> str:
    title, items = high_consumption()
    numbers = "一二三四五六七八九十"
    return f"{title}：" + "；".join(f"（{numbers[i]}）{t}" for i, t in enumerate(items)) + "。"


@lru_cache(maxsize=1)
def scope_words() -> dict:
    """How the import reads a 适用对象 cell (``rules.sanctions.parse_scope``)."""
    return json.loads((paths.data_dir() / SCOPE_WORDS_FILE).read_text(encoding="utf-8"))


def _from_entry(entry: MeasureEntry, base: Measure | None) -> Measure:
    return Measure(
        key=entry.key,
        name=entry.name,
        department=entry.department,
        legal_basis=entry.legal_basis,
        content=entry.content,
        reaches_agency=entry.reaches_agency,
        person_roles=tuple(entry.person_roles or ()),
        auto_apply=entry.auto_apply,
        creates_record=entry.creates_record,
        attachment=entry.attachment,
        source=base.source if base else entry.source,
        active=entry.active,
        position=base.position if base else 1000 + entry.position,
        edited=base is not None,
        row_version=entry.row_version,
        jurisdiction=bool(base and base.jurisdiction and entry.department == base.department),
    )


def catalogue(*, active_only: bool = False) -> list[Measure]:
    """Every measure: shipped ones (with the office's edits) first, then those it added."""
    entries = {e.key: e for e in MeasureEntry.select()}
    found = []
    for base in shipped():
        entry = entries.pop(base.key, None)
        found.append(_from_entry(entry, base) if entry else base)
    found += [_from_entry(e, None) for e in entries.values()]
    found.sort(key=lambda m: m.position)
    return [m for m in found if m.active] if active_only else found


def measures_by_key() -> dict[str, Measure]:
    return {m.key: m for m in catalogue()}


def get_measure(key: str) -> Measure:
    try:
        return measures_by_key()[key]
    except KeyError:
        raise NotFound(f"惩戒措施目录中没有“{key}”。") from None


def _check(data: MeasureInput, key: str | None) -> dict:
    name = data.name.strip()
    if not name:
        raise ValidationError("请填写措施名称。", field="name")
    if not data.department.strip():
        raise ValidationError(f"请填写措施“{name}”的实施部门。", field="department")
    roles = list(dict.fromkeys(data.person_roles))
    for role in roles:
        if role not in PERSON_ROLES:
            raise ValidationError(f"措施“{name}”的适用人员“{role}”无法识别。", field="roles")
    if not data.reaches_agency and not roles:
        raise ValidationError(
            f"措施“{name}”既不适用于单位，也没有适用的人员：请至少选择一项。", field="roles"
        )
    for other in catalogue():
        if other.name == name and other.key != key:
            raise ValidationError(f"惩戒措施“{name}”已在目录中。", field="name")
    return {
        "name": name,
        "department": data.department.strip(),
        "legal_basis": data.legal_basis.strip(),
        "content": data.content.strip(),
        "reaches_agency": bool(data.reaches_agency),
        "person_roles": roles,
        "auto_apply": bool(data.auto_apply),
        "creates_record": bool(data.creates_record),
        "attachment": data.attachment.strip(),
        "active": bool(data.active),
    }


def input_of(measure: Measure) -> MeasureInput:
    values = {k: getattr(measure, k) for k in EDITABLE}
    values["person_roles"] = list(measure.person_roles)
    return MeasureInput(**values)


def save_measure(
    actor: User,
    key: str | None,
    data: MeasureInput,
    *,
    source: str = "office",
    expected_version: int | None = None,
) -> Measure:
    """Add a measure (``key`` None) or save the office's edit of one."""
    require(actor, "administer")
    with db.atomic():
        values = _check(data, key)
        if key is None:
            key = _new_key()
            position = MeasureEntry.select().count() + 1
            entry = MeasureEntry.create(
                key=key, source=source, position=position, updated_by=actor, **values
            )
            audit.record(actor, "create", entry)
            return get_measure(key)
        current = get_measure(key)
        entry = MeasureEntry.get_or_none(MeasureEntry.key == key)
        if entry is None:
            entry = MeasureEntry.create(
                key=key,
                source=current.source,
                position=current.position,
                updated_by=actor,
                **values,
            )
            audit.record(actor, "create", entry)
        else:
            old = audit.snapshot(entry)
            audit.bump_version(entry, expected_version, "惩戒措施")
            for name, value in values.items():
                setattr(entry, name, value)
            entry.updated_at, entry.updated_by = now(), actor
            entry.save()
            audit.record(actor, "update", entry, old)
    return get_measure(key)


def reset_measure(actor: User, key: str) -> Measure:
    """A shipped measure back as shipped."""
    require(actor, "administer")
    if key not in {m.key for m in shipped()}:
        raise ValidationError("只有出厂目录中的措施可以恢复默认；新增的措施可以停用。")
    with db.atomic():
        entry = MeasureEntry.get_or_none(MeasureEntry.key == key)
        if entry is not None:
            old = audit.snapshot(entry)
            entry.delete_instance()
            audit.record(actor, "delete", entry, old)
    return get_measure(key)


def _new_key() -> str:
    numbers = [
        int(e.key[2:])
        for e in MeasureEntry.select()
        if e.key.startswith("m-") and e.key[2:].isdigit()
    ]
    return f"m-{max(numbers, default=0) + 1}"


def import_measures(actor: User, path: str | Path, *, source: str = "national") -> list[Measure]:
    """Add the measures of a spreadsheet (措施名称、实施部门、法律依据、措施内容、适用对象);
    those already in the catalogue by name are skipped. All or none."""
    from xinyi_desktop.importing.readers import read_file

    sheets = read_file(Path(path))
    rows = [r for sheet in sheets for r in sheet.rows]
    header_at = next(
        (i for i, row in enumerate(rows) if any(str(c).strip() in IMPORT_HEADERS for c in row)),
        None,
    )
    if header_at is None:
        raise ValidationError("表格中没有找到“措施名称”“实施部门”等表头。", field="file")
    columns = {
        i: IMPORT_HEADERS[str(c).strip()]
        for i, c in enumerate(rows[header_at])
        if str(c).strip() in IMPORT_HEADERS
    }
    existing = {m.name for m in catalogue()}
    added: list[Measure] = []
    with db.atomic():
        for offset, row in enumerate(rows[header_at + 1 :], header_at + 2):
            values = {f: str(row[i]).strip() for i, f in columns.items() if i < len(row) and row[i]}
            if not values.get("name") or values["name"] in existing:
                continue
            if not values.get("department"):
                raise ValidationError(f"第{offset}行“{values['name']}”没有实施部门。", field="file")
            reaches_agency, roles = parse_scope(values.pop("scope", ""), scope_words())
            data = MeasureInput(reaches_agency=reaches_agency, person_roles=roles, **values)
            added.append(save_measure(actor, None, data, source=source))
            existing.add(data.name)
    return added


def describe(measure: Measure) -> dict:
    values = asdict(replace(measure))
    values["person_roles"] = list(measure.person_roles)
    return values
