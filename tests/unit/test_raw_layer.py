"""The raw layer keeps enough to rebuild each reader record exactly, and the comparison of an
article's old and new rows names exactly what changed."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest

from newsetl.discover import RawFile
from newsetl.raw_layer import page_row, record_from_page
from newsetl.rederive import changed_fields
from newsetl.rows import RunInfo
from newsetl.sources import Record, records
from newsetl.sources.warc import warc_record

RUN = RunInfo("20260101T000000-abc123", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), "en", "nlp-1")
PAGE = (
    "<html lang='en'><head><title>Harbour bridge reopens</title></head><body><article>"
    "<h1>Harbour bridge reopens after repairs</h1>"
    + "<p>The bridge reopened on Monday after six months of repairs, the city council said.</p>" * 5
    + "</article></body></html>"
).encode()


def _records(path: Path) -> list[Record]:
    raw = RawFile(path.parent, path, path.name, path.stat().st_size)
    return [r for r in records(raw, 5_000_000) if isinstance(r, Record)]


def _inputs(tmp: Path) -> list[Path]:
    (tmp / "page.html").write_bytes(PAGE)
    (tmp / "page2.html.gz").write_bytes(gzip.compress(PAGE + b"<!-- 2 -->"))
    (tmp / "dump.txt").write_text("Bridge reopens\n\nThe bridge reopened on Monday.\n", encoding="utf-8")
    (tmp / "dump.meta.json").write_text(
        json.dumps({"url": "https://example.com/d", "publisher": "Example News", "published": "2025-02-03"})
    )
    lines = [
        {"url": "https://example.com/j1", "html": PAGE.decode() + "<!-- j -->", "language": "en"},
        {
            "url": "https://example.com/j2",
            "title": "A headline",
            "text": "Body text. " * 30,
            "authors": ["Ann Author"],
            "date_publish": "2025-01-02",
        },
    ]
    (tmp / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    warc = warc_record(
        "https://example.com/w", PAGE + b"<!-- w -->", compress=True, date="2024-03-01T10:00:00Z"
    )
    (tmp / "crawl.warc.gz").write_bytes(warc)
    return sorted(p for p in tmp.iterdir() if not p.name.endswith(".meta.json"))


def test_every_kind_of_record_is_rebuilt_exactly_from_its_page_row(tmp_path: Path) -> None:
    found = [record for path in _inputs(tmp_path) for record in _records(path)]
    assert {r.source_format for r in found} == {"text", "html", "jsonl", "warc"}
    assert len(found) == 6
    for record in found:
        row = page_row(
            article_id="0" * 16,
            record=record,
            source_file=record.source.split("#")[0],
            sha256="0" * 64,
            run=RUN,
        )
        assert row["content"] == record.content and row["size_bytes"] == len(record.content)
        assert record_from_page(row) == record


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            {"articles": [{"headline": "A", "run_id": "r1"}]},
            {"articles": [{"headline": "A", "run_id": "r2"}]},
            [],
        ),
        ({"articles": [{"headline": "A"}]}, {"articles": [{"headline": "B"}]}, ["articles.headline"]),
        ({"quotes": [{"quote_index": 0, "text": "x"}]}, {"quotes": []}, ["quotes.rows"]),
        (  # the registry's canonical names are not the derivation's to compare
            {"entities": [{"mention": "Smith", "name": "John Smith", "entity_id": "1"}]},
            {"entities": [{"mention": "Smith", "name": "Smith", "entity_id": "2"}]},
            [],
        ),
        (
            {"articles": [{"nlp_version": None}]},
            {"articles": [{"nlp_version": "nlp-1"}]},
            ["articles.nlp_version"],
        ),
    ],
)
def test_changed_fields(
    old: dict[str, list[dict[str, object]]], new: dict[str, list[dict[str, object]]], expected: list[str]
) -> None:
    assert changed_fields(old, new) == expected
