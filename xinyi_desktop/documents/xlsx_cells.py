"""Rows for openpyxl that no spreadsheet program can turn into formulas.

The same rule as the program's own workbook writer (``rules/cell_text.py``): text that
would start a formula is written as a text cell with Excel's quote prefix, so it reads
exactly as typed and stays text even when the clerk edits the cell.
"""

from __future__ import annotations

from xinyi_desktop.rules.cell_text import formula_like


def safe_row(sheet, values) -> list:
    """``values`` ready for ``sheet.append``."""
    from openpyxl.cell import WriteOnlyCell

    row = []
    for value in values:
        if isinstance(value, str) and formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl would otherwise store it as a formula
            cell.quotePrefix = True
            row.append(cell)
        else:
            row.append(value)
    return row
