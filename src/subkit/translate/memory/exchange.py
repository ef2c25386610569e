"""Exchange and upkeep of the memory: TMX 1.4 and TSV export, statistics, pruning (TMX import:
:mod:`~subkit.translate.memory.tmx`).

TMX is written with the standard library's ElementTree (never by string concatenation). subkit's own properties
(``x-subkit-origin``, ``-provenance``, ``-model``, ``-options``, a machine entry's ``-confidence``) travel in
``<prop>`` elements; a unit without them is a human translation, as a CAT tool's memory is. An entry's one
date, its last change (the date that decides which of two entries is newer), is the unit's ``changedate``:
the memory keeps no other, so no ``creationdate`` is written.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timezone
from typing import Sequence

from subkit.errors import SubkitError
from subkit.translate.memory.store import ORIGINS, Entry, connect

__all__ = ["prune", "read_entries", "stats", "write_tmx", "write_tsv"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_PROP = "x-subkit-"


def read_entries(path: str | os.PathLike[str], origins: Sequence[str] = ORIGINS) -> list[Entry]:
    """Every entry of the memory at *path* of the given origins, in a stable order."""
    db = connect(path, readonly=True)
    try:
        marks = ",".join("?" * len(origins))
        # a read-only memory of schema 2 (not migrated) has no confidences
        scored = any(row[1] == "confidence" for row in db.execute("PRAGMA table_info(memory)"))
        rows = db.execute("SELECT source, target, origin, pair, provenance, model, options, created, "
                          f"{'confidence' if scored else 'NULL'} FROM memory "
                          f"WHERE origin IN ({marks}) ORDER BY pair, source, origin, model, options",
                          list(origins)).fetchall()
    except sqlite3.DatabaseError as exc:
        raise SubkitError(f"translation memory is unusable ({exc})", str(path)) from None
    finally:
        db.close()
    return [Entry(*row) for row in rows]


# --------------------------------------------------------------------------- export


def _tmx_date(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _tmx_props(entry: Entry) -> list[tuple[str, str]]:
    """subkit's properties of *entry* that it has (a confidence: a machine entry's, scored)."""
    props = [(name, getattr(entry, name)) for name in ("origin", "provenance", "model", "options")]
    if entry.origin == "machine" and entry.confidence is not None:
        props.append(("confidence", repr(entry.confidence)))
    return [(name, value) for name, value in props if value]


def write_tmx(entries: Sequence[Entry], out: str) -> int:
    """Write *entries* as a TMX 1.4 document (atomically); the number of units written.

    Entries without a language pair (from a memory made before pairs were recorded) are left out.
    """
    import xml.etree.ElementTree as ET

    from subkit import __version__
    from subkit.srtio import atomic_write_text
    from subkit.text import xml_safe

    usable = [e for e in entries if ">" in e.pair]
    sources = {e.pair.split(">")[0] for e in usable}
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", creationtool="subkit", creationtoolversion=__version__, datatype="plaintext",
                  segtype="sentence", adminlang="en", srclang=sources.pop() if len(sources) == 1 else "*all*",
                  **{"o-tmf": "subkit"})
    body = ET.SubElement(root, "body")
    for entry in usable:
        tu = ET.SubElement(body, "tu", changedate=_tmx_date(entry.created))
        for name, value in _tmx_props(entry):
            ET.SubElement(tu, "prop", type=_PROP + name).text = xml_safe(value)
        for lang, text in zip(entry.pair.split(">"), (entry.source, entry.target)):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = xml_safe(text)  # else no XML parser reads the file
    ET.indent(root)
    atomic_write_text(out, ET.tostring(root, encoding="UTF-8", xml_declaration=True).decode("utf-8") + "\n")
    return len(usable)


def _tsv_field(value: str) -> str:
    return re.sub(r"[^\S\u00a0\u202f]+", " ", value).strip()  # a tab or newline would break the row


def write_tsv(entries: Sequence[Entry], out: str) -> int:
    """Write *entries* as tab-separated rows with a header line (atomically); the number of rows."""
    from subkit.srtio import atomic_write_text

    lines = ["source\ttarget\torigin\tpair\tmodel\tprovenance\tcreated"]
    for e in entries:
        created = datetime.fromtimestamp(e.created, timezone.utc).replace(microsecond=0).isoformat()
        lines.append("\t".join(_tsv_field(v) for v in (e.source, e.target, e.origin, e.pair, e.model, e.provenance,
                                                        created)))
    atomic_write_text(out, "\n".join(lines) + "\n")
    return len(entries)


# --------------------------------------------------------------------------- upkeep


def stats(path: str | os.PathLike[str]) -> list[tuple[str, str, str, int]]:
    """(origin, language pair, model identity, entries) rows."""
    db = connect(path, readonly=True)
    try:
        return db.execute("SELECT origin, pair, model, count(*) FROM memory GROUP BY origin, pair, model "
                          "ORDER BY origin, pair, model").fetchall()
    finally:
        db.close()


def prune(path: str | os.PathLike[str], keep_models: Sequence[str], pair: str | None = None,
          dry_run: bool = False) -> int:
    """Drop machine entries made by models other than *keep_models* (of *pair*, if given); human
    entries always stay. The number of entries dropped (or that would be)."""
    where = "origin = 'machine'"
    args: list[str] = []
    if keep_models:
        where += f" AND model NOT IN ({','.join('?' * len(keep_models))})"
        args += list(keep_models)
    if pair:
        where += " AND pair = ?"
        args.append(pair)
    if dry_run:  # a dry run only reads: a memory on a read-only mount can be asked
        db = connect(path, readonly=True)
        try:
            return db.execute(f"SELECT count(*) FROM memory WHERE {where}", args).fetchone()[0]
        finally:
            db.close()
    db = connect(path)
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            count = db.execute(f"SELECT count(*) FROM memory WHERE {where}", args).fetchone()[0]
            db.execute(f"DELETE FROM memory WHERE {where}", args)
    except sqlite3.DatabaseError as exc:
        raise SubkitError(f"cannot write translation memory ({exc})", str(path)) from None
    finally:
        db.close()
    return count
