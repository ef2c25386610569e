"""Broadcast formats read through ttconv (BSD-2, pure Python; the ``formats`` extra): EBU STL
(EBU Tech 3264, ``.stl``, the binary exchange format of European broadcasters) and SCC (Scenarist,
CEA-608 closed captions, ``.scc``, North American television).

ttconv, the reference toolchain of the IMSC subtitle standard, reads them into its document model
and writes that as SRT, which becomes cues here: italics, bold, underline and colours (``#rrggbb``) as tags.
STL times count from the file's programme start (its ``TCP`` field: a broadcast file starting at
10:00:00:00 gives cues from 00:00:00). SCC is read only; EBU STL is written by subkit itself
(:mod:`subkit.formats.ebu_stl`: ttconv has no STL writer).
"""

from __future__ import annotations

import io
import logging
import math
import re
from contextlib import contextmanager
from fractions import Fraction

from subkit.cues import Cue
from subkit.errors import SubkitError
from subkit.formats.document import Subtitles

__all__ = ["is_stl", "stl", "scc"]

_SPACE_IN_TAG = re.compile(r"<(i|b|u)>([ \u00a0]+)")  # ttconv leaves a control code's space inside
_SPACE_BEFORE_END = re.compile(r"([ \u00a0]+)</(i|b|u)>")


def is_stl(data: bytes) -> bool:
    """Whether *data* is an EBU STL file: a 1,024-byte GSI block with a code page and ``STLnn.01``."""
    return len(data) >= 1024 and data[:3].isdigit() and re.fullmatch(rb"STL\d\d\.01", data[3:11]) is not None


def _ttconv(module: str):
    try:
        import importlib

        return importlib.import_module(module)
    except ImportError:
        raise SubkitError("this format needs ttconv: pip install 'subkit[formats]'") from None


class _Errors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # ttconv would carry on with a default ("..., defaulting to 25 fps"); subkit refuses the file
        self.messages.append(re.sub(r",? defaulting to [^;]*$", "", record.getMessage()))


@contextmanager
def _reading(kind: str, name: str):
    """Run ttconv's reader: what it raises, or logs as an error (a block it skipped: words lost), is
    one :class:`SubkitError` naming the file; nothing of ttconv's reaches stderr."""
    logger = logging.getLogger("ttconv")
    errors, propagate = _Errors(), logger.propagate
    logger.addHandler(errors)
    logger.propagate = False
    try:
        yield
    except SubkitError:
        raise
    except Exception as exc:  # ttconv raises many kinds on a damaged file
        said = " ".join(str(a) for a in exc.args) or type(exc).__name__
        if isinstance(exc, (AttributeError, TypeError, KeyError, IndexError, NameError)):
            said = "the file is damaged, or not this format"  # ttconv's own code failed: its words say nothing
        said = f"{errors.messages[0]} ({said})" if errors.messages else said
        raise SubkitError(f"cannot read as {kind}: {said}".splitlines()[0][:200], name) from None
    finally:
        logger.removeHandler(errors)
        logger.propagate = propagate
    if errors.messages:
        raise SubkitError(f"cannot read as {kind}: {errors.messages[0]}"[:200], name)


def _cues(doc, name: str) -> Subtitles:
    """The cues of ttconv's document, through ttconv's SRT writer run on one part of it at a time
    (:func:`_parts`): the writer snapshots the whole document at each change, quadratic in the cue
    count (20,000 cues took ten minutes), where a part's snapshots see only its own paragraphs."""
    from subkit.formats import srt
    from subkit.formats.markup import rgb_colours

    writer = _ttconv("ttconv.srt.writer")
    cues = []
    for part in _parts(doc):
        text = writer.from_model(part)
        text = _SPACE_BEFORE_END.sub(r"</\2>\1", _SPACE_IN_TAG.sub(r"\2<\1>", text))
        text = rgb_colours(text)  # ttconv writes #rrggbbaa
        if text.strip():
            cues += srt.read(text, name).cues
    return Subtitles(tuple(Cue(c.start, c.end, c.lines, k) for k, c in enumerate(cues, 1)))


_PART = 16  # paragraphs a part holds at least: fewer parts, each snapshot still cheap


