"""Fill a ``.docx`` template: ``{{名称}}`` placeholders, ``{{名单.列}}`` table rows.

Word and WPS split typed text into runs at will (spell-check marks, a changed font), so a
placeholder is found in a paragraph's joined text and the runs it spans are rewritten
into the first of them, which keeps that run's formatting. Checking a template uses the
same reading, so what the check accepts is exactly what rendering fills.
"""

from __future__ import annotations

import copy
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from docx import Document as open_docx
from docx.oxml.ns import qn

from xinyi_desktop.documents.catalog import (
    DocumentKind,
    field_descriptions,
    list_columns,
    optional_fields,
)
from xinyi_desktop.documents.docx_text import (
    PLACEHOLDER,
    W_P,
    W_T,
    paragraph_texts,
    placeholder_name,
)
from xinyi_desktop.documents.docx_title import TITLE_STYLE, break_title, title_segments, title_width
from xinyi_desktop.errors import XinyiError
from xinyi_desktop.rules.title_lines import text_width

# What a slip of the keyboard or the input method leaves behind.
FULL_WIDTH_BRACES = re.compile(r"｛｛|｝｝|\{｛|｛\{|\}｝|｝\}")
SINGLE_BRACE = re.compile(
    r"(?<!\{)\{(?!\{)[^{}]{1,12}\}(?!\})|(?<!\{)\{[^{}]{1,12}\}\}|\{\{[^{}]{1,12}\}(?!\})"
)
W_TR, W_TC, W_R = qn("w:tr"), qn("w:tc"), qn("w:r")
LIST_SEPARATOR = "."


class TemplateError(XinyiError):
    """A template that cannot be used as it is; the message lists every problem."""


@dataclass
class TemplateCheck:
    """What checking a template found: problems that stop it, and notes."""

    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    @property
    def ok(self) -> bool:
        return not self.errors

    def message(self, name: str) -> str:
        return f"模板“{name}”有以下问题：\n" + "\n".join(f"· {e}" for e in self.errors)


def _containers(document) -> list:
    """The body and every header and footer part, each an XML element."""
    elements = [document.element.body]
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")):
            elements.append(rel.target_part.element)
    return elements


def _paragraphs(container) -> Iterator:
    yield from container.iter(W_P)


def check_document(document, kind: DocumentKind) -> TemplateCheck:
    """Every placeholder of ``document`` against what ``kind`` may use."""
    check = TemplateCheck()
    known = set(field_descriptions())
    columns = list_columns()
    allowed_names = sorted(kind.fields | {f"{n}.{c}" for n in kind.lists for c in columns[n]})
    seen_errors: set[str] = set()

    def error(text: str) -> None:
        if text not in seen_errors:
            seen_errors.add(text)
            check.errors.append(text)

    for container in _containers(document):
        for paragraph in _paragraphs(container):
            text = "".join(t.text or "" for t in paragraph_texts(paragraph))
            if "{" not in text and "｛" not in text and "}" not in text:
                continue
            snippet = text.strip()[:30]
            if FULL_WIDTH_BRACES.search(text):
                error(f"“{snippet}”中的占位符用了全角括号“｛｝”，请改为半角“{{{{ }}}}”。")
            for match in SINGLE_BRACE.finditer(text):
                error(f"“{match.group(0)}”括号不成对，占位符应写作“{{{{名称}}}}”。")
            stripped = PLACEHOLDER.sub("", text)
            if "{{" in stripped or "}}" in stripped:
                error(f"“{snippet}”中有未闭合的占位符括号。")
            in_row = _row_of(paragraph) is not None
            for match in PLACEHOLDER.finditer(text):
                name = placeholder_name(match.group(1))
                check.used.add(name)
                if LIST_SEPARATOR in name:
                    list_name, _, column = name.partition(LIST_SEPARATOR)
                    if list_name not in kind.lists or column not in columns.get(list_name, {}):
                        error(_unknown(name, allowed_names, kind))
                    elif not in_row:
                        error(f"“{{{{{name}}}}}”是名单的列，只能写在表格的一行中。")
                elif name not in kind.fields:
                    if name in known:
                        error(f"“{{{{{name}}}}}”不能用于{kind.name}（本模板可用的占位符见列表）。")
                    else:
                        error(_unknown(name, allowed_names, kind))
    for container in _containers(document):
        for row in container.iter(W_TR):
            lists = {
                placeholder_name(m.group(1)).partition(LIST_SEPARATOR)[0]
                for m in PLACEHOLDER.finditer(_row_text(row))
                if LIST_SEPARATOR in m.group(1)
            }
            if len(lists) > 1:
                error(f"表格的一行中混用了多个名单：{'、'.join(sorted(lists))}。")
    missing = sorted(
        n for n in ("发文字号", "收文单位") if n in kind.fields and n not in check.used
    )
    if missing:
        check.notes.append(f"模板中没有{'、'.join(missing)}，生成的文书上不会出现。")
    return check


