"""Image blocks: ``Image: <alt>`` lines, their captions and credits, and bare captioned credits.

Works on the list of non-empty lines and reports which of them it consumed, so the body
classifier never sees captions or credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz

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
from newsetl.parse.text import ends_like_sentence, is_sentence_like

IMAGE_PREFIX: Final[str] = "Image:"
# Alt texts of icons, logos, author headshots and other non-photos.
NON_PHOTO_ALT_PATTERNS: Final[tuple[str, ...]] = (
    r".*\b(logo|icon|button|headshot|avatar|profile (photo|picture)|author photo)\b.*",
    r"(facebook|twitter|x|linkedin|whatsapp|reddit|pinterest|gmail|email|messenger|flipboard|instagram"
    r"|youtube|telegram|print|share|copy link|close|menu|search)",
    r"(breaking news|newsletter|advertisement|placeholder|loading|send|vk)",
    r"close\b.*",
    r".*[-–—] video",
    r".*\bplay video\b.*",
    r"facebook messenger",
    r"[a-z]+",  # a single lowercase word: an icon name
    r"(reuters|ap|associated press|afp|getty images)",
    r".*, (senior |chief |political |news |staff )?(reporter|correspondent|editor|writer|journalist)\b.*",
)
_NON_PHOTO = tuple(re.compile(p, re.IGNORECASE) for p in NON_PHOTO_ALT_PATTERNS)
_BBC_CREDIT = re.compile(r"^Image (?:copyright|source)\s+(?P<credit>.+)$")
_BBC_CAPTION = re.compile(r"^Image caption\s*(?P<caption>.+)$")


@dataclass(frozen=True, slots=True)
class ImageBlock:
    """One photo as found in the dump; ``position`` is the index of its first non-empty line."""

    position: int
    alt_text: str | None
    caption: str | None
    credit: str | None


def is_non_photo_alt(alt: str) -> bool:
    return any(p.fullmatch(alt) for p in _NON_PHOTO) or is_chrome(alt)


def _similar(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(short) >= limits.REPEAT_MIN_SHARE * len(long_):
        return True
    return fuzz.ratio(a, b) >= limits.REPEAT_SIMILARITY


def _same_alt(a: str | None, b: str | None) -> bool:
    """Two ``Image:`` lines of one photo (galleries have near-identical alts of different photos)."""
    if not a or not b:
        return False
    short, long_ = sorted((a.strip(" ,"), b.strip(" ,")), key=len)
    return long_.endswith(short) or fuzz.ratio(a, b) >= limits.SAME_IMAGE_SIMILARITY


def _image_alt(line: str) -> str | None:
    return line[len(IMAGE_PREFIX) :].strip() or None


def _caption_parts(line: str, alt_caption: str | None) -> tuple[str | None, str | None] | None:
    """(caption, credit) if ``line`` is the caption of an image whose alt reads ``alt_caption``."""
    if is_name_line(line):
        return None  # a bare name under a headshot is a byline, not a caption
    only = credit_only(line)
    if only:
        return None, only
    caption, credit = split_caption_credit(line, loose=True)
    if credit or _similar(caption, alt_caption):
        return caption, credit
    if line.startswith("Image caption"):
        return caption, None
    return None


def _read_image(lines: list[str], start: int, consumed: set[int]) -> ImageBlock | None:
    """Read the block opened by the ``Image:`` line at ``start``; mark its lines consumed."""
    alt = _image_alt(lines[start])
    consumed.add(start)
    if alt and is_non_photo_alt(alt):
        return None
    alt_caption, alt_credit = split_caption_credit(alt) if alt else (None, None)
    caption: str | None = None
    credit: str | None = None
    i, budget = start + 1, limits.CAPTION_LOOKAHEAD
    while i < len(lines) and budget > 0:
        line = lines[i]
        if line.startswith(IMAGE_PREFIX):
            repeat = _image_alt(line)
            if not _same_alt(repeat, alt):
                break  # the next photo
            consumed.add(i)  # the same image repeated (alt again, or a caption with a hidden label)
            if repeat and alt and len(repeat) > len(alt):
                alt = repeat  # keep the fuller of two renderings of one alt text
                alt_caption, alt_credit = split_caption_credit(alt)
        elif is_chrome(line) and not credit_only(line):
            budget -= 1  # widgets such as "View image in fullscreen" may sit between
            if "image" in line.lower():
                consumed.add(i)
        elif (caption is not None and _similar(clean_caption_text(line), caption)) or (
            caption is None and credit is not None and _similar(split_caption_credit(line)[0], alt_caption)
        ):
            consumed.add(i)  # repeated caption
        elif caption is None and credit is None and (parts := _caption_parts(line, alt_caption)):
            caption, credit = parts
            consumed.add(i)
        else:
            break
        i += 1
    if alt_credit:
        credit = alt_credit
        caption = caption or alt_caption
    return ImageBlock(start, alt, caption, credit)


def _read_bbc_image(lines: list[str], start: int, consumed: set[int]) -> ImageBlock:
    """``Image copyright EPA`` followed by ``Image caption ...`` (either may be missing)."""
    credit: str | None = None
    caption: str | None = None
    i = start
    credit_match = _BBC_CREDIT.match(lines[i])
    if credit_match:
        credit = credit_match.group("credit").strip()
        consumed.add(i)
        i += 1
    if i < len(lines) and (caption_match := _BBC_CAPTION.match(lines[i])):
        caption = caption_match.group("caption").strip()
        consumed.add(i)
    return ImageBlock(start, None, caption, credit)


def _bare_caption(line: str) -> tuple[str, str] | None:
    """A caption line with a credit but no ``Image:`` line before it."""
    if line.endswith((".", "!", "?")):
        return None
    caption, credit = split_caption_credit(line)
    if caption and credit and (ends_like_sentence(caption) or "/" in credit):
        return caption, credit
    caption, credit = split_caption_credit(line, loose=True)
    if caption and credit and mentions_agency(credit):  # "... the country AP Photo/Edgar H. Clemente"
        return caption, credit
    return None


def _labelled_credit(line: str) -> str | None:
    """A credit line that starts with its label ("Photo: AFP"), printed under its caption."""
    credit = credit_only(line)
    return credit if credit and line.startswith(CREDIT_LABELS) else None


def scan_images(lines: list[str]) -> tuple[list[ImageBlock], set[int]]:
    """All photo blocks in page order, and the indices of every line they consumed."""
    images: list[ImageBlock] = []
    consumed: set[int] = set()
    last_related = -limits.RELATED_BLOCK_LINES - 1
    for i, line in enumerate(lines):
        if is_related_marker(line):
            last_related = i
        if i in consumed:
            continue
        if line.startswith(IMAGE_PREFIX) and i - last_related <= limits.RELATED_BLOCK_LINES:
            consumed.add(i)  # thumbnail of another story
        elif line.startswith(IMAGE_PREFIX):
            block = _read_image(lines, i, consumed)
            if block is not None:
                images.append(block)
        elif _BBC_CREDIT.match(line) or _BBC_CAPTION.match(line):
            images.append(_read_bbc_image(lines, i, consumed))
        elif bare := _bare_caption(line):
            consumed.add(i)
            images.append(ImageBlock(i, None, bare[0], bare[1]))
        elif credit := _labelled_credit(line):
            consumed.add(i)
            previous = lines[i - 1] if i > 0 else ""
            if i > 0 and i - 1 not in consumed and is_sentence_like(previous):
                consumed.add(i - 1)
                images.append(ImageBlock(i - 1, None, clean_caption_text(previous), credit))
    return images, consumed
