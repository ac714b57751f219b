"""Throughput of `newsetl ingest` at its defaults against spaCy on all cores, in the same run.

    .venv/bin/python benchmarks/throughput.py --articles 2000 [--words 800] [--repeats 1]
        [--sites 10] [--warc-records 0] [--spacy-batch-sizes 2,8,32] [--trial 300]

Generates N synthetic dumps in which no analysed line repeats (each paragraph carries its own
reference, so the paragraph cache cannot stand in for NLP), composes their analysis texts before
any timing, then runs each of these in a fresh subprocess (peak RSS is that process tree's largest):

  1. spaCy's full pipeline as the model ships, ``n_process`` = the CPUs this process may use, at
     its own best ``nlp.pipe`` batch size: each of ``--spacy-batch-sizes`` is tried on the first
     ``--trial`` texts (untimed for the result) and the fastest runs the whole set (with two
     processes spaCy ran fastest with small batches: 2-4 texts, about 1.2x its speed at 32);
  2. spaCy NER only (tok2vec + ner), same ``n_process``, its batch size chosen the same way;
  3. `newsetl ingest` at its defaults into an empty warehouse (end to end, Prefect start-up
     included; and per article, from the run's own start and end in the ``runs`` table);
  4. `newsetl ingest` of a syndicated corpus: the same number of articles, the same stories
     published by ``--sites`` sites (own headline, byline and furniture, same paragraphs).

``--repeats`` runs the whole set again and reports medians. ``--warc-records`` also ingests one
WARC of that many HTML records (shorter pages, ``--warc-words``) and reports its rate and peak RSS.
Prints a table and a JSON line; the ratios are what matter (absolute numbers move with the machine).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import article, print_result  # noqa: E402

SPACY_ALONE = r"""
import json, sys, time
import spacy
from newsetl.settings import Settings
texts = json.loads(open(sys.argv[1], encoding="utf-8").read())
mode, processes = sys.argv[2], int(sys.argv[3])
sizes, trial = [int(b) for b in sys.argv[4].split(",")], int(sys.argv[5])
model = Settings().spacy_model
if mode == "full":
    nlp = spacy.load(model)
else:  # NER only
    keep = ("tok2vec", "ner")
    nlp = spacy.load(model, exclude=[n for n in spacy.info(model)["pipeline"] if n not in keep])

def rate(sample, size):
    start = time.perf_counter()
    n = sum(1 for _ in nlp.pipe(sample, batch_size=size, n_process=processes))
    return n / (time.perf_counter() - start)

trials = {size: rate(texts[:trial], size) for size in sizes} if len(sizes) > 1 else {sizes[0]: 0.0}
best = max(trials, key=trials.get)
start = time.perf_counter()
n = sum(1 for _ in nlp.pipe(texts, batch_size=best, n_process=processes))
seconds = time.perf_counter() - start
print(json.dumps({"docs": n, "seconds": seconds, "batch_size": best, "trials": trials}))
"""

COMPOSE = r"""
import json, sys
from pathlib import Path
from newsetl.extract import compose
from newsetl.parse import parse_article
paths = sorted(Path(sys.argv[1]).glob("*.txt"))
texts = [compose(parse_article(p.read_text(encoding="utf-8"))).text for p in paths]
Path(sys.argv[2]).write_text(json.dumps(texts), encoding="utf-8")
"""

RUN_SECONDS = r"""
import json, sys
from newsetl.store.query import connect
with connect(sys.argv[1]) as con:
    row = con.execute("select epoch(max(ended_at) - min(started_at)) from runs").fetchone()
