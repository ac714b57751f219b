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

# The roles of a photo's lines.
PHOTO_ROLES: Final[tuple[str, ...]] = (IMAGE_ALT, CAPTION, CREDIT)

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


# Spaces that do not break, and marks that do not show: a dump written by another tool may carry
# them ("By\u00a0Jane Roe"), and no pattern should depend on them.
_SPACES = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u200b": None,
        "\u2060": None,
        "\ufeff": None,
        "\u00ad": None,
    }
)


def dump_lines(text: str) -> list[str]:
    """The non-empty, stripped lines of a dump, with no-break spaces as spaces and invisible marks
    (zero-width space, word joiner, byte-order mark, soft hyphen) removed: the unit every role
    belongs to."""
    return [stripped for line in text.translate(_SPACES).splitlines() if (stripped := line.strip())]
