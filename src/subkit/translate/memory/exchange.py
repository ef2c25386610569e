"""Exchange and upkeep of the memory: TMX 1.4 and TSV export, TMX import, statistics, pruning.

TMX is written with the standard library's ElementTree (never by string concatenation) and read
with ``defusedxml``: a TMX file comes from elsewhere, and its DTD must never declare entities
(billion laughs) or pull external ones (a file off the disk). subkit's own properties
(``x-subkit-origin``, ``-provenance``, ``-model``, ``-options``) travel in ``<prop>`` elements; a
unit without them is a human translation, as a CAT tool's memory is.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Sequence

from subkit.errors import SubkitError
from subkit.translate.memory.store import ORIGINS, Entry, connect

__all__ = ["TmxRead", "prune", "read_entries", "read_tmx", "stats", "write_tmx", "write_tsv"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODE_TAGS = {"bpt", "ept", "ph", "it", "ut"}  # inline native codes: not text
_PROP = "x-subkit-"


def read_entries(path: str | os.PathLike[str], origins: Sequence[str] = ORIGINS) -> list[Entry]:
    """Every entry of the memory at *path* of the given origins, in a stable order."""
    db = connect(path)
    try:
        marks = ",".join("?" * len(origins))
        rows = db.execute("SELECT source, target, origin, pair, provenance, model, options, created FROM memory "
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


def write_tmx(entries: Sequence[Entry], out: str) -> int:
    """Write *entries* as a TMX 1.4 document (atomically); the number of units written.

    Entries without a language pair (from a memory made before pairs were recorded) are left out.
    """
    import xml.etree.ElementTree as ET

    from subkit import __version__
    from subkit.srtio import atomic_write_text

    usable = [e for e in entries if ">" in e.pair]
    sources = {e.pair.split(">")[0] for e in usable}
    root = ET.Element("tmx", version="1.4")
    ET.SubElement(root, "header", creationtool="subkit", creationtoolversion=__version__, datatype="plaintext",
                  segtype="sentence", adminlang="en", srclang=sources.pop() if len(sources) == 1 else "*all*",
                  **{"o-tmf": "subkit"})
    body = ET.SubElement(root, "body")
    for entry in usable:
        tu = ET.SubElement(body, "tu", creationdate=_tmx_date(entry.created))
        for name in ("origin", "provenance", "model", "options"):
            value = getattr(entry, name)
            if value:
                ET.SubElement(tu, "prop", type=_PROP + name).text = value
        for lang, text in zip(entry.pair.split(">"), (entry.source, entry.target)):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
    ET.indent(root)
    atomic_write_text(out, ET.tostring(root, encoding="UTF-8", xml_declaration=True).decode("utf-8") + "\n")
    return len(usable)


def _tsv_field(value: str) -> str:
    return " ".join(value.split())  # a tab or newline would break the row


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


# --------------------------------------------------------------------------- import


@dataclass
class TmxRead:
    entries: list[Entry]
    units: int  # translation units in the file
    foreign: int  # units without both languages of the pair
    skipped: int  # empty segments, machine units without a model


def read_tmx(path: str, source: str, target: str) -> TmxRead:
    """The *source* → *target* units of a TMX file; a one-line error for a file that is not
    well-formed TMX, declares entities, or holds no unit of that pair."""
    root = _parse_xml(path)
    if root.tag != "tmx" or root.find("body") is None:
        raise SubkitError(f"not a TMX document (root element <{root.tag}>, expected <tmx> with a <body>)", path)
    result = TmxRead([], 0, 0, 0)
    langs: set[str] = set()
    for n, tu in enumerate(root.find("body").iter("tu"), 1):
        result.units += 1
        segs = {}
        for tuv in tu.findall("tuv"):
            lang = _base_lang(tuv.get(_XML_LANG) or tuv.get("lang") or "")
            langs.add(lang)
            seg = tuv.find("seg")
            if seg is None:
                raise SubkitError(f"translation unit {n}: <tuv xml:lang=\"{lang}\"> has no <seg> "
                                  "(nothing imported)", path)
            segs[lang] = " ".join(_seg_text(seg).split())
        if source not in segs or target not in segs:
            result.foreign += 1
            continue
        entry = _entry(tu, segs[source], segs[target], f"{source}>{target}", path)
        if entry is None:
            result.skipped += 1
        else:
            result.entries.append(entry)
    if not result.entries and not result.skipped:
        found = ", ".join(sorted(x for x in langs if x)) or "none"
        raise SubkitError(f"no {source}->{target} translation unit (languages found: {found}; nothing imported)",
                          path)
    return result


def _parse_xml(path: str):
    import xml.etree.ElementTree as ET

    from subkit.srtio import read_bytes

    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import fromstring
    except ImportError:  # pragma: no cover - the translate extra brings it
        raise SubkitError("reading TMX needs defusedxml: pip install 'subkit[translate]'", path) from None
    data = read_bytes(path)
    try:
        return fromstring(data)
    except DefusedXmlException as exc:
        raise SubkitError(f"refused: the document declares entities or a DTD that loads files ({exc}); "
                          "nothing imported", path) from None
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise SubkitError(f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc}); nothing imported",
                          path, line) from None


def _base_lang(code: str) -> str:
    return code.replace("_", "-").split("-")[0].lower()


def _seg_text(element) -> str:
    text = element.text or ""
    for child in element:
        if child.tag not in _CODE_TAGS:
            text += _seg_text(child)
        text += child.tail or ""
    return text


def _entry(tu, source: str, target: str, pair: str, path: str) -> Entry | None:
    props = {p.get("type", "")[len(_PROP):]: (p.text or "").strip()
             for p in tu.findall("prop") if p.get("type", "").startswith(_PROP)}
    origin = props.get("origin") or "human"
    if origin not in ORIGINS:
        origin = "human"
    if not source or not target or (origin == "machine" and not (props.get("model") and props.get("options"))):
        return None
    # subkit's own units say where they came from; a CAT tool's came from this file
    provenance = props.get("provenance", "") if "origin" in props else os.path.basename(path)
    created = _parse_date(tu.get("creationdate") or tu.get("changedate"))
    return Entry(source, target, origin=origin, pair=pair, provenance=provenance,
                 model=props.get("model", "") if origin == "machine" else "",
                 options=props.get("options", "") if origin == "machine" else "", created=created)


def _parse_date(value: str | None) -> float:
    if not value:
        return 0.0
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
    except ValueError:
        return 0.0


# --------------------------------------------------------------------------- upkeep


def stats(path: str | os.PathLike[str]) -> list[tuple[str, str, str, int]]:
    """(origin, language pair, model identity, entries) rows."""
    db = connect(path)
    try:
        return db.execute("SELECT origin, pair, model, count(*) FROM memory GROUP BY origin, pair, model "
                          "ORDER BY origin, pair, model").fetchall()
    finally:
        db.close()


def prune(path: str | os.PathLike[str], keep_models: Sequence[str], pair: str | None = None,
          dry_run: bool = False) -> int:
    """Drop machine entries made by models other than *keep_models* (of *pair*, if given); human
    entries always stay. The number of entries dropped (or that would be)."""
    db = connect(path)
    where = "origin = 'machine'"
    args: list[str] = []
    if keep_models:
        where += f" AND model NOT IN ({','.join('?' * len(keep_models))})"
        args += list(keep_models)
    if pair:
        where += " AND pair = ?"
        args.append(pair)
    try:
        with db:
            db.execute("BEGIN IMMEDIATE")
            count = db.execute(f"SELECT count(*) FROM memory WHERE {where}", args).fetchone()[0]
            if not dry_run:
                db.execute(f"DELETE FROM memory WHERE {where}", args)
    except sqlite3.DatabaseError as exc:
        raise SubkitError(f"cannot write translation memory ({exc})", str(path)) from None
    finally:
        db.close()
    return count