def _unknown(name: str, allowed: list[str], kind: DocumentKind) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.4)
    hint = f"，是否应为“{{{{{close[0]}}}}}”？" if close else "。"
    return f"未知的占位符“{{{{{name}}}}}”{hint}"


def _row_of(paragraph):
    parent = paragraph.getparent()
    while parent is not None and parent.tag != W_TR:
        parent = parent.getparent()
    return parent


def _row_text(row) -> str:
    return "".join(t.text or "" for t in row.iter(W_T))


@lru_cache(maxsize=16)
def _template_bytes(path: str, mtime: float) -> bytes:
    return Path(path).read_bytes()


def load_template(path: Path, kind: DocumentKind, *, strict: bool = True):
    """Open a template and check it; with ``strict`` a template with problems is refused."""
    try:
        data = _template_bytes(str(path), path.stat().st_mtime)
        document = open_docx(io.BytesIO(data))
    except FileNotFoundError:
        raise TemplateError(f"找不到{kind.name}的模板文件：{path}") from None
    except Exception as exc:  # noqa: BLE001 - a damaged file in any way
        raise TemplateError(
            f"{kind.name}的模板文件“{path.name}”不是有效的 Word 文档：{exc}"
        ) from exc
    check = check_document(document, kind)
    if strict and not check.ok:
        raise TemplateError(check.message(kind.name))
    return document, check


def render(
    document, values: dict[str, str], lists: dict[str, list[dict[str, str]]], style_names=None
) -> None:
    """Fill ``document`` in place. Every placeholder must have a value (checked on load)."""
    optional = optional_fields()
    names = style_names if style_names is not None else _style_names(document)
    width = title_width(document, names)
    for container in _containers(document):
        _expand_rows(container, lists)
        for paragraph in list(_paragraphs(container)):
            is_title = names.get(_style_id(paragraph), "") == TITLE_STYLE
            segments = title_segments(paragraph, values) if is_title else None
            _fill_paragraph(paragraph, values, optional)
            if segments is not None and paragraph.getparent() is not None:
                break_title(paragraph, segments, width)
    _centre_signature(document, names)


class PreparedTemplate:
    """A template opened and checked once, filled many times: before each fill the body,
    headers and footers are put back as they were (copies of lxml elements are far cheaper
    than reopening the .docx package)."""

    def __init__(self, path: Path, kind: DocumentKind) -> None:
        self.document, self.check = load_template(path, kind)
        self.style_names = _style_names(self.document)
        self._pristine = [
            (container, [copy.deepcopy(child) for child in container])
            for container in _containers(self.document)
        ]

    def fill(self, values: dict[str, str], lists: dict[str, list[dict[str, str]]]):
        for container, children in self._pristine:
            container[:] = [copy.deepcopy(child) for child in children]
        render(self.document, values, lists, self.style_names)
        return self.document


def _expand_rows(container, lists) -> None:
    for row in list(container.iter(W_TR)):
        text = _row_text(row)
        names = [
            placeholder_name(m.group(1))
            for m in PLACEHOLDER.finditer(text)
            if LIST_SEPARATOR in m.group(1)
        ]
        if not names:
            continue
        items = lists.get(names[0].partition(LIST_SEPARATOR)[0], [])
        anchor = row
        for item in items:
            clone = copy.deepcopy(row)
            values = {f"{names[0].partition(LIST_SEPARATOR)[0]}.{k}": v for k, v in item.items()}
            for paragraph in clone.iter(W_P):
                _fill_paragraph(paragraph, values, frozenset())
            anchor.addnext(clone)
            anchor = clone
        row.getparent().remove(row)


