"""Leave-publisher-out cross-validation of the line-role parser over ../shared/corpus (gold + weak).

    .venv/bin/python benchmarks/cv.py                    # AFTER: the learned parser, 5 folds
    .venv/bin/python benchmarks/cv.py --before df3647d   # also BEFORE: the rule parser of that commit
    .venv/bin/python benchmarks/cv.py --train gold       # learn from gold pages only
    .venv/bin/python benchmarks/cv.py --seeds 1          # one training seed (the packaged one), faster

Every figure is the mean over training seeds (``--seeds``, default 5: the packaged model's seed and
the next four), with its spread: one seed's figures move by a few hundredths with the draw alone,
so a change is real only when it moves the mean by more than the spread.

Every fold trains on the pages of the other folds' publishers (publishers normalised across gold
and weak, so one publisher is never on both sides) and parses its own pages. Gold pages are scored
with the ``newsetl eval`` parser-field rules; weak pages on the fields their labels cover; lines on
per-role precision/recall. BEFORE parses the same pages with the parser of a git commit (run in a
subprocess from ``git archive``), scored the same way.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

from newsetl.evaluate.cv import (
    GOLD_FIELDS,
    WEAK_FIELDS,
    RoleCounts,
    WeakTruth,
    as_prediction,
    date_printed,
    images_f1,
    publisher_folds,
    score_weak,
)
from newsetl.evaluate.predicted import PredictedArticle, PredictedImage
from newsetl.evaluate.ratio import Ratio
from newsetl.evaluate.scoring import score_article
from newsetl.parse.article import article_from_roles
from newsetl.roles.corpus import LabelledPage, load_pages
from newsetl.roles.decode import decode_roles
from newsetl.roles.schema import BODY, ROLES
from newsetl.roles.train import SEED, features_of, fit

REPO = Path(__file__).resolve().parents[1]
_PARSE_SCRIPT = """
import json, sys
from newsetl.parse import parse_article
for path in sys.argv[1:]:
    a = parse_article(open(path, encoding="utf-8").read())
    print(json.dumps({"headline": a.headline, "dek": a.dek, "authors": list(a.authors),
        "published": a.published_date.isoformat() if a.published_date else None,
        "dateline": a.dateline, "paragraphs": list(a.paragraphs),
        "images": [[i.alt_text, i.caption, i.credit, i.photographer, i.agency] for i in a.images]}))
