"""One ingest over a folder mixing text dumps, HTML pages, a WARC and a JSON Lines file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from newsetl.evaluate.html_pages import same_publisher
from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.sources.warc import warc_record
from newsetl.store.query import connect

GERMAN = (
    "<html lang='de'><body><article><h1>Regierung beschließt ein neues Gesetz zur Energie</h1>"
    + "<p>Der Bundeskanzler hat am Mittwoch in Berlin erklärt, dass die Regierung die Steuern nicht "
    "erhöhen werde, und die Opposition hat die Entscheidung scharf kritisiert.</p>"
    * 6
    + "</article></body></html>"
).encode()


def _html(corpus: Path, name: str) -> bytes:
    return (corpus / "html" / f"{name}.html").read_bytes()


def _gold_pages(corpus: Path, count: int) -> list[tuple[str, dict[str, Any]]]:
    """The first ``count`` gold pages that have HTML, with their gold files (any pages would do)."""
    ids = sorted(path.stem for path in (corpus / "html").glob("*.html"))[:count]
    return [(i, json.loads((corpus / "gold" / f"{i}.json").read_text(encoding="utf-8"))) for i in ids]


@pytest.mark.corpus
def test_a_mixed_folder_is_one_run_and_a_rerun_skips_every_record(corpus_dir: Path, tmp_path: Path) -> None:
    (text_id, _), (html_id, html_gold), (warc_id, warc_gold), (jsonl_id, jsonl_gold) = _gold_pages(
        corpus_dir, 4
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "dump.txt").write_text((corpus_dir / "text" / f"{text_id}.txt").read_text(encoding="utf-8"))
    sidecar = {
        "url": "https://news.example.com/a",
        "publisher": "The Example Times",
        "published": "2024-09-03",
    }
    (raw / "dump.meta.json").write_text(json.dumps(sidecar))
    (raw / "page.html.gz").write_bytes(gzip.compress(_html(corpus_dir, html_id)))
    (raw / "crawl.warc.gz").write_bytes(
        warc_record(warc_gold["url"], _html(corpus_dir, warc_id), compress=True)
        + warc_record("https://example.com/gone", b"gone", status=404, compress=True)
        + warc_record("https://example.com/x.png", b"\x89PNG", content_type="image/png", compress=True)
        + warc_record("https://example.de/b", GERMAN, compress=True)
    )
    lines = [
        json.dumps({"url": jsonl_gold["url"], "html": _html(corpus_dir, jsonl_id).decode()}),
        "{broken",
    ]
    (raw / "items.jsonl").write_text("\n".join(lines) + "\n")
    warehouse = tmp_path / "wh"

    first = ingest_local([raw], Settings(), warehouse)

    assert first["rows"]["articles"] == 4
    with connect(warehouse) as con:
        articles = con.sql(
            "SELECT source_file, record_id, source_format, publisher, url, crawled_at IS NOT NULL, "
            "CAST(published_date AS VARCHAR) FROM articles ORDER BY source_format"
        ).fetchall()
        rejects = con.sql("SELECT source_file, reason_code FROM rejects ORDER BY reason_code").fetchall()
    by_format = {row[2]: row for row in articles}
    assert set(by_format) == {"text", "html", "warc", "jsonl"}
    assert by_format["text"][3:5] == ("The Example Times", "https://news.example.com/a")  # the sidecar
    assert by_format["text"][6] == "2024-09-03"
    assert by_format["warc"][0] == "crawl.warc.gz" and by_format["warc"][1]
    assert by_format["warc"][4] == warc_gold["url"] and by_format["warc"][5] is True
    assert by_format["jsonl"][1] == "line-1" and same_publisher(
        jsonl_gold["publisher"], by_format["jsonl"][3]
    )
    assert same_publisher(html_gold["publisher"], by_format["html"][3]) and by_format["html"][1] is None
    assert [r[1] for r in rejects] == ["language", "undecodable"]
    assert rejects[0][0].startswith("crawl.warc.gz#") and rejects[1][0] == "items.jsonl#line-2"

    again = ingest_local([raw], Settings(), warehouse)

    assert again["rows"]["articles"] == 0 and again["rows"]["rejects"] == 0


@pytest.mark.corpus
def test_a_recrawl_of_an_address_with_new_content_is_a_new_version_linked_by_url(
    corpus_dir: Path, tmp_path: Path
) -> None:
    ((page_id, _),) = _gold_pages(corpus_dir, 1)
    page = _html(corpus_dir, page_id)
    changed = page.replace(b"</p>", b" It was updated later.</p>", 1)
    assert changed != page
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "day1.warc").write_bytes(
        warc_record("https://news.example.com/a", page, date="2024-01-01T00:00:00Z")
    )
    warehouse = tmp_path / "wh"
    ingest_local([raw], Settings(), warehouse)
    (raw / "day2.warc").write_bytes(
        warc_record("https://news.example.com/a", changed, date="2024-01-02T00:00:00Z")
    )
    second = ingest_local([raw], Settings(), warehouse)
    assert second["rows"]["articles"] == 1
    with connect(warehouse) as con:
        versions = con.sql(
            "SELECT count(DISTINCT article_id), count(DISTINCT url), count(DISTINCT crawled_at) FROM articles"
        ).fetchall()
    assert versions == [(2, 1, 2)]


def test_languages_setting_lets_other_languages_in(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "de.html").write_bytes(GERMAN)
    summary = ingest_local([raw], Settings(languages=("en", "de"), min_body_words=10), tmp_path / "wh")
    assert summary["rows"]["articles"] == 1
    with connect(tmp_path / "wh") as con:
        assert con.sql("SELECT language, source_format FROM articles").fetchall() == [("de", "html")]


@pytest.mark.corpus
def test_a_warc_with_more_articles_than_a_batch_is_extracted_a_batch_at_a_time(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsetl import workers

    sizes: list[int] = []
    real = workers.extract_files

    def spy(parsed: Any, settings: Settings, info: Any) -> Any:
        sizes.append(len(parsed))
        return real(parsed, settings, info)

    monkeypatch.setattr(workers, "extract_files", spy)
    names = [page_id for page_id, _ in _gold_pages(corpus_dir, 5)]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "five.warc").write_bytes(
        b"".join(warc_record(f"https://example.com/{n}", _html(corpus_dir, n)) for n in names)
    )
    summary = ingest_local([raw], Settings(batch_size=2), tmp_path / "wh")
    assert summary["rows"]["articles"] == 5
    assert sizes == [2, 2, 1]
