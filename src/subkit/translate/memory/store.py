"""The translation memory database (SQLite): machine translations and human entries.

Machine entries are keyed by the normalised source sentence, the model's identity and the decoding
options, so a new model or new options never return stale translations. Human entries (``human``:
imported from a reviewed pair or a TMX file; ``edit``: learned from a hand-edited episode output)
are keyed by the sentence and the language pair alone: they hold whatever the model. Machine and
human entries never share a key, so a machine result can never overwrite a human entry; of two
human entries for one sentence the newer (a TMX unit's changedate, else its creationdate, on its
target tuv or else the tu; a pair or an edit as of its import) is kept, whatever the order they come
in. WAL mode and a busy timeout let several processes (``subkit episode --jobs N``, an import) share
one database.

A machine entry holds the sentence as the user's file has it and the English that was written for
it (garbled names and damaged numbers mended), with the confidence the model's output was scored
with, so that a rerun served from memory shows a reviewer the same account.

Schema versions (``PRAGMA user_version``): 0/1, the first layout (machine entries only); 2 adds
``origin``, ``provenance`` and ``pair``; 3 adds ``confidence`` (NULL for older entries, which are
scored again when reviewed). Older databases are migrated in place, keeping every entry.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple

from subkit.errors import SubkitError
from subkit.language import unify_apostrophes

__all__ = ["HUMAN_ORIGINS", "MEMORY_MODES", "Entry", "TranslationMemory", "default_memory_path",
           "normalise_source"]

SCHEMA_VERSION = 3
# Older schemas a read-only memory may still be read in (their columns are a subset of this one's).
READABLE_VERSIONS = (2, 3)
HUMAN_ORIGINS = ("human", "edit")  # entries a person wrote: they win over the machine's
ORIGINS = HUMAN_ORIGINS + ("machine",)
MEMORY_MODES = ("human-first", "machine-only", "off")

_CREATE = """
CREATE TABLE IF NOT EXISTS memory (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    model TEXT NOT NULL,
    options TEXT NOT NULL,
    created REAL NOT NULL,
    origin TEXT NOT NULL DEFAULT 'machine',
    provenance TEXT NOT NULL DEFAULT '',
    pair TEXT NOT NULL DEFAULT '',
    confidence REAL
);
"""
_COLUMNS = "key, source, target, model, options, created, origin, provenance, pair, confidence"


def default_memory_path() -> Path:
    """``$XDG_CACHE_HOME/subkit/memory.sqlite3`` (``~/.cache/subkit/...`` by default)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "subkit" / "memory.sqlite3"


def normalise_source(sentence: str) -> str:
    """The form a sentence is remembered by: NFC, unified apostrophes and spaces."""
    # str.split() also splits on no-break spaces, so "Koursk\u00a0?" and "Koursk ?" are one key.
    return " ".join(unify_apostrophes(unicodedata.normalize("NFC", sentence)).split())


def human_key(sentence: str, pair: str) -> str:
    raw = "\x1f".join((normalise_source(sentence), "human", pair))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def machine_key(sentence: str, model: str, options: str) -> str:
    raw = "\x1f".join((normalise_source(sentence), model, options))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One remembered sentence pair, as exported and imported."""

    source: str
    target: str
    origin: str = "human"
    pair: str = ""  # "fr>en"
    provenance: str = ""
    model: str = ""  # machine entries: the model identity
    options: str = ""  # machine entries: the decoding options key
    created: float = 0.0
    confidence: float | None = None  # machine entries: the model's confidence in its output


# Every command that opens the memory says this; only translate has --rebuild-memory.
REBUILD_ADVICE = "move it away, or start a new one with 'subkit translate ... --rebuild-memory'"


def refuse_folder(path: str | os.PathLike[str]) -> None:
    """A folder given where the memory's file belongs is a one-line error (nothing in it is touched)."""
    if Path(path).is_dir():
        raise SubkitError("is a folder: the translation memory is a file (e.g. FOLDER/memory.sqlite3)", str(path))


_SQLITE_HEADER = b"SQLite format 3\x00"


