"""The monthly report (月度通报) as the office handles it: the distribution list, the
clerk's narrative, generating the .docx and .xlsx, and recording that it was sent — which
completes the month's monthly-report deadline (``services.deadlines.mark_done``), made
first if the month has none yet. A report recorded as sent is what went out: it is not
generated again (a correction goes out in a later report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from xinyi_desktop.errors import ValidationError
from xinyi_desktop.reports.charts import ChartRenderer
from xinyi_desktop.reports.monthly import MonthlyReport, build_report
from xinyi_desktop.reports.monthly_files import write_docx, write_xlsx
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.report_rules import Month
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services import audit
from xinyi_desktop.services.deadline_sync import monthly_report, store_monthly
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store.deadline_models import Deadline
from xinyi_desktop.store.models import Agency, Case, CaseParty, User, db, now
from xinyi_desktop.store.report_models import MonthlyReportRecord, ReportRecipient

FOLDER = "月度通报"


# -- distribution list (分送名单) ------------------------------------------------------------
def default_distribution() -> list[str]:
    """The city government office and every agency with a case still open."""
    query = (
        Agency.select(Agency.area, Agency.name)
        .join(CaseParty)
        .join(Case)
        .where((CaseParty.role == "defendant") & (Case.stage != Stage.CLOSED.value))
        .order_by(Agency.area, Agency.name)
        .distinct()
    )
    names = [get_setting("reports.city_office")]
    names += [n for _area, n in db.execute(query).fetchall() if n not in names]
    return names


def distribution() -> list[str]:
    """The stored list, or the default one until the office saves its own."""
    stored = [r.name for r in ReportRecipient.select().order_by(ReportRecipient.position)]
    return stored or default_distribution()


def set_distribution(actor: User, names: list[str]) -> list[str]:
    """Replace the distribution list (blank lines dropped, duplicates kept once)."""
    require(actor, "edit")
    clean: list[str] = []
    for name in names:
        name = name.strip()
        if name and name not in clean:
            clean.append(name)
    if not clean:
        raise ValidationError("分送名单不能为空：至少要有市政府办公室。", field="distribution")
    too_long = next((n for n in clean if len(n) > 100), None)
    if too_long:
        raise ValidationError(f"单位名称过长：“{too_long[:20]}…”。", field="distribution")
    with db.atomic():
        old = [r.name for r in ReportRecipient.select().order_by(ReportRecipient.position)]
        ReportRecipient.delete().execute()
        for position, name in enumerate(clean):
            ReportRecipient.create(name=name, position=position)
        audit.record_many(
            actor,
            [("update", "report_recipient", 0, {"names": old}, {"names": clean})],
        )
    return clean


# -- the month's record ---------------------------------------------------------------------
def record_of(month: Month) -> MonthlyReportRecord | None:
    return MonthlyReportRecord.get_or_none(MonthlyReportRecord.period == month.period)


def _record_for(month: Month) -> MonthlyReportRecord:
    record = record_of(month)
    if record is None:
        record = MonthlyReportRecord.create(period=month.period)
    return record


def save_narrative(actor: User, month: Month, text: str) -> MonthlyReportRecord:
    """Keep the clerk's 总体情况 for the month (empty: use the program's draft)."""
    require(actor, "edit")
    with db.atomic():
        record = _record_for(month)
        old = audit.snapshot(record)
        record.narrative = text.strip()
        record.updated_at = now()
        audit.bump_version(record, None, "月度通报")
        record.save()
        audit.record(actor, "update", record, old)
    return record


@dataclass
class GeneratedReport:
    report: MonthlyReport
    docx: Path
    xlsx: Path


def report_folder(month: Month) -> Path:
    from xinyi_desktop.services.documents import documents_root

    return documents_root() / FOLDER / month.period


def generate_monthly(
    actor: User,
    month: Month,
    *,
    out_dir: Path | None = None,
    renderer: ChartRenderer | None = None,
    narrative: str | None = None,
    today: dt.date | None = None,
) -> GeneratedReport:
    """Write ``月度通报_2026-11.docx`` and ``.xlsx`` (into ``out_dir`` or the documents
    folder) and note them on the month's record."""
    require(actor, "edit")
    today = today or dt.date.today()
    if month.first > today:
        raise ValidationError(f"{month.label}尚未开始，不能生成通报。", field="month")
    sent = record_of(month)
    if sent is not None and sent.sent_on is not None:
        raise ValidationError(
            f"{month.label}的通报已于{sent.sent_on.isoformat()}登记发送，发出的文件不再重新生成"
            f"（{sent.docx_file}）。如需更正，请在下一期通报中说明。",
            field="month",
        )
    report = build_report(month, today)
    folder = Path(out_dir) if out_dir else report_folder(month)
    stem = f"月度通报_{month.period}"
    record = record_of(month)
    text = narrative if narrative is not None else (record.narrative if record else "")
    docx = write_docx(
        report,
        folder / f"{stem}.docx",
        narrative=text,
        distribution=distribution(),
        renderer=renderer,
        issued_on=today,
    )
    xlsx = write_xlsx(report, folder / f"{stem}.xlsx")
    with db.atomic():
        record = _record_for(month)
        old = audit.snapshot(record)
        record.docx_file, record.xlsx_file = str(docx), str(xlsx)
        if narrative is not None:
            record.narrative = narrative.strip()
        record.generated_at, record.generated_by = now(), actor
        record.updated_at = now()
        audit.bump_version(record, None, "月度通报")
        record.save()
        audit.record(actor, "update", record, old)
    return GeneratedReport(report, docx, xlsx)


