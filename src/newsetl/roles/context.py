"""Second-stage features: what the first-stage model thinks of a line's neighbours. Pure.

A line's role depends on its neighbours' roles (a caption follows a photo, a byline sits near
the date, the dek under the headline). The first stage gives every line a probability per role;
the second stage sees, besides the line's own features, those probabilities for the line and its
previous and next content lines, and how the line ranks on the page as headline and dek.
"""

from __future__ import annotations

from typing import Final

from newsetl.roles.features import FEATURE_NAMES
from newsetl.roles.schema import BODY, DEK, HEADLINE, ROLES

_CHROME = FEATURE_NAMES.index("chrome")
_MISSING = -1.0
CONTEXT_FEATURES: Final[tuple[str, ...]] = (
    *(f"p_{role}" for role in ROLES),
    *(f"prev_p_{role}" for role in ROLES),
    *(f"next_p_{role}" for role in ROLES),
    "page_headline_rank",
    "page_dek_rank",
    "headline_before",
    "body_share_before",
)
STAGE2_FEATURES: Final[tuple[str, ...]] = (*FEATURE_NAMES, *CONTEXT_FEATURES)


def _ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    ranks = [0.0] * len(values)
    for rank, i in enumerate(order):
        ranks[i] = float(min(rank, 10))
    return ranks


def context_rows(rows: list[list[float]], probabilities: list[dict[str, float]]) -> list[list[float]]:
    """Stage-two rows (``STAGE2_FEATURES`` order) from stage-one rows and probabilities."""
    content = [i for i, row in enumerate(rows) if not row[_CHROME]]
    own = [[p.get(role, 0.0) for role in ROLES] for p in probabilities]
    headline_rank = _ranks([p.get(HEADLINE, 0.0) for p in probabilities])
    dek_rank = _ranks([p.get(DEK, 0.0) for p in probabilities])
    out: list[list[float]] = []
    before = 0
    best_headline = 0.0
    body_before = 0.0
    for i, row in enumerate(rows):
        is_content = before < len(content) and content[before] == i
        prev = content[before - 1] if before >= 1 else None
        nxt_rank = before + 1 if is_content else before
        nxt = content[nxt_rank] if nxt_rank < len(content) else None
        prev_p = own[prev] if prev is not None else [_MISSING] * len(ROLES)
        next_p = own[nxt] if nxt is not None else [_MISSING] * len(ROLES)
        out.append(
            [
                *row,
                *own[i],
                *prev_p,
                *next_p,
                headline_rank[i],
                dek_rank[i],
                best_headline,
                body_before / before if before else 0.0,
            ]
        )
        if is_content:
            best_headline = max(best_headline, probabilities[i].get(HEADLINE, 0.0))
            body_before += probabilities[i].get(BODY, 0.0)
            before += 1
    return out
