"""Score speaker candidates with a linear model and keep the best; its probability is the confidence.

The weights are learned by ``benchmarks/train_speakers.py`` (logistic regression over the gold
corpus, see :mod:`newsetl.extract.training`) and packaged as ``speaker_weights.json`` beside this
module. ``PRIOR_WEIGHTS`` are hand-set starting values: they rank candidates while the training rows
are collected, so the rows never depend on weights learned from the data they describe.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from newsetl.extract.candidates import Candidate

WEIGHTS_FILE = "speaker_weights.json"


@dataclass(frozen=True)
class Weights:
    """A linear scorer: ``intercept + sum(weight * feature)``, squashed to a probability."""

    coef: dict[str, float] = field(default_factory=dict)
    intercept: float = 0.0
    meta: dict[str, object] = field(default_factory=dict)

    def score(self, candidate: Candidate) -> float:
        """The candidate's linear score (higher ranks first)."""
        return self.coef_score(candidate.features)

    def coef_score(self, features: dict[str, float]) -> float:
        return self.intercept + sum(self.coef.get(k, 0.0) * v for k, v in features.items())

    def to_json(self) -> str:
        data = {"intercept": self.intercept, "coef": dict(sorted(self.coef.items())), "meta": self.meta}
        return json.dumps(data, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Weights:
        data = json.loads(text)
        coef = {str(k): float(v) for k, v in data["coef"].items()}
        return cls(coef, float(data["intercept"]), dict(data.get("meta", {})))


# The attribution cue first (a named subject above a pronoun above a description), then the speaker
# of the quote before, then the names around the quote.
PRIOR_WEIGHTS = Weights(
    {
        "cue": 3.0,
        "cue_named": 1.0,
        "cue_pronoun": 0.5,
        "inherit": 1.5,
        "inherit_gap": -0.5,
        "near_same": 0.5,
        "speech_subject": 1.0,
        "reported_clause": -1.0,
        "recent": 0.5,
        "antecedent": 0.5,
        "org_antecedent": 0.5,
        "distance": -0.5,
    },
    -3.0,
)


@cache
def packaged_weights() -> Weights:
    """The learned weights shipped with the package; the prior when none are packaged."""
    source = resources.files("newsetl.extract").joinpath(WEIGHTS_FILE)
    if not source.is_file():
        return PRIOR_WEIGHTS
    return Weights.from_json(source.read_text(encoding="utf-8"))


def best_candidate(candidates: list[Candidate], weights: Weights) -> tuple[Candidate, float] | None:
    """The highest-scoring candidate and its share of the softmax over the quote's candidates (the
    confidence); ties go to the earlier candidate."""
    if not candidates:
        return None
    scores = [weights.score(c) for c in candidates]
    top = max(scores)
    index = scores.index(top)
    total = sum(math.exp(max(-30.0, s - top)) for s in scores)
    return candidates[index], 1.0 / total
