"""Agencies (政府机构) and the people in post there (法定代表人 …)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import peewee as pw

from xinyi_desktop.errors import NotFound, ValidationError
from xinyi_desktop.rules.agencies import AGENCY_KINDS, PERSON_ROLES
from xinyi_desktop.rules.check_codes import check_credit_code, check_id_number
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.phones import clean_phone
from xinyi_desktop.services import audit
from xinyi_desktop.store.models import Agency, CaseParty, Person, User, db


@dataclass
class AgencyInput:
    name: str
    credit_code: str = ""
    kind: str = "organ"
    area: str = ""
    parent_id: int | None = None
    note: str = ""


@dataclass
class PersonInput:
    name: str
    role: str
    title: str = ""
    id_number: str = ""
    phone: str = ""
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    note: str = ""


@dataclass
class Saved:
    """A saved record and the warnings the clerk should see (saved all the same)."""

    record: object
    warnings: list[str] = field(default_factory=list)


def get_agency(agency_id: int) -> Agency:
    try:
        return Agency.get_by_id(agency_id)
    except Agency.DoesNotExist:
        raise NotFound("该单位已不存在，可能已被删除。") from None


def find_agency_by_name(name: str) -> Agency | None:
    return Agency.get_or_none(Agency.name == clean_name(name))


def clean_name(name: str) -> str:
    return "".join((name or "").split())


def _validate_agency(data: AgencyInput, agency_id: int | None) -> tuple[dict, list[str]]:
    name = clean_name(data.name)
    if not name:
        raise ValidationError("请填写单位名称。", field="name")
    if len(name) > 100:
        raise ValidationError("单位名称过长（最多100字）。", field="name")
    other = Agency.get_or_none(Agency.name == name)
    if other and other.id != agency_id:
        raise ValidationError(f"单位“{name}”已登记。", field="name")
    if data.kind not in AGENCY_KINDS:
        raise ValidationError(f"单位类别“{data.kind}”无效。", field="kind")
    warnings: list[str] = []
    code = None
    if data.credit_code.strip():
        check = check_credit_code(data.credit_code)
        code = check.normalized
        if not check.valid:
            warnings.append(f"{name}：{check.problem}")
    if data.parent_id is not None:
        if data.parent_id == agency_id:
            raise ValidationError("上级单位不能是本单位。", field="parent")
        parent = get_agency(data.parent_id)
        ancestor = parent
        while ancestor is not None:
            if agency_id is not None and ancestor.id == agency_id:
                raise ValidationError("上级单位不能是本单位的下级单位。", field="parent")
            ancestor = ancestor.parent
    values = {
        "name": name,
        "credit_code": code,
        "kind": data.kind,
        "area": data.area.strip(),
        "parent": data.parent_id,
        "note": data.note.strip(),
    }
    return values, warnings


def credit_code_warning(agency: Agency) -> str | None:
    """The problem with the agency's stored credit code, if any."""
    if not agency.credit_code:
        return None
    return check_credit_code(agency.credit_code).problem


def create_agency(actor: User, data: AgencyInput) -> Saved:
    require(actor, "edit")
    with db.atomic():
        values, warnings = _validate_agency(data, None)
        agency = Agency.create(**values)
        audit.record(actor, "create", agency)
    return Saved(agency, warnings)


def update_agency(
    actor: User, agency_id: int, data: AgencyInput, *, expected_version: int | None = None
) -> Saved:
    require(actor, "edit")
    with db.atomic():
        agency = get_agency(agency_id)
        old = audit.snapshot(agency)
        values, warnings = _validate_agency(data, agency_id)
        renamed = values["name"] != agency.name
        audit.bump_version(agency, expected_version, "单位")
        for key, value in values.items():
            setattr(agency, key, value)
        agency.save()
        audit.record(actor, "update", agency, old)
        if renamed:
            _refresh_case_names(agency)
    return Saved(agency, warnings)


def _refresh_case_names(agency: Agency) -> None:
    from xinyi_desktop.services.cases import refresh_party_texts

    CaseParty.update(name=agency.name).where(CaseParty.agency == agency).execute()
    case_ids = [
        p.case_id for p in CaseParty.select(CaseParty.case).where(CaseParty.agency == agency)
    ]
    for case_id in set(case_ids):
        refresh_party_texts(case_id)