print(json.dumps({"seconds": float(row[0])}))
"""

_BODY_START = 8  # the lines of generate.article before the body paragraphs


def distinct_article(index: int, words: int) -> str:
    """``generate.article`` with a reference on every body paragraph: no paragraph repeats."""
    lines = article(index, words).rstrip("\n").split("\n\n")
    body = [f"{line} (Ref. {index}.{k})" for k, line in enumerate(lines[_BODY_START:])]
    return "\n\n".join(lines[:_BODY_START] + body) + "\n"


def syndicated_article(index: int, words: int, sites: int) -> str:
    """Story ``index // sites`` as site ``index % sites`` publishes it: own headline, byline and
    furniture lines, the same body paragraphs as every other site."""
    story, site = divmod(index, sites)
    lines = distinct_article(story, words).rstrip("\n").split("\n\n")
    lines[0] = f"Site {site} home | World | Local"
    lines[1] = f"{lines[1]} | Site {site} News"
    lines[3] = f"By SITE {site} STAFF AND {lines[3][3:]}"
    return "\n\n".join(lines) + "\n"


def write_dumps(folder: Path, count: int, words: int, sites: int = 0) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        text = syndicated_article(index, words, sites) if sites else distinct_article(index, words)
        (folder / f"synthetic-{index:06d}.txt").write_text(text, encoding="utf-8")


def as_html(text: str) -> bytes:
    """A plain news page around a generated dump: headline, byline, date and paragraphs."""
    lines = text.strip().split("\n\n")
    paras = "".join(f"<p>{escape(line)}</p>" for line in lines[_BODY_START:])
    return (
        f"<!doctype html><html><head><title>{escape(lines[1])}</title></head><body>"
        f"<nav>Home | World | Local</nav><article><h1>{escape(lines[1])}</h1>"
        f"<p class='byline'>{escape(lines[3])}</p><time>{escape(lines[5])}</time>{paras}</article>"
        "<footer>© Example News</footer></body></html>"
    ).encode()


def write_warc(path: Path, count: int, words: int) -> None:
    from newsetl.sources.warc import warc_record

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for index in range(count):
            page = as_html(distinct_article(1_000_000 + index, words))
            out.write(warc_record(f"https://news.example.com/{index}", page, compress=True))


def _child(cmd: list[str], env: dict[str, str]) -> tuple[str, float, float]:
    """Run ``cmd``; return stdout, wall seconds and the peak RSS (MiB) of its largest process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{err.read().decode()[-3000:]}")
        return out.read().decode(), wall, usage.ru_maxrss / 1024


def _check_distinct(texts: list[str]) -> int:
    """The number of analysed paragraphs; fails if any repeats (reuse would be measured)."""
    paragraphs = [p for text in texts for p in re.split(r"\n\n+", text) if p.strip()]
    body = [p for p in paragraphs if "(Ref. " in p]
    if len(set(body)) != len(body):
        raise SystemExit("the distinct corpus repeats a paragraph")
    return len(paragraphs)


def _ingest(raw: Path, warehouse: Path, env: dict[str, str]) -> dict[str, float]:
    bin_dir = Path(sys.executable).parent
    cmd = [str(bin_dir / "newsetl"), "ingest", str(raw), "--warehouse", str(warehouse), "--json"]
    out, wall, rss = _child(cmd, env)
    articles = json.loads(out)["rows"]["articles"]
    out, _, _ = _child([sys.executable, "-c", RUN_SECONDS, str(warehouse)], env)
    in_run = json.loads(out)["seconds"]
    return {"wall": wall, "run": in_run, "rss": rss, "articles": articles}


