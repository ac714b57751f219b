"""Person names without titles, offices, ranks and honorifics, parsed with ``nameparser``.

``nameparser`` knows some 800 title words (honorifics, ranks, offices, religious titles, trades)
and strips them from the front of a name. News copy also puts descriptive words before the title
("provincial health minister", "school superintendent"), which ``nameparser`` takes for a first
name, so a name is cut after the **last** title word that still leaves at least one capitalised
word of name. The few office words it lacks that news copy uses as titles come from the project's
own title lexicon (:data:`newsetl.extract.lexicon.TITLES`), not from a list of people.

The speakers helper's ``extract/names.py`` does the same job for speakers; :func:`person_name`
is the single entry point used here, so one can replace the other.
"""

from __future__ import annotations

import functools

from nameparser import HumanName
from nameparser.config import CONSTANTS

from newsetl.extract.lexicon import TITLES


@functools.cache
def _titles() -> frozenset[str]:
    extra = {"superintendent", "spokesperson", "spokesman", "spokeswoman", "sen", "pm", "mp"}
    return frozenset(CONSTANTS.titles) | TITLES | extra


def is_title_word(word: str) -> bool:
    """A title, rank, office or honorific word (``Gen.``, ``Minister``, ``Dr``, ``Rabbi``)."""
    key = word.casefold().rstrip(".,").replace("’", "'")
    return key in _titles() or ("-" in key and all(part.rstrip(".") in _titles() for part in key.split("-")))


def title_prefix(name: str) -> int:
    """Number of leading words of ``name`` that are titles or their modifiers (0 when none)."""
    words = name.split()
    cut = 0
    for index, word in enumerate(words[:-1]):
        rest = words[index + 1 :]
        if is_title_word(word) and any(w[:1].isupper() and not is_title_word(w) for w in rest):
            cut = index + 1
    return cut


@functools.cache
def person_name(name: str) -> str:
    """``Provincial Health Minister Jane Roe`` -> ``Jane Roe``; ``Lt. Gen. John Smith`` -> ``John Smith``.

    A name that is only titles (``The Prime Minister``) is returned as it is.
    """
    words = name.split()
    if all(is_title_word(w) for w in words):
        return name
    cut = title_prefix(name)
    if cut:
        words = words[cut:]
    parsed = HumanName(" ".join(words))
    if parsed.title and parsed.last:  # titles nameparser knows that our cut did not reach
        kept = " ".join(w for w in (parsed.first, parsed.middle, parsed.last) if w)
        if kept and kept in " ".join(words):
            words = " ".join(words)[" ".join(words).index(kept) :].split()
    return " ".join(words) if words else name


__all__ = ["is_title_word", "person_name", "title_prefix"]
