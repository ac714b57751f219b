"""Learning the span re-labeller from gold articles (offline; used by ``make train`` and the CV).

Each mention the corrected pipeline produces (steps 1-4 of :mod:`newsetl.extract.entity_steps`)
becomes one example: its features, and the class its name has in the gold lists (a surname or
first name of a gold person is PERSON, a part of a gold organisation name is ORG, a name in no
list is NONE). The model is scikit-learn's logistic regression (lbfgs, L2, fixed settings), which
is deterministic for the same examples; only its non-zero weights are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from newsetl.evaluate.aliases import name_key, same_name
from newsetl.evaluate.gold import GoldArticle
from newsetl.evaluate.speakers_cv import publisher_key
from newsetl.extract.document import ComposedText
from newsetl.extract.entity_steps import EntityConfig, corrected_mentions, mention_features
from newsetl.extract.relabel import CLASSES, Relabeller, current_class
from newsetl.extract.relabel_features import NAME_WORD, NAME_WORD_MIN_PUBLISHERS

C = 0.5  # inverse L2 strength
MIN_COUNT = 2  # a feature seen in fewer examples is left out (a name word: see NAME_WORD_MIN_PUBLISHERS)


@dataclass(frozen=True)
class Example:
    features: tuple[str, ...]
    target: str
    publisher: str = ""


def _is_part(name: str, full: str) -> bool:
    words, full_words = name_key(name).split(), name_key(full).split()
    if not words or len(words) >= len(full_words):
        return False
    n = len(words)
    return any(full_words[i : i + n] == words for i in range(len(full_words) - n + 1))


def gold_class(name: str, label: str, gold: GoldArticle) -> str:
    """The class of a mention's name in the gold lists (the current class wins a tie)."""
    found = []
    if any(same_name(name, p) or _is_part(name, p) for p in gold.persons):
        found.append("PERSON")
    many = len(name.split()) > 1  # one word of an organisation's name ("Chinese") is not the organisation
    if any(same_name(name, o) or (many and _is_part(name, o)) for o in gold.organizations):
        found.append("ORG")
    if any(same_name(name, p) for p in gold.places):
        found.append("PLACE")
    if not found:
        return "NONE"
    now = current_class(label)
    return now if now in found else found[0]


def training_examples(
    doc: Doc, composed: ComposedText, gold: GoldArticle, config: EntityConfig
) -> list[Example]:
    """One example per story mention of the article."""
    mentions = [
        m for m in corrected_mentions(doc, composed, config.with_relabeller(None)) if m.section != "credit"
    ]
    features = mention_features(doc, mentions)
    return [
        Example(tuple(f), gold_class(m.name, m.label, gold), publisher_key(gold.publisher))
        for m, f in zip(mentions, features, strict=True)
        if f
    ]


def fit_relabeller(examples: Sequence[Example], version: str = "cv") -> Relabeller:
    """A multinomial logistic regression over the examples' features."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: dict[str, int] = {}
    publishers: dict[str, set[str]] = {}
    for example in examples:
        for feature in set(example.features):
            counts[feature] = counts.get(feature, 0) + 1
            if NAME_WORD in feature:
                publishers.setdefault(feature, set()).add(example.publisher)
    enough = {f: len(p) >= NAME_WORD_MIN_PUBLISHERS for f, p in publishers.items()}
    kept = {f for f, n in counts.items() if n >= MIN_COUNT and enough.get(f, True)}
    rows = [{f: 1.0 for f in ex.features if f in kept} for ex in examples]
    vectorizer = DictVectorizer(sort=True)
    matrix = vectorizer.fit_transform(rows)
    targets = [ex.target for ex in examples]
    model = LogisticRegression(C=C, max_iter=2000, solver="lbfgs")
    model.fit(matrix, targets)
    learned = [str(c) for c in model.classes_]
    order = [learned.index(c) if c in learned else None for c in CLASSES]
    names = vectorizer.get_feature_names_out()
    weights: dict[str, tuple[float, ...]] = {}
    for j, feature in enumerate(names):
        row = tuple(0.0 if k is None else float(model.coef_[k, j]) for k in order)
        if any(abs(w) > 1e-6 for w in row):
            weights[str(feature)] = row
    intercepts = tuple(-1e9 if k is None else float(model.intercept_[k]) for k in order)
    return Relabeller(CLASSES, intercepts, weights, version)