def one_round(root: Path, args: argparse.Namespace, env: dict[str, str], cpus: int) -> dict[str, float]:
    texts_file = root / "texts.json"
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    n = len(texts)
    figures: dict[str, float] = {}
    sizes = ",".join(str(size) for size in args.spacy_batch_sizes)
    for mode in ("full", "ner"):
        cmd = [sys.executable, "-c", SPACY_ALONE, str(texts_file), mode, str(cpus), sizes, str(args.trial)]
        out, _, rss = _child(cmd, env)
        got = json.loads(out)
        figures[f"spacy_{mode}_per_s"] = n / got["seconds"]
        figures[f"spacy_{mode}_batch_size"] = got["batch_size"]
        figures[f"spacy_{mode}_rss"] = rss
    for label, raw in (("distinct", root / "raw"), ("syndicated", root / "syndicated")):
        got = _ingest(raw, root / f"wh-{label}-{time.monotonic_ns()}", env)
        figures[f"{label}_per_s"] = n / got["run"]
        figures[f"{label}_end_to_end_per_s"] = n / got["wall"]
        figures[f"{label}_startup_s"] = got["wall"] - got["run"]
        figures[f"{label}_rss"] = got["rss"]
        figures[f"{label}_articles"] = got["articles"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--words", type=int, default=800)
    parser.add_argument("--sites", type=int, default=10, help="sites per story in the syndicated corpus")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--warc-records", type=int, default=0)
    parser.add_argument("--warc-words", type=int, default=200)
    parser.add_argument(
        "--spacy-batch-sizes",
        type=lambda text: [int(b) for b in text.split(",")],
        default=[2, 8, 32],
        help="nlp.pipe batch sizes tried for spaCy alone on --trial texts; the fastest runs the whole set",
    )
    parser.add_argument("--trial", type=int, default=300, help="texts in each spaCy batch-size trial")
    args = parser.parse_args()
    cpus = len(os.sched_getaffinity(0))
    with tempfile.TemporaryDirectory(prefix="newsetl-bench-") as tmp:
        root = Path(tmp)
        write_dumps(root / "raw", args.articles, args.words)
        write_dumps(root / "syndicated", args.articles, args.words, args.sites)
        env = dict(os.environ, PREFECT_HOME=str(root / "prefect"))
        env.pop("NEWSETL_SPACY_PROCESSES", None)  # newsetl at its defaults
        _child([sys.executable, "-c", COMPOSE, str(root / "raw"), str(root / "texts.json")], env)
        paragraphs = _check_distinct(json.loads((root / "texts.json").read_text(encoding="utf-8")))
        rounds = [one_round(root, args, env, cpus) for _ in range(args.repeats)]
        warc: dict[str, float] = {}
        if args.warc_records:
            write_warc(root / "warc" / "crawl.warc.gz", args.warc_records, args.warc_words)
            got = _ingest(root / "warc", root / "wh-warc", env)
            warc = {
                "warc_records": args.warc_records,
                "warc_articles": got["articles"],
                "warc_articles_per_s": round(got["articles"] / got["run"], 2),
                "warc_peak_rss_mib": round(got["rss"], 1),
            }
    med = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    ratio = {
        key: statistics.median(r["distinct_per_s"] / r[f"spacy_{key}_per_s"] for r in rounds)
        for key in ("full", "ner")
    }
    result = {
        "articles": args.articles,
        "words": args.words,
        "analysed_paragraphs": paragraphs,
        "cpus": cpus,
        "repeats": args.repeats,
        "spacy_full_articles_per_s": round(med["spacy_full_per_s"], 2),
        "spacy_ner_only_articles_per_s": round(med["spacy_ner_per_s"], 2),
        "spacy_full_batch_size": int(med["spacy_full_batch_size"]),
        "spacy_ner_only_batch_size": int(med["spacy_ner_batch_size"]),
        "newsetl_articles_per_s": round(med["distinct_per_s"], 2),
        "newsetl_end_to_end_articles_per_s": round(med["distinct_end_to_end_per_s"], 2),
        "newsetl_startup_s": round(med["distinct_startup_s"], 2),
        "ratio_vs_spacy_full": round(ratio["full"], 3),
        "ratio_vs_spacy_ner_only": round(ratio["ner"], 3),
        "ratio_end_to_end_vs_spacy_full": round(
            statistics.median(r["distinct_end_to_end_per_s"] / r["spacy_full_per_s"] for r in rounds), 3
        ),
        "syndicated_articles_per_s": round(med["syndicated_per_s"], 2),
        "syndicated_gain": round(
            statistics.median(r["syndicated_per_s"] / r["distinct_per_s"] for r in rounds), 3
        ),
        "articles_written": int(med["distinct_articles"]),
        "peak_rss_mib_newsetl": round(med["distinct_rss"], 1),
        "peak_rss_mib_spacy_full": round(med["spacy_full_rss"], 1),
        **warc,
    }
    print_result(result)


if __name__ == "__main__":
    main()
