"""The rule reading of photo blocks, as a *feature* of the line-role model (not a decision).

It walks the dump once and says, for each line, whether the photo rules read it as an ``Image:``
alt line, a caption or a credit: an ``Image:`` line and the caption (and repeats) printed under
it; lines carrying their own label ("Image caption ...", "Image copyright ..."); a caption line
that ends in a credit; a labelled credit ("Photo: ...") under a sentence. The model weighs this
reading against everything else it sees, so a page where the rules go wrong can still be read right.
"""

from __future__ import annotations

import re
from typing import Final

from newsetl.parse import limits
from newsetl.parse.byline import is_name_line
from newsetl.parse.chrome import is_chrome, is_related_marker
from newsetl.parse.credits import (
    CREDIT_LABELS,
    clean_caption_text,
    credit_only,
    mentions_agency,
    split_caption_credit,
)
from newsetl.parse.images import IMAGE_PREFIX, is_non_photo_alt, same_alt, similar
from newsetl.parse.text import ends_like_sentence, is_sentence_like

ALT: Final = "alt"
CAPTION: Final = "caption"
CREDIT: Final = "credit"
# Widget labels in front of a caption or a credit ("Image caption ...", "Image copyright ...").
_LABELLED_CREDIT = re.compile(r"^Image (?:copyright|source)\s+\S")
_LABELLED_CAPTION = re.compile(r"^Image caption\s*\S")


def _caption_role(line: str, alt_caption: str | None) -> str | None:
    """How the line under an ``Image:`` line reads: its caption, its credit, or neither."""
    if is_name_line(line):
        return None  # a bare name under a headshot is a byline, not a caption
    if credit_only(line):
        return CREDIT
    caption, credit = split_caption_credit(line, loose=True)
    if credit or similar(caption, alt_caption) or _LABELLED_CAPTION.match(line):
        return CAPTION
    return None


def _read_block(lines: list[str], start: int, out: dict[int, str]) -> None:
    alt = lines[start][len(IMAGE_PREFIX) :].strip() or None
    out[start] = ALT
    if alt and is_non_photo_alt(alt):
        return
    alt_caption = split_caption_credit(alt)[0] if alt else None
    caption: str | None = None
    i, budget = start + 1, limits.CAPTION_LOOKAHEAD
    while i < len(lines) and budget > 0:
        line = lines[i]
        if line.startswith(IMAGE_PREFIX):
            if not same_alt(line[len(IMAGE_PREFIX) :].strip(), alt):
                return
            out[i] = ALT
        elif is_chrome(line) and not credit_only(line):
            budget -= 1
        elif caption is not None and similar(clean_caption_text(line), caption):
            out[i] = CAPTION
        elif caption is None and (role := _caption_role(line, alt_caption)):
            out[i] = role
            caption = clean_caption_text(line) if role == CAPTION else ""
        else:
            return
        i += 1


def _bare_caption(line: str) -> bool:
    """A caption line with a credit and no ``Image:`` line before it."""
    if line.endswith((".", "!", "?")):
        return False
    caption, credit = split_caption_credit(line)
    if caption and credit and (ends_like_sentence(caption) or "/" in credit):
        return True
    caption, credit = split_caption_credit(line, loose=True)
    return bool(caption and credit and mentions_agency(credit))


def _link_title(alt_line: str, under: str) -> bool:
    """The line under an ``Image:`` line repeats its alt text as a link title: no credit, and not
    ending like a sentence (a truncated title ends in "...")."""
    alt = alt_line[len(IMAGE_PREFIX) :].strip()
    title = under.removesuffix("...").removesuffix("…").strip()
    return (
        not under.startswith(IMAGE_PREFIX)
        and similar(alt.removesuffix("...").strip(), title)
        and split_caption_credit(under, loose=True)[1] is None
        and not ends_like_sentence(title)
    )


def thumbnail_runs(lines: list[str]) -> set[int]:
    """The lines of runs of at least ``limits.THUMBNAIL_RUN`` photo-and-title pairs back to back
    (each ``Image:`` line with its alt repeated as a link title under it): a grid of links to other
    stories, whatever its heading says, not the article's photos."""
    found: set[int] = set()
    i = 0
    while i < len(lines):
        j = i
        while (
            j + 1 < len(lines) and lines[j].startswith(IMAGE_PREFIX) and _link_title(lines[j], lines[j + 1])
        ):
            j += 2
        if (j - i) // 2 >= limits.THUMBNAIL_RUN:
            found.update(range(i, j))
        i = max(j, i + 1)
    return found


def scan_image_roles(lines: list[str]) -> dict[int, str]:
    """Line index -> ``alt`` / ``caption`` / ``credit`` for the lines the photo rules claim."""
    out: dict[int, str] = {}
    last_related = -limits.RELATED_BLOCK_LINES - 1
    for i, line in enumerate(lines):
        if is_related_marker(line):
            last_related = i
        if i in out:
            continue
        if line.startswith(IMAGE_PREFIX):
            if i - last_related > limits.RELATED_BLOCK_LINES:
                _read_block(lines, i, out)
        elif _LABELLED_CREDIT.match(line):
            out[i] = CREDIT
        elif _LABELLED_CAPTION.match(line) or _bare_caption(line):
            out[i] = CAPTION
        elif credit_only(line) and line.startswith(CREDIT_LABELS):
            out[i] = CREDIT
            if i > 0 and i - 1 not in out and is_sentence_like(lines[i - 1]):
                out[i - 1] = CAPTION
    return out
