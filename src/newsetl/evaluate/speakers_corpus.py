"""The gold corpus run once through the parser and spaCy, for leave-publisher-out speaker runs.

Reads the gold dumps (I/O, like :mod:`newsetl.evaluate.harness`), parses and analyses each article
once, keeps the Docs in memory, and extracts quotes with or without learned speaker weights. Used by
``benchmarks/cv_speakers.py``, ``benchmarks/train_speakers.py`` and the corpus test.

A fold learns both models from its training articles alone: the entity span re-labeller (whose
labels decide who can be a candidate) and then the speaker ranker over the candidates it yields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from newsetl.analysis import ParagraphCache, analyze
from newsetl.evaluate.aliases import same_name
from newsetl.evaluate.gold import GoldArticle, GoldQuote
from newsetl.evaluate.matching import max_matching
from newsetl.evaluate.predicted import PredictedQuote
from newsetl.evaluate.relabel_train import Example, fit_relabeller, training_examples
from newsetl.evaluate.speakers_cv import publisher_key
from newsetl.evaluate.text import norm_quote
from newsetl.extract import compose
from newsetl.extract.article import extract_article
from newsetl.extract.candidates import Candidate
from newsetl.extract.document import ComposedText
from newsetl.extract.entity_steps import EntityConfig
from newsetl.extract.ranking import PRIOR_WEIGHTS, Weights
from newsetl.extract.training import Group, choose_c, fit_weights
from newsetl.model import ParsedArticle, Quote
from newsetl.parse import parse_article
from newsetl.pipeline import analysis_pipeline
from newsetl.settings import Settings


@dataclass
class Analysed:
    """One gold article parsed and analysed."""

    parsed: ParsedArticle
    composed: ComposedText
    doc: Doc


@dataclass(frozen=True)
class FoldModel:
    """What one fold learned: speaker weights (``None``: the packaged ones) and entity corrections."""

    weights: Weights | None
    entities: EntityConfig | None


@dataclass
class CorpusRun:
    """Every gold article analysed once; ``train``/``predict`` plug into ``cross_validate``."""

    gold: Mapping[str, GoldArticle]
    articles: dict[str, Analysed]
    learn: bool = True
    c: float | None = None  # None: chosen per training set by inner leave-publisher-out (choose_c)
    chosen: list[float] = field(default_factory=list)
    _rows: dict[tuple[str, int], list[Group]] = field(default_factory=dict)
    _examples: dict[str, list[Example]] = field(default_factory=dict)

    def train(self, ids: Sequence[str]) -> FoldModel:
        """Models fitted on ``ids`` only (``learn=False``: the packaged ones)."""
        if not self.learn:
            return FoldModel(None, None)
        entities = self.entity_config(ids)
        if self.c is not None:
            return FoldModel(fit_weights([g for i in ids for g in self.rows(i, entities)], self.c), entities)
        folds: dict[str, list[Group]] = {}
        for i in ids:
            folds.setdefault(publisher_key(self.gold[i].publisher), []).extend(self.rows(i, entities))
        c = choose_c(folds)
        weights = fit_weights([group for groups in folds.values() for group in groups], c)
        self.chosen.append(c)
        return FoldModel(weights, entities)

    def entity_config(self, ids: Sequence[str]) -> EntityConfig:
        """The entity corrections with a span re-labeller learned on ``ids``."""
        for i in ids:
            if i not in self._examples:
                a = self.articles[i]
                self._examples[i] = training_examples(a.doc, a.composed, self.gold[i], EntityConfig())
        return EntityConfig().with_relabeller(fit_relabeller([e for i in ids for e in self._examples[i]]))

    def rows(self, article_id: str, entities: EntityConfig | None = None) -> list[Group]:
        """One group per gold quote the prior ranker found: its candidates, labelled by the gold speaker."""
        key = (article_id, id(entities.relabeller) if entities else 0)
        cached = self._rows.get(key)
        if cached is None:
            a = self.articles[article_id]
            record: list[tuple[Quote, list[Candidate]]] = []
            extract_article(a.parsed, a.composed, a.doc, PRIOR_WEIGHTS, record, entities)
            cached = self._rows[key] = label_candidates(self.gold[article_id].quotes, record)
        return cached

    def predict(self, model: FoldModel, article_id: str) -> tuple[PredictedQuote, ...]:
        a = self.articles[article_id]
        extraction = extract_article(a.parsed, a.composed, a.doc, model.weights, entity_config=model.entities)
        return tuple(PredictedQuote(q.text, q.speaker, q.kind) for q in extraction.quotes)


def label_candidates(
    gold: Sequence[GoldQuote], record: Sequence[tuple[Quote, list[Candidate]]]
) -> list[Group]:
    """Match predicted quotes to gold ones as the scorer does; label each candidate by the gold speaker."""
    pairs = max_matching(gold, [q for q, _ in record], lambda g, p: norm_quote(g.text) == norm_quote(p.text))
    groups: list[Group] = []
    for i, j in pairs:
        speaker = gold[i].speaker
        candidates = record[j][1]
        if speaker is not None and candidates:
            groups.append([(dict(c.features), same_name(c.name, speaker)) for c in candidates])
    return groups


def load_corpus(
    corpus: Path, gold: Mapping[str, GoldArticle], *, learn: bool = True, c: float | None = None
) -> CorpusRun:
    """Parse and analyse every gold article's dump once (the lead's pipeline settings)."""
    settings = Settings()
    nlp = analysis_pipeline(settings)
    ids = sorted(gold)
    parsed = [parse_article((corpus / "text" / f"{i}.txt").read_text(encoding="utf-8")) for i in ids]
    composed = [compose(p) for p in parsed]
    texts = [c.text for c in composed]
    docs = analyze(nlp, texts, ParagraphCache(0), batch_size=16, processes=1, scope=settings.analysis_scope)
    articles = {i: Analysed(p, c, d) for i, p, c, d in zip(ids, parsed, composed, docs, strict=True)}
    return CorpusRun(gold, articles, learn, c)
