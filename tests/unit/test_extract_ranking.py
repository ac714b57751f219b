"""Speaker attribution as ranking: candidates, their features, the learned scorer."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from newsetl.extract.candidates import Candidate
from newsetl.extract.ranking import PRIOR_WEIGHTS, Weights, best_candidate, packaged_weights
from newsetl.extract.training import choose_c, fit_weights, ranking_hits
from newsetl.model import Extraction, ParsedArticle

Maker = Callable[..., ParsedArticle]
Runner = Callable[[ParsedArticle], Extraction]


def test_pronoun_goes_to_the_person_just_named_not_the_most_named(
    run_extract: Runner, make_article: Maker
) -> None:
    parsed = make_article(
        [
            "Mayor Helga Vronsky has led the port city of Kessel for a decade.",
            "Vronsky opened the new ferry terminal on Monday. Vronsky also cut the ribbon on a bridge.",
            "Vronsky was cheered by crowds, and Vronsky thanked the builders.",
            "Engineer Tomas Ekker, who designed the terminal, spoke to reporters at the opening.",
            "“It was the hardest job of my life,” he said.",
        ]
    )
    (quote,) = run_extract(parsed).quotes
    assert quote.speaker == "Tomas Ekker"
    assert quote.speaker_mention == "he"


def test_the_company_resolves_to_the_organisation_named(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "Shares in Brightwater Holdings fell sharply after the recall of its kettles.",
            "“We are working with regulators and will refund every customer,” the company said.",
        ]
    )
    (quote,) = run_extract(parsed).quotes
    assert quote.speaker == "Brightwater Holdings"
    assert 0.0 < quote.confidence <= 1.0


def test_titled_speaker_is_stored_without_the_title(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "Major-Gen Olu Brandt told the inquiry the army had been ready.",
            "“We had every unit in place by dawn,” Brandt said.",
        ]
    )
    (quote,) = run_extract(parsed).quotes
    assert quote.speaker == "Olu Brandt"


def _candidate(name: str, **features: float) -> Candidate:
    return Candidate(name, name, dict(features))


def test_best_candidate_ranks_by_weights_and_reports_its_share() -> None:
    weights = Weights({"cue": 2.0, "recent": 1.0})
    ranked = best_candidate([_candidate("A", recent=1.0), _candidate("B", cue=1.0)], weights)
    assert ranked is not None
    assert ranked[0].name == "B"
    assert ranked[1] == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert best_candidate([], weights) is None


def test_weights_round_trip_through_json() -> None:
    weights = Weights({"cue": 1.5, "distance": -0.25}, -2.0, {"quotes": 3})
    assert Weights.from_json(weights.to_json()) == weights


def test_packaged_weights_are_learned_and_prefer_the_cue() -> None:
    weights = packaged_weights()
    assert weights is not PRIOR_WEIGHTS
    assert weights.coef["cue"] > 0 > weights.coef["reported_clause"]


def test_fit_weights_learns_the_feature_that_marks_the_right_candidate() -> None:
    groups = [
        [({"cue": 1.0, "distance": 0.2}, True), ({"recent": 1.0, "distance": 0.1}, False)],
        [({"cue": 1.0}, True), ({"recent": 1.0}, False), ({"distance": 0.5}, False)],
        [({"cue": 1.0, "recent": 1.0}, True), ({"distance": 0.3}, False)],
        [({"recent": 1.0}, False)],  # no right answer: teaches nothing and is dropped
    ]
    weights = fit_weights(groups)
    assert weights.coef["cue"] > weights.coef["recent"]
    assert weights.meta["quotes"] == 3
    with pytest.raises(ValueError):
        fit_weights([[({"cue": 1.0}, False)]])


def test_a_document_speaks_for_the_body_that_owns_it(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "The Harbour Safety Research Institute (HSRI) studied the collapse of the pier for a year.",
            "“The pier failed because its piles were never inspected,” HSRI's report said.",
        ]
    )
    (quote,) = run_extract(parsed).quotes
    assert quote.speaker == "Harbour Safety Research Institute"


def test_choose_c_picks_from_the_grid_by_held_out_ranking() -> None:
    good = [({"cue": 1.0}, True), ({"recent": 1.0}, False)]
    folds = {"alpha": [good, good], "beta": [good], "gamma": [good, good]}
    assert choose_c(folds, grid=(0.5, 2.0)) in (0.5, 2.0)
    weights = fit_weights([good, good], 1.0)
    assert ranking_hits(weights, [good, [({"recent": 1.0}, True), ({"cue": 1.0}, False)]]) == 1


def test_pronoun_skips_a_person_of_the_other_gender(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "Harbour master Piet Lund denied the charges on Monday. He has held the post for ten years.",
            "Prosecutor Anna Berg told the court that she had new evidence. She asked for more time.",
            "“I have done nothing wrong,” he said.",
        ]
    )
    (quote,) = run_extract(parsed).quotes
    assert quote.speaker == "Piet Lund"
