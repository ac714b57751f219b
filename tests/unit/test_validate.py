from __future__ import annotations

import datetime as dt

from newsetl.model import Entity, Extraction, Image, ParsedArticle, Quote
from newsetl.rows import Row, RunInfo, article_rows
from newsetl.validate import validate_batch

RUN = RunInfo("20250101T000000-abc123", dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "en")


def _rows(article_id: str, quote_kind: str = "full", char_end: int = 12) -> dict[str, list[Row]]:
    parsed = ParsedArticle(
        headline="A headline",
        dek=None,
        authors=("Ann Lee",),
        publisher=None,
        published_date=dt.date(2025, 1, 1),
        dateline="LONDON",
        paragraphs=('LONDON (AP) — "Hello there," Ann Lee said.', "Second paragraph."),
        images=(Image("alt", "caption", "Jo Doe / AP", "Jo Doe", "AP", 0),),
    )
    extraction = Extraction(
        quotes=(Quote("Hello there,", "Ann Lee", "Ann Lee", quote_kind, 0, 0, char_end, 0.9),),
        entities=(Entity("Ann Lee", "PERSON", 2, ("body",)), Entity("London", "GPE", 1, ("body",))),
    )
    return article_rows(
        article_id=article_id,
        source_file=f"{article_id}.txt",
        content_sha256="a" * 64,
        parsed=parsed,
        extraction=extraction,
        run=RUN,
    )


def _merge(*batches: dict[str, list[Row]]) -> dict[str, list[Row]]:
    merged: dict[str, list[Row]] = {}
    for batch in batches:
        for table, rows in batch.items():
            merged.setdefault(table, []).extend(rows)
    return merged


def test_valid_rows_pass_into_typed_arrow_tables() -> None:
    result = validate_batch(_rows("0123456789abcdef"))
    assert result.failures == ()
    assert {t: result.tables[t].num_rows for t in result.tables} == {
        "articles": 1,
        "images": 1,
        "quotes": 1,
        "entities": 2,
        "signatures": 1,
    }
    assert result.tables["articles"].column("authors").to_pylist() == [["Ann Lee"]]


def test_a_bad_row_quarantines_its_whole_article_and_names_table_column_check() -> None:
    good, bad = _rows("0123456789abcdef"), _rows("fedcba9876543210", quote_kind="rumour")
    result = validate_batch(_merge(good, bad))
    assert [f.article_id for f in result.failures] == ["fedcba9876543210"]
    message = result.failures[0].message
    assert "quotes.kind" in message and "isin" in message and "fedcba9876543210" in message
    for table in ("articles", "images", "quotes", "entities"):
        assert set(result.tables[table].column("article_id").to_pylist()) == {"0123456789abcdef"}


def test_a_type_error_is_quarantined_not_raised() -> None:
    bad = _rows("fedcba9876543210")
    bad["quotes"][0]["char_end"] = "twelve"
    result = validate_batch(_merge(_rows("0123456789abcdef"), bad))
    assert [f.article_id for f in result.failures] == ["fedcba9876543210"]
    assert "type error" in result.failures[0].message
