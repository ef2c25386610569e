"""The pieces of WebVTT syntax (W3C WebVTT, sections 4 and 6): timestamps, timing lines, cue settings
and cue text tags. Shared by the reader (:mod:`subkit.formats.vtt`) and the linter's scanner
(:mod:`subkit.lint.vtt_scanner`); no imports beyond the standard library, so ``subkit lint`` stays light.
"""

from __future__ import annotations

import re

__all__ = ["SIGNATURE", "is_signature", "TIMESTAMP", "TIMING", "parse_timing", "setting_problems", "tag_problems",
           "block_kind"]

# "WEBVTT" alone, or followed by a space or tab and anything (a BOM is stripped before).
SIGNATURE = "WEBVTT"

# hh:mm:ss.ttt (hours: any number of digits, as the parser reads them) or mm:ss.ttt, whose minutes
# are 00-59: W3C's "collect a WebVTT timestamp" reads a first field over 59 as hours ("60:00.000"
# then lacks its seconds).
_TS = r"(?:(\d+):([0-5]\d):([0-5]\d)|([0-5]\d):([0-5]\d))\.(\d\d\d)"
TIMESTAMP = re.compile(_TS, re.ASCII)
# The parser's "skip whitespace": space, tab, form feed (line breaks cannot occur inside a line).
# re.ASCII: WebVTT digits are ASCII ones ("\\d" alone also matches Arabic-Indic or full-width digits).
TIMING = re.compile(rf"[ \t\f]*{_TS}[ \t\f]*-->[ \t\f]*{_TS}(?:([ \t\f]+)(.*))?", re.ASCII)
# A fast canonical line (what subkit and most tools write): hh:mm:ss.ttt --> hh:mm:ss.ttt
FAST_TIMING = re.compile(r"(\d\d):([0-5]\d):([0-5]\d)\.(\d\d\d) --> (\d\d):([0-5]\d):([0-5]\d)\.(\d\d\d)(?: (.*))?",
                         re.ASCII)

_SETTING_VALUES = {
    "vertical": re.compile(r"rl|lr"),
    "line": re.compile(r"(?:-?\d+(?:\.\d+)?|\d+(?:\.\d+)?%)(?:,(?:start|center|end))?", re.ASCII),
    "position": re.compile(r"\d+(?:\.\d+)?%(?:,(?:line-left|center|line-right))?", re.ASCII),
    "size": re.compile(r"\d+(?:\.\d+)?%", re.ASCII),
    "align": re.compile(r"start|center|end|left|right"),
    "region": re.compile(r"[^\s]+"),
}
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)%", re.ASCII)

# Cue text tags: <c.class>, <i>, <b>, <u>, <ruby>, <rt>, <v Speaker>, <lang en>, <00:00:01.000>.
_TAG = re.compile(r"<(/?)([^\s./>]*)([^>]*)>|<[^>]*$")
_KNOWN_TAGS = {"c", "i", "b", "u", "ruby", "rt", "v", "lang"}
_ANNOTATED = {"v", "lang"}  # need an annotation: <v Speaker>, <lang en>
_OPTIONAL_END = {"v", "rt"}  # the end tag may be left out (a voice span or ruby text at the cue's end)
_INNER_TS = re.compile(rf"{_TS}", re.ASCII)


def is_signature(line: str) -> bool:
    """True for a valid first line: ``WEBVTT``, or ``WEBVTT`` then a space or tab and anything."""
    return line == SIGNATURE or (line.startswith(SIGNATURE) and line[6:7] in (" ", "\t"))


def _ms(g: tuple, k: int) -> int:
    if g[k] is not None:
        h, m, s = int(g[k]), int(g[k + 1]), int(g[k + 2])
    else:
        h, m, s = 0, int(g[k + 3]), int(g[k + 4])
    return ((h * 60 + m) * 60 + s) * 1000 + int(g[k + 5])


def parse_timing(line: str) -> tuple[int, int, str] | None:
    """(start ms, end ms, settings) of a timing line read by the W3C rules; None if it is not one."""
    m = FAST_TIMING.fullmatch(line)
    if m is not None:
        g = m.groups()
        return (((int(g[0]) * 60 + int(g[1])) * 60 + int(g[2])) * 1000 + int(g[3]),
                ((int(g[4]) * 60 + int(g[5])) * 60 + int(g[6])) * 1000 + int(g[7]), (g[8] or "").strip())
    m = TIMING.fullmatch(line)
    if m is None:
        return None
    g = m.groups()
    return _ms(g, 0), _ms(g, 6), (g[13] or "").strip()


