"""Text-dump parser: turns one plain-text dump of a news page into a ParsedArticle.

Pure functions over ``str`` (no I/O, no NLP); :func:`parse_article` is the entry point.
"""

from __future__ import annotations

from newsetl.parse.article import parse_article

__all__ = ["parse_article"]
