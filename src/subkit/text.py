"""Cleaning a plain transcript before segmentation.

* whitespace: every run of spaces, tabs and odd Unicode spaces becomes one space; each non-empty
  line is a paragraph (a scraped transcript puts one utterance per line, often without a final
  period, so a line break is where the speaker paused);
* French typography: the space before ``? ! : ;`` and the spaces inside ``« »`` become no-break
  spaces (U+00A0), so that no line can start with ``?``; the author's characters (’ « » …) are kept;
* marks: speaker labels and timestamps at the start of a paragraph, and timestamps in brackets
  inside it, are taken out of the text and kept beside it (:mod:`subkit.transcript_marks`);
* cruft: a trailing block of web-page navigation ("Previous", "Next", "Précédent", "Suivant" and
  the titles of other pages) is detected and dropped; the title line is dropped on request.

What was dropped is returned, so the CLI can print it on stderr: nothing else may be lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from subkit.transcript_marks import read_marks

__all__ = [
    "NBSP",
    "Transcript",
    "normalize_space",
    "french_typography",
    "clean_transcript",
    "is_navigation_marker",
    "tokenize",
    "short_parentheticals",
    "xml_safe",
    "BIDI_CONTROLS",
    "DIALOGUE_DASHES",
    "visible_start",
    "opens_dialogue",
    "line_edges",
    "strip_edge_spaces",
    "BLANK_RUN",
    "one_blank",
]

NBSP = "\u00a0"
NNBSP = "\u202f"
_KEEP_SPACES = {NBSP, NNBSP}
# Invisible direction controls (LRM RLM ALM, LRE RLE PDF LRO RLO, LRI RLI FSI PDI): an RTL subtitle
# line often starts with one, before its dialogue dash or its first word.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
DIALOGUE_DASHES = ("-", "–", "—")
_EDGE_CHARS = " \t" + BIDI_CONTROLS


def visible_start(line: str) -> str:
    """*line* from its first character a viewer sees: the direction controls before it left out."""
    return line.lstrip(BIDI_CONTROLS)


def opens_dialogue(line: str) -> bool:
    """Whether *line* (tags already removed) starts with a dialogue dash, after any direction controls."""
    return visible_start(line).startswith(DIALOGUE_DASHES)


def line_edges(line: str) -> tuple[str, str, str]:
    """(*line*'s start, middle, end): the start and end are its runs of spaces, tabs and direction
    controls, ``"\u200f שלום"`` is ``("\u200f ", "שלום", "")``: an edge space may hide behind a mark."""
    lo = len(line) - len(line.lstrip(_EDGE_CHARS))
    hi = max(len(line.rstrip(_EDGE_CHARS)), lo)
    return line[:lo], line[lo:hi], line[hi:]


def strip_edge_spaces(line: str) -> str:
    """*line* without spaces or tabs at its ends, looking through the direction controls there (kept)."""
    lead, mid, trail = line_edges(line)
    return _no_blank(lead) + mid + _no_blank(trail)


def _no_blank(edge: str) -> str:
    return edge.replace(" ", "").replace("\t", "") if (" " in edge or "\t" in edge) else edge


# A run of blanks a viewer sees as one too wide gap: spaces, tabs, no-break and thin spaces.
BLANK_RUN = re.compile("[ \t\u00a0\u2000-\u200a\u202f\u205f]{2,}")


def one_blank(run: str) -> str:
    """The one blank a run of them becomes: its first no-break space (it binds: French needs one
    before ``; : ! ? »`` and after ``«``, and ``10\u00a0000`` stays whole), else a plain space."""
    return next((c for c in run if c in _KEEP_SPACES), " ")


# Every Unicode space except the no-break ones (which carry typography) becomes a plain space.
_SPACE_RE = re.compile(r"[^\S\u00a0\u202f]+")
_FR_BEFORE_RE = re.compile(r"[ \u00a0\u202f]+([?!:;»])")
_FR_AFTER_RE = re.compile(r"(«)[ \u00a0\u202f]+")
# What may follow a run of ``? ! : ;`` that ends a word: a mark inside a token ("site.fr/b?ref=1",
# "C:\\Users", "12:30", "https://") is no punctuation of the sentence and gets no space.
FR_MARK_END = " \t\n\u00a0\u202f»)]\"'’”.,…<{"
_ENDS_WORD = r"[?!:;]*(?:[" + re.escape(FR_MARK_END) + r"]|$)"
# Zero-width matches where a no-break space is missing: after a word or a closing mark, before
# ? ! ; (and : unless after a digit) that end a word; before » after anything but a space or
# another mark ("non.»"); and after « when a word follows. ``subkit lint``'s typography rule
# accepts exactly what this produces (tests/test_text.py holds them in step).
_FR_MISSING_BEFORE_RE = re.compile(r"(?:(?<=[^\W_])|(?<=[)\]\"'’”]))(?=[?!;]" + _ENDS_WORD + ")"
                                   r"|(?:(?<=[^\W\d_])|(?<=[)\]\"'’”]))(?=:" + _ENDS_WORD + ")"
                                   r"|(?<=[^\s\u00a0\u202f?!:;«»…])(?=»)")
_FR_MISSING_AFTER_RE = re.compile(r"(?<=«)(?=[^\s\u00a0\u202f])")
# An HTML/WebVTT character reference: "&amp;", "&#39;", "&#x2019;".
ENTITY_PATTERN = r"&(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
_ENTITY = re.compile(f"({ENTITY_PATTERN})")
# A web or e-mail address, or a social-media @handle or #hashtag: written as it is, never cut.
ADDRESS_PATTERN = (r"(?:https?://|www\.)[^\s<>\"«»]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                   r"|(?<![\w@])[@#][^\W\d_]\w*")
_ADDRESS = re.compile(f"(?:{ADDRESS_PATTERN})[.,;:!?)\u00a0\u202f]*")
# A line that is only a sound description, shown but not said: "[Musique]", "(rires)", "♪ ... ♪".
SOUND_LINE = re.compile(r"^\s*(?:\[[^\[\]]+\]|\([^()]+\)|♪.*)\s*$")
# A run of emoji (pictographs and symbols, with their joiners, variation selectors and skin tones).
EMOJI_PATTERN = (r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF]"
                 r"[\uFE0F\u200D\U0001F3FB-\U0001F3FF\U0001F000-\U0001FAFF\u2600-\u27BF]*)+")
_EMOJI_ONLY = re.compile(f"{EMOJI_PATTERN}[.,;:!?…]*")
# Control characters other than tab/newline are noise from copy-paste (or binary data).
_CONTROL_RE = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters XML 1.0 cannot hold, not even escaped (Word's Shift+Enter is \x0b).
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """*text* as an XML 1.0 document can hold it: a vertical tab or form feed (a line break typed in
    a word processor) becomes a space, other characters XML forbids are dropped."""
    return _NOT_XML_RE.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)

# Navigation left at the end of a scraped web page (matched after lowercasing and stripping
# arrows and punctuation). English and French blog/video templates.
NAVIGATION_MARKERS = frozenset(
    {
        "previous", "next", "prev", "older", "newer", "older post", "newer post", "previous post",
        "next post", "previous article", "next article", "previous video", "next video",
        "précédent", "précédente", "suivant", "suivante", "article précédent", "article suivant",
        "vidéo précédente", "vidéo suivante", "billet précédent", "billet suivant",
        "read more", "lire la suite", "share", "partager", "share this", "partager cet article",
        "related", "related posts", "articles similaires", "vidéos similaires", "à lire aussi",
        "voir aussi", "back to top", "retour en haut", "haut de page", "comments", "commentaires",
        "leave a comment", "laisser un commentaire", "subscribe", "s'abonner", "abonnez-vous",
        "tags", "catégories", "categories", "home", "accueil", "menu",
    }
)
_MARKER_STRIP = "←→‹›«»<>|/\\-–—·•*#:.!?()[]\"' \u00a0"
# A line of the navigation block is short and title-like.
_MAX_NAV_WORDS = 14
_MAX_NAV_CHARS = 120
_MAX_TITLE_WORDS = 14


@dataclass
class Transcript:
    """A cleaned transcript: paragraphs of normalised text, plus what was dropped and why."""

    paragraphs: list[str]
    # (1-based line number in the input, text, reason) for each dropped line.
    dropped: list[tuple[int, str, str]] = field(default_factory=list)
    # 1-based input line number of each paragraph (for error messages).
    line_numbers: list[int] = field(default_factory=list)
    title: str | None = None
    # per paragraph, from the transcript's own marks (:mod:`subkit.transcript_marks`): a time (ms)
    # its words are not shown before, and whether a new speaker starts it; and the labels taken out
    anchors: list[int | None] = field(default_factory=list)
    turns: list[bool] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    voices: list[str | None] = field(default_factory=list)  # per paragraph: its speaker's label, if named
    stamps: int = 0  # timestamps taken out
    back: list[tuple[int, int, int]] = field(default_factory=list)  # (line, ms, the latest before): going back

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def normalize_space(text: str) -> str:
    """Collapse each run of whitespace into one blank (:func:`one_blank`: a no-break space where the
    run held one, else a space) and strip the spaces at the ends."""
    text = _SPACE_RE.sub(" ", text)
    # "mot \u00a0?" -> "mot\u00a0?": what is left is a run of blanks as lint --fix collapses it
    text = BLANK_RUN.sub(lambda m: one_blank(m.group()), text)
    return text.strip(" ")


def french_typography(text: str) -> str:
    """French spacing: a no-break space before ``? ! : ; »`` and after ``«``.

    A plain space there becomes a no-break space, and a missing one is added ("gagné?" ->
    "gagné\u00a0?"), as French subtitling guides require and ``subkit lint`` checks. A colon
    after a digit ("12:30"), a mark inside a token ("https://", "site.fr/page?id=3", "C:\\Users"),
    the ";" of an HTML entity ("&amp;") and the second mark of "?!" are left alone.
    """
    if "&" in text and _ENTITY.search(text):  # "&amp;": its ";" is no French semicolon
        parts = _ENTITY.split(text)
        return "".join(p if k % 2 else french_typography(p) for k, p in enumerate(parts))
    text = _FR_BEFORE_RE.sub(NBSP + r"\1", text)
    text = _FR_AFTER_RE.sub(r"\1" + NBSP, text)
    text = _FR_MISSING_BEFORE_RE.sub(NBSP, text)
    return _FR_MISSING_AFTER_RE.sub(NBSP, text)


def is_address(token: str) -> bool:
    """Whether *token* is a web or e-mail address, @handle or #hashtag (perhaps with punctuation after)."""
    return _ADDRESS.fullmatch(token) is not None


def is_emoji(token: str) -> bool:
    """Whether *token* is emoji only (perhaps with punctuation after): "🎉", "👍🏽!"."""
    return _EMOJI_ONLY.fullmatch(token) is not None


def tokenize(text: str) -> list[str]:
    """Split on plain whitespace only: a no-break space keeps ``mot\u00a0?`` together."""
    return [t for t in _SPACE_RE.split(text) if t]


def short_parentheticals(tokens: list[str], max_chars: int = 30) -> list[tuple[int, int]]:
    """(start, end) token ranges of the bracketed asides of at most *max_chars* characters
    ("(the first one, anyway)"): read as one, like a set phrase."""
    found = []
    for k, token in enumerate(tokens):
        if not token.startswith("("):
            continue
        width = -1
        for j in range(k, len(tokens)):
            width += len(tokens[j]) + 1
            if width > max_chars or j > k and "(" in tokens[j]:
                break
            if ")" in tokens[j]:
                found.append((k, j + 1))
                break
    return found


def is_navigation_marker(line: str) -> bool:
    """True for a line such as "Previous", "← Next", "Article précédent"."""
    key = line.strip(_MARKER_STRIP).lower().replace("’", "'")
    key = re.sub(r"\s+", " ", key)
    return key in NAVIGATION_MARKERS


def _title_like(line: str, max_words: int = _MAX_NAV_WORDS) -> bool:
    words = line.split()
    return 0 < len(words) <= max_words and len(line) <= _MAX_NAV_CHARS


def _find_navigation_block(paragraphs: list[str]) -> int | None:
    """Index of the first paragraph of a trailing navigation block, or None.

    The block starts at a navigation marker and runs to the end; every line in it is short and
    title-like (other pages' titles, markers repeated for screen readers), and it holds at most
    a dozen lines. The text before the block must remain (the whole transcript is never cruft).
    """
    n = len(paragraphs)
    start = None
    for k in range(n - 1, max(-1, n - 13), -1):
        if not _title_like(paragraphs[k]):
            break
        if is_navigation_marker(paragraphs[k]):
            start = k
    if start is None or start == 0:
        return None
    return start


def _is_title(paragraphs: list[str]) -> bool:
    if len(paragraphs) < 2:
        return False
    first = paragraphs[0].rstrip()
    return _title_like(first, _MAX_TITLE_WORDS) and not first.endswith((".", ",", ";", ":"))


def clean_transcript(raw: str, lang: str = "fr", title: str = "keep") -> Transcript:
    """Normalise *raw* and drop non-speech cruft; see the module docstring.

    *title* is ``keep`` (default: the title is often spoken, and nothing may be lost silently)
    or ``drop`` (the first line is dropped when it looks like a title: short, no final period).
    """
    if title not in ("keep", "drop"):
        raise ValueError(f"title must be 'keep' or 'drop', not {title!r}")
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    raw = _CONTROL_RE.sub(" ", raw)
    paragraphs: list[str] = []
    numbers: list[int] = []
    for number, line in enumerate(raw.split("\n"), start=1):
        line = normalize_space(line)
        if not line:
            continue
        paragraphs.append(line)
        numbers.append(number)

    marks = read_marks(paragraphs, numbers)
    paragraphs, numbers = marks.paragraphs, marks.line_numbers
    anchors, turns, voices = marks.anchors, marks.turns, marks.voices
    dropped: list[tuple[int, str, str]] = []
    nav = _find_navigation_block(paragraphs)
    if nav is not None:
        for k in range(nav, len(paragraphs)):
            dropped.append((numbers[k], paragraphs[k], "web-page navigation"))
        paragraphs, numbers, anchors, turns, voices = (x[:nav] for x in (paragraphs, numbers, anchors, turns, voices))

    # the first piece of a line cut at a timestamp is no title
    whole_line = len(numbers) < 2 or numbers[0] != numbers[1]
    found_title = paragraphs[0] if whole_line and _is_title(paragraphs) else None
    if title == "drop" and found_title is not None:
        dropped.insert(0, (numbers[0], paragraphs[0], "title"))
        paragraphs, numbers, anchors, turns, voices = (x[1:] for x in (paragraphs, numbers, anchors, turns, voices))
    if lang == "fr":  # after the cruft is found, so dropped lines are reported as written
        paragraphs = [french_typography(p) for p in paragraphs]
        found_title = found_title and french_typography(found_title)
    return Transcript(paragraphs, dropped, numbers, found_title, anchors, turns, marks.speakers, voices,
                      marks.stamps, marks.back)
