"""`newsetl export` of a 100,000-article warehouse against DuckDB's own ``COPY … TO … (FORMAT parquet)``
of the same tables, in one run.

    .venv/bin/python benchmarks/export.py [--articles 100000] [--per-commit 5000]

The warehouse is filled with synthetic rows that satisfy the contracts (``benchmarks/synthetic.py``:
the store's own parts, commit records and catalog; spaCy over 100,000 dumps would take hours).
Then the three below, in turn, ``--repeat`` times (best time of each; the machine is shared):

* ``copy``: for every exported table, ``COPY (SELECT * FROM <view>) TO … (FORMAT parquet)`` through
  the warehouse's catalog, DuckDB's defaults (unsorted, snappy);
* ``copy_zstd``: the same with ``COMPRESSION zstd`` (the export's codec);
* ``export``: `newsetl.export.snapshot.export` — the same tables typed, filtered, sorted by article
  and position, zstd, plus ``newsetl.duckdb``, ``datapackage.json`` and ``README.md``, fsynced and
  renamed into place.

Prints the seconds, the output sizes and ``ratio = export / copy`` (≤ 1 means no slower).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb

from generate import print_result
from newsetl.export.layout import EXPORTED
from newsetl.export.snapshot import export
from newsetl.store.warehouse import CATALOG, Warehouse
from synthetic import fill


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def duckdb_copy(warehouse: Path, out: Path, options: str) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    started = time.perf_counter()
    with duckdb.connect(str(warehouse / CATALOG), read_only=True) as con:
        for table in EXPORTED:
            con.execute(f"COPY (SELECT * FROM {table}) TO '{out / table}.parquet' (FORMAT parquet{options})")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--per-commit", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsetl-export-bench-") as tmp:
        root = Path(tmp) / "wh"
        started = time.perf_counter()
        rows = fill(Warehouse(root), args.articles, per_commit=args.per_commit)
        fill_seconds = time.perf_counter() - started
        copy = copy_zstd = export_seconds = float("inf")
        for _ in range(args.repeat):
            copy = min(copy, duckdb_copy(root, Path(tmp) / "copy", ""))
            copy_zstd = min(copy_zstd, duckdb_copy(root, Path(tmp) / "copy-zstd", ", COMPRESSION zstd"))
            shutil.rmtree(Path(tmp) / "export", ignore_errors=True)
            started = time.perf_counter()
            result = export(Warehouse(root), Path(tmp) / "export")
            export_seconds = min(export_seconds, time.perf_counter() - started)
        print_result(
            {
                "articles": args.articles,
                "repeat": args.repeat,
                "rows": {t: rows.get(t, 0) for t in EXPORTED},
                "exported_rows_match": result.rows == {t: rows.get(t, 0) for t in EXPORTED},
                "fill_seconds": round(fill_seconds, 1),
                "copy_seconds": round(copy, 2),
                "copy_zstd_seconds": round(copy_zstd, 2),
                "export_seconds": round(export_seconds, 2),
                "ratio_export_to_copy": round(export_seconds / copy, 2),
                "ratio_export_to_copy_zstd": round(export_seconds / copy_zstd, 2),
                "copy_mb": round(_size(Path(tmp) / "copy") / 1e6, 1),
                "copy_zstd_mb": round(_size(Path(tmp) / "copy-zstd") / 1e6, 1),
                "export_mb": round(_size(Path(tmp) / "export") / 1e6, 1),
            }
        )


if __name__ == "__main__":
    main()
