"""The manifest, ``OUT/subkit-episodes.json``: what each finished episode was made from and of.

Per episode: the sha256 of the transcript, the key of the options, the model identity and the
sha256 of every output. It is rewritten atomically, under a lock, one episode at a time.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from subkit.srtio import locked

__all__ = ["MANIFEST_NAME", "WRITTEN_NAME", "note_written", "read_manifest", "record", "up_to_date", "sha256_bytes",
           "sha256_file", "written_hashes"]

MANIFEST_NAME = "subkit-episodes.json"
# In each episode's folder: the sha256 of what subkit last wrote to each of its files, noted as each
# is written (the manifest records an episode only once it is finished)
WRITTEN_NAME = ".subkit-written.json"
_KEPT_HASHES = 3  # per file: a run killed between two writes leaves an older one in place
_MANIFEST_SCHEMA = "subkit.episodes-manifest/1"
_LOCK_NAME = ".subkit-episodes.lock"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    try:
        return sha256_bytes(path.read_bytes())
    except OSError:
        return None


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def read_manifest(out_dir: Path) -> tuple[dict[str, Any], str | None]:
    """(episodes table, a warning when the manifest was unreadable and is ignored)."""
    path = out_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, None
    except (OSError, ValueError) as exc:
        return {}, f"{path}: unreadable manifest ignored ({exc}); every episode will be redone"
    if not isinstance(data, dict) or not isinstance(data.get("episodes"), dict):
        return {}, f"{path}: unexpected manifest layout ignored; every episode will be redone"
    return data["episodes"], None


def record(out_dir: Path, name: str, entry: dict[str, Any] | None) -> None:
    """Set (or, with None, drop) one episode's record; read-modify-write under a lock."""
    from subkit.srtio import atomic_write_text

    out_dir.mkdir(parents=True, exist_ok=True)
    with locked(out_dir / _LOCK_NAME):
        episodes, _ = read_manifest(out_dir)
        if entry is None:
            episodes.pop(name, None)
        else:
            episodes[name] = entry
        doc = {"schema": _MANIFEST_SCHEMA, "episodes": dict(sorted(episodes.items()))}
        atomic_write_text(out_dir / MANIFEST_NAME, json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def up_to_date(entry: dict[str, Any] | None, input_hash: str, options_key: str, identity: str,
               episode_dir: Path) -> tuple[bool, list[str]]:
    """(the episode can be skipped, the outputs edited by hand since the last run).

    Inputs decide: the transcript, the options and the model. A missing output means the episode
    must be redone; an output whose contents changed since it was written was edited by someone
    (a subtitler fixing a cue): it is kept, and reported, rather than overwritten.
    """
    if not isinstance(entry, dict):
        return False, []
    if (entry.get("input_sha256"), entry.get("options"), entry.get("model")) != (input_hash, options_key, identity):
        return False, []
    outputs = entry.get("outputs")
    if not isinstance(outputs, dict) or not outputs:
        return False, []
    edited = []
    for fname, digest in outputs.items():
        current = sha256_file(episode_dir / fname)
        if current is None:
            return False, []
        if current != digest:
            edited.append(fname)
    return True, edited


def written_hashes(folder: Path) -> dict[str, list[str]]:
    """What subkit wrote to each file of *folder* (file name -> sha256s, newest last); {} if unknown."""
    try:
        data = json.loads((folder / WRITTEN_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: [h for h in v if isinstance(h, str)] for k, v in data.items() if isinstance(v, list)}


def note_written(path: Path, text: str) -> None:
    """Note that subkit has just written *text* to *path*: a file that still holds it was not edited
    by hand, even when the run that wrote it was killed before the manifest recorded it."""
    from subkit.srtio import atomic_write_text

    seen = written_hashes(path.parent)
    digest = sha256_bytes(text.encode("utf-8"))
    seen[path.name] = [h for h in seen.get(path.name, []) if h != digest][-(_KEPT_HASHES - 1):] + [digest]
    atomic_write_text(path.parent / WRITTEN_NAME, json.dumps(seen, indent=1, sort_keys=True) + "\n")
