"""The NLP input digest decides when reprocess may keep stored NLP rows: it must change with
everything the NLP stage reads, and only with that."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pyarrow as pa

from newsetl.contracts import load_contracts
from newsetl.model import Extraction, Image, ParsedArticle
from newsetl.reuse import analysis_input_digest, rebuild, restamp
from newsetl.rows import Origin, RunInfo, article_rows, current_parser_version

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


def _stored(article: ParsedArticle, origin: Origin) -> tuple[dict[str, object], list[dict[str, object]]]:
    """The article's rows as the warehouse gives them back (through the contracts' Arrow types)."""
    run = RunInfo("run-1", dt.datetime(2026, 12, 2, tzinfo=dt.UTC), "en", "nlp-1")
    made = article_rows(
        article_id="a" * 16,
        source_file="a.html",
        content_sha256="0" * 64,
        parsed=article,
        extraction=Extraction(quotes=(), entities=()),
        run=run,
        origin=origin,
    )
    contracts = load_contracts()
    back = {
        t: pa.Table.from_pylist(made[t], contracts[t].arrow_schema).to_pylist()
        for t in ("articles", "images")
    }
    return back["articles"][0], back["images"]


def test_a_parse_rebuilt_from_its_rows_has_the_digest_of_the_parse() -> None:
    crawled = dataclasses.replace(ORIGIN, crawled_at=dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.UTC))
    article = dataclasses.replace(ARTICLE, dropped_lines=7)
    rebuilt, origin = rebuild(*_stored(article, crawled))
    assert digest(rebuilt, origin) == digest(article, crawled)
    assert rebuilt.images == ARTICLE.images and rebuilt.paragraphs == ARTICLE.paragraphs


def test_a_rebuild_that_is_not_faithful_has_another_digest() -> None:
    glued = dataclasses.replace(ARTICLE, paragraphs=("One paragraph.\n\nWith a blank line in it.", "Two."))
    rebuilt, origin = rebuild(*_stored(glued, ORIGIN))
    assert len(rebuilt.paragraphs) == 3 and digest(rebuilt, origin) != digest(glued, ORIGIN)
