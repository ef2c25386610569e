"""Subtitle file formats: one module per format, one line per format in :data:`FORMATS`.

Each format module has ``read(text, name) -> Subtitles`` and ``write(Subtitles) -> str``. The
table maps a format's name to its extensions and module (imported when first used, so that a
command pays only for the format it reads). SRT, WebVTT, SBV and TTML/DFXP are subkit's own;
``subkit convert`` reaches ASS/SSA, MicroDVD, SAMI, MPL2 and TMP through pysubs2
(:mod:`subkit.formats.other`) and reads EBU STL and SCC through ttconv (:mod:`subkit.formats.broadcast`).
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable, Sequence

from subkit.errors import SubkitError
from subkit.formats.document import Block, Subtitles

__all__ = ["Block", "Subtitles", "FORMATS", "ALIASES", "READ_ONLY", "BINARY", "SUBTITLE_EXTENSIONS", "is_subtitle_file",
           "check_writable", "format_for", "parse", "compose", "subtitle_format", "read_file", "parse_read",
           "parse_bytes", "bytes_format", "read_stl", "sniff", "format_module", "language_in_name", "named_language"]

# name -> (extensions, module or module:object with read/write). Adding a format: its module, and
# one line here. The ones in subkit.formats.other need pysubs2 (the ``formats`` extra).
FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    "srt": ((".srt",), "subkit.formats.srt"),
    "vtt": ((".vtt", ".webvtt"), "subkit.formats.vtt"),
    "sbv": ((".sbv",), "subkit.formats.sbv"),
    "ass": ((".ass",), "subkit.formats.other:ass"),
    "ssa": ((".ssa",), "subkit.formats.other:ssa"),
    "ttml": ((".ttml", ".dfxp"), "subkit.formats.ttml"),
    "sami": ((".smi", ".sami"), "subkit.formats.other:sami"),
    "microdvd": ((".sub",), "subkit.formats.other:microdvd"),
    "mpl2": ((".mpl",), "subkit.formats.other:mpl2"),
    "tmp": ((), "subkit.formats.other:tmp"),
    "stl": ((".stl",), "subkit.formats.broadcast:stl"),  # EBU STL, read only, through ttconv
    "scc": ((".scc",), "subkit.formats.broadcast:scc"),  # Scenarist CEA-608, read only, through ttconv
}
READ_ONLY = frozenset({"sami", "scc"})
ALIASES = {"dfxp": "ttml", "webvtt": "vtt"}  # other names a format is known by (--to dfxp)
BINARY = frozenset({"stl"})  # written by subkit convert only (every other command writes text)

# Extensions of subtitle files of any format (for telling subtitles from transcripts).
SUBTITLE_EXTENSIONS = frozenset({".srt", ".vtt", ".webvtt", ".ass", ".ssa", ".sub", ".sbv", ".ttml", ".dfxp",
                                 ".smi", ".sami", ".stl", ".scc"})


def is_subtitle_file(path: str | os.PathLike[str]) -> bool:
    """Is *path* an existing file of a subtitle extension (one a report or an export must not replace)?"""
    return os.path.isfile(path) and Path(path).suffix.lower() in SUBTITLE_EXTENSIONS


def format_for(path: str | os.PathLike[str] | None, explicit: str | None = None, default: str = "srt") -> str:
    """The format to write *path* in: *explicit* when given, else its extension's, else *default*."""
    if explicit:
        explicit = ALIASES.get(explicit.lower(), explicit.lower())
        if explicit not in FORMATS:
            raise SubkitError(f"unknown format {explicit!r} (known: {', '.join(FORMATS)})")
        return explicit
    if path is not None and str(path) != "-":
        ext = Path(path).suffix.lower()
        for name, (exts, _) in FORMATS.items():
            if ext in exts:
                return name
    return default


def check_writable(fmt: str, path: str | os.PathLike[str] | None = None, binary: bool = False) -> None:
    """Refuse, before any work is done, a format that cannot be written: one read only (SAMI, SCC),
    or a binary one (EBU STL) where the command writes text (*binary* False); or one that *path*'s
    extension says is another (``--format vtt -o x.srt``: WebVTT in a file named SRT)."""
    name = {"sami": "SAMI", "scc": "SCC", "stl": "EBU STL"}.get(fmt, fmt)
    where = None if path is None or str(path) == "-" else str(path)
    named = format_for(where, None, default="") if where else ""
    if named and named != fmt:
        ext = Path(where).suffix
        raise SubkitError(f"the format asked for is {fmt}, but the extension {ext} names {named}: write "
                          f"{fmt} to a file named for it, or leave the format option out", where)
    if fmt in READ_ONLY:
        raise SubkitError(f"{name} can be read, not written", where)
    if fmt in BINARY and not binary:
        raise SubkitError(f"{name} is a binary format: write it with 'subkit convert IN -o OUT.stl'", where)


