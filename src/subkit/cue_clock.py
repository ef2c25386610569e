"""A cue's timing as the cue breaker (:func:`subkit.breaking.segment_tokens`) prices it: the speech
model's or the recording's word times in the frames :func:`subkit.timing.cue_times` will snap them to."""

from __future__ import annotations

import math
from typing import Sequence

from subkit.profiles import Profile
from subkit.timing import early_frames, frame_limits, reading_frames

__all__ = ["CueClock", "TIMING_VIOLATION", "ORPHAN_SECONDS", "ORPHAN_SECONDS_WEIGHT"]

TIMING_VIOLATION = 400.0  # a cue whose window breaks the reading speed or the minimum duration
ORPHAN_SECONDS = 1.2  # a cue on screen for less is an orphan a reader barely catches...
ORPHAN_SECONDS_WEIGHT = 200.0  # ...priced per second missing


class CueClock:
    """The speech model's times in the frames :func:`subkit.timing.cue_times` will snap them to,
    precomputed so that pricing a cue's timing is a few arithmetic operations."""

    def __init__(self, times: Sequence[tuple[float, float]], tail_end: float, profile: Profile,
                 held: Sequence[bool] | None = None):
        fps = profile.fps
        self.fps = fps
        self.first = [round(t[0] * fps) for t in times]
        self.held = held  # a timestamp follows the word: a cue ending there may start early (lead)
        self.gap = profile.min_gap_frames
        # a cue may stay until the next cue's first word, minus the minimum gap
        self.room = [f - profile.min_gap_frames for f in self.first[1:]] + [math.floor(tail_end * fps)]
        self.start = [t[0] for t in times]
        self.end = [t[1] for t in times]
        self.profile = profile
        self.min_frames, self.max_frames = frame_limits(profile)
        self.frames_per_char = fps / profile.hard_max_cps
        self.close = profile.close_gap_frames / fps

    def need(self, chars: int) -> int:
        """The frames a cue of *chars* characters needs on screen (:func:`subkit.timing.reading_frames`)."""
        return reading_frames(chars, self.profile)

    def lead(self, a: int, i: int, chars: int) -> int:
        """Frames a cue from token *i* may start before its first word when a timestamp holds its end
        and it is too short to read, the cue before holding tokens a..i-1 (*chars* characters): after
        that cue's speech and reading time and the minimum gap, at most EARLY_SECONDS, as
        :func:`subkit.timing.cue_times` starts it on the model's times (no lead without *held*)."""
        if self.held is None or i == 0:
            return 0
        least = max(round(self.end[i - 1] * self.fps), self.first[a] + self.need(chars))
        return max(0, min(early_frames(self.fps), self.first[i] - least - self.gap))

    def cost(self, i: int, j: int, chars: int, orphan: bool = True, lead: int = 0) -> float:
        """Penalty of a cue of *chars* characters over tokens i..j-1: its window must allow the
        reading speed and the minimum duration; on screen under ORPHAN_SECONDS it is an orphan
        (unless not *orphan*: it has no neighbour to join). *lead*: :meth:`lead`."""
        window_f = min(self.room[j - 1] - self.first[i], self.max_frames)
        # what reading needs, not capped at the maximum duration: a cue too long to read in 7 s pays for it
        need_f = max(self.min_frames, math.ceil(chars * self.frames_per_char - 1e-9))
        if window_f < need_f and self.held is not None and self.held[j - 1]:
            window_f = min(window_f + lead, need_f)
        cost = 0.0
        if window_f < need_f:
            cost += TIMING_VIOLATION + 100.0 * (need_f - window_f) / self.fps
        window, speech = window_f / self.fps, self.end[j - 1] - self.start[i]
        if not orphan or window >= ORPHAN_SECONDS and speech >= ORPHAN_SECONDS:
            return cost
        # how long cue_times will show it: its speech, stretched to what reading needs, up to the
        # next cue when the gap left would flicker
        shown = max(speech, need_f / self.fps)
        if window - shown <= self.close:
            shown = window
        shown = min(shown, window)
        if shown < ORPHAN_SECONDS:
            cost += ORPHAN_SECONDS_WEIGHT * (ORPHAN_SECONDS - shown)
        return cost
