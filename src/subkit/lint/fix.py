"""``subkit lint --fix``: safe, idempotent repairs, for SRT and WebVTT.

- renumber 1..n (SRT), sort cues by start time (stable), write LF line endings, no BOM, UTF-8,
  canonical timestamps (``HH:MM:SS,mmm``; WebVTT ``hh:mm:ss.ttt``, its header, blocks, identifiers
  and cue settings kept);
- strip spaces at line ends and make each run of blanks one (:func:`subkit.lint.rules._base.clean_spaces`);
- re-wrap a cue whose lines are too long or too many, with the segmenter's line breaker
  (:func:`subkit.breaking.wrap_lines`), when the result fits the line limits plain lint checks
  (whatever rules are selected); formatting tags stay around the same words (:mod:`subkit.tags`);
  a dialogue cue keeps its lines;
- when a rule whose ``FIXER`` is ``retime`` fires (the timing rules), retime with the shared
  :func:`subkit.timing.enforce_profile`: extend short or fast cues into the free time after them,
  settle overlaps where both cues stay readable (else leave them), keep the minimum gap (chained
  cues stay so where the min-gap rule allows them), close gaps of 3-11 frames, snap times to frames.

Only the repairs of rules that are on for the file are made (``--select``, ``ignore``,
``per-file-ignores``): with ``numbering`` off an SRT file keeps its indexes; the canonical form
(UTF-8, LF, no BOM, canonical timestamps) is how any rewritten file is written.

Words are never dropped or reordered, nor their formatting changed (each re-wrap is checked word
by word). A file with syntax errors that could lose text (text outside a cue, an unreadable timing
line) or with bytes that do not decode is left alone: fix those by hand first.
"""

from __future__ import annotations

import re
from dataclasses import replace

from subkit.cues import format_srt
from subkit.profiles import TAG_PATTERN, Profile
from subkit.lint.config import LintConfig, fix_profile, rule_conf
from subkit.lint.core import choose_profile, expected_language, lint_bytes, track_language
from subkit.lint.rules import RULES
from subkit.lint.rules._base import RETIME, clean_spaces
from subkit.lint.scanner import Scanner
from subkit.lint.vtt_scanner import VttScanner, is_webvtt
from subkit.srtio import looks_binary, utf16_codec, utf8_or
from subkit.text import BIDI_CONTROLS, opens_dialogue

__all__ = ["fix_bytes", "FixResult"]

_NO_BREAK = re.compile("[\u00a0\u202f]")
# A WebVTT voice opened among the tags that start a line.
_VOICE = re.compile(rf"(?:(?:{TAG_PATTERN})|\s)*?<\s*v[\s.]", re.IGNORECASE)


class FixResult:
    """``text`` is the fixed file (None when the file was left alone, with ``reason``); ``changed``
    whether it differs from the file's bytes (an encoding or a BOM counts)."""

    def __init__(self, text: str | None, reason: str | None = None, changed: bool = False, original: str = ""):
        self.text = text
        self.reason = reason
        self.changed = changed
        self.original = original  # the file as read (decoded), for --diff


# Rules that mark a problem fixable only where the retiming settles it: one they do not mark is
# left as written, and is no reason to retime the file.
_SETTLED = frozenset({"overlap", "min-gap"})


def _needs_retiming(problems, on) -> bool:
    """Whether a rule whose ``FIXER`` is ``retime`` reported a problem (each rule says so itself)
    that is *on* (its code not ignored) and that retiming can repair."""
    return any(RULES[p.rule].FIXER == RETIME and on(p.code) and (p.fixable or p.rule not in _SETTLED)
               for p in problems)


def _switch(config: LintConfig, profile: Profile, dropped: frozenset[str]):
    """``on(code)``: whether the problem code's rule runs and the code is not ignored (*dropped*):
    --fix makes only the repairs of rules that are on for the file."""
    def on(code: str) -> bool:
        rule_id = code.partition("/")[0]
        return rule_conf(rule_id, config, profile)[0] != "disable" and not {rule_id, code} & dropped

    return on