def _parts(doc) -> list:
    """*doc* as documents of a few paragraphs each, cut only where no paragraph spans the cut, so
    that each snapshot ttconv takes of a part is the one it takes of the whole. A body holding
    anything but divisions is one part."""
    model = _ttconv("ttconv.model")
    body = doc.get_body()
    divs = list(body) if body is not None else []
    if not divs or any(not isinstance(d, model.Div) for d in divs):
        return [doc]
    body_time = _absolute(body, (Fraction(0), None))
    units = []
    for k, div in enumerate(divs):
        div_time = _absolute(div, body_time)
        units += [(_absolute(p, div_time), k, n, p) for n, p in enumerate(div)]
    units.sort(key=lambda u: u[0][0])
    groups, group, reach = [], [], Fraction(0)
    for (begin, end), k, n, p in units:
        if len(group) >= _PART and begin >= reach:
            groups.append(group)
            group = []
        group.append((k, n, p))
        reach = max(reach, math.inf if end is None else end)
    return [_part_doc(doc, divs, g) for g in groups + [group]]


def _absolute(element, parent: tuple) -> tuple:
    """(begin, end or None) of *element* in document time, its parent's being *parent* (ttconv's
    rule: offsets from the parent's begin, the end clipped to the parent's)."""
    begin, end = parent[0] + (element.get_begin() or 0), element.get_end()
    if end is None:
        return begin, parent[1]
    end = parent[0] + end
    return begin, end if parent[1] is None else min(end, parent[1])


def _part_doc(doc, divs: list, group: list):
    """A copy of *doc* holding only the paragraphs of *group* ((division, position, paragraph)),
    in document order, with its regions, body and divisions as they were."""
    model = _ttconv("ttconv.model")
    part = model.ContentDocument()
    doc.copy_to(part)
    for region in doc.iter_regions():
        copy = model.Region(region.get_id(), part)
        region.copy_to(copy)
        part.put_region(copy)
    body = _copy(doc.get_body(), part, deep=False)
    by_div: dict[int, list] = {}
    for k, _, p in sorted(group, key=lambda u: u[:2]):
        by_div.setdefault(k, []).append(_copy(p, part))
    for k, children in by_div.items():
        div = _copy(divs[k], part, deep=False)
        div.push_children(children)
        body.push_child(div)
    part.set_body(body)
    return part


def _copy(element, doc, deep: bool = True):
    """*element* copied into *doc* (its region there too), with copies of its children if *deep*."""
    copy = type(element)(doc)
    element.copy_to(copy)
    if element.get_region() is not None:
        copy.set_region(doc.get_region(element.get_region().get_id()))
    children = [_copy(c, doc) for c in element] if deep else []
    if children:
        copy.push_children(children)
    return copy


class _Stl:
    def read_bytes(self, data: bytes, name: str) -> Subtitles:
        reader = _ttconv("ttconv.stl.reader")
        config = _ttconv("ttconv.stl.config").STLReaderConfiguration(program_start_tc="TCP")
        if len(data) < 1024:  # ttconv would say "unpack requires a buffer of 1024 bytes"
            raise SubkitError("cannot read as EBU STL: " + ("the file is empty" if not data else
                              f"{len(data)} bytes, shorter than its 1,024-byte header (GSI block)"), name)
        with _reading("EBU STL", name):
            doc = reader.to_model(io.BytesIO(data), config)
        return _cues(doc, name)

    def read(self, text: str, name: str, fps: float | None = None) -> Subtitles:
        raise SubkitError("EBU STL is a binary format: give the file itself, not its text", name)

    def write_bytes(self, subs: Subtitles, fps: float | None = None):
        """The EBU STL file of *subs* (SRT markup), written by subkit: a
        :class:`subkit.formats.ebu_stl.StlFile`, with what the format could not hold."""
        from subkit.formats.ebu_stl import write

        return write(subs, fps)

    def write(self, subs: Subtitles, fps: float | None = None) -> str:
        raise SubkitError("EBU STL is a binary format: write it with 'subkit convert IN -o OUT.stl'")


class _Scc:
    def read(self, text: str, name: str, fps: float | None = None) -> Subtitles:
        reader = _ttconv("ttconv.scc.reader")
        with _reading("SCC", name):
            doc = reader.to_model(text.lstrip("\ufeff"))
        return _cues(doc, name)

    def write(self, subs: Subtitles, fps: float | None = None) -> str:
        raise SubkitError("SCC can be read, not written")


stl, scc = _Stl(), _Scc()
