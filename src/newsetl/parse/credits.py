"""Photo credits: split a caption from its credit, and a credit into photographer and agency.

Credits come glued to captions in many shapes (``...in Moscow, Russia.Ivan Sekretarev / AP file``,
``... Photograph: Eva Manez/Reuters``, ``... (ITV via AP)``, ``... [File: Reuters]``) or alone on a
line (``ITV, ASSOCIATED PRESS``, ``Image copyright EPA``). The vocabularies are data below.
"""

from __future__ import annotations

import re
from typing import Final

from newsetl.parse import limits
from newsetl.parse.text import word_count

# Label words that introduce a credit; they are not part of it.
CREDIT_LABELS: Final[tuple[str, ...]] = (
    "Image copyright",
    "Image credit:",
    "Photograph:",
    "Photographs:",
    "Photo:",
    "Photos:",
    "Picture:",
    "Pictures:",
    "Picture by",
    "Pictures by",
    "Credit:",
    "Credits:",
    "Copyright",
    "©",
)

# Agencies and picture desks: canonical name -> printed variants (regex alternatives).
AGENCIES: Final[dict[str, str]] = {
    "AP": r"(?:The )?Associated Press|ASSOCIATED PRESS|AP Photo|AP Images|AP",
    "Reuters": r"Thomson Reuters|REUTERS|Reuters",
    "AFP": r"Agence France-Presse|AFP",
    "Getty Images": r"Getty Images|GETTY IMAGES|Getty",
    "EPA": r"EPA-EFE|EPA",
    "PA": r"PA Media|PA Wire|PA",
    "Bloomberg": r"Bloomberg",
    "Shutterstock": r"Shutterstock|REX/Shutterstock",
    "Alamy": r"Alamy",
    "Xinhua": r"Xinhua",
    "ANI": r"ANI",
    "PTI": r"PTI",
    "Jiji": r"Jiji Press|Jiji",
    "Kyodo": r"Kyodo",
    "AAP": r"AAP",
}

# Words that mark an organisation, never a person's name.
ORG_WORDS: Final[frozenset[str]] = frozenset(
    {
        "Images",
        "Image",
        "Press",
        "News",
        "Photo",
        "Photos",
        "Court",
        "Agency",
        "Pictures",
        "Media",
        "Service",
        "Department",
        "Office",
        "Ministry",
        "Police",
        "Government",
        "Handout",
        "Pool",
        "Wire",
        "Archive",
        "Archives",
        "Collection",
        "Library",
        "Museum",
        "Studio",
        "Studios",
        "TV",
        "Television",
        "Network",
        "Group",
        "Inc",
        "Ltd",
        "University",
        "Council",
        "Army",
        "Forces",
    }
)

# Usage notices that are neither caption nor credit.
USAGE_NOTICE = re.compile(
    r"\s*\b(THIS IMAGE HAS BEEN SUPPLIED BY A THIRD PARTY|MANDATORY CREDIT|NO RESALES"
    r"|NO ARCHIVES|EDITORIAL USE ONLY)\b.*$"
)
# Widgets and screen-reader labels around captions.
CAPTION_WIDGETS = re.compile(
    r"^(?:Image caption\s*|Image:\s*|\[\d+/\d+\]\s*)|\s*(?:Purchase Licensing Rights"
    r"(?:, opens new tab)?|View image in fullscreen)\s*$"
)

_AGENCY_ALT = "|".join(AGENCIES.values())
_AGENCY_RE = re.compile(rf"\b(?:{_AGENCY_ALT})\b")
_LABEL_ALT = "|".join(re.escape(label) for label in CREDIT_LABELS)
_LABEL_IN_TEXT = re.compile(rf"(?:^|(?<=[.!?”\"])|\s[-–—|]?\s*)(?:{_LABEL_ALT})\s*:?\s*(?P<credit>\S.*)$")
_BRACKET_TAIL = re.compile(r"^(?P<caption>.*?)\s*[(\[](?P<credit>[^()\[\]]{2,80})[)\]]$")
_NAME_TOKEN = r"[A-Z@][\w'’@.-]*"
_SLASH_CREDIT = re.compile(rf"(?:{_NAME_TOKEN}\s?){{1,5}}\s?/\s?(?:via\s)?[\w&'’., -]{{1,40}}")
_AGENCY_CREDIT = re.compile(rf"(?:{_NAME_TOKEN}\s){{0,3}}(?:{_AGENCY_ALT})(?:\s(?:file|File|photo|Photo))*")
_SENTENCE_BREAK = re.compile(r"[.!?”\"]\s?(?=[A-Z@])")
_CONNECTORS = frozenset({"via", "of", "the", "and", "for", "de", "file", "photo", "&", "-"})
_FILE_PREFIX = re.compile(r"^(?:File|FILE)\s*[:-]\s*")
_TRAILING_WORDS = re.compile(r"[\s,]+(?:file photo|file|File|FILE|photo|Photo)$")


def clean_caption_text(text: str) -> str:
    """Drop screen-reader labels, widgets and usage notices around a caption."""
    text = USAGE_NOTICE.sub("", text).strip()
    previous = None
    while previous != text:
        previous = text
        text = CAPTION_WIDGETS.sub("", text).strip()
    return text


def mentions_agency(text: str) -> bool:
    return bool(_AGENCY_RE.search(text))


def _bracket_is_credit(inner: str) -> bool:
    inner = inner.strip()
    if word_count(inner) > limits.CREDIT_MAX_WORDS or not inner:
        return False
    if "/" in inner or " via " in f" {inner} " or mentions_agency(inner) or _FILE_PREFIX.match(inner):
        return True
    words = [w.strip(",;.") for w in inner.split()]
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _CONNECTORS for w in words if w)


