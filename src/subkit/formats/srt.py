"""SRT through the ``srt`` library at the boundary (:func:`subkit.srtio.parse_srt`)."""

from __future__ import annotations

import re

from subkit.cues import compose_srt
from subkit.formats.document import Subtitles
from subkit.srtio import TIMING_LINE

__all__ = ["read", "write"]


def read(text: str, name: str) -> Subtitles:
    """The cues of an SRT text; a malformed block is a one-line :class:`SubkitError` with its line.
    Milliseconds of one or two digits (``00:00:01,5``) are read as written, 5 ms, as VLC and ffmpeg
    (so mpv) read them, and named in a notice: ``subkit lint`` calls them an error."""
    from subkit.srtio import parse_srt

    return Subtitles(tuple(parse_srt(text, name)), notices=_short_milliseconds(text))


_SHORT_FRACTION = re.compile(r"\d:\d+[,.]\d{1,2}(?!\d)")


def _short_milliseconds(text: str) -> tuple[str, ...]:
    lines = [text.count("\n", 0, m.start()) + 1 for m in TIMING_LINE.finditer(text)
             if _SHORT_FRACTION.search(m.group(0))]
    if not lines:
        return ()
    more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
    return (f"milliseconds of fewer than 3 digits read as written (',5' as 5 ms, as VLC and ffmpeg read them; "
            f"'subkit lint' calls it an error) on line(s) {', '.join(map(str, lines[:5]))}{more}",)


def write(subs: Subtitles) -> str:
    """SRT text numbered from 1 (WebVTT settings, blocks and identifiers have no place in SRT). A line
    of spaces only is left out: a reader that trims lines would take it for the blank line ending the
    cue, and lose the text after it."""
    cues = [c if all(x.strip() for x in c.lines) else c.with_text("\n".join(x for x in c.lines if x.strip()))
            for c in subs.cues]
    return compose_srt(cues)
