"""The read side: run DuckDB SQL against the warehouse views.

A local warehouse is read through its catalog file (views over the live Parquet parts). An object
store is read through an in-memory DuckDB connection in which each table is a view over a pyarrow
dataset of its live parts, with the contract's schema (older parts lacking a newer nullable column
read it as NULL). Either way a query sees the live parts of the commits listed when it connected.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from newsetl.contracts import TABLES, load_contracts
from newsetl.store.catalog import ensure_catalog
from newsetl.store.warehouse import Warehouse

if TYPE_CHECKING:
    import pyarrow as pa


def connect(warehouse_dir: Path | str) -> duckdb.DuckDBPyConnection:
    """A connection with one view per table over the committed Parquet (read-only when local)."""
    warehouse = Warehouse(warehouse_dir)
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse_dir}; run `newsetl ingest` first")
    return connect_warehouse(warehouse)


def connect_warehouse(warehouse: Warehouse) -> duckdb.DuckDBPyConnection:
    """The catalog file of a local warehouse (read-only), or in-memory views over pyarrow
    datasets of the live parts of an object store."""
    if warehouse.is_local:
        return duckdb.connect(str(ensure_catalog(warehouse)), read_only=True)
    import pyarrow.dataset as ds

    con = duckdb.connect()
    live = warehouse.live_parts()
    for table in TABLES:
        schema = load_contracts()[table].arrow_schema
        rels = live.get(table, [])
        if not rels:
            con.register(table, schema.empty_table())
            continue
        fs, _ = warehouse.storage.arrow_location(rels[0])
        paths = [warehouse.storage.arrow_location(rel)[1] for rel in rels]
        con.register(table, ds.dataset(paths, filesystem=fs, format="parquet", schema=schema))
    return con


def query(warehouse_dir: Path | str, sql: str) -> pa.Table:
    with connect(warehouse_dir) as con:
        return con.sql(sql).to_arrow_table()


def query_rows(warehouse_dir: Path | str, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``sql``: what the command line prints, without loading pyarrow."""
    with connect(warehouse_dir) as con:
        relation = con.sql(sql)
        if relation is None:  # a statement that returns nothing
            return [], []
        return list(relation.columns), relation.fetchall()


def table_counts(warehouse_dir: Path | str) -> dict[str, int]:
    with connect(warehouse_dir) as con:
        counts = {}
        for table in TABLES:
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts
