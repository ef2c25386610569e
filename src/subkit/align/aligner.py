"""Align text pieces (words or cues) to a recording: (start_ms, end_ms, confidence) per piece.

The method of aeneas: espeak-ng speaks the text, both signals become normalised MFCCs, a
multi-resolution warping maps the synthetic frames onto the recording, and espeak's exact word
times are carried across the path.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from subkit.align.decode import RATE, audio_tracks, choose_track, decode, describe_tracks
from subkit.align.dtw import Gap, warp
from subkit.align.errors import AlignError
from subkit.align.features import HOP_S, NORM_HALF_S, dct_matrix, log_mel, normalise
from subkit.align.pauses import pauses, runs, speech_mask_from_mels, steady_sound
from subkit.align.synth import synthesize

__all__ = ["PieceTime", "Alignment", "align_audio", "align_media", "SKIP", "MAX_COST"]

SKIP = 4.2  # price of one recording frame passed over (music, noise): above matched speech, below mismatch
PAUSE_SKIP = 3.0  # the same in the reference's own pauses
MAX_COST = 3.5  # median cost along the path above which the text is not what is spoken (measured: right
# texts 1.8-3.2, wrong ones 3.56-3.84 with the test voices)
# (espeak words per minute, skip price before and after all the speech) tried in turn: a cheap
# edge skip passes over a music intro; a slow or unusual voice needs a dearer one (or the warping
# skips real speech), and a slower synthesis
ATTEMPTS = ((175, 1.5), (175, 3.0), (125, 1.5), (125, 3.0))
SHORT_MS, SHORT_EXTRA = 1000, 1.0  # under 1 s of synthetic speech the cost may be higher: see max_cost
RETRY_GAIN = 0.25  # a retry must lower the cost this much to count: on a wrong text the settings
# move the cost by about 0.1 (3.59 -> 3.48 measured), so the best of four would slip under MAX_COST
GAP_PRICE = 1.0  # price of one frame of a detected pause in the recording, passed over on a silent
# reference frame: below any mismatch, so a long pause (which the synthetic speech lacks) is passed
# over instead of the words being stretched into it or the speech after it taken for outro
GAP_SPEECH_EXTRA = 1.0  # ... and added on a reference frame that speaks: the pause goes between words
GAP_MISMATCH = 2.0  # added to the distance of a speaking reference frame matched to such a pause
GAP_MIN_S = 0.4  # detected pauses this long count; shorter ones are the ordinary run of speech
GAP_MARGIN_S = 0.05  # kept off each side of a pause: a soft onset or a trailing voice is not skipped
_LONG_RUN = 20  # frames: a horizontal run this long at a word's start is skipped non-speech
_ONSET_ROWS = 10  # frames of the next word's voice that may come before its word event
# silence around the synthetic speech: as much as the recording has before and after its speech, within
# these bounds (the normalisation's half window at most), so a short text's frames are normalised
# against as much silence as a short recording's (with 0.3 s always, a right "Oui." cost 4.92 and wrong
# one-word texts from 4.0; as much as the recording, 4.3 against 4.8 and more)
_PAD_S = (0.3, NORM_HALF_S)


@dataclass(frozen=True)
class PieceTime:
    start_ms: int
    end_ms: int
    confidence: float  # 0..1, from the warping's local cost over the piece


@dataclass(frozen=True)
class Alignment:
    pieces: list[PieceTime]
    cost: float  # median local distance along the path where the reference speaks
    speech: np.ndarray  # speech/non-speech per 10 ms frame of the recording
    pauses: list[tuple[int, int]]  # (start_ms, end_ms) of pauses in the recording
    duration_ms: int


def _words_of(pieces: Sequence[str]) -> tuple[list[str], list[int]]:
    words: list[str] = []
    first: list[int] = []
    for piece in pieces:
        first.append(len(words))
        words.extend(piece.split() or ["."])
    return words, first


def _confidence(cost: np.ndarray) -> np.ndarray:
    # matched espeak-to-speech frames cost about 3, unrelated ones 5 and more
    return np.clip((5.0 - cost) / 2.0, 0.0, 1.0)


def align_audio(pieces: Sequence[str], samples: np.ndarray, lang: str, rate: int = RATE,
                name: str | None = None) -> Alignment:
    """Time each piece of *pieces* (their text in order) in *samples*; see the module docstring."""
    return _align_mels(pieces, log_mel(samples, rate)[0], len(samples) / rate, lang, name)


def align_media(pieces: Sequence[str], path: str | os.PathLike[str], lang: str,
                track: int | None = None) -> Alignment:
    """Decode *path* (any audio or video file; audio *track*, from 0, else the one tagged *lang*, else
    the first) and align *pieces* to it."""
    name = os.fspath(path)
    samples = decode(path, RATE, pcm16=True, track=track, lang=lang)
    seconds = len(samples) / RATE
    mels = log_mel(samples, RATE)[0]
    del samples  # an hour of it is 115 MB: gone before synthesis starts
    try:
        return _align_mels(pieces, mels, seconds, lang, name)
    except AlignError as exc:
        tags = audio_tracks(path)
        if len(tags) < 2:
            raise
        used = choose_track(tags, track, lang, name)
        raise AlignError(f"{exc.message} (the media has {describe_tracks(tags)}; track {used} was used: "
                         "choose one with --audio-track)", name) from None


def _align_mels(pieces: Sequence[str], real_mels: np.ndarray, seconds: float, lang: str,
                name: str | None) -> Alignment:
    if not pieces:
        raise AlignError("nothing to align", name)
    words, first = _words_of(pieces)
    mask = speech_mask_from_mels(real_mels)
    # music counts as sound in the speech mask (the report's strip shows it) but, like a long pause,
    # is passed over cheaply and gets no words: else a line after a pause is timed into the music
    no_words = _long_pauses(mask) + _long_pauses(~steady_sound(real_mels, mask))
    real = real_mels @ dct_matrix().T  # raw MFCCs: each warping pass normalises its own
    best = None
    for speed, edge in ATTEMPTS:
        found = _align_once(words, first, real, mask, no_words, lang, speed, edge, seconds, name)
        if not _plausible(found[0], found[2], no_words):
            continue
        if best is None or found[1] < best[1] - RETRY_GAIN:
            best = found
        if best[1] <= max_cost(best[2]):
            break
    if best is None:
        raise AlignError("the text does not match the speech (the warping squeezed it into "
                         "a fraction of the recording): another episode's transcript or media?", name)
    out, cost, span = best
    if cost > max_cost(span):
        raise AlignError(f"the text does not match the speech (alignment cost {cost:.2f}, normal is under "
                         f"{max_cost(span):.2f}): another episode's transcript or media?", name)
    return Alignment(out, cost, mask, pauses(mask), int(round(seconds * 1000)))


def max_cost(syn_span_ms: int) -> float:
    """The highest cost of a right text whose synthetic speech lasts *syn_span_ms*: MAX_COST, up to
    SHORT_EXTRA more for a word or two (a few frames give a noisy median). Measured on one- to
    four-word clips (one voice): right texts 4.3 at 310 ms ("Oui."), 3.6 at 570 ms, 3.3 at 730 ms;
    wrong ones 4.8, 4.4 and 4.5 there: the margin is thin."""
    return MAX_COST + SHORT_EXTRA * float(np.clip((SHORT_MS - syn_span_ms) / (SHORT_MS - 300), 0.0, 1.0))


def _normalised(feats: np.ndarray, factor: int) -> np.ndarray:
    """Sliding normalisation over ±1.5 s, and over at least ±20 frames for the coarse passes."""
    return normalise(feats, max(int(NORM_HALF_S / HOP_S / factor), 20))


def _padded(mels: np.ndarray, energy: np.ndarray, pad: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """*pad* frames of digital silence before and after (what zeros in the signal would give)."""
    silent = np.float32(np.log(1e-8))
    before, after = (np.full((k, mels.shape[1]), silent, np.float32) for k in pad)
    return (np.vstack([before, mels, after]),
            np.concatenate([np.full(pad[0], silent), energy, np.full(pad[1], silent)]))


def _pads(mask: np.ndarray) -> tuple[int, int]:
    """Frames of silence to put before and after the synthetic speech: the recording's own (see _PAD_S)."""
    voiced = np.flatnonzero(mask)
    lo, hi = (int(round(t / HOP_S)) for t in _PAD_S)
    if not len(voiced):
        return lo, lo
    return int(np.clip(voiced[0], lo, hi)), int(np.clip(len(mask) - 1 - voiced[-1], lo, hi))


