"""WARC files, streamed record by record with FastWARC (never loaded whole).

Every ``response`` record with an HTTP status 200 and an HTML payload is one page. Other records
(requests, metadata, redirects, 404s, images, PDFs) are counted and passed over; a record whose
payload is cut short (a truncated file) or larger than the limit is refused with a reason.

FastWARC was chosen over warcio by measurement (``benchmarks/html_speed.py`` reads the same
1,000-page WARC with both): it is several times faster and keeps memory flat.
"""

from __future__ import annotations

import datetime as dt
import gzip
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from fastwarc.warc import ArchiveIterator, WarcRecordType

_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WarcPage:
    record_id: str
    url: str | None
    crawled_at: dt.datetime | None
    payload: bytes


@dataclass(frozen=True, slots=True)
class WarcProblem:
    """A record refused (``reason`` is a reject code) or passed over (``reason`` is ``None``)."""

    record_id: str
    reason: str | None
    message: str


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _record_id(raw: str | None) -> str:
    return (raw or "").strip("<>").removeprefix("urn:uuid:") or "unknown"


def warc_pages(stream: IO[bytes], max_bytes: int) -> Iterator[WarcPage | WarcProblem]:
    """Pages and problems of a WARC stream (gzip per record or not), in file order."""
    for record in ArchiveIterator(stream, parse_http=True, fsspec_args=False):
        record_id = _record_id(record.headers.get("WARC-Record-ID"))
        if record.record_type != WarcRecordType.response:
            yield WarcProblem(record_id, None, f"{record.headers.get('WARC-Type') or 'untyped'} record")
            continue
        status = record.http_headers.status_code if record.http_headers else None
        content_type = (record.http_content_type or "").lower()
        if status != 200:
            yield WarcProblem(record_id, None, f"HTTP status {status}")
            continue
        if not content_type.startswith(_HTML_TYPES):
            yield WarcProblem(record_id, None, f"payload is {content_type or 'untyped'}, not HTML")
            continue
        if record.content_length > max_bytes:  # never read: the iterator skips the rest of it
            yield WarcProblem(record_id, "too_large", f"HTML payload over the limit of {max_bytes} bytes")
            continue
        payload = record.reader.read()
        if len(payload) < record.content_length:  # parse_http: content_length is the payload's
            yield WarcProblem(record_id, "broken_record", "record is cut short (truncated file)")
            continue
        yield WarcPage(
            record_id,
            record.headers.get("WARC-Target-URI"),
            _date(record.headers.get("WARC-Date")),
            payload,
        )


def warc_record(
    uri: str,
    payload: bytes,
    *,
    status: int = 200,
    content_type: str = "text/html; charset=utf-8",
    date: str = "2024-01-01T00:00:00Z",
    compress: bool = False,
) -> bytes:
    """One WARC/1.0 ``response`` record (for writing test files and benchmarks)."""
    http = (
        f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n"
    ).encode() + payload
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    record = head + http + b"\r\n\r\n"
    return gzip.compress(record) if compress else record
