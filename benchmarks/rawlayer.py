"""What the raw layer (`pages`) costs, and how fast `newsetl reprocess` is against ingesting again.

    .venv/bin/python benchmarks/rawlayer.py [--synthetic 300] [--corpus ../shared/corpus]

Two input sets: synthetic text dumps (``generate.py``) and the corpus's saved HTML pages (read in
place: gold ``html/*.html`` and ``weak/html/*.html.gz``). For each, in fresh subprocesses (the
spaCy pipeline is loaded before the clock starts; no analysis cache survives between steps):

1. ingest with ``NEWSETL_RAW_PAGES=false`` and with it on: seconds, and bytes on disk of the
   ``pages`` parts per article and of the whole warehouse (Parquet parts) per article;
2. a second fresh ingest with pages; then two warehouses built by "older code" (not timed; built in
   one process, where the fake version lives), each followed by ``reprocess --older-than-current`` at
   the defaults: a **parser upgrade** (an older parser version that read every page alike: reprocess
   parses every page again and keeps the stored NLP rows, see ``newsetl.reuse``) and an **NLP
   upgrade** (an older ``nlp_version``: spaCy and the extractors run again on every article; the
   parse is rebuilt from the stored rows instead of decoding and parsing the page). Each speed
   ratio is the mean of the two fresh ingests with pages over the reprocess seconds (≥ 1.0:
   re-deriving is no slower than ingesting again); then a rerun that finds nothing to change. On a
   shared machine, run it twice.

``--speed-repeat N`` then repeats a fresh ingest with pages, the old ingests and their reprocesses N
more times per input set (fresh warehouses each time) and adds the medians of the per-repeat ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import print_result, write_corpus  # noqa: E402

STEP = r"""
import json, sys, time
from pathlib import Path
import newsetl.rows
from newsetl.pipeline import analysis_pipeline
from newsetl.settings import Settings
step, raw, warehouse = sys.argv[1], sys.argv[2:-1], sys.argv[-1]
settings = Settings()
analysis_pipeline(settings)  # loaded before the clock starts
start = time.perf_counter()
if step == "reprocess":
    from newsetl.reprocess import Options, reprocess_local
    out = reprocess_local(warehouse, settings, Options(older_than_current=True))
    out = {k: out[k] for k in ("changed", "unchanged", "reused", "parses_rebuilt", "failed")}
else:
    from newsetl.run import ingest_local
    if step == "old":  # an older parser that read every page alike
        newsetl.rows.PARSER_VERSION = "0-old"
    if step == "old-nlp":  # older NLP code or models: the whole NLP stage must run again
        import newsetl.run
        real = newsetl.run.nlp_version
        newsetl.run.nlp_version = lambda model: real(model) + "-old"
    out = {"articles": ingest_local(raw, settings, warehouse)["rows"]["articles"]}
