"""Per-line role labels for every corpus page (hand gold and weak pages). Reads the corpus.

Used only by training (``make train``) and evaluation (``benchmarks/cv.py``), never by the parser.

Every page becomes a :class:`LabelledPage`: its non-empty lines, the role of each line where it is
known (``None`` = unlabelled) and, per line, the set of roles whose membership is known. On a gold
page every line is fully known. On a weak page from fundus, headline, dek, body, crosshead and
caption lines are labelled upstream; the byline and date lines are found here from the upstream
authors and date; an unlabelled line is a negative for those roles only. On a scrapinghub page
only body and crosshead are informative (weak README): other roles are masked there.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from newsetl.evaluate.gold import GoldArticle, load_gold
from newsetl.parse.byline import find_date, is_date_line, is_role_line, parse_byline
from newsetl.parse.chrome import is_post_attribution
from newsetl.parse.credits import CREDIT_LABELS, clean_caption_text, credit_only, split_caption_credit
from newsetl.parse.text import ends_like_sentence, is_question_heading, word_count
from newsetl.roles.schema import (
    BODY,
    BYLINE,
    CAPTION,
    CHROME,
    CREDIT,
    CROSSHEAD,
    DATE,
    DATELINE,
    DEK,
    HEADLINE,
    IMAGE_ALT,
    ROLES,
    dump_lines,
)

ALL_ROLES = frozenset(ROLES)
FUNDUS_KNOWN = frozenset({HEADLINE, DEK, BODY, CROSSHEAD, CAPTION})
BODY_KNOWN = frozenset({BODY, CROSSHEAD})
_CAPTION_SIMILARITY = 85.0
_CROSSHEAD_MAX_WORDS = 15
_BYLINE_MAX_WORDS = 12
_STANDALONE_DATELINE_MAX_WORDS = 4


@dataclass(frozen=True, slots=True)
class LabelledPage:
    """One page: its lines, the role of each (None = unknown) and the roles known per line."""

    page_id: str
    publisher: str  # normalised: the cross-validation group
    source: str  # "gold", "fundus" or "scrapinghub"
    lines: tuple[str, ...]
    roles: tuple[str | None, ...]
    known: tuple[frozenset[str], ...]
    gold: GoldArticle | None = None


def normalise_publisher(name: str) -> str:
    """One group per publisher across gold and weak ("AP News (apnews.com)" = "AP News")."""
    name = re.sub(r"\(.*?\)", "", name).casefold()
    name = re.sub(r"^the\s+", "", name.strip())
    return re.sub(r"[^a-z0-9]+", "", name)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _is_caption_of(line: str, gold: GoldArticle) -> bool:
    text = clean_caption_text(line)
    for image in gold.images:
        for caption in (image.caption, image.alt):
            if not caption:
                continue
            if (
                _norm(caption) in _norm(text)
                or fuzz.ratio(_norm(caption), _norm(text)) >= _CAPTION_SIMILARITY
            ):
                return True
            head, _ = split_caption_credit(text, loose=True)
            if head and fuzz.ratio(_norm(caption), _norm(head)) >= _CAPTION_SIMILARITY:
                return True
    return False


def _is_credit_of(line: str, gold: GoldArticle) -> bool:
    text = _norm(clean_caption_text(line)).casefold()
    credits = [_norm(i.credit).casefold() for i in gold.images if i.credit]
    return bool(credit_only(line)) or any(
        c and (c == text or (c in text and len(text) <= 2 * len(c))) for c in credits
    )


def _is_photo_alt(line: str, gold: GoldArticle) -> bool:
    alt = line[len("Image:") :].strip()
    return (
        any(
            image.alt
            and (
                fuzz.ratio(_norm(image.alt), _norm(alt)) >= _CAPTION_SIMILARITY
                or _norm(alt) in _norm(image.alt)
            )
            for image in gold.images
        )
        if alt
        else False
    )


_GENERIC_NAME_WORDS = frozenset({"press", "news", "the", "associated", "agency", "agencies", "media"})


def _mentions_author(line: str, authors: tuple[str, ...]) -> bool:
    words = set(re.findall(r"[\w'’-]+", line.casefold()))
    for author in authors:
        tokens = [t for t in re.findall(r"[\w'’-]+", author.casefold()) if t not in _GENERIC_NAME_WORDS]
        if (
            author.casefold() in line.casefold()
            or (tokens and tokens[-1] in words)
            or (len(tokens) == 1 and tokens[0] in words)
        ):
            return True
    return False


def _is_byline(line: str, authors: tuple[str, ...]) -> bool:
    """A short line naming an author (or an agency byline such as ``By Associated Press``)."""
    if word_count(line) > 16 or is_post_attribution(line):
        return False
    byline = parse_byline(line)
    if byline is not None and line.lstrip().lower().startswith("by "):
        return True
    return _mentions_author(line, authors) and not (ends_like_sentence(line) and word_count(line) > 6)


def _near_date(line: str, published: str | None, days: int) -> bool:
    if not published or not is_date_line(line):
        return False
    found = find_date(line)
    if found is None:
        return False
    return abs((found - dt.date.fromisoformat(published)).days) <= days


def _not_body_role(line: str, gold: GoldArticle) -> str:
    if line.startswith("Image:"):
        return IMAGE_ALT if _is_photo_alt(line, gold) else CHROME
    if is_post_attribution(line):
        return CHROME
    if _is_caption_of(line, gold):
        return CAPTION
    if _is_byline(line, gold.authors):
        return BYLINE
    if gold.images and _is_credit_of(line, gold):
        return CREDIT
    if _near_date(line, gold.published, 1) or (is_date_line(line) and find_date(line) is not None):
        return DATE
    return CHROME


def _byline_neighbours(lines: list[str], roles: dict[int, str]) -> None:
    """Role lines and agency lines standing right under a byline belong to the byline block."""
    for i, line in enumerate(lines):
        if roles.get(i) not in (CHROME, CREDIT) or i == 0 or roles.get(i - 1) != BYLINE:
            continue
        if line.startswith(CREDIT_LABELS):
            continue
        if is_role_line(line) or (
            credit_only(line) and roles.get(i + 1) != IMAGE_ALT and word_count(line) <= 3
        ):
            roles[i] = BYLINE


def _first_index(lines: list[str], text: str | None, taken: dict[int, str]) -> int | None:
    if text is None:
        return None
    return next((i for i, line in enumerate(lines) if i not in taken and _norm(line) == _norm(text)), None)


def gold_page(text: str, gold: GoldArticle) -> LabelledPage:
    """Label every line of a gold page from its annotation."""
    lines = dump_lines(text)
    roles: dict[int, str] = {}
    headline = _first_index(lines, gold.headline, roles)
    if headline is not None:
        roles[headline] = HEADLINE
    dek = _first_index(lines, gold.dek, roles)
    if dek is not None:
        roles[dek] = DEK
    not_body = {_norm(line) for line in gold.not_body}
    for i, line in enumerate(lines):
        if i in roles:
            continue
        if _norm(line) in not_body:
            roles[i] = _not_body_role(line, gold)
        elif (
            word_count(line) <= _STANDALONE_DATELINE_MAX_WORDS
            and gold.dateline
            and (_norm(line).rstrip(" :-—–").casefold() == _norm(gold.dateline).casefold())
        ):
            roles[i] = DATELINE
        elif (
            (line.endswith("?") and word_count(line) <= 8)
            or is_question_heading(line)
            or (word_count(line) <= _CROSSHEAD_MAX_WORDS and not ends_like_sentence(line))
        ):
            roles[i] = CROSSHEAD
        else:
            roles[i] = BODY
    _byline_neighbours(lines, roles)
    ordered = tuple(roles.get(i) for i in range(len(lines)))
    return LabelledPage(
        gold.id,
        normalise_publisher(gold.publisher or gold.id),
        "gold",
        tuple(lines),
        ordered,
        tuple(ALL_ROLES for _ in lines),
        gold,
    )


def _physical_roles(text: str, line_roles: dict[str, str]) -> tuple[list[str], list[str | None]]:
    lines: list[str] = []
    roles: list[str | None] = []
    for number, physical in enumerate(text.split("\n"), start=1):
        for piece in physical.splitlines():
            if piece.strip():
                lines.append(piece.strip())
                roles.append(line_roles.get(str(number)))
    return lines, roles


def weak_page(text: str, label: dict[str, Any], publisher: str) -> LabelledPage:
    """Label a weak page from its ``line_roles`` (plus byline and date lines on fundus pages)."""
    lines, roles = _physical_roles(text, label.get("line_roles") or {})
    fundus = label.get("label_source") == "fundus-expected"
    known: list[frozenset[str]] = []
    authors = tuple(label.get("authors") or ())
    published = label.get("published")
    first_body = next((i for i, r in enumerate(roles) if r == BODY), len(lines))
    for i, line in enumerate(lines):
        if roles[i] is not None:
            known.append(ALL_ROLES)
            continue
        if not fundus:
            known.append(BODY_KNOWN)
            continue
        extra: set[str] = set()
        header = i < first_body + 3 and not line.startswith(("Image:", *CREDIT_LABELS))
        if authors:
            extra.add(BYLINE)
            if header and _is_byline(line, authors) and _mentions_author(line, authors):
                roles[i] = BYLINE
        if published:
            extra.add(DATE)
            if roles[i] is None and header and _near_date(line, published, 1):
                roles[i] = DATE
        if label.get("dek") is None:
            extra.discard(DEK)
        known.append(ALL_ROLES if roles[i] is not None else FUNDUS_KNOWN | extra)
    if fundus and label.get("dek") is None:
        known = [k if k is ALL_ROLES else k - {DEK} for k in known]
    return LabelledPage(
        str(label["id"]),
        normalise_publisher(publisher),
        "fundus" if fundus else "scrapinghub",
        tuple(lines),
        tuple(roles),
        tuple(known),
    )


def _weak_publishers(weak_dir: Path) -> dict[str, str]:
    with (weak_dir / "index.tsv").open(encoding="utf-8") as handle:
        return {row["id"]: row["publisher"] for row in csv.DictReader(handle, delimiter="\t")}


def load_pages(corpus: Path, *, weak: bool = True) -> Iterator[LabelledPage]:
    """Every labelled page of the corpus: gold pages first, then weak pages, in id order."""
    for path in sorted((corpus / "gold").glob("*.json")):
        gold = load_gold(path)
        yield gold_page((corpus / "text" / f"{gold.id}.txt").read_text(encoding="utf-8"), gold)
    if not weak:
        return
    weak_dir = corpus / "weak"
    publishers = _weak_publishers(weak_dir)
    for path in sorted((weak_dir / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        text = (weak_dir / "text" / f"{path.stem}.txt").read_text(encoding="utf-8")
        yield weak_page(text, label, publishers.get(path.stem, str(label.get("publisher"))))
