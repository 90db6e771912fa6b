"""Court lists built in tests, as the reviewers' files were: the shapes that come in
(title rows, GBK CSV, look-alike headers, footers), and importing them in one call."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl

from xinyi_desktop.services.court_import import preview, run_to_end
from xinyi_desktop.services.court_import_write import apply_plan

TODAY = dt.date(2025, 10, 15)


def drain(generator):
    return run_to_end(generator)


def write_xlsx(path, rows, merges=(), sheets=None):
    """One sheet of ``rows``, or ``sheets`` ({name: rows}) in that order."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, sheet_rows in (sheets or {"Sheet1": rows}).items():
        sheet = book.create_sheet(name)
        for row in sheet_rows:
            sheet.append(row)
    for area in merges:
        book.worksheets[0].merge_cells(area)
    book.save(path)
    return path


def write_csv(path, rows, encoding="gbk"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def imp(actor, path, *, today=TODAY, **kwargs):
    plan = preview(path, today=today, **kwargs)
    return plan, drain(apply_plan(actor, plan, today=today))


def suits_list(path):
    """A lawsuits list: title row, two cases (one with two defendants), amounts in 万元."""
    return write_xlsx(
        path,
        [
            ["新沂市人民法院2025年第三季度以政府机关为被告的行政案件收案情况表"],
            ["序号", "案号", "案由", "原告", "被告（被申请人）", "立案日期", "标的额（万元）"],
            [1, "(2025)苏0381行初101号", "房屋征收补偿", "张某", "新沂市棋盘镇人民政府",
             dt.date(2025, 3, 5), 12.5],
            [2, "（２０２５）苏０３８１行初１０２号", "政府信息公开", "李某、王某",
             "新沂市草桥镇人民政府、新沂市时集镇人民政府", 45722, "3.2万元"],
            [None, "合计", None, None, None, None, "共2件"],
        ],
        merges=["A1:G1"],
    )  # fmt: skip


def lost_list(path):
    """The same two cases lost, and a new one, as a GBK CSV."""
    return write_csv(
        path,
        [
            ["序号", "案号", "案由", "原告", "败诉政府机关", "判决日期", "生效日期", "履行期限",
             "涉案金额（万元）"],
            [1, "（2025）苏0381 行初 101 号", "房屋征收补偿", "张某", "新沂市棋盘镇人民政府",
             "2025.6.1", "2025.6.20", "2025.8.19", "15"],
            [2, "(2025)苏0381行初102号", "", "", "新沂市草桥镇人民政府", "2025年6月2日",
             "2025年6月22日", "2025年8月21日", ""],
            [3, "（2025）苏0381行初201号", "劳务合同纠纷", "刘某", "新沂市新安街道办事处",
             "20250603", "20250623", "20250722", "8.8"],
        ],
    )  # fmt: skip


def dishonest_list(path):
    """The national list naming one of 行初102's two defendants, by the suit's number."""
    return write_xlsx(
        path,
        [
            ["序号", "被执行人", "统一社会信用代码", "法定代表人", "案号", "发布日期"],
            [1, "新沂市草桥镇人民政府", "11320381MB1234567Y", "周某", "（2025）苏0381行初102号",
             dt.date(2025, 9, 5)],
        ],
    )  # fmt: skip