def delete_agency(actor: User, agency_id: int) -> None:
    require(actor, "edit")
    with db.atomic():
        agency = get_agency(agency_id)
        cases = CaseParty.select().where(CaseParty.agency == agency).count()
        if cases:
            raise ValidationError(f"单位“{agency.name}”是 {cases} 件案件的当事人，不能删除。")
        old = audit.snapshot(agency)
        agency.delete_instance()
        audit.record(actor, "delete", agency, old)


def ensure_agencies(actor: User, names: list[str]) -> list[Agency]:
    """The agencies with these names, creating the ones not yet registered."""
    agencies = []
    for name in names:
        agency = find_agency_by_name(name)
        if agency is None:
            agency = create_agency(actor, AgencyInput(name=name, kind=guess_kind(name))).record
        agencies.append(agency)
    return agencies


def guess_kind(name: str) -> str:
    """A first guess of the kind from the name; the clerk can correct it."""
    if name.endswith(("镇人民政府", "街道办事处", "乡人民政府")):
        return "town"
    if name.endswith(("局", "委员会", "办公室", "委", "办")):
        return "department"
    if name.endswith(("中心", "院", "所", "站", "队")):
        return "institution"
    return "organ"


def list_agencies(text: str = "") -> list[Agency]:
    query = Agency.select().order_by(Agency.kind, Agency.name)
    if text.strip():
        query = query.where(
            Agency.name.contains(text.strip()) | (Agency.area.contains(text.strip()))
        )
    return list(query)


def case_counts() -> dict[int, int]:
    """How many cases name each agency as a defendant."""
    rows = (
        CaseParty.select(CaseParty.agency, pw.fn.COUNT(pw.fn.DISTINCT(CaseParty.case)))
        .where(CaseParty.agency.is_null(False))
        .group_by(CaseParty.agency)
        .tuples()
    )
    return dict(rows)


# --- persons -----------------------------------------------------------------------------


def _validate_person(data: PersonInput, stored_phone: str | None = None) -> tuple[dict, list[str]]:
    """The person's values, checked; a phone as already stored (``stored_phone``) is kept
    as it is, so that editing a person never asks to correct a number nobody touched."""
    name = clean_name(data.name)
    if not name:
        raise ValidationError("请填写姓名。", field="name")
    if data.role not in PERSON_ROLES:
        raise ValidationError("请选择人员身份（法定代表人、主要负责人等）。", field="role")
    if data.start_on and data.end_on and data.end_on < data.start_on:
        raise ValidationError("离任日期早于任职日期，请核对。", field="end_on")
    warnings = []
    id_number = None
    if data.id_number.strip():
        check = check_id_number(data.id_number)
        id_number = check.normalized
        if not check.valid:
            warnings.append(f"{name}：{check.problem}")
    values = {
        "name": name,
        "role": data.role,
        "title": data.title.strip(),
        "id_number": id_number,
        "phone": (
            stored_phone
            if stored_phone and data.phone.strip() == stored_phone
            else clean_phone(data.phone, label=f"{name}的联系电话")
        ),
        "start_on": data.start_on,
        "end_on": data.end_on,
        "note": data.note.strip(),
    }
    return values, warnings


def get_person(person_id: int) -> Person:
    try:
        return Person.get_by_id(person_id)
    except Person.DoesNotExist:
        raise NotFound("该人员记录已不存在。") from None


def add_person(actor: User, agency_id: int, data: PersonInput) -> Saved:
    require(actor, "edit")
    with db.atomic():
        agency = get_agency(agency_id)
        values, warnings = _validate_person(data)
        person = Person.create(agency=agency, **values)
        audit.record(actor, "create", person)
    return Saved(person, warnings)


def update_person(
    actor: User, person_id: int, data: PersonInput, *, expected_version: int | None = None
) -> Saved:
    require(actor, "edit")
    with db.atomic():
        person = get_person(person_id)
        old = audit.snapshot(person)
        values, warnings = _validate_person(data, stored_phone=person.phone)
        audit.bump_version(person, expected_version, "人员记录")
        for key, value in values.items():
            setattr(person, key, value)
        person.save()
        audit.record(actor, "update", person, old)
    return Saved(person, warnings)


def persons_of(agency_id: int, *, on: dt.date | None = None) -> list[Person]:
    """Everyone recorded at the agency, or only those in post on date ``on``."""
    query = Person.select().where(Person.agency == agency_id)
    if on is not None:
        query = query.where(
            (Person.start_on.is_null() | (Person.start_on <= on))
            & (Person.end_on.is_null() | (Person.end_on >= on))
        )
    return list(query.order_by(Person.end_on.is_null(False), Person.role, Person.start_on.desc()))
