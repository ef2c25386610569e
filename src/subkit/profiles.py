"""Style profiles (the limits every command shares) and the one character-counting function
(:func:`count_chars`: what a viewer sees).

Numbers and sources: ``../shared/guides/style-rules.md`` (Netflix Timed Text Style Guide, the
CSA/ARCOM 2011 charter). ``segment``, ``translate`` and ``lint`` all read their limits from here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, replace

__all__ = [
    "Profile",
    "PROFILES",
    "DEFAULT_PROFILE_FOR_LANG",
    "get_profile",
    "default_profile",
    "lint_profile",
    "count_chars",
    "shown_length",
    "plainly_shown",
    "strip_tags",
    "visible_text",
    "too_short",
    "too_long",
]


@dataclass(frozen=True)
class Profile:
    """Limits of one subtitle style guide.

    ``max_cps`` is the reading-speed limit users quote; ``cps_tolerance`` is a relative allowance
    some charters grant on top (ARCOM: 12 cps "with 20 % tolerance"), so the hard limit a cue must
    respect is :attr:`hard_max_cps`.
    """

    name: str
    lang: str
    max_chars_per_line: int = 42
    max_lines: int = 2
    max_cps: float = 17.0
    cps_tolerance: float = 0.0
    min_duration: float = 5 / 6
    max_duration: float = 7.0
    min_gap_frames: int = 2
    # Gaps of 3-11 frames look like flicker; professional timing closes them to the minimum gap.
    close_gap_frames: int = 11
    fps: float = 25.0
    # Cues that touch (gap of exactly 0 ms) are "chained": many guides allow it, Netflix does not.
    allow_chained: bool = False
    # Levels this profile gives rules instead of their defaults ((rule id, level), ...).
    levels: tuple[tuple[str, str], ...] = ()
    description: str = ""

    def level(self, rule_id: str, default: str) -> str:
        """The level of *rule_id* under this profile (*default*: the rule's own)."""
        return dict(self.levels).get(rule_id, default)

    @property
    def hard_max_cps(self) -> float:
        return self.max_cps * (1.0 + self.cps_tolerance)

    @property
    def min_gap(self) -> float:
        """Minimum gap between two cues, in seconds, at the profile's frame rate."""
        return self.min_gap_frames / self.fps

    @property
    def max_chars_per_cue(self) -> int:
        return self.max_chars_per_line * self.max_lines

    def with_fps(self, fps: float) -> "Profile":
        return replace(self, fps=fps)


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("netflix-fr", "fr", max_cps=17.0,
                description="Netflix French (adult): 42 chars x 2 lines, 17 cps, 5/6-7 s, 2-frame gap"),
        Profile("netflix-en", "en", max_cps=20.0,
                description="Netflix English (adult): 42 chars x 2 lines, 20 cps, 5/6-7 s, 2-frame gap"),
        Profile("netflix-fr-children", "fr", max_cps=13.0,
                description="Netflix French (children): 42 chars x 2 lines, 13 cps"),
        Profile("netflix-en-children", "en", max_cps=17.0,
                description="Netflix English (children): 42 chars x 2 lines, 17 cps"),
        # The charter sets no duration bounds; we keep Netflix's so that timing stays sane.
        Profile("arcom-fr", "fr", max_chars_per_line=36, max_cps=12.0, cps_tolerance=0.20,
                description="French TV charter (CSA/ARCOM 2011): 36 chars x 2 lines, 12 cps +20 %"),
        # For material of any language without its own profile (and what nobody configured): the
        # limits the guides agree on (42 chars x 2 lines, 7 s; 21 cps, TED's, the most generous
        # adult speed of the table), chained cues allowed, no flicker warnings, and the style
        # limits at warning level, so that only what breaks a player fails CI (--strict: all).
        Profile("general", "", max_cps=21.0, close_gap_frames=0, allow_chained=True,
                levels=tuple((r, "warning") for r in ("line-length", "line-count", "reading-speed",
                                                      "min-duration", "max-duration", "min-gap")),
                description="Any language, unknown material: 42 chars x 2 lines, 21 cps, 5/6-7 s, "
                            "2-frame gap or chained (0 ms); style limits are warnings"),
    )
}

DEFAULT_PROFILE_FOR_LANG = {"fr": "netflix-fr", "en": "netflix-en"}
FALLBACK_PROFILE = "netflix-en"
GENERAL_PROFILE = "general"  # what lint gives a file whose language has no profile of its own


def get_profile(name: str) -> Profile:
    """Return the profile called *name*; ``KeyError`` lists the known names."""
    try:
        return PROFILES[name]
    except KeyError:
        known = ", ".join(sorted(PROFILES))
        raise KeyError(f"unknown profile {name!r} (known: {known})") from None


def default_profile(lang: str | None) -> Profile:
    """The default profile for a language code, falling back to ``netflix-en``."""
    return PROFILES[DEFAULT_PROFILE_FOR_LANG.get(lang or "", FALLBACK_PROFILE)]


def lint_profile(lang: str | None) -> Profile:
    """The profile ``subkit lint`` gives a file in *lang*: its language's own (netflix-fr,
    netflix-en), else ``general``."""
    return PROFILES[DEFAULT_PROFILE_FOR_LANG.get(lang or "", GENERAL_PROFILE)]


