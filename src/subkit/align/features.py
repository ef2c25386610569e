"""MFCC features (13 coefficients, 25 ms window, 10 ms hop) with a sliding normalisation, numpy only.

Frames are centred at exact multiples of the hop in *seconds*, whatever the sample rate: espeak
writes 22,050 Hz, where a whole-sample hop of 220 samples is 9.977 ms and would drift half a second
in four minutes against the 16 kHz recording.
"""

from __future__ import annotations

import numpy as np

__all__ = ["HOP_S", "frame_times", "mfcc", "normalise", "features", "log_mel", "dct_matrix"]

HOP_S = 0.010
WINDOW_S = 0.025
N_MFCC = 13
N_MELS = 26
NORM_HALF_S = 1.5  # the sliding mean/variance window: ±1.5 s
_CHUNK = 4000  # frames per block: bounds the transient memory (about 40 MB) on hour-long input


def frame_times(n_samples: int, rate: int, hop_s: float = HOP_S) -> np.ndarray:
    """Centre time (s) of each frame covering *n_samples*."""
    return np.arange(int(n_samples / rate / hop_s) + 1) * hop_s


def _mel_filters(rate: int, n_fft: int) -> np.ndarray:
    def mel(f):
        return 2595.0 * np.log10(1.0 + f / 700.0)

    top = min(rate / 2.0, 8000.0)
    points = 700.0 * (10 ** (np.linspace(mel(60.0), mel(top), N_MELS + 2) / 2595.0) - 1.0)
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    bank = np.zeros((N_MELS, len(freqs)), np.float32)
    for m in range(N_MELS):
        lo, mid, hi = points[m:m + 3]
        rise = (freqs - lo) / (mid - lo)
        fall = (hi - freqs) / (hi - mid)
        bank[m] = np.clip(np.minimum(rise, fall), 0.0, None)
    return bank


def dct_matrix() -> np.ndarray:
    k = np.arange(N_MFCC)[:, None]
    n = np.arange(N_MELS)[None, :]
    return (np.cos(np.pi * k * (2 * n + 1) / (2 * N_MELS)) * np.sqrt(2.0 / N_MELS)).astype(np.float32)


def log_mel(samples: np.ndarray, rate: int, hop_s: float = HOP_S) -> tuple[np.ndarray, np.ndarray]:
    """Log mel energies per frame, and each frame's log total energy (for pause detection).

    *samples* may be float (±1) or int16; they are read block by block (no float copy of the
    whole signal: an hour of espeak's 22,050 Hz int16 is 160 MB, in float32 twice that)."""
    win = int(round(WINDOW_S * rate))
    n_fft = 1 << (win - 1).bit_length()
    scale = 1.0 / 32768.0 if samples.dtype == np.int16 else 1.0
    window = np.hamming(win).astype(np.float32)
    bank = _mel_filters(rate, n_fft)
    n = len(samples)
    # fractional positions rounded per frame: no accumulated drift
    starts = np.rint(frame_times(n, rate, hop_s) * rate).astype(np.int64) - win // 2
    mels = np.empty((len(starts), N_MELS), np.float32)
    energy = np.empty(len(starts), np.float32)
    offsets = np.arange(win)
    for a in range(0, len(starts), _CHUNK):
        idx = starts[a:a + _CHUNK, None] + offsets[None, :]
        inside = (idx >= 0) & (idx < n)
        frames = np.where(inside, samples[np.clip(idx, 0, max(n - 1, 0))], 0).astype(np.float32) * scale
        frames -= frames.mean(axis=1, keepdims=True)
        power = np.abs(np.fft.rfft(frames * window, n_fft)).astype(np.float32) ** 2
        mels[a:a + _CHUNK] = np.log(power @ bank.T + 1e-8)
        energy[a:a + _CHUNK] = np.log((frames ** 2).sum(axis=1) + 1e-8)
    return mels, energy


def mfcc(samples: np.ndarray, rate: int, hop_s: float = HOP_S) -> np.ndarray:
    """13 MFCCs per frame (frame k centred at k × hop seconds)."""
    mels, _ = log_mel(samples, rate, hop_s)
    return mels @ dct_matrix().T


def normalise(feats: np.ndarray, half: int = int(NORM_HALF_S / HOP_S)) -> np.ndarray:
    """Subtract the mean and divide by the deviation over a sliding ±*half*-frame window."""
    n = len(feats)
    zero = np.zeros((1, feats.shape[1]))
    c1 = np.vstack([zero, np.cumsum(feats, axis=0, dtype=np.float64)])
    c2 = np.vstack([zero, np.cumsum(np.square(feats, dtype=np.float64), axis=0)])
    out = np.empty(feats.shape, np.float32)
    for a in range(0, n, _CHUNK):  # block by block: float64 temporaries stay small
        rows = np.arange(a, min(a + _CHUNK, n))
        lo, hi = np.clip(rows - half, 0, n), np.clip(rows + half + 1, 0, n)
        count = (hi - lo)[:, None]
        mean = (c1[hi] - c1[lo]) / count
        var = np.maximum((c2[hi] - c2[lo]) / count - mean * mean, 1e-6)
        out[rows] = (feats[rows] - mean) / np.sqrt(var)
    return out


def features(samples: np.ndarray, rate: int) -> np.ndarray:
    """Normalised MFCCs, the features the warping compares."""
    return normalise(mfcc(samples, rate))
