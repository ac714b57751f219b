"""The gold articles parsed and analysed once, for the entity evaluation and for training.

Reads ``gold/*.json`` and ``text/<id>.txt`` of a corpus folder (I/O lives here and in
:mod:`newsetl.evaluate.harness` only), runs the parser and the spaCy pipeline once per article and
keeps the Docs in memory. :func:`run_steps` scores each configuration of the entity corrections
leave-publisher-out (:mod:`newsetl.evaluate.entities_cv`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from newsetl.analysis import ParagraphCache, analyze
from newsetl.evaluate.entities_cv import CrossValidation, leave_publisher_out
from newsetl.evaluate.gold import GoldArticle, load_gold_dir
from newsetl.evaluate.predicted import PredictedEntity
from newsetl.evaluate.ratio import Ratio
from newsetl.evaluate.relabel_train import fit_relabeller, training_examples
from newsetl.extract import ComposedText, compose
from newsetl.extract.entity_steps import EntityConfig, extract_entities
from newsetl.extract.relabel import Relabeller
from newsetl.model import Entity
from newsetl.parse import parse_article
from newsetl.pipeline import analysis_pipeline
from newsetl.settings import Settings


@dataclass(frozen=True)
class AnalysedArticle:
    gold: GoldArticle
    composed: ComposedText
    doc: Doc


@dataclass(frozen=True)
class Corpus:
    golds: dict[str, GoldArticle]
    articles: dict[str, AnalysedArticle]


def load_corpus(corpus_dir: Path, settings: Settings | None = None) -> Corpus:
    """Every gold article with a text dump: parsed, composed and analysed once."""
    settings = settings or Settings()
    golds = load_gold_dir(corpus_dir / "gold")
    ids = sorted(golds)
    composed = [compose(parse_article((corpus_dir / "text" / f"{i}.txt").read_text("utf-8"))) for i in ids]
    nlp = analysis_pipeline(settings)
    texts = [c.text for c in composed]
    docs = analyze(nlp, texts, ParagraphCache(0), batch_size=8, processes=1, scope=settings.analysis_scope)
    articles = {i: AnalysedArticle(golds[i], c, d) for i, c, d in zip(ids, composed, docs, strict=True)}
    return Corpus(golds, articles)


def story_entities(entities: Sequence[Entity]) -> list[PredictedEntity]:
    """Entities as the evaluation reads them: names seen only in photo credits left out."""
    return [PredictedEntity(e.name, e.label) for e in entities if tuple(e.sections) != ("credit",)]


def train_on(corpus: Corpus, ids: Sequence[str], config: EntityConfig) -> Relabeller:
    """A re-labeller learned on the given gold articles only."""
    examples = [
        example
        for i in ids
        for example in training_examples(
            corpus.articles[i].doc, corpus.articles[i].composed, corpus.golds[i], config
        )
    ]
    return fit_relabeller(examples)


def _config_cv(corpus: Corpus, config: EntityConfig, learn: bool) -> CrossValidation[EntityConfig]:
    def fit(ids: Sequence[str]) -> EntityConfig:
        return config.with_relabeller(train_on(corpus, ids, config)) if learn else config

    def predict(model: EntityConfig, article_id: str) -> list[PredictedEntity]:
        article = corpus.articles[article_id]
        return story_entities(extract_entities(article.doc, article.composed, model)[2])

    return CrossValidation(fit, predict)


# Each step adds one correction to the one before; "relabel" is learned per held-out publisher.
STEPS: dict[str, Callable[[], tuple[EntityConfig, bool]]] = {
    "spaCy + rules (before)": lambda: (EntityConfig(gazetteer=False, names=False), False),
    "+ gazetteers": lambda: (EntityConfig(gazetteer=True, names=False), False),
    "+ nameparser titles": lambda: (EntityConfig(gazetteer=True, names=True), False),
    "+ span re-labeller (LOPO)": lambda: (EntityConfig(gazetteer=True, names=True), True),
}


def run_steps(corpus: Corpus, steps: Sequence[str]) -> dict[str, dict[str, Ratio]]:
    """Leave-publisher-out entity scores of each named step."""
    results = {}
    for name in steps:
        config, learn = STEPS[name]()
        results[name] = leave_publisher_out(corpus.golds, _config_cv(corpus, config, learn))[0]
    return results
