"""The parser's entry point: one dump's text in, one :class:`ParsedArticle` out.

Each non-empty line gets a role from the learned line-role model (:mod:`newsetl.roles`); the
fields are then read from the roles: headline and dek lines, authors from byline lines (with
:func:`parse_byline`), the date from date lines, paragraphs from body lines (crossheads are not
paragraphs), images from alt-text / caption / credit lines (credits split with :mod:`credits`).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from newsetl.model import Image, ParsedArticle
from newsetl.parse.byline import (
    byline_names,
    find_date,
    is_date_line,
    names_line,
    opening_dateline,
    parse_byline,
)
from newsetl.parse.byline_block import block_names, dated_byline, is_bare_by, outlet_byline
from newsetl.parse.credits import split_credit
from newsetl.parse.images import ImageBlock, is_non_photo_alt
from newsetl.parse.roles_images import image_blocks
from newsetl.parse.text import word_count
from newsetl.roles.decode import HEADER_SLACK, decode_roles
from newsetl.roles.model import RoleModel, role_probabilities
from newsetl.roles.schema import BODY, BYLINE, DATE, DATELINE, DEK, HEADLINE, dump_lines

_STANDALONE_DATELINE_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class Header:
    """What the byline and date lines say about the article."""

    authors: tuple[str, ...]
    publisher: str | None
    published: dt.date | None
    city: str | None


def _header_end(roles: list[str]) -> int:
    """Lines up to here (the first body line and the two after it) may still hold the header."""
    first = next((i for i, role in enumerate(roles) if role == BODY), len(roles))
    return min(first + HEADER_SLACK, len(roles))


def _byline_roles(lines: list[str], roles: list[str]) -> list[str]:
    """Byline roles, plus every header line that signs the article whatever the model made of it:
    a "By ..." line naming people, or names glued to a date ("Associated PressApril 28, 2023")."""
    roles = list(roles)
    for i in range(_header_end(roles)):
        if roles[i] in (BODY, HEADLINE, DEK, BYLINE, DATE):
            continue
        byline = parse_byline(lines[i])
        by_line = lines[i][:3].lower() == "by " and byline is not None and bool(byline.authors)
        if by_line or dated_byline(lines[i]):
            roles[i] = BYLINE
    return roles


def _read_header(lines: list[str], roles: list[str]) -> Header:
    """Authors, in order of how plainly the page signs the article: "By" bylines and name-and-role
    lines, then names signed another way (glued to the date, a "By" block, an outlet byline), then
    bare name lines, then agencies."""
    roles = _byline_roles(lines, roles)
    block = {j for i, line in enumerate(lines) if is_bare_by(line) for j in block_names(lines, i)}
    people: list[str] = []
    signed: list[str] = []
    name_lines: list[str] = []
    agencies: list[str] = []
    publisher: str | None = None
    city: str | None = None
    for i, (line, role) in enumerate(zip(lines, roles, strict=True)):
        if role == DATE:  # a date line may open with its byline ("By X 30 August 2023")
            signed.extend(dated_byline(line))
            continue
        if role != BYLINE:
            continue
        byline = parse_byline(line)
        if byline is not None and (byline.authors or byline.agency):
            people.extend(byline.authors)
            if byline.agency:
                agencies.append(byline.agency)
            publisher = publisher or byline.publisher or byline.agency
            city = city or byline.city
        elif names := dated_byline(line) or outlet_byline(line):
            signed.extend(names)
        elif names := names_line(line) or byline_names(line):
            (signed if i in block else name_lines).extend(names)
    authors = tuple(dict.fromkeys(people or signed or name_lines)) or tuple(dict.fromkeys(agencies))
    return Header(authors, publisher, _published(lines, roles), city)


def _published(lines: list[str], roles: list[str]) -> dt.date | None:
    """The date of the first date line, else of a byline line, else of a header date line."""
    for wanted in (DATE, BYLINE):
        for line, role in zip(lines, roles, strict=True):
            if role == wanted and (found := find_date(line, any_case=True)) is not None:
                return found
    for i in range(_header_end(roles)):
        if (
            roles[i] != BODY
            and is_date_line(lines[i], any_case=True)
            and (found := find_date(lines[i], any_case=True)) is not None
        ):
            return found
    return None


def _dateline(lines: list[str], roles: list[str], paragraphs: list[int], city: str | None) -> str | None:
    if paragraphs and (place := opening_dateline(lines[paragraphs[0]])):
        return place
    standalone = [i for i, role in enumerate(roles) if role == DATELINE]
    if paragraphs and paragraphs[0] > 0:
        standalone.append(paragraphs[0] - 1)  # a dateline alone on the line before the body
    for i in standalone:
        line = lines[i]
        if word_count(line) <= _STANDALONE_DATELINE_MAX_WORDS and roles[i] != BODY and opening_dateline(line):
            return line.rstrip(" —–-:").strip()
    return city


def _image(block: ImageBlock, paragraphs: list[int]) -> Image:
    photographer, agency = split_credit(block.credit) if block.credit else (None, None)
    return Image(
        alt_text=block.alt_text,
        caption=block.caption,
        credit=block.credit,
        photographer=photographer,
        agency=agency,
        paragraph_index=bisect.bisect_left(paragraphs, block.position),
    )


def article_from_roles(lines: list[str], roles: list[str]) -> ParsedArticle:
    """Read the article's fields off its lines and their roles."""
    header = _read_header(lines, roles)
    paragraphs = [i for i, role in enumerate(roles) if role == BODY]
    headline = next((lines[i] for i, role in enumerate(roles) if role == HEADLINE), None)
    dek = next((lines[i] for i, role in enumerate(roles) if role == DEK), None)
    headshots = {a.casefold() for a in header.authors}
    images = tuple(
        _image(block, paragraphs)
        for block in image_blocks(lines, roles)
        if not (block.alt_text and block.alt_text.casefold() in headshots)
        and not (block.alt_text and is_non_photo_alt(block.alt_text) and not (block.caption or block.credit))
        and (block.alt_text or block.credit)  # a caption alone, with no Image: line or credit, shows no photo
    )
    kept = len(paragraphs) + (headline is not None) + (dek is not None)
    return ParsedArticle(
        headline=headline,
        dek=dek,
        authors=header.authors,
        publisher=header.publisher,
        published_date=header.published,
        dateline=_dateline(lines, roles, paragraphs, header.city),
        paragraphs=tuple(lines[i] for i in paragraphs),
        images=images,
        dropped_lines=len(lines) - kept,
    )


def line_roles(text: str, model: RoleModel | None = None) -> tuple[list[str], list[str]]:
    """The non-empty lines of a dump and the role of each (packaged model unless one is given)."""
    lines = dump_lines(text)
    return lines, decode_roles(lines, role_probabilities(lines, model))


def parse_article(text: str, model: RoleModel | None = None) -> ParsedArticle:
    """Parse the plain-text dump of one news page (no I/O, no NLP)."""
    lines, roles = line_roles(text, model)
    return article_from_roles(lines, roles)
