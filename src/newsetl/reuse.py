"""When ``newsetl reprocess`` may keep an article's NLP output instead of running spaCy again.

The NLP stage (spaCy, quotations and their speakers, entities) is a function of what it reads: the
parsed article, the record's origin (address, format, record, language), the analysis scope, and the
NLP code and models, which ``nlp_version`` names. :func:`analysis_input_digest` hashes the first
three; ingest stores it on the article's ``signatures`` row. When reprocess parses a stored page
again and gets the same digest while the stored ``nlp_version`` is the current one, the NLP stage
would give the stored rows again: :func:`restamp` keeps them under the current versions and the
reprocess run. A parser upgrade thus runs spaCy only on the articles whose parse it changed.
The other way round, an NLP upgrade under the current parser needs no new parse: :func:`rebuild`
gives the parsed article back from its stored rows, trusted when its digest is the stored one.

Pure: no I/O.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa

from newsetl.model import Image, ParsedArticle
from newsetl.rows import Origin, RunInfo, current_parser_version
from newsetl.versions import newsetl_version


def analysis_input_digest(article: ParsedArticle, origin: Origin, language: str | None, scope: str) -> str:
    """SHA-256 of everything the NLP stage reads for one article and every row keeps of it
    (``language``: the run's, used when the origin has none; ``dropped_lines`` is neither)."""
    payload = {
        "article": dataclasses.asdict(dataclasses.replace(article, dropped_lines=0)),
        "origin": dataclasses.asdict(dataclasses.replace(origin, language=None)),
        "language": origin.language or language,
        "scope": scope,
    }
    text = json.dumps(payload, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rebuild(article: Mapping[str, Any], images: Sequence[Mapping[str, Any]]) -> tuple[ParsedArticle, Origin]:
    """The parsed article and origin again from an article's stored rows. Faithful only when their
    digest is the stored one (a paragraph holding a blank line, say, would not split back)."""
    parsed = ParsedArticle(
        headline=article["headline"],
        dek=article["dek"],
        authors=tuple(article["authors"] or ()),
        publisher=article["publisher"],
        published_date=article["published_date"],
        dateline=article["dateline"],
        paragraphs=tuple(str(article["body"]).split("\n\n")) if article["body"] else (),
        images=tuple(
            Image(
                i["alt_text"], i["caption"], i["credit"], i["photographer"], i["agency"], i["paragraph_index"]
            )
            for i in sorted(images, key=lambda i: int(i["image_index"]))
        ),
    )
    origin = Origin(
        url=article.get("url"),
        source_format=article.get("source_format") or "text",
        crawled_at=article.get("crawled_at"),
        record_id=article.get("record_id"),
        language=article.get("language"),
    )
    return parsed, origin


def _set(table: pa.Table, column: str, value: object) -> pa.Table:
    position = table.schema.get_field_index(column)
    if position < 0:
        return table
    field = table.schema.field(position)
    return table.set_column(position, field, pa.array([value] * table.num_rows, field.type))


def restamp(kept: Mapping[str, pa.Table], run: RunInfo) -> dict[str, pa.Table]:
    """Stored rows (per table) as the reprocess ``run`` re-derives them: its run id and time, the
    current parser and newsetl versions; ``nlp_version`` is the current one already."""
    out: dict[str, pa.Table] = {}
    for table, rows in kept.items():
        rows = _set(rows, "run_id", run.run_id)
        if table == "articles":
            rows = _set(rows, "ingested_at", run.started_at)
            rows = _set(rows, "parser_version", current_parser_version())
            rows = _set(rows, "newsetl_version", newsetl_version())
        out[table] = rows
    return out