def format_module(fmt: str):
    if fmt not in FORMATS:
        raise SubkitError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    module, _, attr = FORMATS[fmt][1].partition(":")
    found = importlib.import_module(module)
    return getattr(found, attr) if attr else found


def parse(text: str, name: str, fmt: str) -> Subtitles:
    """*text* read as format *fmt*; a one-line :class:`SubkitError` naming *name* if it cannot be."""
    subs = format_module(fmt).read(text, name)
    if not subs.cues:
        raise SubkitError("no subtitles found", name)
    return replace(subs, format=fmt)


def compose(subs: Subtitles, fmt: str, finish: Callable[[tuple], Sequence] | None = None) -> str:
    """*subs* written in format *fmt*, its cues' markup in that format's vocabulary
    (:func:`subkit.formats.markup.adapt`: ``<font color>`` and ``{\\an8}`` become WebVTT's
    ``<c.red>`` and ``line:0``, and back). *finish*, when given, maps the cues once their markup is
    in *fmt*'s words, before they are written (WebVTT voices go on then)."""
    from subkit.formats.markup import adapt

    adapted = adapt(subs, fmt)
    if finish is not None:
        adapted = adapted.with_cues(finish(adapted.cues))
    return format_module(fmt).write(adapted)


_SRT_START = re.compile(r"\s*\d+[ \t]*\r?\n[ \t]*\d+:\d+:\d+[,.]\d+[ \t]*-->", re.ASCII)
_SBV_START = re.compile(r"\s*\d+:\d\d:\d\d\.\d+,\d+:\d\d:\d\d\.\d+\s*\r?\n")
_MICRODVD_START = re.compile(r"\s*\{\d+\}\{\d*\}")


def sniff(text: str) -> str | None:
    """The subtitle format *text* is written in (``vtt``, ``srt``, ``ass``, ``sbv``, ``ttml``,
    ``sami``, ``microdvd``), or None for anything else, a transcript included. Only the start of the
    text counts: prose that merely contains ``-->`` is not a subtitle file."""
    head = text[:4096].lstrip("\ufeff")
    first = head.split("\n", 1)[0].rstrip("\r")
    if first.startswith("WEBVTT") and (len(first) == 6 or first[6] in " \t"):
        return "vtt"
    if _SRT_START.match(head):
        return "srt"
    if _SBV_START.match(head):
        return "sbv"
    if _MICRODVD_START.match(head):
        return "microdvd"
    low = head.lstrip().lower()
    if low.startswith("[script info]") or "\n[v4+ styles]" in low or "\n[v4 styles]" in low:
        return "ass"
    if low.startswith("<sami"):
        return "sami"
    if first.startswith("Scenarist_SCC"):
        return "scc"
    root = _TTML_ROOT.search(low)
    if root and (low.startswith("<?xml") or low.startswith(root.group())) and _ttml_prefix(root.group(1), low):
        return "ttml"
    return None


# TTML's root element, ``<tt>``, or prefixed (``<tt:tt>``, as EBU-TT writes it)
_TTML_ROOT = re.compile(r"<(?:([^\W\d][\w.-]*):)?tt[\s>/]")
_TTML_NAMESPACE = r"http://www\.w3\.org/(?:ns/ttml|2006/\d\d/ttaf1)"  # TTML1/2, IMSC; the 2006 DFXP drafts


def _ttml_prefix(prefix: str | None, low: str) -> bool:
    """Whether a root ``<prefix:tt>`` is TTML's: its prefix bound to a TTML namespace (no prefix: yes)."""
    bound = rf"""xmlns:{re.escape(prefix or '')}\s*=\s*["']{_TTML_NAMESPACE}["']"""
    return prefix is None or re.search(bound, low) is not None


def read_file(path: str | os.PathLike[str], encoding: str = "utf-8", fmt: str | None = None) -> Subtitles:
    """The subtitles of a file (``-`` is stdin) in *fmt*, else its extension's format, else the
    format its content is in (WebVTT when it starts with ``WEBVTT``; EBU STL, a binary format, by
    its header), else SRT."""
    from subkit.srtio import decode_text, display_name, read_bytes

    data = read_bytes(path)
    stored = bytes_format(data, fmt or format_for(path, None, default=""))
    if stored:  # XML names its own encoding: utf-8, the default, does not override it
        subs = parse_bytes(data, display_name(path), stored, None if encoding.lower() == "utf-8" else encoding)
    else:
        subs = parse_read(path, decode_text(data, display_name(path), encoding), fmt)
    return named_language(subs, path)


