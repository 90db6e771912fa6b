"""The office's own versions of the letter templates (模板): check, install, restore.

An edited template is copied into the user's folder (``templates/``) and used from then
on; the shipped one is never overwritten and can be restored by removing the copy.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from xinyi_desktop.documents.catalog import (
    edited_template,
    is_edited,
    kind,
    kinds,
    shipped_template,
    template_path,
)
from xinyi_desktop.documents.engine import TemplateCheck, TemplateError, load_template
from xinyi_desktop.errors import ValidationError
from xinyi_desktop.rules.permissions import require
from xinyi_desktop.services import audit
from xinyi_desktop.store.models import User, db


@dataclass
class TemplateStatus:
    key: str
    name: str
    path: Path
    edited: bool
    check: TemplateCheck


def check_template(key: str, path: Path | None = None) -> TemplateCheck:
    """Check the template in use (or the file at ``path``) without refusing it."""
    doc_kind = kind(key)
    try:
        _, check = load_template(Path(path) if path else template_path(key), doc_kind, strict=False)
    except TemplateError as error:
        return TemplateCheck(errors=[str(error)])
    return check


def statuses() -> list[TemplateStatus]:
    return [
        TemplateStatus(k.key, k.name, template_path(k.key), is_edited(k.key), check_template(k.key))
        for k in kinds().values()
    ]


def install_template(actor: User, key: str, source: Path) -> TemplateCheck:
    """Use ``source`` as the office's version of template ``key``; a template with an
    unknown or misspelt placeholder is refused with every problem listed."""
    require(actor, "administer")
    doc_kind = kind(key)
    source = Path(source)
    if source.suffix.lower() != ".docx":
        raise ValidationError(
            "模板须为 Word 文档（.docx）；WPS 中请“另存为”docx 格式。", field="file"
        )
    _, check = load_template(source, doc_kind)  # raises TemplateError listing the problems
    target = edited_template(key)
    if source.resolve() != target.resolve():
        shutil.copyfile(source, target)
    with db.atomic():
        audit.record_many(
            actor,
            [
                (
                    "update",
                    "template",
                    0,
                    None,
                    {"kind": key, "file": target.name, "from": str(source)},
                )
            ],
        )
    return check


def restore_template(actor: User, key: str) -> None:
    """Go back to the shipped template (the office's copy is removed)."""
    require(actor, "administer")
    target = edited_template(key)
    if not target.is_file():
        return
    target.unlink()
    with db.atomic():
        audit.record_many(
            actor, [("delete", "template", 0, {"kind": key, "file": target.name}, None)]
        )


def copy_for_editing(key: str) -> Path:
    """The file the office should edit: its own copy, made from the shipped one if needed."""
    target = edited_template(key)
    if not target.is_file():
        shutil.copyfile(shipped_template(key), target)
    return target
