"""Reference speech from espeak-ng (the ``espeakng-loader`` wheel's library and data, via ctypes).

The synthetic audio comes with exact word start times (espeak's WORD events, in samples), which
is what makes it a reference: warping the real recording onto it carries those times over.
Nothing is downloaded: the library and its voices ship in the wheel.
"""

from __future__ import annotations

import _ctypes
import ctypes
import threading
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from subkit.align.errors import AlignError

__all__ = ["Synthesis", "synthesize", "VOICES"]

# espeak-ng voice per subkit language
VOICES = {"fr": "fr", "en": "en"}

_EVENT_WORD = 1
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_INITIALIZE_DONT_EXIT = 0x8000
_PARAM_RATE = 1
_PARAM_PITCH = 3


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))
_LOCK = threading.Lock()  # espeak-ng is one global engine per process


@dataclass(frozen=True)
class Synthesis:
    """Synthetic speech: mono int16 samples at ``rate`` Hz and, per input word, its start sample."""

    samples: np.ndarray  # int16, as espeak writes them (an hour: 160 MB)
    rate: int
    word_starts: np.ndarray  # int64 samples, one per word of the input


@contextmanager
def _engine():
    """espeak-ng loaded and started for one synthesis, then unloaded.

    espeak-ng keeps state in static variables that outlive ``espeak_Terminate`` (pitch flutter, the
    waveform generator's buffers), so the same text spoke slightly differently on each call and the
    cue times depended on what the process had aligned before. A fresh load per synthesis gives the
    same audio as a fresh process, for about 15 ms.
    """
    try:
        import espeakng_loader
    except ImportError:
        raise AlignError("audio timing needs the 'audio' extra: pip install 'subkit[audio]'") from None
    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    try:
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
                                     ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        data = espeakng_loader.get_data_path()
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, str(data).encode(), _INITIALIZE_DONT_EXIT)
        if rate <= 0:
            raise AlignError(f"espeak-ng did not start (data {data})")
        try:
            yield lib, rate
        finally:
            lib.espeak_Terminate()
    finally:
        _ctypes.dlclose(lib._handle)


DEFAULT_SPEED = 175  # words per minute


def synthesize(words: list[str], lang: str, speed: int = DEFAULT_SPEED, pitch: int = 50,
               voice: str | None = None) -> Synthesis:
    """Speak *words* (joined by spaces) with the voice of *lang*; start sample of each word.

    Words espeak merges or splits are placed from the WORD event whose text position falls in them;
    a word with none (a lone symbol) takes the next word's start.
    """
    name = voice or VOICES.get(lang)
    if not words:
        raise AlignError("nothing to synthesize")
    with _LOCK, _engine() as (lib, rate):
        if name is None or lib.espeak_SetVoiceByName(name.encode()) != 0:
            raise AlignError(f"no synthesis voice for language {lang!r}")
        lib.espeak_SetParameter(_PARAM_RATE, int(speed), 0)
        lib.espeak_SetParameter(_PARAM_PITCH, int(pitch), 0)
        pcm = bytearray()  # grows in place: no list of chunks plus a joined copy
        events: list[tuple[int, int]] = []  # (character position, 1-based; sample)
        count = [0]

        def callback(wav, n, ev):
            if wav and n > 0:
                pcm.extend(ctypes.string_at(wav, 2 * n))
            i = 0
            while ev[i].type != 0:
                if ev[i].type == _EVENT_WORD:
                    events.append((ev[i].text_position, ev[i].sample))
                i += 1
            count[0] += n
            return 0

        cb = _CALLBACK(callback)  # kept referenced until synthesis ends
        lib.espeak_SetSynthCallback(cb)
        text = " ".join(words)
        data = text.encode("utf-8") + b"\0"
        if lib.espeak_Synth(data, len(data), 0, 0, 0, _CHARS_UTF8, None, None) != 0:
            raise AlignError("espeak-ng could not synthesize the text")
        lib.espeak_Synchronize()
    samples = np.frombuffer(pcm, np.int16)
    return Synthesis(samples, rate, _word_starts(words, events, len(samples)))


def _word_starts(words: list[str], events: list[tuple[int, int]], total: int) -> np.ndarray:
    """Map WORD events (by character position in the joined text) to the input words."""
    bounds = []  # 1-based character start of each word
    pos = 1
    for w in words:
        bounds.append(pos)
        pos += len(w) + 1
    starts = np.full(len(words), -1, np.int64)
    edges = np.array(bounds + [pos + 1])
    for char_pos, sample in events:
        k = int(np.searchsorted(edges, char_pos, side="right")) - 1
        if 0 <= k < len(words) and starts[k] < 0:
            starts[k] = sample
    nxt = total
    for k in range(len(words) - 1, -1, -1):  # words with no event take the next word's start
        if starts[k] < 0:
            starts[k] = nxt
        nxt = starts[k]
    return np.maximum.accumulate(starts)
