"""Person and organisation names as the article establishes them: titles off, surnames expanded.

Titles, honorifics, ranks and suffixes come from ``nameparser``'s own sets (``CONSTANTS.titles``,
``CONSTANTS.suffix_acronyms``), so "Major-Gen Gopaul Govender", "Sen. Ann Lee" and "Ann Lee MP" all
become the bare name. Generational suffixes (Jr., III) are part of the name and stay. A capitalised
office before a title ("Health Minister Wu", "Hawks head ...") goes with it; lowercase words before
the name ("spokesman", "advocate") are descriptions, never names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nameparser.config import CONSTANTS

from newsetl.extract.lexicon import EXTRA_TITLES, ORG_HEADS

_GENERATIONAL = frozenset({"jr", "sr", "ii", "iii", "iv", "jnr", "snr"})
_SPLIT = re.compile(r"[-‐]")


def is_title_word(word: str) -> bool:
    """A title, rank or honorific word ("Sen.", "Maj-Gen", "Datuk"), as nameparser knows them."""
    key = word.lower().strip(".,")
    if not key:
        return False
    parts = [p.rstrip(".") for p in _SPLIT.split(key) if p]
    return bool(parts) and all(p in CONSTANTS.titles or p in EXTRA_TITLES for p in parts)


def _is_post_nominal(word: str) -> bool:
    key = word.lower().replace(".", "").strip(",")
    return key not in _GENERATIONAL and key in CONSTANTS.suffix_acronyms


def strip_person_titles(name: str) -> str:
    """The bare person name: leading titles, offices and lowercase descriptions dropped, post-nominal
    letters dropped; at least the last word always remains."""
    words = name.split()
    while len(words) > 1 and _is_post_nominal(words[-1]):
        words = words[:-1]
    cut = -1
    for index, word in enumerate(words[:-1]):
        if is_title_word(word) or word[:1].islower():
            cut = index
    return " ".join(words[cut + 1 :])


def _surname_of(full: str) -> str:
    words = full.split()
    while len(words) > 1 and words[-1].lower().replace(".", "").strip(",") in _GENERATIONAL:
        words = words[:-1]
    return words[-1]


def expand_person(name: str, people: Iterable[str]) -> str:
    """A surname (after titles are stripped: "Mr. Peskov" -> "Peskov") to the one full name of the
    article that ends with it; unchanged when no such name or more than one."""
    bare = strip_person_titles(name)
    if " " in bare:
        return bare
    fulls = {p for p in people if " " in p and _surname_of(p) == bare}
    return fulls.pop() if len(fulls) == 1 else bare


def expand_org(name: str, orgs: Iterable[str], others: Iterable[str] = ()) -> str:
    """A short organisation form ("Tottenham", "Defense Ministry") to the one longer organisation
    name of the article that begins or ends with it; else to the one longer name of any other label
    that begins with it ("Harbour Rovers" tagged as a person); unchanged otherwise."""
    longer = {o for o in orgs if len(o) > len(name) and (o.startswith(name + " ") or o.endswith(" " + name))}
    if not longer and name.endswith("s") and " " not in name:  # "Conservatives" -> "Conservative Party"
        longer = {o for o in orgs if o.startswith(name[:-1] + " ")}
    if not longer:
        longer = {o for o in others if o.startswith(name + " ") and o.split()[-1][:1].isupper()}
    return longer.pop() if len(longer) == 1 else name


def titled_person(words: list[str]) -> bool:
    """A title or rank followed by at least two capitalised words to the end ("Hawks head Maj-Gen Olu
    Brandt", "Federal Reserve Chair Ann Lee"): a person, whatever label the tagger gave the span."""
    for index, word in enumerate(words[:-2]):
        rest = words[index + 1 :]
        capitalised = all(w[:1].isupper() and w.replace(".", "").replace("-", "").isalpha() for w in rest)
        institution = any(w.lower() in ORG_HEADS for w in rest)  # "General Harbour Authority"
        if is_title_word(word) and capitalised and not institution:
            return not any(is_title_word(w) for w in rest[-2:])
    return False


_DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w’'&.-]*)(?:\s+(?:[A-Z][\w’'&.-]*|of|for|the|and|on|de|du|des|in))*)\s+\(([A-Z][A-Za-z]{1,7})\)"
)


_MID_SENTENCE = re.compile(r"[a-z,]\s+$")


def defined_acronyms(text: str) -> dict[str, str]:
    """Acronyms the text spells out: "Civil Aviation Authority of Nepal (CAAN)" -> {"CAAN": ...}.

    The name is the run of capitalised words (with of/for/the/and between them) before the
    parenthesis; an acronym the text defines two different ways is left out.
    """
    found: dict[str, str | None] = {}
    for match in _DEFINED_ACRONYM.finditer(text):
        words, acronym = match.group(1).split(), match.group(2)
        for start in range(len(words) - 1):  # the longest tail whose initials spell the acronym
            initials = "".join(w[0] for w in words[start:] if w[:1].isupper())
            if words[start][:1].isupper() and initials.upper() == acronym.upper():
                words = words[start:]
                break
        else:
            # No tail spells it (a name in another language): take the whole run, but only where it
            # starts mid-sentence, so a capitalised sentence opener is not taken for part of it.
            if len(words) < 2 or not _MID_SENTENCE.search(text[: match.start(1)]):
                continue
        full = " ".join(words)
        found[acronym] = full if found.get(acronym, full) == full else None
    return {acronym: full for acronym, full in found.items() if full is not None}