def _rewrap(lines: list[str], lang: str, profile: Profile, webvtt: bool = False,
            checked: Profile | None = None) -> list[str]:
    """Lines re-wrapped when they break the line limits *checked* (default *profile*'s) and the
    re-wrap fits *profile*'s; else *lines* (*webvtt*: WebVTT's spans, ``<c.yellow>``, ``<v Ahmed>``,
    are tags kept around their words)."""
    from subkit.lint.vtt_scanner import VttCue
    from subkit.profiles import count_chars, shown_length, strip_tags

    # WebVTT: "&amp;" is one character on screen, as the line-length rule counts it
    visible = VttCue.visible if webvtt else strip_tags
    width = (lambda line: shown_length(visible(line))) if webvtt else count_chars
    checked = checked or profile
    too_long = any(width(x) > checked.max_chars_per_line for x in lines)
    if not too_long and len(lines) <= checked.max_lines:
        return lines
    text = " ".join(lines)
    if _dialogue(lines, visible):
        return lines  # dialogue: one speaker a line
    head, tail = _shared_marks(lines)
    if head or tail:  # RTL lines that each start with RLM: each new line does
        inner = _rewrap([x[len(head):len(x) - len(tail)] for x in lines], lang, profile, webvtt, checked)
        return lines if inner == [x[len(head):len(x) - len(tail)] for x in lines] else [
            head + x + tail for x in inner]
    from subkit.breaking import wrap_lines
    from subkit.tags import ignored_tags, read_words, wrap_tagged

    if ignored_tags("\n".join(lines), webvtt):
        return lines  # a tag that could not be put back

    # The words are wrapped without their tags, which are then written back around the same words.
    overrides, words = read_words("\n".join(lines), webvtt)
    new = wrap_tagged([w.text for w in words], [w.tags for w in words],
                      lambda plain: wrap_lines(visible(plain) if webvtt else plain, lang, profile),
                      [w.tail for w in words])
    if new and overrides:
        new[0] = overrides + new[0]
    if (strip_tags(text).split() != strip_tags(" ".join(new)).split()
            or _formatted(text, webvtt) != _formatted(" ".join(new), webvtt)):
        return lines  # never lose or reorder a word, nor its formatting
    if len(new) > profile.max_lines or any(width(x) > profile.max_chars_per_line for x in new):
        return lines
    return new


def _formatted(text: str, webvtt: bool) -> tuple[str, list]:
    """The overrides (``{\\an8}``) and each word with its tags of *text*, a no-break space parting
    words as a space does: a re-wrap lost the tags of ``mot\u00a0<i>mot</i>``."""
    from subkit.tags import read_words

    overrides, words = read_words(_NO_BREAK.sub(" ", text), webvtt)
    return overrides, [(w.text, w.tags) for w in words]


def _dialogue(lines: list[str], visible) -> bool:
    """Whether *lines* hold one speaker each: a line after the first opens with a dash where the
    viewer sees it start (its tags and direction marks skipped: ``<i>- Oui.</i>``), or two lines
    each start a WebVTT voice (``<v Anne>``, ``<v Paul>``: the same one twice is a turn too, and
    joined into a line it would nest in itself)."""
    if any(opens_dialogue(visible(x).lstrip()) for x in lines[1:]):
        return True
    return sum(1 for x in lines if _VOICE.match(x)) > 1


def _fixed_lines(lines: list[str], lang: str, profile: Profile, webvtt: bool, checked: Profile,
                 edges: bool = True, runs: bool = True) -> list[str]:
    """A cue's lines with their spaces cleaned (*edges*, *runs*: those repairs' rules are on), then
    re-wrapped (:func:`_rewrap`) and cleaned again: a line that ends in a no-break space, joined to
    the next with a space, makes a new run."""
    clean = [x for x in (clean_spaces(x, edges, runs) for x in lines) if x]
    new = _rewrap(clean, lang, profile, webvtt, checked)
    return clean if new == clean else [clean_spaces(x, edges, runs) for x in new]


def _shared_marks(lines: list[str]) -> tuple[str, str]:
    """The direction controls (RLM, RLE...) every line of *lines* starts with, and those every line
    ends with ("" unless all lines have the same)."""
    heads = {x[:len(x) - len(x.lstrip(BIDI_CONTROLS))] for x in lines}
    tails = {x[len(x.rstrip(BIDI_CONTROLS)):] for x in lines}
    return (heads.pop() if len(heads) == 1 else ""), (tails.pop() if len(tails) == 1 else "")


class _LeftAlone(Exception):
    """The file cannot be fixed safely; the message says why."""


