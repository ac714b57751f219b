"""The DuckDB catalog of a warehouse: one view per table over its live Parquet parts only.

The catalog file ``newsetl.duckdb`` is rebuilt after each commit and swapped in atomically (a local
rename; one PUT in an object store). It travels with the warehouse: views name the parts by paths
**relative to the folder holding the catalog**, so ``cp -r warehouse /elsewhere`` (or a zip sent to
someone) still answers ``duckdb.connect("/elsewhere/newsetl.duckdb")`` from any working directory,
with plain DuckDB and no newsetl code.

How: DuckDB resolves a relative path against the working directory (or ``file_search_path``), not
against the database file, and a view cannot run a subquery (``duckdb_databases()``) for its paths.
What it can use is a constant expression, and DuckDB sets the ``temp_directory`` of a database it
opens to ``<database file>.tmp`` beside that file. So each view reads
``list_transform([<relative paths>], lambda p: newsetl_root() || p)`` where the macro
``newsetl_root()`` stored in the file is, in order:

1. ``getvariable('newsetl_root')`` when set (``SET VARIABLE newsetl_root = '/path/to/folder/'``):
   for a catalog ATTACHed to another database, or one opened with its own ``temp_directory``;
2. the folder of ``temp_directory`` when it is this catalog's default one (``…/newsetl.duckdb.tmp``):
   the catalog was opened directly, wherever it now lies;
3. the location baked in when it was built: ``''`` for a local folder (then relative paths follow
   the working directory and ``file_search_path``), ``s3://bucket/prefix/`` for an object store,
   whose catalog is ATTACHed by URI (DuckDB with ``httpfs``) and so never takes rule 2.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from newsetl.contracts import TABLES, load_contracts
from newsetl.store.warehouse import CATALOG, Warehouse

FORMAT = 2  # 1: views over absolute paths (rebuilt when the warehouse moved); 2: relative paths
ROOT_MACRO = "newsetl_root"


def sql_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def root_macro_sql(fallback: str, catalog_name: str = CATALOG) -> str:
    """``newsetl_root()``: the folder the views' relative paths start from (see the module doc).
    With a ``fallback`` location (an object store) rule 2 is left out: a copy of that catalog
    opened locally still reads the store."""
    variable = f"getvariable({sql_str(ROOT_MACRO)})"
    if fallback:
        return f"CREATE OR REPLACE MACRO {ROOT_MACRO}() AS coalesce({variable}, {sql_str(fallback)})"
    setting = "current_setting('temp_directory')"
    return (
        f"CREATE OR REPLACE MACRO {ROOT_MACRO}() AS coalesce({variable}, "
        f"CASE WHEN {setting} LIKE {sql_str('%' + catalog_name + '.tmp')} "
        f"THEN parse_dirpath({setting}) || '/' ELSE '' END)"
    )


def relative_view_sql(table: str, rels: Sequence[str]) -> str:
    """A view over ``rels`` (paths relative to the catalog's folder), typed and empty without any."""
    if not rels:
        select = load_contracts()[table].empty_select()
    else:
        files = ", ".join(sql_str(r) for r in rels)
        paths = f"list_transform([{files}], lambda p: {ROOT_MACRO}() || p)"
        select = f"SELECT * FROM read_parquet({paths}, union_by_name = true)"
    return f"CREATE OR REPLACE VIEW {table} AS {select}"


def view_sql(table: str, parts: Sequence[Path | str]) -> str:
    """A view over parts named by absolute path (an in-memory snapshot; never stored in a file)."""
    if not parts:
        return f"CREATE OR REPLACE VIEW {table} AS {load_contracts()[table].empty_select()}"
    files = ", ".join(sql_str(str(p)) for p in parts)
    return f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet([{files}], union_by_name = true)"


def write_catalog_file(
    target: Path,
    live: Mapping[str, Sequence[str]],
    commits: Sequence[str],
    fallback: str = "",
    filesystem: Any = None,
    tables: Sequence[str] = TABLES,
) -> None:
    """Write a catalog with one view per table over ``live`` (relative paths) to ``target``
    atomically (temp file beside it, then rename). ``filesystem`` (fsspec) serves the parts of an
    object store while the views are bound."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with duckdb.connect(str(tmp)) as con:
            if filesystem is not None:
                con.register_filesystem(filesystem)
            con.execute(root_macro_sql(fallback, target.name))
            # views are bound (their files read) when created: from where the parts are now
            root = fallback or str(target.parent.resolve()).rstrip("/") + "/"
            con.execute(f"SET VARIABLE {ROOT_MACRO} = {sql_str(root)}")
            for table in tables:
                con.execute(relative_view_sql(table, live.get(table, [])))
            con.execute(
                "CREATE TABLE newsetl_catalog AS SELECT ?::INTEGER AS format, ?::VARCHAR[] AS commits",
                [FORMAT, list(commits)],
            )
            con.execute("CHECKPOINT")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}.wal").unlink(missing_ok=True)


def build_catalog(warehouse: Warehouse) -> Path | str:
    """Write ``newsetl.duckdb`` with a view per table: atomically beside the parts of a local
    warehouse, or as one PUT into an object store. Returns where it was written."""
    commits = warehouse.commits()  # read the commit records once for every view
    live = warehouse.live_parts(commits)
    ids = [c.run_id for c in commits]
    target = warehouse.catalog_path
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_catalog_file(target, live, ids)
        return target
    root = str(warehouse.root).rstrip("/") + "/"
    with tempfile.TemporaryDirectory(prefix="newsetl-catalog-") as tmp:
        local = Path(tmp) / CATALOG
        fsspec = getattr(warehouse.storage, "fsspec_filesystem", None)
        write_catalog_file(local, live, ids, fallback=root, filesystem=fsspec() if fsspec else None)
        warehouse.storage.write_bytes(CATALOG, local.read_bytes())
    return root + CATALOG


def catalog_state(path: Path) -> tuple[int, list[str]] | None:
    """The format and commit ids a catalog file was built from; ``None`` if unreadable."""
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("SELECT format, commits FROM newsetl_catalog").fetchone()
            views = {
                r[0]
                for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
            }
    except duckdb.Error:
        return None
    if row is None or not set(TABLES) <= views:  # a catalog from before a table was added: rebuild
        return None
    return int(row[0]), list(row[1])


def ensure_catalog(warehouse: Warehouse) -> Path:
    """Rebuild a local catalog when it is missing, of an older format, or lags the commits (a run
    that died between its commit record and its catalog). A moved warehouse needs no rebuild."""
    target = warehouse.catalog_path
    if target is None:
        raise ValueError(f"{warehouse.root} is an object store: its catalog is not a local file")
    if target.exists():
        state = catalog_state(target)
        if state is not None and state == (FORMAT, [c.run_id for c in warehouse.commits()]):
            return target
    build_catalog(warehouse)
    return target


def create_local(root: Path) -> None:
    """Create the folder of a new local warehouse together with its (empty) catalog: both are made
    in a temp folder beside it and renamed into place, so the folder never exists without its
    catalog. Losing a race to another creator is fine (theirs is as good)."""
    root.parent.mkdir(parents=True, exist_ok=True)
    tmp = root.parent / f".{root.name}.new-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()  # not mkdtemp: the folder gets the usual permissions
    try:
        write_catalog_file(tmp / CATALOG, {}, [])
        try:
            os.rename(tmp, root)
        except OSError:
            if not root.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
