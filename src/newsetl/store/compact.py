"""Compaction: merge each table's small parts into larger ones, as one atomic commit.

Steps, under the writer lock:

1. ``prepare`` (catalog up to date, leftovers removed, schema policy checked);
2. per table, group the live parts smaller than ``target_rows`` in commit order into groups of at
   most ``target_rows`` rows; each group of two or more parts, and each part left alone that was
   not written sorted under the current contract, is read (columns in contract order; a nullable
   column older parts lack is NULL in their rows, as the views already show it) and written as one
   new part under a new unique name: sorted by the contract's sort columns, described in its
   key-value metadata (:func:`sorted_table`), so that an export can copy it as it is;
3. one commit record names the new parts and **retires** the merged ones;
4. the catalog is refreshed, then the retired files are deleted.

Guarantees: until step 3 the new parts are invisible (a failure deletes them; a crash leaves them to
the next writer's cleanup), so readers see the old parts; from step 3 on they see the new parts and
not the retired ones. Rows never change, only the files holding them. A crash after step 3 leaves
retired files that the next writer deletes. Not guaranteed: a reader that connected to a local
catalog *before* step 4 and queries afterwards can fail on a deleted file; it must reconnect.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.parquet as pq

from newsetl.contracts import TABLES, Contract, load_contracts
from newsetl.store.warehouse import COMMITS, Warehouse
from newsetl.versions import newsetl_version

# The default of ``Settings.compact_target_rows`` (the CLI passes the setting).
COMPACT_TARGET_ROWS = 1_000_000
# Pages hold whole input records (tens of kB each for HTML): merged parts stay small enough to read
# whole, as compaction and `newsetl reprocess` do.
PAGES_TARGET_ROWS = 2_000


@dataclass
class CompactionResult:
    """What a compaction did: per table, live parts before and after; files deleted."""

    run_id: str
    parts_before: dict[str, int] = field(default_factory=dict)
    parts_after: dict[str, int] = field(default_factory=dict)
    retired: int = 0

    @property
    def changed(self) -> bool:
        return self.retired > 0


def new_compaction_id() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-compact-{uuid.uuid4().hex[:6]}"


SORTED_BY = "newsetl.sorted_by"  # key-value metadata of a part compaction wrote: its sort order


def sorted_part(metadata: pq.FileMetaData, spec: Contract) -> bool:
    """Whether a part was written sorted (by :func:`compact`) under the table's current contract."""
    pairs = {k.decode(): v.decode() for k, v in (metadata.metadata or {}).items()}
    return pairs.get(SORTED_BY) == ",".join(spec.sort_columns) and pairs.get(
        "newsetl.contract_version"
    ) == str(spec.version)


def plan_groups(warehouse: Warehouse, table: str, rels: list[str], target_rows: int) -> list[list[str]]:
    """Groups of parts to rewrite: consecutive small parts, at most ``target_rows`` rows, merged
    (two or more); and any part not yet written sorted under the current contract, alone."""
    spec = load_contracts()[table]
    groups: list[list[str]] = []
    current: list[str] = []
    total = 0
    unsorted: set[str] = set()
    for rel in rels:
        metadata = warehouse.storage.parquet_metadata(rel)
        rows = metadata.num_rows
        if not sorted_part(metadata, spec):
            unsorted.add(rel)
        if rows >= target_rows:
            groups.append([rel])
            continue
        if current and total + rows > target_rows:
            groups.append(current)
            current, total = [], 0
        current.append(rel)
        total += rows
    groups.append(current)
    return [g for g in groups if len(g) >= 2 or (len(g) == 1 and g[0] in unsorted)]


def sorted_table(table: pa.Table, spec: Contract, run_id: str) -> pa.Table:
    """Rows in the contract's sort order, described in the file's key-value metadata."""
    rows = table.sort_by([(c, "ascending") for c in spec.sort_columns]) if spec.sort_columns else table
    metadata = spec.parquet_metadata() | {
        SORTED_BY: ",".join(spec.sort_columns),
        "newsetl.commit": run_id,
        "newsetl.version": newsetl_version(),
    }
    return rows.replace_schema_metadata(metadata)


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table``'s columns in contract order, cast to the contract types. Columns no merged part
    has are not added (the views would show them only once a part has them); a column some parts
    lack is NULL in their rows, as the views already show it."""
    fields = [f for f in schema if f.name in table.column_names]
    extra = [n for n in table.column_names if schema.get_field_index(n) < 0]
    columns = [table.column(f.name).cast(f.type) for f in fields] + [table.column(n) for n in extra]
    names = [f.name for f in fields] + extra
    return pa.Table.from_arrays(columns, names=names)


def compact(warehouse: Warehouse, target_rows: int = COMPACT_TARGET_ROWS) -> CompactionResult:
    """Merge small parts of every table under the writer lock (see the module docstring)."""
    if target_rows < 1:
        raise ValueError("target_rows must be at least 1")
    with warehouse.writer_lock("compaction"):
        warehouse.prepare()
        return _compact(warehouse, target_rows)


def _compact(warehouse: Warehouse, target_rows: int) -> CompactionResult:
    result = CompactionResult(new_compaction_id())
    live = warehouse.live_parts()
    contracts = load_contracts()
    written: dict[str, list[str]] = {}
    retires: dict[str, list[str]] = {}
    try:
        for table in TABLES:
            rels = live.get(table, [])
            result.parts_before[table] = len(rels)
            limit = min(target_rows, PAGES_TARGET_ROWS) if table == "pages" else target_rows
            groups = plan_groups(warehouse, table, rels, limit)
            for seq, group in enumerate(groups):
                merged = pa.concat_tables(
                    [warehouse.storage.read_parquet(rel) for rel in group], promote_options="permissive"
                )
                rel = f"{table}/{result.run_id}-{seq:05d}.parquet"
                spec = contracts[table]
                merged = sorted_table(conform(merged, spec.arrow_schema), spec, result.run_id)
                warehouse.write_file(rel, merged, result.run_id)
                written.setdefault(table, []).append(rel)
                retires.setdefault(table, []).extend(group)
            result.parts_after[table] = len(rels) - len(retires.get(table, [])) + len(written.get(table, []))
        if not written:
            return result
        warehouse.commit(result.run_id, written, {}, retires)
    except BaseException:
        # Uncommitted parts are invisible; remove them now rather than at the next writer's start.
        # An ambiguous failure (the record landed, then an error) must keep them: they are live.
        if f"{COMMITS}/{result.run_id}.json" not in warehouse.storage.list_files(COMMITS):
            for rels in written.values():
                for rel in rels:
                    warehouse.storage.delete(rel)
        raise
    warehouse.refresh_catalog()
    for rels in retires.values():
        for rel in rels:
            warehouse.storage.delete(rel)
            result.retired += 1
    return result
