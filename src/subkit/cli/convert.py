"""``subkit convert``: one subtitle file to another format (SRT, WebVTT, SBV; ASS/SSA, TTML, SAMI,
MicroDVD, MPL2 through pysubs2)."""

from __future__ import annotations

import os

import click

from subkit.cli import FRAME_RATE, reports_errors
from subkit.errors import SubkitError

_OWN = ("srt", "vtt", "sbv", "ttml")  # read and written by subkit itself


@click.command("convert")
@click.argument("source", metavar="IN")
@click.option("-o", "--output", "output", metavar="OUT", required=True,
              help="Output file ('-' = stdout); its extension names the format unless --to does.")
@click.option("--from", "src", metavar="FORMAT", help="Format of IN. Default: from its extension, else its content.")
@click.option("--to", "dst", metavar="FORMAT", help="Format of OUT. Default: from its extension.")
@click.option("--fps", type=FRAME_RATE, default=None,
              help="Frame rate of frame-based formats (MicroDVD; EBU STL written: 25 or 30). Default: the "
                   "file's, else 25.")
@click.option("--encoding", default=None,
              help="Encoding of IN. Default: UTF-8; for TTML/DFXP, the one its XML declaration names.")
@reports_errors()
def convert(source, output, src, dst, fps, encoding):
    """Convert IN to OUT's format (times and text exact between srt, vtt and sbv; markup mapped:
    <font color> and {\\an8} become WebVTT's <c.red> and line:0, <v> and <c> tags SRT cannot show go;
    a cue's one <v Name> is ASS/SSA's Name field, both ways).

    Formats: srt, vtt, sbv and ttml/dfxp (subkit's own; TTML read with its ticks, frames, styles and
    regions, written as IMSC 1.1 Text); ass, ssa, sami (read only), microdvd (.sub), mpl2, tmp through
    pysubs2; stl (EBU STL: read through ttconv, written by subkit, --fps 25 or 30) and scc
    (CEA-608, read only, through ttconv) (pip install 'subkit[formats]'). WebVTT settings, notes and styles only
    survive into WebVTT, ASS styles only into ASS/SSA: see the README's Formats section.
    """
    from subkit.formats import (FORMATS, READ_ONLY, Subtitles, bytes_format, check_writable, format_for, named_language,
                                 parse_bytes, parse_read, sniff)
    from subkit.formats.other import pysubs2_convert
    from subkit.srtio import atomic_write_bytes, atomic_write_text, decode_text, display_name, read_bytes, same_file

    name = display_name(source)
    if source != "-" and output != "-" and same_file(source, output):
        raise SubkitError("refusing to overwrite the input; choose another -o", output)
    dst = format_for(output, dst, default="")
    if not dst:
        writable = ", ".join(f for f in FORMATS if f not in READ_ONLY)
        raise SubkitError(f"cannot tell the output format from its name; pass --to ({writable})", output)
    check_writable(dst, output, binary=True)
    if output != "-" and os.path.isdir(output):  # before the work, and before any line about what it drops
        raise SubkitError("cannot write: Is a directory", output)
    data = read_bytes(source)
    src = format_for(source, src, default="")
    stored = bytes_format(data, src)
    if stored:  # EBU STL, or TTML in the encoding its XML declaration names
        subs: Subtitles = parse_bytes(data, name, stored, encoding)
        text, src = "", stored
    else:
        text = decode_text(data, name, encoding or "utf-8")
        guessed = not src and sniff(text) is None  # read as SRT for want of anything else
        src = src or sniff(text) or "srt"
    if not stored and _through_pysubs2(src) and _through_pysubs2(dst):
        converted = pysubs2_convert(text, name, src, dst, fps)  # pysubs2's whole model
        subs = _read(text, name, src, fps)  # before writing: a file with no cue fails here, with nothing written
        atomic_write_text(output, converted)
        _report_lost(subs, dst, output)  # what the cues hold that the output has no form for
        return
    subs = subs if stored else parse_read(source, text) if guessed else _read(text, name, src, fps)
    subs = named_language(subs, source)  # ep.fr.srt is in French: TTML says so
    if subs.notices:
        click.echo(f"subkit convert: {name}: {'; '.join(subs.notices)}", err=True)
    if dst in _IN_TIME_ORDER:
        subs = _in_time_order(subs, dst, output)
    if dst == "stl":
        atomic_write_bytes(output, _write_stl(subs, fps, output))
        return
    result = _write_ttml(subs, output) if dst == "ttml" else _write(subs, dst, fps)
    _report_lost(subs, dst, output)
    atomic_write_text(output, result)


