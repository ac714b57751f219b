"""`newsetl export` of a 100,000-article warehouse against DuckDB's own ``COPY … TO … (FORMAT parquet)``
of the same tables, in one run.

    .venv/bin/python benchmarks/export.py [--articles 100000] [--per-commit 5000] [--repeat 3]

The warehouse is filled with synthetic rows that satisfy the contracts (``benchmarks/synthetic.py``:
the store's own parts, commit records and catalog; spaCy over 100,000 dumps would take hours).
Then the three below, in turn, ``--repeat`` times (interleaved, so a busy spell on the shared machine
hits all three alike); each is timed from a fresh connection to its written files:

* ``copy``: for every exported table, ``COPY (SELECT * FROM <view>) TO … (FORMAT parquet)`` through
  the warehouse's catalog, one after another, DuckDB's defaults: **unsorted**, snappy;
* ``copy_sorted``: the same COPYs doing what the export's files need: the export's own SELECT
  (typed, ``ORDER BY`` article and position), zstd, the export's row-group size; no metadata;
* ``export``: `newsetl.export.snapshot.export` — those files with each column's description in the
  key-value metadata, plus ``newsetl.duckdb``, ``datapackage.json`` and ``README.md``, everything
  fsynced, renamed into place.

Then the warehouse is copied and compacted (``newsetl compact``, timed once), and the same repeats
run ``copy`` and ``export`` on the compacted copy (``copy_compacted``, ``export_compacted``): a
compacted table is one part already sorted, typed and described, which the export copies as it is.

Prints the median seconds of each, the median over the repeats of the per-repeat ratios
``export / copy`` and ``export / copy_sorted`` (≤ 1 means no slower), every repeat's figures and
the output sizes.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path
from statistics import median

import duckdb

from generate import print_result
from newsetl.export.layout import COMPRESSION, EXPORTED, ROW_GROUP_ROWS, Selection, export_sql
from newsetl.export.snapshot import export
from newsetl.store.compact import compact
from newsetl.store.warehouse import CATALOG, Warehouse
from synthetic import fill


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def duckdb_copy(warehouse: Path, out: Path, sorted_like_export: bool) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    started = time.perf_counter()
    with duckdb.connect(str(warehouse / CATALOG), read_only=True) as con:
        for table in EXPORTED:
            if sorted_like_export:
                present = {str(row[0]) for row in con.execute(f"DESCRIBE {table}").fetchall()}
                select = export_sql(table, Selection(), present)
                options = f", COMPRESSION {COMPRESSION}, ROW_GROUP_SIZE {ROW_GROUP_ROWS}"
            else:
                select, options = f"SELECT * FROM {table}", ""
            con.execute(f"COPY ({select}) TO '{out / table}.parquet' (FORMAT parquet{options})")
    return time.perf_counter() - started


def newsetl_export(warehouse: Path, out: Path) -> tuple[float, dict[str, int]]:
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    result = export(Warehouse(warehouse), out)
    return time.perf_counter() - started, result.rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--per-commit", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsetl-export-bench-") as tmp:
        root, folders = Path(tmp) / "wh", {n: Path(tmp) / n for n in ("copy", "copy_sorted", "export")}
        started = time.perf_counter()
        rows = fill(Warehouse(root), args.articles, per_commit=args.per_commit)
        fill_seconds = time.perf_counter() - started
        runs: dict[str, list[float]] = {name: [] for name in folders}
        exported: dict[str, int] = {}
        for _ in range(args.repeat):
            runs["copy"].append(duckdb_copy(root, folders["copy"], sorted_like_export=False))
            runs["copy_sorted"].append(duckdb_copy(root, folders["copy_sorted"], sorted_like_export=True))
            seconds, exported = newsetl_export(root, folders["export"])
            runs["export"].append(seconds)
        expected = {t: rows.get(t, 0) for t in EXPORTED}
        compacted = Path(tmp) / "compacted"
        shutil.copytree(root, compacted)
        started = time.perf_counter()
        compact(Warehouse(compacted))
        compact_seconds = time.perf_counter() - started
        runs["copy_compacted"], runs["export_compacted"] = [], []
        for _ in range(args.repeat):
            runs["copy_compacted"].append(duckdb_copy(compacted, folders["copy"], sorted_like_export=False))
            seconds, exported_compacted = newsetl_export(compacted, folders["export"])
            runs["export_compacted"].append(seconds)

        def ratio(base: str, of: str = "export") -> float:
            return round(median(e / b for e, b in zip(runs[of], runs[base], strict=True)), 2)

        print_result(
            {
                "articles": args.articles,
                "repeat": args.repeat,
                "cores": os.cpu_count(),
                "rows": expected,
                "exported_rows_match": exported == expected == exported_compacted,
                "compact_seconds": round(compact_seconds, 2),
                "fill_seconds": round(fill_seconds, 1),
                **{f"{name}_seconds": round(median(times), 2) for name, times in runs.items()},
                "ratio_export_to_copy": ratio("copy"),
                "ratio_export_to_copy_sorted": ratio("copy_sorted"),
                "ratio_compacted_export_to_copy": ratio("copy_compacted", of="export_compacted"),
                "runs": {name: [round(t, 2) for t in times] for name, times in runs.items()},
                **{f"{name}_mb": round(_size(folder) / 1e6, 1) for name, folder in folders.items()},
                "export_compacted_mb": round(_size(folders["export"]) / 1e6, 1),
            }
        )


if __name__ == "__main__":
    main()
