"""Hostile inputs: each has a fixture and an expected outcome; nothing escapes the raw root.

These run the real ingest (``newsetl.run.ingest_local``: the flow's wiring without Prefect) over
files the test makes, then read the warehouse back with DuckDB.
"""

from __future__ import annotations

import codecs
import gzip
import os
from pathlib import Path

import pytest

from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.store.query import query

REPO = Path(__file__).resolve().parents[2]
SAMPLE = sorted((REPO / "raw").glob("*.txt"))


def _article(n: int) -> str:
    """A valid article, made distinct by ``n``."""
    return SAMPLE[n % len(SAMPLE)].read_text(encoding="utf-8") + f"\nThe council meets again in week {n}.\n"


def _outcomes(warehouse: Path) -> dict[str, tuple[str, str | None]]:
    rows = query(
        warehouse,
        "SELECT s.source_file, s.status, r.reason_code FROM sources s "
        "LEFT JOIN rejects r ON r.source_file = s.source_file AND r.run_id = s.run_id",
    ).to_pylist()
    return {r["source_file"]: (r["status"], r["reason_code"]) for r in rows}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "raw"
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.txt").write_bytes(b" \n\t\r\n")
    (root / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (root / "gzip.txt").write_bytes(gzip.compress(_article(0).encode()))
    with open(root / "sparse-huge.txt", "wb") as handle:  # 3 GiB that takes no disk: refused unread
        handle.truncate(3 * 1024**3)
    (root / "utf16.txt").write_bytes(_article(1).encode("utf-16"))
    (root / "cp1252.txt").write_bytes(_article(2).replace("—", "-").encode("cp1252"))
    (root / "bom.txt").write_bytes(codecs.BOM_UTF8 + _article(3).encode())
    (root / "nul.txt").write_bytes(_article(4).encode()[:500] + b"\x00\x00" + _article(4).encode()[500:])
    (root / "page.txt").write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><p>" + _article(5) + "</p></body></html>"
    )
    (root / "long-line.txt").write_text(_article(6) + "\n" + "x" * 300_000 + "\n")
    (root / "bad-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8a\x00")  # lone surrogate
    (root / "menu.txt").write_text("Home\nWorld\nBusiness\nSport\n")
    (root / "line\nbreak.txt").write_text(_article(7))
    os.mkdir(root / "sub")
    (root / "sub" / "nested.txt").write_text(_article(8))
    outside = root.parent / "outside.txt"
    outside.write_text(_article(9))
    (root / "escape.txt").symlink_to(outside)
    (root / "inside-link.txt").symlink_to(root / "sub" / "nested.txt")
    (root / os.fsdecode(b"caf\xe9.txt")).write_text(_article(10))
    return root


EXPECTED = {
    "empty.txt": ("rejected", "empty"),
    "blank.txt": ("rejected", "empty"),
    "png.txt": ("rejected", "binary"),
    "gzip.txt": ("rejected", "binary"),
    "sparse-huge.txt": ("rejected", "too_large"),
    "utf16.txt": ("article", None),
    "cp1252.txt": ("article", None),
    "bom.txt": ("article", None),
    "nul.txt": ("rejected", "binary"),
    "page.txt": ("rejected", "not_an_article"),
    "long-line.txt": ("article", None),
    "bad-utf16.txt": ("rejected", "undecodable"),
    "menu.txt": ("rejected", "not_an_article"),
    "line\nbreak.txt": ("article", None),
    "sub/nested.txt": ("duplicate", None),  # the link inside the root was met first
    "escape.txt": ("rejected", "unreadable"),
    "inside-link.txt": ("article", None),
    "caf\\xe9.txt": ("article", None),
}


def test_every_hostile_file_gets_its_expected_outcome(hostile: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    before = {p for p in tmp_path.rglob("*") if "wh" not in p.parts}
    summary = ingest_local([hostile], Settings(max_file_bytes=1_000_000), warehouse)
    assert _outcomes(warehouse) == EXPECTED
    # inputs + rejects account for every file
    assert summary["files_seen"] == len(EXPECTED)
    assert summary["rows"]["sources"] == len(EXPECTED)
    # nothing was written outside the warehouse
    after = {p for p in tmp_path.rglob("*") if "wh" not in p.parts}
    assert after == before
    longest = (
        query(
            warehouse,
            "SELECT max(length(p)) AS n FROM (SELECT unnest(string_split(body, chr(10))) AS p FROM articles)",
        )
        .column("n")[0]
        .as_py()
    )
    assert longest <= Settings().max_line_chars


def test_raw_root_given_with_dot_dot_segments_stays_relative(hostile: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    ingest_local([hostile / "sub" / ".." / "sub"], Settings(), warehouse)
    names = query(warehouse, "SELECT source_file FROM sources").column(0).to_pylist()
    assert names == ["nested.txt"]
