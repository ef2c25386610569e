"""Cue markup carried across formats: the SRT family's vocabulary and WebVTT's.

SRT (and SBV, and the formats pysubs2 reaches, which cross as SRT text) marks text with ``<i>``,
``<b>``, ``<u>``, ``<s>``, ``<font color=…>`` and ASS override blocks (``{\\an8}``); its text is
literal. WebVTT has ``<i>``, ``<b>``, ``<u>``, ``<c.class>``, ``<v>``, ``<lang>``, ``<ruby>``/``<rt>``
and timestamp tags, cue settings for position, and character references (``&amp;``, ``&lt;``). A
file written in the other family gets the other's markup, as ffmpeg and Subtitle Edit convert it,
so that neither a browser nor an SRT player shows a tag as text:

- ``<font color>`` ⇄ ``<c.red>`` for WebVTT's default colour classes (white, lime, cyan, red,
  yellow, magenta, blue, black); another colour becomes a ``c.color_…`` class with a ``STYLE`` block
  that sets it, and comes back from that class;
- ``{\\anN}`` at the start of a cue ⇄ ``line:`` and ``align:`` cue settings (top, middle, bottom;
  left, centre, right); other override blocks, ``<s>`` and font faces have no WebVTT form;
- ``<v Name>``, ``<lang>``, ``<c>`` without a colour and timestamp tags have no SRT form and are
  dropped (the words stay), except that a cue's one voice is ASS/SSA's Name field
  (``Subtitles.names``) and comes back from it; ruby text is kept in brackets after its base, ``漢字(かんじ)``;
- ``&``, ``<`` are written as ``&amp;``, ``&lt;`` in WebVTT and read back as characters; a ``<``
  that would open an SRT tag (``&lt;i&gt;``) has a word joiner after it in SRT text (:data:`LITERAL_LT`),
  so that it stays text.

Within one family nothing changes: WebVTT to WebVTT and SRT to SRT keep markup as written.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, replace

from subkit.cue_words import named, voice_name
from subkit.cues import Cue
from subkit.formats.document import Block, Subtitles

__all__ = ["LITERAL_LT", "Look", "adapt", "family", "join_tags", "literal", "lost_markup", "plain", "rgb_colours",
           "srt_runs", "srt_to_ass", "srt_to_vtt", "text_markup", "unmarked", "vtt_to_srt",
           "without_subtitle_tags"]

# WebVTT's default colour classes (W3C WebVTT, "default text colour") and their sRGB values.
PALETTE = {"white": "ffffff", "lime": "00ff00", "cyan": "00ffff", "red": "ff0000", "yellow": "ffff00",
           "magenta": "ff00ff", "blue": "0000ff", "black": "000000"}
_BY_HEX = {v: k for k, v in PALETTE.items()}
_CUSTOM = "color_"  # class prefix for the other colours, set by a STYLE block

# SRT's tags, whatever their case: <i>, <b>, <u>, <s> take no attributes and <font> takes name=value
# ones, so that "A < B & C > D" and "if x<b and y>a" are words, as players show them.
_ATTRS = r"""(?:\s+[^\W\d][\w-]*\s*=\s*(?:"[^"<>\n]*"|'[^'<>\n]*'|[^\s"'<>]+))*"""
_SRT_TAG_SYNTAX = rf"<\s*/?\s*(?:[ibus]|font{_ATTRS})\s*>"
_SRT_MARKUP = rf"\{{\\[^{{}}\n]*\}}|{_SRT_TAG_SYNTAX}"  # an ASS override block or an SRT tag
_SRT_TOKEN = re.compile(f"({_SRT_MARKUP})", re.IGNORECASE)
_SRT_TAG = re.compile(rf"<\s*(/?)\s*([ibus]|font)({_ATTRS})\s*>", re.IGNORECASE)
# A "<" that is text where SRT would read a tag (WebVTT's "&lt;i&gt;", TTML's, ASS's "<i>") is marked in
# SRT-family text with a word joiner after it: no tag then, an SRT player shows "<i>" too, and the
# formats that can hold a literal "<" get it back plain (:func:`literal`, :func:`unmarked`).
LITERAL_LT = "<\u2060"
_TAG_OPENING = re.compile(rf"<(?={_SRT_TAG_SYNTAX[1:]})", re.IGNORECASE)
# Subtitle formatting only: SRT's tags, ASS override blocks, WebVTT's spans (<c.x>, <v Name>, <lang ar>,
# </c>) and timestamps; "<Climat>" or "<redaction@france.fr>" are words (a TMX segment's text).
_SUBTITLE_TAG = re.compile(rf"{_SRT_MARKUP}|<\s*/?\s*(?:[cv]|lang)(?:\.[^\s<>]*)?(?:\s[^<>]*)?>"
                           r"|<\d[\d:.]*>", re.IGNORECASE)
_COLOR_ATTR = re.compile(r"""color\s*=\s*["']?\s*([#\w]+)""", re.IGNORECASE)
_FONT_COLOUR = re.compile(r"""(<font\s+color\s*=\s*["']?)(#[0-9a-fA-F]{8})(["']?\s*>)""", re.IGNORECASE)
_ALIGN = re.compile(r"\\an([1-9])")
_VTT_TOKEN = re.compile(r"(<[^<>]*>)")
_VTT_TAG = re.compile(r"<(/?)([^\s./>]*)((?:\.[^\s.>]+)*)[^>]*>")
_TIMESTAMP_TAG = re.compile(r"<[\d:.]+>")
_NO_SRT_FORM = {"v": "voice tags (<v>)", "lang": "language tags (<lang>)"}
NAMED = frozenset({"ass", "ssa"})  # formats whose lines name their speaker (the Name field): a cue's one voice


def literal(text: str) -> str:
    """Literal *text* (no markup) in SRT-family form: each ``<`` that would open a tag marked as text."""
    return _TAG_OPENING.sub(LITERAL_LT, text)


def unmarked(text: str) -> str:
    """SRT-family *text* between tags with its literal ``<`` plain again, for a format that holds it."""
    return text.replace(LITERAL_LT, "<")


def is_colour_class(name: str) -> bool:
    """Whether WebVTT class *name* is a colour this module carries: a default one (``yellow``) or one
    it wrote for another colour (``color_ffa500``)."""
    return name in PALETTE or (name.startswith(_CUSTOM) and len(name) > len(_CUSTOM))


def family(fmt: str) -> str:
    """``vtt`` for WebVTT, ``srt`` for every other format (they all cross as SRT text)."""
    return "vtt" if fmt == "vtt" else "srt"


def adapt(subs: Subtitles, fmt: str) -> Subtitles:
    """*subs* with its cues' markup in the vocabulary of format *fmt* (unchanged within a family,
    except that cue settings, which SRT cannot hold, become ``{\\anN}`` there)."""
    if family(fmt) == "vtt":
        if family(subs.format) == "vtt":
            return subs
        cues, styles = [], {}
        for n, cue in enumerate(subs.cues):
            cue = srt_to_vtt(cue, styles)
            cues.append(cue.with_text(named(cue.text, subs.names[n])) if n in subs.names else cue)
        styles = _unset(styles, subs.blocks)
        blocks = subs.blocks + ((Block(0, _style_block(styles)),) if styles else ())
        return replace(subs, cues=tuple(cues), blocks=blocks, format=fmt, names={})
    if family(subs.format) == "vtt":  # a cue's one voice is kept as its name (ASS/SSA write it)
        names = {n: name for n, c in enumerate(subs.cues) if (name := voice_name(c.text))}
        subs = replace(subs, cues=tuple(vtt_to_srt(c) for c in subs.cues), format=fmt, names=names)
    if any(c.settings for c in subs.cues):
        subs = replace(subs, cues=tuple(_settings_to_srt(c) for c in subs.cues), format=fmt)
    if not HOLDS.get(fmt, True):  # no styling in the format (SBV): the words alone
        subs = replace(subs, cues=tuple(c.with_text(plain(c.text)) for c in subs.cues))
    return subs


def text_markup(subs: Subtitles) -> Subtitles:
    """*subs* with SRT-family markup but WebVTT cue settings kept on the cues: what a job that reads
    words (translation) works on, so that it sees ``&``, not ``&amp;``. :func:`adapt` writes it back."""
    if family(subs.format) != "vtt":
        return subs
    return replace(subs, cues=tuple(vtt_to_srt(c, keep_settings=True) for c in subs.cues), format="srt")


def lost_markup(subs: Subtitles, fmt: str) -> dict[str, int]:
    """What writing *subs* as *fmt* drops, counted by kind (``{"voice tags (<v>)": 3}``): markup
    :func:`adapt` has no form for, then what *fmt*'s writer does not hold of SRT's (:data:`HOLDS`),
    and a WebVTT header's ``X-TIMESTAMP-MAP`` (it shifts what the times mean). The words stay."""
    lost: Counter[str] = Counter()
    if fmt not in NAMED and family(fmt) != "vtt":
        lost["speaker names (ASS Name field)"] += len(subs.names)
    if family(fmt) == "vtt":
        if family(subs.format) != "vtt":
            styles: dict[str, str] = {}
            for cue in subs.cues:
                srt_to_vtt(cue, styles, lost)
        return {label: n for label, n in lost.items() if n}
    cues = subs.cues
    if family(subs.format) == "vtt":
        cues = tuple(_from_vtt(subs, fmt, lost))
    for cue in cues:
        _count_unheld(cue, HOLDS.get(fmt, HOLDS["srt"]), lost)
    return {label: n for label, n in lost.items() if n}


def _from_vtt(subs: Subtitles, fmt: str, lost: Counter[str]):
    """The cues of WebVTT *subs* in SRT markup, what that drops counted in *lost*."""
    for cue in subs.cues:
        yield vtt_to_srt(cue, lost=lost)
        if fmt in NAMED and voice_name(cue.text):
            lost["voice tags (<v>)"] -= 1  # written as the line's Name
    lost["cue settings other than line and align"] += sum(
        1 for c in subs.cues for x in c.settings.split() if not x.startswith(("line:", "align:")))
    lost["NOTE, STYLE and REGION blocks"] += len(subs.blocks)
    lost["cue identifiers"] += len(subs.ids)
    lost["X-TIMESTAMP-MAP header (it offsets the cue times; they are written as read)"] += \
        "X-TIMESTAMP-MAP" in subs.header


# What each SRT-family format's writer holds of SRT markup (EBU STL's counts the bold, strike-through and
# colour runs it cannot style itself).
_ALL = frozenset({"i", "b", "u", "s", "colour", "font", "override", "align"})
HOLDS = {"srt": _ALL, "ass": _ALL - {"font"}, "ssa": _ALL - {"font"}, "stl": _ALL - {"font", "override"},
         "ttml": frozenset({"i", "b", "u", "s", "colour", "align"}), "microdvd": frozenset({"i"}),
         "mpl2": frozenset(), "tmp": frozenset(), "sbv": frozenset()}
_UNHELD = {"i": "italics (<i>)", "b": "bold (<b>)", "u": "underline (<u>)", "s": "strike-through tags (<s>)",
           "colour": "colours (<font color>)", "font": "font faces and sizes (<font face/size>)",
           "override": "override blocks other than a leading {\\an}", "align": "positions ({\\anN})"}
_FONT_LOOK = re.compile(r"\b(?:face|size)\s*=", re.IGNORECASE)


def _count_unheld(cue: Cue, holds: frozenset, lost: Counter[str]) -> None:
    """Count in *lost* the markup of *cue* (SRT family) that a format holding *holds* drops."""
    for kind in _kinds(cue):
        if kind not in holds:
            lost[_UNHELD[kind]] += 1


def _kinds(cue: Cue):
    """The kind of each piece of markup in *cue* (SRT family): a tag opened (``i``, ``colour``,
    ``font`` for a face or size), a leading ``{\\anN}`` (``align``), another override block."""
    for k, line in enumerate(cue.lines):
        tokens = _SRT_TOKEN.split(line)
        for n in range(1, len(tokens), 2):
            if tokens[n].startswith("{"):
                leading = k == 0 and not "".join(tokens[:n:2]).strip() and _ALIGN.search(tokens[n])
                yield "align" if leading else "override"
                continue
            closing, name, rest = _SRT_TAG.fullmatch(tokens[n]).groups()
            if closing:
                continue
            if name.lower() != "font":
                yield name.lower()
                continue
            if _COLOR_ATTR.search(rest):
                yield "colour"
            if _FONT_LOOK.search(rest):
                yield "font"


def plain(text: str) -> str:
    """SRT-family *text* without its markup (tags, override blocks): for a format with no styling."""
    return unmarked("".join(_SRT_TOKEN.split(text)[::2]))


def without_subtitle_tags(text: str) -> str:
    """*text* without subtitle formatting (SRT, ASS and WebVTT tags), any other ``<…>`` kept as written."""
    return _SUBTITLE_TAG.sub("", text)


# -- SRT family -> WebVTT --------------------------------------------------------------------------
def _colour_class(value: str, styles: dict[str, str]) -> str:
    """The WebVTT class for an SRT colour: a default class, else a custom one recorded in *styles*."""
    low = value.lower().lstrip("#")
    if low in PALETTE:
        return low
    rgb = _hex(low)
    low = rgb[1:] if rgb else low
    if low in _BY_HEX:
        return _BY_HEX[low]
    name = _CUSTOM + re.sub(r"[^0-9a-z]", "", low)
    styles[name] = f"#{low}" if re.fullmatch(r"[0-9a-f]{6}", low) else low
    return name


def _unset(styles: dict[str, str], blocks) -> dict[str, str]:
    """The colour classes of *styles* that no STYLE block of *blocks* sets yet (a WebVTT file read
    for its words, as translate does, already has the block that sets them)."""
    written = "\n".join(b.text for b in blocks if b.kind == "STYLE")
    return {name: value for name, value in styles.items() if f"::cue(.{name})" not in written}


def _style_block(styles: dict[str, str]) -> str:
    rules = (f"::cue(.{name}) {{ color: {value}; }}" for name, value in sorted(styles.items()))
    return "STYLE\n" + "\n".join(rules)


def _settings_for(number: int) -> str:
    """WebVTT cue settings for ASS alignment *number* (numeric keypad: 7 8 9 top, 1 2 3 bottom)."""
    row, col = divmod(number - 1, 3)
    parts = {2: ["line:0"], 1: ["line:50%,center"], 0: []}[row]
    parts += {0: ["align:left"], 1: [], 2: ["align:right"]}[col]
    return " ".join(parts)


class _ToVtt:
    """One cue's SRT tags turned into WebVTT's, always balanced: a tag closed out of order closes the
    tags opened inside it and opens them again after (``<i><font>a</i>b</font>`` is valid WebVTT)."""

    def __init__(self, styles: dict[str, str], lost: Counter[str]) -> None:
        self.styles = styles
        self.lost = lost  # what has no WebVTT form, counted by kind
        self.open: list[tuple[str, str, str]] = []  # (SRT tag name, WebVTT start tag, WebVTT end tag)

    def tag(self, token: str) -> str:
        closing, name, rest = _SRT_TAG.fullmatch(token).groups()
        name = name.lower()
        if name == "s":
            self.lost["strike-through tags (<s>)"] += not closing
            return ""  # no strike-through in WebVTT
        if closing:
            return self._close(name)
        if name == "font":
            m = _COLOR_ATTR.search(rest)
            self.lost["font tags without a colour"] += m is None
            entry = (name, f"<c.{_colour_class(m.group(1), self.styles)}>", "</c>") if m else (name, "", "")
        else:
            entry = (name, f"<{name}>", f"</{name}>")
        self.open.append(entry)
        return entry[1]

    def _close(self, name: str) -> str:
        for j in range(len(self.open) - 1, -1, -1):
            if self.open[j][0] == name:
                inner = self.open[j + 1:]
                out = "".join(e[2] for e in reversed(inner)) + self.open[j][2] + "".join(e[1] for e in inner)
                del self.open[j]
                return out
        return ""  # closes nothing that is open

    def end(self) -> str:
        return "".join(e[2] for e in reversed(self.open))


def srt_to_vtt(cue: Cue, styles: dict[str, str] | None = None, lost: Counter[str] | None = None) -> Cue:
    """*cue* (SRT markup) in WebVTT markup; colours without a default class are added to *styles*,
    and what WebVTT has no form for is counted in *lost*."""
    state = _ToVtt({} if styles is None else styles, Counter() if lost is None else lost)
    align = ""
    lines = []
    for k, line in enumerate(cue.lines):
        out = []
        for n, token in enumerate(_SRT_TOKEN.split(line)):
            if n % 2 == 0:
                out.append(unmarked(token).replace("&", "&amp;").replace("<", "&lt;"))
            elif token.startswith("{"):
                m = _ALIGN.search(token)
                if m and not align and k == 0 and not "".join(out).strip():
                    align = _settings_for(int(m.group(1)))
                else:
                    state.lost["override blocks other than a leading {\\an}"] += 1
            else:
                out.append(state.tag(token))
        lines.append("".join(out))
    if lines:
        lines[-1] += state.end()
    return Cue(cue.start, cue.end, tuple(lines), cue.index, cue.settings or align)


def join_tags(text: str, across_lines: bool = False) -> str:
    """SRT text with a tag closed and opened again at once left out: ``<i>a</i><i>b</i>`` is
    ``<i>ab</i>`` (from the inside out; *across_lines*: ``</i>\\n<i>`` too), as readers that build
    tags run by run write them."""
    pattern = re.compile(r"</(i|b|u|s)>(\n?)<\1>" if across_lines else r"</(i|b|u|s)>()<\1>")
    while True:
        joined = pattern.sub(r"\2", text)
        if joined == text:
            return text
        text = joined


# -- SRT family -> runs of one look (for formats that style spans: TTML) ----------------------------
@dataclass(frozen=True)
class Look:
    """How a run of SRT text looks: its tags, and its colour as ``#rrggbb`` (None: the default)."""

    italic: bool = False
    bold: bool = False
    underline: bool = False
    strike: bool = False
    colour: str | None = None


def _hex(value: str) -> str | None:
    """``#rrggbb`` of an SRT colour: a name, ``#rgb``, ``#rrggbb``, or ``#rrggbbaa`` (as ttconv writes
    STL and SCC colours; no format subkit writes has text opacity, so the alpha goes); None if none."""
    low = value.lower().lstrip("#")
    if low in PALETTE:
        return "#" + PALETTE[low]
    if re.fullmatch(r"[0-9a-f]{3}", low):
        low = "".join(ch * 2 for ch in low)
    return "#" + low[:6] if re.fullmatch(r"[0-9a-f]{6}(?:[0-9a-f]{2})?", low) else None


def rgb_colours(text: str) -> str:
    """SRT *text* with each ``<font color>`` in ``#rrggbb`` (``#ff0000ff`` is ``#ff0000``)."""
    def one(m: re.Match) -> str:
        rgb = _hex(m.group(2))
        return m.group(1) + rgb + m.group(3) if rgb else m.group(0)

    return _FONT_COLOUR.sub(one, text)


def srt_runs(text: str) -> tuple[int, list[tuple[str, Look]]]:
    """A cue's SRT text as (its ASS alignment: a leading ``{\\anN}``, else 2; its runs of one look
    each, a run of ``"\\n"`` alone being a line break). Tags closed out of order or never are
    tolerated; other override blocks are dropped."""
    depth = {"i": 0, "b": 0, "u": 0, "s": 0}
    colours: list[str | None] = []
    align, runs = 2, []
    for n, token in enumerate(_SRT_TOKEN.split(text)):
        if n % 2 == 0:
            look = Look(depth["i"] > 0, depth["b"] > 0, depth["u"] > 0, depth["s"] > 0,
                        colours[-1] if colours else None)
            for k, piece in enumerate(unmarked(token).split("\n")):
                runs += [("\n", Look())] * (k > 0) + [(piece, look)] * bool(piece)
        elif token.startswith("{"):
            m = _ALIGN.search(token)
            if m and align == 2 and not any(r.strip() for r, _ in runs):
                align = int(m.group(1))
        else:
            closing, name, rest = _SRT_TAG.fullmatch(token).groups()
            name = name.lower()
            if name != "font":
                depth[name] = max(0, depth[name] + (-1 if closing else 1))
            elif closing:
                colours = colours[:-1]
            else:
                m = _COLOR_ATTR.search(rest)
                colours.append(_hex(m.group(1)) if m else (colours[-1] if colours else None))
    return align, runs


# -- SRT family -> SubStation (ASS/SSA, and the formats pysubs2 writes from its ASS model) ---------
def srt_to_ass(text: str) -> str:
    """A cue's SRT text as SubStation event text: tags of any case as override tags (``<i>`` is
    ``{\\i1}``, ``<font color>`` is ``{\\c&HBBGGRR&}``), override blocks kept, other text literal."""
    colours: list[str] = []
    out = []
    for n, token in enumerate(_SRT_TOKEN.split(text)):
        if n % 2 == 0 or token.startswith("{"):
            out.append(unmarked(token))
            continue
        closing, name, rest = _SRT_TAG.fullmatch(token).groups()
        name = name.lower()
        if name != "font":
            out.append(f"{{\\{name}{0 if closing else 1}}}")
            continue
        if closing:
            colours = colours[:-1]
        else:
            m = _COLOR_ATTR.search(rest)
            colours.append(_hex(m.group(1)) or "" if m else (colours[-1] if colours else ""))
        rgb = colours[-1][1:].upper() if colours and colours[-1] else ""  # ASS writes blue, green, red
        out.append(f"{{\\c&H{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}&}}" if rgb else "{\\c}")
    return "\\N".join(line for line in "".join(out).split("\n") if line.strip())


# -- WebVTT -> SRT family --------------------------------------------------------------------------
def _srt_colour(classes: str) -> str:
    for name in classes.split(".")[1:]:
        if name in PALETTE:
            return name
        if name.startswith(_CUSTOM) and re.fullmatch(r"[0-9a-f]{6}", name[len(_CUSTOM):]):
            return "#" + name[len(_CUSTOM):]
    return ""


def _alignment(settings: str) -> int:
    """The ASS alignment (numeric keypad) of WebVTT cue settings; 2 (bottom centre) by default."""
    values = dict(s.split(":", 1) for s in settings.split() if ":" in s)
    row = 0
    line = values.get("line", "").split(",")[0]
    if line.endswith("%"):
        pct = float(line[:-1] or 100)
        row = 2 if pct < 100 / 3 else 1 if pct < 200 / 3 else 0
    elif re.fullmatch(r"\d+(?:\.\d+)?", line):
        row = 2  # a line number from the top
    col = {"left": 0, "start": 0, "right": 2, "end": 2}.get(values.get("align", ""), 1)
    return row * 3 + col + 1


class _ToSrt:
    """One cue's WebVTT tags turned into SRT's, keeping track of what is open."""

    def __init__(self, lost: Counter[str]) -> None:
        self.fonts: list[bool] = []  # per open <c>: whether it became a <font>
        self.in_rt = False
        self.lost = lost  # what has no SRT form, counted by kind

    def tag(self, token: str) -> str:
        if _TIMESTAMP_TAG.fullmatch(token):
            self.lost["timestamp tags"] += 1
            return ""
        m = _VTT_TAG.fullmatch(token)
        if m is None:
            return ""
        closing, name, classes = m.groups()
        if name in ("i", "b", "u"):
            return f"<{closing}{name}>"
        if name == "c":
            return self._c(closing, classes)
        if name == "rt" or (name == "ruby" and closing and self.in_rt):
            return self._rt(bool(closing) or name == "ruby")
        if name in _NO_SRT_FORM and not closing:
            self.lost[_NO_SRT_FORM[name]] += 1
        return ""  # <v>, <lang>, <ruby>, unknown tags: the words stay, the tag goes

    def _c(self, closing: str, classes: str) -> str:
        if closing:
            return "</font>" if self.fonts and self.fonts.pop() else ""
        colour = _srt_colour(classes)
        self.lost["class tags (<c>) without a colour"] += not colour
        self.fonts.append(bool(colour))
        return f'<font color="{colour}">' if colour else ""

    def _rt(self, closing: bool) -> str:
        if closing == (not self.in_rt):
            return ""
        self.in_rt = not closing
        return ")" if closing else "("

    def end(self) -> str:
        return (")" if self.in_rt else "") + "</font>" * sum(self.fonts)


def vtt_to_srt(cue: Cue, keep_settings: bool = False, lost: Counter[str] | None = None) -> Cue:
    """*cue* (WebVTT markup and settings) in SRT markup, its position as ``{\\anN}`` (off the bottom
    centre) unless *keep_settings*, which leaves the settings on the cue instead; what SRT has no
    form for is counted in *lost*."""
    state = _ToSrt(Counter() if lost is None else lost)
    lines = []
    for line in cue.lines:
        parts = _VTT_TOKEN.split(line)
        lines.append("".join(state.tag(p) if n % 2 else literal(html.unescape(p)) for n, p in enumerate(parts)))
    lines = [x for x in lines if x.strip()]  # a line of spaces (YouTube writes them) shows nothing
    if lines:
        lines[-1] += state.end()
    moved = Cue(cue.start, cue.end, tuple(lines), cue.index, cue.settings)
    return moved if keep_settings else _settings_to_srt(moved)


def _settings_to_srt(cue: Cue) -> Cue:
    """*cue* without settings, its position kept as a leading ``{\\anN}`` when off the bottom centre."""
    lines = list(cue.lines)
    number = _alignment(cue.settings)
    if lines and number != 2 and not _ALIGN.match(lines[0].lstrip("{")):
        lines[0] = f"{{\\an{number}}}" + lines[0]
    return Cue(cue.start, cue.end, tuple(lines), cue.index)