_IN_TIME_ORDER = {"vtt": "WebVTT", "stl": "EBU STL"}  # formats whose cues must come in order of start


def _in_time_order(subs, fmt: str, output: str):
    """*subs* sorted by start, said in one stderr line when they were not (WebVTT and EBU STL
    require it; an SRT file may hold its cues in any order)."""
    from subkit.srtio import display_name

    subs, late = subs.in_time_order()
    if late:
        click.echo(f"subkit convert: {display_name(output, written=True)}: cues sorted by start time, as "
                   f"{_IN_TIME_ORDER[fmt]} requires ({late} started before the cue before them)", err=True)
    return subs


def _through_pysubs2(fmt: str) -> bool:
    """Whether *fmt* is one of the formats pysubs2 reads and writes (not SCC: ttconv reads it)."""
    from subkit.formats import FORMATS

    return FORMATS[fmt][1].startswith("subkit.formats.other")


def _read(text, name, fmt, fps):
    from subkit.formats import format_module, parse

    if fmt in _OWN:
        return parse(text, name, fmt)
    subs = format_module(fmt).read(text, name, fps)
    if not subs.cues:
        raise SubkitError("no subtitles found", name)
    return subs


def _write(subs, fmt, fps):
    from subkit.formats import format_module, compose

    return compose(subs, fmt) if fmt in _OWN else format_module(fmt).write(subs, fps)


def _write_ttml(subs, output) -> str:
    """The TTML document, and one stderr line naming what it left out: cues with no interval (ending
    before they start), characters XML does not allow."""
    from subkit.formats.markup import adapt
    from subkit.formats.ttml import write_file
    from subkit.srtio import display_name

    written = write_file(adapt(subs, "ttml"))
    said = [f"left out {len(written.untimed)} cue(s) that do not end after they start (TTML cannot time "
            f"them): {', '.join(written.untimed)}"] if written.untimed else []
    if written.characters:
        codes = ", ".join(f"U+{ord(c):04X} " + ("as a line break" if c in "\v\f" else "left out")
                          for c in sorted(written.characters))
        said.append(f"characters XML does not allow: {codes}")
    if said:
        click.echo(f"subkit convert: {display_name(output, written=True)}: {'; '.join(said)}", err=True)
    return written.text


def _write_stl(subs, fps, output) -> bytes:
    """The EBU STL file, and one stderr line naming what it has no form for (bold, strike-through,
    colours other than teletext's, characters outside its Latin table)."""
    from subkit.formats import format_module
    from subkit.formats.markup import adapt, lost_markup
    from subkit.srtio import display_name

    written = format_module("stl").write_bytes(adapt(subs, "stl"), fps)
    lost = {**written.markup, **lost_markup(subs, "stl")}  # runs the writer could not style, and other markup
    said = [f"dropped what EBU STL has no form for: {', '.join(f'{k}: {n}' for k, n in lost.items())}"] if lost else []
    if written.characters:
        said.append(f"characters outside its Latin table, written as '?': {' '.join(sorted(written.characters))}")
    if written.nearest:
        said.append("characters outside its Latin table, written as their nearest form: "
                    + ", ".join(f"{c} as {_nearest(c)}" for c in sorted(written.nearest)))
    retimed = {"merged": "cue(s) starting with the one before merged into it",
               "trimmed": "cue(s) ended where the next starts", "lengthened": "cue(s) shorter than a frame "
               "lengthened to one"}
    said += [f"{written.retimed[k]} {what}" for k, what in retimed.items() if written.retimed[k]]
    if written.wide_rows:
        said.append(f"{written.wide_rows} row(s) wider than teletext's 40 columns (a control code takes a column)")
    if said:
        click.echo(f"subkit convert: {display_name(output, written=True)}: {'; '.join(said)}", err=True)
    return written.data


def _nearest(ch: str) -> str:
    from subkit.formats.ebu_stl import encode_text

    return encode_text(ch).decode("ascii")


def _report_lost(subs, fmt: str, output: str) -> None:
    """One line on stderr naming the markup the output's format has no form for (the words stay)."""
    from subkit.formats.markup import lost_markup
    from subkit.srtio import display_name

    lost = lost_markup(subs, fmt)
    if lost:
        what = ", ".join(f"{label}: {n}" for label, n in lost.items())
        name = "WebVTT" if fmt == "vtt" else fmt.upper()
        click.echo(f"subkit convert: {display_name(output, written=True)}: dropped what {name} has no form for "
                   f"(the words are kept): {what}", err=True)
