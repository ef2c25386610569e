"""TTML, DFXP and IMSC (``.ttml``, ``.dfxp``): read with the standard library's XML parser and
written as IMSC 1.1 Text by subkit itself.

Reading is subkit's own because the files people get from streaming platforms are what pysubs2
cannot read: Netflix's and Amazon's DFXP time everything in ticks (``begin="10010000t"`` with
``ttp:tickRate``), broadcast files in frames (``00:00:01:12``, ``ttp:frameRate``), older files use
the 2006 DFXP namespaces, and the styling (italics for off-screen voices, top placement) matters.
What is read:

- times: clock time (``hh:mm:ss.fff``, ``hh:mm:ss:ff``), offset time (``1.5s``, ``200ms``, ``25f``,
  ``1001t``, ``2m``, ``1h``), ``begin``/``end``/``dur``, nested in ``body``, ``div``, ``p`` and
  ``span`` (a child's times count from its parent's begin, or in a ``seq`` container from the end of
  the child before, and are clipped to its parent's end);
- styles: inline ``tts:`` attributes and ``style="s1 s2"`` references (styles may reference
  styles), inherited from ``body``, ``div``, ``p`` and ``span``, and the region's: italic, bold,
  underline, line-through and the text colour become ``<i>``, ``<b>``, ``<u>``, ``<s>`` and
  ``<font color>``; ``<br/>`` a line break; whitespace as ``xml:space`` says;
- position: the region's ``displayAlign`` (and ``origin``/``extent`` where they are in %) and
  ``textAlign`` give a leading ``{\\anN}`` off the bottom centre, as for ASS.

Attributes and elements are matched by local name, so TTML1/2, IMSC, SMPTE-TT and the old DFXP
namespaces all read the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from xml.parsers.expat import errors as expat_errors

from subkit.cues import Cue
from subkit.errors import SubkitError
from subkit.formats.document import Subtitles
from subkit.formats.markup import join_tags, literal, srt_runs
from subkit.profiles import strip_tags

__all__ = ["TtmlFile", "read", "read_bytes", "write", "write_file", "parse_time"]

# what expat says of bytes not in the encoding the document declares
_ENCODING_FAULTS = frozenset(expat_errors.codes[m] for m in (expat_errors.XML_ERROR_INVALID_TOKEN,
                                                             expat_errors.XML_ERROR_INCORRECT_ENCODING,
                                                             expat_errors.XML_ERROR_UNKNOWN_ENCODING))
_XML_SPACES = " \t\r\n"  # XML's whitespace (a no-break space is none)
_XML_WHITESPACE = re.compile(f"[{_XML_SPACES}]+")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"  # xml:space, "space" by local name
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# hours:minutes:seconds, then a fraction of a second or :frames(.sub-frames)
_CLOCK = re.compile(r"(\d+):(\d{2}):(\d{2})(?:(\.\d+)|:(\d+)(?:\.(\d+))?)?")
_OFFSET = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s|f|t)")
_UNIT_S = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
_NAMED = {"white": "ffffff", "black": "000000", "red": "ff0000", "lime": "00ff00", "green": "008000",
          "blue": "0000ff", "yellow": "ffff00", "cyan": "00ffff", "aqua": "00ffff", "magenta": "ff00ff",
          "fuchsia": "ff00ff", "silver": "c0c0c0", "gray": "808080", "grey": "808080", "maroon": "800000",
          "olive": "808000", "purple": "800080", "teal": "008080", "navy": "000080"}
_TAGS = (("fontStyle", ("italic", "oblique"), "i"), ("fontWeight", ("bold",), "b"),
         ("textDecoration", ("underline",), "u"), ("textDecoration", ("lineThrough",), "s"))


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _attrs(elem: ET.Element) -> dict[str, str]:
    """*elem*'s attributes by local name (``tts:fontStyle`` -> ``fontStyle``; ``xml:id`` -> ``id``)."""
    return {_local(k): v for k, v in elem.attrib.items()}


