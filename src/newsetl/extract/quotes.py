"""Find quotation spans in the body and tell full quotes from partial ones."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsetl.extract.lexicon import FUNCTION_WORDS, LABEL_DETERMINERS, OBJECT_AFTER, OBJECT_WORDS

OPEN_MARKS = "“"
CLOSE_MARKS = "”"
STRAIGHT = '"'
AP_CLOSE = "’’"
_MARK = re.compile(r"’’|[“”\"]")


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """Characters between a pair of marks, as offsets into the body (marks excluded)."""

    start: int
    end: int
    paragraph_index: int
    continued: bool  # the quote carries on from the previous paragraph
    open_ended: bool  # no closing mark before the paragraph ended
    single: bool = False  # between single marks (‘…’ or '…'), outside every double-marked span


def _paragraph_offsets(paragraphs: tuple[str, ...]) -> list[int]:
    offsets, position = [], 0
    for paragraph in paragraphs:
        offsets.append(position)
        position += len(paragraph) + 2
    return offsets


def _spans_in_paragraph(paragraph: str) -> list[tuple[int, int, bool]]:
    """(start, end, open_ended) inside one paragraph; never raises on odd marks."""
    spans: list[tuple[int, int, bool]] = []
    open_at: int | None = None
    for mark in _MARK.finditer(paragraph):
        text = mark.group()
        if text == OPEN_MARKS or (text == STRAIGHT and open_at is None):
            if open_at is None:
                open_at = mark.end()
            continue  # a second opening mark inside an open quote is nested text
        if open_at is None:
            continue  # a closing mark with nothing open
        if mark.start() > open_at:
            spans.append((open_at, mark.start(), False))
        open_at = None
    if open_at is not None and len(paragraph) > open_at:
        spans.append((open_at, len(paragraph), True))
    return spans


# A single mark opens a quote at the start of a paragraph or after a space or an opening bracket or
# dash, before a letter, digit or opening punctuation; it closes after a non-space and before a space,
# punctuation or the end. A mark between two letters (don't, it’s) is an apostrophe, never a boundary.
_SINGLE_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))['‘](?=[\w“\"(\[…])")
_SINGLE_CLOSE = re.compile(r"(?<=[^\s'‘’])['’](?=[\s.,;:!?)\]—–…\"”-]|$)")
_ELISION = re.compile(r"^(?:n|em|til|cause|tis|twas|\d0s|\d\d)$", re.IGNORECASE)


def _single_spans(paragraph: str, taken: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Spans between single marks outside the double-marked ``taken`` spans.

    Elisions ("rock 'n' roll", "the '90s") are not quotes. A closing mark after an ``s`` and before
    a space may be a plural possessive ("the players' union"): it closes only when no later closing
    mark would.
    """

    def inside(position: int) -> bool:
        return any(start - 1 <= position <= end for start, end, _ in taken)

    spans: list[tuple[int, int, bool]] = []
    position = 0
    while True:
        opening = next((m for m in _SINGLE_OPEN.finditer(paragraph, position) if not inside(m.start())), None)
        if opening is None:
            return spans
        closes = [m for m in _SINGLE_CLOSE.finditer(paragraph, opening.end()) if not inside(m.start())]
        firm = [
            m
            for m in closes
            if not (paragraph[m.start() - 1] == "s" and paragraph[m.end() : m.end() + 1] == " ")
        ]
        close = firm[0] if firm else (closes[-1] if closes else None)
        if close is None:
            return spans
        text = paragraph[opening.end() : close.start()]
        if not _ELISION.match(text) and sum(ch.isalpha() for ch in text) >= 2:
            spans.append((opening.end(), close.start(), False))
        position = close.end()


def find_quote_spans(paragraphs: tuple[str, ...]) -> list[QuoteSpan]:
    """Every quoted span of the body in order; an unclosed quote runs on into the next paragraph.

    A paragraph that leaves a quote open and a next paragraph that opens with a mark form one
    quotation: the second span is marked ``continued``.
    """
    result: list[QuoteSpan] = []
    carried = False
    for index, (paragraph, offset) in enumerate(zip(paragraphs, _paragraph_offsets(paragraphs), strict=True)):
        spans = _spans_in_paragraph(paragraph)
        singles = _single_spans(paragraph, spans)
        opens_with_mark = paragraph[:1] in (OPEN_MARKS, STRAIGHT)
        for position, (start, end, open_ended) in enumerate(spans):
            if paragraph[start:end].strip():
                continued = carried and position == 0 and opens_with_mark and start == 1
                result.append(QuoteSpan(offset + start, offset + end, index, continued, open_ended))
        for start, end, _ in singles:
            result.append(QuoteSpan(offset + start, offset + end, index, False, False, single=True))
        result.sort(key=lambda span: span.start)
        carried = bool(spans) and spans[-1][2]
    return result


_SENTENCE_END = re.compile(r"[.!?…,;:]['’”\)]*\s*$")


def quote_kind(quote: str, before: str) -> str:
    """``full`` when the span stands as the speaker's own sentence, else ``partial``.

    ``before`` is the text of the paragraph up to the opening mark.
    """
    words = quote.split()
    starts_upper = quote[:1].isupper() or quote[:1] in "[("
    ends_sentence = bool(_SENTENCE_END.search(quote))
    lead = before.rstrip()
    after_frame = lead == "" or lead.endswith((":", ",", "—", "–", "-")) or lead[-1:] in ".!?"
    if starts_upper and after_frame and (ends_sentence or len(words) >= 6):
        return "full"
    if starts_upper and len(words) >= 8 and ends_sentence:
        return "full"
    return "partial"


_LEAD_WORDS = re.compile(r"[\w-]+")


def followed_as_object(after: str) -> bool:
    """Whether the words after a quote say it is written on something ("... written on them")."""
    words = _LEAD_WORDS.findall(after[:40].lower())
    return bool(words) and words[0] in OBJECT_AFTER


def introduced_as_object(before: str, within: int = 5) -> int | None:
    """How many words back (1 = the last) the text before a quote names an object, a chant or a title
    ("a banner reading", "a plaque on the wall says", "the film"); ``None`` when none of the last
    ``within`` words does."""
    words = [w.lower() for w in _LEAD_WORDS.findall(before[-80:])][-within:]
    for back, word in enumerate(reversed(words), start=1):
        if word in OBJECT_WORDS:
            return back
    return None


def names_a_thing(text: str, before: str, after: str) -> bool:
    """A short quoted label used as a modifier: "a 'phase one' trade deal", "the “blue wall” states".

    The quoted words sit between a determiner and a lowercase noun: they name a thing rather than
    report what someone said ("a “very senior member” of the team" stays a quote).
    """
    if len(text.split()) > 3 or not before.rstrip(" ‘'“\"").split():
        return False
    previous = before.rstrip(" ‘'“\"").split()[-1].lower()
    following = _LEAD_WORDS.findall(after[:30])
    next_word = following[0] if following else ""
    return (
        previous in LABEL_DETERMINERS
        and after[:1] == " "
        and next_word[:1].islower()
        and next_word not in FUNCTION_WORDS
    )
