"""Golden-file tests: each invented dump in tests/fixtures/parse/ against its expected JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from newsetl.model import ParsedArticle
from newsetl.parse import parse_article

GOLDEN_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "parse"
CASES = sorted(p.stem for p in GOLDEN_DIR.glob("*.txt"))


def _as_json(article: ParsedArticle) -> dict[str, Any]:
    data = dataclasses.asdict(article)
    data["published_date"] = article.published_date.isoformat() if article.published_date else None
    return json.loads(json.dumps(data))  # tuples -> lists, as in the golden files


def test_every_fixture_has_a_golden_file() -> None:
    assert CASES, "no fixtures found"
    for case in CASES:
        assert (GOLDEN_DIR / f"{case}.json").is_file(), case


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    text = (GOLDEN_DIR / f"{case}.txt").read_text(encoding="utf-8")
    expected = json.loads((GOLDEN_DIR / f"{case}.json").read_text(encoding="utf-8"))
    actual = _as_json(parse_article(text))
    for key in expected:  # field by field first, for readable failures
        assert actual[key] == expected[key], key
    assert actual == expected
