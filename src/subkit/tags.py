"""Formatting tags in cues: which words each tag covers, and writing them back after re-wrapping or
translating the words (``subkit translate``, ``subkit lint --fix``).

A cue's text is read as words, each carrying the stack of formatting tags open over it
(``<i>``, ``<b>``, ``<u>``, ``<s>``, ``<font …>``; on request WebVTT's ``<c.class>``, ``<v Voice>``,
``<lang ar>``). Tags that cover every word of a cue belong to the whole cue; tags over some lines
or words are carried by those lines, or located again among the translated words. The translated
words are wrapped without their tags, so that a tag never changes a line break, and the tags are
then written around the words they cover, always balanced. SSA override blocks (``{\\an8}``) before
the text are kept; elsewhere, and unknown tags, are dropped.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

from subkit.profiles import TAG_PATTERN
from subkit.text import tokenize

__all__ = ["Stack", "Tail", "Word", "Span", "read_words", "open_tags", "continued", "punctuation_tail",
           "ignored_tags", "common_tags", "closing", "spans_of", "locate", "write_lines", "wrap_tagged",
           "merge_contents"]

Stack = tuple[str, ...]  # opening tags, outermost first

# Words are cut at plain whitespace only, as subkit.text.tokenize does: "mot\u00a0?" is one word.
_SPACE_RE = re.compile(r"([^\S\u00a0\u202f]+)")
_TOKEN_RE = re.compile(f"({TAG_PATTERN})")
_OPEN_RE = re.compile(r"<\s*(i|b|u|s|font)(?:\s[^<>]*)?>", re.IGNORECASE)
_CLOSE_RE = re.compile(r"<\s*/\s*(i|b|u|s|font)\s*>", re.IGNORECASE)
# With ``webvtt``, WebVTT's spans too: a class (<c.yellow>, <i.loud>), a voice (<v Ahmed>), a
# language (<lang ar>). Only lint --fix keeps them: segment and translate drop them (YouTube's <c>).
_VTT_OPEN_RE = re.compile(r"<\s*(i|b|u|s|font|c|v|lang)(?:\.[^\s<>]*)?(?:\s[^<>]*)?>", re.IGNORECASE)
_VTT_CLOSE_RE = re.compile(r"<\s*/\s*(i|b|u|s|font|c|v|lang)\s*>", re.IGNORECASE)
# Punctuation ending a word, which a tag may end before ("<b>Bakhmout</b>.").
_TRAIL_PUNCT = re.compile(r"[.,;:!?…»\"')\]]+$")
# How alike a run of translated words must be to a tagged source span (copied, as names and titles
# are, or translated alone) to take its tags.
MIN_SIMILARITY = 0.6
# How alike a word at either end of that run must be to a word of the span or of its translation
# alone to stay in the run ("I'm" is 0.67 like "I" of "I really do": out).
EDGE_SIMILARITY = 0.8


# The end of a word read under fewer tags than its start, as (characters, their tags): the comma of
# "<i>Les Misérables</i>," (1, ()), the "s" of "<i>Le</i>s". None: the whole word has its tags.
Tail = tuple[int, Stack]


@dataclass(frozen=True)
class Word:
    text: str
    tags: Stack
    line: int
    tail: Tail | None = None


@dataclass(frozen=True)
class Span:
    """Tags over words ``first..last`` (inclusive) of a piece's text, beyond the piece's own tags."""

    first: int
    last: int
    tags: Stack
    outside: bool = False  # the last word ends outside the tags (its final punctuation: "<b>Bakhmout</b>.")


def _name(tag: str) -> str:
    m = _VTT_OPEN_RE.fullmatch(tag) or _VTT_CLOSE_RE.fullmatch(tag)
    return m.group(1).lower() if m else ""


def closing(tag: str) -> str:
    return f"</{_name(tag)}>"


class _WordReader:
    """Reads a cue's text token by token (tags and text): the words, and the tags open over each."""

    def __init__(self, webvtt: bool = False) -> None:
        self.opens, self.closes = (_VTT_OPEN_RE, _VTT_CLOSE_RE) if webvtt else (_OPEN_RE, _CLOSE_RE)
        self.overrides = ""  # SSA override blocks before the text
        self.words: list[Word] = []
        self.stack: list[str] = []
        self.line = 0
        self.pending = ""  # a word being read, possibly cut by a tag ("<i>Le</i>s")
        self.pending_tags: Stack = ()
        self.stray: set[str] = set()  # tags closed that were not open here (opened in an earlier cue)
        self.tail: Tail | None = None  # where the tags the word started under closed inside it

    def flush(self) -> None:
        if self.pending:
            tail = self.tail and (min(self.tail[0], len(self.pending) - 1), self.tail[1])
            self.words.append(Word(self.pending, self.pending_tags, self.line, tail if tail and tail[0] else None))
            self.pending, self.tail = "", None

    def tag(self, token: str) -> None:
        if token.startswith("{"):
            if not self.words and not self.pending:
                self.overrides += token
        elif self.opens.fullmatch(token):
            self.stack.append(token)
        elif self.closes.fullmatch(token):
            name = _name(token)
            for k in range(len(self.stack) - 1, -1, -1):
                if _name(self.stack[k]) == name:
                    del self.stack[k]
                    break
            else:
                self.stray.add(name)

    def text(self, token: str) -> None:
        for k, part in enumerate(_SPACE_RE.split(token)):
            if k % 2:  # whitespace
                self.flush()
                self.line += part.count("\n")
            elif part:
                if not self.pending:
                    self.pending_tags = tuple(self.stack)
                elif self.tail is not None or self._closed_inside():
                    # after a tag that closed inside the word: that end is outside it
                    self.tail = ((self.tail or (0,))[0] + len(part), tuple(self.stack))
                self.pending += part

    def _closed_inside(self) -> bool:
        """Whether tags the pending word started under have closed, the rest still open."""
        now = tuple(self.stack)
        return len(now) < len(self.pending_tags) and self.pending_tags[:len(now)] == now


