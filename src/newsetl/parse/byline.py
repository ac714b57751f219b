"""The byline block: authors, the date line, and the dateline (place the story is filed from)."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Final

import dateparser

from newsetl.parse import limits
from newsetl.parse.credits import AGENCIES, normalize_agency
from newsetl.parse.text import ends_like_sentence, natural_case, word_count

# Agencies that write bylines, printed as the gold expects them (``By AP`` -> Associated Press).
BYLINE_AGENCIES: Final[dict[str, str]] = {
    "AP": "Associated Press",
    "Reuters": "Reuters",
    "AFP": "AFP",
    "PA": "PA Media",
    "Bloomberg": "Bloomberg",
    "Xinhua": "Xinhua",
    "Jiji": "Jiji Press",
    "Kyodo": "Kyodo",
}
# Capitalised words that make a short line navigation, never a person's name.
NOT_NAME_WORDS: Final[frozenset[str]] = frozenset(
    {
        "News",
        "Sharing",
        "Share",
        "Comments",
        "Comment",
        "Print",
        "Email",
        "Emails",
        "Video",
        "Live",
        "Follow",
        "Sign",
        "Subscribe",
        "Trending",
        "Opinion",
        "Politics",
        "World",
        "Advertisement",
        "Related",
        "Read",
        "More",
        "Breaking",
        "Latest",
        "Sport",
        "Sports",
        "Business",
        "Home",
        "Top",
        "Stories",
        "Story",
        "Editor",
        "Reporter",
        "Correspondent",
        "Updated",
        "Published",
        "Posted",
        "Photo",
        "Photos",
        "Image",
        "Images",
        "Watch",
        "Listen",
        "Menu",
        "Search",
        "Elections",
        "Election",
        "Premium",
        "Press",
        "Media",
        "Daily",
        "Times",
        "Post",
        "The",
        "Digital",
        "Staff",
        "Agencies",
    }
)
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Patterns that find a date inside a date line; dateparser reads what they matched.
DATE_PATTERNS: Final[tuple[str, ...]] = (
    rf"{MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}",
    rf"\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\.?,?\s+\d{{4}}",
    r"\d{4}-\d{2}-\d{2}",
    r"\d{1,2}/\d{1,2}/\d{4}",
)
_DATES = tuple(re.compile(p) for p in DATE_PATTERNS)
# Reading the article's date, month names count in any case too ("11:58, 23 APR 2024"). The
# line-role features keep the case-sensitive patterns the packaged model was trained on (a change
# there is a retrain, which the dev-gold gate must accept).
_DATES_ANY_CASE = tuple(re.compile(p, re.IGNORECASE) for p in DATE_PATTERNS)
_DATE_WORDS = re.compile(r"^(Published|Updated|Posted|Last updated)\b", re.IGNORECASE)
_AGENCY_ALT = "|".join(AGENCIES.values())
_BY = re.compile(
    r"^(?:(?:Analysis|Opinion|Commentary|Story|Written|Words|Text|Reported|Report)\s+)?(?:By|BY|by)\s+(?P<rest>.+)$"
)
# Job titles after a name in a byline ("Amy Gibbons Political Correspondent", "X, diplomatic editor").
ROLE_WORDS: Final[tuple[str, ...]] = (
    "reporter",
    "correspondent",
    "editor",
    "writer",
    "journalist",
    "columnist",
    "contributor",
    "producer",
    "anchor",
    "host",
    "analyst",
    "critic",
    "photographer",
    "staff",
    "editor-at-large",
    "journalist",
)
_ROLE = re.compile(rf"\b(?:{'|'.join(ROLE_WORDS)})\b", re.IGNORECASE)
_NAME_THEN_ROLE = re.compile(
    r"^(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,2}?)(?:,\s*|\s+)(?P<role>(?:[\w-]+\s+){0,3}[\w-]+)$"
)
_SEPARATORS = re.compile(r"\s+[·|/•]\s+|\s+-\s+")
_NAME_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s+AND\s+|\s*&\s*|\s+with\s+")
_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|da|del|la|le|bin|al|el)){1,3}")
_GLUED_CASE = re.compile(r"[a-z][A-Z]")
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|De|Di|Da|La|Le|Van|Von)(?=[A-Z])")
_AGENCY_IN_CITY = re.compile(
    rf"^(?:By\s+)?(?P<agency>(?i:{_AGENCY_ALT}))(?:\s+in\s+|,\s*)(?P<city>[A-Z][\w .'’-]+?),?$"
)
_TRAILING_AGENCY = re.compile(rf"\s+(?:The\s+)?(?:{_AGENCY_ALT})$")
_AGENCY_ONLY = re.compile(rf"^(?:By\s+)?(?P<agency>{_AGENCY_ALT})$", re.IGNORECASE)
# Opening of a wire story: "LONDON (AP) —", "KATHMANDU, April 25 (Reuters) -", "NEW DELHI:".
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’/-]+(?:\s+[A-Z][A-Z.'’/-]+)*)"
    r"(?:,\s*(?P<region>[A-Z][\w.'’ ]{0,25}?))?\s*(?P<tag>\([^)]{1,30}\))?\s*(?P<sep>—|–|--|-|:)(?:\s|$)"
)
# "LONDON, Nov 18 (Reuters) -": what follows the comma is a date, not part of the place.
_DATE_AFTER_CITY = re.compile(
    r"\d|^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$|^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Byline:
    """What one byline line says."""

    authors: tuple[str, ...] = ()
    agency: str | None = None
    publisher: str | None = None
    city: str | None = None


# Formats tried with strptime before dateparser (the common shapes, much faster).
_FAST_FORMATS: Final[tuple[str, ...]] = (
    "%B %d %Y",
    "%b %d %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%Y-%m-%d",
    "%d/%m/%Y",
)
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b")


def _read_date(printed: str) -> dt.date | None:
    text = " ".join(_ORDINAL.sub("", printed.replace(".", "").replace(",", " ")).split())
    for fmt in _FAST_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    parsed = dateparser.parse(
        printed.replace(".", ""),
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"},
    )
    return parsed.date() if parsed is not None else None


@functools.lru_cache(maxsize=16384)
def find_date(line: str, any_case: bool = False) -> dt.date | None:
    """The date printed in a line (strptime for common shapes, else dateparser); None if none.
    ``any_case`` also reads month names in capitals or lower case."""
    for pattern in _DATES_ANY_CASE if any_case else _DATES:
        match = pattern.search(line)
        if match and (found := _read_date(match.group(0))) is not None:
            return found
    return None


def is_date_line(line: str, any_case: bool = False) -> bool:
    """A short header line carrying the publication date ("Nov. 20, 2019 6:02 AM EST")."""
    if word_count(line) > limits.DATE_LINE_MAX_WORDS or (ends_like_sentence(line) and not line[-1].isdigit()):
        return False
    return find_date(line, any_case) is not None or bool(_DATE_WORDS.match(line))


def _is_glued(word: str) -> bool:
    """'Jervis-BardyThe': two words run together (but not McDonald, DeSantis, O'Neil)."""
    return any(_GLUED_CASE.search(_NAME_PREFIX.sub("", part)) for part in re.split(r"[-'’]", word))


def is_name(text: str) -> bool:
    text = text.strip()
    if not _NAME.fullmatch(text) or re.search(rf"\b(?:{_AGENCY_ALT})\b", text):
        return False
    if any(_is_glued(word) for word in text.split()) or _ROLE.search(text):
        return False
    return not any(w.strip(".") in NOT_NAME_WORDS for w in text.split())


def _names(text: str) -> tuple[str, ...]:
    names = (natural_case(part.strip(" .")) for part in _NAME_SPLIT.split(text) if part.strip())
    return tuple(name for name in names if is_name(name))


def _agency_name(printed: str) -> str:
    canonical = normalize_agency(printed)
    return BYLINE_AGENCIES.get(canonical, canonical)


def parse_byline(line: str) -> Byline | None:
    """Read a byline line; None when the line is not one.

    Handles ``By X and Y``, ``By X | Publisher``, ``X · Publisher · Posted: date``,
    ``X / PUBLISHER / date``, agency bylines (``By Associated Press``, ``Associated Press in
    Valencia``, ``Reuters, Washington,``).
    """
    if word_count(line) > limits.BYLINE_MAX_WORDS:
        return None
    if match := _AGENCY_IN_CITY.match(line):
        return Byline(agency=_agency_name(match.group("agency")), city=match.group("city").strip())
    if match := _AGENCY_ONLY.match(line):
        return Byline(agency=_agency_name(match.group("agency")))
    segments = [s.strip() for s in _SEPARATORS.split(line) if s.strip()]
    by = _BY.match(segments[0]) if segments else None
    if by:
        names = _names(_TRAILING_AGENCY.sub("", by.group("rest")))
        publisher = segments[1] if len(segments) > 1 else None
        if not names:
            agency_match = _AGENCY_ONLY.match(by.group("rest"))
            return Byline(agency=_agency_name(agency_match.group("agency")) if agency_match else None)
        return Byline(authors=names, publisher=publisher)
    if len(segments) > 1 and (names := _names(segments[0])) and not ends_like_sentence(line):
        return Byline(authors=names, publisher=segments[1])
    with_role = _NAME_THEN_ROLE.match(segments[0]) if segments else None
    if with_role and _ROLE.search(with_role.group("role")) and is_name(with_role.group("name")):
        return Byline(authors=(natural_case(with_role.group("name")),))
    return None


def is_name_line(line: str) -> bool:
    """A line that is only a person's name (a byline without ``By``)."""
    return is_name(line) and word_count(line) <= 4


def is_role_line(line: str) -> bool:
    """A job title standing alone under a name ("Journalist", "News reporter @handle")."""
    return word_count(line) <= 4 and bool(_ROLE.search(line)) and not is_name(line)


# A footnote or affiliation mark glued to the end of a name ("Rachel Brazil0", "Ana Ruiz1,2", "Li Wei*").
_NOTE_MARK = re.compile(r"(?<=[a-z])(?:\d+(?:,\d+)*|[*†‡]+)$")


def names_line(line: str) -> tuple[str, ...]:
    """Authors of a bare byline of names and agencies ("Adam Vidler and AP"); () if it is not one."""
    parts = [_NOTE_MARK.sub("", p).strip(" .") for p in _NAME_SPLIT.split(line) if p.strip(" .")]
    if not parts or word_count(line) > limits.BYLINE_MAX_WORDS:
        return ()
    authors: list[str] = []
    for part in parts:
        if is_name(part) and word_count(part) <= 4:
            authors.append(natural_case(part))
        elif _AGENCY_ONLY.match(part):
            authors.append(_agency_name(part))
        else:
            return ()
    return tuple(authors) if any(is_name(a) for a in authors) else ()


def opening_dateline(paragraph: str) -> str | None:
    """The place of a dateline opening the body, as written, without the wire tag ("LONDON (AP) —
    ..." -> "LONDON", "LA CROSSE, Wis. (AP) — ..." -> "LA CROSSE, Wis.", "LONDON, Nov 18 (Reuters) -
    ..." -> "LONDON")."""
    match = _DATELINE.match(paragraph)
    return _place(match) if match else None


def _place(match: re.Match[str]) -> str | None:
    city = match.group("city").strip()
    if sum(c.isalpha() for c in city) < 3:
        return None
    region = (match.group("region") or "").strip()
    return f"{city}, {region}" if region and not _DATE_AFTER_CITY.search(region) else city


def story_dateline(paragraph: str) -> bool:
    """A dateline that surely opens a story: with a wire tag or a dash ("LONDON (AP) — ...",
    "BERLIN -- ..."), or a colon after a place the gazetteers know ("NEW DELHI: ...", not
    "DEAR ABBY: ..." or "UPDATE: ...")."""
    match = _DATELINE.match(paragraph)
    if not match or _place(match) is None:
        return False
    if match.group("tag") or match.group("sep") != ":":
        return True
    from newsetl.extract.gazetteer import place  # loaded only when a colon needs it

    return place(match.group("city")).any


# Words that end the name part of a byline already known to be one ("Deputy Editor", "Follow").
_TITLE_WORDS: Final[frozenset[str]] = frozenset(
    {
        "deputy",
        "senior",
        "chief",
        "head",
        "director",
        "lead",
        "associate",
        "executive",
        "managing",
        "contributing",
    }
)
_BYLINE_STOP = re.compile(r"\s*(?:[|•·]|\s[-–—]\s|\b(?:published|updated|posted)\b)", re.IGNORECASE)


def _name_words(text: str) -> list[str]:
    """Leading name words of ``text``, stopping at a glued word ("FosterTravel"), a title or a label."""
    words: list[str] = []
    for word in text.split():
        bare = _NOTE_MARK.sub("", word.strip(",.;:"))
        if not bare[:1].isupper() and bare.lower() not in (
            "de",
            "van",
            "von",
            "da",
            "del",
            "la",
            "le",
            "bin",
            "al",
        ):
            break
        if bare in NOT_NAME_WORDS or bare.lower() in _TITLE_WORDS or _ROLE.fullmatch(bare):
            break
        glued = _GLUED_CASE.search(_NAME_PREFIX.sub("", bare))
        if glued:
            words.append(bare[: glued.start() + 1 + (len(bare) - len(_NAME_PREFIX.sub("", bare)))])
            break
        words.append(bare)
        if word.endswith((",", ";")):
            break
    return words


def byline_names(line: str) -> tuple[str, ...]:
    """Names of a line known to be a byline that :func:`parse_byline` cannot read.

    Lenient: ``By Victoria Name Follow``, ``Sophie FosterTravel News Reporter``, ``By X published
    19 May 2026``, ``By X 30 August 2023 • 4:45pm`` give the name before the noise.
    """
    by = _BY.match(line.strip())
    text = by.group("rest") if by else line.strip()
    for pattern in _DATES:
        if match := pattern.search(text):
            text = text[: match.start()]
    text = _BYLINE_STOP.split(text, maxsplit=1)[0]
    names: list[str] = []
    for part in _NAME_SPLIT.split(text):
        words = _name_words(part.strip())
        candidate = natural_case(" ".join(words))
        if 2 <= len(words) <= 4 and is_name(candidate):
            names.append(candidate)
    return tuple(names)
