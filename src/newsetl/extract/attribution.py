"""Who said it: find the attributing verb around a quote and resolve its subject to a name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from newsetl.extract.agreement import agrees, cached_genders, gender_of
from newsetl.extract.canonical import canonical_place, clean_name
from newsetl.extract.descriptions import description
from newsetl.extract.doccache import entity_at, ents
from newsetl.extract.entities import Canon
from newsetl.extract.lexicon import (
    GROUP_PRONOUNS,
    PEOPLE_NOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    SPEECH_NOUNS,
    SPEECH_VERBS,
    TITLES,
)
from newsetl.extract.names import titled_person
from newsetl.extract.spans import extend_org, extend_person

SUBJECT_DEPS = ("nsubj", "nsubjpass")
NOMINAL_DEPS = ("nsubj", "nsubjpass", "dobj", "pobj")  # "remarks" tagged VERB but used as a noun
NAMED_LABELS = ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: canonical name, the words as written, and how sure we are."""

    name: str | None
    mention: str | None
    confidence: float
    how: str = ""  # the path that found it: named, pronoun, title, description, people ...
    at: int = -1  # token index of the mention, where known (a pronoun's antecedents precede it)


NO_SPEAKER = Speaker(None, None, 0.0)


def is_speech_cue(token: Token) -> bool:
    """A speech verb ("said", "tweeted"), "according to", or a speech noun ("statement")."""
    word = token.lower_
    if token.pos_ in ("VERB", "AUX") and word in SPEECH_VERBS:
        return True
    if word == "according" and any(c.lower_ == "to" for c in token.children):
        return True
    return token.pos_ == "NOUN" and word in SPEECH_NOUNS


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def choose_cue(cues: list[Token], anchor: int) -> Token | None:
    """The outermost cue of the sentence; ties go to the one nearest the quote."""
    if not cues:
        return None
    return min(cues, key=lambda t: (_depth(t), abs(t.i - anchor), t.pos_ == "NOUN"))


def introducing_cue(cues: list[Token], anchor: int) -> Token | None:
    """A speech verb right before the quote's opening mark, with its own subject ("he called her a
    'traitor'", "recalled that he said, '...'"): nearer speech than the sentence's outer verb."""
    for cue in cues:
        between = cue.doc[cue.i + 1 : anchor]
        if cue.pos_ == "VERB" and 0 < len(between) <= 3 and all(t.is_punct for t in between):
            return cue if any(c.dep_ in SUBJECT_DEPS for c in cue.children) else None
    return None


def _subject_of(cue: Token) -> Token | None:
    """The token naming who speaks: the verb's subject, the object of 'according to' or 'from'."""
    if cue.lower_ == "according":
        for child in cue.children:
            if child.lower_ == "to":
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    if cue.pos_ == "NOUN" or cue.dep_ in NOMINAL_DEPS:
        for child in cue.children:
            if child.dep_ == "poss":
                return child
            if child.lower_ in ("from", "by"):
                return next((c for c in child.children if c.dep_ == "pobj"), None)
    if (
        cue.dep_ == "acl"
        and cue.head.pos_ in ("NOUN", "PROPN")
        and not any(c.dep_ in SUBJECT_DEPS for c in cue.children)
    ):
        return cue.head  # "with some analysts suggesting that ...": the analysts
    token = cue
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            named = [c for c in subjects if c.ent_type_ == "PERSON"]
            return (named or subjects)[-1]
        if token.head.i == token.i:
            break
        if token.dep_ == "xcomp":  # "led the institute to conclude": the object concludes
            objects = [c for c in token.head.children if c.dep_ == "dobj"]
            if objects:
                return objects[0]
        token = token.head
    return None


def name_of_span(span: Span, canon: Canon) -> str:
    """Canonical name for an entity span, through the article's name map."""
    known = canon.name_of(span.text)
    if known:
        return known
    if span.label_ in ("GPE", "LOC"):
        return canonical_place(span.text)
    return clean_name(span.text)


def _entity_of(token: Token, doc: Doc) -> Span | None:
    """The named entity ``token`` is part of; nationality words ("a Tory source") name no speaker."""
    found = entity_at(doc, token.i)
    if found is not None and found.label_ not in NAMED_LABELS:
        found = None
    if found is not None and found.label_ == "NORP":
        return None
    return extend_person(extend_org(found)) if found is not None else None


