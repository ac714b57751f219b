"""The HTML reader on small pages written here: metadata, chrome, publisher and the merge rules."""

from __future__ import annotations

import datetime as dt
import json
import socket

import pytest

from newsetl.decode import DecodeError
from newsetl.model import ParsedArticle
from newsetl.sources.html import HtmlArticle, html_article, read_html
from newsetl.sources.merge import (
    choose_headline,
    choose_publisher,
    clean_authors,
    extend_body,
    merge,
    names_agree,
)
from newsetl.sources.metadata import PageMeta, domain_publisher

BODY = " ".join(
    f"Sentence {n} of the story says the council voted on the new budget for the harbour district."
    for n in range(1, 4)
)


def _page(jsonld: dict[str, object] | None = None, extra_head: str = "", chrome: str = "") -> str:
    script = f'<script type="application/ld+json">{json.dumps(jsonld)}</script>' if jsonld else ""
    paragraphs = "".join(f"<p>{BODY} Paragraph {n}.</p>" for n in range(1, 6))
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Harbour budget passes | Example Times</title>"
        f"{script}{extra_head}</head><body><nav><a href='/'>Home</a></nav><main><article>"
        f"<h1>Harbour budget passes after long night</h1><p class='byline'>By Jane Roe</p>"
        f"<figure><img src='a.jpg' alt='The harbour at dawn'><figcaption>The harbour at dawn."
        f"Photo: Sam Lee/Reuters</figcaption></figure>{paragraphs}{chrome}</article></main>"
        f"<footer>Copyright</footer></body></html>"
    )


ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Harbour budget passes after long night",
    "datePublished": "2024-05-06T22:10:00-04:00",
    "author": [{"@type": "Person", "name": "Jane Roe"}, {"@type": "Organization", "name": "Desk"}],
    "publisher": {"@type": "Organization", "name": "Example Times"},
    "url": "https://www.example-times.co.uk/news/harbour",
}


def _with_chrome(chrome: str) -> HtmlArticle:
    """The reader's result for the standard page with ``chrome`` after its paragraphs."""
    result = html_article(_page(ARTICLE, chrome=chrome))
    assert not isinstance(result, DecodeError)
    return result


def test_json_ld_gives_headline_date_authors_publisher_and_url() -> None:
    page = read_html(_page(ARTICLE).encode())
    assert not isinstance(page, DecodeError)
    meta = page.meta
    assert meta.headline == "Harbour budget passes after long night"
    assert meta.published == dt.date(2024, 5, 6)  # the date as written, in its own offset
    assert meta.authors == ("Jane Roe",)  # an Organization author is not a person
    assert meta.publisher == "Example Times"
    assert meta.url == "https://www.example-times.co.uk/news/harbour"
    assert meta.language == "en"


def test_open_graph_and_meta_tags_fill_in_without_json_ld() -> None:
    head = (
        '<meta property="og:site_name" content="Example Times">'
        '<meta property="og:url" content="https://example-times.co.uk/x">'
        '<meta property="article:published_time" content="2023-01-02T08:00:00Z">'
        '<meta name="author" content="Jane Roe">'
    )
    page = read_html(_page(None, head))
    assert not isinstance(page, DecodeError)
    assert page.meta.publisher == "Example Times"
    assert page.meta.published == dt.date(2023, 1, 2)
    assert page.meta.authors == ("Jane Roe",)
    assert page.meta.url == "https://example-times.co.uk/x"


def test_a_broken_json_ld_block_does_not_lose_the_page() -> None:
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
    result = html_article(_page(None, head))
    assert not isinstance(result, DecodeError)
    assert result.article.headline == "Harbour budget passes after long night"


def test_chrome_is_left_out_and_the_body_kept() -> None:
    chrome = (
        "<div class='related-stories'><p>Other story about something else entirely, read it now.</p></div>"
        "<div class='newsletter-signup'><p>Sign up to our free newsletter for daily news.</p></div>"
        "<aside class='most-read'><p>Most read: another headline, not part of this story.</p></aside>"
    )
    result = _with_chrome(chrome)
    assert "Other story" not in result.text and "newsletter" not in result.text
    assert "Most read" not in result.text and "Home" not in result.text
    article = result.article
    assert article.headline == "Harbour budget passes after long night"
    assert article.authors == ("Jane Roe",)
    assert article.published_date == dt.date(2024, 5, 6)
    assert article.publisher == "Example Times"
    assert len(article.paragraphs) == 5 and article.paragraphs[0].startswith("Sentence 1")
    assert [i.alt_text for i in article.images] == ["The harbour at dawn"]


