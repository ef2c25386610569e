"""TMX import: the units of a CAT tool's (or subkit's) memory as entries keyed as ``translate`` looks
sentences up.

Read with ``defusedxml``: a TMX file comes from elsewhere, and its DTD must never declare entities
(billion laughs) or pull external ones (a file off the disk). Each unit's source goes through
:func:`~subkit.translate.memory.align.lookup_sentences`, the cut a subtitle pair's import and
``translate`` itself use, so "T'as vu…", "coeur", "Est ce que…" and ``<i>…</i>`` are stored in the
form a subtitle's sentence is looked up by. A unit of several sentences is cut into one entry per
sentence when its translation cuts into as many; a unit that is part of a sentence (a cue fragment,
as some SRT filters write them) is kept and counted: ``translate`` looks sentences up whole.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from datetime import datetime, timezone

from subkit.errors import SubkitError
from subkit.language import base_language
from subkit.translate.memory.store import ORIGINS, Entry

__all__ = ["TmxRead", "read_tmx"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_CODE_TAGS = {"bpt", "ept", "ph", "it", "ut"}  # inline native codes: not text
_PROP = "x-subkit-"
# A placeholder standing for a line break (SRT/HTML <br/>, ASS \N, a newline) is a space between words.
_LINE_BREAK = re.compile(r"\s*(?:<\s*br\s*/?\s*>|\\[nN])?\s*", re.IGNORECASE)
_PLAIN_SPACE = re.compile(r"[^\S\u00a0\u202f]+")  # not the no-break spaces French punctuation needs
_SENTENCE_END = re.compile(r"[.!?…](?:[\s\u00a0\u202f]*[\"'»”’)\]])*$")  # "« Non. »" is whole


@dataclass
class TmxRead:
    entries: list[Entry]
    units: int  # translation units in the file
    foreign: int  # units without both languages of the pair
    skipped: int  # empty segments, machine units without a model
    unit_of: list[int] = field(default_factory=list)  # for each entry, the unit it came from
    whole: int = 0  # units of several sentences whose translation does not cut alike: kept whole
    fragments: int = 0  # units that are part of a sentence
    variants: int = 0  # units with several variants of the target language
    variant_codes: list[str] = field(default_factory=list)


def read_tmx(path: str, source: str, target: str) -> TmxRead:
    """The *source* → *target* units of a TMX file; a one-line error for a file that is not
    well-formed TMX, declares entities, or holds no unit of that pair. A region code (``en-GB``)
    picks that variant; without one, a unit's first variant of the language is taken."""
    root = _parse_xml(path)
    if root.tag != "tmx" or root.find("body") is None:
        raise SubkitError(f"not a TMX document (root element <{root.tag}>, expected <tmx> with a <body>)", path)
    result = TmxRead([], 0, 0, 0)
    langs: set[str] = set()
    pair = f"{base_language(source)}>{base_language(target)}"
    for n, tu in enumerate(root.find("body").iter("tu"), 1):
        result.units += 1
        segs: dict[str, list[_Variant]] = {}  # base language -> its variants
        for tuv in tu.findall("tuv"):
            code = (tuv.get(_XML_LANG) or tuv.get("lang") or "").replace("_", "-")
            langs.add(code)
            seg = tuv.find("seg")
            if seg is None:
                raise SubkitError(f"translation unit {n}: <tuv xml:lang=\"{code}\"> has no <seg> "
                                  "(nothing imported)", path)
            text = _PLAIN_SPACE.sub(" ", _seg_text(seg)).strip()
            segs.setdefault(base_language(code), []).append(_Variant(code, text, tuv))
        found = [_variant(segs, source, None), _variant(segs, target, result)]
        if None in found:
            result.foreign += 1
            continue
        _add_unit(result, tu, found[0].text, found[1], pair, path)
    if result.units and not result.entries and not result.skipped:  # an empty memory's export: 0 entries
        found = ", ".join(sorted(x for x in langs if x)) or "none"
        raise SubkitError(f"no {source}->{target} translation unit (languages found: {found}; nothing imported)",
                          path)
    return result


class _Variant(NamedTuple):
    code: str  # its xml:lang
    text: str
    tuv: object  # the <tuv> element (OmegaT dates it, not the <tu>)


def _variant(segs: dict[str, list[_Variant]], wanted: str, counts: TmxRead | None) -> _Variant | None:
    """*wanted*'s variant in a unit: the one of that region if *wanted* names one (else a variant
    without region), else the first; *counts* notes units with several."""
    found = segs.get(base_language(wanted), [])
    if "-" in wanted:
        exact = [v for v in found if v.code.lower() == wanted.lower()]
        plain = [v for v in found if "-" not in v.code]
        return (exact or plain or [None])[0]
    if counts is not None and len({v.code.lower() for v in found}) > 1:
        counts.variants += 1
        counts.variant_codes.extend(v.code for v in found if v.code not in counts.variant_codes)
    return found[0] if found else None


def _add_unit(result: TmxRead, tu, source: str, translation: _Variant, pair: str, path: str) -> None:
    from subkit.translate.lyrics import NOTES  # a lyric cue is whole without a final stop
    from subkit.translate.memory.align import lookup_sentences, written_sentences

    src_lang, tgt_lang = pair.split(">")
    target = translation.text
    if _props(tu).get("origin") == "machine":  # subkit's own, keyed as the model saw the sentence
        sources, targets = [source], [target]
    else:
        sources, targets = lookup_sentences(source, src_lang), written_sentences(target, tgt_lang)
    if not sources or not targets:
        result.skipped += 1
        return
    if len(sources) > 1 and len(sources) != len(targets):
        result.whole += 1
        sources, targets = [" ".join(sources)], [" ".join(targets)]
    elif len(sources) == 1:
        targets = [" ".join(targets)]
    if (not _SENTENCE_END.search(sources[-1]) or sources[0][:1].islower()) and not NOTES.intersection(sources[0]):
        result.fragments += 1
    created = _unit_date(tu, translation.tuv)
    entries = [_entry(tu, s, t, pair, path, created) for s, t in zip(sources, targets)]
    if None in entries:
        result.skipped += 1
        return
    result.entries.extend(entries)
    result.unit_of.extend([result.units] * len(entries))


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


def _seg_text(element) -> str:
    text = element.text or ""
    for child in element:
        if child.tag not in _CODE_TAGS:
            text += _seg_text(child)
        elif child.tag == "ph" and _LINE_BREAK.fullmatch(code := "".join(child.itertext())) and code:
            text += " "
        text += child.tail or ""
    return text


def _props(tu) -> dict[str, str]:
    return {p.get("type", "")[len(_PROP):]: (p.text or "").strip()
            for p in tu.findall("prop") if p.get("type", "").startswith(_PROP)}


def _unit_date(tu, target_tuv) -> float:
    """A unit's last change, the date that decides which of two entries is newer: the target
    ``<tuv>``'s (OmegaT dates it there, as TMX 1.4 allows), else the ``<tu>``'s; ``changedate``
    before ``creationdate``; 0 (as of the import) without one."""
    for element in (target_tuv, tu):
        for name in ("changedate", "creationdate"):
            if seconds := _parse_date(element.get(name)):
                return seconds
    return 0.0


def _entry(tu, source: str, target: str, pair: str, path: str, created: float) -> Entry | None:
    props = _props(tu)
    origin = props.get("origin") or "human"
    if origin not in ORIGINS:
        origin = "human"
    if not source or not target or (origin == "machine" and not (props.get("model") and props.get("options"))):
        return None
    # subkit's own units say where they came from; a CAT tool's came from this file
    provenance = props.get("provenance", "") if "origin" in props else os.path.basename(path)
    machine = origin == "machine"
    return Entry(source, target, origin=origin, pair=pair, provenance=provenance,
                 model=props.get("model", "") if machine else "", options=props.get("options", "") if machine else "",
                 created=created, confidence=_confidence(props.get("confidence")) if machine else None)


def _confidence(value: str | None) -> float | None:
    """A machine unit's ``x-subkit-confidence``; None without a usable one (scored again when reviewed)."""
    try:
        score = float(value or "")
    except ValueError:
        return None
    return score if math.isfinite(score) else None


def _parse_date(value: str | None) -> float:
    for form in ("%Y%m%dT%H%M%SZ", "%Y%m%d"):  # TMX 1.4's form; some tools write the day alone
        try:
            return datetime.strptime(value or "", form).replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            continue
    return 0.0
