"""Reading a .docx paragraph's own text: its w:t elements and the ``{{名称}}`` placeholders."""

from __future__ import annotations

import re

from docx.oxml.ns import qn

PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}")
W_P, W_T = qn("w:p"), qn("w:t")


def paragraph_texts(paragraph) -> list:
    """The w:t elements of a paragraph's own runs (not those of nested text boxes)."""
    return [t for t in paragraph.iter(W_T) if owning_paragraph(t) is paragraph]


def owning_paragraph(element):
    parent = element.getparent()
    while parent is not None and parent.tag != W_P:
        parent = parent.getparent()
    return parent


def placeholder_name(raw: str) -> str:
    return raw.strip().replace(" ", "").replace("\u3000", "")
