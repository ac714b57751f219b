"""Syndicated copies: flagged with duplicate_of the first copy, within a run and across runs."""

from __future__ import annotations

from pathlib import Path

from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.store.query import query

REPO = Path(__file__).resolve().parents[2]


def _copy(story: str, site: int) -> str:
    return f"Site {site} News | Home | World\n\n{story}\nFollow site {site} for more.\n"


def test_copies_point_at_the_first_copy(tmp_path: Path) -> None:
    samples = sorted((REPO / "raw").glob("*.txt"))
    story = samples[1].read_text(encoding="utf-8")
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    (first / "site0.txt").write_text(_copy(story, 0))
    (first / "site1.txt").write_text(_copy(story, 1))
    (first / "other.txt").write_bytes(samples[0].read_bytes())
    warehouse = tmp_path / "wh"
    ingest_local([first], Settings(batch_size=1), warehouse)
    (later / "site2.txt").write_text(_copy(story, 2))
    ingest_local([later], Settings(), warehouse)

    rows = query(warehouse, "SELECT source_file, article_id, duplicate_of FROM articles ORDER BY source_file")
    by_file = {r["source_file"]: r for r in rows.to_pylist()}
    original = by_file["site0.txt"]["article_id"]
    assert by_file["site0.txt"]["duplicate_of"] is None and by_file["other.txt"]["duplicate_of"] is None
    assert by_file["site1.txt"]["duplicate_of"] == original  # same run
    assert by_file["site2.txt"]["duplicate_of"] == original  # a later run, through committed signatures
    assert query(warehouse, "SELECT count(*) AS n FROM signatures").column("n")[0].as_py() == 4
