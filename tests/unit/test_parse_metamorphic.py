"""Metamorphic tests: a harmless edit of a dump must not change its parse.

Over the corpus's gold pages, each edit is applied and the parse compared with the parse of the
original page, modulo the edit itself (the appended note is removed, quotes are unified before
comparing). The rule parser this model replaced turned most pages into an empty body when a
reference note was appended to each long line; these tests fail on such a parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from newsetl.model import ParsedArticle
from newsetl.parse import parse_article

pytestmark = pytest.mark.corpus

NOTE = " (Ref 1-9.)"
LONG_LINE_WORDS = 12
# Pages (of every ten) whose parse may change under an edit.
MAX_CHANGED_PER_TEN = 1
_CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _pages(corpus_dir: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((corpus_dir / "text").glob("*.txt"))]


def append_note(text: str) -> str:
    """Append a reference note to every long line."""
    return "\n".join(
        f"{line}{NOTE}" if len(line.split()) >= LONG_LINE_WORDS else line for line in text.split("\n")
    )


def insert_ad(text: str) -> str:
    """An "Advertisement" line between two paragraphs in the middle of the body."""
    lines = text.split("\n")
    long_lines = [i for i, line in enumerate(lines) if len(line.split()) >= LONG_LINE_WORDS]
    if len(long_lines) < 2:
        return text
    at = long_lines[len(long_lines) // 2] + 1
    return "\n".join([*lines[:at], "", "Advertisement", "", *lines[at:]])


def straight_quotes(text: str) -> str:
    return text.translate(_CURLY)


def extra_blank_lines(text: str) -> str:
    return text.replace("\n\n", "\n\n\n")


def no_break_spaces(text: str) -> str:
    """No-break spaces where a tool that wrote the dump may put them: after "By" and commas."""
    return text.replace("By ", "By\u00a0").replace(", ", ",\u00a0")


def invisible_marks(text: str) -> str:
    """A byte-order mark at the start and zero-width spaces after words."""
    return "\ufeff" + text.replace("the ", "the\u200b ")


def _key(article: ParsedArticle) -> tuple[object, ...]:
    def clean(text: str | None) -> str | None:
        return None if text is None else re.sub(re.escape(NOTE) + "$", "", text).translate(_CURLY)

    return (
        clean(article.headline),
        clean(article.dek),
        article.authors,
        article.published_date,
        article.dateline,
        tuple(clean(p) for p in article.paragraphs),
        len(article.images),
    )


EDITS: dict[str, Callable[[str], str]] = {
    "append_note": append_note,
    "insert_ad": insert_ad,
    "straight_quotes": straight_quotes,
    "extra_blank_lines": extra_blank_lines,
    "no_break_spaces": no_break_spaces,
    "invisible_marks": invisible_marks,
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_harmless_edit_keeps_the_parse(corpus_dir: Path, edit: str) -> None:
    pages = _pages(corpus_dir)
    changed = []
    edited_pages = 0
    for n, text in enumerate(pages):
        edited = EDITS[edit](text)
        edited_pages += edited != text
        if _key(parse_article(edited)) != _key(parse_article(text)):
            changed.append(n)
    assert edited_pages >= len(pages) // 2, "the edit must change most dumps"
    allowed = len(pages) * MAX_CHANGED_PER_TEN // 10
    assert len(changed) <= allowed, f"{edit} changed the parse of {len(changed)} of {len(pages)} pages"


def test_note_edit_keeps_the_body(corpus_dir: Path) -> None:
    """The appended note never empties a body (the failure of the rule parser)."""
    for text in _pages(corpus_dir):
        original = parse_article(text)
        edited = parse_article(append_note(text))
        assert len(edited.paragraphs) >= len(original.paragraphs) - 1