@dataclass(frozen=True)
class Clock:
    """The document's time parameters (``ttp:`` attributes of ``tt``)."""

    frame_rate: float = 30.0
    sub_frame_rate: float = 1.0
    tick_rate: float = 1.0
    # ttp:timeBase="smpte": hh:mm:ss:ff is a frame label counted at the nominal rate (frameRate),
    # frames dropped from the count as dropMode says, and shown at the real one (29.97)
    smpte: bool = False
    nominal_rate: int = 30
    drop_mode: str = "nonDrop"

    @classmethod
    def of(cls, root: ET.Element) -> "Clock":
        a = _attrs(root)
        try:
            base = float(a.get("frameRate", 30))
            num, den = (float(x) for x in a.get("frameRateMultiplier", "1 1").split())
            sub = float(a.get("subFrameRate", 1))
            fps = base * num / den
            tick = float(a["tickRate"]) if "tickRate" in a else (fps * sub if "frameRate" in a else 1.0)
        except (ValueError, ZeroDivisionError):
            raise SubkitError("bad TTML time parameters (ttp:frameRate, frameRateMultiplier, subFrameRate, "
                              "tickRate)") from None
        if not (fps > 0 and sub > 0 and tick > 0):
            raise SubkitError("bad TTML time parameters: rates must be positive")
        return cls(fps, sub, tick, a.get("timeBase") == "smpte", round(base), a.get("dropMode", "nonDrop"))

    def label_frames(self, h: int, m: int, s: int, frames: int) -> int:
        """The frame count of SMPTE label hh:mm:ss:ff: in drop-frame counting the labels of the first
        frames of most minutes are skipped (NTSC: 2 each minute but every tenth; PAL: 4 each even
        minute but every twentieth)."""
        minutes = h * 60 + m
        count = (minutes * 60 + s) * self.nominal_rate + frames
        if self.drop_mode == "dropNTSC":
            count -= 2 * (minutes - minutes // 10)
        elif self.drop_mode == "dropPAL":
            count -= 4 * (minutes // 2 - minutes // 20)
        return count


def parse_time(expr: str, clock: Clock = Clock()) -> int:
    """A TTML time expression in milliseconds; ValueError for anything else."""
    expr = expr.strip()
    m = _CLOCK.fullmatch(expr)
    if m:
        h, mi, s, frac, frames, sub = m.groups()
        seconds = int(h) * 3600 + int(mi) * 60 + int(s) + float(frac or 0)
        if frames is not None and clock.smpte:
            count = clock.label_frames(int(h), int(mi), int(s), int(frames))
            return round((count + int(sub or 0) / clock.sub_frame_rate) / clock.frame_rate * 1000)
        if frames is not None:
            seconds += (int(frames) + int(sub or 0) / clock.sub_frame_rate) / clock.frame_rate
        return round(seconds * 1000)
    m = _OFFSET.fullmatch(expr)
    if m:
        count, unit = float(m.group(1)), m.group(2)
        per = {"f": 1 / clock.frame_rate, "t": 1 / clock.tick_rate}.get(unit) or _UNIT_S[unit]
        return round(count * per * 1000)
    raise ValueError(expr)


class _Reader:
    def __init__(self, root: ET.Element, name: str):
        self.name = name
        self.clock = Clock.of(root)
        self.styles: dict[str, dict[str, str]] = {}
        self.regions: dict[str, dict[str, str]] = {}
        for elem in root.iter():
            tag, a = _local(elem.tag), _attrs(elem)
            if tag == "style" and "id" in a:
                self.styles[a["id"]] = a
            elif tag == "region" and "id" in a:
                own = dict(a)
                for child in elem:  # a region may hold its styles as <style> children
                    if _local(child.tag) == "style":
                        own = {**_attrs(child), **own}
                self.regions[a["id"]] = own
        self.cues: list[Cue] = []
        self.untimed: list[str] = []  # <p> that cannot be timed: the notice's words

    def time(self, expr: str | None, elem: ET.Element) -> int | None:
        if expr is None:
            return None
        try:
            return parse_time(expr, self.clock)
        except ValueError:
            where = _attrs(elem).get("id")
            raise SubkitError(f"bad TTML time expression {expr!r}" + (f" (in {where})" if where else ""),
                              self.name) from None

    def style_of(self, a: dict[str, str], inherited: dict[str, str]) -> dict[str, str]:
        """The styling an element with attributes *a* computes: its parent's, its referenced
        styles' (in order, each after the styles it references), then its own attributes."""
        out = dict(inherited)
        for ref in a.get("style", "").split():
            out.update(self._referenced(ref, set()))
        out.update({k: v for k, v in a.items() if k not in ("style", "id", "begin", "end", "dur", "region")})
        return out

    def _referenced(self, ref: str, seen: set[str]) -> dict[str, str]:
        if ref in seen or ref not in self.styles:
            return {}
        seen.add(ref)
        out: dict[str, str] = {}
        for inner in self.styles[ref].get("style", "").split():
            out.update(self._referenced(inner, seen))
        out.update({k: v for k, v in self.styles[ref].items() if k not in ("style", "id")})
        return out

    def interval(self, elem: ET.Element, begin: int, end: int | None) -> tuple[int, int | None]:
        """(start, end) of *elem* whose parent is active from *begin* to *end* (None: open). Its
        times count from *begin*; with neither ``end`` nor ``dur`` it ends with its parent, and it
        never outlasts it (TTML's par timing, as ttconv reads it)."""
        a = _attrs(elem)
        start = begin + (self.time(a.get("begin"), elem) or 0)
        stop = self.time(a.get("end"), elem)
        stop = begin + stop if stop is not None else None
        dur = self.time(a.get("dur"), elem)
        if dur is not None:
            stop = start + dur if stop is None else min(stop, start + dur)
        if stop is None or end is None:
            return start, stop if stop is not None else end
        return start, min(stop, end)

    def timed(self, parent: ET.Element, children: list[ET.Element], begin: int, end: int | None):
        """(child, start, end) of each of *children* of *parent*, active from *begin* to *end*: in a
        par container (the default) each counts from *begin*, in a ``timeContainer="seq"`` one from
        the end of the one before. A child that begins after its parent ends is never shown, nor
        are those after a child with no end in a seq: they are named in :attr:`untimed`."""
        seq = _attrs(parent).get("timeContainer") == "seq"
        for k, child in enumerate(children):
            start, stop = self.interval(child, begin, end)
            if end is not None and start >= end:
                self._name(child, "begins after its parent ends")
                continue
            yield child, start, stop
            if seq and stop is None:
                for later in children[k + 1:]:
                    self._name(later, "follows one with no end in a seq container")
                return
            begin = stop if seq else begin

    def _name(self, elem: ET.Element, why: str) -> None:
        """Name *elem*, which is not shown, in :attr:`untimed` (if it has words)."""
        words = " ".join("".join(elem.itertext()).split())
        if words:
            self.untimed.append(f"{_attrs(elem).get('id') or repr(words[:30])} ({why})")

    def walk(self, elem: ET.Element, begin: int, end: int | None, style: dict[str, str], region: str | None):
        """Collect the cues under *elem* (``body`` or ``div``), active from *begin* to *end*."""
        children = [c for c in elem if _local(c.tag) in ("div", "p")]
        for child, start, stop in self.timed(elem, children, begin, end):
            a = _attrs(child)
            own = self.style_of(a, style)
            where = a.get("region", region)
            if _local(child.tag) == "div":
                self.walk(child, start, stop, own, where)
            else:
                self.paragraph(child, start, stop, own, self.regions.get(where or "", {}))

    def paragraph(self, p: ET.Element, start: int, stop: int | None, style: dict[str, str], area: dict[str, str]):
        """The cue of ``<p>`` *p*; a ``<p>`` with no end of its own gives a cue per timed ``<span>`` in
        it (as ttconv reads it), its other words one for its whole time; what cannot be timed is
        named in :attr:`untimed`."""
        timed = [c for c in p if _local(c.tag) == "span" and {"begin", "end", "dur"} & set(_attrs(c))]
        if timed and not {"end", "dur"} & set(_attrs(p)):
            for span, begin, end in self.timed(p, timed, start, stop):
                self.paragraph(span, begin, end, self.style_of(_attrs(span), style), area)
            loose = _text(p, {**area, **style}, self, skip=timed)
            if loose.strip() and (stop is None or stop <= start):  # words outside the timed spans
                self.untimed.append(f"{' '.join(strip_tags(loose).split())[:30]!r} "
                                    "(between timed spans, no time of its own)")
            elif loose.strip():
                self.cues.append(Cue.from_text(start, stop, _position(area) + loose))
            return
        text = _text(p, {**area, **style}, self)  # a region's styles come under the content's
        if not text.strip():
            return
        if stop is None or stop <= start:
            name = _attrs(p).get("id") or repr(" ".join(strip_tags(text).split())[:30])
            self.untimed.append(f"{name} ({'no end' if stop is None else 'ends before it begins'})")
        else:
            self.cues.append(Cue.from_text(start, stop, _position(area) + text))


def _colour(value: str | None) -> str:
    """``rrggbb`` of a TTML colour (``#rrggbb[aa]``, ``rgb()``/``rgba()``, a named colour); white if unknown."""
    if not value:
        return "ffffff"
    v = value.strip().lower()
    if re.fullmatch(r"#[0-9a-f]{6}([0-9a-f]{2})?", v):
        return v[1:7]
    m = re.fullmatch(r"rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,\s*\d+\s*)?\)", v)
    if m:
        return "".join(f"{min(int(x), 255):02x}" for x in m.groups())
    return _NAMED.get(v, "ffffff")


def _wrap(fragment: str, style: dict[str, str]) -> str:
    """*fragment* in the SRT tags its computed *style* asks for (innermost: strike, then u, i, b)."""
    if not fragment.strip():
        return fragment
    for attr, values, tag in reversed(_TAGS):
        if any(v in style.get(attr, "").split() for v in values):
            fragment = f"<{tag}>{fragment}</{tag}>"
    colour = _colour(style.get("color"))
    return f'<font color="#{colour}">{fragment}</font>' if colour != "ffffff" else fragment


def _text(p: ET.Element, style: dict[str, str], reader: _Reader, skip: tuple | list = ()) -> str:
    """The text of a ``<p>`` in SRT markup: spans styled, ``<br/>`` as line breaks, whitespace
    collapsed unless ``xml:space="preserve"`` (inherited like a style, as ``space``); the children
    in *skip* (timed spans, cues of their own) left out."""
    parts: list[str] = []

    def add(text: str | None, st: dict[str, str]) -> None:
        if text:
            text = text.replace("\r\n", "\n")
            if st.get("space") != "preserve":
                text = _XML_WHITESPACE.sub(" ", text)  # not \s: a no-break space is text
            parts.append(_wrap(literal(text), st))  # "&lt;i&gt;" is text, not an SRT tag

    def visit(elem: ET.Element, st: dict[str, str]) -> None:
        add(elem.text, st)
        for child in elem:
            tag = _local(child.tag)
            if tag == "br":
                parts.append("\n")
            elif tag == "span" and child not in skip:
                visit(child, reader.style_of(_attrs(child), st))
            add(child.tail, st)

    visit(p, style)
    body = join_tags("".join(parts), across_lines=True)
    lines = (line.strip(_XML_SPACES) for line in body.split("\n"))
    return "\n".join(line for line in lines if line.strip())


def _percent(value: str | None, index: int) -> float | None:
    parts = (value or "").split()
    if len(parts) == 2 and parts[index].endswith("%"):
        try:
            return float(parts[index][:-1]) / 100
        except ValueError:
            return None
    return None


def _position(region: dict[str, str]) -> str:
    """``{\\anN}`` for a region off the bottom centre (its vertical anchor: origin and extent in %
    with displayAlign, else displayAlign alone), else nothing."""
    align = region.get("displayAlign", "after")
    top, height = _percent(region.get("origin"), 1), _percent(region.get("extent"), 1)
    if top is not None and height is not None:
        anchor = top + {"before": 0.0, "center": height / 2}.get(align, height)
        row = 2 if anchor < 1 / 3 else 1 if anchor < 2 / 3 else 0
    else:
        row = {"before": 2, "center": 1}.get(align, 0)
    col = {"left": 0, "start": 0, "right": 2, "end": 2}.get(region.get("textAlign", ""), 1)
    number = row * 3 + col + 1
    return f"{{\\an{number}}}" if number != 2 else ""


def read(text: str, name: str, fps: float | None = None) -> Subtitles:
    """The cues of a TTML document, in SRT markup (see the module docstring). *fps* is unused: a
    TTML file states its own frame rate. *text* is decoded already: its XML declaration's
    encoding is not applied again."""
    return _document(text.lstrip("\ufeff").encode("utf-8"), name, "utf-8")


def read_bytes(data: bytes, name: str, encoding: str | None = None) -> Subtitles:
    """The cues of a TTML file as stored: decoded as its XML declaration (or byte order mark) says,
    UTF-8 if neither does, unless *encoding* overrides it."""
    if encoding:
        from subkit.srtio import decode_text

        return read(decode_text(data, name, encoding), name)
    return _document(data, name, None)


def _fault(data: bytes, exc: ET.ParseError, encoding: str | None) -> str:
    """What expat found wrong with *data*: its words, and the character XML does not allow on the
    line it names (a control character); or, where the bytes are not in the encoding the document
    names, the advice to name the right one."""
    said = str(exc).split(":")[0]
    text = _decoded(data, encoding)
    if text is None:
        return said + ("" if encoding or exc.code not in _ENCODING_FAULTS else
                       " (if it is not in the encoding its XML declaration names, UTF-8 if none: read it with "
                       "--encoding)")
    lines = re.split(r"\r\n?|\n", text)  # not splitlines: it breaks at a vertical tab too
    number = exc.position[0] if exc.position else 0
    bad = _NOT_XML.search(lines[number - 1]) if 0 < number <= len(lines) else None
    return f"{said}: U+{ord(bad.group()):04X}, which XML does not allow, at column {bad.start() + 1}" if bad else said


def _decoded(data: bytes, encoding: str | None) -> str | None:
    """*data* decoded as the document names (*encoding*, else its byte order mark or declaration,
    else UTF-8); None if it is not in that encoding."""
    from subkit.srtio import utf16_codec

    declared = re.match(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", data)
    codec = encoding or utf16_codec(data[:4096]) or (declared.group(1).decode("ascii") if declared else "utf-8")
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


def _document(data: bytes, name: str, encoding: str | None) -> Subtitles:
    try:
        root = ET.fromstring(data, ET.XMLParser(encoding=encoding))
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise SubkitError(f"not valid TTML (XML): {_fault(data, exc, encoding)}", name, line) from None
    if _local(root.tag) != "tt":
        raise SubkitError(f"not TTML: the root element is <{_local(root.tag)}>, not <tt>", name)
    try:
        reader = _Reader(root, name)
    except SubkitError as exc:
        raise SubkitError(exc.message, name) from None
    body = next((e for e in root if _local(e.tag) == "body"), None)
    if body is None:
        return Subtitles(())
    a = _attrs(body)
    begin, end = reader.interval(body, 0, None)
    style = reader.style_of(a, {"space": root.get(_XML_SPACE, "default")})
    reader.walk(body, begin, end, style, a.get("region"))
    said = (f"left out {len(reader.untimed)} <p> that cannot be timed: {', '.join(reader.untimed)}",)
    return Subtitles(tuple(sorted(reader.cues, key=lambda c: c.start)), notices=said if reader.untimed else (),
                     lang=root.get(_XML_LANG, "").strip())


_TTML_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" '
              'xmlns:ttp="http://www.w3.org/ns/ttml#parameter" xml:lang={lang} ttp:timeBase="media" '
              'ttp:contentProfiles="http://www.w3.org/ns/ttml/profile/imsc1.1/text">\n')
_ROWS = {2: ("top", "before"), 1: ("middle", "center"), 0: ("bottom", "after")}  # keypad row -> id, displayAlign
_COLS = {0: ("-left", "left"), 1: ("", "center"), 2: ("-right", "right")}


def _region(number: int) -> tuple[str, str]:
    """(xml:id, the element) of the region for ASS alignment *number*: the safe area (10 % margins),
    text anchored to its top, middle or bottom and aligned left, centre or right."""
    (row, display), (col, text) = _ROWS[(number - 1) // 3], _COLS[(number - 1) % 3]
    ident = row + col
    return ident, (f'      <region xml:id="{ident}" tts:origin="10% 10%" tts:extent="80% 80%" '
                   f'tts:displayAlign="{display}" tts:textAlign="{text}"/>\n')


def _clock(ms: int) -> str:
    h, rest = divmod(max(ms, 0), 3_600_000)
    m, rest = divmod(rest, 60_000)
    return f"{h:02d}:{m:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _span(text: str, look) -> str:
    from xml.sax.saxutils import escape

    if text == "\n":
        return "<br/>"
    styles = {"fontStyle": "italic" if look.italic else "", "fontWeight": "bold" if look.bold else "",
              "textDecoration": " ".join(d for d, on in (("underline", look.underline),
                                                           ("lineThrough", look.strike)) if on),
              "color": look.colour or ""}
    styled = " ".join(f'tts:{k}="{v}"' for k, v in styles.items() if v)
    return f"<span {styled}>{escape(text)}</span>" if styled else escape(text)


# what XML 1.0 does not allow in a document (its Char production): C0 controls but tab, line feed and
# carriage return; surrogates; U+FFFE and U+FFFF
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BREAKS = str.maketrans({"\v": "\n", "\f": "\n"})  # vertical tab, form feed: line breaks in the tools that write them


@dataclass
class TtmlFile:
    """A TTML document as written, and what it could not hold."""

    text: str = ""
    untimed: list[str] = field(default_factory=list)  # cues left out: "2 (00:00:05.000 --> 00:00:04.000)"
    characters: set[str] = field(default_factory=set)  # characters XML does not allow, left out


def _xml_text(text: str, out: TtmlFile) -> str:
    """*text* with what XML 1.0 does not allow left out (and added to *out*); a vertical tab or form
    feed is a line break."""
    out.characters.update(_NOT_XML.findall(text))
    return _NOT_XML.sub("", text.translate(_BREAKS))


def write_file(subs: Subtitles) -> TtmlFile:
    """*subs* as a TTML document in the IMSC 1.1 Text profile's vocabulary: one ``<p>`` per cue
    (``xml:id``, clock times to the millisecond), ``<br/>`` between lines, italic, bold, underline,
    strike-through and colour as inline ``tts:`` styles, a leading ``{\\anN}`` as one of nine regions;
    ``xml:lang`` the language *subs* declares. A cue that does not end after it starts (after 0) has
    no TTML interval (a reader drops it): it is left out, and named."""
    from xml.sax.saxutils import quoteattr

    out = TtmlFile()
    regions: dict[str, str] = {}
    body = []
    for k, cue in enumerate(subs.cues, 1):
        if max(cue.end, 0) <= max(cue.start, 0):
            out.untimed.append(f"{cue.index or k} ({_clock(cue.start)} --> {_clock(cue.end)})")
            continue
        number, runs = srt_runs(_xml_text(cue.text, out))
        ident, element = _region(number)
        regions.setdefault(ident, element)
        text = "".join(_span(t, look) for t, look in runs)
        body.append(f'      <p xml:id="c{len(body) + 1}" begin="{_clock(cue.start)}" end="{_clock(cue.end)}" '
                    f'region="{ident}">{text}</p>\n')
    layout = "".join(regions[r] for r in sorted(regions))
    head = _TTML_HEAD.replace("{lang}", quoteattr(_xml_text(subs.language(), out)))  # '' when unknown
    out.text = (head + "  <head>\n    <layout>\n" + layout + "    </layout>\n  </head>\n"
                "  <body>\n    <div>\n" + "".join(body) + "    </div>\n  </body>\n</tt>\n")
    return out


def write(subs: Subtitles, fps: float | None = None) -> str:
    """The text of :func:`write_file`: what it left out is not said (``subkit convert`` says it)."""
    return write_file(subs).text
