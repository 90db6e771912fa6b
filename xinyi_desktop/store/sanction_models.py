"""Tables of the sanctions feature: the measures catalogue's edits, listings (失信名单),
checklist items and their steps, rectification, accountability, government dishonesty
records, inspections."""

from __future__ import annotations

import peewee as pw

from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.document_models import Document
from xinyi_desktop.store.models import Agency, BaseModel, Case, JSONField, Person, User, now


class MeasureEntry(BaseModel):
    """A measure as the office keeps it: an edit of a shipped one (same key) or one it
    added (the national memorandum's). The shipped catalogue is ``data/sanctions/``."""

    key = pw.CharField(unique=True)
    name = pw.CharField()
    department = pw.CharField()
    legal_basis = pw.TextField(default="")
    content = pw.TextField(default="")
    reaches_agency = pw.BooleanField(default=True)
    person_roles = JSONField(default=list)
    auto_apply = pw.BooleanField(default=False)
    creates_record = pw.BooleanField(default=False)
    attachment = pw.CharField(default="")
    source = pw.CharField(default="office")  # local | national | office
    active = pw.BooleanField(default=True)
    position = pw.IntegerField(default=0)
    updated_at = pw.DateTimeField(default=now)
    updated_by = pw.ForeignKeyField(User, null=True, backref="+")
    row_version = pw.IntegerField(default=1)


class Listing(BaseModel):
    """An agency on the list of dishonest judgment debtors for one case (失信名单)."""

    case = pw.ForeignKeyField(Case, backref="listings", on_delete="CASCADE")
    agency = pw.ForeignKeyField(Agency, backref="listings", on_delete="CASCADE")
    listed_on = pw.DateField(null=True)
    # Rectification (限期整改) of this body for this case — each listed body of a case has
    # its own: the day it was ordered, the deadline (as the deadline calendar computes it),
    # the day it was done.
    rectify_assigned_on = pw.DateField(null=True)
    rectify_due_on = pw.DateField(null=True)
    rectified_on = pw.DateField(null=True)  # 整改完成
    escalated_on = pw.DateField(null=True)  # 报送市政府核定
    escalation_document = pw.ForeignKeyField(Document, null=True, backref="+", on_delete="SET NULL")
    approved_on = pw.DateField(null=True)  # 市政府核定
    approval_ref = pw.CharField(default="")  # 核定文号
    removed_on = pw.DateField(null=True)  # 移出名单（信用修复/销号）
    removal_reason = pw.CharField(default="")  # performed | settled | other
    removal_note = pw.TextField(default="")
    positive = pw.BooleanField(default=False)  # 正面案例
    positive_title = pw.CharField(default="")
    positive_text = pw.TextField(default="")
    positive_on = pw.DateField(null=True)
    created_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)

    class Meta:
        indexes = ((("case", "agency"), True),)


class SanctionItem(BaseModel):
    """One checklist item (惩戒清单): a measure against the agency or one of its people."""

    listing = pw.ForeignKeyField(Listing, backref="items", on_delete="CASCADE")
    measure_key = pw.CharField(index=True)
    target_key = pw.CharField()  # "agency" or "person:<id>"
    person = pw.ForeignKeyField(Person, null=True, backref="+", on_delete="SET NULL")
    target_name = pw.CharField()
    target_role = pw.CharField(default="")  # a person role, "" for the agency
    status = pw.CharField(default="proposed", index=True)
    status_on = pw.DateField(null=True)
    reason = pw.TextField(default="")  # why not applicable
    created_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)

    class Meta:
        indexes = ((("listing", "measure_key", "target_key"), True),)


class SanctionStep(BaseModel):
    """A step of an item: its new status, date, who recorded it and the document."""

    item = pw.ForeignKeyField(SanctionItem, backref="steps", on_delete="CASCADE")
    from_status = pw.CharField()
    to_status = pw.CharField()
    happened_on = pw.DateField()
    user = pw.ForeignKeyField(User, backref="+")
    document = pw.ForeignKeyField(Document, null=True, backref="+", on_delete="SET NULL")
    document_ref = pw.CharField(default="")  # a document not made here (市政府核定文号)
    note = pw.TextField(default="")
    recorded_at = pw.DateTimeField(default=now)


class Responsible(BaseModel):
    """A person made responsible for a listing's rectification (责任到人)."""

    listing = pw.ForeignKeyField(Listing, backref="responsibles", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, null=True, backref="+", on_delete="SET NULL")
    name = pw.CharField()
    post = pw.CharField(default="")
    duty = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)


class ProgressNote(BaseModel):
    """A dated note of rectification progress (整改进展)."""

    listing = pw.ForeignKeyField(Listing, backref="notes", on_delete="CASCADE")
    noted_on = pw.DateField()
    text = pw.TextField()
    user = pw.ForeignKeyField(User, backref="+")
    recorded_at = pw.DateTimeField(default=now)


class Accountability(BaseModel):
    """An accountability record (问责) for an agency or a person."""

    agency = pw.ForeignKeyField(Agency, backref="+", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, null=True, backref="+", on_delete="SET NULL")
    listing = pw.ForeignKeyField(Listing, null=True, backref="+", on_delete="SET NULL")
    subject = pw.CharField()  # the agency's or the person's name
    found = pw.TextField()  # 查明的问题
    decision = pw.TextField(default="")  # 问责决定
    decided_on = pw.DateField(null=True)
    referred_on = pw.DateField(null=True)  # 移送组织人事部门
    document = pw.ForeignKeyField(Document, null=True, backref="+", on_delete="SET NULL")
    user = pw.ForeignKeyField(User, backref="+")
    created_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)


class DishonestyRecord(BaseModel):
    """A government dishonesty record (政务失信记录) of a unit or a person."""

    subject_kind = pw.CharField()  # unit | person
    agency = pw.ForeignKeyField(Agency, backref="+", on_delete="CASCADE")
    person = pw.ForeignKeyField(Person, null=True, backref="+", on_delete="SET NULL")
    listing = pw.ForeignKeyField(Listing, null=True, backref="+", on_delete="SET NULL")
    item = pw.ForeignKeyField(SanctionItem, null=True, backref="+", on_delete="SET NULL")
    name = pw.CharField()
    credit_code = pw.CharField(default="")  # the unit's 统一社会信用代码
    id_number = pw.CharField(default="")  # the person's ID number
    behaviour = pw.TextField()  # 失信行为
    basis_no = pw.CharField(default="")  # 认定文号/案号
    determined_on = pw.DateField()  # 认定日期
    responsible = pw.CharField(default="")  # 责任人
    responsible_id = pw.CharField(default="")
    removed_on = pw.DateField(null=True)  # 信用修复后移出
    user = pw.ForeignKeyField(User, backref="+")
    created_at = pw.DateTimeField(default=now)


class InspectionRound(BaseModel):
    """An inspection round (专项督查)."""

    title = pw.CharField()
    started_on = pw.DateField()
    ended_on = pw.DateField(null=True)
    departments = JSONField(default=list)  # the departments checked
    scope = pw.TextField(default="")  # what was checked
    summary = pw.TextField(default="")
    user = pw.ForeignKeyField(User, backref="+")
    created_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)


class InspectionFinding(BaseModel):
    round = pw.ForeignKeyField(InspectionRound, backref="findings", on_delete="CASCADE")
    department = pw.CharField()
    found = pw.TextField()
    created_at = pw.DateTimeField(default=now)


class InspectionFix(BaseModel):
    """A fix assigned after a finding: who, by when; its deadline is in the calendar."""

    finding = pw.ForeignKeyField(InspectionFinding, backref="fixes", on_delete="CASCADE")
    requirement = pw.TextField()
    responsible = pw.CharField()  # the responsible person
    unit = pw.CharField(default="")  # the person's unit
    due_on = pw.DateField()
    deadline = pw.ForeignKeyField(Deadline, null=True, backref="+", on_delete="SET NULL")
    status = pw.CharField(default="open")  # open | done
    done_on = pw.DateField(null=True)
    result = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)


class InspectionFollowUp(BaseModel):
    fix = pw.ForeignKeyField(InspectionFix, backref="follow_ups", on_delete="CASCADE")
    noted_on = pw.DateField()
    text = pw.TextField()
    user = pw.ForeignKeyField(User, backref="+")
    recorded_at = pw.DateTimeField(default=now)


SANCTION_MODELS = [
    MeasureEntry,
    Listing,
    SanctionItem,
    SanctionStep,
    Responsible,
    ProgressNote,
    Accountability,
    DishonestyRecord,
    InspectionRound,
    InspectionFinding,
    InspectionFix,
    InspectionFollowUp,
]
