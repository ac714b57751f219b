"""The line-role model: features, decoding, folds, labels, packaging and training."""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

import pytest

from newsetl.evaluate.cv import RoleCounts, publisher_folds
from newsetl.roles.corpus import BODY_KNOWN, load_pages, normalise_publisher
from newsetl.roles.decode import decode_roles
from newsetl.roles.features import FEATURE_NAMES, line_features
from newsetl.roles.model import model_from_json, packaged_model
from newsetl.roles.schema import (
    BODY,
    BYLINE,
    CAPTION,
    CHROME,
    CROSSHEAD,
    DATE,
    DEK,
    HEADLINE,
    IMAGE_ALT,
    ROLES,
    dump_lines,
)
from newsetl.roles.train import SEED, fit
from newsetl.roles.version import MODEL_FILE, PARSER_GENERATION, parser_version
from newsetl.settings import PARSER_VERSION

PAGE = [
    "World",
    "Storm floods coastal towns as rivers burst their banks",
    "Thousands were moved to shelters overnight as water rose in the lowlands.",
    "By Jane Doe",
    "March 3, 2024",
    "Image: Flooded street in the old town",
    "A flooded street in the old town on Sunday. Photo: Jan Novak/Reuters",
    "Rescue teams worked through the night to reach people trapped in their homes, officials said on Monday.",
    "More rain is expected later in the week, and the river is forecast to rise again by Wednesday evening.",
    "“We have never seen anything like this,” said one resident who had lived in the town for forty years.",
    "Share this article",
]


def test_one_row_per_line_with_every_feature() -> None:
    rows = line_features(PAGE)
    assert len(rows) == len(PAGE)
    assert all(len(row) == len(FEATURE_NAMES) for row in rows)
    assert line_features([]) == []


def test_features_ignore_quote_style_and_inserted_chrome() -> None:
    straight = [line.replace("“", '"').replace("”", '"') for line in PAGE]
    assert line_features(straight) == line_features(PAGE)
    with_ad = [*PAGE[:9], "Advertisement", *PAGE[9:]]
    rows, rows_ad = line_features(PAGE), line_features(with_ad)
    assert rows_ad[:9] == rows[:9]
    assert rows_ad[10:] == rows[9:]


def test_features_set_a_reference_note_aside_but_not_a_credit() -> None:
    noted = [f"{line} (Ref 1-9.)" if len(line.split()) > 12 else line for line in PAGE]
    assert line_features(noted) == line_features(PAGE)
    credited = [*PAGE[:6], "A flooded street in the old town on Sunday. (Jan Novak/Reuters)", *PAGE[7:]]
    assert line_features(credited)[6] != line_features([*PAGE[:6], "A flooded street.", *PAGE[7:]])[6]


def _probs(**best: float) -> dict[str, float]:
    return {role: best.get(role, 0.01) for role in ROLES}


def test_decoding_keeps_one_headline_one_dek_and_image_lines_apart() -> None:
    lines = ["Title one here now", "Title two here now", "Image: a photo", "Some dek line here", "Body."]
    probs = [
        _probs(headline=0.9),
        _probs(headline=0.8, dek=0.3),
        _probs(body=0.9),
        _probs(dek=0.6),
        _probs(body=0.7),
    ]
    roles = decode_roles(lines, probs)
    assert roles.count(HEADLINE) == 1 and roles[0] == HEADLINE
    assert roles[1] == DEK or roles.count(DEK) == 1
    assert roles[2] in (IMAGE_ALT, CHROME)
    assert roles[4] == BODY


def test_decoding_leaves_unsure_lines_as_chrome() -> None:
    lines = ["Headline of the story here", "Body one.", "Maybe body."]
    roles = decode_roles(lines, [_probs(headline=0.9), _probs(body=0.9), _probs(body=0.4, byline=0.1)])
    assert roles == [HEADLINE, BODY, CHROME]


