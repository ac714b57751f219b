"""What an export holds: its tables, their files, their order, and how a selection filters them.

Pure: SQL text and paths from the contracts, no I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from newsetl.contracts import Contract, load_contracts
from newsetl.store.files import PARQUET_COMPRESSION
from newsetl.store.files import ROW_GROUP_ROWS as ROW_GROUP_ROWS  # the warehouse's, as the export's

# Tables an analyst gets. ``signatures`` (MinHash internals) and ``rejects`` (quarantined inputs,
# counted in the datasheet) stay in the warehouse.
EXPORTED = ("articles", "images", "quotes", "entities", "entity_registry", "sources", "runs")
DATA_DIR = "data"
COMPRESSION = PARQUET_COMPRESSION  # the warehouse's own file layout (newsetl.store.files)


def data_path(table: str) -> str:
    """The file of ``table``, relative to the export folder (``/`` separators)."""
    return f"{DATA_DIR}/{table}.parquet"


def typed_select(spec: Contract, present: set[str]) -> str:
    """Every contract column in contract order with its contract type; a column no part has yet
    is a typed NULL."""
    parts = [
        f"CAST({c.name} AS {c.duckdb_type}) AS {c.name}"
        if c.name in present
        else f"CAST(NULL AS {c.duckdb_type}) AS {c.name}"
        for c in spec.columns
    ]
    return ", ".join(parts)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Selection:
    """Which articles to export: published on or after ``since``, on or before ``until``, and
    matching the SQL condition ``where`` over the articles' columns. The other tables follow."""

    since: dt.date | None = None
    until: dt.date | None = None
    where: str | None = None

    @property
    def everything(self) -> bool:
        return self.since is None and self.until is None and not self.where

    def article_condition(self) -> str:
        conditions = []
        if self.since is not None:
            conditions.append(f"published_date >= DATE {_quote(self.since.isoformat())}")
        if self.until is not None:
            conditions.append(f"published_date <= DATE {_quote(self.until.isoformat())}")
        if self.where:
            conditions.append(f"({self.where})")
        return " AND ".join(conditions) or "true"

    def describe(self) -> dict[str, str | None]:
        return {
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "where": self.where or None,
        }


SELECTED = "newsetl_selected_articles"  # temp table of the selected article ids


def table_filter(table: str, selection: Selection) -> str:
    """The WHERE clause of ``table`` in an export of ``selection`` (``SELECTED`` must exist)."""
    if selection.everything:
        return "true"
    spec = load_contracts()[table]
    in_selected = f"article_id IN (SELECT article_id FROM {SELECTED})"
    if table == "articles" or "article_id" in spec.column_names:
        return in_selected
    if table == "entity_registry":
        return f"entity_id IN (SELECT entity_id FROM entities WHERE {in_selected})"
    if table == "runs":
        return f"run_id IN (SELECT run_id FROM articles WHERE {in_selected})"
    return "false"


def export_sql(table: str, selection: Selection, present: set[str]) -> str:
    """The SELECT whose rows are ``table``'s file in the export: typed, filtered, sorted."""
    spec = load_contracts()[table]
    order = ", ".join(spec.sort_columns)
    return (
        f"SELECT {typed_select(spec, present)} FROM {table} "
        f"WHERE {table_filter(table, selection)} ORDER BY {order}"
    )