# HTML-like tags (<i>, </b>, <font color="...">) and ASS override blocks ({\an8}, {\i1}).
# A tag opens with a letter, a slash or (a WebVTT timestamp) a digit: "x < 5 et y > 3" is text.
TAG_PATTERN = r"<\s*/?\s*[^\W\d_][^<>\n]*>|<\d[\d:.]*>|\{\\[^{}\n]*\}"
_TAG_RE = re.compile(TAG_PATTERN)


def too_short(duration_ms: int, seconds: float) -> bool:
    """A cue of *duration_ms* is under a minimum duration of *seconds* (by more than the rounding to
    the millisecond); none at all is another problem (lint's ``negative-duration``). Lint's
    ``min-duration`` and translate's warnings both ask this."""
    return 0 < duration_ms < seconds * 1000 - 0.5


def too_long(duration_ms: int, seconds: float) -> bool:
    """A cue of *duration_ms* is over a maximum duration of *seconds* (lint's ``max-duration``)."""
    return duration_ms > seconds * 1000 + 0.5


def strip_tags(text: str) -> str:
    """Remove formatting tags, keeping the visible text."""
    return _TAG_RE.sub("", text)


# A WebVTT language span with its words (to its end tag, or the cue's end, which may close it).
_LANG_SPAN = re.compile(r"<\s*lang[\s.][^<>]*>.*?(?:<\s*/\s*lang\s*>|\Z)", re.DOTALL | re.IGNORECASE)


def without_language_spans(text: str) -> str:
    """*text* without WebVTT's ``<lang fr>...</lang>`` spans: their words declare their own
    language, which no check of the file's language should dispute."""
    return _LANG_SPAN.sub(" ", text) if "<" in text else text


def visible_text(text: str) -> str:
    """What a viewer reads: *text* without its tags and with its character references (``&nbsp;``,
    ``&#8239;``, ``&amp;``) as the characters they show."""
    if "&" not in text:
        return strip_tags(text)
    import html

    return html.unescape(strip_tags(text))


def count_chars(text: str) -> int:
    """Count characters the Netflix way: what a viewer sees (:func:`shown_length`), tags left out."""
    return shown_length(strip_tags(text))


# Below U+0300 (Latin letters with their accents) every character is NFC and shown, but the soft
# hyphen (U+00AD): text without any other character is counted by its length.
_BEYOND_LATIN = re.compile("[\xad\u0300-\U0010ffff]")


def plainly_shown(text: str) -> bool:
    """Whether every character of *text* is one a viewer sees (the length of a line of it is its
    :func:`shown_length`): ASCII, or Latin letters with their accents (a quick test: False may
    be wrong, True is not)."""
    return text.isascii() or _BEYOND_LATIN.search(text) is None


def shown_length(text: str) -> int:
    """The characters a viewer sees in *text* (plain text: its tags already removed).

    Letters, digits, spaces and punctuation count one each; line breaks do not, nor, after NFC
    (a decomposed "ệ" or Hangul syllable counts as the one character it composes), what is not
    seen on its own: format characters (category Cf: RLM, LRM, embeddings, ZWSP, ZWJ), combining
    marks after a base (Mn, Me: variation selectors among them; Mc: the spacing vowel signs of
    Devanagari and other Indic scripts, ि ा, part of their letter's grapheme cluster), emoji
    skin-tone modifiers, a symbol joined by a ZWJ (the family emoji is one picture), and the second
    regional indicator of a pair (a flag, 🇯🇵, is one picture). A compact approximation of Unicode's
    grapheme clusters, which the standard library does not segment.
    """
    if text.isascii() or _BEYOND_LATIN.search(text) is None:  # plainly_shown, inlined: the hot path
        return len(text) - text.count("\n") - text.count("\r")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if _maybe_unseen().isdisjoint(text):  # most text (accented letters, CJK...): fast too
        return len(text) - text.count("\n") - text.count("\r")
    n = 0
    prev = "\n"
    flag = False  # the previous character opened a flag (an odd regional indicator of a run)
    for ch in text:
        if "\U0001F1E6" <= ch <= "\U0001F1FF":
            flag = not flag
            n += flag
        elif not _unseen(ch, prev):
            flag = False
            n += 1
        prev = ch
    return n


@functools.cache
def _maybe_unseen() -> frozenset:
    """What :func:`_unseen` may leave out (built once, in ~20 ms: the standard library's ``re``
    has no Unicode categories). Marks and format characters all lie below U+20000 or in the tag and
    variation-selector block at U+E0000."""
    found = {chr(c) for r in (range(0x80, 0x20000), range(0xE0000, 0xE1000))
             for c in r if unicodedata.category(chr(c)) in ("Cf", "Mn", "Mc", "Me")}
    return frozenset(found | {chr(c) for c in range(0x1F3FB, 0x1F400)}  # and skin tones
                     | {chr(c) for c in range(0x1F1E6, 0x1F200)})  # and regional indicators


def _unseen(ch: str, prev: str) -> bool:
    """Whether *ch*, after *prev*, adds nothing a viewer counts."""
    if ch in "\n\r" or "\U0001F3FB" <= ch <= "\U0001F3FF":
        return True
    category = unicodedata.category(ch)
    if category == "Cf":
        return True
    if category in ("Mn", "Mc", "Me"):
        return prev not in "\n\r"  # a mark with no base before it is shown on its own
    # A ZWJ between symbols makes one picture; between letters (Indic half forms) both are seen.
    return prev == "\u200d" and category in ("So", "Sk")