def test_a_page_without_a_confident_byline_takes_the_likeliest_named_header_line() -> None:
    lines = [
        "Headline of the story here",
        "Section News",
        "Maria Okafor Health Reporter",
        "Body one.",
        "Body two.",
        "Body three.",
        "Ann Lee",
    ]
    probs = [
        _probs(headline=0.9),
        _probs(chrome=0.9, byline=0.05, dek=0.0),
        _probs(chrome=0.9, byline=0.04),
        _probs(body=0.9),
        _probs(body=0.9),
        _probs(body=0.9),
        _probs(chrome=0.9, byline=0.15),  # three lines into the body: no longer the header
    ]
    roles = decode_roles(lines, probs)
    assert roles[2] == BYLINE  # "Section News" names nobody
    assert roles[1] == CHROME and roles[6] == CHROME
    confident = decode_roles(lines, [*probs[:1], _probs(byline=0.8), *probs[2:]])
    assert confident.count(BYLINE) == 1 and confident[1] == BYLINE


def test_a_page_without_a_confident_dek_takes_the_line_under_the_headline() -> None:
    lines = ["Headline of the story here", "A standfirst the model was unsure of", "Body one."]
    unsure = [_probs(headline=0.9), _probs(chrome=0.9, dek=0.05), _probs(body=0.9)]
    assert decode_roles(lines, unsure) == [HEADLINE, DEK, BODY]
    no_dek = [_probs(headline=0.9), _probs(chrome=0.9, dek=0.001), _probs(body=0.9)]
    assert decode_roles(lines, no_dek) == [HEADLINE, CHROME, BODY]
    repeated = ["Headline of the story here", "Headline of the story here", "Body one."]
    assert decode_roles(repeated, unsure)[1] == CHROME  # a copy of the headline is not its dek


def test_a_byline_just_under_the_first_paragraph_still_counts() -> None:
    lines = ["Headline of the story here", "A lead the model took for body text.", "Ann Lee", "Body two."]
    probs = [_probs(headline=0.9), _probs(body=0.9), _probs(chrome=0.9, byline=0.05), _probs(body=0.9)]
    assert decode_roles(lines, probs)[2] == BYLINE


def test_a_name_line_amid_the_body_gives_way_to_the_header_byline() -> None:
    lines = [
        "Headline of the story here",
        "John Nichols",
        "Body one.",
        "Body two.",
        "Body three.",
        "Current Issue",
        "Body four.",
        "By Ann Lee",
        "Body five.",
    ]
    body = _probs(body=0.9)
    probs = [
        _probs(headline=0.9),
        _probs(chrome=0.6, byline=0.2),
        body,
        body,
        body,
        _probs(byline=0.4, chrome=0.3),
        body,
        _probs(byline=0.4, chrome=0.3),
        body,
    ]
    roles = decode_roles(lines[:7], probs[:7])
    assert roles[5] == CHROME and roles[1] == BYLINE
    assert decode_roles(lines, probs)[7] == BYLINE  # a "By" line signs the article wherever it stands
    at_the_end = decode_roles(lines[:6], probs[:6])
    assert at_the_end[5] == BYLINE and at_the_end[1] == CHROME  # a name after the body may sign it


def test_a_date_line_that_names_the_author_needs_no_byline_fallback() -> None:
    lines = ["Headline of the story here", "Ann LeePublished Jul 17, 2024", "Up Next", "Body one."]
    probs = [_probs(headline=0.9), _probs(date=0.9), _probs(chrome=0.9, byline=0.1), _probs(body=0.9)]
    assert decode_roles(lines, probs) == [HEADLINE, DATE, CHROME, BODY]


def test_a_bare_by_line_makes_the_names_under_it_the_byline() -> None:
    lines = ["Headline of the story here", "By", "Ann Lee,", "Tom Baker", "Body one is a sentence."]
    probs = [
        _probs(headline=0.9),
        _probs(chrome=0.9),
        _probs(chrome=0.9),
        _probs(chrome=0.9),
        _probs(body=0.9),
    ]
    assert decode_roles(lines, probs) == [HEADLINE, CHROME, BYLINE, BYLINE, BODY]


