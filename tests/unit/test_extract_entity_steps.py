"""The corrections around spaCy's entities, on invented mentions and sentences."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from newsetl.evaluate.relabel_train import Example, fit_relabeller
from newsetl.extract import ComposedText, compose
from newsetl.extract.entities import Mention
from newsetl.extract.entity_steps import (
    apply_gazetteers,
    apply_relabeller,
    default_config,
    mention_features,
    parse_person_names,
)
from newsetl.extract.relabel import Relabeller, decide, packaged_relabeller
from newsetl.model import ParsedArticle


def _doc(nlp: Language, text: str) -> tuple[Doc, ComposedText]:
    parsed = ParsedArticle(None, None, (), None, None, None, (text,))
    composed = compose(parsed)
    return nlp(composed.text), composed


def _mention(text: str, name: str, label: str, sentence: str) -> Mention:
    return Mention(text, name, label, "body", sentence.index(text))


def test_gazetteers_fix_places_and_companies_but_not_parts_of_names(extract_nlp: Language) -> None:
    text = "Tova Jordan met Brintwell Holdings Ltd. staff in Nepal and then flew to Jordan."
    doc, composed = _doc(extract_nlp, text)
    mentions = [
        _mention("Tova Jordan", "Tova Jordan", "PERSON", text),
        _mention("Brintwell Holdings Ltd.", "Brintwell Holdings Ltd.", "PERSON", text),
        _mention("Nepal", "Nepal", "PERSON", text),
    ]
    fixed = {(m.name, m.label) for m in apply_gazetteers(doc, composed, mentions)}
    assert ("Nepal", "GPE") in fixed
    assert ("Brintwell Holdings Ltd.", "ORG") in fixed
    assert ("Tova Jordan", "PERSON") in fixed


def test_person_names_lose_their_titles() -> None:
    text = "Provincial Health Minister Tova Lindqvist said so."
    mentions = [_mention("Provincial Health Minister Tova Lindqvist", text[:41], "PERSON", text)]
    assert [m.name for m in parse_person_names(mentions)] == ["Tova Lindqvist"]


MODEL = Relabeller(
    classes=("PERSON", "ORG", "PLACE", "NONE"),
    intercepts=(0.0, 0.0, 0.0, 0.0),
    weights={"next=said": (3.0, 0.0, 0.0, 0.0), "head=league": (0.0, 0.0, 0.0, 4.0)},
)


def test_the_relabeller_decides_per_name_from_all_its_mentions() -> None:
    decisions = decide(
        MODEL,
        ["Quell", "Quell", "Harbor League", "Swedish"],
        ["ORG", "ORG", "ORG", "NORP"],
        [["next=said"], ["next=other"], ["head=league"], ["next=said"]],
    )
    assert decisions["Quell"] == "PERSON"
    assert decisions["Harbor League"] is None  # not an entity of a kept kind: dropped
    assert decisions["Swedish"] == "NORP"  # nationality adjectives keep their label


def test_weak_evidence_keeps_spacy_label() -> None:
    decisions = decide(MODEL, ["Quell"], ["ORG"], [["next=other"]])
    assert decisions["Quell"] == "ORG"


def test_the_packaged_model_is_used_by_default() -> None:
    model = packaged_relabeller()
    assert model is not None and model.version.startswith("relabel-")
    assert model.classes == ("PERSON", "ORG", "PLACE", "NONE")
    assert default_config().relabeller is model


def test_a_name_ending_in_a_surname_used_alone_is_never_dropped(extract_nlp: Language) -> None:
    text = "Hawks head Major-Gen Tova Lindqvist testified. Lindqvist said the trial was long."
    doc, _ = _doc(extract_nlp, text)
    drop_all = Relabeller(("PERSON", "ORG", "PLACE", "NONE"), (0.0, 0.0, 0.0, 9.0), {})
    mentions = [
        _mention("Major-Gen Tova Lindqvist", "Major-Gen Tova Lindqvist", "ORG", text),
        _mention("Lindqvist", "Lindqvist", "PERSON", text),
        _mention("Hawks", "Hawks", "ORG", text),
    ]
    kept = {m.name for m in apply_relabeller(doc, mentions, drop_all)}
    assert kept == {"Major-Gen Tova Lindqvist"}


def test_relabel_features_mark_name_words_and_keep_common_words(extract_nlp: Language) -> None:
    text = "Zorblax Media told Quennell Wirt on Monday that the Harbour Council would vote, aides said."
    doc, _ = _doc(extract_nlp, text)
    mentions = [
        _mention("Zorblax Media", "Zorblax Media", "ORG", text),
        _mention("Quennell Wirt", "Quennell Wirt", "PERSON", text),
        _mention("Harbour Council", "Harbour Council", "ORG", text),
    ]
    features = {f for row in mention_features(doc, mentions) for f in row}
    named = [f for f in features if any(w in f for w in ("zorblax", "quennell", "wirt", "harbour"))]
    assert named and all("=@" in f or " @" in f for f in named), named
    assert "first=@zorblax" in features
    assert "last=council" in features  # an organisation head word is common vocabulary


def test_a_name_word_is_learned_only_from_several_publishers() -> None:
    def example(publisher: str, word: str, target: str) -> Example:
        return Example(("bias", f"first={word}", f"first=@{word}"), target, publisher)

    examples = [example(f"p{i}", "widely", "ORG") for i in range(3)]
    examples += [example("one", "outlet", "ORG") for _ in range(5)]
    examples += [Example(("bias", "first=x"), "PERSON", f"p{i}") for i in range(4)]
    examples += [Example(("bias", "first=y"), "NONE", f"p{i}") for i in range(4)]
    model = fit_relabeller(examples)
    assert "first=@widely" in model.weights  # three publishers' articles have it
    assert "first=@outlet" not in model.weights  # five examples, but all from one publisher
    assert "first=outlet" in model.weights  # a common-word feature needs only MIN_COUNT examples
