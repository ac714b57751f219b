"""The report's SQL: one query per plot, each returning small typed records.

Every function takes a DuckDB connection with the warehouse views (or tables of the same names and
columns) and only reads. Timestamps are converted to naive UTC in SQL so no tz library is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

#: Tables shown in the header's row counts, in this order.
COUNTED_TABLES = ("articles", "images", "quotes", "entities", "rejects", "sources", "runs")

#: Entity groups of the "top entities" plots: key -> OntoNotes labels.
ENTITY_GROUPS: dict[str, tuple[str, ...]] = {
    "people": ("PERSON",),
    "organizations": ("ORG",),
    "places": ("GPE", "LOC"),
}


@dataclass(frozen=True)
class RunRecord:
    """One ingest run, as the `runs` view records it (times in naive UTC)."""

    run_id: str
    status: str
    started_at: datetime
    ended_at: datetime
    error: str | None
    files_seen: int
    files_new: int
    files_skipped: int
    files_rejected: int
    rows_articles: int
    rows_images: int
    rows_quotes: int
    rows_entities: int
    rows_rejects: int


@dataclass(frozen=True)
class PublisherDay:
    publisher: str
    day: date
    articles: int


Count = tuple[str, int]
"""A label and how many: (reason_code, rejects), (entity name, articles), (speaker, quotes)."""


def has_relation(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the catalog has a table or view ``name``.

    Asked of the catalog rather than by querying the name and catching ``CatalogException``: on a
    missing name DuckDB's Python replacement scan would pick up a Python variable of that name.
    """
    rows = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchall()
    return bool(rows and rows[0][0])


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int | None]:
    """Row count per table; None for a table the catalog does not have (yet)."""
    counts: dict[str, int | None] = {}
    for table in COUNTED_TABLES:
        if not has_relation(con, table):
            counts[table] = None
            continue
        rows = con.sql(f"SELECT count(*) FROM {table}").fetchall()
        counts[table] = int(rows[0][0]) if rows else 0
    return counts


def runs(con: duckdb.DuckDBPyConnection) -> list[RunRecord]:
    """All runs, oldest first; empty when there are none or the `runs` view does not exist."""
    if not has_relation(con, "runs"):
        return []
    try:
        rows = con.sql(
            """
            SELECT run_id, status, timezone('UTC', started_at), timezone('UTC', ended_at), error,
                   files_seen, files_new, files_skipped, files_rejected,
                   rows_articles, rows_images, rows_quotes, rows_entities, rows_rejects
            FROM runs
            ORDER BY ended_at, run_id
            """
        ).fetchall()
    except (duckdb.CatalogException, duckdb.BinderException):  # dropped meanwhile, or not the contract's
        return []
    return [RunRecord(*row) for row in rows]


def rejects_by_reason(con: duckdb.DuckDBPyConnection) -> list[Count]:
    """(reason_code, rejects), most frequent first."""
    rows = con.sql(
        "SELECT reason_code, count(*) AS n FROM rejects GROUP BY reason_code ORDER BY n DESC, reason_code"
    ).fetchall()
    return [(str(reason), int(n)) for reason, n in rows]


def top_entities(con: duckdb.DuckDBPyConnection, labels: tuple[str, ...], limit: int = 15) -> list[Count]:
    """(name, distinct articles) for entities with one of ``labels``, most frequent first.

    An entity row whose only section is the photo credit does not count: a photographer named in a
    credit is not something the article is about.
    """
    placeholders = ", ".join("?" for _ in labels)
    rows = con.execute(
        f"""
        SELECT min(name) AS name, count(DISTINCT article_id) AS n
        FROM entities
        WHERE label IN ({placeholders})
          AND coalesce(list_distinct(sections), []) <> ['credit']
        GROUP BY entity_id
        ORDER BY n DESC, name
        LIMIT ?
        """,
        [*labels, limit],
    ).fetchall()
    return [(str(name), int(n)) for name, n in rows]


def top_speakers(con: duckdb.DuckDBPyConnection, limit: int = 15) -> list[Count]:
    """(speaker, quotes) for attributed quotes, most quoted first."""
    rows = con.execute(
        """
        SELECT speaker, count(*) AS n FROM quotes WHERE speaker IS NOT NULL
        GROUP BY speaker ORDER BY n DESC, speaker LIMIT ?
        """,
        [limit],
    ).fetchall()
    return [(str(speaker), int(n)) for speaker, n in rows]


def articles_per_publisher_day(con: duckdb.DuckDBPyConnection) -> list[PublisherDay]:
    """Articles per publisher ("unknown" when null) and day (published date, else ingest date, UTC)."""
    rows = con.sql(
        """
        SELECT coalesce(publisher, 'unknown') AS publisher,
               coalesce(published_date, CAST(timezone('UTC', ingested_at) AS DATE)) AS day,
               count(*) AS n
        FROM articles
        GROUP BY ALL
        ORDER BY day, publisher
        """
    ).fetchall()
    return [PublisherDay(str(publisher), day, int(n)) for publisher, day, n in rows]


def warehouse_root(con: duckdb.DuckDBPyConnection) -> str | None:
    """The warehouse folder the catalog was built for, when the connection is a newsetl catalog."""
    if not has_relation(con, "newsetl_catalog"):
        return None
    rows = con.sql("SELECT newsetl_root()").fetchall()  # the folder the catalog file lies in now
    root = str(rows[0][0]).rstrip("/") if rows and rows[0][0] else ""
    return root or None
