"""HTML reader speed against trafilatura, WARC readers compared, and memory over a 1,000-page WARC.

    .venv/bin/python benchmarks/html_speed.py [--corpus ../shared/corpus] [--pages 1000] [--json]

1. Per page, in one run: newsetl's whole HTML reader (``html_article``: parse, metadata, render,
   text parser, merge) against trafilatura's ``bare_extraction(with_metadata=True)`` on the same
   bytes, over every page of ``corpus/html`` and ``corpus/weak/html``; the ratio of the totals.
2. A WARC of ``--pages`` response records (the corpus pages, repeated) written to a temporary file;
   FastWARC and warcio each read every payload; seconds for each (why FastWARC is the reader).
3. The same WARC streamed through newsetl's reader into articles (``records`` + ``html_article``):
   peak RSS after the first 10 % of the records and at the end. Flat memory: the two are close.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from newsetl.decode import DecodeError
from newsetl.discover import RawFile
from newsetl.sources import Record, records
from newsetl.sources.html import html_article
from newsetl.sources.warc import warc_record

REPO = Path(__file__).resolve().parents[1]


def corpus_pages(corpus: Path) -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((corpus / "html").glob("*.html"))]
    pages += [gzip.decompress(p.read_bytes()) for p in sorted((corpus / "weak" / "html").glob("*.html.gz"))]
    return pages


def speed(pages: list[bytes]) -> dict[str, float]:
    from trafilatura import bare_extraction

    ours = theirs = 0.0
    for page in pages:
        start = time.perf_counter()
        html_article(page)
        middle = time.perf_counter()
        bare_extraction(page, with_metadata=True)
        theirs += time.perf_counter() - middle
        ours += middle - start
    n = len(pages)
    return {
        "pages": n,
        "newsetl_ms_per_page": round(1000 * ours / n, 2),
        "trafilatura_ms_per_page": round(1000 * theirs / n, 2),
        "ratio_newsetl_over_trafilatura": round(ours / theirs, 3),
    }


def write_warc(path: Path, pages: list[bytes], count: int) -> None:
    with path.open("wb") as out:
        for n in range(count):
            out.write(warc_record(f"https://example.com/{n}", pages[n % len(pages)], compress=True))


def warc_readers(path: Path) -> dict[str, float]:
    from fastwarc.warc import ArchiveIterator as FastIterator
    from warcio.archiveiterator import ArchiveIterator as WarcioIterator

    start = time.perf_counter()
    with path.open("rb") as stream:
        fast = sum(len(r.reader.read()) for r in FastIterator(stream, parse_http=True, fsspec_args=False))
    middle = time.perf_counter()
    with path.open("rb") as stream:
        slow = sum(len(r.content_stream().read()) for r in WarcioIterator(stream) if r.rec_type == "response")
    end = time.perf_counter()
    assert fast == slow, (fast, slow)
    return {"fastwarc_s": round(middle - start, 3), "warcio_s": round(end - middle, 3)}


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def streamed(path: Path, count: int) -> dict[str, Any]:
    raw = RawFile(path.parent, path, path.name, path.stat().st_size)
    articles, early = 0, 0.0
    start = time.perf_counter()
    for n, item in enumerate(records(raw, 5_000_000), start=1):
        if isinstance(item, Record) and item.markup is not None:
            articles += not isinstance(html_article(item.markup), DecodeError)
        if n == count // 10:
            early = peak_rss_mib()
    return {
        "records": count,
        "articles": articles,
        "seconds": round(time.perf_counter() - start, 2),
        "peak_rss_mib_at_10pct": round(early, 1),
        "peak_rss_mib_at_end": round(peak_rss_mib(), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pages = corpus_pages(args.corpus)
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="newsetl-warc-") as tmp:
        warc = Path(tmp) / "crawl.warc.gz"
        write_warc(warc, pages, args.pages)
        result["warc_bytes"] = warc.stat().st_size
        result["stream"] = streamed(warc, args.pages)  # first: before anything else grows the heap
        result["warc_readers"] = warc_readers(warc)
    result["speed"] = speed(pages)
    print(json.dumps(result, indent=None if args.json else 2))


if __name__ == "__main__":
    main()
