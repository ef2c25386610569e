"""The one cue value type and every time conversion subkit makes.

Times are integer milliseconds everywhere inside subkit (the shape pysubs2 uses): no float seconds,
no ``timedelta``, no frame counts travel between modules. This module is the only place that parses
or formats a timestamp, converts to or from frames or seconds, or crosses the boundary to the ``srt``
library (which stays the SRT reader/writer at the file boundary).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Iterable, Sequence

__all__ = [
    "Cue", "format_srt", "format_vtt", "parse_timestamp", "parse_time", "clock_ms", "seconds_to_ms",
    "ms_to_seconds", "ms_to_frames", "frames_to_ms", "snap_ms", "from_srt", "to_srt", "compose_srt",
]

# HH:MM:SS,mmm (SRT) or [HH:]MM:SS.mmm (WebVTT); either separator is accepted when reading.
_TIMESTAMP = re.compile(r"^\s*(?:(\d+):)?([0-5]?\d):([0-5]?\d)[,.](\d{1,3})\s*$", re.ASCII)  # ASCII digits


@dataclass(frozen=True)
class Cue:
    """One subtitle: ``start``/``end`` in integer milliseconds, ``lines`` as displayed (tags kept).

    ``index`` is the number written in the file (None when it has none); ``settings`` holds WebVTT
    cue settings (``line:0 align:start``), empty for SRT.
    """

    start: int
    end: int
    lines: tuple[str, ...]
    index: int | None = None
    settings: str = ""

    @classmethod
    def from_text(cls, start: int, end: int, text: str, index: int | None = None) -> "Cue":
        return cls(int(start), int(end), tuple(text.split("\n")) if text else (), index)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def duration(self) -> int:
        return self.end - self.start

    def with_times(self, start: int, end: int) -> "Cue":
        # the constructor, not dataclasses.replace: the retiming steps call this for every cue
        return Cue(int(start), int(end), self.lines, self.index, self.settings)

    def with_text(self, text: str) -> "Cue":
        return Cue(self.start, self.end, tuple(text.split("\n")) if text else (), self.index, self.settings)


# -- timestamps ------------------------------------------------------------------------------------
def _parts(ms: int) -> tuple[int, int, int, int]:
    ms = max(0, int(ms))
    s, ms = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return h, m, s, ms


def format_srt(ms: int) -> str:
    """``HH:MM:SS,mmm`` for a time in milliseconds (clamped at zero)."""
    h, m, s, ms = _parts(ms)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def format_vtt(ms: int) -> str:
    """``HH:MM:SS.mmm`` (WebVTT) for a time in milliseconds (clamped at zero)."""
    h, m, s, ms = _parts(ms)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def parse_timestamp(text: str) -> int:
    """Milliseconds from an SRT (``00:01:02,500``) or WebVTT (``01:02.500``) timestamp.

    A fraction of fewer than three digits is read as a decimal fraction (``,5`` is 500 ms).
    Raises ValueError on anything else.
    """
    match = _TIMESTAMP.match(text)
    if not match:
        raise ValueError(f"not a timestamp: {text!r}")
    h, m, s, frac = match.groups()
    return ((int(h or 0) * 60 + int(m)) * 60 + int(s)) * 1000 + int(frac.ljust(3, "0"))


def clock_ms(hours: int, minutes: int, seconds: int, millis: int) -> int:
    """Milliseconds from the four parts of a clock time (already read and checked by the caller)."""
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def parse_time(value: str | float) -> int:
    """Milliseconds from what a user types: ``90``, ``90.5``, ``1:30``, ``00:01:30,500``, ``00:01:30.5``.

    Raises ValueError for anything else, negative or non-finite values included, and a clock time
    whose minutes or seconds are not under 60 (``1:75``; the first part is not bounded: ``75:00``).
    """
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        parts = value.strip().replace(",", ".").split(":")
        if not 1 <= len(parts) <= 3:
            raise ValueError(f"not a time: {value!r}")
        try:
            nums = [float(p) for p in parts]
        except ValueError:
            raise ValueError(f"not a time: {value!r} (use seconds or HH:MM:SS[,mmm])") from None
        if any(not 0 <= n < 60 for n in nums[1:]):
            raise ValueError(f"not a time: {value!r} (minutes and seconds of HH:MM:SS are under 60)")
        seconds = 0.0
        for num in nums:
            seconds = seconds * 60 + num
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"not a time: {value!r}")
    return seconds_to_ms(seconds)


# -- seconds and frames ----------------------------------------------------------------------------
def seconds_to_ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def ms_to_seconds(ms: int) -> float:
    return ms / 1000.0


def ms_to_frames(ms: int, fps: float) -> int:
    """The frame a time falls on (rounded to the nearest frame).

    Computed as ``seconds * fps``, the arithmetic subkit has always used, so that a time read from
    a file lands on the frame it always did (``ms * fps / 1000`` can round differently at a tie).
    """
    return int(round(ms_to_seconds(ms) * fps))


def frames_to_ms(frames: int, fps: float) -> int:
    """The millisecond a frame's time is written as: the frame's exact time to the microsecond,
    truncated to the millisecond (what the ``srt`` library writes for it).

    At 25 fps every frame falls on a whole millisecond; at 24 or 23.976 fps frame 1 (41.67 ms) is
    written 41 ms. :func:`ms_to_frames` gives the frame back (for any rate under 500 fps).
    """
    return _td_ms(timedelta(seconds=frames / fps))


def snap_ms(ms: int, fps: float) -> int:
    """A time moved to the nearest frame boundary (as :func:`frames_to_ms` writes it)."""
    return frames_to_ms(ms_to_frames(ms, fps), fps)


# -- the srt library at the file boundary ----------------------------------------------------------
def _td_ms(value: timedelta) -> int:
    return (value.days * 86400 + value.seconds) * 1000 + value.microseconds // 1000


def from_srt(subtitles: Iterable) -> list[Cue]:
    """Cues from ``srt.Subtitle`` objects (as ``srt.parse`` yields them)."""
    return [Cue(_td_ms(s.start), _td_ms(s.end), tuple(s.content.split("\n")) if s.content else (), s.index)
            for s in subtitles]


def to_srt(cues: Sequence[Cue]) -> list:
    """``srt.Subtitle`` objects numbered from 1, for ``srt.compose``."""
    import srt

    return [srt.Subtitle(i, timedelta(milliseconds=c.start), timedelta(milliseconds=c.end), c.text)
            for i, c in enumerate(cues, 1)]


def compose_srt(cues: Sequence[Cue]) -> str:
    """SRT text for *cues*, numbered from 1."""
    import srt

    return srt.compose(to_srt(cues), reindex=False)