def test_a_line_under_a_photo_is_its_caption_rather_than_a_crosshead() -> None:
    lines = [
        "Headline of the story here",
        "Body one.",
        "Image: A man at a desk",
        "A man at a desk",
        "Body two.",
    ]
    probs = [
        _probs(headline=0.9),
        _probs(body=0.9),
        _probs(image_alt=0.9),
        _probs(crosshead=0.6, caption=0.5),
    ]
    probs.append(_probs(body=0.9))
    assert decode_roles(lines, probs)[3] == CAPTION
    probs[3] = _probs(crosshead=0.6, caption=0.05)  # the model does not see a caption: a heading
    assert decode_roles(lines, probs)[3] == CROSSHEAD


def test_a_lead_set_apart_by_a_photo_is_the_dek() -> None:
    lines = [
        "Headline of the story here",
        "A standfirst in plain words.",
        "Image: A pier",
        "Body one.",
        "Two.",
    ]
    probs = [_probs(headline=0.9), _probs(body=0.9, dek=0.05), _probs(image_alt=0.9), _probs(body=0.9)]
    probs.append(_probs(body=0.9))
    assert decode_roles(lines, probs)[1] == DEK
    together = [lines[0], lines[1], lines[3], lines[2], lines[4]]  # runs straight into the body
    assert decode_roles(together, [probs[0], probs[1], probs[3], probs[2], probs[4]])[1] == BODY


def test_the_last_sentences_of_the_body_are_not_left_to_chrome() -> None:
    lines = [
        "Headline of the story here",
        "The council met on Monday and voted to close the old bridge for repairs.",
        "What comes next",
        "Work is due to start in the spring and to last about six months.",
        "Drivers will be sent around the town through the ring road.",
        "Additional reporting by a staff writer in the capital.",
        "Residents were told in a letter sent out this week.",
    ]
    probs = [
        _probs(headline=0.9),
        _probs(body=0.9),
        _probs(crosshead=0.6, body=0.1),
        _probs(body=0.3, chrome=0.6),  # after a crosshead: the model pulls the page's end to chrome
        _probs(body=0.35, chrome=0.6),
        _probs(body=0.4, chrome=0.5),  # chrome by its pattern: the body ends here
        _probs(body=0.9),
    ]
    assert decode_roles(lines[:5], probs[:5]) == [HEADLINE, BODY, CROSSHEAD, BODY, BODY]
    assert decode_roles(lines[:6], probs[:6])[5] == CHROME
    unsure = [*probs[:3], _probs(body=0.1, chrome=0.9), probs[4]]  # the model barely sees body
    assert decode_roles(lines[:5], unsure)[3:] == [CHROME, CHROME]
    asked = [*lines[:4], "What do you think of the plan for the bridge?"]  # a call to the reader
    assert decode_roles(asked, probs[:5])[4] == CHROME
    signed = [*lines[:4], "Drivers will be sent around the town through the ring road. PTI"]
    assert decode_roles(signed, probs[:5])[4] == BODY  # an agency's sign-off closes the statement
    with_ad = [*lines[:4], "Advertisement", lines[4]]  # known chrome is passed over, as features do
    ad_probs = [*probs[:4], _probs(chrome=0.9), probs[4]]
    assert decode_roles(with_ad, ad_probs) == [HEADLINE, BODY, CROSSHEAD, BODY, CHROME, BODY]