def _readable(data: bytes, encoding: str) -> tuple[bytes, str, bool]:
    """(bytes, encoding, transcoded?) to fix: UTF-16/32 transcoded to UTF-8, UTF-8 recognised whatever
    *encoding* says; raises :class:`_LeftAlone` for binary data or bytes that do not decode."""
    if looks_binary(data):
        raise _LeftAlone("binary file: not fixed")
    utf16 = utf16_codec(data)
    if utf16:  # fixed files are written as UTF-8: transcode first
        try:
            return data.decode(utf16).removeprefix("\ufeff").encode("utf-8"), "utf-8", True
        except UnicodeDecodeError:
            raise _LeftAlone(f"not valid {utf16.upper()[:6]}: not fixed") from None
    encoding = utf8_or(data, encoding)  # already UTF-8 (e.g. fixed before): re-decoding it would garble it
    try:
        data.removeprefix(b"\xef\xbb\xbf").decode(encoding)
    except UnicodeDecodeError as exc:
        from subkit.lint.charset import encoding_hint

        at = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        raise _LeftAlone(f"not valid {encoding}: not fixed ({encoding_hint(data, at)})") from None
    if encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
        _plausible(data, encoding)
    return data, encoding, False


def _plausible(data: bytes, encoding: str) -> None:
    """Raise :class:`_LeftAlone` when the words of *data* read as *encoding* are not words, and another
    code page's are: converting would write mojibake (Thai cp874 read as cp1252)."""
    from subkit.lint.charset import misread

    better = misread(data, encoding)
    if better is not None:
        raise _LeftAlone(f"read as {encoding}, the words do not read as words: not fixed "
                         f"(looks like {better}: read it with --encoding {better})")


def _retime(spans: list[tuple[int, int]], texts: list[list[str]], profile: Profile,
            overlaps: bool = True) -> list[tuple[int, int]]:
    """The cues' (start, end) in ms retimed by :func:`subkit.timing.enforce_profile` (*overlaps*:
    settle overlapping cues; else the overlap rule is off and they stay)."""
    from subkit.profiles import count_chars
    from subkit.timing import enforce_profile

    new, _warnings = enforce_profile(spans, [count_chars("\n".join(t)) for t in texts], profile, overlaps=overlaps)
    return new


def _srt_writer(renumber: bool):
    """A writer of the fixed SRT file: canonical timestamps, LF line endings, cues numbered from 1
    (*renumber*: the numbering rule is on) or keeping their indexes (a missing one gets its place)."""
    def write(cues: list, texts: list[list[str]], spans: list[tuple[int, int]]) -> str:
        return _compose(cues, texts, spans, renumber)

    return write


def _compose(cues: list, texts: list[list[str]], spans: list[tuple[int, int]], renumber: bool = True) -> str:
    out = []
    for k, (c, lines, (s, e)) in enumerate(zip(cues, texts, spans), 1):
        index = k if renumber or c.index is None else c.index
        out.append(f"{index}\n{format_srt(s)} --> {format_srt(e)}{c.extra}\n")
        if lines:
            out.append("\n".join(lines) + "\n")
        out.append("\n")
    return "".join(out)


def _vtt_writer(text: str, name: str, scanned: list):
    """A writer of the fixed WebVTT file: the scanned cues' new text and times in the file's own
    document (header, NOTE/STYLE/REGION blocks, identifiers and cue settings kept)."""
    from subkit.cues import Cue
    from subkit.errors import SubkitError
    from subkit.formats import vtt

    try:
        doc = vtt.read(text, name)
    except SubkitError as exc:
        raise _LeftAlone(f"{exc.message}: not fixed") from None
    if len(doc.cues) != len(scanned):  # cannot happen without a syntax error; never guess which is which
        raise _LeftAlone("the cues cannot be matched safely: fix the file's syntax by hand first")

    def write(cues: list, texts: list[list[str]], spans: list[tuple[int, int]]) -> str:
        new = [Cue(s, e, tuple(lines), None, doc.cues[c.number - 1].settings)
               for c, lines, (s, e) in zip(cues, texts, spans)]
        ids = {k: doc.ids[c.number - 1] for k, c in enumerate(cues) if c.number - 1 in doc.ids}
        return vtt.write(replace(doc, cues=tuple(new), ids=ids, blocks=_moved_blocks(doc.blocks, cues)))

    return write


def _moved_blocks(blocks, cues: list) -> tuple:
    """*blocks* before the cues they preceded, wherever sorting put those (:func:`moved_blocks`)."""
    from subkit.formats.document import moved_blocks

    return moved_blocks(blocks, {c.number - 1: k for k, c in enumerate(cues)})


