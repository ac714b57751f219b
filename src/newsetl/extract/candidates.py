"""Who might have said a quote: the candidates around it, each with the features the ranker scores.

Candidates are the speaker the attribution cue names (with the path that found it), the speaker of
the quote before (inherited), and the people, organisations and places named in the quote's
sentence, the sentence before and the sentence after. Features describe syntax (subject of a speech
verb, inside a reported clause), distance, recency (the person just named before the quote), salience
(share of the article's mentions) and the kind of name. Two candidates with one name are merged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from newsetl.extract.agreement import agrees, cached_genders, gender_of, pronoun_gender
from newsetl.extract.attribution import Speaker, is_speech_cue, name_of_span
from newsetl.extract.doccache import sents, sents_overlapping
from newsetl.extract.entities import Canon
from newsetl.extract.lexicon import BODY_NOUNS
from newsetl.extract.names import (
    defined_acronyms,
    expand_org,
    expand_person,
    strip_person_titles,
    titled_person,
)
from newsetl.extract.spans import repaired_entities

SPEAKER_LABELS = ("PERSON", "ORG", "GPE")
PRONOUN_PATHS = ("pronoun", "pronoun_object", "group_pronoun")


@dataclass
class Candidate:
    """One possible speaker: canonical name, the words as written, and its features."""

    name: str
    mention: str
    features: dict[str, float] = field(default_factory=dict)

    def add(self, features: dict[str, float]) -> None:
        for key, value in features.items():
            self.features[key] = max(self.features.get(key, 0.0), value)


@dataclass
class ArticleView:
    """What the candidate finder needs from the article, computed once per article."""

    doc: Doc
    canon: Canon
    entities: list[Span]
    salience: Counter[str]
    people: list[str]
    orgs: list[str]
    outside: Callable[[Token], bool]
    acronyms: dict[str, str] = field(default_factory=dict)
    known: dict[int, MentionFacts] = field(default_factory=dict)  # by index in ``entities``, filled on use


@dataclass(frozen=True, slots=True)
class MentionFacts:
    """What the candidate finder asks of one entity mention, worked out once per article."""

    outside: bool  # not inside a quotation
    label: str
    name: str  # as :func:`speaker_name` gives it


def mention(view: ArticleView, index: int) -> MentionFacts:
    """The facts of ``view.entities[index]`` (computed on first use, then kept on the view)."""
    found = view.known.get(index)
    if found is None:
        span = view.entities[index]
        label = _label(view, span)
        name = speaker_name(view, name_of_span(span, view.canon), label)
        found = view.known[index] = MentionFacts(view.outside(span[0]), label, name)
    return found


def article_view(
    doc: Doc, canon: Canon, outside: Callable[[Token], bool], floor: int, text: str | None = None
) -> ArticleView:
    """Entities of the body that can speak, with their canonical names' mention counts (``text``:
    ``doc.text`` when the caller has it already)."""
    spans = [e for e in repaired_entities(doc) if e.label_ in SPEAKER_LABELS and e.start >= floor]
    people = [n for n, label in canon.labels.items() if label == "PERSON"]
    orgs = [n for n, label in canon.labels.items() if label == "ORG"]
    acronyms = defined_acronyms(doc.text if text is None else text)
    view = ArticleView(doc, canon, spans, Counter(), people, orgs, outside, acronyms)
    view.salience.update(speaker_name(view, name_of_span(e, canon), e.label_) for e in spans)
    return view


def speaker_name(view: ArticleView, name: str, label: str | None = None) -> str:
    """A candidate's name as the article establishes it: titles off, surnames and short forms of
    organisations expanded to the full name."""
    label = label or view.canon.labels.get(name) or view.canon.labels.get(strip_person_titles(name))
    if name in view.acronyms:
        return view.acronyms[name]  # "TNO" -> the name the article spelled out before "(TNO)"
    if label in ("ORG", "GPE"):
        name = expand_org(name, view.orgs, view.canon.labels)
    if label == "PERSON" or titled_person(name.split()):  # "Maj-Gen Ann Lee" tagged ORG
        return expand_person(name, view.people)
    return name


def _label(view: ArticleView, span: Span) -> str:
    """The label the article's name map settled on for the span's name (spaCy's per mention varies)."""
    known = view.canon.name_of(span.text)
    label = view.canon.labels.get(known) if known else None
    if titled_person((known or span.text).split()):
        return "PERSON"
    return label if label in SPEAKER_LABELS else span.label_


def _speech_role(token: Token) -> tuple[bool, bool]:
    """(subject of a speech cue, inside the clause a speech cue reports)."""
    subject = token.dep_ in ("nsubj", "nsubjpass") and is_speech_cue(token.head)
    if token.dep_ == "pobj" and token.head.lower_ in ("to", "by", "from"):
        subject = subject or is_speech_cue(token.head.head)
    reported = False
    walker, steps = token, 0
    while walker.head.i != walker.i and steps < 8:
        if walker.dep_ in ("ccomp", "xcomp") and is_speech_cue(walker.head):
            reported = True
            break
        walker, steps = walker.head, steps + 1
    return subject, reported


def _window(view: ArticleView, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Token ranges of the quote's own sentences and of the sentences before and after."""
    doc = view.doc
    own = sents_overlapping(doc, start, end)
    if not own:
        return {}
    all_sents = sents(doc)
    first = next(i for i, s in enumerate(all_sents) if s.start == own[0].start)
    last = first + len(own) - 1
    found = {"same": (own[0].start, own[-1].end)}
    if first > 0:
        found["prev"] = (all_sents[first - 1].start, all_sents[first - 1].end)
    if last + 1 < len(all_sents):
        found["next"] = (all_sents[last + 1].start, all_sents[last + 1].end)
    return found


def _recency(
    view: ArticleView, before: int, label: str, speakers: bool = False, pronoun: str | None = None
) -> dict[str, int]:
    """Rank (1 = just named) of the distinct names of ``label`` mentioned before token ``before``;
    with ``speakers``, only names that were the subject of a speech cue; with ``pronoun``, only
    people whose gender (as the article's pronouns show it) agrees with the pronoun."""
    ranks: dict[str, int] = {}
    genders = _genders(view) if pronoun else {}
    for index in reversed(range(len(view.entities))):
        span = view.entities[index]
        if span.end > before:
            continue
        facts = mention(view, index)
        if not facts.outside or facts.label != label:
            continue
        if speakers and not _speech_role(span.root)[0]:
            continue
        if pronoun and not agrees(pronoun, gender_of(genders, name_of_span(span, view.canon))):
            continue
        name = facts.name
        if name not in ranks:
            ranks[name] = len(ranks) + 1
        if len(ranks) >= 3:
            break
    return ranks


def _last_roles(view: ArticleView, before: int) -> dict[str, str]:
    """How each of the three people named last before token ``before`` was named: as a subject (or
    in apposition to one), as a possessive, or otherwise (others get no role; measured: reading all
    earlier people instead scores 0.852 leave-publisher-out against 0.860)."""
    roles: dict[str, str] = {}
    for index in reversed(range(len(view.entities))):
        if len(roles) >= 3:
            break
        span = view.entities[index]
        if span.end > before:
            continue
        facts = mention(view, index)
        if facts.label != "PERSON" or not facts.outside or facts.name in roles:
            continue
        root = span.root
        subject = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ == "appos" and root.head.dep_ in ("nsubj", "nsubjpass")
        )
        roles[facts.name] = "subject" if subject else "possessive" if root.dep_ == "poss" else "other"
    return roles


def _body_noun(cue: Speaker | None) -> bool:
    """'the company said': a bare noun for an organisation; not one owned by someone else ("the
    prosecutor's office", whose body the article need not have named)."""
    words = (cue.mention or "").lower().split() if cue is not None else []
    owned = any(w.endswith(("'s", "’s", "s'", "s’")) for w in words[:-1])
    return bool(words) and words[-1] in BODY_NOUNS and not owned


def _spokesperson_of_body(cue: Speaker) -> bool:
    """'a bureau spokesperson', 'the ministry spokesman': speaks for the organisation just named."""
    words = (cue.mention or "").lower().split()
    return len(words) >= 2 and words[-1].startswith("spokes") and words[-2] in BODY_NOUNS


def _definite(cue: Speaker) -> bool:
    return (cue.mention or "").lower().startswith(("the ", "this "))


def find_candidates(
    view: ArticleView,
    quote: tuple[int, int],
    cue: Speaker | None,
    inherited: tuple[Speaker, int, bool] | None,
    chained: bool = False,
) -> list[Candidate]:
    """Candidates for the quote between character offsets ``quote``, merged by name."""
    doc, start, end = view.doc, quote[0], quote[1]
    anchor = doc.char_span(start, end, alignment_mode="expand")
    q_start, q_end = (anchor.start, anchor.end) if anchor is not None else (0, 0)
    found: dict[str, Candidate] = {}
    top = max(view.salience.values(), default=1)
    pronoun_cue = cue is not None and cue.how in PRONOUN_PATHS
    body_noun_cue = _body_noun(cue)

    def add(name: str | None, mention: str | None, features: dict[str, float]) -> None:
        if not name:
            return
        candidate = found.setdefault(name, Candidate(name, mention or name))
        candidate.add(features)

    orgs = _recency(view, q_start, "ORG")
    if cue is not None and cue.name:
        named = cue.how not in ("description", "people")
        name = speaker_name(view, cue.name) if named else cue.name
        if body_noun_cue and cue.how == "description" and orgs and " " not in cue.name.strip():
            name = min(orgs, key=lambda n: orgs[n])  # "the company said": the company just named
        if cue.how == "people" and _spokesperson_of_body(cue):  # "a bureau spokesperson said"
            bodies = _recency(view, q_start, "ORG", speakers=True) or orgs  # the bureau that spoke
            name = min(bodies, key=lambda n: bodies[n]) if bodies else name
        speakers = _recency(view, q_start, "PERSON", speakers=True)
        if cue.how == "people" and _definite(cue) and speakers:
            name = min(speakers, key=lambda n: speakers[n])  # "the spokesman said": the one just quoted
        kind = "chain_cue" if chained else "cue"
        how = "pronoun" if cue.how == "pronoun_object" else cue.how or "other"
        features = {kind: 1.0, f"{kind}_{how}": 1.0, "object_antecedent": float(cue.how == "pronoun_object")}
        add(name, cue.mention, features)
    if inherited is not None and inherited[0].name:
        speaker, gap, continued = inherited
        add(
            speaker.name,
            speaker.mention,
            {"inherit": 1.0, "inherit_gap": gap / 2, "continued": float(continued)},
        )
    persons = _recency(view, q_start, "PERSON")
    if pronoun_cue and cue is not None and cue.at >= 0:  # "he said": who was named before the pronoun
        persons = _recency(view, cue.at, "PERSON", pronoun=cue.mention)
    described = cue is not None and cue.how in ("description", "people", "propn", "title")
    definite = described and cue is not None and _definite(cue)
    for name, rank in _recency(view, q_start, "PERSON", speakers=True).items():
        features = {"recent_speaker": 1.0 / rank, "label_person": 1.0}
        if definite:  # "the 56-year-old said", "the government spokesman said": the one just quoted
            features["definite_x_recent_speaker"] = 1.0 / rank
        add(name, cue.mention if definite and cue else name, features)
    roles = _last_roles(view, cue.at) if pronoun_cue and cue is not None and cue.at >= 0 else {}
    for name, rank in persons.items():  # "he said": the person just named, not the most named
        features = {"recent_person": 1.0 / rank, "label_person": 1.0, "salience": view.salience[name] / top}
        if pronoun_cue and cue is not None and cue.how != "group_pronoun":
            features["antecedent"] = 1.0 / rank
            features[f"antecedent_{roles.get(name, 'other')}"] = 1.0  # subjects are what "he" picks up
        if described:
            features["description_x_recent"] = 1.0 / rank
        add(name, cue.mention if pronoun_cue and cue else name, features)
    for name, rank in orgs.items():  # "the company said": the organisation just named
        features = {"recent_org": 1.0 / rank, "label_org": 1.0, "salience": view.salience[name] / top}
        if body_noun_cue:
            features["org_antecedent"] = 1.0 / rank
        add(name, cue.mention if body_noun_cue and cue else name, features)
    for where, (lo, hi) in _window(view, start, end).items():
        for index, span in enumerate(view.entities):
            if not (lo <= span.start and span.end <= hi):
                continue
            facts = mention(view, index)
            if not facts.outside:
                continue
            label, name = facts.label, facts.name
            subject, reported = _speech_role(span.root)
            distance = min(abs(span.start - q_start), abs(span.start - q_end)) / 30
            near_rank = persons.get(name) if label == "PERSON" else orgs.get(name)
            recent = 1.0 / near_rank if near_rank else 0.0
            features = {
                f"near_{where}": 1.0,
                f"label_{label.lower()}": 1.0,
                "possessive": float(span.root.dep_ == "poss"),
                "speech_subject": float(subject),
                "reported_clause": float(reported),
                "subject": float(span.root.dep_ in ("nsubj", "nsubjpass")),
                "distance": min(distance, 1.0),
                "after_quote": float(span.start >= q_end),
                "recent": recent,
                "salience": view.salience[name] / top,
                "pronoun_x_recent": recent if pronoun_cue and label == "PERSON" else 0.0,
                "noun_x_recent_org": recent if body_noun_cue and label == "ORG" else 0.0,
            }
            add(name, span.text, features)
    _mark_agreement(view, found.values(), cue.mention if pronoun_cue and cue else None)
    return list(found.values())


def _genders(view: ArticleView) -> dict[str, str]:
    people = [e for e in view.entities if e.label_ == "PERSON"]
    return cached_genders(view.doc, people, lambda span: name_of_span(span, view.canon))


def _mark_agreement(view: ArticleView, candidates: Iterable[Candidate], pronoun: str | None) -> None:
    """'he said': people the article calls 'she' clash with the pronoun, people it calls 'he' agree."""
    if pronoun is None or pronoun_gender(pronoun) is None:
        return
    genders = _genders(view)
    for candidate in candidates:
        gender = gender_of(genders, candidate.name)
        if gender is not None:
            key = "gender_agrees" if agrees(pronoun, gender) else "gender_clash"
            candidate.features[key] = 1.0
