"""``newsetl eval``: ingest the gold articles' dumps, read the tables back, score them.

The only part of :mod:`newsetl.evaluate` that does I/O; the scoring itself is pure.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb

from newsetl.evaluate.gold import load_gold_dir
from newsetl.evaluate.predicted import PredictedArticle, PredictedEntity, PredictedImage, PredictedQuote
from newsetl.evaluate.report import FLOORS, below_floor, format_scores, to_json
from newsetl.evaluate.scoring import score_corpus
from newsetl.store.query import connect

Ingest = Callable[[list[Path], Path], object]


def predictions(con: duckdb.DuckDBPyConnection) -> dict[str, PredictedArticle]:
    """Every article in the warehouse as a prediction, keyed by its source file's stem."""
    found: dict[str, PredictedArticle] = {}
    articles = con.execute(
        "SELECT article_id, source_file, headline, dek, authors, CAST(published_date AS VARCHAR), "
        "dateline, body FROM articles"
    ).fetchall()
    for article_id, source, headline, dek, authors, published, dateline, body in articles:
        images = con.execute(
            "SELECT alt_text, caption, credit, photographer, agency FROM images "
            "WHERE article_id = ? ORDER BY image_index",
            [article_id],
        ).fetchall()
        quotes = con.execute(
            "SELECT text, speaker, kind FROM quotes WHERE article_id = ? ORDER BY quote_index", [article_id]
        ).fetchall()
        entities = con.execute(
            # Names seen only in photo credits are not mentions in the story.
            "SELECT name, label FROM entities WHERE article_id = ? AND sections <> ['credit'] "
            "ORDER BY entity_id",
            [article_id],
        ).fetchall()
        found[Path(source).stem] = PredictedArticle(
            headline=headline,
            dek=dek,
            authors=tuple(authors or ()),
            published=published,
            dateline=dateline,
            paragraphs=tuple(p for p in body.split("\n\n") if p),
            images=tuple(PredictedImage(*row) for row in images),
            quotes=tuple(PredictedQuote(*row) for row in quotes),
            entities=tuple(PredictedEntity(*row) for row in entities),
        )
    return found


def evaluate_dir(
    gold_dir: Path, raw_dir: Path, warehouse: Path | None, ingest: Ingest
) -> tuple[dict[str, Any], str, list[str]]:
    """Score the pipeline on every gold article that has a dump in ``raw_dir``.

    Returns the scores as JSON-ready data, as a printable table, and the fields below their floor.
    """
    gold = load_gold_dir(gold_dir)
    files = [raw_dir / f"{article_id}.txt" for article_id in sorted(gold)]
    missing = [f.name for f in files if not f.is_file()]
    if missing:
        raise FileNotFoundError(f"no dump for gold articles: {', '.join(missing)}")
    with tempfile.TemporaryDirectory(prefix="newsetl-eval-") as tmp:
        target = warehouse or Path(tmp) / "warehouse"
        ingest(files, target)
        with connect(target) as con:
            predicted = predictions(con)
    score = score_corpus((gold[i], predicted.get(i)) for i in sorted(gold))
    return to_json(score), format_scores(score, FLOORS), below_floor(score, FLOORS)
