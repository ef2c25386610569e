"""Any audio or video file → mono float32 PCM at a fixed rate, through PyAV (FFmpeg in its wheels)."""

from __future__ import annotations

import os
import re

import numpy as np

from subkit.align.errors import AlignError

__all__ = ["RATE", "decode", "choose_track", "describe_tracks", "audio_tracks"]

RATE = 16000


def _av():
    try:
        import av
    except ImportError:
        raise AlignError("audio timing needs the 'audio' extra: pip install 'subkit[audio]'") from None
    return av


def decode(path: str | os.PathLike[str], rate: int = RATE, pcm16: bool = False, track: int | None = None,
           lang: str | None = None) -> np.ndarray:
    """An audio stream of *path* (see :func:`choose_track`), mixed to mono and resampled to *rate* Hz,
    as float32 (int16 with *pcm16*: half the memory, an hour at 16 kHz is 115 MB)."""
    av = _av()
    name = os.fspath(path)
    if not os.path.isfile(name):
        raise AlignError("is a folder, not a media file" if os.path.isdir(name) else "no such media file", name)
    try:
        container = av.open(name)
    except av.FFmpegError as exc:
        raise AlignError(f"cannot read this media (unsupported or corrupt): {_why(exc)}", name) from None
    with container:
        if not container.streams.audio:
            raise AlignError("no audio stream in this media", name)
        chosen = choose_track([a.language for a in container.streams.audio], track, lang, name)
        stream = container.streams.audio[chosen]
        declared = _wav_declared_seconds(name) or _declared_seconds(container, stream)
        pcm, level = _decoded(av, container, stream, rate, pcm16, name)
    if level.cancelled():
        # channels in opposite phase (a mis-wired stereo) mix to silence: take the loudest alone
        with av.open(name) as container:
            pcm, _ = _decoded(av, container, container.streams.audio[chosen], rate, pcm16, name, level.loudest())
    samples = np.frombuffer(pcm, np.int16 if pcm16 else np.float32)
    if len(samples) < rate // 10:
        raise AlignError("the audio stream is empty or truncated", name)
    if declared and len(samples) / rate < 0.9 * declared - 0.5:
        raise AlignError(f"truncated: {len(samples) / rate:.1f} s of audio where the file declares {declared:.1f} s",
                         name)
    return samples


_TAGS = {"fr": ("fr", "fra", "fre"), "en": ("en", "eng")}  # ISO 639-1 and -2 codes in stream tags


def choose_track(tags: list[str | None], track: int | None, lang: str | None, name: str) -> int:
    """Which audio stream to use, from 0: *track* when given, else the first whose language tag is
    *lang*'s, else the first."""
    if track is not None:
        if not 0 <= track < len(tags):
            raise AlignError(f"no audio track {track} (the media has {describe_tracks(tags)})", name)
        return track
    wanted = _TAGS.get(lang or "", (lang,))
    return next((k for k, tag in enumerate(tags) if tag and tag.lower() in wanted), 0)


def describe_tracks(tags: list[str | None]) -> str:
    """'2 audio tracks: 0 eng, 1 fra'."""
    if len(tags) == 1:
        return "1 audio track"
    return f"{len(tags)} audio tracks: " + ", ".join(f"{k} {tag or 'untagged'}" for k, tag in enumerate(tags))


def audio_tracks(path: str | os.PathLike[str]) -> list[str | None]:
    """The language tag of each audio stream of *path* (None where untagged); [] if unreadable."""
    av = _av()
    try:
        with av.open(os.fspath(path)) as container:
            return [a.language for a in container.streams.audio]
    except (av.FFmpegError, OSError):
        return []


