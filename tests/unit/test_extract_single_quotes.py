"""Single quotation marks told apart from apostrophes; objects' words, titles and labels rejected."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from newsetl.extract.quotes import find_quote_spans, introduced_as_object, names_a_thing
from newsetl.model import Extraction, ParsedArticle

Maker = Callable[..., ParsedArticle]
Runner = Callable[[ParsedArticle], Extraction]


def _texts(paragraph: str) -> list[str]:
    return [paragraph[s.start : s.end] for s in find_quote_spans((paragraph,))]


def test_curly_single_marks_are_quotes() -> None:
    paragraph = "‘We’re delighted to be back,’ said Mr Ekker. ‘It’s the right time.’"
    assert _texts(paragraph) == ["We’re delighted to be back,", "It’s the right time."]


@pytest.mark.parametrize(
    "paragraph",
    [
        "She loved rock 'n' roll and the '90s, and didn't care who knew it.",
        "The Rovers' new coach met the players' families at James' house.",
        "It’s the band’s third album and they’ve toured since ’98.",
    ],
)
def test_apostrophes_are_not_quote_marks(paragraph: str) -> None:
    assert _texts(paragraph) == []


def test_plural_possessive_before_a_straight_single_quote() -> None:
    paragraph = "The dockers' union said 'we will not move' on Friday."
    assert _texts(paragraph) == ["we will not move"]


def test_single_marks_inside_double_marks_are_nested_text() -> None:
    paragraph = "“He told me ‘never again’ and left,” Lund said."
    assert _texts(paragraph) == ["He told me ‘never again’ and left,"]


@pytest.mark.parametrize(
    "before", ["protesters held a banner reading ", "a plaque on the wall says ", "the film ", "chanting "]
)
def test_words_on_objects_chants_and_titles(before: str) -> None:
    assert introduced_as_object(before) is not None


def test_speech_is_not_an_object() -> None:
    assert introduced_as_object("the mayor told reporters ") is None
    assert introduced_as_object("a banner reading ") == 2


def test_label_between_a_determiner_and_a_noun_names_a_thing() -> None:
    assert names_a_thing("phase two", "officials expect a ", " trade pact by May.")
    assert not names_a_thing("very senior member", "he was a ", " of the team.")


def test_plaque_title_and_label_are_not_quotes_but_attributed_speech_is(
    run_extract: Runner, make_article: Maker
) -> None:
    parsed = make_article(
        [
            "Harbour master Olga Brenner unveiled a plaque reading “Built by the people of Veld” on Monday.",
            "The crew watched the film “Storm Over Veld” before the 'phase two' dredging plan began.",
            "‘The harbour will reopen in spring,’ Brenner said.",
        ]
    )
    quotes = run_extract(parsed).quotes
    assert [q.text for q in quotes] == ["The harbour will reopen in spring,"]
    assert quotes[0].speaker == "Olga Brenner"


def test_words_written_on_things_are_not_quotes(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(
        [
            "The medics wore vests with “RESCUE” written on the back as they crossed the harbour bridge.",
            "“We go where we are needed,” said the crew chief, Lena Strand.",
        ]
    )
    assert [q.text for q in run_extract(parsed).quotes] == ["We go where we are needed,"]


def test_labels_account_names_and_crosshead_words_are_not_quotes(
    run_extract: Runner, make_article: Maker
) -> None:
    parsed = make_article(
        [
            "Who is the ‘harbour candidate’?",
            "The port office renamed its Twitter account to “veldfacts” during the debate, critics said.",
            "Voters in the so-called “river belt” towns are undecided, the pollster Ada Fenwick said.",
            "“Nobody has won them yet,” Fenwick said.",
        ]
    )
    assert [q.text for q in run_extract(parsed).quotes] == ["Nobody has won them yet,"]
