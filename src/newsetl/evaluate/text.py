"""Text normalisation shared by every field scorer.

Each function is a pure string -> string map; the scorers compare the results for equality.
"""

from __future__ import annotations

import re
import unicodedata

_WS = re.compile(r"\s+")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Every double quotation mark, and the doubled single marks AP uses as a closing quote.
_DOUBLE_QUOTES = re.compile("’’|‘‘|''|``|[“”„‟″«»\"]")
_SINGLE_QUOTES = re.compile("[‘’‚‛′`]")
_EDGE_QUOTES = "\"'“”„‟‘’«» "
_TRAILING_PUNCT = ",.;: "


def norm_ws(text: str) -> str:
    """NFKC, drop zero-width characters, collapse whitespace runs to one space, strip."""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH.sub("", text)
    return _WS.sub(" ", text).strip()


def squeeze(text: str) -> str:
    """:func:`norm_ws` with no whitespace at all: for text whose spacing the source lost or added
    (``"Wednesday.The"``, ``"“ Wild Rose ”"``) and whose words alone are compared."""
    return _WS.sub("", norm_ws(text))


def norm_ci(text: str) -> str:
    """:func:`norm_ws` plus case folding and straight apostrophes."""
    return _SINGLE_QUOTES.sub("'", norm_ws(text)).casefold()


def fold_accents(text: str) -> str:
    """Remove combining accents: ``Türkiye`` -> ``Turkiye``."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def norm_quote(text: str) -> str:
    """Quote text for matching: whitespace-normalised, quote marks unified, no enclosing marks,
    no trailing comma/period/semicolon/colon (``"We will win,"`` == ``We will win.``)."""
    text = norm_ws(text)
    text = _DOUBLE_QUOTES.sub('"', text)
    text = _SINGLE_QUOTES.sub("'", text)
    previous = None
    while previous != text:
        previous = text
        text = text.strip(_EDGE_QUOTES).rstrip(_TRAILING_PUNCT)
    return text


def same_optional(gold: str | None, predicted: str | None, *, case_insensitive: bool = False) -> bool:
    """Normalised exact equality where ``None == None`` is correct and ``None`` vs a value is wrong.

    An empty or whitespace-only string counts as ``None``.
    """
    norm = norm_ci if case_insensitive else norm_ws
    g = norm(gold) if gold is not None else ""
    p = norm(predicted) if predicted is not None else ""
    return g == p
