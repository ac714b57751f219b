"""The span re-labeller: a logistic regression over context features that gives each entity name
of an article one of PERSON, ORG, PLACE or NONE (not an entity of those kinds).

The model is learned on the gold articles by ``benchmarks/train_entities.py`` (``make train``) and
packaged as ``relabel_model.json``: classes, intercepts and the non-zero weight of each feature.
Applying it needs no learning library: a dot product per class over the features present.

All mentions of one name in an article are decided together: their log-probabilities are summed,
so a name keeps one label per article. A name classed NONE is dropped when its label was one of the
scored kinds (PERSON, ORG, GPE, LOC); other labels (NORP, FAC, ...) are kept as they were.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from newsetl.extract.canonical import canonical_place

MODEL_FILE = "relabel_model.json"
CLASSES = ("PERSON", "ORG", "PLACE", "NONE")
KEPT_KINDS = frozenset({"PERSON", "ORG", "GPE", "LOC"})
# Nationality and group adjectives ("Swedish", "Afghan") stay what they are whatever the model says.
FIXED_LABELS = frozenset({"NORP"})
# A mention keeps spaCy's (repaired) label unless the model prefers another class by this margin
# in log-probability per mention. Dropping a name needs more: in F1 a true entity dropped costs
# more than a false one kept.
MARGIN = 0.5
DROP_MARGIN = 1.0


@dataclass(frozen=True)
class Relabeller:
    """Weights of a multinomial logistic regression, by feature."""

    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    version: str = "untrained"

    def log_probs(self, features: Sequence[str]) -> list[float]:
        scores = list(self.intercepts)
        for feature in set(features):
            row = self.weights.get(feature)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w
        top = max(scores)
        total = math.log(sum(math.exp(s - top) for s in scores)) + top
        return [s - total for s in scores]

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "classes": list(self.classes),
            "intercepts": [round(v, 6) for v in self.intercepts],
            "weights": {f: [round(v, 6) for v in row] for f, row in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Relabeller:
        return cls(
            classes=tuple(data["classes"]),
            intercepts=tuple(float(v) for v in data["intercepts"]),
            weights={f: tuple(float(v) for v in row) for f, row in data["weights"].items()},
            version=str(data.get("version", "untrained")),
        )


def model_text(model: Relabeller) -> str:
    """The packaged file's text (one feature a line); its version is the hash of the weights."""
    data = model.to_json()
    body = json.dumps(data | {"version": ""}, sort_keys=True)
    version = "relabel-" + hashlib.sha256(body.encode("utf-8")).hexdigest()[:12]
    head = {k: v for k, v in (data | {"version": version}).items() if k != "weights"}
    lines = [f"{json.dumps(k)}: {json.dumps(v)}," for k, v in sorted(head.items())]
    rows = [f"  {json.dumps(f)}: {json.dumps(w)}" for f, w in data["weights"].items()]
    return "{\n" + "\n".join(lines) + '\n"weights": {\n' + ",\n".join(rows) + "\n}\n}\n"


@functools.cache
def packaged_relabeller() -> Relabeller | None:
    """The model shipped with the package, or None when it has not been built yet."""
    path = resources.files("newsetl.extract").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return Relabeller.from_json(json.loads(path.read_text(encoding="utf-8")))


def current_class(label: str) -> str:
    return {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE"}.get(label, "NONE")


def decide(
    model: Relabeller, names: Sequence[str], labels: Sequence[str], features: Sequence[Sequence[str]]
) -> dict[str, str | None]:
    """Per name: the new label (``None`` = drop), from all its mentions' features together."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(model.classes))
    counts: dict[str, int] = defaultdict(int)
    first_label: dict[str, str] = {}
    for name, label, feats in zip(names, labels, features, strict=True):
        for k, value in enumerate(model.log_probs(feats)):
            totals[name][k] += value
        counts[name] += 1
        first_label.setdefault(name, label)
    decisions: dict[str, str | None] = {}
    for name, total in totals.items():
        label = first_label[name]
        now = current_class(label)
        best = max(range(len(model.classes)), key=lambda k: total[k])
        keep = total[model.classes.index(now)] if now in model.classes else -math.inf
        settled = label in FIXED_LABELS or model.classes[best] == now
        margin = DROP_MARGIN if model.classes[best] == "NONE" else MARGIN
        if settled or total[best] - keep <= margin * counts[name]:
            decisions[name] = label
        else:
            decisions[name] = _label_for(model.classes[best], label)
    return decisions


def _label_for(cls: str, label: str) -> str | None:
    if cls == "PLACE":
        return label if label in ("GPE", "LOC") else "GPE"
    if cls == "NONE":
        return None if label in KEPT_KINDS else label
    return cls


def relabel_name(name: str, old: str, new: str) -> str:
    """The canonical form of a name that changed label (places are canonicalised)."""
    return canonical_place(name) if new in ("GPE", "LOC") and old not in ("GPE", "LOC") else name


__all__ = ["CLASSES", "Relabeller", "decide", "model_text", "packaged_relabeller", "relabel_name"]
