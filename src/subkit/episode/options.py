"""The options of the whole job: segment's and translate's, and what the episode adds (lint)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, replace
from typing import Any

from subkit.cues import ms_to_seconds
from subkit.errors import SubkitError
from subkit.options import SegmentOptions, TranslateOptions

__all__ = ["EpisodeOptions"]


def _french() -> SegmentOptions:
    return SegmentOptions(lang="fr")


@dataclass(frozen=True)
class EpisodeOptions:
    """Options of the whole job: each step gets its own job's options whole."""

    segment: SegmentOptions = field(default_factory=_french)  # segment.lang is the source language
    translate: TranslateOptions = field(default_factory=TranslateOptions)
    lint_config: str | None = None  # default: what `subkit lint` finds
    force_language: bool = False  # process a transcript that does not look like the source language
    formats: tuple[str, ...] = ("srt",)  # subtitle formats written; the first is the one the steps work on
    # where recordings are looked for when none lies beside the transcript (the recording's hash is in
    # the input hash, not in the key: moving the folder redoes nothing)
    media_dir: str | None = None

    @property
    def source(self) -> str:
        return self.translate.source

    @property
    def target(self) -> str:
        return self.translate.target

    def check(self) -> None:
        """Raise :class:`SubkitError` for options no episode could use (checked once per run)."""
        if self.segment.lang != self.translate.source:
            raise SubkitError(f"the transcripts' language ({self.segment.lang}) is not the translation's "
                              f"source ({self.translate.source})")
        if self.segment.fps != self.translate.fps:
            raise SubkitError(f"one frame rate for both tracks, not {self.segment.fps:g} and {self.translate.fps:g}")
        self.segment.check()
        self.translate.check()
        if self.media_dir is not None and not os.path.isdir(self.media_dir):
            raise SubkitError("--media is not a directory", self.media_dir)
        from subkit.formats import BINARY, FORMATS, READ_ONLY

        # read-only formats cannot be written, and EBU STL is binary (subkit convert writes it)
        writable = [f for f in FORMATS if f not in READ_ONLY | BINARY]
        if not self.formats or self.formats[0] not in ("srt", "vtt") or any(f not in writable for f in self.formats):
            raise SubkitError(f"--formats takes srt or vtt (the linted track), then any of {', '.join(writable)}; "
                              f"not {','.join(self.formats)!r}")

    def source_profile(self):
        return self.segment.resolved_profile()

    def target_profile(self):
        return self.translate.target_profile()

    def translate_track_options(self) -> TranslateOptions:
        """Translate's options for the French track: the language was checked on the transcript,
        and the track is ours, in UTF-8."""
        return replace(self.translate, force=True, encoding="utf-8")

    def with_threads(self, threads: int) -> EpisodeOptions:
        return replace(self, translate=replace(self.translate, threads=threads))

    def lint_configuration(self):
        """The lint configuration (``--lint-config``, else what ``subkit lint`` would find), with the
        job's frame rate for the ``min-gap`` rule unless the configuration sets one."""
        from subkit.lint.config import LintConfig, load_config

        config = load_config(self.lint_config)
        rules = {k: dict(v) for k, v in config.rules.items()}
        gap = rules.setdefault("min-gap", {})
        gap.setdefault("fps", self.segment.fps)
        return LintConfig(profile=config.profile, rules=rules, source=config.source)

    def key(self) -> str:
        """What the outputs depend on, as a short digest: each job's :meth:`key_fields`, the lint
        rules and subkit's version (the model's identity is recorded beside it)."""
        from subkit import __version__

        shaping = {
            "subkit": __version__,
            "segment": self.segment.key_fields(),
            "translate": self.translate_track_options().key_fields(),
            "lint": json.dumps({"rules": self.lint_configuration().rules}, sort_keys=True, default=str),
        }
        if self.formats != ("srt",):  # the key of an SRT-only run is what it was before formats existed
            shaping["formats"] = list(self.formats)
        return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:32]

    def report_json(self) -> dict[str, Any]:
        """The options as the report shows them (one flat table, profiles by their resolved names)."""
        seg, tr = self.segment, self.translate
        return {
            "source": tr.source, "target": tr.target,
            "profile": self.source_profile().name, "profile_target": self.target_profile().name,
            "rate": seg.rate, "start": ms_to_seconds(seg.start_ms),
            "duration": None if seg.duration_ms is None else ms_to_seconds(seg.duration_ms),
            "fps": seg.fps, "title": seg.title,
            "encoding": seg.encoding, "glossary": tr.glossary, "keep_names": tr.keep_names, "model": tr.model,
            "beam_size": tr.beam_size, "retry_beam": tr.retry_beam, "invented_retries": tr.invented_retries,
            "threads": tr.threads, "device": tr.device,
            "memory_path": tr.memory_path,
            "use_memory": tr.use_memory, "memory_mode": tr.memory_mode, "lint_config": self.lint_config,
            "force_language": self.force_language, "formats": list(self.formats), "media_dir": self.media_dir,
        }
