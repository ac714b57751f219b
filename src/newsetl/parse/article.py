"""The parser's entry point: one dump's text in, one :class:`ParsedArticle` out."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from newsetl.model import Image, ParsedArticle
from newsetl.parse import limits
from newsetl.parse.body import Layout, layout
from newsetl.parse.byline import (
    find_date,
    is_date_line,
    is_role_line,
    names_line,
    opening_dateline,
    parse_byline,
)
from newsetl.parse.credits import split_credit
from newsetl.parse.images import ImageBlock, scan_images
from newsetl.parse.text import word_count

_STANDALONE_DATELINE_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class Header:
    """What the lines around the headline say about the article."""

    authors: tuple[str, ...]
    publisher: str | None
    published: dt.date | None
    city: str | None


def _header_indices(lines: list[str], lay: Layout, skip: set[int]) -> list[int]:
    first = max(0, (lay.headline or 0) - limits.PRE_HEADLINE_LINES)
    return [i for i in range(first, lay.body_start) if i not in skip and i not in (lay.headline, lay.dek)]


def _read_header(lines: list[str], indices: list[int]) -> Header:
    people: list[str] = []
    name_lines: list[str] = []
    agencies: list[str] = []
    publisher: str | None = None
    city: str | None = None
    published: dt.date | None = None
    date_positions = [n for n, i in enumerate(indices) if is_date_line(lines[i])]
    for n, i in enumerate(indices):
        line = lines[i]
        if published is None and n in date_positions:
            published = find_date(line)
        byline = parse_byline(line)
        if byline is not None:
            people.extend(byline.authors)
            if byline.agency:
                agencies.append(byline.agency)
            publisher = publisher or byline.publisher or byline.agency
            city = city or byline.city
        elif (names := names_line(line)) and (
            any(abs(n - d) <= limits.NAME_LINE_DATE_DISTANCE for d in date_positions)
            or (n + 1 < len(indices) and is_role_line(lines[indices[n + 1]]))
        ):
            name_lines.extend(names)
    authors = tuple(dict.fromkeys(people or name_lines)) or tuple(dict.fromkeys(agencies))
    return Header(authors, publisher, published, city)


def _dateline(lines: list[str], lay: Layout, header: list[int], city: str | None) -> str | None:
    if lay.paragraphs and (place := opening_dateline(lines[lay.paragraphs[0]])):
        return place
    for i in header:
        if word_count(lines[i]) <= _STANDALONE_DATELINE_MAX_WORDS and (place := opening_dateline(lines[i])):
            return place
    return city


def _image(block: ImageBlock, paragraphs: tuple[int, ...]) -> Image:
    photographer, agency = split_credit(block.credit) if block.credit else (None, None)
    return Image(
        alt_text=block.alt_text,
        caption=block.caption,
        credit=block.credit,
        photographer=photographer,
        agency=agency,
        paragraph_index=bisect.bisect_left(paragraphs, block.position),
    )


def parse_article(text: str) -> ParsedArticle:
    """Parse the plain-text dump of one news page (no I/O, no NLP)."""
    lines = [stripped for line in text.splitlines() if (stripped := line.strip())]
    blocks, consumed = scan_images(lines)
    lay = layout(lines, consumed)
    header_indices = _header_indices(lines, lay, consumed)
    header = _read_header(lines, header_indices)
    headshots = {a.casefold() for a in header.authors}
    last_paragraph = lay.paragraphs[-1] if lay.paragraphs else len(lines)
    images = tuple(
        _image(block, lay.paragraphs)
        for block in blocks
        if not (block.alt_text and block.alt_text.casefold() in headshots)
        and not (block.position > last_paragraph and block.credit is None)  # other stories' thumbnails
    )
    kept = len(lay.paragraphs) + (lay.headline is not None) + (lay.dek is not None)
    return ParsedArticle(
        headline=lines[lay.headline] if lay.headline is not None else None,
        dek=lines[lay.dek] if lay.dek is not None else None,
        authors=header.authors,
        publisher=header.publisher,
        published_date=header.published,
        dateline=_dateline(lines, lay, header_indices, header.city),
        paragraphs=tuple(lines[i] for i in lay.paragraphs),
        images=images,
        dropped_lines=len(lines) - kept,
    )
