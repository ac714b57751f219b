"""Which lines are the headline, the dek and the body paragraphs.

Works on the non-empty lines of a dump, after :mod:`newsetl.parse.images` has consumed image
blocks. The rules, in reading order:

* the headline is the first substantive line that is not chrome, a date line or a byline;
* the body starts at the first sentence-like line that opens with a dateline or is followed
  by another sentence-like line; sentence-like lines before it stand alone in the header
  (followed by a byline, a date, an image) and are dek candidates — the last one is the dek;
* from there, body paragraphs are sentence-like lines that are not chrome, video blocks,
  author bios or short question headings (crossheads and related links); the body stops at
  an end marker such as "ABOUT THE AUTHOR".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsetl.parse import limits
from newsetl.parse.byline import is_date_line, is_name_line, opening_dateline, parse_byline
from newsetl.parse.chrome import is_body_end, is_chrome, is_post_attribution, is_video_marker
from newsetl.parse.text import is_question_heading, is_sentence_like, word_count

# Author bios: "Phil Helsel is a reporter for NBC News."
_BIO = re.compile(
    r"^[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}\s+(?:(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:reporter|correspondent|editor|producer|writer|journalist|columnist|contributor|anchor|host)\b"
    r"|covers\s+[\w\s,]{0,60}\bfor\s+(?:The\s+)?[A-Z])"
)
# Two sentences glued without a space in a short line ("Have your say.Give us feedback.").
_GLUED = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]")
_GLUED_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class Layout:
    """Indices (into the non-empty lines) of the headline, dek and body paragraphs."""

    headline: int | None
    dek: int | None
    body_start: int
    paragraphs: tuple[int, ...]


def is_header_line(line: str) -> bool:
    """Date lines and bylines: the block between headline and body."""
    return is_date_line(line) or parse_byline(line) is not None


def find_headline(lines: list[str], skip: set[int]) -> int | None:
    for i, line in enumerate(lines):
        if i in skip or is_chrome(line) or is_header_line(line):
            continue
        if word_count(line) >= limits.HEADLINE_MIN_WORDS:
            return i
    return None


def _video_block(lines: list[str], start: int) -> set[int]:
    """Lines after a video marker: title, age, duration, up to the first sentence (the blurb)."""
    block: set[int] = set()
    i = start + 1
    while i < len(lines) and i - start <= limits.VIDEO_BLOCK_MAX_LINES:
        block.add(i)
        if is_video_marker(lines[i]):
            start = i
        elif is_sentence_like(lines[i]) and word_count(lines[i]) >= limits.DEK_MIN_WORDS:
            break
        i += 1
    return block


def _is_bio(line: str) -> bool:
    return bool(_BIO.match(line))


def _is_noise(line: str) -> bool:
    """Non-body text that a sentence test alone would let through."""
    if is_chrome(line) or _is_bio(line) or is_question_heading(line):
        return True
    if line.endswith(("...", "…")) and word_count(line) < limits.QUESTION_HEADING_MAX_WORDS:
        return True  # a truncated teaser of another story
    return word_count(line) <= _GLUED_MAX_WORDS and bool(_GLUED.search(line))


def _is_body_line(line: str) -> bool:
    return is_sentence_like(line) and not _is_noise(line)


def _next_line(lines: list[str], i: int, skip: set[int]) -> int | None:
    """Index of the next line after ``i`` that is not chrome (images count: they are in ``skip``)."""
    for j in range(i + 1, len(lines)):
        if j in skip or not is_chrome(lines[j]):
            return j
    return None


def _find_body_start(
    lines: list[str], skip: set[int], start: int, headline: str | None
) -> tuple[int, list[int]]:
    """Where the body starts, and the dek candidates met on the way."""
    candidates: list[int] = []
    for i in range(start, len(lines)):
        line = lines[i]
        if i in skip or line == headline or is_chrome(line) or is_header_line(line):
            continue
        if opening_dateline(line) and is_sentence_like(line):
            return i, candidates
        if _is_body_line(line):
            nxt = _next_line(lines, i, skip)
            if nxt is None or (nxt not in skip and _is_body_line(lines[nxt])):
                return i, candidates
            candidates.append(i)
        elif word_count(line) >= limits.DEK_MIN_WORDS and not _is_noise(line) and not is_name_line(line):
            candidates.append(i)
    return len(lines), candidates


def layout(lines: list[str], images: set[int]) -> Layout:
    """Decide headline, dek and body paragraphs; ``images`` are lines consumed by image blocks."""
    skip = set(images)
    for i, line in enumerate(lines):
        if is_video_marker(line):
            skip |= _video_block(lines, i)
    headline = find_headline(lines, skip)
    headline_text = lines[headline] if headline is not None else None
    start = headline + 1 if headline is not None else 0
    body_start, candidates = _find_body_start(lines, skip, start, headline_text)
    dek = candidates[-1] if candidates else None
    paragraphs: list[int] = []
    for i in range(body_start, len(lines)):
        line = lines[i]
        if is_body_end(line):
            break
        if i in skip or line == headline_text:
            continue
        if i + 1 < len(lines) and is_post_attribution(lines[i + 1]):
            continue  # an embedded post or a pull quote, signed on the next line
        if _is_body_line(line):
            paragraphs.append(i)
    return Layout(headline, dek, body_start, tuple(paragraphs))
