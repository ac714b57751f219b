"""The DuckDB catalog of a local warehouse: one view per table over its live Parquet parts only.

The catalog file is rebuilt after each commit and swapped in atomically. Views name the parts by
absolute path, so they work from any working directory; a moved warehouse is re-cataloged by
``newsetl`` on its next read (see :func:`ensure_catalog`).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import duckdb

from newsetl.contracts import TABLES, load_contracts
from newsetl.store.warehouse import Warehouse


def _sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def view_sql(table: str, parts: list[Path]) -> str:
    """A view over the given committed parts of ``table`` (typed and empty when there are none)."""
    if not parts:
        select = load_contracts()[table].empty_select()
    else:
        files = ", ".join(_sql_str(str(p)) for p in parts)
        select = f"SELECT * FROM read_parquet([{files}], union_by_name = true)"
    return f"CREATE OR REPLACE VIEW {table} AS {select}"


def _catalog_path(warehouse: Warehouse) -> Path:
    target = warehouse.catalog_path
    if target is None:
        raise ValueError(f"{warehouse.root} is an object store: it has no catalog file")
    return target


def build_catalog(warehouse: Warehouse) -> Path:
    """Write ``newsetl.duckdb`` with a view per table, atomically."""
    target = _catalog_path(warehouse)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        commits = warehouse.commits()  # read the commit records once for every view
        live = warehouse.live_parts(commits)
        with duckdb.connect(str(tmp)) as con:
            for table in TABLES:
                con.execute(view_sql(table, [Path(warehouse.location(rel)) for rel in live.get(table, [])]))
            con.execute(
                "CREATE TABLE newsetl_catalog AS SELECT ?::VARCHAR AS root, ?::VARCHAR[] AS commits",
                [str(warehouse.root), [c.run_id for c in commits]],
            )
            con.execute("CHECKPOINT")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return target


def ensure_catalog(warehouse: Warehouse) -> Path:
    """Rebuild the catalog when it is missing, points at another location, or lags the commits
    (a run that died between its commit record and its catalog)."""
    target = _catalog_path(warehouse)
    if target.exists():
        try:
            with duckdb.connect(str(target), read_only=True) as con:
                row = con.execute("SELECT root, commits FROM newsetl_catalog").fetchone()
        except duckdb.Error:
            row = None
        current = [c.run_id for c in warehouse.commits()]
        if row is not None and row[0] == str(warehouse.root) and list(row[1]) == current:
            return target
    return build_catalog(warehouse)
