"""The episode's recording: ``NAME.wav|mp3|…`` beside ``NAME.txt`` times the source track, and its
hash joins the transcript's in the manifest (a new recording redoes the episode)."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["MEDIA_SUFFIXES", "media_for", "input_digest"]

# in order of preference when several lie beside the transcript (audio first: smaller to decode)
MEDIA_SUFFIXES = (".wav", ".flac", ".m4a", ".aac", ".mp3", ".ogg", ".opus", ".mp4", ".mkv", ".webm", ".mov")


def media_for(transcript: Path) -> Path | None:
    """The recording beside *transcript* (same name, a media suffix), if there is one."""
    for suffix in MEDIA_SUFFIXES:
        for candidate in (transcript.with_suffix(suffix), transcript.with_suffix(suffix.upper())):
            if candidate.is_file():
                return candidate
    return None


def input_digest(transcript_sha256: str, media: Path | None) -> str:
    """The manifest's input hash: the transcript's sha256, combined with the recording's when there is one."""
    if media is None:
        return transcript_sha256
    h = hashlib.sha256()
    with open(media, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return hashlib.sha256(f"{transcript_sha256}+media:{h.hexdigest()}".encode()).hexdigest()
