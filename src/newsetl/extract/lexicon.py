"""Word lists the extractors share, kept once, as data."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    """A word list written as text, one or more words a line."""
    return tuple(text.split())


# Speech and reporting verbs in every inflection we accept (no lemmatizer needed).
_SPEECH_LEMMAS = _words("""
    say tell add state claim insist argue explain warn write tweet post note declare announce
    ask reply respond answer recall suggest acknowledge admit allege assert comment concede
    confirm contend deny describe urge predict promise remark report reiterate repeat stress
    testify vow boast caution complain call dub brand label term accuse criticise criticize
    praise charge emphasise emphasize observe point quip shout yell scream whisper continue
    conclude characterize characterise demand rule decry welcome hail mention maintain lament
    joke read tout pledge define
    """)
_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "written", "writing"),
    "read": ("reads", "reading"),
}


def _inflect(lemma: str) -> tuple[str, ...]:
    if lemma in _IRREGULAR:
        return (lemma, *_IRREGULAR[lemma])
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("sh", "ch", "ss", "x")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    if lemma in ("admit", "quip"):
        return (lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


SPEECH_VERBS: frozenset[str] = frozenset(form for lemma in _SPEECH_LEMMAS for form in _inflect(lemma))

# Nouns that carry speech: "in a statement", "his comments", "a spokesperson".
SPEECH_NOUNS: frozenset[str] = frozenset(
    _words("""
    statement statements comments remarks interview post tweet letter message speech briefing
    address announcement report words
    """)
)

# Titles and honorifics stripped from the front of person names.
TITLES: frozenset[str] = frozenset(
    _words("""
    mr mrs ms miss dr prof professor sir dame lord lady president president-elect vice prime
    minister pm senator sen rep representative gov governor mayor judge justice gen general col
    colonel lt capt captain sgt sergeant adm admiral chancellor secretary king queen prince
    princess pope rev reverend sheikh chief commissioner ambassador spokesman spokeswoman
    spokesperson former late mp officer inspector detective special counsel deputy attorney
    director chairman chairwoman chair leader speaker russian american british foreign defence
    defense national security adviser advisor premier emir field marshal maj major coach manager
    rear advocate rabbi imam bishop cardinal father datuk dato seri sri tan brig brigadier
    major-gen major-general lt-gen lieutenant
    """)
)

PERSON_PRONOUNS: frozenset[str] = frozenset({"he", "she", "him", "her", "his", "hers"})
GROUP_PRONOUNS: frozenset[str] = frozenset({"they", "it", "we", "its", "their"})
RELATIVE_PRONOUNS: frozenset[str] = frozenset({"which", "who", "that"})

# Head words of institution names that often continue with "of/for/on the ..." ("Office for the
# Western District of New York"); an ORG span ending in one is extended over that tail.
ORG_HEADS: frozenset[str] = frozenset(
    _words("""
    committee office authority department ministry council institute commission agency court
    university bureau service board association federation union foundation centre center party
    organisation organization
    """)
)
ORG_TAIL_WORDS: frozenset[str] = frozenset({"of", "the", "and", "on", "for", "between", "&"})

# Nouns naming people: an unnamed source keeps its description ("a judge", "some analysts").
PEOPLE_NOUNS: frozenset[str] = frozenset(
    _words("""
    source sources official officials judge analyst analysts expert experts prosecutor
    prosecutors spokesman spokeswoman spokesperson witness witnesses resident residents people
    person man woman critics critic observers investigators lawyer lawyers police diplomat
    diplomats insider insiders aide aides member members supporters protesters activists doctors
    researchers scientists
    """)
)

# spaCy labels kept as entities; the rest (dates, numbers, money ...) are not entities of a story.
ENTITY_LABELS: frozenset[str] = frozenset(
    _words("""
    PERSON ORG GPE LOC NORP FAC EVENT PRODUCT WORK_OF_ART LAW
    """)
)

# Country forms pycountry does not know as such.
COUNTRY_ALIASES: dict[str, str] = {
    "us": "United States",
    "usa": "United States",
    "america": "United States",
    "united states of america": "United States",
    "the united states": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "the united kingdom": "United Kingdom",
    "gb": "United Kingdom",
    "uae": "United Arab Emirates",
    "the united arab emirates": "United Arab Emirates",
    "russian federation": "Russia",
    "south korea": "South Korea",
    "north korea": "North Korea",
}

# Wire services whose dateline tag "(AP)" is not a mention.
WIRE_TAGS: frozenset[str] = frozenset({"ap", "reuters", "afp", "upi", "ians", "pti", "ani", "dpa"})

# Other place forms with one canonical name.
PLACE_ALIASES: dict[str, str] = {"gaza": "Gaza Strip"}

# AP-style US state abbreviations ("Wis.", "D-Minn.") -> postal code; names come from pycountry.
AP_STATES: dict[str, str] = dict(
    pair.split("=")
    for pair in _words("""
    ala=AL ariz=AZ ark=AR calif=CA colo=CO conn=CT del=DE fla=FL ga=GA ill=IL ind=IN kan=KS
    ky=KY la=LA md=MD mass=MA mich=MI minn=MN miss=MS mo=MO mont=MT neb=NE nev=NV nh=NH nj=NJ
    nm=NM ny=NY nc=NC nd=ND okla=OK ore=OR pa=PA ri=RI sc=SC sd=SD tenn=TN vt=VT va=VA
    wash=WA wva=WV wis=WI wyo=WY
    """)
)

# Nouns that make the name before them a place: "Logar province", "Pangram area".
PLACE_NOUNS: frozenset[str] = frozenset(
    _words("province district area region county city village town state valley governorate")
)

# Words that introduce text written on an object, a chant, or a name or title rather than speech
# ("a sign saying", "banners reading", "chants of", "the book", "Operation ..."): such text is a
# quote only when the article says who used the words.
OBJECT_WORDS: frozenset[str] = frozenset(
    _words("""
    sign signs placard placards banner banners plaque plaques poster posters slogan slogans graffiti
    t-shirt t-shirts shirt shirts cap caps badge badges mural inscription inscribed engraved chant
    chants chanted chanting titled entitled dubbed nicknamed codenamed code-named operation
    book novel film movie album song play documentary series show hashtag headline account accounts
    handle username website logo brand so-called
    """)
)

# "a 'phase one' trade deal": a quoted label between one of these and a lowercase noun names a thing.
LABEL_DETERMINERS: frozenset[str] = frozenset(_words("a an the its his her their"))
FUNCTION_WORDS: frozenset[str] = frozenset(
    _words("""
    of in on at to for from by with who whom that which and or but as than is was are were be been
    has have had will would can could may might must should do does did not
    """)
)

# Nouns that stand for an organisation the article has named ("the company said").
BODY_NOUNS: frozenset[str] = frozenset(
    _words("""
    company firm agency ministry department government group organisation organization office
    authority bureau club party council commission police army military court newspaper paper
    broadcaster network magazine outlet institute
    """)
)

# Title words nameparser's set lacks that news copy writes before names (honorifics of other
# countries, office words); names.py adds them to nameparser's titles.
EXTRA_TITLES: frozenset[str] = frozenset(
    _words("""
    superintendent adv datuk dato seri tan sri major brig spokesman spokeswoman spokesperson
    inspector justice emir marshal chairman chairwoman premier pm mp president-elect sen rep gov
    prosecutor
    """)
)

# Words right after a quote that make it text on an object ("PRESS" written on their jackets).
OBJECT_AFTER: frozenset[str] = frozenset(
    _words("written printed emblazoned painted engraved inscribed scrawled stamped sprayed etched")
)

# Nouns that say a person's gender when the article puts them beside the name ("his wife, Ann Lee",
# "Lee, the chairwoman", "Lee is one of the first women"): read by the pronoun agreement.
FEMALE_NOUNS: frozenset[str] = frozenset(
    _words("""
    woman women wife mother daughter sister grandmother granddaughter aunt niece girlfriend girl
    widow actress spokeswoman chairwoman congresswoman businesswoman queen princess duchess
    """)
)
MALE_NOUNS: frozenset[str] = frozenset(
    _words("""
    man men husband father son brother grandfather grandson uncle nephew boyfriend boy widower
    actor spokesman chairman congressman businessman king prince duke
    """)
)
