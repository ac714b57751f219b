"""Bylines that :func:`~newsetl.parse.byline.parse_byline` cannot read from one line alone.

* an outlet byline: ``By <Outlet>`` with no person's name gives the outlet (``By Harbour Post with
  Agencies`` -> ``Harbour Post``; the gold convention: "an agency byline gives the agency");
* a name or an agency glued to the date of a date line (``Ana RiveraPublished Jul 17, 2024``,
  ``Associated PressApril 28, 2023 GMT``) or opening it with ``By``;
* a byline block: a bare ``By`` line followed by one name per line (``Ana Rivera,`` /
  ``Tom Okafor,`` / ``Lena Berg &`` / ``Raj Mehta``).
"""

from __future__ import annotations

import re
from typing import Final

from newsetl.parse.byline import (
    _AGENCY_ONLY,
    _DATES,
    _agency_name,
    byline_names,
    names_line,
    parse_byline,
)
from newsetl.parse.credits import CREDIT_LABELS
from newsetl.parse.text import word_count

_OUTLET = re.compile(
    r"^(?:By|BY|by)\s+(?P<outlet>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,2})"
    r"(?=\s*$|\s*,|\s+(?:with|and|in|for|from)\s|\s+[·|•/-]\s)"
)
# The text before a date ends in a word run into the date ("PressApril 28") or into a date word
# ("MillsPublished Jul 17").
_GLUED = re.compile(r"[a-z](?:(?:Published|Updated|Posted)(?:\s+on)?\s*)?$")
# Lines of a byline block after a bare "By" line (the names, one a line).
BLOCK_MAX_LINES: Final = 8
_BLOCK_NAME_MAX_WORDS: Final = 6


def outlet_byline(line: str) -> tuple[str, ...]:
    """``By <Outlet>`` naming no person and no agency: the outlet, as printed; () otherwise."""
    byline = parse_byline(line)
    if byline is None or byline.authors or byline.agency or byline_names(line):
        return ()
    match = _OUTLET.match(line.strip())
    if match is None or any(c.isdigit() for c in match.group("outlet")):
        return ()
    return (match.group("outlet").rstrip("."),)


def dated_byline(line: str) -> tuple[str, ...]:
    """Names (or an agency) printed before the date of a date line, when they open with "By" or
    are glued to the date: ``Ana RiveraPublished Jul 17, 2024`` -> ``("Ana Rivera",)``."""
    match = next((m for pattern in _DATES if (m := pattern.search(line))), None)
    if match is None:
        return ()
    head = line[: match.start()]
    if not (head.lstrip()[:3].lower() == "by " or _GLUED.search(head)):
        return ()
    agency = _AGENCY_ONLY.match(re.sub(r"(?:Published|Updated|Posted)$", "", head.strip(" ,|·•-")))
    if agency:
        return (_agency_name(agency.group("agency")),)
    return byline_names(head)


def header_names(line: str) -> tuple[str, ...]:
    """Whoever a header line names as its author, read every way a byline is printed (a photo
    credit, "Photograph: X", names no author)."""
    if line.startswith(CREDIT_LABELS):
        return ()
    byline = parse_byline(line)
    if byline is not None and (byline.authors or byline.agency):
        return byline.authors or ((byline.agency,) if byline.agency else ())
    return names_line(line) or byline_names(line) or dated_byline(line) or outlet_byline(line)


def is_bare_by(line: str) -> bool:
    return line.strip().lower() == "by"


def block_names(lines: list[str], start: int) -> list[int]:
    """Lines after a bare "By" line at ``start`` that each give a name (skipping "…" or "&" lines)."""
    found: list[int] = []
    for j in range(start + 1, min(start + 1 + BLOCK_MAX_LINES, len(lines))):
        line = lines[j]
        if not any(c.isalnum() for c in line):
            continue
        if word_count(line) > _BLOCK_NAME_MAX_WORDS or not (names_line(line) or byline_names(line)):
            break
        found.append(j)
    return found
