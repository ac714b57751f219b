"""Stale articles: rows made by another parser or NLP version than the code running now.

An ingest skips unchanged inputs by their content hash, so better code does not reach them by
itself; the ingest summary and ``newsetl tables`` count them and point at ``newsetl reprocess``.
"""

from __future__ import annotations

from typing import Any

from newsetl.versions import Versions

HINT = "run `newsetl reprocess --older-than-current` to re-derive them from the stored pages"


def stale_condition(con: Any, versions: Versions) -> tuple[str, list[str]]:
    """SQL over the articles view (and its parameters) true for a stale article."""
    columns = {row[0] for row in con.execute("DESCRIBE articles").fetchall()}
    if "nlp_version" not in columns:  # every row predates the version columns
        return "(parser_version IS DISTINCT FROM ? OR true)", [versions.parser]
    return "(parser_version IS DISTINCT FROM ? OR nlp_version IS DISTINCT FROM ?)", [
        versions.parser,
        versions.nlp,
    ]


def count_stale(con: Any, versions: Versions) -> int:
    condition, params = stale_condition(con, versions)
    row = con.execute(f"SELECT count(*) FROM articles WHERE {condition}", params).fetchone()
    return int(row[0]) if row else 0
