"""The packaged line-role model: one LightGBM booster per role, in one JSON file.

Loaded once per process (lazily, cached). :func:`role_probabilities` gives, for every line, the
probability of each role; :mod:`newsetl.roles.decode` turns them into one role per line.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import lightgbm
import numpy as np

from newsetl.roles.features import FEATURE_NAMES, line_features
from newsetl.roles.schema import ROLES
from newsetl.roles.version import MODEL_FILE


@dataclass(frozen=True)
class RoleModel:
    """One binary booster per role (one-vs-rest), over :data:`FEATURE_NAMES`."""

    boosters: dict[str, lightgbm.Booster]
    trained_on: str = ""

    def probabilities(self, rows: list[list[float]]) -> list[dict[str, float]]:
        if not rows:
            return []
        matrix = np.asarray(rows, dtype=np.float64)
        columns = {role: booster.predict(matrix, num_threads=1) for role, booster in self.boosters.items()}
        return [{role: float(columns[role][i]) for role in self.boosters} for i in range(len(rows))]

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": 1,
            "trained_on": self.trained_on,
            "features": list(FEATURE_NAMES),
            "roles": {role: self.boosters[role].model_to_string() for role in ROLES if role in self.boosters},
        }
        return json.dumps(data, sort_keys=True)


def model_from_json(text: str) -> RoleModel:
    data = json.loads(text)
    if tuple(data["features"]) != FEATURE_NAMES:
        raise ValueError("line-role model was trained on other features: run `make train`")
    boosters = {role: lightgbm.Booster(model_str=model) for role, model in data["roles"].items()}
    return RoleModel(boosters, str(data.get("trained_on", "")))


@functools.cache
def packaged_model() -> RoleModel:
    """The model shipped inside the package (built by ``make train``)."""
    text = resources.files("newsetl.roles").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    return model_from_json(text)


def role_probabilities(lines: list[str], model: RoleModel | None = None) -> list[dict[str, float]]:
    """Per line, the probability of each role (the packaged model unless one is given)."""
    return (model or packaged_model()).probabilities(line_features(lines))
