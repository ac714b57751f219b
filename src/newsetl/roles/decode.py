"""From per-line role probabilities to one role per line, with the page's structure enforced.

* each line takes its most probable role;
* a page has one headline (the most probable headline line; when no line is most probably the
  headline, the most probable one among the lines left as chrome, byline or crosshead) and at most
  one dek, after the
  headline and not a copy of it;
* a page has a body: when no line is confidently body, the lines most probably body are;
* a headline has at least ``limits.HEADLINE_MIN_WORDS`` words;
* only ``Image:`` lines are image alt texts, and an ``Image:`` line is an alt text or chrome;
* a grid of story thumbnails holds no photo; the story opens at its dateline; and the fallbacks
  below (byline, dek, the body's last statements).
"""

from __future__ import annotations

import re

from newsetl.parse import limits
from newsetl.parse.byline import story_dateline
from newsetl.parse.byline_block import block_names, dated_byline, header_names, is_bare_by
from newsetl.parse.chrome import is_body_end, is_chrome, is_comment_thread
from newsetl.parse.image_scan import thumbnail_runs
from newsetl.parse.images import IMAGE_PREFIX
from newsetl.parse.text import is_sentence_like, list_shape, word_count
from newsetl.roles import schema
from newsetl.roles.features import is_author_bio
from newsetl.roles.schema import BODY, BYLINE, CAPTION, CHROME, CROSSHEAD, DATE, DEK, HEADLINE, IMAGE_ALT

_SINGLE = (HEADLINE, DEK)
# Roles a line may give up to be the headline when no line is most probably the headline.
_HEADLINE_FALLBACK = (CHROME, BYLINE, CROSSHEAD)


# Body and crosshead boosters learn from every page (the others from fewer): they decide alone.
# Any other role needs this much confidence; a line no role claims is chrome.
_THRESHOLDS = {BODY: 0.5, CROSSHEAD: 0.5}
_OTHER_THRESHOLD = 0.2
# A page with no confident byline takes the header line most probably the byline, when a name can
# be read from it and the model gives it at least this much (news pages nearly always name someone).
BYLINE_FALLBACK_MIN = 0.01
# The header may run on to this many lines after the first body line.
HEADER_SLACK = 3
_BYLINE_FALLBACK_FROM = (CHROME, DATE)
# A comment thread ends the article only after this many body lines (count bars in the header do not).
COMMENTS_AFTER_BODY_LINES = 3
# A page with no confident dek takes the line right under the headline as its dek when the model
# gives it at least this much and leaves it as chrome (standfirsts of layouts it has not seen).
DEK_FALLBACK_MIN = 0.01
_DEK_MIN_WORDS = 4
# The body does not stop short of its last sentences: the lines right after the last body line
# (crossheads and known chrome passed over, as the features pass over them) that are plain
# statements (:func:`is_statement`) and that the model gives at least this much as body are body too
# (the end of a page pulls its last lines to chrome).
BODY_TAIL_MIN = 0.3
_CLOSERS = "\"”’')]"
# A closing statement may carry the outlet's or agency's sign-off: "... inner city. DM", "... said. PTI".
_SIGN_OFF = re.compile(r"(\.[\"”’')\]]*)\s+[A-Z]{2,4}$")
# ... and the lines after it that go on a list the body ends with (this many items of one shape).
LIST_ITEMS_SEEN = 2
# A story opens with its dateline ("NEW DELHI: ...", "LONDON (AP) — ..."): the few body lines above
# the first paragraph (of at least ``_DATELINE_MIN_WORDS`` words) that opens with one are a summary
# set above the story, not its start.
DATELINE_LEAD_MAX = 2
_DATELINE_MIN_WORDS = 15


def _ranked(probs: dict[str, float]) -> list[str]:
    ranked = sorted(probs, key=lambda role: (-probs[role], role))
    weak = [r for r in ranked if r != CHROME and probs[r] < _THRESHOLDS.get(r, _OTHER_THRESHOLD)]
    return [r for r in ranked if r not in weak] + weak


def _allowed(line: str, role: str) -> bool:
    if line.startswith(IMAGE_PREFIX):
        return role in (IMAGE_ALT, CHROME)
    if role == HEADLINE:
        return word_count(line) >= limits.HEADLINE_MIN_WORDS
    return role != IMAGE_ALT


def _byline_blocks(lines: list[str], roles: list[str]) -> None:
    """A bare "By" line followed by one name a line: those lines are the byline."""
    for i, line in enumerate(lines):
        if is_bare_by(line) and roles[i] != BODY:
            for j in block_names(lines, i):
                if roles[j] in (CHROME, BYLINE, CROSSHEAD):
                    roles[j] = BYLINE


