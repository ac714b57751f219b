"""One HTML page → its text dump and its declared metadata (pure: bytes in, records out)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from lxml import etree, html

from newsetl.decode import DecodeError, decode
from newsetl.model import ParsedArticle
from newsetl.parse import parse_article
from newsetl.roles.model import RoleModel
from newsetl.sources.merge import merge
from newsetl.sources.metadata import PageMeta, page_meta
from newsetl.sources.render import render

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    text: str  # the dump the text parser reads
    meta: PageMeta


def html_text(data: bytes) -> str | DecodeError:
    """Decode a page: the charset its ``<meta>`` declares when that fits, else the dump rules."""
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data)


def parse_tree(text: str) -> etree._Element:
    """Parse markup leniently (lxml); ``ValueError`` when nothing can be made of it."""
    parser = html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML: {exc}") from exc
    return root


def read_html(data: bytes | str, base_url: str | None = None) -> HtmlPage | DecodeError:
    """The page's dump and metadata, or why its bytes are not text."""
    text = html_text(data) if isinstance(data, bytes) else data
    if isinstance(text, DecodeError):
        return text
    try:
        root = parse_tree(text)
    except ValueError as exc:
        return DecodeError("undecodable", str(exc))
    meta = page_meta(root, base_url)
    text, paragraphs = render(root)
    return HtmlPage(text, dataclasses.replace(meta, block_paragraphs=paragraphs))


def looks_like_html(head: str) -> bool:
    """Markup rather than text: what a saved page starts with."""
    start = head.lstrip()[:2000].lower()
    return start.startswith(("<!doctype html", "<html")) or ("<body" in start and "</" in start)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    meta: PageMeta
    article: ParsedArticle


def html_article(
    data: bytes | str, base_url: str | None = None, model: RoleModel | None = None
) -> HtmlArticle | DecodeError:
    """A page → the parser's article with the page's metadata merged in (the whole HTML reader).
    ``model``: a line-role model other than the packaged one (leave-publisher-out evaluation)."""
    page = read_html(data, base_url)
    if isinstance(page, DecodeError):
        return page
    parsed = parse_article(page.text, model)
    return HtmlArticle(page.text, page.meta, merge(parsed, page.meta, page.text.splitlines()))
