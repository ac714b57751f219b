"""The NLP input digest decides when reprocess may keep stored NLP rows: it must change with
everything the NLP stage reads, and only with that."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pyarrow as pa

from newsetl.model import Image, ParsedArticle
from newsetl.reuse import analysis_input_digest, restamp
from newsetl.rows import Origin, RunInfo, current_parser_version

ARTICLE = ParsedArticle(
    headline="Council approves the budget",
    dek="A late vote",
    authors=("Ana Díaz",),
    publisher="Example Times",
    published_date=dt.date(2026, 3, 1),
    dateline="LIMA",
    paragraphs=("The council voted on Tuesday.", '"It is done," the mayor said.'),
    images=(Image(None, "The hall", "A. B.", "A. B.", None, 1),),
)
ORIGIN = Origin(url="https://example.org/a", source_format="html", record_id=None, language=None)


def digest(
    article: ParsedArticle = ARTICLE, origin: Origin = ORIGIN, language: str = "en", scope: str = "all"
) -> str:
    return analysis_input_digest(article, origin, language, scope)


def test_the_same_input_gives_the_same_digest() -> None:
    copy = dataclasses.replace(ARTICLE, paragraphs=tuple(p for p in ARTICLE.paragraphs))
    assert digest(copy) == digest() and len(digest()) == 64


def test_every_field_the_nlp_reads_changes_the_digest() -> None:
    changed = [
        digest(dataclasses.replace(ARTICLE, headline="Council rejects the budget")),
        digest(dataclasses.replace(ARTICLE, authors=("Ana Díaz", "Li Wei"))),
        digest(dataclasses.replace(ARTICLE, paragraphs=ARTICLE.paragraphs[:1])),
        digest(
            dataclasses.replace(
                ARTICLE, paragraphs=("The council voted on Tuesday.", '"It is done," he said.')
            )
        ),
        digest(dataclasses.replace(ARTICLE, images=())),
        digest(dataclasses.replace(ARTICLE, published_date=dt.date(2026, 3, 2))),
        digest(origin=dataclasses.replace(ORIGIN, url="https://example.org/b")),
        digest(language="de"),
        digest(scope="quotes"),
    ]
    assert digest() not in changed and len(set(changed)) == len(changed)


def test_the_run_language_counts_only_when_the_record_has_none() -> None:
    declared = dataclasses.replace(ORIGIN, language="fr")
    assert digest(origin=declared, language="en") == digest(origin=declared, language="de")


def test_restamp_gives_kept_rows_the_run_and_the_current_versions() -> None:
    run = RunInfo("run-2", dt.datetime(2026, 12, 2, tzinfo=dt.UTC), "en", "nlp-1")
    articles = pa.table(
        {
            "article_id": ["a" * 16],
            "run_id": ["run-1"],
            "ingested_at": pa.array([dt.datetime(2026, 1, 1, tzinfo=dt.UTC)], pa.timestamp("us", "UTC")),
            "parser_version": ["0-old"],
            "nlp_version": ["nlp-1"],
            "headline": ["Council approves the budget"],
        }
    )
    quotes = pa.table({"article_id": ["a" * 16], "run_id": ["run-1"], "text": ["It is done"]})
    out = restamp({"articles": articles, "quotes": quotes}, run)
    row = out["articles"].to_pylist()[0]
    assert (row["run_id"], row["parser_version"], row["nlp_version"]) == (
        "run-2",
        current_parser_version(),
        "nlp-1",
    )
    assert row["ingested_at"] == run.started_at and row["headline"] == "Council approves the budget"
    assert out["quotes"].to_pylist() == [{"article_id": "a" * 16, "run_id": "run-2", "text": "It is done"}]
    assert out["articles"].schema == articles.schema
