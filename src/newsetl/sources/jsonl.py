"""JSON Lines of crawled pages (the news-please field names), streamed line by line.

Each line is one object with the page HTML (``html``, ``raw_html``) or its text (``text``,
``maintext``), and optionally ``url``, ``title``, ``authors``, ``date_publish``, ``language``.
A line that is not such an object is one problem; the file goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from newsetl.sources.metadata import PageMeta, parse_date

_HTML_KEYS = ("html", "raw_html")
_TEXT_KEYS = ("maintext", "text")


@dataclass(frozen=True, slots=True)
class JsonRecord:
    record_id: str  # "line-<n>", 1-based
    content: str
    is_html: bool
    meta: PageMeta
    declared_language: str | None
    raw: bytes  # the line, for hashing


@dataclass(frozen=True, slots=True)
class JsonProblem:
    record_id: str
    reason: str
    message: str
    raw: bytes


def _string(obj: dict[str, object], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def _meta(obj: dict[str, object]) -> PageMeta:
    authors = obj.get("authors")
    names = tuple(a for a in authors if isinstance(a, str)) if isinstance(authors, list) else ()
    title = obj.get("title")
    date = obj.get("date_publish")
    url = obj.get("url")
    return PageMeta(
        url=url if isinstance(url, str) else None,
        headline=title if isinstance(title, str) and title.strip() else None,
        authors=names,
        published=parse_date(date) if isinstance(date, str) else None,
    )


def parse_line(number: int, line: bytes, max_bytes: int) -> JsonRecord | JsonProblem | None:
    """One line → a record, a problem, or ``None`` for a blank line."""
    record_id = f"line-{number}"
    if not line.strip():
        return None
    if len(line) > max_bytes:
        return JsonProblem(record_id, "too_large", f"line is over the limit of {max_bytes} bytes", line)
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError) as exc:
        return JsonProblem(record_id, "undecodable", f"not a JSON object: {exc}", line)
    if not isinstance(obj, dict):
        return JsonProblem(record_id, "undecodable", "line is JSON but not an object", line)
    html, text = _string(obj, _HTML_KEYS), _string(obj, _TEXT_KEYS)
    if html is None and text is None:
        return JsonProblem(record_id, "empty", "no html, raw_html, text or maintext field", line)
    language = obj.get("language")
    return JsonRecord(
        record_id,
        html if html is not None else str(text),
        html is not None,
        _meta(obj),
        language if isinstance(language, str) else None,
        line,
    )


def jsonl_records(stream: IO[bytes], max_bytes: int) -> Iterator[JsonRecord | JsonProblem]:
    """Every non-blank line of a JSON Lines stream; a line is never read past ``max_bytes`` + 1."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass  # the rest of an over-long line, dropped as it is read
        found = parse_line(number, line, max_bytes)
        if found is not None:
            yield found
