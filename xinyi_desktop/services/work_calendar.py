"""The office's working-day calendar: the shipped table plus the years the office enters.

The shipped table (``data/holidays/official.json``) is generated once from
``chinese_calendar``; the program never asks the library. A year the office enters in the
settings (or imports from a small file, see ``parse_holiday_text``) is stored in the
database and takes precedence over the shipped one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import lru_cache
from pathlib import Path

from xinyi_desktop import paths
from xinyi_desktop.errors import NotFound, ValidationError, XinyiError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.rules.workdays import WorkCalendar, YearTable
from xinyi_desktop.services import audit
from xinyi_desktop.store.deadline_models import HolidayYear
from xinyi_desktop.store.models import User, db, now

SHIPPED_FILE = ("holidays", "official.json")
OFF, ON = "休", "班"
_LINE = re.compile(
    r"^(?P<start>\d{4}-\d{1,2}-\d{1,2})\s*(?:(?:~|至|--|—)\s*(?P<end>\d{4}-\d{1,2}-\d{1,2}))?"
    r"\s*[,，\t ]\s*(?P<what>休|班|放假|上班|holiday|workday)\s*(?:[,，\t ]\s*(?P<name>.*))?$"
)


def _table_from_json(year: int, item: dict, source: str) -> YearTable:
    return YearTable(
        year,
        {dt.date.fromisoformat(d): n for d, n in item.get("holidays", {}).items()},
        {dt.date.fromisoformat(d): n for d, n in item.get("workdays", {}).items()},
        source,
    )


SHIPPED_SOURCE = "随程序提供（国务院办公厅公布的安排）"


@lru_cache(maxsize=1)
def shipped_tables() -> tuple[YearTable, ...]:
    """The years shipped in ``data/``: read once, never changed while the program runs."""
    path = paths.data_dir().joinpath(*SHIPPED_FILE)
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise XinyiError(f"节假日表“{path.name}”无法读取：{exc}") from exc
    # The file names the library it was produced with (its "source"); clerks are told
    # whose arrangement it is.
    return tuple(
        _table_from_json(int(year), item, SHIPPED_SOURCE) for year, item in content["years"].items()
    )


def office_tables() -> list[YearTable]:
    return [
        _table_from_json(row.year, {"holidays": row.holidays, "workdays": row.workdays}, row.source)
        for row in HolidayYear.select().order_by(HolidayYear.year)
    ]


def load_calendar() -> WorkCalendar:
    """Shipped years, then the office's own (which replace a shipped year of the same number)."""
    calendar = WorkCalendar(shipped_tables())
    for table in office_tables():
        calendar.add(table)
    return calendar


def year_overview() -> list[dict]:
    """Each known year: where its table comes from and how many days it lists."""
    office = {t.year: t for t in office_tables()}
    rows = []
    for table in [*[t for t in shipped_tables() if t.year not in office], *office.values()]:
        rows.append(
            {
                "year": table.year,
                "source": table.source,
                "office": table.year in office,
                "holidays": len(table.holidays),
                "workdays": len(table.workdays),
            }
        )
    return sorted(rows, key=lambda r: r["year"])


def missing_years(today: dt.date, calendar: WorkCalendar | None = None) -> list[int]:
    """This year and next year, where the office has not entered the table yet.

    Next year counts from December, when the State Council publishes its calendar.
    """
    calendar = calendar or load_calendar()
    wanted = [today.year] + ([today.year + 1] if today.month == 12 else [])
    return [y for y in wanted if not calendar.knows(y)]


def check_entries(year: int, holidays: dict, workdays: dict) -> tuple[dict, dict]:
    """Dates as ISO text, each in ``year``, none both off and on; make-up days on weekends."""
    clean: list[dict[str, str]] = [{}, {}]
    for target, entries, what in ((0, holidays, "放假"), (1, workdays, "调休上班")):
        for key, name in entries.items():
            day = key if isinstance(key, dt.date) else _date(str(key))
            if day.year != year:
                raise ValidationError(
                    f"{what}日期 {day.isoformat()} 不在 {year} 年内。", field="entries"
                )
            if target == 1 and day.weekday() < 5:
                raise ValidationError(
                    f"{day.isoformat()} 是周一至周五，本来就是工作日，不需要列为调休上班日。",
                    field="entries",
                )
            clean[target][day.isoformat()] = str(name or "").strip() or "节假日"
    both = sorted(set(clean[0]) & set(clean[1]))
    if both:
        raise ValidationError(f"{both[0]} 不能既是放假日又是调休上班日。", field="entries")
    if not clean[0]:
        raise ValidationError(f"{year} 年的节假日安排中没有任何放假日，请核对。", field="entries")
    return dict(sorted(clean[0].items())), dict(sorted(clean[1].items()))


def _date(text: str) -> dt.date:
    try:
        parts = [int(p) for p in text.strip().split("-")]
        return dt.date(*parts)
    except (TypeError, ValueError):
        raise ValidationError(
            f"“{text}”不是有效日期（应写作 2027-01-01）。", field="entries"
        ) from None


