"""Text-dump parser: turns one plain-text dump of a news page into a ParsedArticle.

Pure functions over ``str`` (no I/O, no NLP); :func:`parse_article` is the entry point. It is
imported on first use, so the line-role model (:mod:`newsetl.roles`), whose features use this
package's pattern modules, can import those without importing the parser itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsetl.parse.article import parse_article

__all__ = ["parse_article"]


def __getattr__(name: str) -> object:
    if name == "parse_article":
        from newsetl.parse.article import parse_article

        return parse_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
