"""HTML pages → articles, scored against the gold (and the weak labels), next to trafilatura.

    .venv/bin/python benchmarks/html_eval.py [--corpus ../shared/corpus] [--no-trafilatura] [--json]

Runs newsetl's HTML reader (``newsetl.sources.html.html_article``: page text → the text parser,
page metadata merged in) on ``corpus/html`` and scores headline, published date, authors, body,
chrome and images with ``newsetl.evaluate``; ``publisher`` is scored by :func:`same_publisher`.
On ``weak/`` only pages whose publisher is not among the gold publishers are scored (the rules were
looked at next to the gold pages, never the weak ones): the leave-publisher-out figure. The peer is
trafilatura's ``bare_extraction(with_metadata=True)`` on the same bytes (no images asked).
Quotes need spaCy: see ``benchmarks/html_ingest.py``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsetl.decode import DecodeError
from newsetl.evaluate.gold import GoldArticle, load_gold_dir
from newsetl.evaluate.predicted import PredictedArticle, PredictedImage
from newsetl.evaluate.ratio import Ratio
from newsetl.evaluate.scoring import score_article
from newsetl.sources.html import html_article
from newsetl.sources.merge import compact

REPO = Path(__file__).resolve().parents[1]
FIELDS = (
    "headline",
    "published",
    "publisher",
    "authors_f1",
    "body_first_sentence",
    "body_last_sentence",
    "chrome_leak_rate",
    "images_f1",
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Page:
    id: str
    html: bytes
    gold: GoldArticle
    publisher: str
    fields: tuple[str, ...]  # which fields the labels cover


def same_publisher(gold: str, predicted: str | None) -> bool:
    """Names agree when one compact form (letters and digits, no leading "the", a domain without its
    suffix) starts the other: ``CBC`` ~ ``CBC News``, ``ctvnews.ca`` ~ ``CTV News``."""
    if not predicted:
        return False
    pred = predicted.split(".")[0] if re.fullmatch(r"[\w-]+(\.[\w-]+)+", predicted) else predicted
    a, b = compact(gold.split("(")[0]), compact(pred)
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def newsetl_predict(page: Page) -> tuple[PredictedArticle, str | None]:
    result = html_article(page.html)
    if isinstance(result, DecodeError):
        return PredictedArticle(), None
    a = result.article
    images = tuple(
        PredictedImage(i.alt_text, i.caption, i.credit, i.photographer, i.agency) for i in a.images
    )
    published = a.published_date.isoformat() if a.published_date else None
    article = PredictedArticle(a.headline, a.dek, a.authors, published, a.dateline, a.paragraphs, images)
    return article, a.publisher


def trafilatura_predict(page: Page) -> tuple[PredictedArticle, str | None]:
    from trafilatura import bare_extraction

    doc: Any = bare_extraction(page.html, with_metadata=True)
    if doc is None:
        return PredictedArticle(), None
    data = doc if isinstance(doc, dict) else doc.as_dict()
    authors = tuple(a.strip() for a in (data.get("author") or "").split(";") if a.strip())
    paragraphs = tuple(p for p in (data.get("text") or "").split("\n") if p.strip())
    date = data.get("date")
    return PredictedArticle(data.get("title"), None, authors, date, None, paragraphs), data.get("sitename")


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _weak_gold(label: dict[str, Any]) -> GoldArticle:
    paragraphs = label["paragraphs"]
    return GoldArticle(
        id=label["id"],
        source=label["source"],
        url=label.get("url"),
        publisher=label["publisher"],
        headline=label.get("headline") or "",
        dek=label.get("dek"),
        authors=tuple(label.get("authors") or ()),
        published=label.get("published"),
        dateline=None,
        paragraph_count=len(paragraphs),
        body_first_sentence=_sentences(paragraphs[0])[0],
        body_last_sentence=_sentences(paragraphs[-1])[-1],
        not_body=(),
        images=(),
        quotes=(),
        persons=(),
        organizations=(),
        places=(),
    )


def gold_pages(corpus: Path) -> Iterator[Page]:
    for gold_id, gold in sorted(load_gold_dir(corpus / "gold").items()):
        page = corpus / "html" / f"{gold_id}.html"
        if page.is_file():
            yield Page(gold_id, page.read_bytes(), gold, gold.publisher or "", FIELDS)


def weak_pages(corpus: Path, exclude: set[str]) -> Iterator[Page]:
    for path in sorted((corpus / "weak" / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        if compact(label["publisher"]) in exclude or not label["paragraphs"]:
            continue
        html = gzip.decompress((corpus / "weak" / "html" / f"{label['id']}.html.gz").read_bytes())
        covered = ("publisher", "body_first_sentence", "body_last_sentence")
        if label["label_source"] == "fundus-expected":
            covered += ("headline", "published", "authors_f1")
        yield Page(label["id"], html, _weak_gold(label), label["publisher"], covered)


def score(
    pages: list[Page], predict: Callable[[Page], tuple[PredictedArticle, str | None]]
) -> dict[str, Any]:
    totals = {key: Ratio(0, 0) for key in FIELDS}
    for page in pages:
        predicted, publisher = predict(page)
        fields = score_article(page.gold, predicted).fields
        p, r = fields["images_precision"], fields["images_recall"]
        f1_num = 2 * min(p.num, r.num)
        fields = dict(fields, images_f1=Ratio(f1_num, p.den + r.den, empty=1.0))
        fields["publisher"] = Ratio(int(same_publisher(page.publisher, publisher)), 1)
        for key in page.fields:
            totals[key] += fields[key]
    return {key: {"value": round(t.value, 3), "n": t.den} for key, t in totals.items() if t.den}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--no-trafilatura", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    gold = list(gold_pages(args.corpus))
    weak = list(weak_pages(args.corpus, {compact(p.publisher.split("(")[0]) for p in gold}))
    systems: dict[str, Callable[[Page], tuple[PredictedArticle, str | None]]] = {"newsetl": newsetl_predict}
    if not args.no_trafilatura:
        systems["trafilatura"] = trafilatura_predict
    results = {
        name: {"gold": score(gold, predict), "weak_lopo": score(weak, predict)}
        for name, predict in systems.items()
    }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{len(gold)} gold pages, {len(weak)} weak pages of publishers not in gold")
    header = f"{'field':22}" + "".join(f"{n + ' ' + s:>24}" for n in systems for s in ("gold", "weak"))
    print(header)
    for key in FIELDS:
        cells = []
        for name in systems:
            for split in ("gold", "weak_lopo"):
                cell = results[name][split].get(key)
                cells.append(f"{cell['value']:.3f} (n={cell['n']})" if cell else "—")
        print(f"{key:22}" + "".join(f"{c:>24}" for c in cells))


if __name__ == "__main__":
    main()
