"""The seed article of the corpus: the speakers and persons the project promises."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from newsetl.model import Extraction, Image, ParsedArticle

Runner = Callable[[ParsedArticle], Extraction]


def _seed_article(corpus_dir: Path) -> ParsedArticle:
    """Seed layout: chrome, headline, dek, then body lines; each 'Image:' line is followed by its
    caption with the credit glued on after the last full stop."""
    lines = [line.strip() for line in (corpus_dir / "text" / "nbc-seed.txt").read_text().splitlines()]
    lines = [line for line in lines if line]
    headline, dek, rest = lines[1], lines[2], lines[3:]
    body: list[str] = []
    images: list[Image] = []
    skip_caption = False
    for line in rest:
        if line.startswith("Image:"):
            alt, skip_caption = line.removeprefix("Image:").strip(), True
            continue
        if skip_caption:
            caption, _, credit = line.rpartition(".")
            images.append(Image(alt, caption + ".", credit, None, None, len(body)))
            skip_caption = False
            continue
        body.append(line)
    return ParsedArticle(headline, dek, (), "NBC News", None, None, tuple(body), tuple(images))


@pytest.mark.corpus
def test_seed_speakers_and_persons(corpus_dir: Path, run_extract: Runner) -> None:
    parsed = _seed_article(corpus_dir)
    assert len(parsed.paragraphs) == 10
    extraction = run_extract(parsed)
    speakers = [q.speaker for q in extraction.quotes]
    assert speakers.count("Dmitry Peskov") == 2
    assert speakers.count("Donald Trump") == 1
    persons = {e.name for e in extraction.entities if e.label == "PERSON" and "credit" not in e.sections}
    expected = {
        "Vladimir Putin",
        "Michael Flynn",
        "Dmitry Peskov",
        "Donald Trump",
        "Sergey Kislyak",
        "Jared Kushner",
        "Robert Mueller",
    }
    assert expected <= persons
    assert not {"Ivan Sekretarev", "Carolyn Kaster"} & persons
    assert "United States" in {e.name for e in extraction.entities if e.label == "GPE"}
