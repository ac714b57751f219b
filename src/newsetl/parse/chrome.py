"""Page chrome: lines that belong to the web page, not to the article.

The patterns are data: extend the tuples, not the functions. Each pattern is matched
case-insensitively against the whole stripped line (``re.fullmatch``), so a pattern that
should only match a prefix ends in ``.*``.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from newsetl.parse.text import word_count

# Whole-line chrome: browser notices, widgets, share bars, newsletter prompts, footers.
CHROME_PATTERNS: Final[tuple[str, ...]] = (
    r"IE ?11 is not supported.*",
    r"View image in fullscreen",
    r"Advertisement( ·.*)?",
    r"Sponsored( content)?",
    r"Email( link)?",
    r"Share( this (article|item).*| on \w+| via.*| permalink| current article.*| Close)?",
    r"X Share via",
    r"Print( this (page|article))?",
    r"Comments?( \(\d+\))?",
    r"(Facebook|Twitter|Flipboard|LinkedIn|WhatsApp|Reddit|Pinterest|Gmail|Messenger|Copy link)",
    r"Copy (the )?link",
    r"close",
    r"Social Sharing",
    r"Follow us.*",
    r"Follow (AP|our)\b.*",
    r"Subscribe\b.*",
    r"Sign ?up\b.*",
    r".*\b(newsletters?|(in|to) your inbox|breaking news (alerts|emails))\b.*",
    r"By providing your email\b.*",
    r".*\bcontinues below advertisement",
    r".*news and stories that matters?\b.*",
    r"This site is protected by recaptcha.*",
    r"Media playback is unsupported on your device",
    r"Media caption.*",
    r"Purchase Licensing Rights",
    r"View all( \(\d+\))?",
    r"\W+",  # separator lines such as "___" or "/"
    r"(Reporting|Additional reporting|Writing|Editing|Compiled) by\b.*",
    r".*\bcontributed (to )?this report\b.*",
    r"With files from\b.*",
    r"Our Standards:.*",
    r"SOURCE:.*",
    r".*\bGive us feedback\b.*",
    r"Have your say\b.*",
    r"(Read|See) (more|also)\b.*",
    r"More:?",
    r"Related( Stories| Articles| Topics| content| Coverage| Links)?:?",
    r"Related:.*",
    r"Trending( now)?",
    r"\+?Text Size|AA|Small|Medium|Large",
    r"Listen to (this )?article.*",
    r"\d+ min(ute)? read.*",
    r"Why you can trust .*",
    r"CLICK HERE\b.*",
    r"Log ?in( .{0,30})?",
    r"Bookmark\b.*",
    r"Want to bookmark\b.*",
    r"Skip (to|Advertisement)\b.*",
    r"Loading(\.\.\.|…)?",
    r"Watch( live| now)?:?",
    r"\d{1,2}:\d{2}(:\d{2})?( [A-Z].*)?",  # video timestamps and titles ("4:11 Title")
    r"Chat with us\b.*",
    r".*\bComment Policy\b.*",
    r"(Promoted|Sponsored) Content",
    r".*\bClick (here )?to subscribe\b.*",
    r"I would like to be emailed\b.*",
    r"(Join|Show) (the conversation|comments|our commenting forum)\b.*",
    r"(Most Popular|More stories|Popular videos|Read Next|Explore more on these topics|Reuse this content)",
    r"Link copied|Copy|License this content",
    r"\d+ of \d+ \|?",
)

# Words of share bars and widget rows ("cancel email link share Share bookmark Save").
WIDGET_WORDS: Final[frozenset[str]] = frozenset(
    {
        "share",
        "email",
        "link",
        "copy",
        "copied",
        "bookmark",
        "save",
        "saved",
        "cancel",
        "print",
        "comments",
        "comment",
        "subscribe",
        "follow",
        "facebook",
        "twitter",
        "x",
        "whatsapp",
        "linkedin",
        "reddit",
        "pinterest",
        "flipboard",
        "messenger",
        "telegram",
        "send",
        "close",
        "menu",
        "gift",
        "article",
        "this",
        "listen",
        "reuse",
        "content",
        "item",
        "page",
        "sharing",
        "options",
        "leave",
        "more",
        "see",
        "someone",
        "via",
        "on",
        "to",
        "a",
        "the",
    }
)
# A line whose words are at least this share of widget words is a widget row.
WIDGET_SHARE = 0.6

# Lines that open a block of links to other stories (their thumbnails are not article photos).
RELATED_MARKER_PATTERNS: Final[tuple[str, ...]] = (
    r"Read (Next|More|also)\b.*",
    r"Related( Stories| Articles| Coverage| content)?:?",
    r"More (stories|on this story|from \w+)\b.*",
    r"(Most Popular|Recommended|You may also like|Top stories)\b.*",
)

# Lines after which nothing more of the article body follows (author boxes, footers).
BODY_END_PATTERNS: Final[tuple[str, ...]] = (
    r"ABOUT THE AUTHORS?",
    r"End of Article",
    r"Our Standards:.*",
    r"(Join|Show) (the conversation|comments|our commenting forum)\b.*",
    r"(Most Popular|More stories|Explore more on these topics)",
    r"(Promoted|Sponsored) Content",
)

# Lines that open a thread of readers' comments (a count and the word, or a heading).
COMMENT_THREAD_PATTERNS: Final[tuple[str, ...]] = (
    r"\[?\s*\d[\d,]*\s+(?:comments?|responses?|replies|thoughts)\b.*",
    r"(?:Top Rated|Top|Most Liked|Reader) Comments",
    # the thread's own button or heading: "Show comments", "View all 12 comments", "Comments (34)"
    # (a bare "Comments" may head a section of the article)
    r"(?:Show|View|See|Load|Read|Join the|Add a|Post a|Leave a)\s+(?:all\s+)?(?:\d+\s+)?"
    r"(?:comments?|conversation)(?:\s*\(\d+\))?",
    r"Comments\s*\(\d+\)",
)

# Lines that open a video block (player title, description and duration follow).
VIDEO_MARKER_PATTERNS: Final[tuple[str, ...]] = (
    r"Video",
    r"WATCH\b.*",
    r"Duration \d+:\d+",
)

# Embedded social-media posts.
SOCIAL_POST_PATTERNS: Final[tuple[str, ...]] = (
    r".*pic\.twitter\.com/\S+.*",
    r".*\(@\w+\) \w+ \d{1,2}, \d{4}",
    r"A post shared by .*",
    r"View this post on Instagram",
)

_CHROME = tuple(re.compile(p, re.IGNORECASE) for p in CHROME_PATTERNS)
_BODY_END = tuple(re.compile(p, re.IGNORECASE) for p in BODY_END_PATTERNS)
_VIDEO = tuple(re.compile(p) for p in VIDEO_MARKER_PATTERNS)
_COMMENTS = tuple(re.compile(p, re.IGNORECASE) for p in COMMENT_THREAD_PATTERNS)
_SOCIAL = tuple(re.compile(p, re.IGNORECASE) for p in SOCIAL_POST_PATTERNS)
_RELATED = tuple(re.compile(p, re.IGNORECASE) for p in RELATED_MARKER_PATTERNS)
_UPPER_MIN_WORDS = 3
_ATTRIBUTION = re.compile(r"[—–-]\s*[A-Z][^.!?]{0,80}")


def _matches(line: str, patterns: tuple[re.Pattern[str], ...]) -> bool:
    return any(p.fullmatch(line) for p in patterns)


@functools.lru_cache(maxsize=65536)
def is_shouting(line: str) -> bool:
    """All-caps lines of several words: promo links ("CLICK HERE TO ..."), section labels."""
    letters = [c for c in line if c.isalpha()]
    return word_count(line) >= _UPPER_MIN_WORDS and bool(letters) and all(c.isupper() for c in letters)


def is_widget_row(line: str) -> bool:
    """A row of share/bookmark/print labels rendered as words."""
    words = [w.strip(".,:|·").lower() for w in line.split()]
    words = [w for w in words if w]
    return bool(words) and sum(w in WIDGET_WORDS for w in words) >= WIDGET_SHARE * len(words)


@functools.lru_cache(maxsize=65536)
def is_chrome(line: str) -> bool:
    """True for a known page-chrome line (share bars, prompts, notices, all-caps promos, video labels)."""
    return (
        _matches(line, _CHROME)
        or _matches(line, _SOCIAL)
        or _matches(line, _VIDEO)
        or is_shouting(line)
        or is_widget_row(line)
    )


def is_post_attribution(line: str) -> bool:
    """ "— Name (@handle) January 7, 2020" or "— Advocate Dali Mpofu": the line under a post or pull quote."""
    return bool(_ATTRIBUTION.fullmatch(line))


def is_related_marker(line: str) -> bool:
    return _matches(line, _RELATED)


def is_body_end(line: str) -> bool:
    return _matches(line, _BODY_END)


def is_comment_thread(line: str) -> bool:
    """ "[ 167 comments ]", "34 responses to ...", "Top Rated Comments": readers' comments follow."""
    return _matches(line, _COMMENTS)


def is_video_marker(line: str) -> bool:
    return _matches(line, _VIDEO)
