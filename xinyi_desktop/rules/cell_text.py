"""Text in spreadsheet cells that nobody can turn into a formula (公式注入).

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
read as a formula by Excel or WPS when typed, pasted or saved to CSV and opened again.
The program's workbooks keep such text exactly as typed: written as a string cell and
marked with Excel's "quote prefix" (the hidden apostrophe), so it reads the same and stays
text even after the clerk edits the cell. No apostrophe is added to the text itself.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry (a court's export may contain them): dropped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def formula_like(text: str) -> bool:
    """Would Excel or WPS take this text for a formula?"""
    return text.startswith(FORMULA_START)


def xml_text(text: str) -> str:
    """``text`` escaped for an XML element, illegal characters dropped, CR kept."""
    if _XML_ILLEGAL.search(text):
        text = _XML_ILLEGAL.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )
