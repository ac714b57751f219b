"""Property: whatever bytes a raw file holds, it is either ingested or quarantined with a known reason."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newsetl.contracts import contract
from newsetl.discover import RawFile
from newsetl.model import Known
from newsetl.pipeline import analysis_pipeline, extract_batch, load_files, parse_files
from newsetl.rows import RunInfo
from newsetl.settings import Settings
from newsetl.validate import validate_batch

RUN = RunInfo("fuzz", dt.datetime(2025, 1, 1, tzinfo=dt.UTC), "en")
REASONS = set(dict(contract("rejects").columns[3].checks)["isin"])
SAMPLE = [
    p.read_text(encoding="utf-8") for p in sorted((Path(__file__).resolve().parents[2] / "raw").glob("*.txt"))
]
LINES = [line for text in SAMPLE for line in text.splitlines()]


def _splice(base: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (position, cut length, insertion) edits: truncations, stray marks, junk in mid-article."""
    for position, cut, insert in edits:
        at = position % (len(base) + 1)
        base = base[:at] + insert + base[at + cut :]
    return base


mutated_article = st.builds(
    _splice,
    st.sampled_from(SAMPLE),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 400), st.text(max_size=30)), max_size=6),
)

article_like = st.lists(
    st.one_of(
        st.sampled_from(LINES), st.text(max_size=120), st.sampled_from(["", "“", "”", '"', "Image: x"])
    ),
    max_size=40,
).map("\n".join)
raw_bytes = st.one_of(
    mutated_article.map(lambda t: t.encode("utf-8")),
    st.binary(max_size=3000),
    article_like.map(lambda t: t.encode("utf-8")),
    article_like.map(lambda t: t.encode("utf-16")),
    st.tuples(article_like, st.binary(max_size=40)).map(lambda p: p[0].encode("utf-8") + p[1]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=raw_bytes)
def test_any_bytes_are_ingested_or_quarantined(data: bytes) -> None:
    config = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.txt"
        path.write_bytes(data)
        loaded = load_files([RawFile(Path(tmp), path, "f.txt", len(data))], Known(), config, RUN)
        parsed = parse_files(loaded.items, config, RUN)
        extracted = extract_batch(parsed.items, analysis_pipeline(config), config, RUN)
    rejects = loaded.rejects + parsed.rejects + extracted.rejects
    assert len(rejects) + len(extracted.items) == 1
    if rejects:
        event(f"quarantined: {rejects[0]['reason_code']}")
        assert rejects[0]["reason_code"] in REASONS and rejects[0]["message"]
        return
    event("ingested")
    rows = {t: r for item in extracted.items for t, r in item.rows.items()}
    validated = validate_batch(rows)
    accepted = validated.tables["articles"].num_rows
    assert accepted + len(validated.failures) == 1