def _fill_paragraph(paragraph, values: dict[str, str], optional) -> None:
    texts = paragraph_texts(paragraph)
    joined = "".join(t.text or "" for t in texts)
    if "{{" not in joined:
        return
    matches = list(PLACEHOLDER.finditer(joined))
    names = [placeholder_name(m.group(1)) for m in matches]
    if names and all(n in optional and not values.get(n) for n in names):
        if _last_in_cell(paragraph):
            _set_only_text(texts, "")  # a table cell must keep a paragraph (Word "repairs")
        else:
            paragraph.getparent().remove(paragraph)  # a line only about something absent
        return
    if len(matches) == 1 and joined.strip() == matches[0].group(0):
        value = values.get(names[0], "")
        if "\n" in value:
            _split_paragraph(paragraph, texts, value.split("\n"))
            return
    # Offsets of each w:t in the joined text, then replace from the last match backwards.
    starts, offset = [], 0
    for t in texts:
        starts.append(offset)
        offset += len(t.text or "")
    for match, name in zip(reversed(matches), reversed(names), strict=True):
        _replace_span(texts, starts, match.start(), match.end(), values.get(name, ""))


def _last_in_cell(paragraph) -> bool:
    """A cell (w:tc) must end with a paragraph: its last one is blanked, never removed."""
    parent = paragraph.getparent()
    return parent.tag == W_TC and paragraph is parent.findall(W_P)[-1]


def _replace_span(texts, starts, begin: int, end: int, value: str) -> None:
    first = True
    for t, start in zip(texts, starts, strict=True):
        text = t.text or ""
        stop = start + len(text)
        if stop <= begin or start >= end:
            continue
        lo, hi = max(begin, start) - start, min(end, stop) - start
        insert = value if first else ""
        t.text = text[:lo] + insert + text[hi:]
        if first and (insert[:1].isspace() or insert[-1:].isspace()):
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        first = False


def _split_paragraph(paragraph, texts, lines: list[str]) -> None:
    """A paragraph that is one multi-line value becomes one paragraph per line."""
    anchor = paragraph
    for line in lines[1:]:
        clone = copy.deepcopy(paragraph)
        clone_texts = paragraph_texts(clone)
        _set_only_text(clone_texts, line)
        anchor.addnext(clone)
        anchor = clone
    _set_only_text(texts, lines[0])


def _set_only_text(texts, text: str) -> None:
    for i, t in enumerate(texts):
        t.text = text if i == 0 else ""


def _style_id(paragraph) -> str:
    ppr = paragraph.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style.get(qn("w:val")) if style is not None else ""


def _centre_signature(document, names: dict[str, str]) -> None:
    """GB/T 9704 §7.3.5: the date 4 characters in from the right, the sender's name centred
    over it — the name's right indent depends on both lengths, so it is set here."""
    sign = date = None
    for paragraph in document.element.body.iter(W_P):
        style_name = names.get(_style_id(paragraph), "")
        if style_name == "发文机关署名":
            sign = paragraph
        elif style_name == "成文日期":
            date = paragraph
    if sign is None or date is None:
        return
    name_w = text_width("".join(t.text or "" for t in paragraph_texts(sign)))
    date_w = text_width("".join(t.text or "" for t in paragraph_texts(date)))
    right = max(2.0, 4 + (date_w - name_w) / 2)
    ind = sign.get_or_add_pPr().get_or_add_ind()  # python-docx keeps the schema's order
    ind.set(qn("w:rightChars"), str(int(right * 100)))
    ind.set(qn("w:right"), str(int(right * 320)))


def _style_names(document) -> dict[str, str]:
    names = {}
    for style in document.styles.element.iter(qn("w:style")):
        name = style.find(qn("w:name"))
        names[style.get(qn("w:styleId"))] = name.get(qn("w:val")) if name is not None else ""
    return names
