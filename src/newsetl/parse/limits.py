"""Thresholds of the text-dump parser, in one place (to move into settings later)."""

from __future__ import annotations

# A headline has at least this many words.
HEADLINE_MIN_WORDS = 4
# A body paragraph has at least this many words (and ends like a sentence) ...
BODY_MIN_WORDS = 4
# ... unless it is this long, in which case it need not end like a sentence.
BODY_LONG_WORDS = 20
# A long line without a sentence end is text only if this share of its words start lower-case.
LONG_LINE_MIN_LOWER_SHARE = 0.25
# A line ending in "?" with fewer words than this (and no quotation) is a heading or a link.
QUESTION_HEADING_MAX_WORDS = 15
# A credit has at most this many words.
CREDIT_MAX_WORDS = 10
# A date line (in the header) has at most this many words.
DATE_LINE_MAX_WORDS = 16
# A byline line has at most this many words.
BYLINE_MAX_WORDS = 16
# Similarity (0-100, rapidfuzz) above which a line repeats an alt text or caption.
REPEAT_SIMILARITY = 90.0
# Similarity above which two consecutive "Image:" lines show the same photo.
SAME_IMAGE_SIMILARITY = 98.0
# A line that starts with another repeats it only if it is at least this share of its length.
REPEAT_MIN_SHARE = 0.6
# Non-empty lines between an "Image:" line and its caption (widgets may sit between).
CAPTION_LOOKAHEAD = 2
# Non-empty lines after a "Read more"/"Related" marker whose images are thumbnails of other stories.
RELATED_BLOCK_LINES = 2
# Photo-and-title pairs back to back that make a grid of story thumbnails (parse/image_scan.py).
THUMBNAIL_RUN = 3