def refuse_foreign(path: Path) -> None:
    """A file that is no SQLite database (a subtitle file named by mistake) is a one-line error, with
    no advice to rebuild it: --rebuild-memory would delete it."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_HEADER))
    except (FileNotFoundError, IsADirectoryError):
        return
    except OSError as exc:
        raise SubkitError(f"cannot open translation memory: {exc}", str(path)) from None
    if head and head != _SQLITE_HEADER:
        raise SubkitError("is not a translation memory (no SQLite database), and is left alone: "
                          "name another file with --memory", str(path))


READ_ONLY = "cannot write: read-only location"


def connect(path: str | os.PathLike[str], rebuild: bool = False, readonly: bool = False) -> sqlite3.Connection:
    """Open (creating or migrating) the memory database at *path*; a one-line error if unusable.
    *readonly* opens it for reading only (``memory stats``, ``export``): a memory on a read-only
    mount or in a folder one may not write works."""
    path = Path(path)
    refuse_folder(path)
    refuse_foreign(path)
    if readonly:
        return _connect_readonly(path)
    if _read_only(path):
        raise SubkitError(f"{READ_ONLY} (the translation memory's folder or file may not be written)", str(path))
    if rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    db = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA journal_mode = WAL")
        _migrate(db, str(path))
        db.execute("SELECT count(*) FROM memory").fetchone()
    except (sqlite3.DatabaseError, OSError, SubkitError) as exc:
        if db is not None:
            db.close()  # no handle left open on a file that is reported unusable
        if isinstance(exc, sqlite3.DatabaseError):
            raise SubkitError(f"translation memory is unusable ({exc}); {REBUILD_ADVICE}", str(path)) from None
        if isinstance(exc, OSError):
            raise SubkitError(f"cannot open translation memory: {exc}", str(path)) from None
        raise
    return db


def _read_only(path: Path) -> bool:
    """Can *path* (or the folder it would be made in) not be written? (a read-only mount, or no
    write permission: SQLite must write the file and its -wal/-shm companions beside it)"""
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    if folder is None:
        return False
    if path.exists():
        return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    return not os.access(folder, os.W_OK)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    from urllib.parse import quote

    uri = f"file:{quote(str(path.resolve()))}"
    db = None
    # A WAL database whose -shm cannot be made (a read-only folder) opens only as immutable: nothing
    # may write there anyway.
    for mode in ("?mode=ro", "?immutable=1"):
        try:
            db = sqlite3.connect(uri + mode, uri=True, timeout=30.0, isolation_level=None)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            db.execute("SELECT count(*) FROM memory").fetchone()
            break
        except sqlite3.OperationalError as exc:
            if db is not None:
                db.close()
            if mode == "?immutable=1":
                raise SubkitError(f"translation memory is unusable ({exc}); {REBUILD_ADVICE}", str(path)) from None
        except sqlite3.DatabaseError as exc:
            raise SubkitError(f"translation memory is unusable ({exc}); {REBUILD_ADVICE}", str(path)) from None
    if version not in READABLE_VERSIONS:
        db.close()
        raise SubkitError(f"translation memory has schema {version}, not {SCHEMA_VERSION}, and is in a read-only "
                          "location: it cannot be migrated (open it once where it may be written)", str(path))
    return db


def _migrate(db: sqlite3.Connection, name: str) -> None:
    """Bring the schema to :data:`SCHEMA_VERSION` in one transaction (another process may race)."""
    if db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    with db:
        db.execute("BEGIN IMMEDIATE")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise SubkitError(f"translation memory has schema {version}, newer than this subkit's "
                              f"({SCHEMA_VERSION}); upgrade subkit", name)
        if version == SCHEMA_VERSION:
            return
        has_table = db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='memory'").fetchone()
        if not has_table:
            db.execute(_CREATE)
        else:
            columns = {row[1] for row in db.execute("PRAGMA table_info(memory)")}
            for column in ("origin TEXT NOT NULL DEFAULT 'machine'", "provenance TEXT NOT NULL DEFAULT ''",
                           "pair TEXT NOT NULL DEFAULT ''", "confidence REAL"):
                if column.split()[0] not in columns:
                    db.execute(f"ALTER TABLE memory ADD COLUMN {column}")
            # Version 1 options start with the pair: "fr>en|beam=4...".
            db.execute("UPDATE memory SET pair = substr(options, 1, instr(options, '|') - 1) "
                       "WHERE pair = '' AND instr(options, '|') > 0 AND instr(options, '>') > 0")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


class TranslationMemory:
    """A persistent map sentence → translation: human entries first, then the machine's
    (sentence, model, options) entries.

    *mode* ``human-first`` (default) serves a human entry before a machine one; ``machine-only``
    ignores human entries (to see what the model says).
    """

    def __init__(self, path: str | os.PathLike[str], model: str, options: str, rebuild: bool = False,
                 pair: str = "", mode: str = "human-first"):
        self.path = Path(path)
        self.model = model
        self.options = options
        self.pair = pair or (options.split("|")[0] if "|" in options and ">" in options else "")
        self.mode = mode
        self._db = connect(self.path, rebuild)

    def _key(self, sentence: str) -> str:
        return machine_key(sentence, self.model, self.options)

    def _select(self, keys: dict[str, str]) -> dict[str, tuple[str, str, float | None]]:
        found: dict[str, tuple[str, str, float | None]] = {}
        items = list(keys.items())
        try:
            for start in range(0, len(items), 500):
                chunk = items[start:start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key, target, origin, confidence FROM memory WHERE key IN ({marks})",
                                        [k for k, _ in chunk]).fetchall()
                for key, target, origin, confidence in rows:
                    found[keys[key]] = (target, origin, confidence)
        except sqlite3.DatabaseError as exc:
            raise SubkitError(f"translation memory is unusable ({exc}); {REBUILD_ADVICE}", str(self.path)) from None
        return found

    def lookup(self, sentences: Iterable[str]) -> dict[str, str]:
        """Machine translations already known for *sentences* (normalised source → target)."""
        return {source: target for source, (target, _) in self.lookup_scored(sentences).items()}

    def lookup_scored(self, sentences: Iterable[str]) -> dict[str, tuple[str, float | None]]:
        """Machine translations already known for *sentences* with the confidence each was scored
        with (normalised source → (target, confidence or None))."""
        found = self._select({self._key(s): normalise_source(s) for s in sentences})
        return {source: (target, confidence) for source, (target, _, confidence) in found.items()}

    def lookup_human(self, sentences: Iterable[str]) -> dict[str, tuple[str, str]]:
        """Human entries for *sentences* in this pair (normalised source → (target, origin)); none
        in ``machine-only`` mode."""
        if self.mode != "human-first":
            return {}
        found = self._select({human_key(s, self.pair): normalise_source(s) for s in sentences})
        return {source: (target, origin) for source, (target, origin, _) in found.items()}

    def store(self, pairs: Iterable[tuple[str, str]], confidences: Mapping[str, float | None] | None = None) -> None:
        """Remember the machine's (source, translation) pairs in one transaction, each with its
        confidence in *confidences* (by source as given) if there."""
        now = time.time()
        scores = confidences or {}
        self._write([(self._key(s), normalise_source(s), t, self.model, self.options, now, "machine", "",
                      self.pair, scores.get(s)) for s, t in pairs])

    def _write(self, rows: list[tuple]) -> None:
        if rows:
            write_rows(self._db, rows, str(self.path))

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "TranslationMemory":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def entry_row(entry: Entry, now: float) -> tuple:
    """The database row of *entry* (its key by origin: human entries by sentence and pair)."""
    source = normalise_source(entry.source)
    if entry.origin in HUMAN_ORIGINS:
        key = human_key(source, entry.pair)
        model, options = "", ""
    else:
        key, model, options = machine_key(source, entry.model, entry.options), entry.model, entry.options
    return (key, source, entry.target, model, options, entry.created or now, entry.origin, entry.provenance,
            entry.pair, entry.confidence if entry.origin == "machine" else None)


def write_rows(db: sqlite3.Connection, rows: list[tuple], name: str, keep_newer: bool = False) -> set[str]:
    """Insert or replace *rows* in one transaction: all of them or none. With *keep_newer*, a row
    whose key holds a newer entry (``created``) is not written; the keys of those rows."""
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            newer: set[str] = set()
            for start in range(0, len(rows) if keep_newer else 0, 500):
                chunk = {row[0]: row[5] for row in rows[start:start + 500]}
                found = db.execute(f"SELECT key, created FROM memory WHERE key IN ({','.join('?' * len(chunk))})",
                                   list(chunk)).fetchall()
                newer.update(key for key, created in found if created > chunk[key])
            db.executemany(f"INSERT OR REPLACE INTO memory ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [row for row in rows if row[0] not in newer])
    except sqlite3.DatabaseError as exc:
        raise SubkitError(f"cannot write translation memory ({exc})", name) from None
    return newer


def stored_targets(path: str | os.PathLike[str], sources: Iterable[str], pair: str,
                   origins: Iterable[str] = ("machine",)) -> set[tuple[str, str]]:
    """The (source, target) pairs stored for *sources* in *pair* (whitespace-normalised) by entries
    of *origins*: what some model wrote, by default; :data:`HUMAN_ORIGINS`: what a person wrote."""
    wanted = sorted({normalise_source(s) for s in sources})
    kinds = sorted(set(origins))
    found: set[tuple[str, str]] = set()
    db = connect(path)
    try:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start:start + 500]
            rows = db.execute(f"SELECT source, target FROM memory WHERE origin IN ({','.join('?' * len(kinds))}) "
                              f"AND pair = ? AND source IN ({','.join('?' * len(chunk))})",
                              [*kinds, pair, *chunk]).fetchall()
            found.update((source, " ".join(target.split())) for source, target in rows)
    finally:
        db.close()
    return found


class Stored(NamedTuple):
    written: int
    refused: list[int]  # indices of the entries not taken: a newer entry for the sentence exists


def store_entries(path: str | os.PathLike[str], entries: Iterable[Entry]) -> Stored:
    """Write *entries* into the memory at *path* in one transaction. Of several entries for one key
    (in *entries* or already stored) the newest (``created``; an entry without a date is as of now)
    wins; on equal dates the last given."""
    now = time.time()
    rows: dict[str, tuple[int, tuple]] = {}
    refused = []
    for n, entry in enumerate(entries):
        row = entry_row(entry, now)
        kept = rows.get(row[0])
        if kept is not None and kept[1][5] > row[5]:
            refused.append(n)
            continue
        if kept is not None and kept[1][5] < row[5]:
            refused.append(kept[0])
        rows[row[0]] = (n, row)
    db = connect(path)
    try:
        newer = write_rows(db, [row for _, row in rows.values()], str(path), keep_newer=True)
    finally:
        db.close()
    refused += [n for key, (n, _) in rows.items() if key in newer]
    return Stored(len(rows) - len(newer), sorted(refused))