def monthly_deadline(month: Month) -> Deadline | None:
    return monthly_report(month.period)


@dataclass
class Sent:
    record: MonthlyReportRecord
    deadline: Deadline | None
    message: str  # what became of the month's deadline, for the clerk


def record_sent(
    actor: User,
    month: Month,
    *,
    sent_on: dt.date | None,
    recipients: list[str] | None = None,
    today: dt.date | None = None,
) -> Sent:
    """Record that the month's report went out, to whom and when; the monthly-report
    deadline of that month (made if missing) is then done on ``sent_on``."""
    from xinyi_desktop.services import deadlines

    require(actor, "approve")
    today = today or dt.date.today()
    if sent_on is None:
        raise ValidationError("请填写发送日期。", field="sent_on")
    if sent_on > today:
        raise ValidationError(f"发送日期{sent_on.isoformat()}晚于今天，请核对。", field="sent_on")
    names = recipients if recipients is not None else distribution()
    names = [n.strip() for n in names if n.strip()]
    if not names:
        raise ValidationError("分送名单为空，请先填写分送单位。", field="distribution")
    with db.atomic():
        record = record_of(month)
        if record is None or not record.generated_at:
            raise ValidationError(f"{month.label}的通报尚未生成，请先生成再登记发送。")
        if record.sent_on is not None:
            raise ValidationError(
                f"{month.label}的通报已于{record.sent_on.isoformat()}登记发送，不能重复登记。"
            )
        old = audit.snapshot(record)
        record.sent_on, record.sent_at, record.sent_by = sent_on, now(), actor
        record.recipients = names
        record.updated_at = now()
        audit.bump_version(record, None, "月度通报")
        record.save()
        audit.record(actor, "update", record, old)
        deadline = store_monthly(actor, month.period)  # made (audited) if only shown
        if deadline is None:
            message = "期限规则中的“月度通报”已停用，没有需要办理的期限。"
        elif deadline.status == "open":
            deadline = deadlines.mark_done(
                actor,
                deadline.id,
                on=sent_on,
                note=f"{month.label}通报已分送{len(names)}个单位",
                today=today,
            )
            message = f"{month.label}月度通报期限（{deadline.due_on.isoformat()}）已标记为已办理。"
        elif deadline.status == "done":
            message = (
                f"{month.label}月度通报期限已于{deadline.resolved_on.isoformat()}办理，未作改动。"
            )
        else:
            message = f"{month.label}月度通报期限已免除，未作改动。"
    return Sent(record, deadline, message)


def sent_history(limit: int = 24) -> list[MonthlyReportRecord]:
    query = MonthlyReportRecord.select().order_by(MonthlyReportRecord.period.desc())
    return list(query.limit(limit))


def report_months(today: dt.date | None = None, count: int = 24) -> list[Month]:
    """Months offered in the month picker: this one and the ones before it."""
    today = today or dt.date.today()
    return Month.of(today).last_months(count)[::-1]
