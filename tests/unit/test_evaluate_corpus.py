"""The scorer agrees with the real gold format: gold scored against itself is perfect."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsetl.evaluate.gold import load_gold_dir
from newsetl.evaluate.predicted import prediction_from_gold
from newsetl.evaluate.ratio import FIELD_KEYS
from newsetl.evaluate.report import FLOORS, below_floor
from newsetl.evaluate.scoring import score_corpus


@pytest.mark.corpus
def test_gold_scored_against_itself_is_perfect(corpus_dir: Path) -> None:
    golds = load_gold_dir(corpus_dir / "gold")
    assert set(golds) == {p.stem for p in (corpus_dir / "text").glob("*.txt")}  # one gold per dump
    assert all(gold.id == stem for stem, gold in golds.items())
    score = score_corpus((gold, prediction_from_gold(gold)) for gold in golds.values())
    expected = {key: 0.0 if key == "chrome_leak_rate" else 1.0 for key in FIELD_KEYS}
    assert score.values == expected
    assert score.fields["chrome_leak_rate"].den == sum(len(g.not_body) for g in golds.values())
    assert below_floor(score, FLOORS) == []


@pytest.mark.corpus
def test_gold_sentences_and_chrome_are_dump_lines(corpus_dir: Path) -> None:
    """The gold refers to exact dump lines, so sentence and leak matching can work on real text."""
    for stem, gold in load_gold_dir(corpus_dir / "gold").items():
        lines = set((corpus_dir / "text" / f"{stem}.txt").read_text(encoding="utf-8").splitlines())
        assert all(line in lines for line in gold.not_body), stem
        text = "\n".join(lines)
        assert gold.body_first_sentence in text and gold.body_last_sentence in text, stem