def save_year(
    actor: User, year: int, holidays: dict, workdays: dict, *, source: str = "信用办录入"
) -> HolidayYear:
    """Store (or replace) the office's table for ``year``; open deadlines are recomputed."""
    require(actor, "administer")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(f"年份 {year} 不在 2000–2100 之间。", field="year")
    holidays, workdays = check_entries(int(year), holidays, workdays)
    with db.atomic():
        row = HolidayYear.get_or_none(HolidayYear.year == year)
        if row is None:
            row = HolidayYear.create(
                year=year, holidays=holidays, workdays=workdays, source=source, updated_by=actor
            )
            audit.record(actor, "create", row)
        else:
            old = audit.snapshot(row)
            row.holidays, row.workdays, row.source = holidays, workdays, source
            row.updated_at, row.updated_by = now(), actor
            row.save()
            audit.record(actor, "update", row, old)
        from xinyi_desktop.services.deadline_sync import recompute_open

        recompute_open(actor, reason=f"{year} 年节假日安排已更新")
    return row


def delete_year(actor: User, year: int) -> None:
    """Remove the office's entry for ``year`` (a shipped year then applies again)."""
    require(actor, "administer")
    with db.atomic():
        row = HolidayYear.get_or_none(HolidayYear.year == year)
        if row is None:
            raise NotFound(f"没有信用办录入的 {year} 年节假日安排。")
        row.delete_instance()
        audit.record(actor, "delete", row)
        from xinyi_desktop.services.deadline_sync import recompute_open

        recompute_open(actor, reason=f"删除了信用办录入的 {year} 年节假日安排")


def parse_holiday_text(text: str, *, year: int | None = None) -> dict[int, tuple[dict, dict]]:
    """Read the import format, one date or range a line (``#`` starts a comment)::

        2027-01-01,休,元旦
        2027-02-06~2027-02-12,休,春节
        2027-02-14,班,春节

    ``休``/``放假`` marks days off, ``班``/``上班`` make-up working days on weekends. The
    shipped JSON form (``{"years": {"2027": {"holidays": {…}, "workdays": {…}}}}``) is
    read too. Returns year → (holidays, workdays). ``year``: the one year being entered
    (the settings page). A refusal names the line, what it says and why.
    """
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith("{"):
        return _parse_json(stripped)
    years: dict[int, tuple[dict, dict]] = {}
    seen: dict[dt.date, tuple[int, bool]] = {}  # day -> (line, off)
    for number, raw in enumerate(stripped.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue

        def refuse(why: str, number=number, raw=raw) -> ValidationError:
            return ValidationError(f"第 {number} 行“{raw.strip()[:30]}”：{why}", field="file")

        match = _LINE.match(line)
        if not match:
            raise refuse("看不懂，应写作“2027-01-01,休,元旦”或“2027-02-06~2027-02-12,休,春节”。")
        try:
            start = _date(match["start"])
            end = _date(match["end"]) if match["end"] else start
        except ValidationError as error:
            raise refuse(str(error)) from None
        if end < start:
            raise refuse(f"结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}。")
        if (end - start).days > 31:
            days = (end - start).days + 1
            raise refuse(f"日期范围长达 {days} 天，一行最多写 32 天，请核对。")
        off = match["what"] in (OFF, "放假", "holiday")
        day = start
        while day <= end:
            if year is not None and day.year != year:
                raise refuse(f"{day.isoformat()} 不在正在录入的 {year} 年内。")
            if not off and day.weekday() < 5:
                raise refuse(
                    f"{day.isoformat()} 是周{'一二三四五'[day.weekday()]}，本来就是工作日，"
                    "不需要列为调休上班日。"
                )
            before = seen.get(day)
            if before is not None and before[1] != off:
                earlier, now_ = ("放假日", "调休上班日") if before[1] else ("调休上班日", "放假日")
                raise refuse(
                    f"{day.isoformat()} 已在第 {before[0]} 行列为{earlier}，不能又是{now_}。"
                )
            seen[day] = (number, off)
            holidays, workdays = years.setdefault(day.year, ({}, {}))
            (holidays if off else workdays)[day] = (match["name"] or "").strip()
            day += dt.timedelta(days=1)
    if not years:
        raise ValidationError("文件中没有任何日期。", field="file")
    return years


def _parse_json(text: str) -> dict[int, tuple[dict, dict]]:
    try:
        content = json.loads(text)
        return {
            int(year): (dict(item.get("holidays", {})), dict(item.get("workdays", {})))
            for year, item in content["years"].items()
        }
    except (ValueError, KeyError, AttributeError, TypeError):
        raise ValidationError(
            'JSON 文件格式不对：应为 {"years": {"2027": {"holidays": {…}, "workdays": {…}}}}。',
            field="file",
        ) from None


def read_holiday_file(path: Path) -> dict[int, tuple[dict, dict]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return parse_holiday_text(path.read_text(encoding=encoding))
        except UnicodeDecodeError:
            continue
    raise ValidationError(f"文件“{path.name}”无法读取（不是 UTF-8 或 GBK 文本）。", field="file")


def import_holiday_file(actor: User, path: Path) -> list[int]:
    """Import every year in the file (all or none); returns the years imported."""
    years = read_holiday_file(path)
    with db.atomic():
        for year, (holidays, workdays) in sorted(years.items()):
            save_year(actor, year, holidays, workdays, source=f"从文件导入：{path.name}")
    return sorted(years)
