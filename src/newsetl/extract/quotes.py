"""Find quotation spans in the body and tell full quotes from partial ones."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def find_quote_spans(paragraphs: tuple[str, ...]) -> list[QuoteSpan]:
    """Every quoted span of the body in order; an unclosed quote runs on into the next paragraph.

    A paragraph that leaves a quote open and a next paragraph that opens with a mark form one
    quotation: the second span is marked ``continued``.
    """
    result: list[QuoteSpan] = []
    carried = False
    for index, (paragraph, offset) in enumerate(zip(paragraphs, _paragraph_offsets(paragraphs), strict=True)):
        spans = _spans_in_paragraph(paragraph)
        opens_with_mark = paragraph[:1] in (OPEN_MARKS, STRAIGHT)
        for position, (start, end, open_ended) in enumerate(spans):
            if paragraph[start:end].strip():
                continued = carried and position == 0 and opens_with_mark and start == 1
                result.append(QuoteSpan(offset + start, offset + end, index, continued, open_ended))
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
