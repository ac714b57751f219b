"""Quote spans and kinds, without the model."""

from __future__ import annotations

import pytest

from newsetl.extract.quotes import find_quote_spans, quote_kind


def _texts(paragraphs: list[str]) -> list[str]:
    body = "\n\n".join(paragraphs)
    return [body[s.start : s.end] for s in find_quote_spans(tuple(paragraphs))]


def test_curly_and_straight_marks() -> None:
    assert _texts(['“We won,” she said. He said "no way" twice.']) == ["We won,", "no way"]


def test_ap_double_apostrophe_closing_mark() -> None:
    assert _texts(["“It was a trick,’’ Ng told reporters."]) == ["It was a trick,"]


def test_offsets_point_into_the_body() -> None:
    paragraphs = ("No quote here.", "Then “yes” came.")
    body = "\n\n".join(paragraphs)
    (span,) = find_quote_spans(paragraphs)
    assert body[span.start : span.end] == "yes"
    assert span.paragraph_index == 1


def test_multi_paragraph_quote_is_one_entry_per_paragraph() -> None:
    paragraphs = ("Kato said: “First we rebuild the bridge.", "“Then we rebuild the road.”")
    spans = find_quote_spans(paragraphs)
    assert [s.paragraph_index for s in spans] == [0, 1]
    assert spans[0].open_ended and not spans[0].continued
    assert spans[1].continued


def test_nested_single_quotes_stay_inside() -> None:
    assert _texts(["“He called it ‘madness’ twice,” Ode said."]) == ["He called it ‘madness’ twice,"]


@pytest.mark.parametrize(
    "paragraphs",
    [["” stray close first"], ["“never closed"], ['one " straight'], ["“a “b” c”"], ["", "“"], []],
)
def test_unbalanced_marks_never_raise(paragraphs: list[str]) -> None:
    for span in find_quote_spans(tuple(paragraphs)):
        assert span.start <= span.end


def test_kind_full_and_partial() -> None:
    assert quote_kind("We will not move.", "") == "full"
    assert quote_kind("We will not move,", "") == "full"
    assert quote_kind("Our plan is simple and it will work", "The mayor said:") == "full"
    assert quote_kind("reckless and cruel", "She called the plan") == "partial"
    assert quote_kind("voters deserve better.", "warning that") == "partial"