def _scan(data: bytes, name: str, encoding: str):
    """(bytes, encoding, transcoded?, cues, writer) of a file that can be fixed; raises :class:`_LeftAlone`."""
    data, encoding, transcoded = _readable(data, encoding)
    webvtt = is_webvtt(name, data)
    scanner = (VttScanner if webvtt else Scanner)([data], encoding=encoding)
    cues = list(scanner.cues())
    if scanner.hard_syntax_errors:
        raise _LeftAlone("syntax errors that --fix cannot repair safely: fix them by hand first")
    if not cues:
        raise _LeftAlone("no cue: nothing to fix")
    write = _vtt_writer(data.decode(encoding).removeprefix("\ufeff"), name, cues) if webvtt else _srt_writer(True)
    return data, encoding, transcoded, cues, write


def fix_bytes(data: bytes, config: LintConfig | None = None, profile_name: str | None = None,
              encoding: str = "utf-8", name: str = "<bytes>", dropped: frozenset[str] = frozenset()) -> FixResult:
    """Repair an SRT or WebVTT file (by *name*'s extension, else its content) given as bytes; see
    the module docstring. Only the repairs of rules that are on for the file are made: *dropped*
    holds the rule ids and problem codes ignored for it (``ignore``, ``per-file-ignores``)."""
    config = config or LintConfig()
    dropped = frozenset(dropped) | frozenset(config.ignore)
    try:
        data, encoding, transcoded, cues, write = _scan(data, name, encoding)
    except _LeftAlone as exc:
        return FixResult(None, str(exc))
    profile, detected, explicit = choose_profile(config, profile_name, data, expected_language(config), encoding)
    lang = track_language(rule_conf("language", config, profile)[1].get("expected"), profile, detected, explicit)
    eff = fix_profile(profile, config, dropped)
    fits = fix_profile(profile, config, dropped, every_limit=True)
    on = _switch(config, profile, dropped)
    webvtt = is_webvtt(name, data)
    if not webvtt:
        write = _srt_writer(on("numbering/out-of-sequence"))

    in_order = all(a.start <= b.start for a, b in zip(cues, cues[1:]))
    if on("order/out-of-order"):
        cues.sort(key=lambda c: c.start)  # stable: equal starts keep file order
        in_order = True
    edges, runs = on("typography/edge-space"), on("typography/double-space")
    texts = [_fixed_lines(c.lines, lang, fits, webvtt, eff, edges, runs) for c in cues]
    spans = [(c.start, c.end) for c in cues]
    kwargs = dict(config=config, profile_name=profile_name, dropped=dropped)
    report = lint_bytes(data, name, encoding=encoding, **kwargs)
    retime = _needs_retiming(report.problems, on)
    if not retime and any(t != c.lines for c, t in zip(cues, texts)):
        # The new text can call for retiming where the old one did not (a re-wrap that joins lines
        # adds a space: one more character to read). Judge it as the next --fix will see it, so
        # that fixing twice changes nothing.
        rewritten = write(cues, texts, spans).encode("utf-8")
        retime = _needs_retiming(lint_bytes(rewritten, name, **kwargs).problems, on)
    if retime and in_order:  # cues out of order (the order rule off) cannot be retimed safely
        spans = _retime(spans, texts, eff, overlaps=on("overlap/overlap"))
    return _finish(write(cues, texts, spans), data, encoding, transcoded, webvtt)


def _finish(text: str, data: bytes, encoding: str, transcoded: bool, webvtt: bool) -> FixResult:
    """The result for the fixed *text* of the file *data*."""
    original = data.decode(encoding, errors="replace")
    as_is = not transcoded and original.encode("utf-8") == data  # UTF-8: written as it is
    if as_is and _same_but_the_end(text, _as_valid(original) if webvtt else original):
        text = original  # a file lint passes is not rewritten for what the writer does its own way
    return FixResult(text, changed=not as_is or text != original, original=original)


def _same_but_the_end(text: str, original: str) -> bool:
    return original.endswith("\n") and text.rstrip("\n") == original.rstrip("\n")


def _as_valid(original: str) -> str:
    """A WebVTT file as the writer would write it for its BOM and line endings: both are valid
    WebVTT, lint does not report them, so they alone are no reason to rewrite a file."""
    return original.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
