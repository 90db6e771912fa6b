"""The audit log's hash chain: each entry's digest covers its content and the digest of
the entry before it, so editing or deleting history is detectable (审计日志防篡改)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

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
    content = json.dumps(
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
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()
