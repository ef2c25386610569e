"""Merging cues the speech outruns (``segment --audio``): which consecutive cues to show as one where
the speech is faster than reading, judged with the retimer of :mod:`subkit.timing`."""

from __future__ import annotations

import heapq
import math
from typing import Callable, Sequence

from subkit.profiles import Profile
from subkit.timing import _fit_one, _limit_frame, _starts, frame_limits, reading_frames

__all__ = ["MERGE_GAIN", "reading_merges"]

# A merge that still leaves the cue too fast must at least bring it this much closer to the limit
# (need/shown of the worse part times this): two cues that are both too fast gain nothing from
# becoming one long cue that is as fast.
MERGE_GAIN = 0.9


def reading_merges(
    speech: Sequence[tuple[float, float]],
    char_counts: Sequence[int],
    profile: Profile,
    join: Callable[[int, int], int | None],
    limit_end: int | None = None,
) -> list[range]:
    """Which consecutive cues to show as one where the speech is faster than reading
    (``segment --audio``, after the neighbours' pauses have lent their time).

    *speech* and *char_counts* are as for :func:`cue_times`; ``join(a, b)`` gives the visible
    characters of cues a..b-1 laid out as one cue, or None when they do not fit the profile's lines.
    Worst first, a cue that :func:`cue_times` could not show long enough (reading speed or minimum
    duration) is merged with the neighbour that gives the slower merged cue, when that cue meets the
    limits or is clearly closer (:data:`MERGE_GAIN`) and its speech lasts at most ``max_duration``;
    a merged cue that is still too fast may merge again. Returns ranges of cue indices, in order,
    covering every cue once (singletons where nothing merged).
    """
    if len(speech) != len(char_counts):
        raise ValueError("speech and char_counts differ in length")
    fps = profile.fps
    frames = [(round(s * fps), round(e * fps)) for s, e in speech]
    fit = _MergeFit(frames, profile, _limit_frame(limit_end, fps), join)
    for a, c in enumerate(char_counts):
        fit.add(a, a + 1, c)
    while fit.queue:
        bad, a = heapq.heappop(fit.queue)
        if fit.load.get(a) == -bad:  # not merged away or changed since it was queued
            fit.merge_best(a)
    return [range(a, fit.end[a]) for a in sorted(fit.end)]


class _MergeFit:
    """Groups of consecutive cues for :func:`reading_merges`, each keyed by its first cue, with how
    :func:`cue_times` would show it; a queue of those that break a limit, worst first."""

    def __init__(self, frames: Sequence[tuple[int, int]], profile: Profile, limit: int | None,
                 join: Callable[[int, int], int | None]):
        self.frames, self.profile, self.limit, self.join = frames, profile, limit, join
        self.starts = _starts(frames, profile)
        self.max_d = frame_limits(profile)[1]
        self.end: dict[int, int] = {}  # first cue -> one past the last
        self.first: dict[int, int] = {}  # one past the last -> first cue
        self.load: dict[int, float] = {}
        self.queue: list[tuple[float, int]] = []

    def add(self, a: int, b: int, chars: int) -> None:
        self.end[a], self.first[b] = b, a
        self.load[a] = self.load_of(a, b, chars)
        self.requeue(a)

    def requeue(self, a: int | None) -> None:
        if a is not None and self.load[a] > 1.0:
            heapq.heappush(self.queue, (-self.load[a], a))

    def load_of(self, a: int, b: int, chars: int) -> float:
        """Frames cues a..b-1 shown as one need on screen over the frames they would get (over 1: a
        limit is broken)."""
        starts = self.starts[a:a + 1] + self.starts[b:b + 1]  # with the next cue's, if any
        s, e = _fit_one(0, starts, self.frames[b - 1][1], chars, self.profile, self.limit)
        return reading_frames(chars, self.profile) / (e - s) if e > s else math.inf

    def merge_best(self, a: int) -> None:
        """Merge group *a* with the neighbour that gives the lighter cue, if that one fits the lines
        and the maximum duration and meets the limits or comes clearly closer."""
        best = None
        for x in (self.first.get(a), a):  # groups x and the one after it as one
            y = self.end.get(x) if x is not None else None
            if y is None or y not in self.end:
                continue
            b = self.end[y]
            if self.frames[b - 1][1] - self.starts[x] > self.max_d:
                continue  # the merged cue could not stay on screen while its words are spoken
            chars = self.join(x, b)
            if chars is None:
                continue
            load = self.load_of(x, b, chars)
            closer = load <= 1.0 or load <= MERGE_GAIN * max(self.load[x], self.load[y])
            if closer and (best is None or load < best[0]):
                best = (load, x, y, b, chars)
        if best is None:
            return
        _, x, y, b, chars = best
        for gone in (x, y):
            del self.first[self.end.pop(gone)], self.load[gone]
        self.add(x, b, chars)
        # the neighbours' merges changed: they may be tried again
        self.requeue(self.first.get(x))
        self.requeue(b if b in self.end else None)
