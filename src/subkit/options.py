"""The options of the segment and translate jobs: one frozen dataclass each.

``subkit segment``, ``subkit translate`` and ``subkit episode`` build them from their command
lines; :func:`subkit.translate.job.translate_file` and :mod:`subkit.episode` take them whole; and
:meth:`key_fields` says which of them shape the outputs (the episode manifest's key is made of
them), so an option is declared once and forwarded by nobody.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from subkit.errors import SubkitError

__all__ = ["SegmentOptions", "TranslateOptions", "profile_named"]


def profile_named(name: str | None, lang: str | None):
    """The profile called *name*, else *lang*'s default; an unknown name is a :class:`SubkitError`."""
    from subkit.profiles import default_profile, get_profile

    if name is None:
        return default_profile(lang)
    try:
        return get_profile(name)
    except KeyError as exc:
        raise SubkitError(str(exc.args[0])) from None


@dataclass(frozen=True)
class SegmentOptions:
    """How a transcript becomes timed subtitles (:func:`subkit.segment.segment_transcript`)."""

    lang: str = "auto"  # language rules: fr, en, or auto (detected)
    profile: str | None = None  # style profile name; default: the language's
    rate: float | None = None  # speech rate, syllables per second (segment's default: 4.0)
    start_ms: int = 0  # time of the first cue
    duration_ms: int | None = None  # video length to fit the transcript into
    fps: float = 25.0
    title: str = "keep"  # keep | drop a first line that looks like a title
    encoding: str = "utf-8"  # of the transcript
    audio: str | None = None  # a recording to time the cues from (segment --audio); its hash keys episodes
    audio_track: int | None = None  # its audio stream (from 0); default: the one tagged in the language, else the first

    def check(self) -> None:
        """Raise :class:`SubkitError` for an option no transcript could use."""
        if self.rate is not None and not (0 < self.rate < 50):
            raise SubkitError(f"--rate {self.rate:g} is not a plausible speech rate (syllables per second)")
        if not (0 < self.fps <= 240):
            raise SubkitError(f"--fps {self.fps:g} is not a frame rate")
        if self.profile is not None:
            profile_named(self.profile, None)

    def chosen_profile(self):
        """The profile given by name, or None: the segmenter then takes the language's default."""
        return None if self.profile is None else profile_named(self.profile, None)

    def resolved_profile(self):
        """The profile the cues are made for (needs a language, not ``auto``), at this frame rate."""
        return profile_named(self.profile, self.lang).with_fps(self.fps)

    def segment_arguments(self) -> dict[str, Any]:
        """Keyword arguments of :func:`subkit.segment.segment_transcript` (all but the text and name)."""
        return {"lang": self.lang, "profile": self.chosen_profile(), "rate": self.rate, "start_ms": self.start_ms,
                "duration_ms": self.duration_ms, "fps": self.fps, "title": self.title, "audio": self.audio,
                "audio_track": self.audio_track}

    def key_fields(self) -> dict[str, Any]:
        """The options that shape the output, the profile by its resolved name."""
        return {"lang": self.lang, "profile": profile_named(self.profile, self.lang).name, "rate": self.rate,
                "start_ms": self.start_ms, "duration_ms": self.duration_ms, "fps": self.fps, "title": self.title,
                "encoding": self.encoding}


@dataclass(frozen=True)
class TranslateOptions:
    """How an SRT file is translated (:func:`subkit.translate.job.translate_file`)."""

    source: str = "fr"
    target: str = "en"
    profile: str | None = None  # target style profile name; default: the target language's
    model: str | None = None  # an Argos package directory instead of the installed one
    beam_size: int = 4
    retry_beam: int = 12  # a sentence whose beam has no clean hypothesis is decoded again this wide; 0: never
    invented_retries: int = 8  # decodings of a sentence left with an invented word, its pieces forbidden; 0: none
    threads: int = 0  # 0: all cores
    device: str = "auto"  # auto | cpu | cuda
    memory_path: str | None = None  # default: ~/.cache/subkit/memory.sqlite3
    use_memory: bool = True
    memory_mode: str = "human-first"  # human-first | machine-only | off (as use_memory=False)
    rebuild_memory: bool = False
    glossary: str | None = None  # 'source term<TAB>target term' lines to enforce
    keep_names: bool = True  # put back source names the model garbled
    force: bool = False  # translate even if the input does not look like the source language
    encoding: str = "utf-8"  # of the input SRT
    fps: float = 25.0
    qa: str | None = None  # write review flags per cue to this JSON file (subkit.translate.qa)

    def __post_init__(self) -> None:
        # "FR", "fr-FR", "en_GB" are the model's fr and en: one spelling for the model, the profile,
        # the memory and the episode key; the same language twice is refused here, before any work
        from subkit.language import language_pair

        source, target = language_pair(self.source, self.target)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "target", target)

    def target_profile(self):
        """The target style profile, at this frame rate (raises for an unknown name)."""
        return profile_named(self.profile, self.target).with_fps(self.fps)

    def check(self) -> None:
        """Raise :class:`SubkitError` for an unknown profile or an unusable glossary."""
        self.target_profile()
        if self.glossary:
            from subkit.translate.glossary import load_glossary

            load_glossary(self.glossary)

    @property
    def memory_on(self) -> bool:
        return self.use_memory and self.memory_mode != "off"

    def glossary_sha256(self) -> str | None:
        if not self.glossary:
            return None
        try:
            return hashlib.sha256(Path(self.glossary).read_bytes()).hexdigest()
        except OSError:
            raise SubkitError("cannot read the glossary", self.glossary) from None

    def key_fields(self) -> dict[str, Any]:
        """The options that shape the output. The model counts by its identity (the caller's), the
        glossary by its contents; threads, device, memory and force do not change the result."""
        from subkit.translate.engine import ENGINE_REVISION

        return {"source": self.source, "target": self.target, "profile": self.target_profile().name,
                "engine_revision": ENGINE_REVISION,
                "beam_size": self.beam_size, "retry_beam": self.retry_beam,
                "invented_retries": self.invented_retries, "glossary": self.glossary_sha256(),
                "keep_names": self.keep_names,
                "encoding": self.encoding, "fps": self.fps}
