"""The report page from in-memory DuckDB tables shaped like the warehouse views."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import duckdb
import pytest

from newsetl.report import build_report
from newsetl.report.page import PLACEHOLDER

PLOTS = ("runs", "rejects", "people", "organizations", "places", "speakers", "publishers")

_DDL = """
CREATE TABLE articles (article_id VARCHAR, publisher VARCHAR, published_date DATE, ingested_at TIMESTAMPTZ);
CREATE TABLE images (article_id VARCHAR, image_index INTEGER);
CREATE TABLE quotes (article_id VARCHAR, quote_index INTEGER, speaker VARCHAR);
CREATE TABLE entities (article_id VARCHAR, entity_id VARCHAR, name VARCHAR, label VARCHAR,
                       sections VARCHAR[]);
CREATE TABLE rejects (source_file VARCHAR, reason_code VARCHAR);
CREATE TABLE sources (source_file VARCHAR, status VARCHAR);
"""

_RUNS_DDL = """
CREATE TABLE runs (run_id VARCHAR, flow_run_id VARCHAR, started_at TIMESTAMPTZ, ended_at TIMESTAMPTZ,
  status VARCHAR, error VARCHAR, files_seen BIGINT, files_new BIGINT, files_skipped BIGINT,
  files_rejected BIGINT, rows_articles BIGINT, rows_images BIGINT, rows_quotes BIGINT,
  rows_entities BIGINT, rows_rejects BIGINT);
"""

_ROWS = """
INSERT INTO articles VALUES
  ('a1', 'The Herald', DATE '2026-03-01', TIMESTAMPTZ '2026-03-02 10:00:00+00'),
  ('a2', NULL, NULL, TIMESTAMPTZ '2026-03-05 23:30:00+00'),
  ('a3', 'The Herald', DATE '2026-03-01', TIMESTAMPTZ '2026-03-02 10:00:00+00');
INSERT INTO images VALUES ('a1', 0);
INSERT INTO quotes VALUES ('a1', 0, 'Helen Castillo'), ('a2', 0, 'Helen Castillo'), ('a2', 1, NULL);
INSERT INTO entities VALUES
  ('a1', 'e1', 'Helen Castillo', 'PERSON', ['body']),
  ('a2', 'e1', 'Helen Castillo', 'PERSON', ['headline', 'body']),
  ('a1', 'e2', 'Jo Lensman', 'PERSON', ['credit']),
  ('a1', 'e3', 'City Council', 'ORG', ['body']),
  ('a1', 'e4', 'Georgia', 'GPE', ['body']),
  ('a2', 'e4', 'Georgia', 'LOC', ['dek']);
INSERT INTO rejects VALUES ('x.bin', 'binary'), ('e.txt', 'empty'), ('f.txt', 'empty');
INSERT INTO sources VALUES ('a.txt', 'article');
"""

_RUN_ROWS = """
INSERT INTO runs VALUES
  ('r1', NULL, TIMESTAMPTZ '2026-03-02 09:59:00+00', TIMESTAMPTZ '2026-03-02 10:00:00+00', 'completed',
   NULL, 4, 2, 0, 2, 2, 1, 1, 5, 2),
  ('r2', NULL, TIMESTAMPTZ '2026-03-05 23:29:00+00', TIMESTAMPTZ '2026-03-05 23:30:00+00', 'failed',
   'disk <full>', 1, 0, 0, 0, 0, 0, 0, 0, 0);
"""


def _sections(html: str) -> dict[str, str]:
    found = re.findall(r"<section data-plot='(\w+)' data-empty='\w+'>(.*?)</section>", html, re.S)
    return dict(found)


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    with duckdb.connect() as connection:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute(_DDL)
        yield connection


def test_populated_page_has_every_plot(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_RUNS_DDL)
    con.execute(_ROWS)
    con.execute(_RUN_ROWS)
    html = build_report(con, generated_at=datetime(2026, 3, 6, 12, 0))

    sections = _sections(html)
    assert list(sections) == list(PLOTS)
    for key, body in sections.items():
        assert f'id="plot-{key}"' in body, key
        assert "Plotly.newPlot" in body, key
        assert PLACEHOLDER not in body, key
    for title in (
        "Rows written per run",
        "Rejects by reason",
        "Top people",
        "Top organizations",
        "Top places",
        "Top quoted speakers",
        "Articles per publisher and day",
    ):
        assert f"<h2>{title}" in html
    # plotly.js inlined once, and no script is fetched from anywhere
    assert html.count("plotly.js v") >= 1
    assert re.search(r"<script[^>]*\bsrc=", html) is None
    # header: counts and the latest run (r2, failed, error escaped)
    assert "<th>runs</th>" in html and "2026-03-06 12:00:00" in html
    assert "data-latest-run='r2'" in html and "disk &lt;full&gt;" in html


def test_figure_content(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_ROWS)
    sections = _sections(build_report(con))
    # a credit-only person is not counted; GPE and LOC of one place are one entity in 2 articles
    assert "Helen Castillo" in sections["people"] and "Jo Lensman" not in sections["people"]
    assert re.search(r'"x":\[2\],"y":\["Georgia"\]', sections["places"])
    assert re.search(r'"x":\[2,1\],"y":\["empty","binary"\]', sections["rejects"])
    # null publisher becomes "unknown" on its ingest day; the unattributed quote is left out
    assert '"name":"unknown"' in sections["publishers"] and "2026-03-05" in sections["publishers"]
    assert re.search(r'"x":\[2\],"y":\["Helen Castillo"\]', sections["speakers"])


def test_empty_tables_and_no_runs_view_give_placeholders(con: duckdb.DuckDBPyConnection) -> None:
    html = build_report(con)  # no rows anywhere, and no runs table at all

    sections = _sections(html)
    assert list(sections) == list(PLOTS)
    for key, body in sections.items():
        assert PLACEHOLDER in body, key
        assert "Plotly.newPlot" not in body, key
    assert "data-empty='false'" not in html
    assert "data-latest-run='none'" in html
    assert "(in-memory connection)" in html


def test_empty_runs_view(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(_RUNS_DDL)
    con.execute(_ROWS)
    sections = _sections(build_report(con))
    assert PLACEHOLDER in sections["runs"]
    assert PLACEHOLDER not in sections["people"]