def test_a_list_the_body_ends_with_is_kept_to_its_last_item() -> None:
    lines = [
        "Headline of the story here",
        "The band announced the dates of its autumn tour on Monday.",
        "Sept. 5 -- White River Amphitheatre, Seattle, WA",
        "Sept. 12 -- Shoreline Amphitheatre, Mountain View, CA",
        "Oct. 3 -- Ak-Chin Pavilion, Phoenix, AZ",
        "Oct. 10 -- Cynthia Woods Mitchell Pavilion, Houston, TX",
        "Most popular stories",
    ]
    probs = [
        _probs(headline=0.9),
        _probs(body=0.9),
        _probs(body=0.6),
        _probs(body=0.55),
        _probs(body=0.3, chrome=0.1),  # the end of a page pulls its last items to chrome
        _probs(body=0.1, chrome=0.3),
        _probs(chrome=0.9),
    ]
    assert decode_roles(lines, probs) == [HEADLINE, BODY, BODY, BODY, BODY, BODY, CHROME]
    other = [*lines[:4], "Oct. 3: Phoenix", lines[6]]  # another shape: not the same list
    assert decode_roles(other, [*probs[:5], probs[6]])[4] == CHROME
    one = [*lines[:2], "Intro line (one) -- said here", lines[3], lines[4]]  # one item is not a list
    assert decode_roles(one, probs[:5])[4] == CHROME


def test_readers_comments_after_the_article_are_not_body() -> None:
    lines = ["Headline of the story here", "One.", "Two.", "Three.", "[ 12 comments ]", "Great piece!"]
    probs = [
        _probs(headline=0.9),
        *(_probs(body=0.9) for _ in range(3)),
        _probs(chrome=0.9),
        _probs(body=0.9),
    ]
    assert decode_roles(lines, probs)[5] == CHROME
    assert decode_roles([*lines[:4], "Comments", lines[5]], probs)[5] == BODY  # may head a section
    for button in ("Show comments", "View all 12 comments", "Join the conversation", "Comments (34)"):
        widget = [*lines[:4], button, "The site values your comments; please keep them civil."]
        assert decode_roles(widget, probs)[5] == CHROME, button  # the thread's own button or heading
    early = ["Headline of the story here", "12 comments", "One.", "Two.", "Three.", "Four."]
    assert decode_roles(early, [probs[0], probs[4], *probs[1:4], probs[5]])[5] == BODY  # a count bar


def test_publisher_folds_never_split_a_publisher() -> None:
    publishers = ["a", "a", "b", "c", "c", "c", "d", "e", "e"]
    folds = publisher_folds(publishers, 3)
    for publisher in set(publishers):
        assert len({f for p, f in zip(publishers, folds, strict=True) if p == publisher}) == 1
    assert set(folds) == {0, 1, 2}


def test_publishers_are_normalised_across_folders() -> None:
    assert normalise_publisher("AP News (apnews.com)") == normalise_publisher("AP News")
    assert normalise_publisher("The Telegraph") == normalise_publisher("Telegraph")


def test_role_counts_score_unlabelled_lines_only_for_known_roles() -> None:
    counts = RoleCounts()
    counts.add([BODY, None, None], [set(ROLES), BODY_KNOWN, BODY_KNOWN], [BODY, BODY, HEADLINE])
    table = counts.table(ROLES)
    assert table[BODY] == (0.5, 1.0, 1)
    assert HEADLINE not in table  # a headline on an unlabelled scrapinghub line is not an error
    counts.merge(counts_of([BODY], [set(ROLES)], [CHROME]))
    assert counts.table(ROLES)[BODY] == (0.5, 0.5, 2)


def counts_of(truth: list[str | None], known: list[set[str]], predicted: list[str]) -> RoleCounts:
    counts = RoleCounts()
    counts.add(truth, known, predicted)
    return counts


def test_packaged_model_and_parser_version() -> None:
    data = resources.files("newsetl.roles").joinpath(MODEL_FILE).read_bytes()
    assert parser_version() == PARSER_VERSION
    assert f"{PARSER_GENERATION}+{hashlib.sha256(data).hexdigest()[:10]}" == PARSER_VERSION
    model = packaged_model()
    assert set(model.first) == set(ROLES) and set(model.second) == set(ROLES)
    probs = model.probabilities(line_features(PAGE))
    assert max(range(len(PAGE)), key=lambda i: probs[i][HEADLINE]) == 1


