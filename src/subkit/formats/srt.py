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
    """SRT text numbered from 1 (WebVTT settings, blocks and identifiers have no place in SRT)."""
    return compose_srt(subs.cues)