out["seconds"] = time.perf_counter() - start
print(json.dumps(out))
"""


# The "older code" (a patched parser version) lives in this process only: its ingest builds its rows
# here, not in worker processes, and is not timed.
_OLD_IN_PLACE = {"NEWSETL_SPACY_PROCESSES": "1"}


def _step(step: str, raw: list[Path], warehouse: Path, **env: str) -> dict[str, object]:
    environ = os.environ | env
    done = subprocess.run(
        [sys.executable, "-c", STEP, step, *map(str, raw), str(warehouse)],
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{step} failed:\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.parquet"))


def measure(name: str, raw: list[Path], work: Path) -> dict[str, object]:
    off = _step("ingest", raw, work / "off", NEWSETL_RAW_PAGES="false")
    on = _step("ingest", raw, work / "on")
    on2 = _step("ingest", raw, work / "on2")
    _step("old", raw, work / "old", **_OLD_IN_PLACE)
    again = _step("reprocess", [], work / "old")
    rerun = _step("reprocess", [], work / "old")
    _step("old-nlp", raw, work / "old-nlp", **_OLD_IN_PLACE)
    nlp = _step("reprocess", [], work / "old-nlp")
    articles = int(str(on["articles"]))
    for said in (again, nlp):  # the old rows must all be stale, or the ratio means nothing
        if said["changed"] != articles:
            raise SystemExit(f"{name}: reprocess changed {said['changed']} of {articles} stale articles")
    if (again["reused"], nlp["reused"]) != (articles, 0):
        raise SystemExit(f"{name}: NLP rows reused {again['reused']} / {nlp['reused']}, not {articles} / 0")
    input_bytes = sum(p.stat().st_size for p in raw)
    t_off, t_on, t_old, t_re, t_nlp = (float(str(x["seconds"])) for x in (off, on, on2, again, nlp))
    fresh = (t_on + t_old) / 2  # two fresh ingests of the same articles with pages, at the defaults
    return {
        f"{name}: articles": articles,
        f"{name}: input bytes/article": round(input_bytes / articles),
        f"{name}: pages bytes/article": round(_bytes(work / "on" / "pages") / articles),
        f"{name}: warehouse bytes/article without pages": round(_bytes(work / "off") / articles),
        f"{name}: warehouse bytes/article with pages": round(_bytes(work / "on") / articles),
        f"{name}: ingest seconds without / with pages": f"{t_off:.1f} / {t_on:.1f}",
        f"{name}: ingest time ratio with/without pages": round(t_on / t_off, 3),
        f"{name}: fresh ingest seconds (with pages, 2 runs)": f"{t_on:.1f} / {t_old:.1f}",
        f"{name}: reprocess seconds, parser upgrade (all stale, parsed alike)": round(t_re, 1),
        f"{name}: reprocess speed ratio, parser upgrade (mean fresh ingest / reprocess)": round(
            fresh / t_re, 3
        ),
        f"{name}: reprocess changed / NLP rows kept / failed": f"{again['changed']} / {again['reused']} / "
        f"{again['failed']}",
        f"{name}: reprocess seconds, NLP upgrade (all stale, NLP again)": round(t_nlp, 1),
        f"{name}: NLP upgrade: parses rebuilt from the stored rows": nlp["parses_rebuilt"],
        f"{name}: reprocess speed ratio, NLP upgrade (mean fresh ingest / reprocess)": round(
            fresh / t_nlp, 3
        ),
        f"{name}: rerun seconds (nothing stale)": round(float(str(rerun["seconds"])), 2),
    }


def speed(name: str, raw: list[Path], work: Path, repeat: int) -> dict[str, object]:
    """Reprocess speed ratios of ``repeat`` more rounds, for each kind of upgrade: a fresh ingest
    with pages over the reprocess of a warehouse the older code built."""
    ratios: dict[str, list[float]] = {"parser upgrade": [], "NLP upgrade": []}
    for round_ in range(repeat):
        on = _step("ingest", raw, work / f"on-{round_}")
        for kind, step in (("parser upgrade", "old"), ("NLP upgrade", "old-nlp")):
            _step(step, raw, work / f"{step}-{round_}", **_OLD_IN_PLACE)
            again = _step("reprocess", [], work / f"{step}-{round_}")
            t_on, t_re = (float(str(x["seconds"])) for x in (on, again))
            ratios[kind].append(round(t_on / t_re, 3))
    result: dict[str, object] = {}
    for kind, values in ratios.items():
        result[f"{name}: reprocess speed ratios, {kind}, {repeat} more rounds"] = values
        result[f"{name}: reprocess speed ratio, {kind}, median of the rounds"] = (
            round(statistics.median(values), 3) if values else None
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--synthetic", type=int, default=300, help="synthetic dumps (0: none)")
    parser.add_argument("--speed-repeat", type=int, default=0, help="more rounds of the speed ratio")
    parser.add_argument("--corpus", type=Path, default=HERE.parent / ".." / "shared" / "corpus")
    args = parser.parse_args()
    result: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="newsetl-rawlayer-") as tmp:
        work = Path(tmp)
        if args.synthetic:
            raw = write_corpus(work / "synthetic-raw", args.synthetic)
            result |= measure("text", raw, work / "text")
            result |= speed("text", raw, work / "text", args.speed_repeat)
        pages = sorted((args.corpus / "html").glob("*.html")) + sorted(
            (args.corpus / "weak" / "html").glob("*.html.gz")
        )
        if pages:
            result |= measure("html", pages, work / "html")
            result |= speed("html", pages, work / "html", args.speed_repeat)
    print_result(result)


if __name__ == "__main__":
    main()