def _bylines_amid_body(lines: list[str], roles: list[str]) -> None:
    """A bare name line amid the body (body lines on both sides, past the header) is a kicker or a
    widget's label ("Current Issue"), not the byline: only a "By" line signs the article there."""
    if BODY not in roles:
        return
    first, last = roles.index(BODY), len(roles) - 1 - roles[::-1].index(BODY)
    for i in range(first + HEADER_SLACK, last):
        if roles[i] == BYLINE and not (lines[i][:3].lower() == "by " or is_bare_by(lines[i])):
            roles[i] = CHROME


def _byline_fallback(lines: list[str], probabilities: list[dict[str, float]], roles: list[str]) -> None:
    """Without a byline, the likeliest header line (up to just after the first body line) that
    names someone; none when a date line already names the author ("by X Jul. 19, 2026")."""
    if BYLINE in roles or any(role == DATE and dated_byline(lines[i]) for i, role in enumerate(roles)):
        return
    first = roles.index(BODY) if BODY in roles else len(roles)
    end = min(first + HEADER_SLACK, len(roles))
    candidates = [
        i
        for i in range(end)
        if roles[i] in _BYLINE_FALLBACK_FROM
        and probabilities[i].get(BYLINE, 0.0) >= BYLINE_FALLBACK_MIN
        and word_count(lines[i]) <= limits.BYLINE_MAX_WORDS
        and header_names(lines[i])
    ]
    if candidates:
        best = max(candidates, key=lambda i: probabilities[i].get(BYLINE, 0.0))
        if roles[best] == CHROME:
            roles[best] = BYLINE


def _comment_threads(lines: list[str], roles: list[str]) -> None:
    """Readers' comments after the article are not its body: once a comment thread opens below
    the body, no later line is body."""
    seen = 0
    for i, line in enumerate(lines):
        if seen >= COMMENTS_AFTER_BODY_LINES and is_comment_thread(line):
            for j in range(i + 1, len(lines)):
                if roles[j] in (BODY, CROSSHEAD):
                    roles[j] = CHROME
            return
        seen += roles[i] == BODY


def _captions_under_photos(lines: list[str], probabilities: list[dict[str, float]], roles: list[str]) -> None:
    """A line right under an ``Image:`` line that the model takes for a crosshead but also, with
    some confidence, for a caption is the photo's caption (headings do not stand under photos)."""
    for i in range(1, len(lines)):
        if (
            roles[i] == CROSSHEAD
            and lines[i - 1].startswith(IMAGE_PREFIX)
            and probabilities[i].get(CAPTION, 0.0) >= _OTHER_THRESHOLD
        ):
            roles[i] = CAPTION


def _dek_fallback(lines: list[str], probabilities: list[dict[str, float]], roles: list[str]) -> None:
    if DEK in roles or HEADLINE not in roles:
        return
    top = roles.index(HEADLINE)
    below = top + 1
    if (
        below < len(lines)
        and (roles[below] == CHROME or _set_apart(roles, below))
        and word_count(lines[below]) >= _DEK_MIN_WORDS
        and probabilities[below].get(DEK, 0.0) >= DEK_FALLBACK_MIN
        and " ".join(lines[below].split()) != " ".join(lines[top].split())
    ):
        roles[below] = DEK


def _story_opens_at_dateline(lines: list[str], roles: list[str]) -> None:
    """Body lines above the first paragraph that opens with a sure dateline (among the first
    ``DATELINE_LEAD_MAX + 1`` body lines) become the dek, when the page has none and the line reads
    as a sentence, not under a photo; else chrome."""
    body = [i for i, role in enumerate(roles) if role == BODY][: DATELINE_LEAD_MAX + 1]
    opens = next(
        (
            k
            for k, i in enumerate(body)
            if k and word_count(lines[i]) >= _DATELINE_MIN_WORDS and story_dateline(lines[i])
        ),
        None,
    )
    top = roles.index(HEADLINE) if HEADLINE in roles else len(roles)
    for i in body[: opens or 0]:
        summary = DEK not in roles and i > top and is_sentence_like(lines[i]) and not _under_photo(lines, i)
        roles[i] = DEK if summary else CHROME


def _thumbnails(lines: list[str], roles: list[str]) -> None:
    """A grid of story thumbnails (photo-and-title pairs back to back) holds no article photo."""
    for i in thumbnail_runs(lines):
        if roles[i] in schema.PHOTO_ROLES:
            roles[i] = CHROME


