"""What the pipeline predicted for one article, in the shape the scorer compares with gold.

The lead builds these from warehouse rows; :func:`prediction_from_gold` builds the perfect
prediction of a gold article (used to prove the scorer agrees with the gold format).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsetl.evaluate.gold import GoldArticle


@dataclass(frozen=True, slots=True)
class PredictedImage:
    alt: str | None
    caption: str | None
    credit: str | None
    photographer: str | None
    agency: str | None


@dataclass(frozen=True, slots=True)
class PredictedQuote:
    text: str
    speaker: str | None
    kind: str  # "full" | "partial"


@dataclass(frozen=True, slots=True)
class PredictedEntity:
    name: str
    label: str  # spaCy/OntoNotes label: PERSON, ORG, GPE, LOC, NORP, FAC, ...


@dataclass(frozen=True, slots=True)
class PredictedArticle:
    headline: str | None = None
    dek: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # YYYY-MM-DD
    dateline: str | None = None
    paragraphs: tuple[str, ...] = ()
    images: tuple[PredictedImage, ...] = ()
    quotes: tuple[PredictedQuote, ...] = ()
    entities: tuple[PredictedEntity, ...] = ()


def _oracle_paragraphs(gold: GoldArticle) -> tuple[str, ...]:
    """``paragraph_count`` paragraphs: the first sentence, neutral fillers, the last sentence."""
    first, last = gold.body_first_sentence, gold.body_last_sentence
    if gold.paragraph_count <= 1:
        return (first,) if first == last else (f"{first} {last}",)
    fillers = tuple(f"[body paragraph {n}]" for n in range(2, gold.paragraph_count))
    return (first, *fillers, last)


def prediction_from_gold(gold: GoldArticle) -> PredictedArticle:
    """The prediction that reproduces the gold exactly (places are given the GPE label)."""
    entities = (
        *(PredictedEntity(name, "PERSON") for name in gold.persons),
        *(PredictedEntity(name, "ORG") for name in gold.organizations),
        *(PredictedEntity(name, "GPE") for name in gold.places),
    )
    return PredictedArticle(
        headline=gold.headline,
        dek=gold.dek,
        authors=gold.authors,
        published=gold.published,
        dateline=gold.dateline,
        paragraphs=_oracle_paragraphs(gold),
        images=tuple(
            PredictedImage(i.alt, i.caption, i.credit, i.photographer, i.agency) for i in gold.images
        ),
        quotes=tuple(PredictedQuote(q.text, q.speaker, q.kind) for q in gold.quotes),
        entities=entities,
    )
