"""The weak-page figures with a label convention made explicit sit beside the figures as scored."""

from __future__ import annotations

from newsetl.evaluate.cv import WeakTruth, date_printed, is_prose, score_weak
from newsetl.evaluate.predicted import PredictedArticle


def test_date_printed_needs_day_month_and_year_on_a_line() -> None:
    assert date_printed(["10:05, 23 APR 2024"], "2024-04-23")
    assert date_printed(["Sept 4, 2024 9:45 am"], "2024-09-04")
    assert date_printed(["2024-02-14T16:15:30Z"], "2024-02-14")
    assert not date_printed(["Published 3 seconds ago"], "2024-08-28")
    assert not date_printed(["Updated 20:49, 5 Aug 2024"], "2024-08-04")  # a day away: another date


def test_prose_is_a_sentence_not_a_list_row() -> None:
    assert is_prose("Officials did not immediately provide any other details.")
    assert not is_prose("Buy now")
    assert not is_prose("$285 at a shop")


def _pred(published: str | None, paragraphs: tuple[str, ...]) -> PredictedArticle:
    return PredictedArticle(None, None, (), published, None, paragraphs, ())


def test_convention_figures_are_extra_and_the_scored_ones_stay() -> None:
    sentence = "A full sentence of the article body goes here."
    truth = WeakTruth(None, None, False, None, "2024-04-23", (sentence, "Buy now", "£20", "Row"), False)
    scores = score_weak(truth, _pred(None, (sentence,)))
    assert scores["published"].value == 0.0
    assert "published_printed" not in scores  # the date is not printed: not counted there
    assert scores["paragraph_count_pm1"].value == 0.0  # 1 against 4: the figure as scored
    assert scores["paragraph_count_pm1_prose"].value == 1.0  # 1 against 1 prose line
    printed = WeakTruth(None, None, False, None, "2024-04-23", (sentence,), True)
    assert score_weak(printed, _pred("2024-04-22", (sentence,)))["published_printed"].value == 0.0
