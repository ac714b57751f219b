"""Photo vocabulary: the ``Image:`` prefix, alt texts of non-photos, repeated alts and captions.

The blocks themselves are read from line roles in :mod:`newsetl.parse.roles_images`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from rapidfuzz import fuzz

from newsetl.parse import limits
from newsetl.parse.chrome import is_chrome

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


@dataclass(frozen=True, slots=True)
class ImageBlock:
    """One photo as found in the dump; ``position`` is the index of its first non-empty line."""

    position: int
    alt_text: str | None
    caption: str | None
    credit: str | None


def is_non_photo_alt(alt: str) -> bool:
    return any(p.fullmatch(alt) for p in _NON_PHOTO) or is_chrome(alt)


def similar(a: str | None, b: str | None) -> bool:
    """Two texts are the same caption (one starts the other, or they are near-identical)."""
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(short) >= limits.REPEAT_MIN_SHARE * len(long_):
        return True
    return fuzz.ratio(a, b) >= limits.REPEAT_SIMILARITY


def same_alt(a: str | None, b: str | None) -> bool:
    """Two ``Image:`` lines of one photo (galleries have near-identical alts of different photos)."""
    if not a or not b:
        return False
    short, long_ = sorted((a.strip(" ,"), b.strip(" ,")), key=len)
    return long_.endswith(short) or fuzz.ratio(a, b) >= limits.SAME_IMAGE_SIMILARITY
