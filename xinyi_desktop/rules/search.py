"""How the register's search box matches: one folded text per case, folded query terms."""

from __future__ import annotations

from functools import lru_cache

from xinyi_desktop.rules.case_numbers import fold_text


def build_search_text(case_key: str, cause: str, plaintiffs: str, defendants: str) -> str:
    """What a case is found by: its case number, cause and parties, folded and lower-cased."""
    parts = (_folded(case_key), _folded_again(cause), _folded_again(plaintiffs))
    return "|".join((*parts, _folded_again(defendants)))


def _folded(text: str | None) -> str:
    return fold_text(text or "").lower()


# Causes and parties repeat across a register (a court list of 20,000 rows names a few
# dozen agencies): fold each text once.
_folded_again = lru_cache(maxsize=4096)(_folded)


def search_terms(query: str) -> list[str]:
    """The folded terms of a query; a case matches when it contains every term."""
    return [t for t in (fold_text(w).lower() for w in query.split()) if t]
