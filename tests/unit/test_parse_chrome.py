"""Page-chrome recognition and small text predicates."""

from __future__ import annotations

import pytest

from newsetl.parse.chrome import is_chrome, is_post_attribution
from newsetl.parse.text import is_sentence_like, natural_case


@pytest.mark.parametrize(
    "line",
    [
        "IE 11 is not supported. For an optimal experience visit our site on another browser.",
        "View image in fullscreen",
        "Advertisement",
        "Advertisement · Scroll to continue",
        "Email link",
        "Media playback is unsupported on your device",
        "Get breaking news alerts and special reports. The news and stories that matter, delivered weekday.",
        "CLICK HERE TO GET THE FOX NEWS APP",
        "Reporting by Ana Silva; Editing by Tom Reed",
        "cancel email link share Share bookmark Save",
        "— Jane Roe (@janeroe) January 7, 2020",
    ],
)
def test_chrome(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Talks are scheduled for Friday.",
        "Share prices fell sharply on Monday after the announcement.",
        "What did the prosecutors say?",
    ],
)
def test_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_post_attribution() -> None:
    assert is_post_attribution("— Advocate Dali Mpofu")
    assert not is_post_attribution("The minister said so.")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Talks are scheduled for Friday.", True),
        ("“It was an attempt to mislead voters,’’ he said.", True),
        ("Profile: Iceland's volcanoes", False),
        (
            "Clare Daly Donald Trump Mary Lou McDonald Mary Robinson Michael D. Higgins "
            "Micheal Martin Michelle O'Neill Mick Wallace Simon Harris",
            False,
        ),
    ],
)
def test_sentence_like(line: str, expected: bool) -> None:
    assert is_sentence_like(line) is expected


@pytest.mark.parametrize(
    ("name", "natural"),
    [
        ("DANICA KIRKA", "Danica Kirka"),
        ("SEAN O'NEIL", "Sean O'Neil"),
        ("AMELIA THOMSON-DEVEAUX", "Amelia Thomson-Deveaux"),
        ("Phil Helsel", "Phil Helsel"),
    ],
)
def test_natural_case(name: str, natural: str) -> None:
    assert natural_case(name) == natural