def setting_problems(settings: str) -> list[tuple[int, str]]:
    """(0-based offset in *settings*, message) for each cue setting the W3C syntax does not allow:
    unknown names, bad values, a setting given twice."""
    out: list[tuple[int, str]] = []
    seen: set[str] = set()
    for m in re.finditer(r"\S+", settings):
        token = m.group(0)
        name, colon, value = token.partition(":")
        if not colon or not name or not value:
            out.append((m.start(), f"cue setting {token!r} is not name:value"))
        elif name not in _SETTING_VALUES:
            out.append((m.start(), f"unknown cue setting {name!r} (vertical, line, position, size, align, region)"))
        elif not _SETTING_VALUES[name].fullmatch(value) or any(float(p) > 100 for p in _PERCENT.findall(value)):
            out.append((m.start(), f"invalid value for cue setting {name}: {value!r}"))
        elif name in seen:
            out.append((m.start(), f"cue setting {name} given twice"))
        seen.add(name)
    return out


def _stamp_problem(text: str, start: int | None, end: int | None, last: list[int]) -> str | None:
    """What is wrong with the timestamp tag *text* (its inside) in a cue from *start* to *end* ms,
    after the tags' times in *last*: W3C wants it after the cue's start and every earlier timestamp
    and before its end; one *at* the start or equal to the one before (common in captions, and
    harmless to a player) passes."""
    m = _INNER_TS.fullmatch(text)
    if m is None:
        return f"bad timestamp tag <{text}> (hh:mm:ss.ttt or mm:ss.ttt)"
    at = _ms(m.groups(), 0)
    if start is not None and end is not None and not start <= at <= end:
        return f"timestamp tag <{text}> is outside its cue (it must be within the cue's start and end)"
    if last and at < last[-1]:
        return f"timestamp tag <{text}> goes back before the timestamp tag before it"
    last.append(at)
    return None


def tag_problems(lines: list[str], start: int | None = None, end: int | None = None) -> list[tuple[int, int, str]]:
    """(line in the cue 0-based, 0-based column, message) for unknown, unclosed and unbalanced cue
    text tags, and timestamp tags out of the cue (*start*, *end*: ms) or out of order. Unclosed
    ``<v>`` and ``<rt>`` are allowed, as the WebVTT syntax allows them."""
    out: list[tuple[int, int, str]] = []
    stack: list[tuple[str, int, int]] = []
    crossed: list[str] = []
    stamps: list[int] = []
    for k, line in enumerate(lines):
        if "<" not in line:
            continue
        for m in _TAG.finditer(line):
            closing, name = m.group(1), m.group(2)
            if name is None:
                out.append((k, m.start(), "unterminated tag (a '<' with no '>')"))
                continue
            if not closing and name[:1].isdigit():  # a timestamp tag
                problem = _stamp_problem(m.group(0)[1:-1], start, end, stamps)
                if problem:
                    out.append((k, m.start(), problem))
                continue
            if name not in _KNOWN_TAGS:
                out.append((k, m.start(), f"unknown tag <{'/' if closing else ''}{name}>"))
            elif closing:
                _close(stack, name, k, m.start(), out, crossed)
            elif name in _ANNOTATED and not m.group(3).strip():
                out.append((k, m.start(), f"<{name}> needs an annotation (<{name} ...>)"))
                stack.append((name, k, m.start()))
            else:
                stack.append((name, k, m.start()))
    for name, k, col in stack:
        if name not in _OPTIONAL_END:
            out.append((k, col, f"<{name}> is never closed"))
    out.sort()
    return out


def _close(stack: list, name: str, k: int, col: int, out: list, crossed: list) -> None:
    for j in range(len(stack) - 1, -1, -1):
        if stack[j][0] == name:
            for other in stack[j + 1:]:
                if other[0] not in _OPTIONAL_END:
                    out.append((other[1], other[2], f"<{other[0]}> is closed by </{name}> (tags overlap)"))
                    crossed.append(other[0])  # its own end tag, later, is the same fault
            del stack[j:]
            return
    if name in crossed:
        crossed.remove(name)
    else:
        out.append((k, col, f"</{name}> closes no open tag"))


def block_kind(first_line: str) -> str:
    """``NOTE``, ``STYLE``, ``REGION`` or ``""`` (a cue block, or nothing known) for a block's first line."""
    if first_line == "NOTE" or first_line.startswith(("NOTE ", "NOTE\t")):
        return "NOTE"
    if first_line.rstrip(" \t") in ("STYLE", "REGION"):
        return first_line.rstrip(" \t")
    return ""
