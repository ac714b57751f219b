"""Repairs to spaCy's entity spans: names cut short, split in two, or mislabelled."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsetl.extract.doccache import ents
from newsetl.extract.lexicon import ORG_HEADS, ORG_TAIL_WORDS, PLACE_NOUNS, TITLES


def extend_org(span: Span) -> Span:
    """'House Select Committee' + ' on the Strategic Competition Between ...' as one name."""
    doc = span.doc
    if span.label_ != "ORG" or not any(t.lower_ in ORG_HEADS for t in span):
        return span
    end = span.end
    last_capital = span.end
    while end < len(doc) and end - span.end < 15:
        token = doc[end]
        if token.is_space or "\n" in token.whitespace_ or token.ent_type_ in ("DATE", "TIME", "CARDINAL"):
            break
        if token.text[:1].isupper() or (token.text in ("’s", "'s", "-") and end > span.end):
            last_capital = end + 1
        elif token.lower_ not in ORG_TAIL_WORDS:
            break
        end += 1
    if last_capital > span.end and doc[span.end].lower_ in ("of", "for", "on"):
        return Span(doc, span.start, last_capital, label=span.label_)
    return span


def extend_person(span: Span) -> Span:
    """'Imran' + PERSON 'Khan': take in a capitalized first name spaCy left out."""
    doc, start = span.doc, span.start
    while start > 0 and span.label_ == "PERSON":
        token = doc[start - 1]
        joined = token.dep_ == "compound" and span.start <= token.head.i < span.end
        if not (joined and token.pos_ == "PROPN" and token.is_title and not token.ent_type_):
            break
        if token.lower_.rstrip(".") in TITLES:
            break
        start -= 1
    return Span(doc, start, span.end, label=span.label_) if start < span.start else span


def _merge_possessive_orgs(spans: list[Span]) -> list[Span]:
    """Join "Westminster Magistrate's" + "Court", tagged as two ORGs, into one name."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        joined = last is not None and last.end == span.start and last[-1].lower_ in ("'s", "’s")
        if last is not None and joined and last.label_ == span.label_ == "ORG":
            merged[-1] = Span(span.doc, last.start, span.end, label="ORG")
        else:
            merged.append(span)
    return merged


def repaired_entities(doc: Doc) -> list[Span]:
    """The doc's entities, institution names extended over their tail, first names taken in."""
    return [extend_person(extend_org(span)) for span in _merge_possessive_orgs(list(ents(doc)))]


def place_like(span: Span) -> bool:
    """'Logar province', 'Pangram area': a name modifying a place noun is a place."""
    root = span.root
    return root.dep_ == "compound" and root.head.lower_ in PLACE_NOUNS and root.head.i == span.end


def platform_like(span: Span) -> bool:
    """'posted on Twitter', 'a Telegram channel': a one-word 'person' used as a medium is an org."""
    if len(span) != 1:
        return False
    token = span[0]
    on_it = token.dep_ == "pobj" and token.head.lower_ in ("on", "via")
    media = ("channel", "account", "post", "page", "feed", "channels", "accounts", "posts", "pages", "group")
    medium = token.dep_ == "compound" and token.head.lower_ in media
    return on_it or medium


def capitalized_common_word(token: Token) -> bool:
    """A word capitalized only because it starts the sentence, mistaken for a name."""
    if token.pos_ in ("VERB", "ADJ", "ADV", "AUX"):
        return True
    head = token.head
    return bool(token.is_sent_start) and token.dep_ == "compound" and head.pos_ == "NOUN" and head.is_lower
