"""Per-field scoring rules for one article. Each function returns ``{field_key: Ratio}``.

These docstrings are the documentation of what the numbers mean.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from newsetl.evaluate.aliases import name_key, same_agency, same_name
from newsetl.evaluate.gold import GoldArticle, GoldImage, GoldQuote
from newsetl.evaluate.matching import greedy_matching, max_matching
from newsetl.evaluate.predicted import PredictedArticle, PredictedImage, PredictedQuote
from newsetl.evaluate.ratio import Ratio, hit, prf
from newsetl.evaluate.text import norm_ci, norm_quote, norm_ws, same_optional, squeeze

# Minimum rapidfuzz ratio (0-100) of caption/alt text for a predicted image to match a gold one.
IMAGE_MATCH_THRESHOLD = 80.0

# Predicted spaCy label -> gold entity list. FAC, NORP and every other label are ignored.
ENTITY_CLASSES: dict[str, str] = {
    "PERSON": "persons",
    "ORG": "organizations",
    "GPE": "places",
    "LOC": "places",
}


def score_metadata(gold: GoldArticle, pred: PredictedArticle) -> dict[str, Ratio]:
    """Exact fields, one point per article each.

    * ``headline``: equal after whitespace normalisation (case-sensitive).
    * ``dek``: same rule; ``None == None`` is correct, ``None`` vs text is wrong.
    * ``published``: the ``YYYY-MM-DD`` strings are equal; ``None == None`` is correct.
    * ``dateline``: equal case-insensitively after whitespace normalisation; ``None == None`` correct.
    """
    return {
        "headline": hit(same_optional(gold.headline, pred.headline)),
        "dek": hit(same_optional(gold.dek, pred.dek)),
        "published": hit(same_optional(gold.published, pred.published)),
        "dateline": hit(same_optional(gold.dateline, pred.dateline, case_insensitive=True)),
    }


def score_authors(gold: GoldArticle, pred: PredictedArticle) -> dict[str, Ratio]:
    """``authors_f1``: one-to-one matching of names with :func:`same_name` (case-insensitive,
    aliases, so an agency byline ``The Associated Press`` = ``AP``); micro F1 over the corpus.

    An article with no gold and no predicted author (a correctly empty byline) counts as one
    true positive, so it adds ``2/2`` to the F1 ratio instead of vanishing from the average.
    """
    if not gold.authors and not pred.authors:
        return {"authors_f1": Ratio(2, 2)}
    tp = len(max_matching(gold.authors, pred.authors, same_name))
    _, _, f1 = prf(tp, len(pred.authors) - tp, len(gold.authors) - tp)
    return {"authors_f1": f1}


def score_body(gold: GoldArticle, pred: PredictedArticle) -> dict[str, Ratio]:
    """Body fields.

    * ``body_first_sentence`` / ``body_last_sentence``: the gold sentence occurs within one predicted
      paragraph, whitespace ignored on both sides (:func:`squeeze`: labels made from HTML may lose
      the space between sentences or gain one inside quotation marks; spacing is not content).
    * ``body_sentences``: both of the above together, 2 points per article (their mean).
    * ``chrome_leak_rate`` (lower is better): gold ``not_body`` lines that equal a predicted
      paragraph after whitespace normalisation, out of all gold ``not_body`` lines.
    * ``paragraph_count_pm1``: one point when ``|len(paragraphs) - paragraph_count| <= 1``.
    """
    paragraphs = [norm_ws(p) for p in pred.paragraphs]
    body = "\n".join(squeeze(p) for p in paragraphs)
    first = squeeze(gold.body_first_sentence) in body  # no whitespace left: within one paragraph
    last = squeeze(gold.body_last_sentence) in body
    predicted_lines = set(paragraphs)
    leaked = sum(1 for line in gold.not_body if norm_ws(line) in predicted_lines)
    return {
        "body_first_sentence": hit(first),
        "body_last_sentence": hit(last),
        "body_sentences": Ratio(int(first) + int(last), 2),
        "chrome_leak_rate": Ratio(leaked, len(gold.not_body), empty=0.0),
        "paragraph_count_pm1": hit(abs(len(pred.paragraphs) - gold.paragraph_count) <= 1),
    }


def image_similarity(gold: GoldImage, pred: PredictedImage) -> float:
    """Best rapidfuzz ratio (0-100) between any gold and any predicted caption/alt text
    (case-folded, whitespace-normalised); a photo the gold knows only by its credit (no caption, no
    alt text) is matched by credit; 0 when either side has no text."""
    gold_texts = [norm_ci(t) for t in (gold.caption, gold.alt) if t and t.strip()]
    pred_texts = [norm_ci(t) for t in (pred.caption, pred.alt) if t and t.strip()]
    if not gold_texts and gold.credit and pred.credit:
        gold_texts, pred_texts = [norm_ci(gold.credit)], [norm_ci(pred.credit)]
    return max((fuzz.ratio(g, p) for g in gold_texts for p in pred_texts), default=0.0)


def score_images(gold: GoldArticle, pred: PredictedArticle) -> dict[str, Ratio]:
    """Images are matched one-to-one, greedily by :func:`image_similarity` >= ``IMAGE_MATCH_THRESHOLD``.

    * ``images_precision`` / ``images_recall``: matched pairs over predicted / gold images.
    * ``image_caption``, ``image_credit``, ``image_photographer``: over matched pairs, equal
      case-insensitively after whitespace normalisation; ``None == None`` is correct.
    * ``image_agency``: over matched pairs, :func:`same_agency` (aliases, ``AP`` = ``Associated Press``,
      ``via`` chains part by part); ``None == None`` is correct.
    """
    pairs = greedy_matching(gold.images, pred.images, image_similarity, IMAGE_MATCH_THRESHOLD)
    precision, recall, _ = prf(len(pairs), len(pred.images) - len(pairs), len(gold.images) - len(pairs))
    caption = credit = photographer = agency = Ratio(0, 0)
    for i, j in pairs:
        g, p = gold.images[i], pred.images[j]
        caption += hit(same_optional(g.caption, p.caption, case_insensitive=True))
        credit += hit(same_optional(g.credit, p.credit, case_insensitive=True))
        photographer += hit(same_optional(g.photographer, p.photographer, case_insensitive=True))
        agency += hit(same_agency(g.agency, p.agency))
    return {
        "images_precision": precision,
        "images_recall": recall,
        "image_caption": caption,
        "image_credit": credit,
        "image_photographer": photographer,
        "image_agency": agency,
    }


def _same_quote_text(gold: GoldQuote, pred: PredictedQuote) -> bool:
    return norm_quote(gold.text) == norm_quote(pred.text)


def _same_speaker(gold: GoldQuote, pred: PredictedQuote) -> bool:
    return same_name(gold.speaker, pred.speaker)


def score_quotes(gold: GoldArticle, pred: PredictedArticle) -> dict[str, Ratio]:
    """Quotes are matched one-to-one on :func:`norm_quote` text (whitespace and quote marks
    unified, enclosing marks and a trailing ``,`` ``.`` ``;`` ``:`` ignored, case-sensitive);
    a duplicate predicted quote is a false positive. Among gold quotes with the same text,
    a prediction goes preferably to the one with the same speaker.

    * ``quotes_precision`` / ``quotes_recall``: matched over predicted / gold quotes.
    * ``quote_speaker``: over matched quotes, :func:`same_name` (case-insensitive, leading
      ``the``/``a``/``an`` ignored, aliases and acronyms); ``None == None`` is correct.
    * ``quote_kind``: over matched quotes, ``full``/``partial`` equal (case-insensitive).
    """
    pairs = max_matching(gold.quotes, pred.quotes, _same_quote_text, prefer=_same_speaker)
    precision, recall, _ = prf(len(pairs), len(pred.quotes) - len(pairs), len(gold.quotes) - len(pairs))
    speaker = kind = Ratio(0, 0)
    for i, j in pairs:
        g, p = gold.quotes[i], pred.quotes[j]
        speaker += hit(same_name(g.speaker, p.speaker))
        kind += hit(norm_ci(g.kind) == norm_ci(p.kind))
    return {
        "quotes_precision": precision,
        "quotes_recall": recall,
        "quote_speaker": speaker,
        "quote_kind": kind,
    }


def predicted_entities(pred: PredictedArticle, entity_class: str) -> list[str]:
    """Predicted names of one class (see ``ENTITY_CLASSES``), deduplicated by :func:`name_key`
    (``U.S.`` and ``United States`` are one entity), in first-seen order."""
    seen: set[str] = set()
    names: list[str] = []
    for entity in pred.entities:
        if ENTITY_CLASSES.get(entity.label.upper()) != entity_class:
            continue
        key = name_key(entity.name)
        if key and key not in seen:
            seen.add(key)
            names.append(entity.name)
    return names


def score_entities(gold: GoldArticle, pred: PredictedArticle) -> dict[str, Ratio]:
    """``persons_*``, ``organizations_*``, ``places_*`` precision/recall/F1.

    PERSON -> persons, ORG -> organizations, GPE and LOC -> places; other labels are ignored.
    Predicted names are deduplicated by key, then matched one-to-one to the gold list with
    :func:`same_name`; two aliases that do not share a key (``EU`` and ``European Union``)
    both predicted leave one of them a false positive. Micro-averaged over the corpus.
    """
    scores: dict[str, Ratio] = {}
    gold_lists = {"persons": gold.persons, "organizations": gold.organizations, "places": gold.places}
    for entity_class, gold_names in gold_lists.items():
        names = predicted_entities(pred, entity_class)
        tp = len(max_matching(gold_names, names, same_name))
        precision, recall, f1 = prf(tp, len(names) - tp, len(gold_names) - tp)
        scores[f"{entity_class}_precision"] = precision
        scores[f"{entity_class}_recall"] = recall
        scores[f"{entity_class}_f1"] = f1
    return scores