def _tail_is_credit(tail: str) -> bool:
    if word_count(tail) > limits.CREDIT_MAX_WORDS:
        return False
    return bool(_SLASH_CREDIT.fullmatch(tail) or _AGENCY_CREDIT.fullmatch(tail))


def _strip_label(credit: str) -> str:
    label = _LABEL_IN_TEXT.match(credit)
    return label.group("credit").strip() if label and label.start() == 0 else credit.strip()


def _loose_tail(text: str) -> tuple[str, str] | None:
    """``... in Washington DC Stefan Rousseau/via Reuters``: a ``Name/Agency`` tail after a space.

    The name before the slash is taken as two words, or three when the first is an initial.
    """
    match = re.search(r"(?:^|\s)(?P<pre>[^\s/]+)\s*/\s*(?P<post>[^/]+)$", text)
    if not match or word_count(match.group("post")) > limits.CREDIT_MAX_WORDS // 2:
        return None
    words = text[: match.start("pre")].split()
    take = 1
    if words and words[-1][:1].isupper():
        take = 2
        if len(words) >= 2 and re.fullmatch(r"[A-Z]\.?", words[-1]) and words[-2][:1].isupper():
            take = 3
    take = min(take, len(words) + 1)
    head = words[: len(words) - (take - 1)]
    credit = " ".join([*words[len(head) :], text[match.start("pre") :].strip()])
    if not head or (not credit[:1].isupper() and not credit.startswith("@")):
        return None
    return " ".join(head).rstrip(" -–—|"), credit


def split_caption_credit(text: str, loose: bool = False) -> tuple[str | None, str | None]:
    """Split ``caption + credit`` into its parts; either may be None.

    Tried in order: a trailing bracket (``(ITV via AP)``, ``(Photo: X/PA Wire)``), a credit label
    (``Photograph:``), a credit glued after the last sentence (``Russia.Ivan Sekretarev / AP file``),
    and with ``loose`` (for lines known to be captions) a ``Name/Agency`` tail after a space.
    """
    text = clean_caption_text(text)
    if not text:
        return None, None
    bracket = _BRACKET_TAIL.match(text)
    if bracket and _bracket_is_credit(_strip_label(bracket.group("credit"))):
        return bracket.group("caption").strip() or None, _strip_label(bracket.group("credit"))
    label = _LABEL_IN_TEXT.search(text)
    if label:
        caption = text[: label.start()].rstrip(" -–—|")
        return caption or None, label.group("credit").strip().strip("()[]") or None
    for match in _SENTENCE_BREAK.finditer(text):
        tail = text[match.end() :].strip()
        if _tail_is_credit(tail):
            return text[: match.start() + 1].strip(), tail
    if loose and (parts := _loose_tail(text)):
        return parts
    return text, None


def credit_only(line: str) -> str | None:
    """The credit when the whole line is one (``ITV, ASSOCIATED PRESS``, ``Image copyright EPA``)."""
    text = clean_caption_text(line)
    if not text or word_count(text) > limits.CREDIT_MAX_WORDS:
        return None
    label = _LABEL_IN_TEXT.match(text)
    if label and label.start() == 0:
        return label.group("credit").strip()
    if text.endswith((".", "!", "?")):
        return None
    if "/" in text and _SLASH_CREDIT.fullmatch(text):
        return text
    stripped = re.sub(rf"\b(?:{_AGENCY_ALT})\b", "", text)
    if mentions_agency(text) and not re.search(r"[a-z]{3,}", stripped.replace("via", "")):
        return text
    return None


def normalize_agency(name: str) -> str:
    """``Associated Press`` / ``AP Photo`` -> ``AP``, ``REUTERS`` -> ``Reuters``; via chains kept."""
    if " via " in f" {name} ":
        parts = [p for p in re.split(r"\s*\bvia\b\s*", name) if p.strip()]
        return " via ".join(normalize_agency(p) for p in parts)
    name = _TRAILING_WORDS.sub("", _FILE_PREFIX.sub("", name.strip())).strip(" ,;")
    for canonical, variants in AGENCIES.items():
        if re.fullmatch(rf"(?:{variants})(?:\s(?:file|File))?", name, re.IGNORECASE):
            return canonical
    return name


def is_person(text: str) -> bool:
    """A photographer's name: 2-4 capitalised words (not an organisation), or a social handle."""
    text = text.strip()
    if text.startswith("@"):
        return True
    words = text.split()
    if not 2 <= len(words) <= 4 or mentions_agency(text) or "," in text:
        return False
    for word in words:
        if word in ORG_WORDS or (word.isupper() and len(word) > 2):
            return False
        if not (word[:1].isupper() or word.lower() in {"de", "van", "von", "da", "del", "el", "al", "bin"}):
            return False
    return True


def split_credit(credit: str) -> tuple[str | None, str | None]:
    """Photographer and agency of a credit: ``Ivan Sekretarev / AP file`` -> (Ivan Sekretarev, AP)."""
    body = _FILE_PREFIX.sub("", credit.strip())
    parts = [_TRAILING_WORDS.sub("", p).strip() for p in re.split(r"\s*/\s*", body) if p.strip()]
    photographer = next((p for p in parts if is_person(p)), None)
    rest = [p for p in parts if p != photographer]
    agencies = [normalize_agency(re.sub(r"^via\s+", "", p)) for p in rest]
    agency = "/".join(a for a in agencies if a) or None
    return photographer, agency
