"""compose(): one analysis text per article, with section spans."""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language

from newsetl.extract import compose
from newsetl.model import Image, ParsedArticle

Maker = Callable[..., ParsedArticle]

IMAGE = Image("Alt", "Mayor Ana Ruiz waves.", "Lee Park / AP", "Lee Park", "AP", 0)


def test_body_section_is_exactly_the_body(make_article: Maker) -> None:
    parsed = make_article(["First para.", "Second para."], headline="Head", dek="Dek", images=(IMAGE,))
    composed = compose(parsed)
    body = composed.body
    assert composed.text[body.start : body.end] == parsed.body


def test_sections_in_order_with_their_text(make_article: Maker) -> None:
    parsed = make_article(["Body."], headline="Head", dek="Dek", images=(IMAGE,))
    composed = compose(parsed)
    names = [s.name for s in composed.sections]
    assert names == ["headline", "dek", "body", "caption", "credit"]
    texts = {s.name: composed.text[s.start : s.end] for s in composed.sections}
    assert texts["caption"] == "Mayor Ana Ruiz waves."
    assert texts["credit"] == "Lee Park / AP"
    assert composed.section_at(composed.text.index("Dek")) == "dek"


def test_missing_headline_and_images(make_article: Maker) -> None:
    composed = compose(make_article(["Only body."]))
    assert [s.name for s in composed.sections] == ["body"]
    assert composed.text == "Only body."


def test_alt_text_used_when_no_caption(make_article: Maker) -> None:
    image = Image("A boat on the Nile", None, None, None, None, 0)
    composed = compose(make_article(["Body."], images=(image,)))
    assert [s.name for s in composed.sections] == ["body", "caption"]
    assert composed.text.endswith("A boat on the Nile")


def test_paragraph_break_always_starts_a_sentence(extract_nlp: Language) -> None:
    doc = extract_nlp("Voters react\n\nAna Ruiz told reporters the result was fair.")
    starts = [sent[0].text for sent in doc.sents]
    assert "Ana" in starts
