"""Cues → sentences: find the translatable text of each cue and join it into whole sentences.

A sentence may span several cues, and one cue may end a sentence and start the next. Each
sentence keeps its *fragments* (which piece of which cue each part of its text came from) so
that the translation can be put back on the same cues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from subkit.language import rules
from subkit.profiles import strip_tags

__all__ = ["CueText", "Piece", "Fragment", "Sentence", "analyse_cue", "group_sentences"]

_LEADING_TAGS = re.compile(r"^(?:\s*(?:<[^<>\n]*>|\{\\[^{}\n]*\}))+")
_TRAILING_TAGS = re.compile(r"(?:(?:<[^<>\n]*>|\{\\[^{}\n]*\})\s*)+$")
_DASH = re.compile(r"^\s*[-–—]\s*")
_MUSIC = set("♪♫♬♩")
# A sentence without punctuation is cut at a cue end once it grows past this many characters,
# so that unpunctuated input still translates in sentence-sized units.
MAX_SENTENCE_CHARS = 300


@dataclass
class Piece:
    """A translatable unit of one cue: its whole text, or one dialogue line."""

    cue: int
    text: str
    dash: bool = False


@dataclass
class CueText:
    """What a cue holds: tags around the text, and its translatable pieces (none = keep as is)."""

    prefix: str
    suffix: str
    pieces: list[Piece]
    dialogue: bool = False


@dataclass
class Fragment:
    piece: int  # index into the flat list of pieces
    text: str


@dataclass
class Sentence:
    fragments: list[Fragment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(f.text for f in self.fragments)


def analyse_cue(index: int, content: str) -> CueText:
    """Split a cue's content into outer tags and translatable pieces.

    Whole-cue tags (``<i>…</i>``, ``{\\an8}``) are kept aside and put back on the translation;
    tags inside the text are dropped. Cues with no letters, or with music notes, are kept verbatim.
    """
    lead = _LEADING_TAGS.match(content)
    prefix = lead.group(0).strip() if lead else ""
    rest = content[lead.end():] if lead else content
    trail = _TRAILING_TAGS.search(rest)
    suffix = trail.group(0).strip() if trail else ""
    body = rest[:trail.start()] if trail else rest
    plain = strip_tags(body)
    if not any(ch.isalpha() for ch in plain) or _MUSIC.intersection(plain):
        return CueText(prefix, suffix, [])
    lines = [ln.strip() for ln in plain.splitlines() if ln.strip()]
    dashed = [bool(_DASH.match(ln)) for ln in lines]
    if len(lines) > 1 and all(dashed) or (len(lines) == 1 and dashed[0]):
        pieces = [Piece(index, _DASH.sub("", ln), dash=True) for ln in lines]
        return CueText(prefix, suffix, [p for p in pieces if p.text], dialogue=True)
    return CueText(prefix, suffix, [Piece(index, " ".join(" ".join(lines).split()))])


def group_sentences(pieces: list[Piece], lang: str) -> list[Sentence]:
    """Join consecutive pieces into sentences, cutting at sentence ends inside or between pieces.

    Dialogue lines and cues kept verbatim always end a sentence: a new speaker starts anew.
    """
    lr = rules(lang)
    sentences: list[Sentence] = []
    current = Sentence()
    length = 0

    def close() -> None:
        nonlocal current, length
        if current.fragments:
            sentences.append(current)
        current, length = Sentence(), 0

    for n, piece in enumerate(pieces):
        nxt = pieces[n + 1] if n + 1 < len(pieces) else None
        hard_end = (piece.dash or nxt is None or nxt.dash or nxt.cue > piece.cue + 1)
        tokens = piece.text.split()
        start = 0
        for t, token in enumerate(tokens):
            following = tokens[t + 1] if t + 1 < len(tokens) else (
                nxt.text.split()[0] if nxt and nxt.text.split() and not hard_end else "")
            if lr.is_sentence_end(token) and not _continues(token, following):
                current.fragments.append(Fragment(n, " ".join(tokens[start:t + 1])))
                start = t + 1
                close()
        if start < len(tokens):
            frag = " ".join(tokens[start:])
            current.fragments.append(Fragment(n, frag))
            length += len(frag) + 1
        if hard_end or length > MAX_SENTENCE_CHARS:
            close()
    close()
    return sentences


def _continues(token: str, following: str) -> bool:
    """An ellipsis followed by lowercase or another ellipsis continues the same sentence."""
    if not token.endswith(("...", "…")) or not following:
        return False
    return following.startswith(("...", "…")) or following[0].islower()
