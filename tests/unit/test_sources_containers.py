"""WARC and JSON Lines files built here from the corpus pages (read in place): what each record becomes."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsetl.discover import RawFile
from newsetl.sources import Problem, Record, records
from newsetl.sources.reader import container_format
from newsetl.sources.warc import warc_record

LIMIT = 5_000_000
GERMAN = (
    "<html lang='de'><body><article><h1>Regierung beschließt ein neues Gesetz zur Energie</h1>"
    + "<p>Der Bundeskanzler hat am Mittwoch in Berlin erklärt, dass die Regierung die Steuern nicht "
    "erhöhen werde, und die Opposition hat die Entscheidung scharf kritisiert.</p>"
    * 6
    + "</article></body></html>"
).encode()


@pytest.fixture(scope="module")
def pages(corpus_dir: Path) -> list[bytes]:
    gold = sorted((corpus_dir / "html").glob("*.html"))[:2]
    weak = sorted((corpus_dir / "weak" / "html").glob("*.html.gz"))[:1]
    return [p.read_bytes() for p in gold] + [gzip.decompress(p.read_bytes()) for p in weak]


def _raw(path: Path) -> RawFile:
    return RawFile(path.parent, path, path.name, path.stat().st_size)


def _read(path: Path, limit: int = LIMIT) -> list[Record | Problem]:
    return list(records(_raw(path), limit))


@pytest.mark.corpus
@pytest.mark.parametrize("compress", [False, True])
def test_warc_html_responses_are_records_and_the_rest_is_counted(
    tmp_path: Path, pages: list[bytes], compress: bool
) -> None:
    parts = [
        warc_record("https://example.com/a", pages[0], compress=compress, date="2024-03-01T10:00:00Z"),
        warc_record("https://example.com/gone", b"<html>gone</html>", status=404, compress=compress),
        warc_record("https://example.com/p.png", b"\x89PNG....", content_type="image/png", compress=compress),
        warc_record("https://example.de/b", GERMAN, compress=compress),
        warc_record("https://example.com/c", pages[2], compress=compress),
    ]
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(b"".join(parts))
    found = _read(path)
    kept = [r for r in found if isinstance(r, Record)]
    skipped = [p for p in found if isinstance(p, Problem)]
    assert [r.meta.url for r in kept if r.meta] == [
        "https://example.com/a",
        "https://example.de/b",
        "https://example.com/c",
    ]
    assert kept[0].content == pages[0] and kept[0].source_format == "warc"
    assert kept[0].crawled_at is not None and kept[0].crawled_at.isoformat() == "2024-03-01T10:00:00+00:00"
    assert all(r.source == f"{path.name}#{r.record_id}" for r in kept)
    assert len({r.record_id for r in kept}) == 3
    assert [p.reason for p in skipped] == [None, None]  # 404 and image: counted, not refused
    assert "404" in skipped[0].message and "image/png" in skipped[1].message


@pytest.mark.corpus
def test_a_truncated_warc_refuses_the_cut_record_and_keeps_the_ones_before(
    tmp_path: Path, pages: list[bytes]
) -> None:
    whole = warc_record("https://example.com/a", pages[0]) + warc_record("https://example.com/b", pages[1])
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[: len(whole) - len(pages[1]) // 2])
    found = _read(path)
    assert isinstance(found[0], Record) and found[0].content == pages[0]
    assert isinstance(found[1], Problem) and found[1].reason == "broken_record"
    gz = tmp_path / "cut.warc.gz"
    data = warc_record("https://example.com/a", pages[0], compress=True)
    gz.write_bytes(data + warc_record("https://example.com/b", pages[1], compress=True)[:-500])
    found = _read(gz)
    assert isinstance(found[0], Record)
    assert [p.reason for p in found[1:] if isinstance(p, Problem)] == ["broken_record"]


def _peak_rss_reset() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _peak_rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.mark.corpus
def test_a_50_mb_record_is_refused_without_being_held_in_memory(tmp_path: Path, pages: list[bytes]) -> None:
    path = tmp_path / "big.warc"
    size = 50 * 1024 * 1024
    http_head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n".encode()
    with path.open("wb") as out:  # written in chunks: the test never holds 50 MB either
        out.write(warc_record("https://example.com/a", pages[0]))
        out.write(
            b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:big>\r\n"
            b"WARC-Target-URI: https://example.com/big\r\n"
            b"Content-Type: application/http; msgtype=response\r\n"
            + f"Content-Length: {len(http_head) + size}\r\n\r\n".encode()
            + http_head
        )
        chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
        for _ in range(size // len(chunk)):
            out.write(chunk)
        out.write(b"y" * (size % len(chunk)) + b"\r\n\r\n")
        out.write(warc_record("https://example.com/c", pages[1]))
    measured = _peak_rss_reset()
    before = _peak_rss_kib()
    found = _read(path)
    grew_mib = (_peak_rss_kib() - before) / 1024
    assert [type(f).__name__ for f in found] == ["Record", "Problem", "Record"]
    big = found[1]
    assert isinstance(big, Problem) and big.reason == "too_large" and big.source == "big.warc#big"
    if measured:
        assert grew_mib < 25, f"reading grew peak memory by {grew_mib:.0f} MiB"


@pytest.mark.corpus
def test_jsonl_lines_are_records_and_a_bad_line_does_not_stop_the_file(
    tmp_path: Path, pages: list[bytes]
) -> None:
    lines = [
        json.dumps({"url": "https://example.com/a", "html": pages[0].decode("utf-8", "replace")}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "A title"}),
        json.dumps(
            {
                "maintext": "The council met on Monday. It voted.",
                "title": "Council votes",
                "authors": ["Jane Roe"],
                "date_publish": "2024-02-03 10:00:00",
                "language": "en",
                "url": "https://example.com/t",
            }
        ),
    ]
    for name, data in (
        ("items.jsonl", "\n".join(lines).encode()),
        ("items.jsonl.gz", gzip.compress("\n".join(lines).encode())),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        found = _read(path)
        assert [f.source.split("#")[1] for f in found] == ["line-1", "line-2", "line-4", "line-5", "line-6"]
        assert [f.reason for f in found if isinstance(f, Problem)] == ["undecodable", "undecodable", "empty"]
        html_rec, text_rec = (f for f in found if isinstance(f, Record))
        assert html_rec.markup is not None and html_rec.meta is not None
        assert html_rec.meta.url == "https://example.com/a"
        assert text_rec.markup is None and text_rec.declared_language == "en"
        assert text_rec.content.startswith(b"Council votes\n\nThe council met")  # the title on top
        assert text_rec.meta is not None and text_rec.meta.headline == "Council votes"
        assert text_rec.meta.authors == ("Jane Roe",) and str(text_rec.meta.published) == "2024-02-03"


@pytest.mark.corpus
def test_content_wins_over_the_name(tmp_path: Path, pages: list[bytes]) -> None:
    saved = tmp_path / "page.txt"
    saved.write_bytes(pages[0])
    assert [r.source_format for r in _read(saved) if isinstance(r, Record)] == ["html"]
    warc = tmp_path / "crawl.bin.html"
    warc.write_bytes(warc_record("https://example.com/a", pages[0]))
    assert [r.source_format for r in _read(warc) if isinstance(r, Record)] == ["warc"]
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress(pages[1]))
    (record,) = _read(gz)
    assert isinstance(record, Record) and record.source_format == "html" and record.markup == pages[1]


def test_json_lines_are_recognised_by_their_first_object() -> None:
    assert container_format(b'{"html": "<p>x</p>"}\n', "x.txt") == "jsonl"
    assert container_format(b'{"other": 1}\n', "x.txt") is None
    assert container_format(b"{\n{", "x.txt") is None
    assert container_format(b"WARC/1.1\r\n", "x.dat") == "warc"


@pytest.mark.corpus
def test_corrupt_bytes_in_a_warc_end_it_with_one_reject_after_the_good_records(
    tmp_path: Path, pages: list[bytes]
) -> None:
    good = warc_record("https://example.com/a", pages[0], compress=True)
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(good + bytes(range(256)) * 20 + good)
    found = _read(path)
    assert isinstance(found[0], Record)
    assert isinstance(found[-1], Problem) and found[-1].reason == "broken_record"
    assert found[-1].source == "corrupt.warc.gz#end"
