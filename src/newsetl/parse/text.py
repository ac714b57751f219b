"""Small text predicates shared by the parser modules."""

from __future__ import annotations

import functools
import re

from newsetl.parse import limits

# A sentence ends in . ! ? or … , possibly followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:][\"”’'\)\]]*$|[\"”’]$")
_QUOTE_CHARS = '"“”‘’'


@functools.lru_cache(maxsize=65536)
def word_count(line: str) -> int:
    """Words of a line; separators such as "·", "|" or "—" do not count."""
    return sum(1 for word in line.split() if any(c.isalnum() for c in word))


def ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def has_quotation(line: str) -> bool:
    return any(c in line for c in _QUOTE_CHARS)


def is_question_heading(line: str) -> bool:
    """A short question without quotation: a crosshead or a related-story link."""
    return (
        line.endswith("?")
        and word_count(line) < limits.QUESTION_HEADING_MAX_WORDS
        and not has_quotation(line)
    )


def is_sentence_like(line: str) -> bool:
    """A line that reads like running text: enough words, ending like a sentence (or long)."""
    words = word_count(line)
    if words >= limits.BODY_LONG_WORDS:
        lower = sum(1 for w in line.split() if w[:1].islower())
        return ends_like_sentence(line) or lower >= limits.LONG_LINE_MIN_LOWER_SHARE * words
    return words >= limits.BODY_MIN_WORDS and ends_like_sentence(line)


_MARKS = re.compile(r"[^\w\s]")
_SHAPE_MARKS = 3


def list_shape(line: str) -> str:
    """The first few punctuation marks of a line: items of one list share it ("Sept. 5 -- Forum,
    Seattle" and "Oct. 3 -- Pavilion, Phoenix"; "Wales (Group E): ..." and "Chile (Group B): ...").
    Empty for a line with fewer marks (no shape to share)."""
    marks = "".join(_MARKS.findall(line))[:_SHAPE_MARKS]
    return marks if len(marks) == _SHAPE_MARKS else ""


def natural_case(name: str) -> str:
    """'DANICA KIRKA' -> 'Danica Kirka'; names already in mixed case are kept."""
    if not name.isupper():
        return name
    words = []
    for word in name.split():
        parts = re.split(r"([-'’])", word.lower())
        words.append("".join(p.capitalize() for p in parts))
    return " ".join(words)
