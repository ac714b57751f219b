"""Caption/credit splitting and photographer/agency attribution."""

from __future__ import annotations

import pytest

from newsetl.parse.credits import credit_only, normalize_agency, split_caption_credit, split_credit


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "A man waves in Moscow, Russia.Ivan Petrov / AP file",
            "A man waves in Moscow, Russia.",
            "Ivan Petrov / AP file",
        ),
        (
            "Crowds gather on July 5, 2019.J. Scott Smith / AP file",
            "Crowds gather on July 5, 2019.",
            "J. Scott Smith / AP file",
        ),
        (
            "Smoke rises over the port. Photograph: Eva Lopez/Reuters",
            "Smoke rises over the port.",
            "Eva Lopez/Reuters",
        ),
        ("The two leaders shake hands. (ITV via AP)", "The two leaders shake hands.", "ITV via AP"),
        ("Troops patrol the border [File: Reuters]", "Troops patrol the border", "File: Reuters"),
        (
            "The minister speaks. Credit: Oliver Lane/RegionalHUB",
            "The minister speaks.",
            "Oliver Lane/RegionalHUB",
        ),
        ("A police officer - Copyright Fredrik Berg/AP", "A police officer", "Fredrik Berg/AP"),
        (
            "Protesters on stage (Photo: Climate Group/PA Wire)",
            "Protesters on stage",
            "Climate Group/PA Wire",
        ),
        (
            "A plane on fire. @SpotterNP/via REUTERS THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY.",
            "A plane on fire.",
            "@SpotterNP/via REUTERS",
        ),
        (
            "[1/5]A rally in Lima. REUTERS/Ana Cruz Purchase Licensing Rights",
            "A rally in Lima.",
            "REUTERS/Ana Cruz",
        ),
        ("Image caption Rescuers search the rubble", "Rescuers search the rubble", None),
        ("A quiet street in the old town", "A quiet street in the old town", None),
    ],
)
def test_split_caption_credit(text: str, caption: str | None, credit: str | None) -> None:
    assert split_caption_credit(text) == (caption, credit)


def test_loose_split_only_when_asked() -> None:
    text = "The minister arrives at the summit in Rome Marco Bianchi/Getty Images"
    assert split_caption_credit(text) == (text, None)
    assert split_caption_credit(text, loose=True) == (
        "The minister arrives at the summit in Rome",
        "Marco Bianchi/Getty Images",
    )


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("ITV, ASSOCIATED PRESS", "ITV, ASSOCIATED PRESS"),
        ("Image copyright EPA", "EPA"),
        ("Copyright Fredrik Berg/AP", "Fredrik Berg/AP"),
        ("Photo: AFP", "AFP"),
        ("Getty Images", "Getty Images"),
        ("Prince Harry", None),
        ("The match was delayed by rain.", None),
    ],
)
def test_credit_only(line: str, credit: str | None) -> None:
    assert credit_only(line) == credit


@pytest.mark.parametrize(
    ("credit", "photographer", "agency"),
    [
        ("Ivan Petrov / AP file", "Ivan Petrov", "AP"),
        ("AP Photo/Carolyn Kaster", "Carolyn Kaster", "AP"),
        ("Adel Hana/The Associated Press", "Adel Hana", "AP"),
        ("@SpotterNP/via REUTERS", "@SpotterNP", "Reuters"),
        ("ITV via AP", None, "ITV via AP"),
        ("File: Reuters", None, "Reuters"),
        ("EPA", None, "EPA"),
        ("Lintao Zhang/Getty Images", "Lintao Zhang", "Getty Images"),
        ("Mohamed El Saife/CBC", "Mohamed El Saife", "CBC"),
        (
            "U.S. District Court, Eastern District of New York",
            None,
            "U.S. District Court, Eastern District of New York",
        ),
        ("AP Photo/Eric Gay, File", "Eric Gay", "AP"),
    ],
)
def test_split_credit(credit: str, photographer: str | None, agency: str | None) -> None:
    assert split_credit(credit) == (photographer, agency)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("Associated Press", "AP"),
        ("REUTERS", "Reuters"),
        ("AFP file photo", "AFP"),
        ("NASA via AP, File", "NASA via AP"),
    ],
)
def test_normalize_agency(printed: str, canonical: str) -> None:
    assert normalize_agency(printed) == canonical