# a language code before a file's extension (ep.fr.srt, ep.pt-BR.vtt): ISO 639-1, and a region
_NAME_LANGUAGE = re.compile(r"([a-z]{2})(?:[-_]([a-z]{2}))?", re.IGNORECASE)


# What players' naming conventions put after the language: "movie.en.hi.srt", "movie.en.forced.srt".
_NAME_FLAGS = frozenset({"hi", "sdh", "cc", "forced", "default", "full"})


def language_in_name(path: str | os.PathLike[str]) -> str:
    """The language code a file's name carries before its extension, as players read it (``ep.fr.srt``:
    ``fr``; ``ep.pt_BR.srt``: ``pt-BR``), '' if none: only a code the C library knows a locale for
    (``locale.locale_alias``), so that ``ep.hd.srt`` names none."""
    import locale

    stem = Path(str(path)).stem
    while Path(stem).suffix[1:].lower() in _NAME_FLAGS:  # "movie.en.hi.srt": hearing impaired, not Hindi
        stem = Path(stem).stem
    m = _NAME_LANGUAGE.fullmatch(Path(stem).suffix[1:])
    if str(path) == "-" or m is None or m.group(1).lower() not in locale.locale_alias:
        return ""
    return m.group(1).lower() + (f"-{m.group(2).upper()}" if m.group(2) else "")


def named_language(subs: Subtitles, path: str | os.PathLike[str]) -> Subtitles:
    """*subs*, declaring the language its file's name carries when its content declares none."""
    code = "" if subs.language() else language_in_name(path)
    return replace(subs, lang=code) if code else subs


def read_stl(data: bytes, fmt: str) -> bool:
    """Whether *data* is to be read as EBU STL (binary): its format says so, or, with no format
    named, its header does."""
    from subkit.formats.broadcast import is_stl

    return fmt == "stl" or (not fmt and is_stl(data))


def bytes_format(data: bytes, fmt: str) -> str | None:
    """The format *data* is to be read in as stored, not as text: EBU STL (binary) or TTML (XML,
    whose declaration names its encoding), by *fmt*, else, with no format named, by its start."""
    if fmt:
        return fmt if fmt in ("stl", "ttml") else None
    if read_stl(data, fmt):
        return "stl"
    from subkit.srtio import utf16_codec

    head = data[:4096].decode(utf16_codec(data) or "latin-1", errors="replace")  # enough to sniff
    return "ttml" if sniff(head) == "ttml" else None


def parse_bytes(data: bytes, name: str, fmt: str = "stl", encoding: str | None = None) -> Subtitles:
    """The subtitles of a file read as stored (:func:`bytes_format`): EBU STL, or TTML decoded as
    its XML declaration says unless *encoding* overrides it; a one-line error naming *name*."""
    module = format_module(fmt)
    subs = module.read_bytes(data, name, encoding) if fmt == "ttml" else module.read_bytes(data, name)
    if not subs.cues:
        raise SubkitError("no subtitles found", name)
    return replace(subs, format=fmt)


def parse_read(path: str | os.PathLike[str], text: str, fmt: str | None = None) -> Subtitles:
    """:func:`read_file` for a file whose *text* the caller has read already."""
    from subkit.srtio import display_name

    guessed = fmt is None and not format_for(path, None, default="") and sniff(text) is None
    if fmt is None:
        fmt = format_for(path, None, default="") or sniff(text) or "srt"
    try:
        return parse(text, display_name(path), fmt)
    except SubkitError:
        if not guessed:
            raise
        # nothing said this was SRT: it is more likely a transcript than a broken subtitle file
        raise SubkitError("not a subtitle file (no SRT, WebVTT, ASS, TTML... cue found)" + _what_instead(path, text),
                          display_name(path)) from None


def _what_instead(path, text: str) -> str:
    """What to do with a file that is no subtitle file: a transcript is segmented, a TMX translation
    memory imported; other XML gets no advice (segmenting its markup would make no sense)."""
    from subkit.srtio import display_name

    head = text.lstrip("\ufeff \t\r\n")[:2000]
    if Path(path).suffix.lower() == ".tmx" or "<tmx" in head:
        return f"; a TMX translation memory is read by: subkit memory import {display_name(path)}"
    if head.startswith("<"):
        return ""
    return f"; to make subtitles from a transcript: subkit segment {display_name(path)}"


def subtitle_format(path: str | os.PathLike[str], text: str) -> str | None:
    """The subtitle format of a file by its content (a WebVTT header, SRT or SBV blocks, ASS
    sections...) or its extension; None for a plain transcript."""
    ext = "" if str(path) == "-" else Path(path).suffix.lower()
    return sniff(text) or (format_for(path, None, default="") if ext in SUBTITLE_EXTENSIONS else None)
