"""The registers (台账): one workbook, a sheet each — cases, lost cases with their
performance status, listed agencies, the sanctions checklist, rectification,
accountability, letters sent, deadlines. The register page's filters (year, stage, agency,
text) carry into every sheet: a sheet of agencies or letters keeps to the filtered agency,
not the co-defendants of its cases. Every date column holds real Excel dates, whatever the
database hands back. ``export_register`` is a generator (progress, cancel)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import peewee as pw

from xinyi_desktop.documents import deadline_export
from xinyi_desktop.documents.catalog import kind_label
from xinyi_desktop.documents.xlsx_writer import Column, XlsxWriter
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.reports import sanction_register
from xinyi_desktop.reports.figures import NO_AREA
from xinyi_desktop.reports.register_cases import areas_of, case_rows, lost_rows
from xinyi_desktop.reports.sanction_figures import rectification_register
from xinyi_desktop.rules.dates import stored_date
from xinyi_desktop.rules.stages import Stage
from xinyi_desktop.services.case_query import CaseFilter, filter_conditions, is_unfiltered
from xinyi_desktop.services.deadline_query import DeadlineFilter, list_deadlines
from xinyi_desktop.settings import get_setting
from xinyi_desktop.store.document_models import Document, DocumentCase
from xinyi_desktop.store.models import Agency, Case, CaseParty, User, db

STAGE_FILLS = {"起诉": "DDEBF7", "败诉": "FCE4D6", "失信": "F8CBAD", "结案": "E2EFDA"}
STATUS_FILLS = {
    "逾期未履行": "F8CBAD",
    "未履行，已列入失信名单": "F8CBAD",
    "已履行完毕": "E2EFDA",
    "已和解": "E2EFDA",
    "在列": "F8CBAD",
    "已退出": "E2EFDA",
    "逾期未完成": "F8CBAD",
    "逾期": "F8CBAD",
    "按期完成": "E2EFDA",
}
SHEETS = ("案件", "败诉案件", "失信单位", "惩戒措施", "整改", "问责", "发文登记", "期限")

CASE_COLUMNS = [
    Column("案号", 26),
    Column("阶段", 7, fills=STAGE_FILLS),
    Column("结果", 9),
    Column("案由", 16),
    Column("原告", 18),
    Column("被告单位", 28),
    Column("所属镇街/部门", 14),
    Column("审理法院", 18),
    Column("标的金额（元）", 14, "money"),
    Column("立案日期", 11, "date"),
    Column("判决日期", 11, "date"),
    Column("判决生效日期", 12, "date"),
    Column("履行期限", 11, "date"),
    Column("列入失信日期", 12, "date"),
    Column("结案日期", 11, "date"),
    Column("关联案件", 30, wrap=True),
    Column("备注", 30),
]
LOST_COLUMNS = [
    Column("案号", 26),
    Column("被告单位", 28),
    Column("所属镇街/部门", 14),
    Column("案由", 16),
    Column("原告", 18),
    Column("标的金额（元）", 14, "money"),
    Column("判决生效日期", 12, "date"),
    Column("履行期限", 11, "date"),
    Column("履行情况", 20, fills=STATUS_FILLS),
    Column("执行案号", 26),
    Column("列入失信日期", 12, "date"),
    Column("结案日期", 11, "date"),
    Column("阶段", 7, fills=STAGE_FILLS),
]
AGENCY_COLUMNS = [
    Column("单位名称", 30),
    Column("统一社会信用代码", 21),
    Column("所属镇街/部门", 14),
    Column("状态", 8, fills=STATUS_FILLS),
    Column("在列案件数", 10, "int"),
    Column("失信案件数", 10, "int"),
    Column("相关案号", 40, wrap=True),
    Column("首次列入日期", 12, "date"),
    Column("最近退出日期", 12, "date"),
]
LETTER_COLUMNS = [
    Column("文号", 22),
    Column("种类", 16),
    Column("标题", 40),
    Column("收文单位", 26),
    Column("成文日期", 11, "date"),
    Column("相关案号", 30),
    Column("状态", 8),
    Column("经办人", 10),
]
RECTIFICATION_COLUMNS = [
    Column("案号", 26),
    Column("被告单位", 28),
    Column("下达日期", 11, "date"),
    Column("整改期限", 11, "date"),
    Column("整改情况", 12, fills=STATUS_FILLS),
    Column("完成日期", 11, "date"),
    Column("备注", 30),
]


def describe_filter(flt: CaseFilter) -> str:
    parts = []
    if flt.year:
        parts.append(f"{flt.year}年")
    if flt.stage:
        parts.append(f"{Stage(flt.stage).label}阶段")
    if flt.agency_id:
        agency = Agency.get_or_none(Agency.id == flt.agency_id)
        parts.append(f"被告单位：{agency.name if agency else '（已删除）'}")
    if flt.text.strip():
        parts.append(f"搜索：{flt.text.strip()}")
    return "、".join(parts) or "全部案件"


def _cases(flt: CaseFilter) -> pw.ModelSelect:
    query = Case.select(Case.id)
    conditions = filter_conditions(flt)
    return query.where(*conditions) if conditions else query


def _typed(columns: list[Column], rows: Iterable[list]) -> Iterator[list]:
    """Rows with every value of a date column a date: SQLite hands raw reads back as text."""
    dates = [i for i, column in enumerate(columns) if column.kind == "date"]
    for row in rows:
        for i in dates:
            if i < len(row):
                row[i] = stored_date(row[i])
        yield row


def export_register(
    path: Path | str,
    flt: CaseFilter = CaseFilter(),
    *,
    today: dt.date | None = None,
    cancel: Callable[[], bool] | None = None,
) -> Iterator[tuple[int, int, str]]:
    """Write the register workbook; yields (sheet done, sheets, text); returns the path."""
    today = today or dt.date.today()
    office = get_setting("office.name")
    scope = describe_filter(flt)
    filtered = not is_unfiltered(flt)
    ids = _cases(flt).select(Case.id)
    subtitle = f"导出日期：{today.year}年{today.month}月{today.day}日　范围：{scope}"
    total = len(SHEETS)

    def title(sheet: str) -> str:
        return f"{office} 政府机构失信治理台账 — {sheet}"

    def check() -> None:
        if cancel and cancel():
            raise XinyiError("已取消导出，文件未保存。")

    scope_ids = ids if filtered else None
    measures, accountability = sanction_register.sheets(scope_ids, today, flt.agency_id)
    with XlsxWriter(path, title=f"{office}台账", author=office) as book:
        areas = areas_of(ids)
        sheets = [
            ("案件", CASE_COLUMNS, lambda: case_rows(ids, areas), "案件"),
            (
                "败诉案件",
                LOST_COLUMNS,
                lambda: lost_rows(ids, filtered, areas, today),
                "败诉案件及履行情况",
            ),
            ("失信单位", AGENCY_COLUMNS, lambda: _agency_rows(ids, flt.agency_id), "失信政府机构"),
            (measures[0], measures[1], lambda: measures[2], measures[3]),
            (
                "整改",
                RECTIFICATION_COLUMNS,
                lambda: rectification_register(scope_ids, today, flt.agency_id),
                "限期整改",
            ),
            (accountability[0], accountability[1], lambda: accountability[2], accountability[3]),
            (
                "发文登记",
                LETTER_COLUMNS,
                lambda: _letter_rows(scope_ids, flt.agency_id),
                "发文登记",
            ),
            ("期限", deadline_export.COLUMNS, lambda: _deadline_rows(flt, filtered, today), "期限"),
        ]
        for index, (name, columns, rows, sheet_title) in enumerate(sheets, 1):
            book.write_sheet(
                name, columns, _typed(columns, rows()), title=title(sheet_title), subtitle=subtitle
            )
            yield index, total, name
            if index < total:
                check()
    return Path(path)


def write_register(path: Path | str, flt: CaseFilter = CaseFilter(), **kw) -> Path:
    """Run ``export_register`` to its end (command line, tests)."""
    iterator = export_register(path, flt, **kw)
    while True:
        try:
            next(iterator)
        except StopIteration as stop:
            return stop.value


def _agency_rows(ids, agency_id: int | None) -> list[list]:
    """The listed agencies: one row per defendant agency of a listed case (only the
    filtered agency when the filter names one)."""
    where = (
        (CaseParty.role == "defendant") & Case.listed_on.is_null(False) & CaseParty.case.in_(ids)
    )
    if agency_id:
        where &= CaseParty.agency == agency_id
    query = (
        CaseParty.select(
            Agency.id,
            Agency.name,
            Agency.credit_code,
            Agency.area,
            Case.case_no,
            Case.stage,
            Case.listed_on,
            Case.closed_on,
        )
        .join(Case)
        .switch(CaseParty)
        .join(Agency)
        .where(where)
        .order_by(Agency.area, Agency.name, Case.listed_on)
    )
    found: dict[int, list] = {}
    for agency_id_, name, code, area, no, stage, listed, closed in db.execute(query).fetchall():
        listed, closed = stored_date(listed), stored_date(closed)
        row = found.setdefault(
            agency_id_, [name, code or "", area or NO_AREA, "已退出", 0, 0, [], listed, None]
        )
        row[5] += 1
        row[6].append(no)
        if stage == Stage.DISHONEST.value:
            row[3] = "在列"
            row[4] += 1
        if listed and (row[7] is None or listed < row[7]):
            row[7] = listed
        if closed and (row[8] is None or closed > row[8]):
            row[8] = closed
    rows = []
    for row in found.values():
        row[6] = "、".join(row[6])
        if row[3] == "在列":
            row[8] = None
        rows.append(row)
    return rows


def _letter_rows(ids, agency_id: int | None) -> Iterator[list]:
    """Letters of the filtered cases; with an agency named, those addressed to it and those
    addressed to no agency (a department, the city government) about its cases."""
    query = (
        Document.select(
            Document.doc_no,
            Document.kind,
            Document.title,
            Document.recipient,
            Document.issued_on,
            Document.case_nos,
            Document.status,
            User.display_name,
        )
        .join(User)
        .order_by(Document.issued_on, Document.id)
    )
    if ids is not None:
        query = query.where(
            Document.id.in_(
                DocumentCase.select(DocumentCase.document).where(DocumentCase.case.in_(ids))
            )
        )
    if agency_id:
        query = query.where((Document.agency == agency_id) | Document.agency.is_null())
    for no, kind, title, recipient, issued, cases, status, user in db.execute(query):
        yield [
            no,
            kind_label(kind),
            title,
            recipient,
            stored_date(issued),
            cases,
            "已作废" if status == "void" else "有效",
            user,
        ]


def _deadline_rows(flt: CaseFilter, filtered: bool, today: dt.date) -> Iterator[list]:
    rows = list_deadlines(DeadlineFilter(agency_id=flt.agency_id), today)
    wanted = None
    if filtered:
        wanted = {cid for (cid,) in db.execute(_cases(flt)).fetchall()}
    for row in rows:
        if wanted is None or row.case_id in wanted:
            yield deadline_export.sheet_row(row)
