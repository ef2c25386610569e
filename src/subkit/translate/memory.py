"""Translation memory: a SQLite database so that no sentence is translated twice.

Entries are keyed by the normalised source sentence, the model's identity and the decoding
options, so a new model or new options never return stale translations. WAL mode and a busy
timeout let several processes (``subkit episode --jobs N``) share one database.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import unicodedata
from pathlib import Path
from typing import Iterable

from subkit.errors import SubkitError
from subkit.language import unify_apostrophes

__all__ = ["TranslationMemory", "default_memory_path", "normalise_source"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS memory (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    model TEXT NOT NULL,
    options TEXT NOT NULL,
    created REAL NOT NULL
);
"""


def default_memory_path() -> Path:
    """``$XDG_CACHE_HOME/subkit/memory.sqlite3`` (``~/.cache/subkit/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "subkit" / "memory.sqlite3"


def normalise_source(sentence: str) -> str:
    """The form a sentence is remembered by: NFC, unified apostrophes and spaces."""
    # str.split() also splits on no-break spaces, so "Koursk\u00a0?" and "Koursk ?" are one key.
    return " ".join(unify_apostrophes(unicodedata.normalize("NFC", sentence)).split())


class TranslationMemory:
    """A persistent map (sentence, model, options) → translation."""

    def __init__(self, path: str | os.PathLike[str], model: str, options: str, rebuild: bool = False):
        self.path = Path(path)
        self.model = model
        self.options = options
        if rebuild:
            for suffix in ("", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
            self._db.execute("PRAGMA busy_timeout = 30000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("SELECT count(*) FROM memory").fetchone()
        except sqlite3.DatabaseError as exc:
            raise SubkitError(f"translation memory is unusable ({exc}); "
                              "rerun with --rebuild-memory to start a new one", str(self.path)) from None
        except OSError as exc:
            raise SubkitError(f"cannot open translation memory: {exc}", str(self.path)) from None

    def _key(self, sentence: str) -> str:
        raw = "\x1f".join((normalise_source(sentence), self.model, self.options))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def lookup(self, sentences: Iterable[str]) -> dict[str, str]:
        """Translations already known for *sentences* (normalised source → target)."""
        found: dict[str, str] = {}
        keys = {self._key(s): normalise_source(s) for s in sentences}
        items = list(keys.items())
        try:
            for start in range(0, len(items), 500):
                chunk = items[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, target FROM memory WHERE key IN ({marks})",
                                        [k for k, _ in chunk]).fetchall()
                for key, target in rows:
                    found[keys[key]] = target
        except sqlite3.DatabaseError as exc:
            raise SubkitError(f"translation memory is unusable ({exc}); "
                              "rerun with --rebuild-memory", str(self.path)) from None
        return found

    def store(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Remember (source, translation) pairs in one transaction."""
        now = time.time()
        rows = [(self._key(s), normalise_source(s), t, self.model, self.options, now) for s, t in pairs]
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO memory VALUES (?, ?, ?, ?, ?, ?)", rows)
        except sqlite3.DatabaseError as exc:
            raise SubkitError(f"cannot write translation memory ({exc})", str(self.path)) from None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
