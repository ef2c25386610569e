"""Reading an SRT timing line (``00:00:01,000 --> 00:00:03,000``), tolerantly, for the scanner.

A canonical line is read by one fast regular expression. Anything else that looks like a timing
line is read by a loose one, and every departure from the canonical form becomes a note
``(level, code, message)``: errors for what players cannot read (negative numbers, 2-digit
milliseconds, ``:`` as decimal separator), warnings for what they accept (``.`` as decimal
separator, single-digit hours...). The scanner turns the notes into ``syntax`` problems with the
file's line number. Times are integer milliseconds (:func:`subkit.cues.clock_ms`).
"""

from __future__ import annotations

import re

from subkit.cues import clock_ms
from subkit.lint.problem import ERROR, WARNING

__all__ = ["FAST_TIMING", "read_timing", "fast_times"]

# Canonical timing line: HH:MM:SS,mmm --> HH:MM:SS,mmm, optionally followed by position data.
FAST_TIMING = re.compile(
    r"(\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d) --> (\d\d\d?):([0-5]\d):([0-5]\d),(\d\d\d)(?:( +\S.*?))? *",
    re.ASCII,  # SRT digits are ASCII ones ("\\d" alone also matches other scripts' digits)
)

# Anything that looks like a timing line, with whatever players (and humans) produce.
_NUM = r"(-?[0-9]{1,12})"
_TS = rf"(?:{_NUM}\s*:\s*)?{_NUM}\s*:\s*{_NUM}\s*([,.:])\s*{_NUM}"
_LOOSE_TIMING = re.compile(rf"\s*{_TS}(\s*)-+>(\s*){_TS}(.*)")

Note = tuple  # (level, code, message)


def fast_times(m: re.Match) -> tuple[int, int, str]:
    """(start ms, end ms, extra) from a :data:`FAST_TIMING` match."""
    g = m.groups()
    return (clock_ms(int(g[0]), int(g[1]), int(g[2]), int(g[3])),
            clock_ms(int(g[4]), int(g[5]), int(g[6]), int(g[7])), g[8] or "")


def _bad_parts(h: str, m: str, s: str, sep: str, ms: str) -> Note | None:
    """The error that makes a loosely written timestamp unreadable, if any."""
    if any(x.startswith("-") for x in (h, m, s, ms)):
        return ERROR, "syntax/negative-timestamp", "negative number in timestamp"
    if int(m) > 59 or int(s) > 59:
        return ERROR, "syntax/timestamp-range", "minutes and seconds must be 00-59"
    if len(ms) != 3:
        return ERROR, "syntax/millisecond-digits", "milliseconds must have 3 digits"
    if sep == ":":
        return ERROR, "syntax/colon-separator", "':' as decimal separator (SRT uses ',')"
    return None


def _ts_loose(h: str | None, m: str, s: str, sep: str, ms: str, notes: list[Note]) -> int | None:
    """Milliseconds for a loosely written timestamp (None if unreadable); appends notes."""
    if h is None and sep == ":" and len(ms) == 2:
        # "00:00:01": hours, minutes and seconds, no milliseconds (not minutes, seconds and "01" ms).
        notes.append((ERROR, "syntax/missing-milliseconds", "no milliseconds (SRT needs HH:MM:SS,mmm)"))
        return None
    if h is None:
        notes.append((WARNING, "syntax/timestamp-without-hours", "timestamp without hours"))
        h = "0"
    bad = _bad_parts(h, m, s, sep, ms)
    if bad is not None:
        notes.append(bad)
        return None
    if sep == ".":
        notes.append((WARNING, "syntax/dot-separator", "'.' as decimal separator (SRT uses ',')"))
    if len(h) == 1:
        notes.append((WARNING, "syntax/single-digit-hours", "single-digit hours (SRT uses 2 digits)"))
    elif len(h) > 2 and h[0] == "0":
        notes.append((WARNING, "syntax/hours-leading-zeros", "hours with leading zeros"))
    if len(m) != 2 or len(s) != 2:
        notes.append((WARNING, "syntax/short-minutes-seconds", "minutes and seconds should have 2 digits"))
    return clock_ms(int(h), int(m), int(s), int(ms))


def read_timing(line: str) -> tuple[int | None, int | None, str, list[Note]] | None:
    """(start ms, end ms, extra, notes) for a timing line; None when it is not one at all.

    The times are None when a timestamp cannot be read (an error note says why); *extra* is what
    follows the timing (position data), with one leading space, or "".
    """
    m = FAST_TIMING.fullmatch(line)
    if m is not None:
        return (*fast_times(m), [])
    m = _LOOSE_TIMING.fullmatch(line)
    if m is None:
        return None
    g = m.groups()
    notes: list[Note] = []
    start = _ts_loose(g[0], g[1], g[2], g[3], g[4], notes)
    end = _ts_loose(g[7], g[8], g[9], g[10], g[11], notes)
    extra = g[12] or ""
    if g[5] != " " or g[6] != " " or line != line.strip() or "-->" not in line:
        notes.append((WARNING, "syntax/irregular-arrow", "irregular spacing or arrow in the timing line"))
    if extra and not extra.startswith(" "):
        notes.append((WARNING, "syntax/text-after-timing", "text right after the timing"))
    extra = extra.strip()
    unique = list({note[2]: note for note in notes}.values())  # each message once, in order
    if start is None or end is None:
        return None, None, "", unique
    return start, end, " " + extra if extra else "", unique
