"""The register of documents sent (文书登记): one row per numbered letter or sheet.

A number is (prefix, year, number), unique: numbers run per year and per prefix, are
never reused, and a voided document keeps its row (status ``void``), so no number is
ever skipped silently.
"""

from __future__ import annotations

import peewee as pw

from xinyi_desktop.store.models import Agency, BaseModel, Case, JSONField, User, now


class Document(BaseModel):
    kind = pw.CharField(index=True)  # see documents.catalog.kinds()
    prefix = pw.CharField()  # 新信用函
    year = pw.IntegerField()
    number = pw.IntegerField()
    doc_no = pw.CharField(index=True)  # 新信用函〔2026〕12号
    title = pw.CharField()
    recipient = pw.CharField()  # 主送: the agency, department or government addressed
    agency = pw.ForeignKeyField(Agency, null=True, backref="documents", on_delete="SET NULL")
    issued_on = pw.DateField(index=True)  # 成文日期
    file = pw.CharField()  # relative to the documents folder
    status = pw.CharField(default="issued", index=True)  # issued | void
    void_reason = pw.TextField(default="")
    voided_at = pw.DateTimeField(null=True)
    batch = pw.CharField(default="")  # documents generated together share it
    inputs = JSONField(
        null=True
    )  # what the clerk entered (deadline, matter …): regeneration reuses it
    case_nos = pw.TextField(default="")  # 、-joined, for the register's search
    user = pw.ForeignKeyField(User, backref="documents")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)

    class Meta:
        indexes = ((("prefix", "year", "number"), True),)


class DocumentCase(BaseModel):
    """The cases a document concerns (one for a letter, many for a list)."""

    document = pw.ForeignKeyField(Document, backref="case_links", on_delete="CASCADE")
    case = pw.ForeignKeyField(Case, backref="document_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("document", "case"), True), (("case",), False))


DOCUMENT_MODELS = [Document, DocumentCase]
