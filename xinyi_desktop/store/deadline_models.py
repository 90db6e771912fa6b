"""Tables of the deadline feature: deadlines, the office's holiday years, rule edits."""

from __future__ import annotations

import peewee as pw

from xinyi_desktop.store.models import BaseModel, Case, Event, JSONField, User, now


class Deadline(BaseModel):
    """A date by which someone must act (期限), computed from a rule, or the monthly report.

    ``status`` is stored as open/done/waived; "overdue" is an open deadline past its day.
    """

    case = pw.ForeignKeyField(Case, null=True, backref="deadlines", on_delete="CASCADE")
    kind = pw.CharField()  # the rule's kind
    period = pw.CharField(default="")  # "2026-11" for the monthly report, else ""
    due_on = pw.DateField()
    status = pw.CharField(default="open")  # "open" | "done" | "waived"
    trigger_on = pw.DateField(null=True)
    basis = JSONField(null=True)  # how it was computed: rule, trigger, skipped days
    calendar_known = pw.BooleanField(default=True)
    manual = pw.BooleanField(default=False)  # the clerk set the day; recomputing keeps it
    responsible = pw.CharField(default="")  # who must act
    remind_on = pw.DateField(null=True)
    done_event = pw.ForeignKeyField(Event, null=True, backref="+", on_delete="SET NULL")
    resolved_on = pw.DateField(null=True)
    resolved_by = pw.ForeignKeyField(User, null=True, backref="+")
    resolved_at = pw.DateTimeField(null=True)
    note = pw.TextField(default="")  # the reason for a waiver or a change
    created_at = pw.DateTimeField(default=now)
    updated_at = pw.DateTimeField(default=now)
    row_version = pw.IntegerField(default=1)

    class Meta:
        indexes = (
            (("due_on", "status"), False),
            (("case", "kind", "period"), False),
            (("status", "due_on"), False),
        )


class HolidayYear(BaseModel):
    """A year's holidays and make-up working days entered by the office (设置 → 节假日)."""

    year = pw.IntegerField(unique=True)
    holidays = JSONField()  # {"2027-01-01": "元旦", …}
    workdays = JSONField()  # {"2027-02-06": "春节", …}: weekends that are working days
    source = pw.CharField(default="")
    updated_at = pw.DateTimeField(default=now)
    updated_by = pw.ForeignKeyField(User, null=True, backref="+")


class DeadlineRuleSetting(BaseModel):
    """The office's edits to one shipped deadline rule (offset, unit, actor …)."""

    kind = pw.CharField(unique=True)
    values = JSONField()
    updated_at = pw.DateTimeField(default=now)
    updated_by = pw.ForeignKeyField(User, null=True, backref="+")


DEADLINE_MODELS = [Deadline, HolidayYear, DeadlineRuleSetting]