class _Level:
    """Mean power of each input channel and of the mono mix, to tell a mix that cancelled out."""

    def __init__(self, watch: bool = True) -> None:
        self.watch = watch  # a mono source cannot cancel out: nothing to measure
        self.channels: np.ndarray | None = None
        self.inputs = 0
        self.mix = 0.0
        self.mixed = 0

    def add_input(self, frame) -> None:
        if not self.watch:
            return
        x = frame.to_ndarray()
        width = {np.dtype(np.uint8): 128.0, np.dtype(np.int16): 32768.0, np.dtype(np.int32): 2.0 ** 31}
        scale = width.get(x.dtype, 1.0)
        x = x.astype(np.float64) - (128.0 if x.dtype == np.uint8 else 0.0)
        x = x.reshape(-1, len(frame.layout.channels)).T if not frame.format.is_planar else x
        power = (x / scale) ** 2
        self.channels = power.sum(axis=1) + (0.0 if self.channels is None else self.channels)
        self.inputs += x.shape[1]

    def add_mix(self, mono: np.ndarray) -> None:
        if not self.watch:
            return
        x = mono.astype(np.float64) / (32768.0 if mono.dtype == np.int16 else 1.0)
        self.mix += float((x ** 2).sum())
        self.mixed += len(x)

    def cancelled(self) -> bool:
        """Whether the mix is 20 dB under its loudest channel (two channels would lose 6 dB at most)."""
        if self.channels is None or len(self.channels) < 2 or not self.inputs or not self.mixed:
            return False
        loudest = float(self.channels.max()) / self.inputs
        return loudest > 1e-8 and self.mix / self.mixed < 0.01 * loudest

    def loudest(self) -> int:
        return int(np.argmax(self.channels))


def _decoded(av, container, stream, rate: int, pcm16: bool, name: str,
             channel: int | None = None) -> tuple[bytearray, _Level]:
    """*stream* as mono PCM bytes at *rate* (FFmpeg's downmix, or only *channel*), and its levels."""
    fmt = "s16" if pcm16 else "flt"
    resampler = av.AudioResampler(format=fmt if channel is None else fmt + "p",
                                  layout="mono" if channel is None else None, rate=rate)
    level = _Level(watch=channel is None and getattr(stream, "channels", 2) > 1)
    pcm = bytearray()  # grows in place: an hour is decoded without a second copy
    try:
        for frame in container.decode(stream):
            level.add_input(frame)
            for out in resampler.resample(frame):
                pcm.extend(_mono(out, channel, level))
        for out in resampler.resample(None):
            pcm.extend(_mono(out, channel, level))
    except (av.FFmpegError, ValueError) as exc:
        raise AlignError(f"corrupt or truncated audio: {_why(exc)}", name) from None
    return pcm, level


def _mono(frame, channel: int | None, level: _Level) -> bytes:
    x = frame.to_ndarray()
    x = x.reshape(-1) if channel is None else x[channel]
    level.add_mix(x)
    return x.tobytes()


def _declared_seconds(container, stream) -> float | None:
    """The length the file's header promises for *stream* (a truncated file decodes shorter), if it
    says: the stream's own, before the container's (a shorter track is not truncated). Matroska gives a
    stream's in a DURATION tag, "00:00:08.725000000" (FFmpeg's stream duration is then none, or the file's)."""
    tag = re.fullmatch(r"(\d+):(\d\d):(\d\d(?:\.\d+)?)", (stream.metadata or {}).get("DURATION", ""))
    if tag:
        return int(tag.group(1)) * 3600 + int(tag.group(2)) * 60 + float(tag.group(3))
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / 1_000_000
    return None


def _wav_declared_seconds(name: str) -> float | None:
    """A WAV's length from its header's data size (FFmpeg's is the file's size: a cut WAV looks whole);
    None for other files, and for a streamed WAV (its size left 0 or all ones)."""
    with open(name, "rb") as f:
        head = f.read(4096)
    if head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    pos, byte_rate = 12, 0
    while pos + 8 <= len(head):
        chunk, size = head[pos:pos + 4], int.from_bytes(head[pos + 4:pos + 8], "little")
        if chunk == b"fmt ":
            byte_rate = int.from_bytes(head[pos + 16:pos + 20], "little")
        elif chunk == b"data":
            return size / byte_rate if byte_rate and 0 < size < 0xFFFFFFFF else None
        pos += 8 + size + (size & 1)
    return None


def _why(exc: Exception) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return " ".join(str(text).split())[:120]