@pytest.mark.corpus
def test_gold_labels_match_the_annotation(corpus_dir: Path) -> None:
    pages = [p for p in load_pages(corpus_dir, weak=False)]
    assert len(pages) == 30
    for page in pages:
        assert page.gold is not None
        assert page.roles.count(HEADLINE) == 1, page.page_id
        assert abs(page.roles.count(BODY) - page.gold.paragraph_count) <= 1, page.page_id
        assert len(page.lines) == len(dump_lines((corpus_dir / "text" / f"{page.page_id}.txt").read_text()))


@pytest.mark.corpus
def test_scrapinghub_pages_mask_all_but_body(corpus_dir: Path) -> None:
    weak = [p for p in load_pages(corpus_dir) if p.source == "scrapinghub"]
    assert weak
    for page in weak[:20]:
        for role, known in zip(page.roles, page.known, strict=True):
            assert role is not None or known == BODY_KNOWN


@pytest.mark.corpus
def test_training_is_deterministic(corpus_dir: Path) -> None:
    pages = [p for p in load_pages(corpus_dir, weak=False)][:9]
    first, second = fit(pages).to_json(), fit(pages).to_json()
    assert first == second
    assert fit(pages, seed=SEED + 1).to_json() != first  # the seed is really used (cv.py --seeds)
    assert model_from_json(first).probabilities(line_features(PAGE))


_STORY = "the ministry said on Tuesday that the new rules would apply to every district from next month."


@pytest.mark.parametrize(
    ("opening", "moved"),
    [
        (f"NEW DELHI: Officials in {_STORY}", True),
        (f"LA CROSSE, Wis. (AP) — Officials in {_STORY}", True),
        (f"DEAR ABBY: My husband says {_STORY}", False),  # a colon after words that are no place
        (f"UPDATE: Officials in {_STORY}", False),
    ],
)
def test_the_story_opens_at_its_dateline(opening: str, moved: bool) -> None:
    """A summary the model reads as the first body paragraph, above a paragraph that opens with a
    sure dateline, is the dek (or chrome when a dek is already there); a colon after a word
    that names no place is no dateline."""
    summary = "The government has set out new rules for districts, and critics say they go too far."
    lines = ["Headline of the story here", "Share", summary, opening, "Body two goes on here."]
    probs = [_probs(headline=0.9), _probs(), _probs(body=0.8), _probs(body=0.9), _probs(body=0.9)]
    roles = decode_roles(lines, probs)
    assert roles[2:] == ([DEK, BODY, BODY] if moved else [BODY, BODY, BODY])
    with_dek = decode_roles(
        [*lines[:1], "A dek stands here in words", *lines[2:]], [probs[0], _probs(dek=0.9), *probs[2:]]
    )
    assert with_dek[2] == (CHROME if moved else BODY)


def test_a_grid_of_story_thumbnails_holds_no_article_photo() -> None:
    """Photo-and-title pairs back to back, each title repeating its photo's alt text (cut short
    with "..." or whole), are links to other stories; a photo whose caption carries a credit,
    or a single photo whose caption repeats its alt, stays a photo."""
    titles = [
        "Banks report fraud of over 95,000 crore in April",
        "Turncoats get richer in a year",
        "Notices to all 7 teams",
    ]
    grid = [line for t in titles for line in (f"Image: {t}", t if len(t) < 40 else t[:30] + "...")]
    lines = ["Headline of the story here", "Body one.", "Picks", *grid, "Footer"]
    probs = [_probs(headline=0.9), _probs(body=0.9), _probs()]
    probs += [_probs(image_alt=0.9) if line.startswith("Image:") else _probs(caption=0.9) for line in grid]
    probs += [_probs()]
    roles = decode_roles(lines, probs)
    assert IMAGE_ALT not in roles and CAPTION not in roles
    credited = [line if line.startswith("Image:") else f"{line} (Photo: Jan Novak/Reuters)" for line in grid]
    roles = decode_roles([*lines[:3], *credited, "Footer"], probs)
    assert roles.count(IMAGE_ALT) == 3 and roles.count(CAPTION) == 3
    two = decode_roles([*lines[:3], *grid[:4], "Footer"], [*probs[:7], _probs()])
    assert two.count(IMAGE_ALT) == 2  # two pairs make no grid
