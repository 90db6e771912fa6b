"""Python's cycle collector held off while an import builds and writes its rows.

A 20,000-row list makes a few hundred thousand lists and dicts that live until the
import ends; each full collection the collector runs meanwhile walks all of them again
(about a fifth of the import's time) and finds nothing to free: the import's records
hold no reference cycles. Reference counting still frees everything as usual.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks are fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
