"""Metadata a page declares + what the parser read off its text → one article (pure).

Metadata wins where it is present and plausible; the page text fills in the rest:

* headline: the parser's headline unless the page prints one of the declared titles as a line of its
  own (then that line, as printed), or the parser found none (then the declared headline);
* published date: the declared one when it is a plausible calendar date, else the parser's;
* authors: the declared authors that look like names when they include everyone the byline names,
  else the byline;
* publisher: the declared site or publisher name when it agrees with the address's registered
  domain (or there is no address), else that domain, else what the text says.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterable

from newsetl.model import ParsedArticle
from newsetl.parse.images import IMAGE_PREFIX
from newsetl.roles.decode import is_statement
from newsetl.sources.metadata import PageMeta, domain_publisher

_NOT_A_NAME = re.compile(
    r"\b(?:staff|reporters?|editors?|writers?|correspondents?|desk|team|no author|admin|contributors?|"
    r"analysis|opinion)\b",
    re.I,
)
_BY = re.compile(r"^\s*(?:\w+\s+)?by\s+", re.I)
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&)\s*")
_MAX_NAME_WORDS = 5
_MIN_SHARED_WORD = 4
_NAME_PARTS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s*[|]\s*")


_SITE_NAME_MAX_WORDS = 6


def compact(name: str) -> str:
    """Lower-case letters and digits only, without a leading "the" (for comparing names)."""
    folded = unicodedata.normalize("NFKD", name).casefold()
    folded = re.sub(r"^the\s+", "", folded.strip())
    return "".join(ch for ch in folded if ch.isalnum())


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"\W+", unicodedata.normalize("NFKD", name).casefold()) if w]


def names_agree(name: str, domain: str) -> bool:
    """Whether a declared publisher name fits a registered domain (``CTV News`` ~ ``ctvnews.ca``)."""
    label = compact(domain.split(".")[0])
    whole = compact(name)
    if not label or not whole:
        return False
    if whole.startswith(label) or label.startswith(whole):
        return True
    words = [w for w in _words(name) if w != "the"]
    initials = "".join(w[0] for w in words)
    if len(initials) >= 2 and label.startswith(initials):
        return True
    if any(w in label for w in words if len(w) >= _MIN_SHARED_WORD):
        return True
    return len(label) >= _MIN_SHARED_WORD and any(w.startswith(label) for w in words)  # chron ~ Chronicle


def choose_publisher(meta: PageMeta, parsed: str | None) -> str | None:
    domain = domain_publisher(meta.url)
    declared = meta.publisher if meta.publisher and "://" not in meta.publisher else None  # not an address
    if declared and (meta.asserted or domain is None):
        return declared
    if declared and domain:
        # "The Example Post | Example.com": the part of a declared name that fits the domain
        parts = [p.strip() for p in _NAME_PARTS.split(declared) if p.strip()]
        fitting = next((p for p in parts if names_agree(p, domain)), None)
        if fitting:
            return fitting
    if domain and (titled := _title_site_name(meta.titles, domain)):
        return titled  # "Headline | The Example Chronicle"
    return domain or parsed


def _title_site_name(titles: Iterable[str], domain: str) -> str | None:
    """The site name a page title ends with, when it fits the domain."""
    for title in titles:
        parts = [p.strip() for p in _NAME_PARTS.split(title) if p.strip()]
        if (
            len(parts) >= 2
            and len(parts[-1].split()) <= _SITE_NAME_MAX_WORDS
            and names_agree(parts[-1], domain)
        ):
            return parts[-1]
    return None


def _key(text: str) -> str:
    return " ".join(_words(text))


def choose_headline(meta: PageMeta, parsed: str | None, lines: Iterable[str]) -> str | None:
    declared = [t for t in (meta.headline, *meta.titles) if t]
    keys = {_key(t) for t in declared}
    if parsed and _key(parsed) in keys:
        return parsed
    printed = next((line for line in lines if _key(line) in keys), None)
    if printed:
        return printed
    return parsed or meta.headline


def _person_case(name: str) -> str:
    return name.title() if name.isupper() and len(name) > 3 else name  # "STEVE PEOPLES", not "AP"


def clean_authors(declared: Iterable[str]) -> tuple[str, ...]:
    """Declared author strings → names: "By A and B" split, role words and addresses dropped."""
    names: list[str] = []
    for value in declared:
        for part in _SPLIT.split(_BY.sub("", value)):
            part = part.strip(" .")
            if not part or _NOT_A_NAME.search(part) or "@" in part or "/" in part:
                continue
            if len(part.split()) <= _MAX_NAME_WORDS and part not in names:
                names.append(_person_case(part))
    return tuple(names)


def extend_body(
    paragraphs: tuple[str, ...],
    lines: list[str],
    block: frozenset[str],
    furniture: set[str],
    photos: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """The parser's paragraphs, after the paragraphs of the page's main text block that directly
    precede them in the dump (a lead the parser took for furniture; past a lead photo's lines,
    ``photos``, only plain statements), and before those that directly
    follow them when they are plain statements (:func:`is_statement`; what follows the last paragraph
    of a text block is otherwise mostly notes, credits and bios, which stay with the parser)."""
    if not paragraphs or not block:
        return paragraphs
    text = [line for line in lines if line.strip()]
    try:
        first, last = text.index(paragraphs[0]), len(text) - 1 - text[::-1].index(paragraphs[-1])
    except ValueError:
        return paragraphs
    before: list[str] = []
    across_photo = False
    for line in reversed(text[:first]):
        if line.startswith(IMAGE_PREFIX) or line in photos:
            across_photo = True  # a lead photo between the lead and the rest: look past it
            continue
        if line not in block or line in furniture or (across_photo and not is_statement(line)):
            break
        before.insert(0, line)
    after: list[str] = []
    for line in text[last + 1 :]:
        if line not in block or line in furniture or not is_statement(line):
            break
        after.append(line)
    return (*before, *paragraphs, *after)


def merge(parsed: ParsedArticle, meta: PageMeta, dump_lines: Iterable[str]) -> ParsedArticle:
    """The article with the page's declared metadata applied where it is plausible."""
    lines = list(dump_lines)
    declared = clean_authors(meta.authors)
    found = {a.casefold() for a in parsed.authors}
    # the declared list wins when it names everyone the byline names (and maybe more)
    authors = declared if found <= {a.casefold() for a in declared} else parsed.authors
    furniture = {t for t in (parsed.headline, parsed.dek) if t}
    photos = frozenset(t for i in parsed.images for t in (i.caption, i.alt_text, i.credit) if t)
    furniture |= photos
    return dataclasses.replace(
        parsed,
        paragraphs=extend_body(parsed.paragraphs, lines, meta.block_paragraphs, furniture, photos),
        headline=choose_headline(meta, parsed.headline, lines),
        authors=tuple(_person_case(a) for a in authors),
        published_date=meta.published or parsed.published_date,
        publisher=choose_publisher(meta, parsed.publisher),
    )
