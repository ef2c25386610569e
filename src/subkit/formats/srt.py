"""SRT through the ``srt`` library at the boundary (:func:`subkit.srtio.parse_srt`)."""

from __future__ import annotations

from subkit.cues import compose_srt
from subkit.formats.document import Subtitles

__all__ = ["read", "write"]


def read(text: str, name: str) -> Subtitles:
    """The cues of an SRT text; a malformed block is a one-line :class:`SubkitError` with its line."""
    from subkit.srtio import parse_srt

    return Subtitles(tuple(parse_srt(text, name)))


def write(subs: Subtitles) -> str:
    """SRT text numbered from 1 (WebVTT settings, blocks and identifiers have no place in SRT). A line
    of spaces only is left out: a reader that trims lines would take it for the blank line ending the
    cue, and lose the text after it."""
    cues = [c if all(x.strip() for x in c.lines) else c.with_text("\n".join(x for x in c.lines if x.strip()))
            for c in subs.cues]
    return compose_srt(cues)
