"""Name normalization: possessives, line breaks, titles, country names."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from newsetl.extract.lexicon import AP_STATES, COUNTRY_ALIASES, PLACE_ALIASES, TITLES

_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_SPACES = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[^\w.)]+$")


def clean_name(text: str) -> str:
    """Collapse whitespace and line breaks, strip possessives, edge punctuation and a leading 'the'."""
    name = _SPACES.sub(" ", text).strip()
    name = _POSSESSIVE.sub("", name).strip()
    name = _EDGE.sub("", name)
    if name.lower().startswith("the ") and len(name) > 4:
        name = name[4:]
    return name.strip()


def strip_titles(name: str) -> str:
    """Drop leading titles ("President", "Mr.") while a name remains."""
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=4096)
def country_name(text: str) -> str | None:
    """Canonical country name for any form (U.S., US, America, Britain ...), else None."""
    key = text.replace(".", "").strip().lower()
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    if not key or not re.sub(r"[ '’-]", "", key).isalpha():
        return None
    if len(key) in (2, 3) and text.replace(".", "").isupper():
        country = pycountry.countries.get(alpha_2=key.upper()) if len(key) == 2 else None
        country = country or pycountry.countries.get(alpha_3=key.upper())
    else:
        try:
            country = pycountry.countries.lookup(key)
        except LookupError:
            return None
    if country is None:
        return None
    return _short_name(country)


def _short_name(country: object) -> str:
    common = getattr(country, "common_name", None)
    if isinstance(common, str):
        return common
    name = str(getattr(country, "name", ""))
    return COUNTRY_ALIASES.get(name.lower(), name.split(",")[0])


def us_state(text: str) -> str | None:
    """'Wis.', 'D-Minn.' -> the state's name (AP abbreviations; names from pycountry)."""
    if not text.endswith("."):
        return None
    key = re.sub(r"^[DRI]-", "", text).replace(".", "").replace("-", "").lower()
    code = AP_STATES.get(key)
    state = pycountry.subdivisions.get(code=f"US-{code}") if code else None  # type: ignore[no-untyped-call]
    return str(state.name) if state is not None else None


def canonical_place(text: str) -> str:
    """A place name with countries under one name; other places keep their (clean) form."""
    name = clean_name(text)
    if name.isupper() and len(name) > 4 and not country_name(name):
        name = name.title()  # "NEW DELHI" in a dateline
    state = us_state(text.strip())
    return state or country_name(name) or PLACE_ALIASES.get(name.lower(), name)
