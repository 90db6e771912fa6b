"""How the register's search box matches: one folded text per case, folded query terms."""

from __future__ import annotations

from xinyi_desktop.rules.case_numbers import fold_text


def build_search_text(case_key: str, cause: str, plaintiffs: str, defendants: str) -> str:
    """What a case is found by: its case number, cause and parties, folded and lower-cased."""
    parts = (case_key, cause, plaintiffs, defendants)
    return "|".join(fold_text(p or "").lower() for p in parts)


def search_terms(query: str) -> list[str]:
    """The folded terms of a query; a case matches when it contains every term."""
    return [t for t in (fold_text(w).lower() for w in query.split()) if t]
