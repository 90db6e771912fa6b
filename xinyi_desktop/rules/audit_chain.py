"""The audit log's hash chain: each entry's digest covers its content and the digest of
the entry before it, so editing or deleting history is detectable (审计日志防篡改)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from xinyi_desktop.rules.json_text import canonical_json

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


def chain_digests(
    prev_hash: str,
    first_id: int,
    at: dt.datetime,
    user_id: int,
    entries: list[tuple[str, str, int, str, str]],
) -> list[str]:
    """``entry_digest`` of consecutive entries sealed together (ids from ``first_id``,
    one time, one user): ``(action, table_name, record_id, old_json, new_json)`` each,
    the values already in ``canonical_json`` form (``"null"`` for None), as a bulk writer
    encodes them once for the digest and the column. The text digested is the one
    ``entry_digest`` builds (a JSON array is its items' texts joined by commas inside
    brackets); what all the entries share is encoded once."""
    fixed = f"{_item(at.isoformat(sep=' ', timespec='seconds'))},{_item(user_id)}"
    words: dict[tuple[str, str], str] = {}
    digests = []
    sha256 = hashlib.sha256
    previous = prev_hash
    for offset, (action, table_name, record_id, old_json, new_json) in enumerate(entries):
        pair = words.get((action, table_name))
        if pair is None:
            pair = words[(action, table_name)] = f"{_item(action)},{_item(table_name)}"
        head = f"{_item(previous)},{first_id + offset},{fixed},{pair},{_item(record_id)}"
        content = f"[{head},{old_json},{new_json}]"
        previous = sha256(content.encode("utf-8")).hexdigest()
        digests.append(previous)
    return digests
