"""The audit log's hash chain: each entry's digest covers its content and the digest of
the entry before it, so editing or deleting history is detectable (审计日志防篡改)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

GENESIS = "0" * 64


def entry_digest(
    prev_hash: str,
    entry_id: int,
    at: dt.datetime,
    user_id: int,
    action: str,
    table_name: str,
    record_id: int,
    old_values: dict | None,
    new_values: dict | None,
) -> str:
    """SHA-256 over a canonical text of the entry and the previous digest."""
    content = canonical_json(
        [
            prev_hash,
            entry_id,
            at.isoformat(sep=" ", timespec="seconds"),
            user_id,
            action,
            table_name,
            record_id,
            old_values,
            new_values,
        ]
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


# Text that JSON writes as it is between quotes (no quote, backslash or control character).
_AS_IS = re.compile(r"[0-9A-Za-z_.:+ -]*")


def _item(value) -> str:
    """``canonical_json`` of one scalar, without the encoder for the usual ids and words."""
    if type(value) is int:
        return str(value)
    if type(value) is str and _AS_IS.fullmatch(value):
        return f'"{value}"'
    return canonical_json(value)


def canonical_json(value) -> str:
    """The text the digest covers: sorted keys, no spaces, characters as they are."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def encoded_entry_digest(
    prev_hash: str,
    entry_id: int,
    at: dt.datetime,
    user_id: int,
    action: str,
    table_name: str,
    record_id: int,
    old_json: str,
    new_json: str,
) -> str:
    """``entry_digest`` for values already in ``canonical_json`` form (``"null"`` for
    None): a bulk writer encodes each entry's values once, for the digest and the column.

    The same text as ``entry_digest`` builds: a JSON array is its items' texts joined
    by commas inside brackets.
    """
    at_text = at.isoformat(sep=" ", timespec="seconds")
    head = (prev_hash, entry_id, at_text, user_id, action, table_name, record_id)
    content = f"[{','.join(map(_item, head))},{old_json},{new_json}]"
    return hashlib.sha256(content.encode("utf-8")).hexdigest()