def test_disclaimers_and_disclosures_are_left_out_and_their_names_are_not_authors() -> None:
    chrome = (
        "<footer><p class='affiliate-disclaimer'>Sometimes we include links to online retail stores. If you "
        "click on one and make a purchase we may receive a small commission.</p></footer>"
        "<div class='opinion__disclaimer'><p>Opinions expressed by Mark Doe are solely his own.</p></div>"
        "<p id='commerce-disclosure'>Our editors pick products independently.</p>"
    )
    result = _with_chrome(chrome)
    assert "commission" not in result.text and "Opinions expressed" not in result.text
    assert "editors pick" not in result.text
    assert result.article.authors == ("Jane Roe",)
    assert result.article.paragraphs[-1].startswith("Sentence 1") and len(result.article.paragraphs) == 5


def test_a_block_named_like_chrome_that_holds_running_text_or_captions_is_kept() -> None:
    long = " ".join(["The council also agreed to review the harbour fees again next spring."] * 2)
    inner = (
        f"<div class='sidebar-grid__content'><p>{long} One.</p><p>{long} Two.</p></div>"
        "<div class='share-gallery'><figure><img src='b.jpg' alt='Boats'><figcaption>Boats in the harbour."
        "</figcaption></figure></div>"
    )
    result = _with_chrome(inner)
    assert "review the harbour fees" in result.text and "Boats in the harbour." in result.text


def test_gated_text_marked_paywall_is_kept_and_the_paywall_box_left_out() -> None:
    gated = (
        "<h2 class='paywall'>What the fees pay for</h2>"
        "<p class='paywall'>The fees pay for dredging the channel and for the new lights on the pier, "
        "the harbour master said.</p>"
        "<div class='paywall-modal'><p>Subscribe to keep reading.</p></div>"
    )
    result = _with_chrome(gated)
    assert "dredging the channel" in result.text and "What the fees pay for" in result.text
    assert "Subscribe to keep reading" not in result.text
    unmarked = _with_chrome(gated.replace(" class='paywall'", "").split("<div")[0])
    assert result.text == unmarked.text  # the gated text reads as if it were not marked


def test_a_link_inside_a_sentence_is_kept_whatever_its_class_or_id_says() -> None:
    linked = (
        "<p><a id='auto-tag_jane-roe' class='tag-link' href='/t/jane-roe'>Jane Roe</a> praised the "
        "<a class='related-link share' href='/t/council'>harbour council</a> for its new budget plan.</p>"
    )
    result = _with_chrome(linked)
    assert "Jane Roe praised the harbour council for its new budget plan." in result.text


