"""Features of each line of a dump, for the line-role model. Pure: lines in, numbers out.

Today's parser patterns (chrome, byline, date, credit, name predicates) are features here, not
decisions. Context comes from the neighbouring *content* lines (lines that are not known chrome,
so an inserted "Advertisement" line changes no neighbour) and from the line's position relative to
the first run of running text. Quotation marks are unified first, so straight and curly quotes
give the same features.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from typing import Final

from rapidfuzz import fuzz

from newsetl.parse.byline import (
    find_date,
    is_date_line,
    is_name_line,
    is_role_line,
    names_line,
    opening_dateline,
    parse_byline,
)
from newsetl.parse.chrome import (
    is_body_end,
    is_chrome,
    is_post_attribution,
    is_related_marker,
    is_shouting,
    is_video_marker,
    is_widget_row,
)
from newsetl.parse.credits import CREDIT_LABELS, credit_only, is_person, mentions_agency, split_caption_credit
from newsetl.parse.image_scan import ALT, CAPTION, CREDIT, scan_image_roles
from newsetl.parse.images import IMAGE_PREFIX, is_non_photo_alt
from newsetl.parse.text import ends_like_sentence, is_question_heading, is_sentence_like, word_count

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "„": '"', "«": '"', "»": '"'})
_BIO = re.compile(
    r"^[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3}\s+(?:(?:is|was)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:reporter|correspondent|editor|producer|writer|journalist|columnist|contributor|anchor|host)\b"
    r"|covers\s+[\w\s,]{0,60}\bfor\s+(?:The\s+)?[A-Z])"
)


def is_author_bio(line: str) -> bool:
    """ "Jane Doe is a politics reporter for …", "John Roe covers courts for The …"."""
    return bool(_BIO.match(line))


_GLUED = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]")
_LINK = re.compile(r"https?://|www\.|@\w|#\w")
_SEPARATOR = re.compile(r"\s[|·•]\s|[|•]")
_TRAILING_NOTE = re.compile(r"\s*\((?P<inner>[^()]{1,40})\)$")
_RUN_MIN_WORDS: Final = 12
_LONG_WORDS: Final = 15
_CLIP: Final = 40
_NEIGHBOUR_OFFSETS: Final[tuple[int, ...]] = (-2, -1, 1, 2)

BASE_FEATURES: Final[tuple[str, ...]] = (
    "words",
    "log_chars",
    "ends_sentence",
    "ends_question",
    "ends_colon",
    "has_quote",
    "starts_quote",
    "quote_count",
    "upper_share",
    "title_share",
    "lower_share",
    "digit_share",
    "sentence_like",
    "chrome",
    "widget_row",
    "shouting",
    "video_marker",
    "related_marker",
    "body_end",
    "post_attribution",
    "date_line",
    "has_date",
    "byline",
    "byline_authors",
    "byline_agency",
    "names_line",
    "name_line",
    "role_line",
    "opening_dateline",
    "starts_by",
    "credit_only",
    "caption_credit",
    "mentions_agency",
    "image_line",
    "non_photo_alt",
    "credit_label",
    "question_heading",
    "bio",
    "separators",
    "link",
    "ellipsis",
    "glued",
    "alt_similarity",
    "repeats",
    "prefix_of_other",
    "scan_alt",
    "scan_caption",
    "scan_credit",
)
_NEIGHBOUR_BASE: Final[tuple[str, ...]] = (
    "words",
    "ends_sentence",
    "sentence_like",
    "image_line",
    "date_line",
    "byline",
    "names_line",
    "credit_only",
    "caption_credit",
    "opening_dateline",
    "shouting",
    "alt_similarity",
    "scan_caption",
    "scan_credit",
)
POSITION_FEATURES: Final[tuple[str, ...]] = (
    "rank",
    "rank_from_end",
    "rel_position",
    "from_run_start",
    "before_run",
    "to_long_line",
    "sentence_share_before",
    "headline_rank",
    "rank_before_run",
    "image_share",
    "page_lines",
)
FEATURE_NAMES: Final[tuple[str, ...]] = (
    *BASE_FEATURES,
    *POSITION_FEATURES,
    *(f"n{offset:+d}_{name}" for offset in _NEIGHBOUR_OFFSETS for name in _NEIGHBOUR_BASE),
)
_INDEX = {name: i for i, name in enumerate(BASE_FEATURES)}
_NEIGHBOUR_INDEX = tuple(_INDEX[name] for name in _NEIGHBOUR_BASE)
_MISSING = -1.0
_SCAN: Final[tuple[str, ...]] = (ALT, CAPTION, CREDIT)  # the photo rules' reading (scan_* features)


def _looks_like_credit(inner: str) -> bool:
    """A bracketed photo credit ("ITV via AP", "Photo: X/PA"), not a reference note ("Ref 1-9.")."""
    words = inner.split()
    if mentions_agency(inner) or "/" in inner or "via" in words or inner.startswith(CREDIT_LABELS):
        return True
    return is_person(inner) or (
        len(words) >= 2 and not any(c.isdigit() for c in inner) and all(w[:1].isupper() for w in words)
    )


def _core(line: str) -> str:
    """The line as the features see it: unified quotes, and a trailing bracketed note that is
    not a credit set aside (so appending one changes nothing)."""
    line = line.translate(_QUOTES)
    note = _TRAILING_NOTE.search(line)
    if note and not _looks_like_credit(note.group("inner")):
        rest = line[: note.start()]
        if word_count(rest) >= 3:
            return rest
    return line


def _shares(line: str) -> tuple[float, float, float, float]:
    letters = sum(map(str.isalpha, line))
    words = [w for w in line.split() if not w.isdigit() and any(map(str.isalpha, w))]
    upper = sum(map(str.isupper, line)) / letters if letters else 0.0
    title = sum(w[0].isupper() for w in words) / len(words) if words else 0.0
    lower = sum(w[0].islower() for w in words) / len(words) if words else 0.0
    digits = sum(map(str.isdigit, line)) / len(line) if line else 0.0
    return upper, title, lower, digits


def _base(text: str, alt_similarity: float, repeats: int, prefix_of_other: bool) -> list[float]:
    byline = parse_byline(text)
    caption, credit = split_caption_credit(text)
    upper, title, lower, digits = _shares(text)
    image = text.startswith(IMAGE_PREFIX)
    return [
        float(word_count(text)),
        math.log1p(len(text)),
        float(ends_like_sentence(text)),
        float(text.endswith("?")),
        float(text.endswith(":")),
        float('"' in text),
        float(text[:1] in "\"'"),
        float(text.count('"')),
        upper,
        title,
        lower,
        digits,
        float(is_sentence_like(text)),
        float(is_chrome(text)),
        float(is_widget_row(text)),
        float(is_shouting(text)),
        float(is_video_marker(text)),
        float(is_related_marker(text)),
        float(is_body_end(text)),
        float(is_post_attribution(text)),
        float(is_date_line(text)),
        float(find_date(text) is not None),
        float(byline is not None),
        float(bool(byline and byline.authors)),
        float(bool(byline and byline.agency)),
        float(bool(names_line(text))),
        float(is_name_line(text)),
        float(is_role_line(text)),
        float(opening_dateline(text) is not None),
        float(text[:3].lower() == "by "),
        float(credit_only(text) is not None),
        float(bool(caption and credit)),
        float(mentions_agency(text)),
        float(image),
        float(image and is_non_photo_alt(text[len(IMAGE_PREFIX) :].strip())),
        float(text.startswith(CREDIT_LABELS)),
        float(is_question_heading(text)),
        float(is_author_bio(text)),
        float(len(_SEPARATOR.findall(text))),
        float(bool(_LINK.search(text))),
        float(text.endswith(("...", "…"))),
        float(bool(_GLUED.search(text)) and word_count(text) <= _RUN_MIN_WORDS),
        alt_similarity,
        float(repeats),
        float(prefix_of_other),
    ]


def _alt_similarities(lines: list[str]) -> list[float]:
    """Similarity of each line to the ``Image:`` alt text just before it (captions repeat alts)."""
    out: list[float] = []
    last_alt: str | None = None
    since = 99
    for line in lines:
        if line.startswith(IMAGE_PREFIX):
            out.append(0.0)
            last_alt, since = line[len(IMAGE_PREFIX) :].strip(), 0
            continue
        since += 1
        if last_alt and since <= 3:
            out.append(fuzz.partial_ratio(last_alt, line) / 100.0 if len(line) > 3 else 0.0)
        else:
            out.append(0.0)
    return out


def _prefix_of_other(keys: list[str]) -> list[bool]:
    heads = Counter(k[:60] for k in keys if len(k) >= 30)
    return [len(k) >= 30 and heads[k[:60]] > 1 for k in keys]


def _clip(value: float) -> float:
    return float(max(-_CLIP, min(_CLIP, value)))


def _positions(lines: list[str], base: list[list[float]], content: list[int]) -> list[list[float]]:
    """Position features; ranks count content lines only, so inserted chrome changes nothing."""
    n_content = max(len(content), 1)
    rank_of: list[int] = []
    rank = 0
    for i in range(len(lines)):
        rank_of.append(rank)
        if rank < len(content) and content[rank] == i:
            rank += 1
    rank_of = [min(r, n_content - 1) for r in rank_of]
    words, sentence = _INDEX["words"], _INDEX["sentence_like"]
    runish = [base[i][sentence] > 0 and base[i][words] >= _RUN_MIN_WORDS for i in content]
    run_start = next((k for k in range(len(runish) - 1) if runish[k] and runish[k + 1]), None)
    if run_start is None:
        run_start = next((k for k, r in enumerate(runish) if r), n_content)
    long_ranks = [k for k, i in enumerate(content) if base[i][words] >= _LONG_WORDS and base[i][sentence] > 0]
    headline_like = [
        base[i][words] >= 4 and not base[i][_INDEX["date_line"]] and not base[i][_INDEX["byline"]]
        for i in content
    ]
    images = sum(1 for i in content if lines[i].startswith(IMAGE_PREFIX))
    sentences_before = list(itertools.accumulate((base[i][sentence] for i in content), initial=0.0))
    headlines_before = list(itertools.accumulate(headline_like, initial=0))
    out: list[list[float]] = []
    for i in range(len(lines)):
        k = rank_of[i]
        sentence_share = sentences_before[k] / k if k else 0.0
        headline_rank = headlines_before[k]
        at = bisect.bisect_left(long_ranks, k)
        to_long = min(
            (abs(k - long_ranks[j]) for j in (at - 1, at) if 0 <= j < len(long_ranks)), default=_CLIP
        )
        out.append(
            [
                _clip(k),
                _clip(n_content - 1 - k),
                k / n_content,
                _clip(k - run_start),
                float(k < run_start),
                _clip(to_long),
                sentence_share,
                _clip(headline_rank),
                _clip(run_start - k),
                images / n_content,
                math.log1p(n_content),
            ]
        )
    return out


def line_features(lines: list[str]) -> list[list[float]]:
    """One feature row per line (``FEATURE_NAMES`` order) for the non-empty lines of a dump."""
    lines = [_core(line) for line in lines]
    keys = [" ".join(line.casefold().split()) for line in lines]
    counts = Counter(keys)
    alt_sim = _alt_similarities(lines)
    prefix = _prefix_of_other(keys)
    scan = scan_image_roles(lines)
    base = [
        [*_base(line, alt_sim[i], counts[keys[i]] - 1, prefix[i]), *(float(scan.get(i) == r) for r in _SCAN)]
        for i, line in enumerate(lines)
    ]
    chrome = _INDEX["chrome"]
    content = [i for i in range(len(lines)) if not base[i][chrome]]
    positions = _positions(lines, base, content)
    rows: list[list[float]] = []
    before = 0  # content lines before line i
    for i in range(len(lines)):
        own = before < len(content) and content[before] == i
        neighbours: list[float] = []
        for offset in _NEIGHBOUR_OFFSETS:
            # a chrome line's neighbours are the content lines around it
            target = before + offset if offset < 0 else before + offset - (0 if own else 1)
            if 0 <= target < len(content):
                row = base[content[target]]
                neighbours.extend(row[j] for j in _NEIGHBOUR_INDEX)
            else:
                neighbours.extend(_MISSING for _ in _NEIGHBOUR_INDEX)
        rows.append([*base[i], *positions[i], *neighbours])
        before += own
    return rows
