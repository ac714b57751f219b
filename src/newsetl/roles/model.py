"""The packaged line-role model: LightGBM boosters per role, two stages, in one JSON file.

Loaded once per process (lazily, cached). :func:`role_probabilities` gives, for every line, the
probability of each role; :mod:`newsetl.roles.decode` turns them into one role per line.
"""

from __future__ import annotations

import functools
import gzip
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import lightgbm
import numpy as np

from newsetl.roles.context import CONTEXT_FEATURES, context_rows
from newsetl.roles.features import FEATURE_NAMES, line_features
from newsetl.roles.schema import ROLES
from newsetl.roles.version import MODEL_FILE

Boosters = dict[str, lightgbm.Booster]


def predict(boosters: Boosters, rows: list[list[float]]) -> list[dict[str, float]]:
    """Per row, each booster's probability (one thread: pages are small)."""
    if not rows:
        return []
    matrix = np.asarray(rows, dtype=np.float64)
    columns = {role: booster.predict(matrix, num_threads=1) for role, booster in boosters.items()}
    return [{role: float(columns[role][i]) for role in boosters} for i in range(len(rows))]


@dataclass(frozen=True)
class RoleModel:
    """Two stages of binary boosters, one per role (one-vs-rest): the first over the line features
    (:data:`FEATURE_NAMES`), the second over those plus the first stage's view of the neighbours
    (:data:`STAGE2_FEATURES`)."""

    first: Boosters
    second: Boosters
    trained_on: str = ""

    def probabilities(self, rows: list[list[float]]) -> list[dict[str, float]]:
        first = predict(self.first, rows)
        if not self.second:
            return first
        return predict(self.second, context_rows(rows, first))

    def to_bytes(self) -> bytes:
        """The packaged file's content: the JSON, gzip-compressed without a timestamp (deterministic)."""
        return gzip.compress(self.to_json().encode("utf-8"), mtime=0)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": 2,
            "trained_on": self.trained_on,
            "features": list(FEATURE_NAMES),
            "context_features": list(CONTEXT_FEATURES),
            "first": {role: self.first[role].model_to_string() for role in ROLES if role in self.first},
            "second": {role: self.second[role].model_to_string() for role in ROLES if role in self.second},
        }
        return json.dumps(data, sort_keys=True)


def model_from_json(text: str) -> RoleModel:
    data = json.loads(text)
    if tuple(data["features"]) != FEATURE_NAMES or tuple(data["context_features"]) != CONTEXT_FEATURES:
        raise ValueError("line-role model was trained on other features: run `make train`")

    def boosters(key: str) -> Boosters:
        return {role: lightgbm.Booster(model_str=model) for role, model in data[key].items()}

    return RoleModel(boosters("first"), boosters("second"), str(data.get("trained_on", "")))


@functools.cache
def packaged_model() -> RoleModel:
    """The model shipped inside the package (built by ``make train``)."""
    data = resources.files("newsetl.roles").joinpath(MODEL_FILE).read_bytes()
    return model_from_json(gzip.decompress(data).decode("utf-8"))


def role_probabilities(lines: list[str], model: RoleModel | None = None) -> list[dict[str, float]]:
    """Per line, the probability of each role (the packaged model unless one is given)."""
    return (model or packaged_model()).probabilities(line_features(lines))
