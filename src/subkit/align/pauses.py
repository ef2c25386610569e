"""Speech / non-speech per 10 ms frame, and the pauses between phrases.

A frame is speech when its *voiced* energy (mel bands under 1 kHz) stands well above the
recording's floor. Breathing and hiss put their energy above 1 kHz, so a breath in a pause does
not end the pause, as it would with a plain energy threshold. Short non-speech inside words
(stops, fricatives) is filled in; short bursts (clicks) are dropped.
"""

from __future__ import annotations

import numpy as np

from subkit.align.features import HOP_S, log_mel

__all__ = ["speech_mask", "pauses", "runs", "MIN_PAUSE_S", "steady_sound"]

LOW_BANDS = 8  # mel bands centred under ~1 kHz
MIN_PAUSE_S = 0.2
_FILL_S = 0.12  # silence shorter than this inside speech is a consonant
_BURST_S = 0.06  # speech shorter than this is a click
_FLOOR_RANGE = 50 / 10 * np.log(10)  # 50 dB, in natural-log power units
# Music is sound whose voiced energy holds steady: over 0.8 s its low-band level varies by a
# standard deviation of 0.03-0.2 (natural-log power) on the test music, 1.0-3.5 in any speech
# (syllables rise and fall several times a second)
_STEADY_HALF_S = 0.4
_STEADY_SD = 0.5


def runs(mask: np.ndarray) -> list[tuple[int, int, bool]]:
    """(start, end, value) runs of a boolean array."""
    if len(mask) == 0:
        return []
    edges = np.flatnonzero(np.diff(mask.astype(np.int8))) + 1
    starts = np.concatenate([[0], edges])
    ends = np.concatenate([edges, [len(mask)]])
    return [(int(s), int(e), bool(mask[s])) for s, e in zip(starts, ends)]


def _set_short(mask: np.ndarray, value: bool, shorter: int) -> np.ndarray:
    out = mask.copy()
    for s, e, v in runs(mask):
        if v == value and e - s < shorter and s > 0 and e < len(mask):
            out[s:e] = not value
    return out


def speech_mask_from_mels(mels: np.ndarray) -> np.ndarray:
    """Speech per frame from log mel energies (see the module docstring)."""
    if len(mels) == 0:
        return np.zeros(0, bool)
    low = _low_energy(mels)
    level = np.percentile(low, 95)
    # digital silence (a padded gap) must not set the floor: nothing counts below 50 dB under the speech
    floor = max(np.percentile(low, 5), level - _FLOOR_RANGE)
    voiced = low > floor + 0.45 * (level - floor)
    voiced = _set_short(voiced, False, int(round(_FILL_S / HOP_S)))
    return _set_short(voiced, True, int(round(_BURST_S / HOP_S)))


def speech_mask(samples: np.ndarray, rate: int) -> np.ndarray:
    """Speech (True) or not, per 10 ms frame."""
    mels, _ = log_mel(samples, rate)
    return speech_mask_from_mels(mels)


def pauses(mask: np.ndarray, min_pause_s: float = MIN_PAUSE_S) -> list[tuple[int, int]]:
    """Non-speech runs of at least *min_pause_s* between speech, as (start_ms, end_ms)."""
    step = int(round(HOP_S * 1000))
    shortest = int(round(min_pause_s / HOP_S))
    return [(s * step, e * step) for s, e, v in runs(mask) if not v and e - s >= shortest]


def _low_energy(mels: np.ndarray) -> np.ndarray:
    return np.logaddexp.reduce(mels[:, :LOW_BANDS], axis=1)


def steady_sound(mels: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Per frame, whether it is sound that is not speech (music, a tone): inside a window of
    ±0.4 s whose sounding frames keep a steady level (see _STEADY_SD). *mask*: speech_mask_from_mels."""
    n, half = len(mask), int(round(_STEADY_HALF_S / HOP_S))
    if n == 0:
        return np.zeros(0, bool)
    low = np.where(mask, _low_energy(mels), 0.0).astype(np.float64)
    sums = [np.concatenate([[0.0], np.cumsum(x)]) for x in (mask.astype(np.float64), low, low * low)]
    lo, hi = np.clip(np.arange(n) - half, 0, n), np.clip(np.arange(n) + half + 1, 0, n)
    count, total, square = (c[hi] - c[lo] for c in sums)
    full = count >= 1.5 * half  # three quarters of the window sound: a lone word is not music
    var = square / np.maximum(count, 1) - (total / np.maximum(count, 1)) ** 2
    steady = np.flatnonzero(full & (var < _STEADY_SD ** 2))
    edges = np.zeros(n + 1)  # every frame of a steady window is steady: its centre's window, spread
    np.add.at(edges, lo[steady], 1)
    np.add.at(edges, hi[steady], -1)
    return (np.cumsum(edges)[:n] > 0) & mask