def _read(content: str, webvtt: bool = False) -> _WordReader:
    reader = _WordReader(webvtt)
    for token in _TOKEN_RE.split(content):
        if not token:
            continue
        if _TOKEN_RE.fullmatch(token):
            reader.tag(token)
        else:
            reader.text(token)
    reader.flush()
    return reader


def read_words(content: str, webvtt: bool = False) -> tuple[str, list[Word]]:
    """(SSA override blocks before the text, the visible words with the tags open over each);
    *webvtt*: WebVTT's class, voice and language spans are tags too (else dropped)."""
    reader = _read(content, webvtt)
    return reader.overrides, reader.words


def continued(contents: Sequence[str]) -> list[str]:
    """Cue contents with the tags a cue leaves open opened again at the start of the next cue when
    that one closes them: a sentence in italics over two cues (``<i>Il était une fois, dans un
    pays`` / ``très lointain, un roi triste.</i>``) is in italics in both."""
    out: list[str] = []
    carried: Stack = ()
    for content in contents:
        stray = _tags_of(content).stray
        content = "".join(t for t in carried if _name(t) in stray) + content
        carried = open_tags(content)
        out.append(content)
    return out


def punctuation_tail(word: str, tags: Stack) -> Tail | None:
    """The tail of a translated *word* whose final punctuation stays outside a span that closed
    before it in the source (``<b>Bakhmout</b>.`` -> ``<b>Bakhmut</b>.``), under *tags*."""
    end = _TRAIL_PUNCT.search(word)
    return (len(end.group(0)), tags) if end and end.start() > 0 else None


def _tags_of(content: str) -> _WordReader:
    """*content*'s tags read, its text skipped (the open stack and the stray closes only)."""
    reader = _WordReader()
    for m in _TOKEN_RE.finditer(content):
        reader.tag(m.group(0))
    return reader


def open_tags(content: str) -> Stack:
    """The formatting tags *content* leaves open at its end (``<i>`` for ``<i>Oui, sûr``)."""
    return tuple(_tags_of(content).stack)


def ignored_tags(content: str, webvtt: bool = False) -> list[str]:
    """The tags of *content* that :func:`read_words` (with *webvtt*) drops: unknown ones, and SSA
    override blocks after the start of the text."""
    head = re.match(r"(?:\s*\{\\[^{}\n]*\})*", content).end()
    opens, closes = (_VTT_OPEN_RE, _VTT_CLOSE_RE) if webvtt else (_OPEN_RE, _CLOSE_RE)
    return [m.group(0) for m in _TOKEN_RE.finditer(content)
            if not (opens.fullmatch(m.group(0)) or closes.fullmatch(m.group(0)) or m.start() < head)]


def common_tags(stacks: Sequence[Stack]) -> Stack:
    """The longest run of outer tags shared by every stack."""
    if not stacks:
        return ()
    first = stacks[0]
    n = 0
    while n < len(first) and all(len(s) > n and s[n] == first[n] for s in stacks):
        n += 1
    return first[:n]


def spans_of(words: Sequence[Word], base: Stack) -> list[Span]:
    """Runs of consecutive words with the same tags beyond *base*."""
    spans: list[Span] = []
    for i, word in enumerate(words):
        extra = word.tags[len(base):]
        if not extra:
            continue
        if spans and spans[-1].last == i - 1 and spans[-1].tags == extra:
            spans[-1] = Span(spans[-1].first, i, extra, word.tail is not None)
        else:
            spans.append(Span(i, i, extra, word.tail is not None))
    return spans


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if c.isalnum() or c == " ").strip()


def _until_repeat(text: str) -> str:
    """*text* up to its first repeated word: a small model translating a lone word or two may loop
    ("très" -> "very very very much very...")."""
    seen: set[str] = set()
    kept: list[str] = []
    for word in text.split():
        key = _plain(word)
        if key in seen:
            break
        seen.add(key)
        kept.append(word)
    return " ".join(kept)


