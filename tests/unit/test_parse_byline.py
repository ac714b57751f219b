"""Bylines, date lines and datelines."""

from __future__ import annotations

import datetime as dt

import pytest

from newsetl.parse import parse_article
from newsetl.parse.byline import Byline, find_date, is_date_line, names_line, opening_dateline, parse_byline


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Nov. 20, 2019 6:02 AM EST", dt.date(2019, 11, 20)),
        ("Sat 24 Feb 2024 12.42 CET", dt.date(2024, 2, 24)),
        ("19 November 2019", dt.date(2019, 11, 19)),
        ("2 minute readApril 25, 20232:26 PM GMT+2Last Updated 9 min ago", dt.date(2023, 4, 25)),
        ("Published on 30/04/2024 - 16:38", dt.date(2024, 4, 30)),
        ("Posted: Aug 08, 2024 4:00 AM EDT", dt.date(2024, 8, 8)),
        ("Tue, 26 November 2024 9:27PM", dt.date(2024, 11, 26)),
        ("Comments", None),
    ],
)
def test_find_date(line: str, date: dt.date | None) -> None:
    assert find_date(line) == date
    assert find_date(line, any_case=True) == date


def test_the_article_date_is_read_whatever_the_case_of_the_month() -> None:
    assert find_date("11:58, 23 APR 2024", any_case=True) == dt.date(2024, 4, 23)
    assert find_date("NOVEMBER 20, 2019 10:43", any_case=True) == dt.date(2019, 11, 20)
    assert find_date("Last updated may 2024", any_case=True) is None  # no day
    assert find_date("11:58, 23 APR 2024") is None  # the line-role features keep the trained patterns
    assert is_date_line("11:58, 23 APR 2024", any_case=True)


def test_date_line_is_short_and_not_a_sentence() -> None:
    assert is_date_line("June 4, 2022, 9:12 AM UTC")
    assert not is_date_line("The court ruled on June 4, 2022, that the law was void.")


@pytest.mark.parametrize(
    ("line", "byline"),
    [
        ("By DANICA KIRK and JILL LAWSON", Byline(authors=("Danica Kirk", "Jill Lawson"))),
        ("By Aaron Klein | Fox News", Byline(authors=("Aaron Klein",), publisher="Fox News")),
        (
            "Yasmin Hass · CBC News · Posted: Aug 08, 2024 4:00 AM EDT",
            Byline(authors=("Yasmin Hass",), publisher="CBC News"),
        ),
        (
            "Ashish Sen / TIMESOFINDIA.COM / Sep 2, 2024, 17:07 IST",
            Byline(authors=("Ashish Sen",), publisher="TIMESOFINDIA.COM"),
        ),
        ("By Associated Press", Byline(agency="Associated Press")),
        ("Associated Press in Valencia", Byline(agency="Associated Press", city="Valencia")),
        ("Reuters, Washington,", Byline(agency="Reuters", city="Washington")),
        ("Analysis by Chris Cole, CNN Editor-at-large", Byline(authors=("Chris Cole",))),
        ("Amy Gibb Political Correspondent", Byline(authors=("Amy Gibb",))),
        ("Social Sharing", None),
        ("The minister said the plan would be published by June.", None),
    ],
)
def test_parse_byline(line: str, byline: Byline | None) -> None:
    assert parse_byline(line) == byline


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Adam Vidal and AP", ("Adam Vidal", "Associated Press")),
        ("Dan Jervis-Bardy", ("Dan Jervis-Bardy",)),
        ("Dan Jervis-BardyThe West Australian", ()),
        ("World News", ()),
        ("Breaking News Emails", ()),
        ("Maria Okafor0", ("Maria Okafor",)),  # a footnote mark glued to the name
        ("Maria Okafor*", ("Maria Okafor",)),
        ("Boeing 737", ()),
    ],
)
def test_names_line(line: str, names: tuple[str, ...]) -> None:
    assert names_line(line) == names


@pytest.mark.parametrize(
    ("paragraph", "place"),
    [
        ("LONDON (AP) — Britain's Conservative Party was accused", "LONDON"),
        ("KATHMANDU, April 25 (Reuters) - Nepal's aviation authority", "KATHMANDU"),
        ("KATHMANDU, Nepal (Reuters) - Nepal's aviation authority", "KATHMANDU, Nepal"),
        ("LA CROSSE, Wis. (AP) — After a summer of tumult", "LA CROSSE, Wis."),
        ("PARIS, Sept. 3 (AFP) - The ministry said", "PARIS"),
        ("WASHINGTON, Tuesday — Officials said", "WASHINGTON"),
        ("NEW DELHI: Pakistan's approach is evolving", "NEW DELHI"),
        ("BERLIN -- The European Space Agency says", "BERLIN"),
        ("AUBURN, Wash. —", "AUBURN, Wash."),
        ("A New York man pleaded guilty on Monday.", None),
        ("US President Donald Trump — who spoke on Monday — said", None),
    ],
)
def test_opening_dateline(paragraph: str, place: str | None) -> None:
    assert opening_dateline(paragraph) == place


def test_a_page_dated_in_capitals_gets_its_date() -> None:
    page = "\n\n".join(
        [
            "News",
            "Council approves new budget for the coming year after long debate",
            "By Jane Doe",
            "11:58, 23 APR 2024",
            "The council approved the budget on Tuesday after a debate that lasted more than six hours.",
            "Members said the plan would protect services while keeping taxes at their current level.",
        ]
    )
    assert parse_article(page).published_date == dt.date(2024, 4, 23)
