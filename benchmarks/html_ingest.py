"""The whole ingest on the gold pages as HTML and as text dumps: every field, quotes included.

    .venv/bin/python benchmarks/html_ingest.py [--corpus ../shared/corpus] [--json]

Ingests ``corpus/html/*.html`` and, separately, ``corpus/text/<same ids>.txt`` into temporary
warehouses with ``ingest_local`` (spaCy included), reads the tables back with the scorer of
``newsetl eval`` and prints the two side by side (quotes must be as good from HTML as from text).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from newsetl.evaluate.gold import load_gold_dir
from newsetl.evaluate.harness import predictions
from newsetl.evaluate.scoring import score_corpus
from newsetl.run import ingest_local
from newsetl.settings import Settings
from newsetl.store.query import connect

REPO = Path(__file__).resolve().parents[1]


def scores(files: list[Path], gold_dir: Path) -> dict[str, float]:
    gold = load_gold_dir(gold_dir)
    ids = sorted(f.name.split(".")[0] for f in files)
    with tempfile.TemporaryDirectory(prefix="newsetl-html-eval-") as tmp:
        warehouse = Path(tmp) / "wh"
        ingest_local(files, Settings(), warehouse)
        with connect(warehouse) as con:
            found = predictions(con)
    result = score_corpus((gold[i], found.get(i)) for i in ids)
    return {key: round(value, 3) for key, value in result.values.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pages = sorted((args.corpus / "html").glob("*.html"))
    dumps = [args.corpus / "text" / f"{p.stem}.txt" for p in pages]
    html, text = scores(pages, args.corpus / "gold"), scores(dumps, args.corpus / "gold")
    if args.json:
        print(json.dumps({"html": html, "text": text}, indent=2))
        return
    print(f"{len(pages)} gold pages     {'from HTML':>10} {'from text':>10}")
    for key in html:
        print(f"{key:22} {html[key]:10.3f} {text[key]:10.3f}")


if __name__ == "__main__":
    main()
