"""The seed article comes out fully right (issue: 'The spine')."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsetl.store.query import query

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


def test_seed_article_end_to_end(run_flow: Any, corpus_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    run_flow([corpus_dir / "text" / "nbc-seed.txt"], warehouse)
    article = query(warehouse, "SELECT * FROM articles").to_pylist()
    assert len(article) == 1
    row = article[0]
    assert row["headline"] == (
        "Kremlin says Flynn didn't influence Putin's decision to not retaliate against U.S. sanctions"
    )
    assert row["dek"].startswith("Putin’s decision to not retaliate against the U.S.")
    assert row["paragraph_count"] == 10
    paragraphs = row["body"].split("\n\n")
    assert len(paragraphs) == 10
    assert paragraphs[0].startswith("Russian President Vladimir Putin's decision")
    assert paragraphs[-1].startswith("The following day, Trump tweeted")
    assert not any("Image:" in p or "AP file" in p or "IE 11" in p for p in paragraphs)

    images = query(warehouse, "SELECT caption, credit, photographer, agency FROM images ORDER BY image_index")
    assert images.to_pylist() == [
        {
            "caption": "Russian President Vladimir Putin delivers his speech attending the World Health "
            "Organisation ministerial conference in Moscow, Russia.",
            "credit": "Ivan Sekretarev / AP file",
            "photographer": "Ivan Sekretarev",
            "agency": "AP",
        },
        {
            "caption": "Former National Security Adviser Michael Flynn speaks during the daily news briefing "
            "at the White House, in Washington.",
            "credit": "Carolyn Kaster / AP file",
            "photographer": "Carolyn Kaster",
            "agency": "AP",
        },
    ]

    speakers = query(
        warehouse,
        "SELECT speaker, count(*) AS n FROM quotes WHERE speaker IN "
        "('Dmitry Peskov', 'Donald Trump') GROUP BY speaker ORDER BY speaker",
    )
    assert speakers.to_pylist() == [{"speaker": "Dmitry Peskov", "n": 2}, {"speaker": "Donald Trump", "n": 1}]

    persons = set(query(warehouse, "SELECT name FROM entities WHERE label = 'PERSON'").column(0).to_pylist())
    assert {
        "Vladimir Putin",
        "Michael Flynn",
        "Dmitry Peskov",
        "Donald Trump",
        "Sergey Kislyak",
        "Jared Kushner",
        "Robert Mueller",
    } <= persons
    assert not {"Ivan Sekretarev", "Carolyn Kaster", "Putin", "Peskov"} & persons
