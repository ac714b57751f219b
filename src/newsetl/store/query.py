"""The read side: run DuckDB SQL against the catalog."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from newsetl.store.catalog import ensure_catalog
from newsetl.store.warehouse import Warehouse


def connect(warehouse_dir: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the warehouse catalog (views over committed Parquet)."""
    warehouse = Warehouse(warehouse_dir)
    if not warehouse.root.is_dir():
        raise FileNotFoundError(f"no warehouse at {warehouse_dir}; run `newsetl ingest` first")
    return duckdb.connect(str(ensure_catalog(warehouse)), read_only=True)


def query(warehouse_dir: Path, sql: str) -> pa.Table:
    with connect(warehouse_dir) as con:
        return con.sql(sql).to_arrow_table()


def table_counts(warehouse_dir: Path) -> dict[str, int]:
    from newsetl.contracts import TABLES

    with connect(warehouse_dir) as con:
        counts = {}
        for table in TABLES:
            row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts
