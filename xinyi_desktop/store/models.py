"""Peewee models on one ``DatabaseProxy``; ``connection.init_db`` binds it to a database.

Services write these; nothing else does (the GUI reads through services and queries).
"""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw

from xinyi_desktop.rules.json_text import stored_json

db = pw.DatabaseProxy()


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class JSONField(pw.TextField):
    """A JSON value kept as text, so SQLite and PostgreSQL store it alike."""

    def db_value(self, value):
        return None if value is None else stored_json(value)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row: the schema version of this database file, and the audit chain's head.

    The head (the newest sealed entry's id and seal, how many entries there are) is
    updated in the transaction of every audit append. It lives in this row, which the
    program cannot open a database without, so that cutting entries off the log's end —
    and the head with them — shows (``audit verify``)."""

    version = pw.IntegerField()
    changed_at = pw.DateTimeField(default=now)
    audit_last_id = pw.IntegerField(default=0)
    audit_last_hash = pw.CharField(default="")
    audit_count = pw.IntegerField(default=0)


class User(BaseModel):
    """Who acts (用户). The built-in ``default`` user acts for the command line."""

    username = pw.CharField(unique=True)
    display_name = pw.CharField()
    role = pw.CharField(default="admin")  # see rules.permissions.ROLES
    created_at = pw.DateTimeField(default=now)
    password_hash = pw.CharField(null=True)  # None: cannot log in
    active = pw.BooleanField(default=True)
    failed_logins = pw.IntegerField(default=0)
    locked_until = pw.DateTimeField(null=True)
    last_login_at = pw.DateTimeField(null=True)


class Agency(BaseModel):
    """A government body (政府机构 / 政府法人)."""

    name = pw.CharField(unique=True)
    credit_code = pw.CharField(null=True, index=True)  # 统一社会信用代码, as entered (normalised)
    kind = pw.CharField(default="organ")  # see rules.agencies.AGENCY_KINDS
    area = pw.CharField(default="")  # 所属镇街/部门, the grouping used in reports
    parent = pw.ForeignKeyField("self", null=True, backref="children", on_delete="SET NULL")
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)


class Person(BaseModel):
    """Someone in post at an agency: 法定代表人, 主要负责人 … with dates, since heads change."""

    agency = pw.ForeignKeyField(Agency, backref="persons", on_delete="CASCADE")
    name = pw.CharField()
    role = pw.CharField()  # see rules.agencies.PERSON_ROLES
    title = pw.CharField(default="")  # 职务
    id_number = pw.CharField(null=True)
    phone = pw.CharField(default="")
    start_on = pw.DateField(null=True)
    end_on = pw.DateField(null=True)
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)


class Case(BaseModel):
    """One court case (案件), identified by its case number (案号)."""

    case_no = pw.CharField()  # display form: canonical, or as typed for pre-2016 numbers
    case_key = pw.CharField(unique=True)  # folded form that every typing of the number maps to
    year = pw.IntegerField(index=True)
    court_code = pw.CharField(default="")
    case_type = pw.CharField(default="")
    serial = pw.IntegerField(default=0)
    court = pw.CharField(default="新沂市人民法院")
    stage = pw.CharField(default="sued", index=True)
    outcome = pw.CharField(null=True)
    cause = pw.CharField(default="", index=True)  # 案由
    amount = pw.DecimalField(null=True, max_digits=16, decimal_places=2)  # 标的金额, 元
    filed_on = pw.DateField(null=True, index=True)
    judgment_on = pw.DateField(null=True)
    judgment_effective_on = pw.DateField(null=True, index=True)
    performance_deadline = pw.DateField(null=True, index=True)
    listed_on = pw.DateField(null=True, index=True)
    closed_on = pw.DateField(null=True)
    # Denormalised for a register that sorts and filters 100,000 rows in SQL.
    plaintiffs_text = pw.TextField(default="")
    defendants_text = pw.TextField(default="", index=True)
    # Lower-cased, width-folded case number, cause and parties: what the search box matches.
    search_text = pw.TextField(default="")
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)

    class Meta:
        indexes = (
            # The register's order "by case number" is by these parts, not by the text.
            (("year", "court_code", "case_type", "serial"), False),
            # Text search scans this narrow index (covering the default order) instead of rows.
            (("search_text", "filed_on"), False),
        )


class CaseParty(BaseModel):
    """A party to a case: plaintiffs by name, defendants as agencies."""

    case = pw.ForeignKeyField(Case, backref="parties", on_delete="CASCADE")
    role = pw.CharField()  # "plaintiff" | "defendant" | "third_party"
    name = pw.CharField()
    agency = pw.ForeignKeyField(Agency, null=True, backref="case_parties", on_delete="RESTRICT")
    position = pw.IntegerField(default=0)

    class Meta:
        indexes = ((("agency", "case"), False),)


class CaseLink(BaseModel):
    """A link between cases: appeal (上诉), execution ↔ the judgment it enforces (执行依据)."""

    from_case = pw.ForeignKeyField(Case, backref="links_out", on_delete="CASCADE")
    to_case = pw.ForeignKeyField(Case, backref="links_in", on_delete="CASCADE")
    kind = pw.CharField()  # see rules.links.LINK_KINDS
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)

    class Meta:
        indexes = ((("from_case", "to_case", "kind"), True),)


class Event(BaseModel):
    """The timeline of a case: court notices, letters, stage changes, edits."""

    case = pw.ForeignKeyField(Case, null=True, backref="events", on_delete="CASCADE")
    agency = pw.ForeignKeyField(Agency, null=True, backref="events", on_delete="CASCADE")
    kind = pw.CharField()  # see services.events.EVENT_KINDS
    occurred_on = pw.DateField()
    recorded_at = pw.DateTimeField(default=now)
    user = pw.ForeignKeyField(User, backref="events")
    summary = pw.TextField()
    details = JSONField(null=True)

    class Meta:
        indexes = ((("case", "occurred_on"), False),)


class AuditEntry(BaseModel):
    """Every change: who, when, which record, old and new values."""

    at = pw.DateTimeField(default=now, index=True)
    user = pw.ForeignKeyField(User, backref="audit_entries")
    action = pw.CharField()  # "create" | "update" | "delete"
    table_name = pw.CharField()
    record_id = pw.IntegerField()
    old_values = JSONField(null=True)
    new_values = JSONField(null=True)
    # Each entry seals the one before it (rules.audit_chain): history edited or deleted
    # behind the program's back no longer verifies.
    prev_hash = pw.CharField(default="")
    entry_hash = pw.CharField(default="")

    class Meta:
        indexes = ((("table_name", "record_id"), False),)


class AuditHead(BaseModel):
    """The audit chain's head from version 7 to 17 (version 18 moved it into
    ``SchemaVersion``): kept for the version 7 step of older databases only."""

    last_id = pw.IntegerField(default=0)
    last_hash = pw.CharField(default="")
    count = pw.IntegerField(default=0)


class Setting(BaseModel):
    """One office setting; what settings exist is declared in ``data/settings/``."""

    key = pw.CharField(unique=True)
    value = JSONField(null=True)
    updated_at = pw.DateTimeField(default=now)
