from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsetl.analysis import ParagraphCache, analyze, chunks
from newsetl.neardup import NearDuplicateIndex, signature
from newsetl.pipeline import analysis_pipeline
from newsetl.settings import Settings

STORY = (Path(__file__).resolve().parents[2] / "raw" / "harbor-bridge-reopens.txt").read_text(
    encoding="utf-8"
)


@given(st.text(alphabet="ab \n", max_size=60))
def test_chunks_cut_after_blank_lines_and_join_back(text: str) -> None:
    pieces = chunks(text)
    assert "".join(pieces) == text
    assert all(piece for piece in pieces)


def test_lru_cache_drops_the_least_recently_used() -> None:
    cache = ParagraphCache(capacity=2)
    for key in ("a", "b"):
        cache.put(key, object())  # type: ignore[arg-type]
    assert cache.get("a") is not None  # "b" is now the oldest
    cache.put("c", object())  # type: ignore[arg-type]
    assert list(cache.docs) == ["a", "c"]


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return analysis_pipeline(Settings())


def test_syndicated_copies_are_analysed_once(nlp) -> None:  # type: ignore[no-untyped-def]
    copies = [f"Site {i} headline\n\n{STORY}" for i in range(10)]
    cache = ParagraphCache(capacity=1000)
    docs = analyze(nlp, copies, cache, batch_size=16, processes=1)
    assert [doc.text for doc in docs] == copies  # character for character
    story_chunks = len(chunks(STORY))
    assert cache.misses == story_chunks + 10  # the shared paragraphs once, each headline once
    again = analyze(nlp, [f"Another site\n\n{STORY}"], cache, batch_size=16, processes=1)[0]
    assert cache.misses == story_chunks + 11  # a later copy reuses the cached paragraphs
    whole = nlp(copies[0])
    chunked = {(e.text.strip(), e.label_, e.start_char) for e in docs[0].ents}
    whole_ents = {(e.text.strip(), e.label_, e.start_char) for e in whole.ents}
    # the model sees a paragraph at a time: a few entities at paragraph starts may differ, no more
    assert len(chunked & whole_ents) >= 0.9 * len(whole_ents)
    assert again.text.endswith(STORY)


def test_near_duplicate_index_finds_the_earliest_copy() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    index.add("first", signature(STORY))
    index.add("second", signature(STORY + "\nOne more closing line from the desk."))
    assert index.match(signature(STORY.replace("Tuesday", "Wednesday", 1))) == "first"
    other = (Path(__file__).resolve().parents[2] / "raw" / "council-budget-vote.txt").read_text(
        encoding="utf-8"
    )
    assert index.match(signature(other)) is None


def test_cached_paragraphs_do_not_keep_their_batch_tensor_alive(nlp) -> None:  # type: ignore[no-untyped-def]
    cache = ParagraphCache(capacity=100)
    analyze(nlp, [STORY], cache, batch_size=4, processes=1)
    assert cache.docs
    for doc in cache.docs.values():
        assert doc.tensor.size == 0
        assert doc.tensor.base is None  # its own empty array, not a view into the batch's output
