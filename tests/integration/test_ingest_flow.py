"""The whole path on real components: Prefect flow → Parquet → DuckDB catalog."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest

from newsetl.contracts import contract
from newsetl.store.query import query, table_counts

pytestmark = pytest.mark.slow


def _data(counts: dict[str, int]) -> dict[str, int]:
    """Row counts of the data tables (``runs`` gains a row per run, by design)."""
    return {table: n for table, n in counts.items() if table != "runs"}


def _count(warehouse: Path, sql: str) -> int:
    return int(query(warehouse, sql).column(0)[0].as_py())


def test_sample_fills_all_tables_and_parquet_reads_back(
    run_flow: Any, sample_raw: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    summary = run_flow([sample_raw], warehouse)
    files = sorted(p.name for p in sample_raw.glob("*.txt"))
    assert summary["files_seen"] == len(files) and summary["files_rejected"] == 0
    counts = table_counts(warehouse)
    assert counts["articles"] == len(files)
    assert counts["images"] >= len(files) and counts["quotes"] >= len(files) and counts["entities"] > 10
    # Every Parquet part carries the contract's schema and is readable on its own by DuckDB.
    for table in ("articles", "images", "quotes", "entities"):
        parts = list((warehouse / table).glob("*.parquet"))
        assert parts, table
        assert pq.read_schema(parts[0]).names == list(contract(table).column_names)
        with duckdb.connect() as con:
            direct = con.execute(
                f"SELECT count(*) FROM read_parquet('{warehouse}/{table}/*.parquet')"
            ).fetchone()
        assert direct is not None and direct[0] == counts[table]
    # Quote offsets point into the article body.
    rows = query(
        warehouse,
        "SELECT q.text, substr(a.body, q.char_start + 1, q.char_end - q.char_start) AS span "
        "FROM quotes q JOIN articles a USING (article_id)",
    ).to_pylist()
    assert rows and all(r["text"] == r["span"] for r in rows)
    assert (
        _count(
            warehouse,
            "SELECT count(*) FROM articles WHERE body LIKE '%Advertisement%' "
            "OR body LIKE '%Image:%' OR body LIKE '%IE 11%'",
        )
        == 0
    )


def test_rerun_adds_nothing_and_only_new_content_is_processed(
    run_flow: Any, sample_raw: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    first = run_flow([sample_raw], warehouse)
    before = table_counts(warehouse)
    again = run_flow([sample_raw], warehouse)
    assert again["files_skipped"] == first["files_seen"] and _data(table_counts(warehouse)) == _data(before)

    original = sorted(sample_raw.glob("*.txt"))[0]
    shutil.copy(original, sample_raw / "copy-under-another-name.txt")  # same bytes, new name
    crlf = original.read_text(encoding="utf-8").replace("\n", "\r\n")  # same content, other bytes
    (sample_raw / "windows-line-endings.txt").write_bytes(crlf.encode("utf-8"))
    new = sample_raw / "new.txt"
    extra = "\n\nA spokesperson for the council said a further statement would follow next week.\n"
    new.write_text(original.read_text(encoding="utf-8") + extra, encoding="utf-8")
    third = run_flow([sample_raw], warehouse)
    after = table_counts(warehouse)
    assert after["articles"] == before["articles"] + 1
    assert third["files_skipped"] == first["files_seen"] + 2
    assert _count(warehouse, "SELECT count(DISTINCT article_id) FROM articles") == after["articles"]


def test_bad_files_are_quarantined_with_reasons_and_the_rest_commits(
    run_flow: Any, sample_raw: Path, tmp_path: Path
) -> None:
    (sample_raw / "empty.txt").write_bytes(b"")
    (sample_raw / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (sample_raw / "menu.txt").write_text("Home\nNews\nSport\nWeather\n", encoding="utf-8")
    (sample_raw / "huge.txt").write_bytes(b"word " * 3000)
    warehouse = tmp_path / "wh"
    summary = run_flow([sample_raw], warehouse, max_file_bytes=10_000)
    reasons = dict(
        query(warehouse, "SELECT source_file, reason_code FROM rejects").to_pylist()[i].values()
        for i in range(summary["files_rejected"])
    )
    assert reasons == {
        "empty.txt": "empty",
        "picture.txt": "binary",
        "menu.txt": "not_an_article",
        "huge.txt": "too_large",
    }
    good = len(list(sample_raw.glob("*.txt"))) - 4
    assert table_counts(warehouse)["articles"] == good
    assert summary["files_seen"] == good + summary["files_rejected"]