def _plausible(pieces: list[PieceTime], syn_span_ms: int, no_words: np.ndarray) -> bool:
    """Whether the speech took a human pace: a failed warping squeezes it against one edge. The
    recording's long pauses and music (*no_words*) do not count (the synthetic speech has none)."""
    a, b = (int(round(t / 1000 / HOP_S)) for t in (pieces[0].start_ms, pieces[-1].end_ms))
    span = pieces[-1].end_ms - pieces[0].start_ms - int(no_words[a:b].sum() * HOP_S * 1000)
    return syn_span_ms <= 0 or 0.5 <= span / syn_span_ms <= 2.5


def _long_pauses(mask: np.ndarray) -> np.ndarray:
    """Per recording frame, 1.0 inside a long detected pause (less its margins), else 0.0. (Given
    the complement of steady_sound: inside long music.)"""
    inside = np.zeros(len(mask))
    margin, shortest = int(round(GAP_MARGIN_S / HOP_S)), int(round(GAP_MIN_S / HOP_S))
    for s, e, v in runs(mask):
        if not v and e - s >= shortest:
            inside[s + margin:e - margin] = 1.0
    return inside


def _align_once(words, first, real, mask, no_words, lang, speed, edge, seconds, name):
    syn = synthesize(words, lang, speed=speed)
    pad = _pads(mask)  # rows of silence before and after the synthetic speech
    word_rows = np.rint(syn.word_starts / syn.rate / HOP_S).astype(np.int64) + pad[0]
    syn_mels, syn_energy = _padded(*log_mel(syn.samples, syn.rate), pad)
    spoken = len(syn.samples) / syn.rate
    del syn  # its samples are not needed for the warping (an hour: 160 MB)
    if seconds < 0.35 * spoken:
        raise AlignError(f"the audio ({seconds:.{1 if seconds < 10 else 0}f} s) is far shorter than the text needs "
                         f"(about {spoken:.{1 if spoken < 10 else 0}f} s "
                         "spoken): wrong or truncated media?", name)
    n_rows = len(syn_mels)
    syn_speech = syn_energy > syn_energy.max() - 12.0
    gap = Gap(no_words, syn_speech.astype(np.float64), GAP_PRICE, GAP_SPEECH_EXTRA, GAP_MISMATCH)
    path = warp(syn_mels @ dct_matrix().T, real, _skip_costs(syn_speech, edge), prepare=_normalised, gap=gap)
    first_col, last_col = path.col_range(n_rows)
    cost = float(np.median(path.costs[syn_speech[path.rows]])) if syn_speech.any() else float("inf")
    voiced = np.flatnonzero(syn_speech)
    syn_span_ms = int((voiced[-1] - voiced[0]) * HOP_S * 1000) if len(voiced) else 0
    return _piece_times(first, word_rows, syn_speech, first_col, last_col, path, n_rows), cost, syn_span_ms


