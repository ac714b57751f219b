"""The line roles, in one place."""

from __future__ import annotations

from typing import Final

HEADLINE: Final = "headline"
DEK: Final = "dek"
BYLINE: Final = "byline"
DATE: Final = "date"
DATELINE: Final = "dateline"
BODY: Final = "body"
CROSSHEAD: Final = "crosshead"
IMAGE_ALT: Final = "image_alt"
CAPTION: Final = "caption"
CREDIT: Final = "credit"
CHROME: Final = "chrome"

# Every non-empty line of a dump gets exactly one of these.
ROLES: Final[tuple[str, ...]] = (
    HEADLINE,
    DEK,
    BYLINE,
    DATE,
    DATELINE,
    BODY,
    CROSSHEAD,
    IMAGE_ALT,
    CAPTION,
    CREDIT,
    CHROME,
)


def dump_lines(text: str) -> list[str]:
    """The non-empty, stripped lines of a dump: the unit every role belongs to."""
    return [stripped for line in text.splitlines() if (stripped := line.strip())]