def _under_photo(lines: list[str], i: int) -> bool:
    return i > 0 and lines[i - 1].startswith(IMAGE_PREFIX)


def is_statement(line: str) -> bool:
    """Running text that ends on a full stop (not a question or call to the reader), with no address
    or handle in it, no known chrome and no author's bio (a sign-off after the full stop aside)."""
    line = _SIGN_OFF.sub(r"\1", line)
    return (
        is_sentence_like(line)
        and line.rstrip(_CLOSERS).endswith(".")
        and "@" not in line
        and "://" not in line
        and not is_chrome(line)
        and not is_body_end(line)
        and not is_author_bio(line)
    )


def _body_tail(lines: list[str], probabilities: list[dict[str, float]], roles: list[str]) -> None:
    if BODY not in roles:
        return
    i = len(roles) - roles[::-1].index(BODY)
    while i < len(lines):
        if is_comment_thread(lines[i]):
            return  # readers' comments follow
        if roles[i] == CROSSHEAD or (roles[i] == CHROME and is_chrome(lines[i])):
            i += 1  # a crosshead, or known chrome that the features pass over too (an ad line)
            continue
        if roles[i] == CHROME and _list_goes_on(lines, roles, i):
            roles[i] = BODY
            i += 1
            continue
        if (
            roles[i] != CHROME
            or probabilities[i].get(BODY, 0.0) < BODY_TAIL_MIN
            or not is_statement(lines[i])
        ):
            return
        roles[i] = BODY
        i += 1


def _list_goes_on(lines: list[str], roles: list[str], i: int) -> bool:
    """The line has the shape of the body lines right above it (:func:`list_shape`): the rest of a
    list the body ends with."""
    if i < LIST_ITEMS_SEEN or lines[i].startswith(IMAGE_PREFIX) or is_chrome(lines[i]):
        return False
    shape = list_shape(lines[i])
    above = range(i - LIST_ITEMS_SEEN, i)
    return bool(shape) and all(roles[j] == BODY and list_shape(lines[j]) == shape for j in above)


def _set_apart(roles: list[str], i: int) -> bool:
    """The first body line, set apart from the body that follows by a photo or header block: a
    standfirst, not the first paragraph."""
    return (
        roles[i] == BODY
        and BODY not in roles[:i]
        and i + 1 < len(roles)
        and roles[i + 1] not in (BODY, CROSSHEAD)
        and BODY in roles[i + 1 :]
    )


def decode_roles(lines: list[str], probabilities: list[dict[str, float]]) -> list[str]:
    """One role per line."""
    choices = [
        [r for r in _ranked(p) if _allowed(line, r)] for line, p in zip(lines, probabilities, strict=True)
    ]
    roles = [c[0] if c else CHROME for c in choices]
    if BODY not in roles:  # a page has a body: without a confident line, take the likeliest ones
        for i, p in enumerate(probabilities):
            if _allowed(lines[i], BODY) and p.get(BODY, 0.0) >= max(p.values()) and p.get(BODY, 0.0) > 0:
                roles[i] = BODY
    for single in _SINGLE:
        holders = [i for i, role in enumerate(roles) if role == single]
        if single == HEADLINE and not holders and lines:
            best = max(
                (i for i in range(len(lines)) if _allowed(lines[i], HEADLINE) and roles[i] == CHROME),
                key=lambda i: probabilities[i].get(HEADLINE, 0.0),
                default=None,
            )
            if best is not None:
                roles[best] = HEADLINE
            continue
        if single == DEK and HEADLINE in roles:  # the dek stands under the headline, in other words
            top = roles.index(HEADLINE)
            valid = [
                i for i in holders if i > top and " ".join(lines[i].split()) != " ".join(lines[top].split())
            ]
        else:
            valid = holders
        keep = max(valid, key=lambda i: probabilities[i].get(single, 0.0), default=None)
        for i in holders:
            if i != keep:
                roles[i] = next((r for r in choices[i] if r not in _SINGLE), CHROME)
    _comment_threads(lines, roles)
    _captions_under_photos(lines, probabilities, roles)
    _thumbnails(lines, roles)
    _story_opens_at_dateline(lines, roles)
    _body_tail(lines, probabilities, roles)
    _byline_blocks(lines, roles)
    _bylines_amid_body(lines, roles)
    _byline_fallback(lines, probabilities, roles)
    _dek_fallback(lines, probabilities, roles)
    return roles
