"""The one alias mechanism used for entities, quote speakers, authors and image agencies.

Two names are the same when :func:`same_name` says so:

1. **Key equality.** :func:`name_key` case-folds, folds accents, straightens apostrophes, drops a
   possessive ``'s``, drops dots (``U.N.`` = ``UN``), turns other punctuation into spaces, strips a
   leading article (``the``/``a``/``an``) and canonicalises countries with ``pycountry`` plus a
   few explicit aliases (``US``/``U.S.``/``USA``/``America`` -> ``united states``;
   ``UK``/``U.K.``/``Britain`` -> ``united kingdom``).
2. **Acronym.** One name is a single all-capital token (dots removed, 2-6 letters) equal to the
   initials of the capitalised words of the other (``AP`` = ``Associated Press``, ``EU`` =
   ``European Union``, ``WHO`` = ``World Health Organisation``).
3. **Explicit table** (:data:`ALIASES`), only for pairs the two rules above cannot relate.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from newsetl.evaluate.text import fold_accents, norm_ws

# Explicit aliases: key -> canonical key. Only for what the rules cannot derive.
ALIASES: dict[str, str] = {
    "us": "united states",
    "usa": "united states",
    "america": "united states",
    "united states of america": "united states",
    "uk": "united kingdom",
    "britain": "united kingdom",
    "great britain": "united kingdom",
    "uae": "united arab emirates",
    "russia": "russian federation",
    "turkey": "turkiye",
    "gaza": "gaza strip",
    "ap photo": "ap",
    "met police": "metropolitan police",
}

_POSSESSIVE = re.compile(r"'s?\b|'$")
_NON_WORD = re.compile(r"[^\w@#&]+")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_STOPWORDS = frozenset({"of", "the", "for", "and", "on", "in", "de", "&"})


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    """Folded country names (name, official and common name) -> folded canonical name."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        canonical = _plain_key(country.name)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str):
                index[_plain_key(value)] = canonical
    return index


def _plain_key(name: str) -> str:
    """Case-fold, fold accents, drop dots and possessives, punctuation to spaces, collapse spaces."""
    text = fold_accents(norm_ws(name)).replace("’", "'").replace("‘", "'").casefold()
    text = text.replace(".", "")
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub(" ", text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """Canonical comparison key of a name (rule 1 of the module docstring)."""
    key = _strip_article(_plain_key(name))
    key = ALIASES.get(key, key)
    return _country_index().get(key, key)


def _acronym_of(name: str) -> str | None:
    """The name as an acronym (``U.N.`` -> ``UN``) if it is one all-capital token, else ``None``."""
    compact = _strip_article(norm_ws(name).replace(".", ""))
    return compact if _ACRONYM.match(compact) else None


def _strip_article(text: str) -> str:
    """Drop one leading ``the``/``a``/``an`` (any case) when something follows it."""
    head, _, rest = text.partition(" ")
    return rest if rest and head.casefold() in {"the", "a", "an"} else text


def _initials(name: str) -> str:
    """Initials of the capitalised words after a leading article: ``The Associated Press`` -> ``AP``."""
    words = _strip_article(norm_ws(name)).replace("-", " ").split()
    return "".join(w[0].upper() for w in words if w[0].isupper() and w.casefold() not in _STOPWORDS)


def _acronym_match(a: str, b: str) -> bool:
    for short, long in ((a, b), (b, a)):
        acronym = _acronym_of(short)
        if acronym is not None and len(long.split()) >= 2 and _initials(long) == acronym:
            return True
    return False


def same_name(a: str | None, b: str | None) -> bool:
    """Whether two names denote the same thing (``None`` only equals ``None``)."""
    if a is None or b is None:
        return a is None and b is None
    if not norm_ws(a) or not norm_ws(b):
        return not norm_ws(a) and not norm_ws(b)
    return name_key(a) == name_key(b) or _acronym_match(a, b)


def same_agency(gold: str | None, predicted: str | None) -> bool:
    """Agency equality: a ``via`` chain matches part by part with :func:`same_name`
    (``ITV via AP`` = ``ITV via Associated Press``); ``None == None`` is correct."""
    if gold is None or predicted is None:
        return same_name(gold, predicted)
    gold_parts = re.split(r"\s+via\s+", norm_ws(gold), flags=re.IGNORECASE)
    pred_parts = re.split(r"\s+via\s+", norm_ws(predicted), flags=re.IGNORECASE)
    return len(gold_parts) == len(pred_parts) and all(
        same_name(g, p) for g, p in zip(gold_parts, pred_parts, strict=True)
    )
