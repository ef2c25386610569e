"""Hand-edited outputs before a re-run: learned into the memory and kept beside, never lost.

A subtitler's fix to ``NAME.en.srt`` (or ``NAME.fr.srt``, or a copy in another format of
``--formats``) is an output whose sha256 is none subkit wrote there (the manifest's, and the
folder's ``.subkit-written.json``, noted as each file is written). When the episode must be
redone (``--force``, a changed transcript) and its transcript was read without fault, the edited
English is first learned into the translation memory as ``edit`` entries (aligned with the French
track beside it, so the new translation serves the correction), then every edited file is renamed
``NAME.<lang>.edited-<date>.srt`` (``.vtt`` for a WebVTT track). A file subkit has no record of
(the manifest lost) is kept the same way, not learned. ``discard=True`` (``--discard-edits``)
overwrites them.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from subkit.episode.manifest import sha256_file, written_hashes
from subkit.episode.options import EpisodeOptions
from subkit.errors import SubkitError

__all__ = ["edited_outputs", "keep_edits"]


def _written(entry: dict[str, Any] | None, folder: Path) -> dict[str, set[str]]:
    """Per file name of *folder*, the sha256s subkit wrote there: the manifest *entry*'s and the
    folder's record of writes (read once)."""
    outputs = entry.get("outputs") if isinstance(entry, dict) else None
    known = {name: set(hashes) for name, hashes in written_hashes(folder).items()}
    for name, digest in (outputs.items() if isinstance(outputs, dict) else ()):
        known.setdefault(name, set()).add(digest)
    return known


def edited_outputs(entry: dict[str, Any] | None, files: list[Path]) -> list[Path]:
    """Those of *files* (in one folder) present and changed since subkit wrote them: neither what the
    manifest *entry* records nor what the folder's record of writes holds (a run killed before the
    manifest recorded it left its own files, which are no edits). A file of which neither knows
    anything (no manifest, or it was lost) counts as edited: it is kept rather than overwritten."""
    if not files:
        return []
    known = _written(entry, files[0].parent)
    return [path for path in files
            if (digest := sha256_file(path)) is not None and digest not in known.get(path.name, set())]


def keep_edits(folder: Path, name: str, entry: dict[str, Any] | None, options: EpisodeOptions,
               discard: bool, log: Callable[[str], None]) -> list[str]:
    """Learn and keep the hand-edited tracks of episode *name* (in every format of ``--formats``)
    before it is redone; what was done, one line each (for the summary)."""
    fmt = options.formats[0]  # the tracks the steps work on (and the manifest records)
    source = folder / f"{name}.{options.source}.{fmt}"
    tracks = [folder / f"{name}.{lang}.{f}" for f in options.formats for lang in (options.source, options.target)]
    edited = edited_outputs(entry, tracks)
    if not edited:
        return []
    known = _written(entry, folder)
    # a file subkit has no record of may be anyone's: "edited by hand" is claimed only of one it wrote
    what = {p: "was edited by hand" if p.name in known else "is not one subkit has a record of" for p in edited}
    if discard:
        notes = [f"{p.name} {what[p]}; {'the edit' if p.name in known else 'it'} is discarded (--discard-edits)"
                 for p in edited]
    else:
        learned = {p: _learned(source, p, options, entry) for p in edited}  # before any file is renamed
        notes = [f"{p.name} {what[p]}: {learned[p]}kept as {_keep(p).name}" for p in edited]
    for note in notes:
        log(f"{name}: {note}")
    return notes


def _learned(source: Path, track: Path, options: EpisodeOptions, entry: dict[str, Any] | None) -> str:
    """What learning the edited *track* gave, for the note: only a target track whose writing subkit
    knows of (an unknown file may be anything, a machine translation included) is learned."""
    if f".{options.target}." not in track.name:
        return ""
    if track.name not in _written(entry, track.parent):
        return "not learned, "  # (what subkit wrote there is unknown)
    return _learn(source, track, options) + ", "


def _learn(source: Path, target: Path, options: EpisodeOptions) -> str:
    from subkit.translate.memory import default_memory_path
    from subkit.translate.memory.align import SHARED, read_pair
    from subkit.translate.memory.store import HUMAN_ORIGINS, store_entries, stored_targets

    if not options.translate.memory_on:
        return "not learned (translation memory off)"
    memory = options.translate.memory_path or default_memory_path()
    try:
        aligned = read_pair(str(source), str(target), options.source, options.target, origin="edit", check=False)
        # Only what the subtitler changed: a sentence left as the run wrote it stays a machine entry,
        # and one the memory holds as a person wrote it already is no new correction.
        sentences = [e.source for e in aligned.entries]
        before = _as_written(source, target, options, sentences, str(memory)) | stored_targets(
            memory, sentences, f"{options.source}>{options.target}", HUMAN_ORIGINS)
        changed = [e for e in aligned.entries if _pair(e) not in before]
        count = store_entries(memory, changed).written
    except SubkitError as exc:
        return f"not learned ({exc})"
    # the model's own joins in lines nobody touched are no edit left out
    shared = sum(1 for e in aligned.shared if _pair(e) not in before)
    return (f"{count} corrected sentence(s) learned into the translation memory"
            + (f" ({shared} not learned: {SHARED})" if shared else ""))


def _pair(entry) -> tuple[str, str]:
    """What tells an entry from another: its sentence as looked up, and its translation's words."""
    from subkit.translate.memory.store import normalise_source

    return normalise_source(entry.source), " ".join(entry.target.split())


def _as_written(source: Path, target: Path, options: EpisodeOptions, sentences: list[str],
                memory: str) -> set[tuple[str, str]]:
    """(sentence, translation) pairs as the last run wrote them: the English track recorded in the
    episode's JSON report aligned like the edited one (sentences sharing one English sentence too),
    else the machine's entries in the memory (which hold no shared ones)."""
    import json

    from subkit.cues import Cue
    from subkit.formats import read_file
    from subkit.translate.memory.align import align_pair
    from subkit.translate.memory.store import stored_targets

    report = target.with_name(target.name[: -len(f".{options.target}{target.suffix}")] + ".report.json")
    try:
        cues = json.loads(report.read_text(encoding="utf-8"))["tracks"][options.target]["cues"]
        written = [Cue.from_text(round(c["start"] * 1000), round(c["end"] * 1000), c["text"]) for c in cues]
    except (OSError, ValueError, KeyError, TypeError):
        return stored_targets(memory, sentences, f"{options.source}>{options.target}")
    french = list(read_file(source).cues)
    aligned = align_pair(french, written, options.source, options.target)
    return {_pair(e) for e in aligned.entries + aligned.shared}


def _keep(path: Path) -> Path:
    """Rename *path* to ``NAME.<lang>.edited-<date>.<ext>`` (``-2``, ``-3``... if taken)."""
    stem, ext = path.stem, path.suffix
    date = datetime.now(timezone.utc).date().isoformat()
    kept = path.with_name(f"{stem}.edited-{date}{ext}")
    n = 2
    try:
        while kept.exists():  # (may raise too: a name too long)
            kept = path.with_name(f"{stem}.edited-{date}-{n}{ext}")
            n += 1
        path.rename(kept)
    except OSError as exc:
        raise SubkitError(f"cannot keep the hand-edited file: {exc.strerror or exc}", str(path)) from None
    return kept
