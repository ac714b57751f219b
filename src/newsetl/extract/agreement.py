"""Gender agreement for pronoun antecedents, learned from the article itself.

No name lists: a person's gender is what the article's own pronouns say about them. In a sentence
that names exactly one person, the gendered pronouns of that sentence and of the next one (when it
names no other person) vote for that person; an honorific ("Mr", "Ms", "Mrs") before the name votes
too. A clear majority (two to one) decides; otherwise the gender stays unknown and agrees with all.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from spacy.tokens import Doc, Span

from newsetl.extract.doccache import sents
from newsetl.extract.lexicon import FEMALE_NOUNS, MALE_NOUNS
from newsetl.extract.names import strip_person_titles

MALE = frozenset({"he", "him", "his", "himself", "mr", "mr."})
FEMALE = frozenset({"she", "her", "hers", "herself", "ms", "ms.", "mrs", "mrs.", "miss"})


def pronoun_gender(word: str) -> str | None:
    """'m' for he/him/his, 'f' for she/her/hers, else ``None``."""
    key = word.lower()
    return "m" if key in MALE else "f" if key in FEMALE else None


def person_genders(doc: Doc, people: list[Span], name: Callable[[Span], str]) -> dict[str, str]:
    """Canonical person name -> 'm' or 'f', where the article's pronouns say so clearly."""
    by_sentence: dict[int, set[str]] = defaultdict(set)
    all_sents = sents(doc)
    starts = {s.start: i for i, s in enumerate(all_sents)}
    for span in people:
        by_sentence[starts.get(span.sent.start, -1)].add(name(span))
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for span in people:
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_.rstrip(".") in ("mr", "ms", "mrs", "miss"):
            votes[name(span)][pronoun_gender(before.lower_.rstrip(".")) or ""] += 2
    for span in people:
        gender = _noun_gender(span)
        if gender:
            votes[name(span)][gender] += 3
    for index, sentence in enumerate(all_sents):
        named = by_sentence.get(index, set())
        if len(named) != 1:
            continue
        (person,) = named
        window = list(sentence)
        if index + 1 < len(all_sents) and not by_sentence.get(index + 1):
            window += list(all_sents[index + 1])
        for token in window:
            gender = pronoun_gender(token.lower_) if token.pos_ == "PRON" else None
            if gender:
                votes[person][gender] += 1
    genders: dict[str, str] = {}
    for person, counter in votes.items():
        male, female = counter["m"], counter["f"]
        if male >= 2 * female and male > 0:
            genders[person] = "m"
        elif female >= 2 * male and female > 0:
            genders[person] = "f"
    return genders


def _noun_gender(span: Span) -> str | None:
    """The gender a noun beside the name gives: in apposition ("his wife, Ann Lee"; "Lee, the
    chairwoman") or as the predicate of a copula ("Lee is one of the first women")."""
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "appos":
        nouns.append(root.head)
    if root.dep_ == "nsubj" and root.head.lower_ in ("is", "was", "are", "were", "be", "been"):
        for attr in (c for c in root.head.children if c.dep_ == "attr"):
            nouns.append(attr)
            nouns += [t for p in attr.children if p.dep_ == "prep" for t in p.children if t.dep_ == "pobj"]
    for noun in nouns:
        word = noun.lower_
        if word in FEMALE_NOUNS:
            return "f"
        if word in MALE_NOUNS:
            return "m"
    return None


_GENDERS = "newsetl.genders"


def cached_genders(doc: Doc, people: list[Span], name: Callable[[Span], str]) -> dict[str, str]:
    """:func:`person_genders`, computed once per Doc, keyed by the bare name (titles stripped)."""
    found = doc.user_data.get(_GENDERS)
    if found is None:
        found = doc.user_data[_GENDERS] = person_genders(doc, people, lambda s: strip_person_titles(name(s)))
    return dict(found)


def gender_of(genders: dict[str, str], name: str | None) -> str | None:
    """The known gender of a person, whatever titles their name is written with."""
    return genders.get(strip_person_titles(name)) if name else None


def agrees(pronoun: str, gender: str | None) -> bool:
    """Whether a pronoun can refer to a person of ``gender`` (unknown agrees with everything)."""
    wanted = pronoun_gender(pronoun)
    return wanted is None or gender is None or wanted == gender
