"""Broken spreadsheets thrown at the importer: every file is imported or refused with a
message naming it — never an unhandled exception, and a refused file writes nothing."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xinyi_desktop.errors import XinyiError
from xinyi_desktop.services.court_import import preview
from xinyi_desktop.services.court_import_write import apply_plan
from xinyi_desktop.store.models import Case

HEADERS = [
    "案号",
    "被告",
    "收案日期",
    "生效日期",
    "标的额（万元）",
    "发布时间",
    "信用代码",
    "序号",
    "其他",
]
cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(min_size=3000, max_size=5000),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2200, 1, 1)),
    st.sampled_from(
        ["=1/0", "=SUM(A1:A3)", "（2024）苏0381行初5号", "(2024)苏0381执1号", "合计", "2025.3.5"]
    ),
)
rows = st.lists(st.lists(cells, max_size=9), max_size=12)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


def attempt(actor, path):
    before = Case.select().count()
    try:
        plan = preview(path)
    except XinyiError as error:
        assert path.name in str(error)
        assert Case.select().count() == before
        return
    generator = apply_plan(actor, plan)
    while True:
        try:
            next(generator)
        except StopIteration:
            break


@FUZZ
@given(header=st.lists(st.sampled_from(HEADERS), max_size=9), body=rows)
def test_random_workbooks_never_crash(actor, tmp_path_factory, header, body):
    path = tmp_path_factory.mktemp("f") / "court.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    try:  # openpyxl refuses control characters; those cells are left out
        for row in [header, *body]:
            sheet.append([c if not isinstance(c, str) or c.isprintable() else None for c in row])
        book.save(path)
    except Exception:
        return
    attempt(actor, path)


@FUZZ
@given(data=st.binary(max_size=2000), cut=st.integers(min_value=0, max_value=4000))
def test_random_and_truncated_bytes_are_refused_or_read(actor, tmp_path_factory, data, cut):
    folder = tmp_path_factory.mktemp("b")
    raw = folder / "raw.xls"
    raw.write_bytes(data)
    attempt(actor, raw)
    buffer = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["案号", "被告"])
    book.active.append(["（2024）苏0381行初5号", "新沂市财政局"])
    book.save(buffer)
    truncated = folder / "cut.xlsx"
    truncated.write_bytes(buffer.getvalue()[:cut])
    attempt(actor, truncated)


@FUZZ
@given(text=st.text(max_size=500), encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_random_text_files_never_crash(actor, tmp_path_factory, text, encoding):
    path = tmp_path_factory.mktemp("t") / "list.csv"
    path.write_bytes(("案号,被告\n" + text).encode(encoding, errors="replace"))
    attempt(actor, path)


def test_an_empty_workbook_and_a_zip_that_is_no_workbook_are_refused(actor, tmp_path):
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    not_book = tmp_path / "zip.xlsx"
    with zipfile.ZipFile(not_book, "w") as archive:
        archive.writestr("hello.txt", "hi")
    for path in (empty, not_book, tmp_path / "missing.xlsx"):
        try:
            preview(path)
        except XinyiError as error:
            assert path.name in str(error)
        else:
            raise AssertionError(f"{path.name} was not refused")
