"""Put it together: quotes with speakers and canonical entities for one article."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsetl.extract.attribution import (
    NO_SPEAKER,
    Speaker,
    choose_cue,
    is_speech_cue,
    record_context,
    speaker_from_cue,
)
from newsetl.extract.doccache import sents, sents_overlapping
from newsetl.extract.document import ComposedText
from newsetl.extract.entities import Canon, record_titles
from newsetl.extract.entity_steps import extract_entities
from newsetl.extract.quotes import QuoteSpan, find_quote_spans, quote_kind
from newsetl.model import Extraction, ParsedArticle, Quote

INHERIT_DISTANCE = 2  # paragraphs a quote without its own attribution may look back


def _paragraph_bounds(parsed: ParsedArticle, base: int) -> list[tuple[int, int]]:
    bounds, position = [], base
    for paragraph in parsed.paragraphs:
        bounds.append((position, position + len(paragraph)))
        position += len(paragraph) + 2
    return bounds


def _looks_like_title(text: str) -> bool:
    """A name or title in marks: few words, each capitalized, no sentence punctuation."""
    words = [w for w in text.split() if w[:1].isalpha()]
    short = 0 < len(words) <= 5 and not text.rstrip().endswith((".", ",", "!", "?"))
    small = {"of", "the", "and", "a", "in", "on", "for", "to", "at"}
    return short and all(w[:1].isupper() or w in small for w in words) and not text[:1].islower()


class _Context:
    """The doc, the body's place in it and the quote spans, for locating cues around a quote."""

    def __init__(self, doc: Doc, composed: ComposedText, spans: list[QuoteSpan]) -> None:
        self.doc = doc
        self.base = composed.body.start
        self.marked = [(self.base + s.start - 1, self.base + s.end + 1) for s in spans]
        first = doc.char_span(self.base, composed.body.end, alignment_mode="expand")
        self.floor = first.start if first is not None else 0

    def outside_quotes(self, token: Token) -> bool:
        return not any(start <= token.idx < end for start, end in self.marked)

    def cues(self, tokens: Span | list[Token], lo: int, hi: int) -> list[Token]:
        return [t for t in tokens if lo <= t.idx < hi and is_speech_cue(t) and self.outside_quotes(t)]


def _sentences(doc: Doc, start: int, end: int) -> list[Span]:
    return sents_overlapping(doc, start, end)


def _attribute(ctx: _Context, start: int, end: int, para: tuple[int, int], canon: Canon) -> Speaker | None:
    """Speaker from a cue in the quote's sentence, the next sentence or a colon-ended lead-in."""
    doc, (p_start, p_end) = ctx.doc, para
    own = _sentences(doc, start, end)
    anchor = doc.char_span(start, end, alignment_mode="expand")
    anchor_i = anchor.start if anchor is not None else 0
    tokens = [t for s in own for t in s]
    cue = choose_cue(ctx.cues(tokens, p_start, p_end), anchor_i)
    if cue is None and own:
        following = [s for s in sents(doc) if s.start >= own[-1].end and s.start_char < p_end][:1]
        cue = choose_cue(ctx.cues([t for s in following for t in s], p_start, p_end), anchor_i)
    if cue is None:
        lead = doc.text[p_start:start].rstrip(' “"')
        if not lead.strip() and p_start >= ctx.base + 2:
            lead = doc.text[max(ctx.base, p_start - 400) : p_start].rstrip()
        if lead.endswith(":"):
            before = _sentences(doc, start - len(lead) + len(lead.rstrip(":")) - 2, start - 1)
            cue = choose_cue(ctx.cues([t for s in before[-1:] for t in s], ctx.base, start), anchor_i)
    if cue is None:
        return None
    return speaker_from_cue(cue, doc, canon, ctx.floor, ctx.outside_quotes)


def _lead_in(body: str, start: int) -> str:
    """The paragraph text before a quote's opening mark."""
    return body[body.rfind("\n\n", 0, start) + 2 if "\n\n" in body[:start] else 0 : max(0, start - 1)]


def _second_half(body: str, first: QuoteSpan, second: QuoteSpan) -> bool:
    """'"..., he added, "...": the second span finishes the sentence the first one began."""
    between = body[first.end + 1 : second.start - 1].strip()
    return (
        first.paragraph_index == second.paragraph_index
        and body[first.start : first.end].rstrip().endswith(",")
        and between.endswith(",")
        and len(between.split()) <= 8
    )


def _rejected(text: str, found: Speaker | None, inherited: Speaker | None, span: QuoteSpan) -> bool:
    """A name, title or scare quote that no one in the article is said to have used."""
    if found is not None or span.continued:
        return False
    short = len(text.split()) <= 2
    if _looks_like_title(text):
        return inherited is None or short
    return short and inherited is None


def extract_quotes(
    parsed: ParsedArticle, composed: ComposedText, doc: Doc, canon: Canon
) -> tuple[Quote, ...]:
    """Every attributed quotation of the body, with its speaker and kind."""
    spans = find_quote_spans(parsed.paragraphs)
    ctx = _Context(doc, composed, spans)
    record_context(doc, ctx.floor, canon)
    bounds = _paragraph_bounds(parsed, ctx.base)
    body = parsed.body
    quotes: list[Quote] = []
    last: tuple[Speaker, int] | None = None
    previous: QuoteSpan | None = None
    for span in spans:
        text = body[span.start : span.end]
        para = bounds[span.paragraph_index]
        found = _attribute(ctx, ctx.base + span.start, ctx.base + span.end, para, canon)
        speaker = found
        recent = last is not None and span.paragraph_index - last[1] <= INHERIT_DISTANCE
        if speaker is None and last is not None and (span.continued or recent):
            speaker = Speaker(last[0].name, last[0].mention, 0.5 if recent else 0.3)
        if _rejected(text, found, speaker, span):
            continue
        speaker = speaker or NO_SPEAKER
        kind = "full" if span.continued else quote_kind(text, _lead_in(body, span.start))
        if previous is not None and _second_half(body, previous, span):
            kind = quotes[-1].kind if quotes and quotes[-1].char_end == previous.end else kind
        previous = span
        quotes.append(
            Quote(
                text=text,
                speaker=speaker.name,
                speaker_mention=speaker.mention,
                kind=kind,
                paragraph_index=span.paragraph_index,
                char_start=span.start,
                char_end=span.end,
                confidence=speaker.confidence if speaker.name else 0.2,
            )
        )
        if speaker.name:
            last = (speaker, span.paragraph_index)
    return tuple(quotes)


def extract_article(parsed: ParsedArticle, composed: ComposedText, doc: Doc) -> Extraction:
    """Quotes with canonical speakers and the article's canonical entities. Pure: no I/O."""
    canon, _mentions, entities = extract_entities(doc, composed)
    record_titles(doc, canon)
    quotes = extract_quotes(parsed, composed, doc, canon)
    return Extraction(quotes=quotes, entities=entities)
