"""The formats subkit reaches through pysubs2 (MIT, pure Python; the ``formats`` extra): ASS/SSA,
SAMI (read only), MicroDVD, MPL2, TMP. (TTML is subkit's own: :mod:`subkit.formats.ttml`.)

Writing one of these formats, cues cross as SRT text, which pysubs2 maps to its own model (``<i>``,
``<b>``, ``<u>``, ``<s>`` become ASS overrides). Reading one, :func:`_cues` turns pysubs2's events
into cues itself, keeping the bold, the text colour and the alignment (``{\\an8}``) that pysubs2's
SRT writer drops.
``subkit convert`` between two of these formats hands the file to pysubs2 whole, so that ASS styles,
positions and colours survive (see the README's Formats section for what each format keeps).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from subkit.cues import Cue
from subkit.errors import SubkitError
from subkit.formats.document import Subtitles
from subkit.formats.markup import NAMED

__all__ = ["Pysubs2Format", "pysubs2_convert", "ass", "ssa", "sami", "microdvd", "mpl2", "tmp"]

FRAME_FORMATS = frozenset({"microdvd"})
DEFAULT_FPS = 25.0


def _pysubs2():
    try:
        import pysubs2
    except ImportError:
        raise SubkitError("this format needs pysubs2: pip install 'subkit[formats]'") from None
    return pysubs2


_FPS_LINE = re.compile(r"\s*\{[01]\}\{[01]\}(\d+(?:\.\d+)?)[ \t]*\r?\n")


def _load(text: str, name: str, ident: str, fps: float | None):
    pysubs2 = _pysubs2()
    if ident in FRAME_FORMATS:
        # The frame rate line ({0}{0}25.0, {1}{1}25) when there is one, else --fps, else 25.
        m = _FPS_LINE.match(text)
        if m is not None:
            text = text[m.end():]
            fps = fps or float(m.group(1))
        fps = fps or DEFAULT_FPS
    kwargs = {"fps": fps} if fps is not None else {}
    try:
        return pysubs2.SSAFile.from_string(text, format_=ident, **kwargs)
    except Exception as exc:  # pysubs2 raises many kinds (its own, ValueError, KeyError...) on bad input
        raise SubkitError(f"cannot read as {ident}: {exc}".splitlines()[0][:200], name) from None


def _substation():
    """pysubs2's ASS/SSA writer, but times of ten hours and more written as they are (libass, ffmpeg
    and Aegisub read ``10:00:00.00``; pysubs2 would clamp them to 9:59:59.99): broadcast files
    start at 10:00:00."""
    from pysubs2.formats.substation import SubstationFormat

    class SubStation(SubstationFormat):
        @staticmethod
        def ms_to_timestamp(requested_ms: int) -> str:
            cs = (max(requested_ms, 0) + 5) // 10  # to the centisecond, rounded as Aegisub does
            h, rest = divmod(cs, 360_000)
            m, rest = divmod(rest, 6000)
            return f"{h:d}:{m:02d}:{rest // 100:02d}.{rest % 100:02d}"

    return SubStation


def _dump(ssa, ident: str, fps: float | None) -> str:
    import io

    kwargs, head = {}, ""
    if ident in FRAME_FORMATS:
        kwargs["fps"] = fps or getattr(ssa, "fps", None) or DEFAULT_FPS
        # the frame rate line as VLC and pysubs2 read it, {1}{1}25; pysubs2 writes {0}{0}25.0 (a 1 ms cue)
        kwargs["write_fps_declaration"] = False
        head = f"{{1}}{{1}}{round(kwargs['fps'], 3):g}\n"
    try:
        if ident in ("ass", "ssa"):
            out = io.StringIO()
            _substation().to_file(ssa, out, ident)
            return out.getvalue()
        return head + ssa.to_string(ident, **kwargs)
    except Exception as exc:
        raise SubkitError(f"cannot write {ident}: {exc}".splitlines()[0][:200]) from None


class Pysubs2Format:
    """One pysubs2 format as a subkit format module: ``read(text, name)`` and ``write(subs)``."""

    def __init__(self, ident: str) -> None:
        self.ident = ident

    def read(self, text: str, name: str, fps: float | None = None) -> Subtitles:
        ssa = _load(text, name, self.ident, fps)
        every = _cues(ssa)
        names = {n: " ".join(e.name.split()) for n, e in enumerate(ssa.get_text_events())
                 if e.name.strip() and self.ident in NAMED}  # who says the line, for WebVTT's <v>
        cues, notices = _from_zero(every)
        notices += _dropped_overrides(ssa) if self.ident in NAMED else ()
        subs = replace(Subtitles(tuple(every), names=names).with_cues(cues), notices=notices)
        if self.ident == "sami":
            subs = _sami_times(subs)  # before empty cues go: they end the ones before them
        return subs.with_cues([c for c in subs.cues if c.text.strip()])

    def write(self, subs: Subtitles, fps: float | None = None) -> str:
        from subkit.formats.markup import adapt, srt_to_ass

        pysubs2 = _pysubs2()
        ssa = pysubs2.SSAFile()
        srt = adapt(subs, "srt")  # a WebVTT cue's one voice becomes its Name
        # a comma would end the Name field (the fields before Text are comma-separated)
        names = {n: " ".join(x.replace(",", " ").split()) for n, x in srt.names.items()} if self.ident in NAMED else {}
        ssa.events = [pysubs2.SSAEvent(start=c.start, end=c.end, text=srt_to_ass(c.text), name=names.get(n, ""))
                      for n, c in enumerate(srt.cues)]  # not pysubs2's SRT reader: it drops "< B >" and <I>
        return _dump(ssa, self.ident, fps)


_ALIGNMENT = re.compile(r"\{[^{}]*\\an([1-9])[^{}]*\}")
_LEGACY_ALIGNMENT = re.compile(r"\{[^{}]*\\a(\d+)[^{}]*\}")
_SSA_TO_KEYPAD = {1: 1, 2: 2, 3: 3, 5: 7, 6: 8, 7: 9, 9: 4, 10: 5, 11: 6}
_NESTED = (("strikeout", "s"), ("underline", "u"), ("italic", "i"), ("bold", "b"))  # innermost first


def _cues(ssa) -> list[Cue]:
    """The visible events of a pysubs2 file as cues in SRT markup. Not pysubs2's own SRT writer,
    which drops bold, colours and every position: here bold, italic, underline, strike-through and
    the text colour (from the style or override tags) become tags, and an alignment off the bottom
    centre (``{\\an8}`` in the text, else the style's) stays as a leading ``{\\anN}``."""
    cues = []
    soft = "\n" if str(ssa.info.get("WrapStyle", "")).strip() == "2" else " "  # \n: a space unless WrapStyle 2
    for event in ssa.get_text_events():
        style = ssa.styles.get(event.style) or _pysubs2().SSAStyle.DEFAULT_STYLE
        body = _tagged_text(event.text.replace("\\n", soft), style, ssa.styles)
        number = _alignment(event.text) or int(style.alignment)
        prefix = f"{{\\an{number}}}" if number != 2 and body else ""
        cues.append(Cue.from_text(event.start, event.end, prefix + body))
    return cues


# ASS override tags by name, the longer of two that start alike first (\\blur before \\b)
_OVERRIDE = re.compile(r"\\(fade?|fsc[xy]|fsp|fs|fn|fr[xyz]?|fa[xy]|fe|[1-4]?c|[1-4]a|alpha|an|a|blur|be|b|"
                       r"[xy]?bord|[xy]?shad|i|u|s|kf|ko|k|K|move|org|pos|pbo|p|q|r|i?clip)")
_HELD = frozenset({"i", "b", "u", "s", "c", "1c", "r", "an", "a"})  # what the cues' SRT markup keeps


def _dropped_overrides(ssa) -> tuple[str, ...]:
    """What reading the events as cues drops (their words are kept): override tags SRT markup has
    no form for (``\\pos``, ``\\fad``, ``\\blur``), by tag, and drawings (``\\p1``), by line."""
    tags: Counter[str] = Counter()
    drawings = []
    for event in ssa.events:
        if event.is_comment:
            continue
        if event.is_drawing:  # pysubs2 leaves the line out of its text events
            drawings.append(_time(event.start))
            continue
        for block in re.findall(r"\{([^{}]*)\}", event.text):
            tags.update(f"\\{m}" for m in _OVERRIDE.findall(block) if m not in _HELD)
    counts = ", ".join(f"{t}: {n}" for t, n in tags.items())
    said = [f"override tags with no form in cue text: {counts}"] if tags else []
    if drawings:
        said.append(f"vector drawings (\\p1) left out: {len(drawings)}, at {', '.join(drawings)}")
    return tuple(said)


def _time(ms: int) -> str:
    s, ms = divmod(max(ms, 0), 1000)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}.{ms // 10:02d}"


def _alignment(text: str) -> int | None:
    """The alignment an event's override blocks set (numeric keypad): ``\\anN``, or SSA's legacy
    ``\\aN`` (1-3 bottom, 5-7 top, 9-11 middle) turned into it."""
    m = _ALIGNMENT.search(text)
    if m:
        return int(m.group(1))
    m = _LEGACY_ALIGNMENT.search(text)
    if m and int(m.group(1)) in _SSA_TO_KEYPAD:
        return _SSA_TO_KEYPAD[int(m.group(1))]
    return None


def _from_zero(cues: list[Cue]) -> tuple[list[Cue], tuple[str, ...]]:
    """*cues* with a start before 0 (ASS allows ``-0:00:01.00``) moved to 0, as the WebVTT, SBV and
    TTML writers would; a cue that ends by 0 cannot be shown: it goes, and the notice says so."""
    kept, gone = [], []
    for number, cue in enumerate(cues, 1):
        if cue.end <= 0:
            gone.append(f"{number} ({cue.text[:30]!r})")
        else:
            kept.append(cue.with_times(max(cue.start, 0), cue.end) if cue.start < 0 else cue)
    return kept, (f"dropped {len(gone)} cue(s) that end at or before 0:00:00: {', '.join(gone)}",) if gone else ()


def _tagged_text(text: str, style, styles) -> str:
    from pysubs2.formats.substation import parse_tags

    from subkit.formats.markup import join_tags, literal

    text = text.replace("\\h", "\u00a0").replace("\\n", "\n").replace("\\N", "\n")
    overrides = re.findall(r"\{[^}]*\}", text)
    groups: list[list] = []  # [colour, text] runs of fragments in one colour
    for k, (fragment, computed) in enumerate(parse_tags(text, style, styles)):
        if computed.drawing:
            continue  # a vector drawing (\p1), not words
        fragment = literal(fragment)  # "<i>" in ASS text is shown as written: no SRT tag
        for flag, tag in _NESTED:
            if getattr(computed, flag) and fragment.strip():
                fragment = f"<{tag}>{fragment}</{tag}>"
        colour = _colour("".join(overrides[:k]), style, styles)
        if groups and groups[-1][0] == colour:
            groups[-1][1] += fragment
        else:
            groups.append([colour, fragment])
    body = "".join(f'<font color="#{c}">{t}</font>' if c != "ffffff" and t.strip() else t for c, t in groups)
    return re.sub(r"\n+", "\n", join_tags(body)).strip()


_COLOUR_TAG = re.compile(r"\\1?c&H([0-9A-Fa-f]{1,8})&?|\\r([^\\}]*)|\\1?c(?=[\\}]|$)")  # {\c}: reset


def _colour(overrides: str, style, styles) -> str:
    """The text colour (``rrggbb``) after *overrides*: the last ``\\c``/``\\1c`` since the last ``\\r``
    or bare ``\\c`` (a reset, as subkit's own writer ends a colour), else the style's primary colour."""
    c = style.primarycolor
    colour = f"{c.r:02x}{c.g:02x}{c.b:02x}"
    for m in _COLOUR_TAG.finditer(overrides):
        if m.group(1) is not None:
            bgr = m.group(1).lower().zfill(6)[-6:]  # ASS writes blue, green, red
            colour = bgr[4:6] + bgr[2:4] + bgr[0:2]
        else:  # \r: back to the line's style, or to the style named; \c alone: the line's colour
            c = (styles.get((m.group(2) or "").strip()) or style).primarycolor
            colour = f"{c.r:02x}{c.g:02x}{c.b:02x}"
    return colour


def _sami_times(subs: Subtitles) -> Subtitles:
    """SAMI's meaning, which pysubs2 guesses at: a SYNC shows its text until the next SYNC, and a
    SYNC with no visible text (``&nbsp;``) clears the screen (it is no cue)."""
    cues = subs.cues
    timed = [c.with_times(c.start, cues[k + 1].start if k + 1 < len(cues) else c.end) for k, c in enumerate(cues)]
    return subs.with_cues([c for c in timed if c.text.strip()])


def pysubs2_convert(text: str, name: str, src: str, dst: str, fps: float | None = None) -> str:
    """*text* in pysubs2 format *src* rewritten as *dst* by pysubs2 alone (keeps what its model holds)."""
    return _dump(_load(text, name, src, fps), dst, fps)


ass, ssa, sami, microdvd, mpl2, tmp = (Pysubs2Format(i) for i in ("ass", "ssa", "sami", "microdvd", "mpl2", "tmp"))
