"""The episode's recording: ``NAME.wav|mp3|…`` beside ``NAME.txt`` (or in ``--media DIR``) times the
source track, and its hash joins the transcript's in the manifest (a new recording redoes the episode)."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["MEDIA_SUFFIXES", "media_for", "input_digest", "episode_input"]

# in order of preference when several lie beside the transcript (audio first: smaller to decode)
MEDIA_SUFFIXES = (".wav", ".flac", ".m4a", ".aac", ".mp3", ".ogg", ".opus", ".mp4", ".mkv", ".webm", ".mov")


def _named_like(folder: Path, stem: str) -> Path | None:
    for suffix in MEDIA_SUFFIXES:
        for candidate in (folder / (stem + suffix), folder / (stem + suffix.upper())):
            if candidate.is_file():
                return candidate
    return None


def media_for(transcript: Path, media_dir: str | Path | None = None) -> Path | None:
    """The recording of *transcript*: same name with a media suffix, beside it first, then in
    *media_dir* (``--media``); None if there is none."""
    stem = transcript.name[: -len(transcript.suffix)] if transcript.suffix else transcript.name
    found = _named_like(transcript.parent, stem)
    if found is None and media_dir is not None:
        found = _named_like(Path(media_dir), stem)
    return found


def input_digest(transcript_sha256: str, media: Path | None) -> str:
    """The manifest's input hash: the transcript's sha256, combined with the recording's when there is one."""
    if media is None:
        return transcript_sha256
    h = hashlib.sha256()
    with open(media, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return hashlib.sha256(f"{transcript_sha256}+media:{h.hexdigest()}".encode()).hexdigest()


def episode_input(transcript: Path, transcript_sha256: str, media_dir: str | Path | None) -> tuple[str, Path | None]:
    """(the manifest's input hash, the recording or None): the one lookup the run's skip check and
    the episode's own steps share, so that both hash the same files."""
    media = media_for(transcript, media_dir)
    return input_digest(transcript_sha256, media), media
