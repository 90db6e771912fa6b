"""JSON text for values written by the thousand (a court-list import's events, audit
entries, deadlines): ``json.dumps`` with options builds a new encoder for every value,
which costs more than the encoding; these encoders are built once."""

from __future__ import annotations

import json
from collections.abc import Callable


def _encoder(*, sort_keys: bool, separators: tuple[str, str]) -> Callable[[object], str]:
    python = json.JSONEncoder(
        ensure_ascii=False, sort_keys=sort_keys, separators=separators, default=str
    )
    make = json.encoder.c_make_encoder
    if make is None:  # no C accelerator on this platform
        return python.encode
    item_separator, key_separator = separators
    fast = make(
        None, str, json.encoder.encode_basestring, None, key_separator, item_separator,
        sort_keys, False, True,
    )  # fmt: skip

    def encode(value) -> str:
        if type(value) is dict or type(value) is list:
            return "".join(fast(value, 0))
        return python.encode(value)

    return encode


# ``json.dumps(value, ensure_ascii=False, default=str)``: what a JSON column stores.
stored_json = _encoder(sort_keys=False, separators=(", ", ": "))
# The same with sorted keys and no spaces: the text an audit entry's digest covers.
canonical_json = _encoder(sort_keys=True, separators=(",", ":"))
