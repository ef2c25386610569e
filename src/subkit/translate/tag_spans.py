"""Tags over some words of a piece (``<i>Le Monde</i>``) put back on the words that render them in
the translation, each sought among the translated words of its own sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from subkit.cues import Cue
from subkit.tags import Span, Stack, Tail, locate, punctuation_tail
from subkit.text import tokenize
from subkit.translate.memory import normalise_source
from subkit.translate.sentences import Piece

__all__ = ["Part", "place_tags"]


@dataclass(frozen=True)
class Part:
    """What one sentence put in a piece: how many of the piece's source words its fragment holds
    (as :attr:`subkit.translate.sentences.Fragment.words` counts them; None: all that are left) and
    how many translated words it wrote there."""

    source: int | None
    written: int


def _owners(words: Sequence[str], parts: Sequence[Part]) -> list[int]:
    """For each source word of a piece (as tokenize cuts it), the part holding it. The splitter's
    words are cut at a no-break space too ("voici\u00a0!" is two): counted within each word."""
    owners: list[int] = []
    seen, k, end = 0, 0, parts[0].source
    for word in words:
        while k + 1 < len(parts) and end is not None and seen >= end:
            k += 1
            end = None if parts[k].source is None else end + parts[k].source
        owners.append(k)
        seen += len(word.split())
    return owners


def _window(span: Span, words: Sequence[str], parts: Sequence[Part], written: int
            ) -> tuple[int, int, float]:
    """The translated words (first, end) of the sentences that hold *span*, and where the span sits
    among their source words (0..1). The whole piece when the parts do not account for its words."""
    whole = (0, written, (span.first + span.last) / 2 / max(1, len(words) - 1))
    if len(parts) < 2 or sum(p.written for p in parts) != written:
        return whole
    owners = _owners(words, parts)
    a, b = owners[span.first], owners[span.last]
    src = [i for i, k in enumerate(owners) if a <= k <= b]
    expected = ((span.first + span.last) / 2 - src[0]) / max(1, src[-1] - src[0])
    return sum(p.written for p in parts[:a]), sum(p.written for p in parts[:b + 1]), expected


def place_tags(subs: Sequence[Cue], pieces: Sequence[Piece], piece_text: Sequence[str],
               parts: Sequence[Sequence[Part]], alone: Callable[[list[str]], dict[str, str]],
               warnings: list[str], clock: Callable[[int], str]) -> tuple[list[list[Stack]], list[list[Tail | None]]]:
    """The formatting of each translated word: its piece's tags, and the tags of a source span
    (``<i>Le Monde</i>``) on the words that render it, found by spelling, as the span is copied or
    as it translates *alone* (translations by normalised source), among the words its own sentence
    wrote (*parts*, per piece). A span found nowhere there loses its tags, with a warning in
    *warnings*. With them, per piece, the words whose span tags close before their final
    punctuation, as in the source (``<b>Bakhmout</b>.``)."""
    translated = [tokenize(text) for text in piece_text]
    tags = [[piece.tags] * len(words) for piece, words in zip(pieces, translated)]
    tails: list[list[Tail | None]] = [[None] * len(words) for words in translated]
    spans = []  # (piece, span, the span's source words, the piece's source words)
    for n, piece in enumerate(pieces):
        source = tokenize(piece.text) if piece.spans else []
        spans += [(n, span, " ".join(source[span.first:span.last + 1]), source) for span in piece.spans]
    if not spans:
        return tags, tails
    # a span alone is no sentence of the file: translated each time, never remembered
    renderings = alone([text for _, _, text, _ in spans])
    for n, span, text, source in spans:
        first, end, expected = _window(span, source, parts[n], len(translated[n]))
        found = locate(text, renderings[normalise_source(text)], translated[n][first:end], expected)
        if found is None:
            warnings.append(f"cue at {clock(subs[pieces[n].cue].start)}: {''.join(span.tags)} around {text!r} "
                            "not found in the translation; the tags were dropped")
            continue
        for i in range(first + found[0], first + found[1] + 1):
            tags[n][i] = pieces[n].tags + span.tags
        if span.outside:
            tails[n][first + found[1]] = punctuation_tail(translated[n][first + found[1]], pieces[n].tags)
    return tags, tails