def test_registered_domain_comes_from_the_bundled_list_without_network(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert domain_publisher("https://news.example.co.uk/a/b") == "example.co.uk"
    assert domain_publisher("not an address") is None


@pytest.mark.parametrize(
    ("name", "domain", "agree"),
    [
        ("KTX News", "ktxnews.ca", True),
        ("The Sentinel", "thesentinel.com", True),
        ("Voice of Example", "voenews.com", True),  # initials
        ("Times of Ruritania", "ruritaniatimes.com", True),  # a long word of the name
        ("Harbour Chronicle", "chron.com", True),  # the domain starts a word of the name
        ("Hosted", "wire.org", False),
        ("北港時報", "harbourtimes.com", False),
    ],
)
def test_a_declared_publisher_must_fit_the_domain(name: str, domain: str, agree: bool) -> None:
    assert names_agree(name, domain) is agree


def test_publisher_falls_back_to_the_domain_then_the_text() -> None:
    assert (
        choose_publisher(PageMeta(url="https://www.example.com/x", publisher="Hosted"), None) == "example.com"
    )
    assert choose_publisher(PageMeta(publisher="Example Times"), "Reuters") == "Example Times"
    assert choose_publisher(PageMeta(), "Reuters") == "Reuters"
    sidecar = PageMeta(url="https://www.example.com/x", publisher="Someone Else", asserted=True)
    assert choose_publisher(sidecar, None) == "Someone Else"
    titled = PageMeta(url="https://www.chron.com/x", titles=("Storm closes schools | Harbour Chronicle",))
    assert choose_publisher(titled, None) == "Harbour Chronicle"  # the title's site name fits the domain
    unfit = PageMeta(url="https://www.chron.com/x", titles=("Storm closes schools | Weather Desk",))
    assert choose_publisher(unfit, None) == "chron.com"


def test_headline_prefers_the_printed_declared_title() -> None:
    meta = PageMeta(headline="Real headline here", titles=("Real headline here | Site",))
    assert (
        choose_headline(meta, "Breaking", ["Breaking", "Real headline here", "Body"]) == "Real headline here"
    )
    assert choose_headline(meta, "Printed headline", ["Printed headline"]) == "Printed headline"
    assert choose_headline(meta, None, ["x"]) == "Real headline here"


def test_declared_authors_are_cleaned_and_win_when_they_name_the_whole_byline() -> None:
    assert clean_authors(["By JANE ROE and John Doe", "Staff Reporter", "https://x/y"]) == (
        "Jane Roe",
        "John Doe",
    )
    parsed = ParsedArticle("H", None, ("Sam Poe",), None, None, None, ("Body.",))
    assert merge(parsed, PageMeta(authors=("Jane Roe",)), []).authors == ("Sam Poe",)
    more = PageMeta(authors=("Jane Roe", "SAM POE"))
    assert merge(parsed, more, []).authors == ("Jane Roe", "Sam Poe")
    empty = ParsedArticle("H", None, (), None, None, None, ("Body.",))
    assert merge(empty, PageMeta(authors=("Jane Roe",)), []).authors == ("Jane Roe",)


def test_an_implausible_declared_date_is_not_used() -> None:
    page = read_html(_page({**ARTICLE, "datePublished": "0001-01-01"}))
    assert not isinstance(page, DecodeError)
    assert page.meta.published is None


def test_a_lead_paragraph_of_the_main_text_block_is_put_back_before_the_body() -> None:
    lines = ["Headline", "", "Lead paragraph of the story.", "", "Second paragraph.", "Third.", "Note."]
    block = frozenset({"Lead paragraph of the story.", "Second paragraph.", "Third.", "Note."})
    paragraphs = ("Second paragraph.", "Third.")
    assert extend_body(paragraphs, lines, block, {"Headline"}) == (
        "Lead paragraph of the story.",
        "Second paragraph.",
        "Third.",
    )
    assert extend_body(paragraphs, lines, frozenset(), set()) == paragraphs
    assert extend_body(paragraphs, lines, block, {"Lead paragraph of the story."}) == paragraphs


def test_a_lead_paragraph_above_the_lead_photo_is_put_back_before_the_body() -> None:
    lead = "Welcome to the new harbour ferry, which is faster and quieter than the last one."
    date = "Monday, November 18, 2019, 04:05 pm"
    photo = ("Image: The new ferry at the quay", "The new ferry at the quay")
    rest = ("The council bought the ferry in May.", "It sails from June.")
    lines = ["Headline", date, lead, *photo, *rest]
    block = frozenset({date, lead, *rest})
    photos = frozenset({"The new ferry at the quay"})
    assert extend_body(rest, lines, block, {"Headline", *photos}, photos) == (lead, *rest)
    assert extend_body(rest, lines, block, {"Headline", *photos}) == rest  # photo lines not known
    assert extend_body(rest, lines, block - {lead}, {"Headline", *photos}, photos) == rest


def test_a_closing_statement_of_the_main_text_block_is_put_back_after_the_body() -> None:
    closing = "Colombia had lost to the Belgian side on Monday in the first round."
    tip = "Have a tip? The reporter may be reached at desk@example.com or on X @desk."
    bio = "Jane Roe is a sports reporter for The Example Times."
    body = ("The home side won the tie 2-1 after a long doubles match on the clay court.",)
    lines = ["Headline", "", body[0], "", closing, "", tip, "", bio]
    block = frozenset({body[0], closing, tip, bio})
    assert extend_body(body, lines, block, {"Headline"}) == (*body, closing)  # the tip and bio stay out
    assert extend_body(body, ["Headline", body[0], bio, closing], block, set()) == body  # a bio stops it
    assert extend_body(body, lines, block - {closing}, set()) == body  # only the block's own paragraphs
