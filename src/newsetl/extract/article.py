"""Put it together: quotes with speakers and canonical entities for one article."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from newsetl.extract.attribution import (
    NO_SPEAKER,
    Speaker,
    choose_cue,
    introducing_cue,
    is_speech_cue,
    record_context,
    speaker_from_cue,
)
from newsetl.extract.candidates import Candidate, article_view, find_candidates
from newsetl.extract.doccache import sents, sents_overlapping
from newsetl.extract.document import ComposedText
from newsetl.extract.entities import Canon, record_titles
from newsetl.extract.entity_steps import EntityConfig, extract_entities
from newsetl.extract.quotes import (
    QuoteSpan,
    find_quote_spans,
    followed_as_object,
    introduced_as_object,
    names_a_thing,
    quote_kind,
)
from newsetl.extract.ranking import Weights, best_candidate, packaged_weights
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
        self.text = doc.text  # spaCy rebuilds Doc.text from its tokens on every access
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
    found = ctx.cues(tokens, p_start, p_end)
    cue = introducing_cue(found, anchor_i) or choose_cue(found, anchor_i)
    if cue is None and own:
        following = [s for s in sents(doc) if s.start >= own[-1].end and s.start_char < p_end][:1]
        cue = choose_cue(ctx.cues([t for s in following for t in s], p_start, p_end), anchor_i)
    if cue is None:
        lead = ctx.text[p_start:start].rstrip(' “"')
        if not lead.strip() and p_start >= ctx.base + 2:
            lead = ctx.text[max(ctx.base, p_start - 400) : p_start].rstrip()
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


def _looks_like_heading(paragraph: str) -> bool:
    """A crosshead: a few words that do not end as a sentence does (or end with a question mark)."""
    end = paragraph.rstrip().rstrip("”’\"'")
    return len(paragraph.split()) <= 10 and (end.endswith("?") or end[-1:] not in ".!,;:")


def _rejected(
    text: str,
    found: Speaker | None,
    inherited: Speaker | None,
    span: QuoteSpan,
    before: str,
    after: str,
    heading: bool = False,
    echoed: bool = False,
) -> bool:
    """A name, title, scare quote or object's words that no one in the article is said to have used.

    Words between single marks are quotes only when attributed, or when a speaker quoted just before
    goes on in whole sentences. ``echoed``: the same words were quoted, with a speaker, earlier in the
    article, so a label-like use of them repeats an attributed term.
    """
    if span.continued or (echoed and inherited is not None):
        return False
    if heading and len(text.split()) <= 3:
        return True  # a label in a crosshead ("Who is the ‘change candidate’?"), like a headline's
    if names_a_thing(text, before, after) and (span.single or found is None):
        return True
    back = introduced_as_object(before)
    if followed_as_object(after) or (back is not None and (found is None or back <= 2)):
        return True  # words on a banner, a chant, a title: a quote only when someone is said to use them
    if found is not None:
        return False
    short = len(text.split()) <= 2
    if span.single and (inherited is None or len(text.split()) < 4 or not text[:1].isupper()):
        return True
    if _looks_like_title(text):
        return inherited is None or short
    return short and inherited is None


def _chain_cues(spans: list[QuoteSpan], cues: list[Speaker | None]) -> list[Speaker | None]:
    """For each span of a quotation running over paragraphs, the first attribution found in any of
    its paragraphs ("... (three paragraphs) ...," the spokesman said.)."""
    result: list[Speaker | None] = [None] * len(spans)
    start = 0
    for index in range(1, len(spans) + 1):
        if index == len(spans) or not spans[index].continued:
            chain = range(start, index)
            first = next((cues[i] for i in chain if cues[i] is not None), None)
            for i in chain:
                result[i] = first
            start = index
    return result


def extract_quotes(
    parsed: ParsedArticle,
    composed: ComposedText,
    doc: Doc,
    canon: Canon,
    weights: Weights | None = None,
    record: list[tuple[Quote, list[Candidate]]] | None = None,
) -> tuple[Quote, ...]:
    """Every attributed quotation of the body, with its best-ranked speaker and kind.

    ``record`` (when given) receives each quote with the candidates it was chosen from.
    """
    weights = weights or packaged_weights()
    spans = find_quote_spans(parsed.paragraphs)
    ctx = _Context(doc, composed, spans)
    record_context(doc, ctx.floor, canon)
    view = article_view(doc, canon, ctx.outside_quotes, ctx.floor, ctx.text)
    bounds = _paragraph_bounds(parsed, ctx.base)
    body = parsed.body
    quotes: list[Quote] = []
    last: tuple[Speaker, int] | None = None
    attributed: set[str] = set()  # quoted words already given a speaker
    previous: QuoteSpan | None = None
    cues = [
        _attribute(ctx, ctx.base + s.start, ctx.base + s.end, bounds[s.paragraph_index], canon) for s in spans
    ]
    chain_cues = _chain_cues(spans, cues)
    for span, found, chain_cue in zip(spans, cues, chain_cues, strict=True):
        text = body[span.start : span.end]
        inherited: tuple[Speaker, int, bool] | None = None
        if last is not None:
            gap = span.paragraph_index - last[1]
            if span.continued or gap <= INHERIT_DISTANCE:
                inherited = (last[0], min(gap, INHERIT_DISTANCE + 1), span.continued)
        after = body[span.end + 1 : span.end + 40]
        heading = _looks_like_heading(parsed.paragraphs[span.paragraph_index])
        lead = _lead_in(body, span.start)
        echoed = text.casefold() in attributed
        if _rejected(text, found, inherited[0] if inherited else None, span, lead, after, heading, echoed):
            continue
        where = (ctx.base + span.start, ctx.base + span.end)
        candidates = find_candidates(view, where, found or chain_cue, inherited, chained=found is None)
        best = best_candidate(candidates, weights)
        speaker = Speaker(best[0].name, best[0].mention, best[1]) if best else NO_SPEAKER
        kind = "full" if span.continued else quote_kind(text, _lead_in(body, span.start))
        if previous is not None and _second_half(body, previous, span):
            kind = quotes[-1].kind if quotes and quotes[-1].char_end == previous.end else kind
        previous = span
        quote = Quote(
            text=text,
            speaker=speaker.name,
            speaker_mention=speaker.mention,
            kind=kind,
            paragraph_index=span.paragraph_index,
            char_start=span.start,
            char_end=span.end,
            confidence=round(speaker.confidence, 4) if speaker.name else 0.2,
        )
        quotes.append(quote)
        if record is not None:
            record.append((quote, candidates))
        if speaker.name:
            last = (speaker, span.paragraph_index)
            attributed.add(text.casefold())
    return tuple(quotes)


def extract_article(
    parsed: ParsedArticle,
    composed: ComposedText,
    doc: Doc,
    weights: Weights | None = None,
    record: list[tuple[Quote, list[Candidate]]] | None = None,
    entity_config: EntityConfig | None = None,
) -> Extraction:
    """Quotes with canonical speakers and the article's canonical entities. Pure: no I/O.

    ``weights`` default to the packaged speaker ranker and ``entity_config`` to the packaged entity
    corrections (an evaluation passes ones learned without the article's publisher); ``record``
    collects each quote's candidates.
    """
    canon, _mentions, entities = extract_entities(doc, composed, entity_config)
    record_titles(doc, canon)
    quotes = extract_quotes(parsed, composed, doc, canon, weights, record)
    return Extraction(quotes=quotes, entities=entities)