def _skip_costs(syn_speech: np.ndarray, edge: float) -> np.ndarray:
    """Per reference row: free before the first and after the last sound (intro, outro), cheaper in the
    reference's pauses (a jingle between sentences) than inside words."""
    skip = np.full(len(syn_speech), SKIP)
    voiced = np.flatnonzero(syn_speech)
    if len(voiced):
        skip[~syn_speech] = PAUSE_SKIP
        skip[:voiced[0]] = edge
        skip[voiced[-1] + 1:] = edge
    return skip


def _voiced_end(speaks: np.ndarray) -> int:
    """One past a piece's last speaking reference frame. espeak's word event comes a little after the
    voice starts: a short run touching the piece's end is the next word's onset, not this piece's."""
    voiced = [(s, e) for s, e, v in runs(speaks) if v]
    if len(voiced) > 1 and voiced[-1][1] == len(speaks) and voiced[-1][1] - voiced[-1][0] <= _ONSET_ROWS:
        voiced.pop()
    return voiced[-1][1] if voiced else 1


def _piece_times(first: list[int], word_rows: np.ndarray, syn_speech: np.ndarray, first_col: np.ndarray,
                 last_col: np.ndarray, path, n_rows: int) -> list[PieceTime]:
    row_cost = np.zeros(n_rows)
    np.maximum.at(row_cost, path.rows, path.costs)
    step = HOP_S * 1000
    out = []
    for k, w in enumerate(first):
        r0 = int(min(word_rows[w], n_rows - 1))
        r1 = int(word_rows[first[k + 1]]) if k + 1 < len(first) else n_rows
        r1 = max(min(r1, n_rows), r0 + 1)
        end_row = r0 + _voiced_end(syn_speech[r0:r1])
        start_col = last_col[r0] if last_col[r0] - first_col[r0] >= _LONG_RUN else first_col[r0]
        end_col = first_col[min(end_row, n_rows - 1)]
        end_col = max(end_col, start_col + 1)
        conf = float(_confidence(np.median(row_cost[r0:end_row])))
        out.append(PieceTime(int(round(start_col * step)), int(round(end_col * step)), round(conf, 3)))
    return out
