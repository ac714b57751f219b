"""What a page says about itself: JSON-LD (schema.org ``NewsArticle`` & co.), OpenGraph and
``<meta>`` tags, read with extruct; publisher from the address's registered domain with tldextract
(its bundled, offline suffix list). No I/O, no network.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from lxml import etree

_ARTICLE_TYPES = ("article", "posting", "report")  # NewsArticle, BlogPosting, Report, LiveBlogPosting…
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl")
_DATE_META = (
    "article:published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "date",
)
_MIN_YEAR = 1990


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata a page declares; every field may be missing."""

    url: str | None = None
    headline: str | None = None
    titles: tuple[str, ...] = ()  # og:title, <title>: weaker headline evidence
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    publisher: str | None = None
    language: str | None = None
    asserted: bool = False  # given by the user (a sidecar file): taken as it is
    # What the page's structure says: the lines that are <p> paragraphs of its main text block.
    block_paragraphs: frozenset[str] = frozenset()


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if value.strip():
            yield " ".join(value.split())
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, Mapping):
        yield from _texts(value.get("name"))


def _first(value: Any) -> str | None:
    return next(_texts(value), None)


def _types(item: Mapping[str, Any]) -> list[str]:
    kind = item.get("@type")
    return [str(t).lower() for t in (kind if isinstance(kind, list) else [kind]) if t]


def _items(data: Iterable[Any]) -> Iterator[Mapping[str, Any]]:
    for item in data:
        if isinstance(item, Mapping):
            yield item
            yield from _items(item.get("@graph") or [])
        elif isinstance(item, list):
            yield from _items(item)


def article_item(jsonld: Iterable[Any]) -> Mapping[str, Any] | None:
    """The first schema.org item whose type is an article or posting."""
    return next(
        (i for i in _items(jsonld) if any(t.endswith(_ARTICLE_TYPES) for t in _types(i))),
        None,
    )


def parse_date(value: str | None) -> dt.date | None:
    """The calendar date of an ISO-8601 timestamp as written (its own offset), if plausible."""
    if not value:
        return None
    head = value.strip()[:10]
    try:
        day = dt.date.fromisoformat(head)
    except ValueError:
        return None
    return day if _MIN_YEAR <= day.year <= dt.date.today().year + 1 else None


def _authors(value: Any) -> tuple[str, ...]:
    people = value if isinstance(value, list) else [value]
    names: list[str] = []
    for person in people:
        if isinstance(person, Mapping) and any("organization" in t for t in _types(person)):
            continue
        for name in _texts(person):
            if not name.lower().startswith(("http:", "https:")) and name not in names:
                names.append(name)
    return tuple(names)


def _meta_tags(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in found:
            found[key] = content
    return found


def _canonical(root: etree._Element) -> str | None:
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            return str(link.get("href")).strip()
    return None


@functools.cache
def _extract_domain() -> Any:
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # bundled list, never the network


def domain_publisher(url: str | None) -> str | None:
    """The registered domain of an address (``example.co.uk``), or ``None``."""
    if not url or "//" not in url:
        return None
    parts = _extract_domain()(url)
    return str(parts.top_domain_under_public_suffix) or None


def _publisher(article: Mapping[str, Any], tags: Mapping[str, str], jsonld: list[Any]) -> str | None:
    named = tags.get("og:site_name") or _first(article.get("publisher"))
    if named:
        return named
    site = next((i for i in _items(jsonld) if {"website", "newsmediaorganization"} & set(_types(i))), None)
    return _first(site.get("name")) if site else None


def page_meta(root: etree._Element, base_url: str | None = None) -> PageMeta:
    """Read a page's own metadata (call before the page is cleaned: it reads scripts and meta)."""
    try:
        jsonld = JsonLdExtractor().extract_items(root)
    except ValueError:  # a malformed JSON-LD block: the rest of the page still speaks
        jsonld = []
    tags = {str(k).lower(): v for k, v in _open_graph(root).items()} | _meta_tags(root)
    article = article_item(jsonld) or {}
    addresses = (_first(article.get("url")), tags.get("og:url"), _canonical(root))
    url = next((u for u in addresses if u and u.startswith(("http://", "https://"))), None) or base_url
    title_el = root.find(".//title")
    titles = tuple(
        t
        for t in (
            tags.get("og:title"),
            tags.get("twitter:title"),
            _first(title_el.text_content()) if title_el is not None else None,
        )
        if t
    )
    authors = (
        _authors(article.get("author"))
        or tuple(a for key in _AUTHOR_META if (a := tags.get(key)) and not a.lower().startswith("http"))[:1]
    )
    date_values = [_first(article.get("datePublished")), *(tags.get(key) for key in _DATE_META)]
    published = next((d for v in date_values if (d := parse_date(v))), None)
    lang = root.get("lang") or tags.get("og:locale") or tags.get("content-language")
    return PageMeta(
        url=url,
        headline=_first(article.get("headline")) or _first(article.get("name")),
        titles=titles,
        authors=authors,
        published=published,
        publisher=_publisher(article, tags, jsonld),
        language=lang.replace("_", "-").split("-")[0].lower() if lang else None,
    )


def _open_graph(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    try:
        for item in OpenGraphExtractor().extract_items(root):
            for key, value in item.get("properties", []):
                found.setdefault(str(key), str(value))
    except (ValueError, TypeError):
        pass
    return found


def combine(first: PageMeta | None, then: PageMeta) -> PageMeta:
    """Field by field, ``first`` where it has a value, else ``then`` (a crawler's record over the page)."""
    if first is None:
        return then
    return PageMeta(
        url=first.url or then.url,
        headline=first.headline or then.headline,
        titles=first.titles or then.titles,
        authors=first.authors or then.authors,
        published=first.published or then.published,
        publisher=first.publisher or then.publisher,
        language=first.language or then.language,
        asserted=first.asserted or then.asserted,
        block_paragraphs=first.block_paragraphs or then.block_paragraphs,
    )
