"""Bylines read across lines or glued to the date (invented lines, no corpus text)."""

from __future__ import annotations

import pytest

from newsetl.parse.article import article_from_roles
from newsetl.parse.byline_block import block_names, dated_byline, header_names, outlet_byline
from newsetl.roles.schema import BODY, BYLINE, CHROME, DATE, HEADLINE


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Maria LopezPublished Mar 3, 2025, 9:10am|Updated Mar 3, 2025", ("Maria Lopez",)),
        ("ReutersJune 2, 2024 GMT", ("Reuters",)),
        ("by Tom Baker Aug. 9, 2025 8:01 am", ("Tom Baker",)),
        ("Last Modified: Feb 18, 2020", ()),  # not glued, no "By": a label, not a name
        ("Monday 18 November 2019", ()),
        ("Updated10:49, 5 Aug 2024", ()),
        ("Published on 30/04/2024 - 16:38", ()),
    ],
)
def test_dated_byline(line: str, names: tuple[str, ...]) -> None:
    assert dated_byline(line) == names


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("By Daily Herald Staff", ("Daily Herald Staff",)),
        ("By XYZ, in News, Business · 31 Jan 2025, 20:02 · 0 Comments", ("XYZ",)),
        ("By Globenews with Agencies", ("Globenews",)),
        ("By Anna Berg", ()),  # a person: parse_byline's job
        ("By AP", ()),  # an agency: parse_byline's job
        ("By clicking Sign Up, you accept our terms", ()),
    ],
)
def test_outlet_byline(line: str, outlet: tuple[str, ...]) -> None:
    assert outlet_byline(line) == outlet


def test_a_photo_credit_names_no_author() -> None:
    assert header_names("Photograph: Anna Berg; Getty Images") == ()
    assert header_names("Anna Berg") == ("Anna Berg",)


def test_a_by_block_is_one_name_a_line() -> None:
    lines = ["By", "Anna Berg,", "Tom Baker &", "…", "Lee Chang", "Show authors", "Rita Moss"]
    assert block_names(lines, 0) == [1, 2, 4]


def test_the_header_prefers_a_signed_name_to_a_bare_name_line() -> None:
    lines = [
        "A headline of several words here",
        "Maria LopezPublished Mar 3, 2025, 9:10am",
        "Up Next",
        "The first paragraph of the story runs on long enough to be body text.",
    ]
    article = article_from_roles(lines, [HEADLINE, DATE, BYLINE, BODY])
    assert article.authors == ("Maria Lopez",)
    block = ["A headline of several words here", "By", "Anna Berg,", "Tom Baker", "Body text goes on here."]
    assert article_from_roles(block, [HEADLINE, CHROME, BYLINE, BYLINE, BODY]).authors == (
        "Anna Berg",
        "Tom Baker",
    )
