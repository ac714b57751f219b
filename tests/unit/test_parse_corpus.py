"""The project's seed article, parsed from the shared corpus, must come out exactly right."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsetl.model import Image
from newsetl.parse import parse_article

pytestmark = pytest.mark.corpus

SEED_HEADLINE = "Kremlin says Flynn didn't influence Putin's decision to not retaliate against U.S. sanctions"
SEED_DEK = (
    "Putin’s decision to not retaliate against the U.S. after Washington levied a new round of sanctions "
    "last year was not influenced by Flynn, the Kremlin said."
)


def test_seed_article(corpus_dir: Path) -> None:
    text = (corpus_dir / "text" / "nbc-seed.txt").read_text(encoding="utf-8")
    article = parse_article(text)
    assert article.headline == SEED_HEADLINE
    assert article.dek == SEED_DEK
    assert article.authors == ()
    assert article.published_date is None
    assert article.dateline is None
    assert len(article.paragraphs) == 10
    assert article.paragraphs[0].startswith("Russian President Vladimir Putin's decision to not retaliate")
    assert article.paragraphs[-1] == (
        "The following day, Trump tweeted, "
        '"Great move on delay (by V. Putin) - I always knew he was very smart!"'
    )
    assert not any(p.startswith("Image:") or p.endswith("/ AP file") for p in article.paragraphs)
    assert article.images == (
        Image(
            alt_text="Vladimir Putin",
            caption=(
                "Russian President Vladimir Putin delivers his speech attending the World Health "
                "Organisation ministerial conference in Moscow, Russia."
            ),
            credit="Ivan Sekretarev / AP file",
            photographer="Ivan Sekretarev",
            agency="AP",
            paragraph_index=0,
        ),
        Image(
            alt_text="Michael Flynn",
            caption=(
                "Former National Security Adviser Michael Flynn speaks during the daily news briefing at the "
                "White House, in Washington."
            ),
            credit="Carolyn Kaster / AP file",
            photographer="Carolyn Kaster",
            agency="AP",
            paragraph_index=8,
        ),
    )
    assert article.dropped_lines == 5  # IE notice, two Image: lines, two captions
