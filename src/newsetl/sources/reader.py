"""A raw file → the records in it, recognised by content as well as by name (the only I/O here).

* a text dump (``.txt``) is one record; an optional sidecar ``NAME.meta.json`` beside it gives its
  ``url``, ``publisher`` and ``published`` date;
* an HTML page (``.html``, ``.htm``, optionally ``.gz``) is one record;
* a WARC file (``.warc``, ``.warc.gz``) holds one record per HTML response (see :mod:`.warc`);
* a JSON Lines file (``.jsonl``, ``.jsonl.gz``) holds one record per line (see :mod:`.jsonl`).

What the bytes say wins over the name: a ``.txt`` holding a saved page is read as HTML, a gzip
stream is opened whatever it is called (only under a ``.gz`` name: elsewhere it stays binary), and
a WARC is a WARC under any name. Containers are streamed; nothing reads a WARC or JSONL file whole.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from newsetl.discover import RawFile
from newsetl.sources.html import looks_like_html
from newsetl.sources.jsonl import JsonRecord, jsonl_records
from newsetl.sources.metadata import PageMeta, parse_date
from newsetl.sources.warc import WarcPage, warc_pages

_GZIP = b"\x1f\x8b"
_SNIFF = 4096


@dataclass(frozen=True, slots=True)
class Record:
    """One candidate article as read: the raw content (page HTML or dump text) and what came with it."""

    source: str  # the file, or ``file#record`` for a record inside a container
    record_id: str | None
    source_format: str  # text | html | warc | jsonl
    content: bytes  # what is hashed: the dump, the page or the JSON line
    markup: str | bytes | None  # the page HTML to read, when there is one
    meta: PageMeta | None = None
    crawled_at: dt.datetime | None = None
    declared_language: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A record refused with a reject ``reason``, or passed over and counted (``reason`` is None)."""

    source: str
    content: bytes | None
    reason: str | None
    message: str


def _gunzip(data: bytes, limit: int) -> bytes:
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflate.decompress(data, limit + 1)
    if len(out) > limit:
        raise ValueError(f"decompressed page is over the limit of {limit} bytes")
    return out


def container_format(head: bytes, name: str) -> str | None:
    """``warc`` or ``jsonl`` when the (decompressed) head of a file says so, else ``None``.

    A WARC is recognised under any name; JSON Lines under its own name, or when the first line is a
    JSON object with a page field (``html``, ``raw_html``, ``text``, ``maintext``).
    """
    start = head.lstrip()
    if start.startswith(b"WARC/"):
        return "warc"
    if name.endswith((".jsonl", ".jsonl.gz")):
        return "jsonl"
    if start.startswith(b"{"):
        try:
            first = json.loads(start.split(b"\n", 1)[0])
        except ValueError:
            return None
        if isinstance(first, dict) and any(k in first for k in ("html", "raw_html", "text", "maintext")):
            return "jsonl"
    return None


def _open(raw: RawFile) -> IO[bytes]:
    if raw.filesystem is None:
        return open(raw.path, "rb")
    return io.BufferedReader(raw.filesystem.open_input_stream(str(raw.path)))


def _head(raw: RawFile) -> bytes:
    with _open(raw) as stream:
        head = stream.read(_SNIFF)
    if head.startswith(_GZIP) and raw.rel.lower().endswith(".gz"):
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF)
        except zlib.error:
            return b""
    return head


def records(raw: RawFile, max_bytes: int) -> Iterator[Record | Problem]:
    """Every record of ``raw``. Raises ``OSError`` when the file cannot be read."""
    head = _head(raw)
    kind = container_format(head, raw.rel.lower())
    if kind == "warc":
        yield from _warc(raw, max_bytes)
    elif kind == "jsonl":
        yield from _jsonl(raw, max_bytes)
    else:
        yield from _single(raw, max_bytes, head)


def _single(raw: RawFile, max_bytes: int, head: bytes) -> Iterator[Record | Problem]:
    if raw.size > max_bytes:
        yield Problem(
            raw.rel, None, "too_large", f"{raw.size} bytes is over the limit of {max_bytes}; not read"
        )
        return
    data = raw.read_bytes()
    content = data
    if data.startswith(_GZIP) and raw.rel.lower().endswith(".gz"):
        try:
            content = _gunzip(data, max_bytes)
        except (ValueError, zlib.error, EOFError) as exc:
            yield Problem(raw.rel, data, "undecodable", f"not a readable gzip page: {exc}")
            return
    if looks_like_html(head.decode("latin-1")):
        yield Record(raw.rel, None, "html", data, content)
    else:
        yield Record(raw.rel, None, "text", data, None, sidecar(raw))


def _warc(raw: RawFile, max_bytes: int) -> Iterator[Record | Problem]:
    with _open(raw) as stream:
        try:
            for item in warc_pages(stream, max_bytes):
                source = f"{raw.rel}#{item.record_id}"
                if isinstance(item, WarcPage):
                    meta = PageMeta(url=item.url)
                    yield Record(
                        source, item.record_id, "warc", item.payload, item.payload, meta, item.crawled_at
                    )
                else:
                    yield Problem(source, None, item.reason, item.message)
        except (
            OSError,
            ValueError,
            RuntimeError,
            EOFError,
            zlib.error,
        ) as exc:  # a broken stream ends the file
            yield Problem(f"{raw.rel}#end", None, "broken_record", f"WARC stream broken: {exc}")


def _jsonl(raw: RawFile, max_bytes: int) -> Iterator[Record | Problem]:
    with _open(raw) as plain:
        stream: IO[bytes] = plain
        if isinstance(plain, io.BufferedReader) and plain.peek(2)[:2] == _GZIP:
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=plain))
        try:
            for item in jsonl_records(stream, max_bytes):
                source = f"{raw.rel}#{item.record_id}"
                if isinstance(item, JsonRecord):
                    markup = item.content if item.is_html else None
                    dump = item.content
                    if markup is None and item.meta.headline:  # a text without its title: put it on top
                        dump = f"{item.meta.headline}\n\n{dump}"
                    text = dump.encode("utf-8")
                    yield Record(
                        source, item.record_id, "jsonl", text, markup, item.meta, None, item.declared_language
                    )
                else:
                    yield Problem(source, item.raw, item.reason, item.message)
        except (OSError, EOFError, zlib.error) as exc:
            yield Problem(f"{raw.rel}#end", None, "broken_record", f"JSON Lines stream broken: {exc}")


def sidecar(raw: RawFile) -> PageMeta | None:
    """``NAME.meta.json`` beside a local text dump ``NAME.txt``: its url, publisher, published date."""
    if raw.filesystem is not None:
        return None
    path = Path(raw.path)
    side = path.with_name(path.name.rsplit(".", 1)[0] + ".meta.json")
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    url, publisher, published = data.get("url"), data.get("publisher"), data.get("published")
    return PageMeta(
        url=url if isinstance(url, str) else None,
        publisher=publisher if isinstance(publisher, str) and publisher.strip() else None,
        published=parse_date(published) if isinstance(published, str) else None,
        asserted=True,
    )