def _subject_entity(subject: Token, doc: Doc) -> Span | None:
    """The entity a subject phrase names: a person in it or beside it first, then the head's entity."""
    own = _entity_of(subject, doc)
    if own is not None and own.label_ == "PERSON":
        return own
    near = [t for t in subject.lefts] + [t for c in subject.rights if c.dep_ == "appos" for t in c.subtree]
    for token in near:
        entity = _entity_of(token, doc)
        if entity is not None and entity.label_ == "PERSON":
            return entity
    if own is not None:
        return own
    if subject.lower_ in PEOPLE_NOUNS or subject.lower_.startswith("spokes"):
        for token in subject.lefts:
            entity = _entity_of(token, doc)
            if entity is not None and entity.label_ != "PERSON":
                return entity  # "Kremlin spokesman", "the ministry's spokesperson"
    if subject.pos_ == "NOUN":
        for token in (t for t in subject.children if t.dep_ == "poss"):
            entity = _entity_of(token, doc)
            if entity is not None:
                return entity  # "the institute's report said": the body behind the document
    return None


def _named(subject: Token, doc: Doc, canon: Canon) -> Speaker | None:
    entity = _subject_entity(subject, doc)
    if entity is not None:
        return Speaker(name_of_span(entity, canon), entity.text, 0.9, "named")
    if subject.pos_ == "PRON":
        return None
    left = min([subject.i, *(t.i for t in subject.lefts)])
    mention = doc[left : subject.i + 1].text
    definite = any(t.lower_ in ("the", "this", "that", "these") for t in subject.lefts)
    person = _person_by_title(subject, canon) if definite else None
    if person is not None:  # "the prime minister", once the article has named one
        return Speaker(person, mention, 0.7, "title")
    if subject.pos_ == "PROPN":
        return Speaker(canon.name_of(subject.text) or clean_name(subject.text), subject.text, 0.6, "propn")
    if subject.pos_ != "NOUN":
        return None  # "3", "old": no describable speaker
    owner = next((c for c in subject.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
    if owner is not None:  # "HSRI's report said", the owner untagged: the body behind the document
        return Speaker(canon.name_of(owner.text) or clean_name(owner.text), mention, 0.7, "named")
    if definite and subject.lower_ in canon.affiliations:
        return Speaker(canon.affiliations[subject.lower_], mention, 0.6, "affiliation")
    sender = canon.authors.get(subject.lower_)
    if definite and sender is not None and sender != subject.i and doc[sender].lower_ != subject.lower_:
        found = _named(doc[sender], doc, canon)
        if found is not None:
            return Speaker(found.name, mention, 0.55, "sender")
    org = _organization_named_by(subject, canon)
    if org is not None:
        return Speaker(org, mention, 0.65, "org_noun")
    how = "people" if subject.lower_ in PEOPLE_NOUNS else "description"
    return Speaker(description(subject), mention, 0.7, how)


def _person_by_title(subject: Token, canon: Canon) -> str | None:
    words = [t.lower_ for t in subject.lefts if t.dep_ in ("compound", "amod") or t.lower_ in TITLES]
    return canon.titles.get(" ".join([*words, subject.lower_]))


def _organization_named_by(noun: Token, canon: Canon) -> str | None:
    """'the committee', "Nepal's civil aviation authority" -> the article's organization with that
    head word, sharing the most words with the description."""
    if noun.lower_ in PEOPLE_NOUNS or noun.pos_ != "NOUN":
        return None
    words = {t.lower_ for t in noun.subtree if t.i <= noun.i and t.is_alpha}
    best: tuple[int, int, str] | None = None
    for name, label in canon.labels.items():
        name_words = {w.lower() for w in name.split()}
        if label != "ORG" or noun.lower_ not in name_words:
            continue
        score = (len(words & name_words), len(name_words), name)
        best = max(best, score) if best else score
    return best[2] if best else None


def _relative_antecedent(pronoun: Token, doc: Doc, canon: Canon) -> Speaker | None:
    """'the head of the X Group in Turkey, which says ...': the organization (else person) named there."""
    noun = pronoun.head.head
    found = [e for e in ents(doc) if noun.left_edge.i <= e.start and e.end <= pronoun.i]
    for label in ("ORG", "PERSON", "GPE"):
        for entity in found:
            if entity.label_ == label:
                return Speaker(name_of_span(entity, canon), entity.text, 0.7, "relative")
    return _named(noun, doc, canon)


def record_context(doc: Doc, start: int, canon: Canon) -> None:
    """Note which organization a group noun belongs to and who sent a document, for later 'the ...'."""
    for token in doc[start:]:
        if token.pos_ != "NOUN":
            continue
        verb = token.head if token.dep_ == "dobj" else token.head.head if token.dep_ == "pobj" else None
        if verb is not None and verb.pos_ == "VERB" and token.lower_ not in canon.authors:
            subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            if subject is not None and subject.pos_ != "PRON":
                canon.authors[token.lower_] = subject.i
        for owner in (c for c in token.children if c.dep_ == "poss"):
            entity = _entity_of(owner, doc)
            if entity is not None and entity.label_ != "PERSON":  # "the party's letter": later "the letter"
                canon.affiliations.setdefault(token.lower_, name_of_span(entity, canon))
        preps = [c for c in token.children if c.dep_ == "prep" and c.lower_ in ("on", "of", "at", "from")]
        for prep in preps:
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                entity = _entity_of(obj, doc)
                if entity is not None and entity.label_ == "ORG":
                    canon.affiliations.setdefault(token.lower_, name_of_span(entity, canon))


def _is_subject(token: Token) -> bool:
    """A subject, or a name in apposition to one ("the spokesperson, Daniel Hagari, said")."""
    return token.dep_ in SUBJECT_DEPS or (token.dep_ == "appos" and token.head.dep_ in SUBJECT_DEPS)


def _antecedent(
    pronoun: Token, doc: Doc, canon: Canon, floor: int, outside: Callable[[Token], bool]
) -> Speaker | None:
    """The most recent compatible subject before the pronoun: a person for he/she, else a group.

    A person named (as subject or not) in the pronoun's sentence or the one before is the one just
    named: the search does not reach back past them to an older subject.
    """
    wants_person = pronoun.lower_ in PERSON_PRONOUNS
    fallback: Span | None = None
    own = pronoun.sent.start
    recent = doc[own - 1].sent.start if own > 0 else own
    people = [e for e in ents(doc) if e.label_ == "PERSON"]
    genders = cached_genders(doc, people, lambda span: name_of_span(span, canon))
    for token in reversed(doc[floor : pronoun.i]):
        if fallback is not None and token.i < recent:
            break
        if token.pos_ == "PRON" or not outside(token):
            continue
        entity = _entity_of(token, doc)
        if wants_person:
            known = gender_of(genders, name_of_span(entity, canon)) if entity is not None else None
            person = entity is not None and (entity.label_ == "PERSON" or titled_person(entity.text.split()))
            if entity is not None and person and agrees(pronoun.lower_, known):
                if _is_subject(token):
                    return Speaker(name_of_span(entity, canon), pronoun.text, 0.75, "pronoun", pronoun.i)
                fallback = fallback or entity
        elif token.dep_ in SUBJECT_DEPS and token.head.dep_ in ("ROOT", "conj"):
            if entity is not None and entity.label_ != "PERSON":
                return Speaker(name_of_span(entity, canon), pronoun.text, 0.6, "group_pronoun")
            named = _named(token, doc, canon) if entity is None and token.pos_ == "NOUN" else None
            if named is not None:
                return Speaker(named.name, pronoun.text, 0.55, "group_pronoun")
    if fallback is not None:
        return Speaker(name_of_span(fallback, canon), pronoun.text, 0.6, "pronoun_object", pronoun.i)
    return None


def speaker_from_cue(
    cue: Token, doc: Doc, canon: Canon, floor: int, outside: Callable[[Token], bool]
) -> Speaker | None:
    """Resolve the speaker a cue attributes the words to, pronouns included."""
    subject = _subject_of(cue)
    if subject is None:
        return None
    if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ == "relcl":
        return _relative_antecedent(subject, doc, canon)
    if subject.pos_ == "PRON" and subject.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS:
        return _antecedent(subject, doc, canon, floor, outside)
    return _named(subject, doc, canon)