"""


def _text_path(corpus: Path, page: LabelledPage) -> Path:
    return (
        corpus / "text" / f"{page.page_id}.txt"
        if page.source == "gold"
        else (corpus / "weak" / "text" / f"{page.page_id}.txt")
    )


def weak_truth(corpus: Path, page: LabelledPage) -> WeakTruth:
    label = json.loads((corpus / "weak" / "labels" / f"{page.page_id}.json").read_text(encoding="utf-8"))
    fundus = page.source == "fundus"
    body = tuple(line for line, role in zip(page.lines, page.roles, strict=True) if role == BODY)
    published = label.get("published") if fundus else None
    return WeakTruth(
        headline=label.get("headline") if fundus else None,
        dek=label.get("dek"),
        dek_known=fundus and label.get("dek") is not None,
        authors=tuple(label.get("authors") or ()) if fundus else None,
        published=published,
        body_lines=body,
        published_printed=published is not None and date_printed(page.lines, published),
    )


def after(
    pages: list[LabelledPage], folds: int, train_source: str, seed: int = SEED
) -> tuple[dict[str, Any], dict[str, RoleCounts]]:
    """Predictions of the learned parser, each page by the model of the fold it is tested in,
    and line-role counts on all pages and on gold pages alone."""
    cache = features_of(pages)
    fold_of = publisher_folds([p.publisher for p in pages], folds)
    predicted: dict[str, Any] = {}
    counts = {"all": RoleCounts(), "gold": RoleCounts()}
    for fold in range(folds):
        train = [p for p, f in zip(pages, fold_of, strict=True) if f != fold]
        if train_source == "gold":
            train = [p for p in train if p.source == "gold"]
        model = fit(train, cache, seed)
        for page, f in zip(pages, fold_of, strict=True):
            if f != fold:
                continue
            lines = list(page.lines)
            roles = decode_roles(lines, model.probabilities(cache[page.page_id]))
            for part in ("all", "gold") if page.gold is not None else ("all",):
                counts[part].add(page.roles, page.known, roles)
            predicted[page.page_id] = as_prediction(article_from_roles(lines, roles))
    return predicted, counts


def before(corpus: Path, pages: list[LabelledPage], ref: str) -> dict[str, PredictedArticle]:
    """Predictions of the parser at git ``ref`` (its own package tree, in a subprocess)."""
    archive = subprocess.run(["git", "archive", ref, "src"], cwd=REPO, check=True, capture_output=True).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        paths = [str(_text_path(corpus, p)) for p in pages]
        out = subprocess.run(
            [sys.executable, "-c", _PARSE_SCRIPT, *paths],
            check=True,
            capture_output=True,
            text=True,
            env={"PYTHONPATH": str(Path(tmp) / "src"), "PATH": "/usr/bin:/bin"},
        ).stdout
    result: dict[str, PredictedArticle] = {}
    for page, line in zip(pages, out.splitlines(), strict=True):
        data = json.loads(line)
        images = tuple(PredictedImage(*i) for i in data.pop("images"))
        result[page.page_id] = PredictedArticle(
            **{**data, "authors": tuple(data["authors"]), "paragraphs": tuple(data["paragraphs"])},
            images=images,
        )
    return result


def _sum(scores: list[dict[str, Ratio]], key: str) -> Ratio:
    total = Ratio(0, 0)
    for s in scores:
        if key in s:
            total += s[key]
    return total


def field_table(
    corpus: Path, pages: list[LabelledPage], predicted: dict[str, Any]
) -> dict[str, dict[str, float]]:
    gold_scores = [score_article(p.gold, predicted[p.page_id]).fields for p in pages if p.gold is not None]
    weak_scores = [score_weak(weak_truth(corpus, p), predicted[p.page_id]) for p in pages if p.gold is None]
    gold: dict[str, float] = {}
    for key in GOLD_FIELDS:
        if key == "images_f1":
            gold[key] = images_f1(_sum(gold_scores, "images_precision"), _sum(gold_scores, "images_recall"))
        else:
            gold[key] = _sum(gold_scores, key).value
    weak = {key: _sum(weak_scores, key).value for key in WEAK_FIELDS}
    return {"gold": gold, "weak": weak}


def summarise(
    tables: list[dict[str, dict[str, float]]],
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, float]]]:
    """Per field, the mean and the (population) standard deviation over the seeds' tables."""
    mean: dict[str, dict[str, float]] = {}
    spread: dict[str, dict[str, float]] = {}
    for part, fields in tables[0].items():
        values = {key: [t[part][key] for t in tables] for key in fields}
        mean[part] = {key: statistics.fmean(v) for key, v in values.items()}
        spread[part] = {key: statistics.pstdev(v) for key, v in values.items()}
    return mean, spread


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--before", metavar="GIT_REF", help="also score the parser of this commit")
    parser.add_argument("--train", choices=("all", "gold"), default="all", help="pages the folds learn from")
    parser.add_argument("--seeds", type=int, default=5, help="training seeds to average over")
    parser.add_argument("--json", type=Path, help="write the figures here")
    args = parser.parse_args()
    pages = list(load_pages(args.corpus))
    start = time.perf_counter()
    tables = []
    counts = {"all": RoleCounts(), "gold": RoleCounts()}
    for seed in range(SEED, SEED + args.seeds):
        predicted, seed_counts = after(pages, args.folds, args.train, seed)
        tables.append(field_table(args.corpus, pages, predicted))
        for part, c in seed_counts.items():
            counts[part].merge(c)
    mean, spread = summarise(tables)
    report: dict[str, Any] = {
        "pages": {"gold": sum(p.gold is not None for p in pages), "weak": sum(p.gold is None for p in pages)},
        "publishers": len({p.publisher for p in pages}),
        "folds": args.folds,
        "train": args.train,
        "seeds": args.seeds,
        "after": mean,
        "after_sd": spread,
        "after_by_seed": tables,
        "roles": {  # pooled over the seeds; support is per seed (the pages' lines)
            part: {r: [p, rc, n // args.seeds] for r, (p, rc, n) in c.table(ROLES).items()}
            for part, c in counts.items()
        },
        "seconds": round(time.perf_counter() - start, 1),
    }
    if args.before:
        report["before"] = field_table(args.corpus, pages, before(args.corpus, pages, args.before))
    print(format_report(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"{report['pages']['gold']} gold + {report['pages']['weak']} weak pages, {report['publishers']} "
        f"publishers, {report['folds']} folds by publisher, trained on {report['train']}, "
        f"mean ± sd over {report['seeds']} training seeds",
    ]
    for part in ("gold", "weak"):
        lines.append(f"\n{part} pages                BEFORE   AFTER     sd")
        for key, value in report["after"][part].items():
            was = report.get("before", {}).get(part, {}).get(key)
            sd = report["after_sd"][part][key]
            lines.append(f"  {key:26s} {'' if was is None else f'{was:6.3f}':>6s}  {value:6.3f}  {sd:5.3f}")
    for part, table in report["roles"].items():
        lines.append(f"\nline role ({part} pages) precision recall support")
        for role, (precision, recall, support) in table.items():
            lines.append(f"  {role:22s} {precision:6.3f}  {recall:6.3f}  {support:6d}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
