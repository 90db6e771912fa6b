"""Tables of the reports feature: the monthly report's distribution list (分送名单) and
the record of each month's report (generated, sent to whom, when)."""

from __future__ import annotations

import peewee as pw

from xinyi_desktop.store.models import BaseModel, JSONField, User, now


class ReportRecipient(BaseModel):
    """One unit on the monthly report's distribution list, in the order printed."""

    name = pw.CharField(unique=True)
    position = pw.IntegerField(default=0)
    created_at = pw.DateTimeField(default=now)


class MonthlyReportRecord(BaseModel):
    """The monthly report (月度通报) of one month: its narrative, files and sending."""

    period = pw.CharField(unique=True)  # "2026-11"
    narrative = pw.TextField(default="")  # the clerk's text; empty: the program's draft
    docx_file = pw.CharField(default="")
    xlsx_file = pw.CharField(default="")
    generated_at = pw.DateTimeField(null=True)
    generated_by = pw.ForeignKeyField(User, null=True, backref="+")
    sent_on = pw.DateField(null=True)
    sent_at = pw.DateTimeField(null=True)
    sent_by = pw.ForeignKeyField(User, null=True, backref="+")
    recipients = JSONField(null=True)  # the names it went to
    note = pw.TextField(default="")
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)


REPORT_MODELS = [ReportRecipient, MonthlyReportRecord]
