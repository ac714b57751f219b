"""Quotes with speakers, on short invented articles run through the spaCy model."""

from __future__ import annotations

from collections.abc import Callable

from newsetl.model import Extraction, ParsedArticle, Quote

Maker = Callable[..., ParsedArticle]
Runner = Callable[[ParsedArticle], Extraction]


def _quotes(run_extract: Runner, make_article: Maker, paragraphs: list[str]) -> list[Quote]:
    return list(run_extract(make_article(paragraphs)).quotes)


def _by_text(quotes: list[Quote]) -> dict[str, Quote]:
    return {q.text: q for q in quotes}


def test_attribution_after_quote_and_surname_to_full_name(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        [
            "Harbour commissioner Olga Brenner said the port would reopen on Friday.",
            "“The cranes are fixed and the crews are ready,” Brenner said on Tuesday.",
        ],
    )
    (quote,) = quotes
    assert quote.text == "The cranes are fixed and the crews are ready,"
    assert quote.speaker == "Olga Brenner"
    assert quote.speaker_mention == "Brenner"
    assert quote.kind == "full"
    assert quote.paragraph_index == 1
    assert 0.0 <= quote.confidence <= 1.0


def test_offsets_map_back_into_the_body(run_extract: Runner, make_article: Maker) -> None:
    parsed = make_article(["Intro line.", 'Tomas Veld said: "We are not leaving."'])
    (quote,) = run_extract(parsed).quotes
    assert parsed.body[quote.char_start : quote.char_end] == quote.text == "We are not leaving."


def test_colon_introduced_statement(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        ["The Harbour Authority said in a statement: “All ferries are cancelled until further notice.”"],
    )
    assert quotes[0].speaker == "Harbour Authority"
    assert quotes[0].kind == "full"


def test_split_quote_with_pronoun_inside(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        [
            "Finance minister Rafael Ortiz spoke to reporters in the capital on Monday.",
            "“We will cut the deficit,” he added, “but not by cutting pensions.”",
        ],
    )
    assert [q.speaker for q in quotes] == ["Rafael Ortiz", "Rafael Ortiz"]
    assert quotes[0].speaker_mention == "he"
    assert [q.kind for q in quotes] == ["full", "full"]


def test_according_to_and_partial_quote(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        ["The council had acted “without any legal basis,” according to the audit report."],
    )
    (quote,) = quotes
    assert quote.kind == "partial"
    assert quote.speaker == "audit report"


def test_organization_and_tweet(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        [
            "“These claims are baseless,” the Kremlin said.",
            "Later, Senator Mara Quill tweeted, “The vote is on Thursday, be there!”",
        ],
    )
    assert [q.speaker for q in quotes] == ["Kremlin", "Mara Quill"]


def test_document_speaker_and_unnamed_source(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        [
            "A charging document filed on Monday said Dunn had tried “to hide the money abroad.”",
            "“Nobody believed him for a second,” a party source said.",
        ],
    )
    speakers = _by_text(quotes)
    assert speakers["to hide the money abroad."].speaker == "charging document"
    assert speakers["to hide the money abroad."].kind == "partial"
    assert speakers["Nobody believed him for a second,"].speaker == "a party source"


def test_multi_paragraph_quote_keeps_its_speaker(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        [
            "Coach Dana Iverson said after the match: “We lost the ball too often in midfield.",
            "“We will work on it all week and come back stronger.”",
        ],
    )
    assert len(quotes) == 2
    assert [q.speaker for q in quotes] == ["Dana Iverson", "Dana Iverson"]
    assert [q.paragraph_index for q in quotes] == [0, 1]


def test_unattributed_quote_paragraph_continues_previous_speaker(
    run_extract: Runner, make_article: Maker
) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        [
            "“The river has never been this high,” said Mayor Lena Hart.",
            "“Every street near the bank is under water.”",
        ],
    )
    assert [q.speaker for q in quotes] == ["Lena Hart", "Lena Hart"]


def test_scare_quotes_and_titles_are_not_quotes(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(
        run_extract,
        make_article,
        [
            "The press office renamed its account “FactWatch Live” before the debate.",
            "Critics of the plan, nicknamed “Greenmania” online, kept quiet.",
            "The film “Night Harbour” opened in cinemas on Friday.",
        ],
    )
    assert quotes == []


def test_attributed_single_word_is_a_quote(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(run_extract, make_article, ["Prime Minister Ivo Stan called the strike “sabotage”."])
    assert [(q.text, q.speaker, q.kind) for q in quotes] == [("sabotage", "Ivo Stan", "partial")]


def test_unbalanced_marks_do_not_raise(run_extract: Runner, make_article: Maker) -> None:
    quotes = _quotes(run_extract, make_article, ["He said “it is done", '” and then " left', "Nothing."])
    assert all(q.char_start <= q.char_end for q in quotes)


def test_title_speaker_resolves_to_the_person_the_article_named(
    run_extract: Runner, make_article: Maker
) -> None:
    quotes = _by_text(
        _quotes(
            run_extract,
            make_article,
            [
                "Prime Minister Anneli Korhonen visited the flooded town of Hollola on Friday.",
                "“We will rebuild every home,” the prime minister said.",
            ],
        )
    )
    quote = quotes["We will rebuild every home,"]
    assert quote.speaker == "Anneli Korhonen"
    assert quote.speaker_mention == "the prime minister"


def test_unnamed_source_keeps_its_description_and_dash_attribution(
    run_extract: Runner, make_article: Maker
) -> None:
    quotes = _by_text(
        _quotes(
            run_extract,
            make_article,
            [
                "A Tory source said the visit had been planned for weeks: “He wanted to be here early.”",
                "Residents were less sure — “we have heard this before,” said Joan Bright, a baker.",
            ],
        )
    )
    assert quotes["He wanted to be here early."].speaker == "a Tory source"
    assert quotes["we have heard this before,"].speaker == "Joan Bright"
