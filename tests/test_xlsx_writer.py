"""The project's streaming .xlsx writer: rows as tall as their wrapped text, cells centred."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from xinyi_desktop.documents.xlsx_writer import LINE_HEIGHT, Column, XlsxWriter, wrapped_lines


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("信用办", 12, 1),
        ("新沂市合沟镇人民政府", 28, 1),  # 20 wide in 27
        ("新沂市合沟镇人民政府、新沂市生态环境局", 28, 2),  # 38 wide
        ("abcdefghij" * 5, 28, 2),  # Latin letters are half as wide
        ("第一行\n第二行", 28, 2),
        ("", 28, 1),
    ],
)
def test_wrapped_lines(text, width, lines):
    assert wrapped_lines(text, width) == lines


def test_a_row_is_as_tall_as_its_wrapped_text(tmp_path):
    columns = [Column("状态", 8), Column("备注", 20, wrap=True)]
    note = "案件已进入“败诉”阶段，此期限不再适用（到期日2023-12-21已过）"
    rows = [["已办", "短"], ["逾期", note]]
    with XlsxWriter(tmp_path / "t.xlsx", title="t") as book:
        book.write_sheet("期限", columns, rows, title="期限清单")
    sheet = load_workbook(tmp_path / "t.xlsx")["期限"]
    short, tall = 3, 4  # title, header, then the rows
    assert sheet.row_dimensions[short].height is None  # the default: one line
    assert sheet.row_dimensions[tall].height == LINE_HEIGHT * wrapped_lines(note, 20) > 30
    for cell in (sheet.cell(tall, 1), sheet.cell(tall, 2)):
        assert cell.alignment.vertical == "center"  # a one-line cell beside a tall one
    assert sheet.cell(tall, 2).alignment.wrap_text and not sheet.cell(tall, 1).alignment.wrap_text
