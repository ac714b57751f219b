"""Scoring the HTML reader: gold pages (``corpus/html`` + ``gold/``) and weak pages of publishers
not in the gold (``weak/``), per field, with any predictor (newsetl's or a peer's).

``publisher`` is scored by :func:`same_publisher`; ``images_f1`` from the image matching of
:func:`newsetl.evaluate.fields.score_images`. On weak pages only the fields their labels cover count:
body first/last sentence and publisher on all, headline, published date and authors on fundus pages.
Beside the first/last sentence as scored, ``body_first_prose``/``body_last_prose`` take the first
and last labelled paragraph that reads as prose (:func:`newsetl.evaluate.cv.is_prose`): the weak
labels often end on a credit, an agency tag or a rule ("PTI", "(Image credit: ...)", "___") and
start on a dateline line, which the gold annotation leaves out of the body.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsetl.decode import DecodeError
from newsetl.evaluate.cv import is_prose
from newsetl.evaluate.gold import GoldArticle, load_gold_dir
from newsetl.evaluate.predicted import PredictedArticle, PredictedImage
from newsetl.evaluate.ratio import Ratio
from newsetl.evaluate.scoring import score_article
from newsetl.roles.model import RoleModel
from newsetl.sources.html import html_article
from newsetl.sources.merge import compact

Predict = Callable[["Page"], tuple[PredictedArticle, str | None]]
FIELDS = (
    "headline",
    "published",
    "publisher",
    "authors_f1",
    "body_first_sentence",
    "body_last_sentence",
    "body_first_prose",
    "body_last_prose",
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
    url: str | None = None  # the address it was fetched from, as a crawler (WARC, JSONL) knows it
    prose: GoldArticle | None = None  # the labels with the body cut to its prose paragraphs (weak)


def same_publisher(gold: str, predicted: str | None) -> bool:
    """Names agree when one compact form (letters and digits, no leading "the", a domain without its
    suffix) starts the other: ``CBC`` ~ ``CBC News``, ``ctvnews.ca`` ~ ``CTV News``; or when one is
    the other's acronym."""
    if not predicted:
        return False
    pred = predicted.split(".")[0] if re.fullmatch(r"[\w-]+(\.[\w-]+)+", predicted) else predicted
    a, b = compact(gold.split("(")[0]), compact(pred)
    a, b = a.removeprefix("the") or a, b.removeprefix("the") or b  # "theprovince" ~ "The Province"
    if re.fullmatch(r"[A-Z]{2,6}", pred.strip()):  # an acronym: "WSJ" ~ "The Wall Street Journal"
        initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", gold) if w.lower() != "the")
        if initials.casefold() == pred.strip().casefold():
            return True
    return bool(a and b) and (a.startswith(b) or b.startswith(a))


def newsetl_predict(page: Page, model: RoleModel | None = None) -> tuple[PredictedArticle, str | None]:
    result = html_article(page.html, page.url, model)
    if isinstance(result, DecodeError):
        return PredictedArticle(), None
    a = result.article
    images = tuple(
        PredictedImage(i.alt_text, i.caption, i.credit, i.photographer, i.agency) for i in a.images
    )
    published = a.published_date.isoformat() if a.published_date else None
    article = PredictedArticle(a.headline, a.dek, a.authors, published, a.dateline, a.paragraphs, images)
    return article, a.publisher


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _weak_gold(label: dict[str, Any], paragraphs: list[str]) -> GoldArticle:
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
            url = json.loads((corpus / "gold" / f"{gold_id}.json").read_text(encoding="utf-8")).get("url")
            covered = tuple(f for f in FIELDS if not f.endswith("_prose"))  # the gold body is prose
            yield Page(gold_id, page.read_bytes(), gold, gold.publisher or "", covered, url)


def weak_half(publisher: str) -> int:
    """0 or 1: the weak pages are split by publisher into a half looked at while developing (0) and
    a half never looked at (1), so a figure on half 1 is leave-publisher-out."""
    return zlib.crc32(compact(publisher).encode("utf-8")) % 2


def weak_pages(corpus: Path, exclude: set[str], half: int | None = None) -> Iterator[Page]:
    for path in sorted((corpus / "weak" / "labels").glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        if compact(label["publisher"]) in exclude or not label["paragraphs"]:
            continue
        if half is not None and weak_half(label["publisher"]) != half:
            continue
        html = gzip.decompress((corpus / "weak" / "html" / f"{label['id']}.html.gz").read_bytes())
        covered: tuple[str, ...] = ("publisher", "body_first_sentence", "body_last_sentence")
        if label["label_source"] == "fundus-expected":
            covered += ("headline", "published", "authors_f1")
        prose = [p for p in label["paragraphs"] if is_prose(p)]
        if prose:
            covered += ("body_first_prose", "body_last_prose")
        yield Page(
            label["id"],
            html,
            _weak_gold(label, label["paragraphs"]),
            label["publisher"],
            covered,
            label.get("url"),
            _weak_gold(label, prose) if prose else None,
        )


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
        if page.prose is not None:
            prose = score_article(page.prose, predicted).fields
            fields["body_first_prose"] = prose["body_first_sentence"]
            fields["body_last_prose"] = prose["body_last_sentence"]
        for key in page.fields:
            totals[key] += fields[key]
    return {key: {"value": round(t.value, 3), "n": t.den} for key, t in totals.items() if t.den}
