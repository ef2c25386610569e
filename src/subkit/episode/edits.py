"""Hand-edited outputs before a re-run: learned into the memory and kept beside, never lost.

A subtitler's fix to ``NAME.en.srt`` (or ``NAME.fr.srt``) is an output whose sha256 no longer
matches the manifest. When the episode must be redone (``--force``, a changed transcript), the
edited English is first learned into the translation memory as ``edit`` entries (aligned with the
French track beside it, so the new translation serves the correction), then every edited file is
renamed ``NAME.<lang>.edited-<date>.srt`` (``.vtt`` when the episode works in WebVTT).
``discard=True`` (``--discard-edits``) overwrites them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from subkit.episode.manifest import sha256_file
from subkit.episode.options import EpisodeOptions
from subkit.errors import SubkitError

__all__ = ["edited_outputs", "keep_edits"]


def edited_outputs(entry: dict[str, Any] | None, files: list[Path]) -> list[Path]:
    """Those of *files* present and changed since the run the manifest *entry* records."""
    outputs = entry.get("outputs") if isinstance(entry, dict) else None
    if not isinstance(outputs, dict):
        return []
    edited = []
    for path in files:
        digest = sha256_file(path)
        if digest is not None and path.name in outputs and digest != outputs[path.name]:
            edited.append(path)
    return edited


def keep_edits(folder: Path, name: str, entry: dict[str, Any] | None, options: EpisodeOptions,
               discard: bool, log: Callable[[str], None]) -> list[str]:
    """Learn and keep the hand-edited tracks of episode *name* before it is redone; what was done,
    one line each (for the summary)."""
    fmt = options.formats[0]  # the tracks the steps work on (and the manifest records)
    source = folder / f"{name}.{options.source}.{fmt}"
    target = folder / f"{name}.{options.target}.{fmt}"
    edited = edited_outputs(entry, [source, target])
    if not edited:
        return []
    if discard:
        notes = [f"{p.name} was edited by hand; the edit is discarded (--discard-edits)" for p in edited]
    else:
        learned = _learn(source, target, options) if target in edited else ""
        notes = [f"{p.name} was edited by hand: {learned + ', ' if p == target else ''}"
                 f"kept as {_keep(p).name}" for p in edited]
    for note in notes:
        log(f"{name}: {note}")
    return notes


def _learn(source: Path, target: Path, options: EpisodeOptions) -> str:
    from subkit.translate.memory import default_memory_path
    from subkit.translate.memory.align import read_pair
    from subkit.translate.memory.store import normalise_source, store_entries

    if not options.translate.memory_on:
        return "not learned (translation memory off)"
    memory = options.translate.memory_path or default_memory_path()
    try:
        aligned = read_pair(str(source), str(target), options.source, options.target, origin="edit", check=False)
        # Only what the subtitler changed: a sentence left as the run wrote it stays a machine entry.
        before = _as_written(source, target, options, [e.source for e in aligned.entries], str(memory))
        changed = [e for e in aligned.entries
                   if (normalise_source(e.source), " ".join(e.target.split())) not in before]
        count = store_entries(memory, changed)
    except SubkitError as exc:
        return f"not learned ({exc})"
    return f"{count} corrected sentence(s) learned into the translation memory"


def _as_written(source: Path, target: Path, options: EpisodeOptions, sentences: list[str],
                memory: str) -> set[tuple[str, str]]:
    """(sentence, translation) pairs as the last run wrote them: the English track recorded in the
    episode's JSON report aligned like the edited one, else the machine's entries in the memory."""
    import json

    from subkit.cues import Cue
    from subkit.formats import read_file
    from subkit.translate.memory.align import align_pair
    from subkit.translate.memory.store import machine_targets, normalise_source

    report = target.with_name(target.name[: -len(f".{options.target}{target.suffix}")] + ".report.json")
    try:
        cues = json.loads(report.read_text(encoding="utf-8"))["tracks"][options.target]["cues"]
        written = [Cue.from_text(round(c["start"] * 1000), round(c["end"] * 1000), c["text"]) for c in cues]
    except (OSError, ValueError, KeyError, TypeError):
        return machine_targets(memory, sentences, f"{options.source}>{options.target}")
    french = list(read_file(source).cues)
    return {(normalise_source(e.source), " ".join(e.target.split()))
            for e in align_pair(french, written, options.source, options.target).entries}


def _keep(path: Path) -> Path:
    """Rename *path* to ``NAME.<lang>.edited-<date>.<ext>`` (``-2``, ``-3``... if taken)."""
    stem, ext = path.stem, path.suffix
    date = datetime.now(timezone.utc).date().isoformat()
    kept = path.with_name(f"{stem}.edited-{date}{ext}")
    n = 2
    while kept.exists():
        kept = path.with_name(f"{stem}.edited-{date}-{n}{ext}")
        n += 1
    try:
        path.rename(kept)
    except OSError as exc:
        raise SubkitError(f"cannot keep the hand-edited file: {exc.strerror or exc}", str(path)) from None
    return kept