def locate(source_span: str, span_translation: str, words: Sequence[str], expected: float
           ) -> tuple[int, int] | None:
    """The run of *words* (first, last) that renders *source_span*: the closest in spelling to the
    span itself (names and titles are copied) or to its translation alone; on a tie the longer run,
    then the nearer to the *expected* position (0..1); None when nothing is alike enough."""
    targets = [t for t in {_plain(source_span), _plain(_until_repeat(span_translation))} if t]
    if not targets or not words:
        return None
    n_src = len(source_span.split())
    best: tuple[float, int, float, int, int] | None = None
    for first in range(len(words)):
        for last in range(first, min(len(words), first + n_src + 3)):
            window = _plain(" ".join(words[first:last + 1]))
            if not window:
                continue
            score = max(difflib.SequenceMatcher(None, window, t).ratio() for t in targets)
            where = abs((first + last) / 2 / max(1, len(words) - 1) - expected)
            # the most alike, then the longest ("Le Monde" over "Monde"), then the nearest
            key = (round(score, 6), last - first, -where, first, last)
            if best is None or key[:3] > best[:3]:
                best = key
    if best is None or best[0] < MIN_SIMILARITY:
        return None
    return _trimmed(best[3], best[4], words, source_span, span_translation)


def _trimmed(first: int, last: int, words: Sequence[str], source_span: str, span_translation: str
             ) -> tuple[int, int]:
    """The run *first..last* without end words that render no word of the span: a lone word
    translated alone comes back padded ("vraiment" -> "I really do"), and the run most like that
    takes in a neighbour ("I'm really" for "really")."""
    known = {_plain(w) for w in (source_span + " " + _until_repeat(span_translation)).split()} - {""}

    def renders(word: str) -> bool:
        plain = _plain(word)
        return any(difflib.SequenceMatcher(None, plain, k).ratio() >= EDGE_SIMILARITY for k in known)

    while first < last and not renders(words[first]):
        first += 1
    while last > first and not renders(words[last]):
        last -= 1
    return first, last


def write_lines(words: Sequence[str], stacks: Sequence[Stack], breaks: Sequence[int],
                tails: Sequence[Tail | None] | None = None) -> list[str]:
    """Lines of *words* broken before each index in *breaks*, with each word's tags opened and closed
    around it (and around the end of a word that was read under fewer, *tails*: ``<i>Le</i>s``,
    ``<i>Les Misérables</i>,``); tags stay open across a line break and are all closed at the end."""
    pieces: list[tuple[str, Stack, bool]] = []  # (text, its tags, glued to the piece before)
    for word, stack, tail in zip(words, stacks, tails or [None] * len(words)):
        if tail and 0 < tail[0] < len(word):
            pieces += [(word[:-tail[0]], stack, False), (word[-tail[0]:], tail[1], True)]
        else:
            pieces.append((word, stack, False))
    marked: list[str] = []
    open_now: Stack = ()
    for text, stack, glued in pieces + [("", (), False)]:
        keep = len(common_tags([open_now, stack]))
        if marked:
            marked[-1] += "".join(closing(t) for t in reversed(open_now[keep:]))
        opened = "".join(stack[keep:]) + text
        if glued:
            marked[-1] += opened
        else:
            marked.append(opened)
        open_now = stack
    marked.pop()  # the sentinel that closed what was open
    cuts = [0] + sorted(set(b for b in breaks if 0 < b < len(marked))) + [len(marked)]
    return [" ".join(marked[a:b]) for a, b in zip(cuts, cuts[1:]) if b > a]


def wrap_tagged(words: Sequence[str], stacks: Sequence[Stack], wrap: Callable[[str], list[str]],
                tails: Sequence[Tail | None] | None = None) -> list[str]:
    """Wrap the visible words with *wrap* (which never drops or reorders words), then tag them
    (:func:`write_lines`)."""
    lines = wrap(" ".join(words))
    breaks, seen = [], 0
    for text in lines[:-1]:
        seen += len(tokenize(text))
        breaks.append(seen)
    return write_lines(words, stacks, breaks, tails)


def merge_contents(first: str, second: str, wrap: Callable[[str], list[str]]) -> str:
    """Two cues' contents as one, re-wrapped, each word keeping its tags."""
    overrides, words = read_words(first)
    _, more = read_words(second)
    words += more
    return overrides + "\n".join(wrap_tagged([w.text for w in words], [w.tags for w in words], wrap,
                                              [w.tail for w in words]))


def split_contents(content: str, at: int, wrap: Callable[[str], list[str]]) -> tuple[str, str]:
    """One cue's content as two, cut before visible word *at*, each re-wrapped and each word keeping
    its tags (SSA override blocks go with the first)."""
    overrides, words = read_words(content)
    halves = words[:at], words[at:]
    first, second = ("\n".join(wrap_tagged([w.text for w in half], [w.tags for w in half], wrap,
                                            [w.tail for w in half]))
                     for half in halves)
    return overrides + first, second
