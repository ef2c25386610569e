"""EBU STL and SCC read through ttconv (subkit.formats.broadcast), through the real `subkit convert`.

The files are built here byte by byte from the specifications (EBU Tech 3264's GSI and TTI blocks;
CEA-608 byte pairs with odd parity as Scenarist writes them), not by the library that reads them.
"""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.formats import parse, read_file

pytest.importorskip("ttconv")
from ttconv.style_properties import FontStyleType, StyleProperties  # noqa: E402


def gsi(blocks: int, fps: int = 25, tcp: bytes = b"00000000") -> bytes:
    """The General Subtitle Information block (1,024 bytes)."""
    b = bytearray(b" " * 1024)
    for offset, value in ((0, b"850"), (3, b"STL%d.01" % fps), (11, b"0"), (12, b"00"), (14, b"0F"),
                          (224, b"261130"), (230, b"261130"), (236, b"00"), (238, b"%05d" % blocks),
                          (243, b"%05d" % blocks), (248, b"001"), (251, b"40"), (253, b"23"), (255, b"1"),
                          (256, tcp), (264, tcp), (272, b"1"), (273, b"1"), (274, b"FRA")):
        b[offset:offset + len(value)] = value
    return bytes(b)


def tti(number: int, start: tuple, end: tuple, text: bytes, row: int = 22) -> bytes:
    """One Text and Timing Information block (128 bytes): times as (h, m, s, frames)."""
    return struct.pack("<BHBB4B4BBBB", 0, number, 0xFF, 0, *start, *end, row, 2, 0) + text.ljust(112, b"\x8f")


def stl(*cues, fps: int = 25, tcp: bytes = b"00000000") -> bytes:
    return gsi(len(cues), fps, tcp) + b"".join(tti(k + 1, *c) for k, c in enumerate(cues))


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_ebu_stl_to_srt(tmp_path):
    # 0x80/0x81 italics on/off (each shows as a space), 0x8A 0x8A a new line, ISO 6937 accents:
    # 0xC2 + e is "é", 0xC1 + a is "à"
    data = stl(((0, 0, 1, 0), (0, 0, 3, 12), b"Bonjour\x80tout\x81le monde\x8a\x8aet bienvenue."),
               ((0, 0, 4, 0), (0, 0, 6, 5), b"C'est d\xc2ej\xc1a fini.", 1))
    (tmp_path / "ep.stl").write_bytes(data)
    assert run("convert", str(tmp_path / "ep.stl"), "-o", str(tmp_path / "ep.srt")).exit_code == 0
    assert (tmp_path / "ep.srt").read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:03,480\nBonjour <i>tout</i> le monde\net bienvenue.\n\n"
        "2\n00:00:04,000 --> 00:00:06,200\nC'est déjà fini.\n\n")
    # a file with no telling extension is known by its header; every command reads it
    (tmp_path / "ep.bin").write_bytes(data)
    assert [c.text for c in read_file(tmp_path / "ep.bin").cues][1] == "C'est déjà fini."
    assert run("convert", str(tmp_path / "ep.bin"), "-o", str(tmp_path / "ep.vtt")).exit_code == 0
    assert run("lint", str(tmp_path / "ep.vtt"), "--select", "syntax", "--strict").exit_code == 0


def test_stl_times_count_from_the_programme_start():
    """A broadcast file whose programme starts at 10:00:00:00 gives cues from 0; frames count at the
    file's rate (ttconv reads STL30.01 as 29.97 fps, the rate such files are made for)."""
    data = stl(((10, 0, 5, 15), (10, 0, 7, 0), b"Dix heures."), tcp=b"10000000")
    assert [(c.start, c.end, c.text) for c in read_file_bytes(data).cues] == [(5600, 7000, "Dix heures.")]
    ntsc = stl(((10, 0, 5, 15), (10, 0, 7, 0), b"Dix heures."), fps=30, tcp=b"10000000")
    assert [(c.start, c.end) for c in read_file_bytes(ntsc).cues] == [(5506, 7007)]


def read_file_bytes(data: bytes):
    from subkit.formats import parse_bytes

    return parse_bytes(data, "x.stl")


def odd(byte: int) -> int:
    """CEA-608 bytes carry odd parity in their top bit."""
    return byte | 0x80 if bin(byte).count("1") % 2 == 0 else byte


def scc_words(text: bytes) -> str:
    text += b"\x00" * (len(text) % 2)
    return " ".join(f"{odd(text[i]):02x}{odd(text[i + 1]) if text[i + 1] else 0x80:02x}"
                    for i in range(0, len(text), 2))


def pop_on(timecode: str, text: bytes, italic: bool = False) -> str:
    # erase memory, resume caption loading, row 15, (italics), the text, erase display, end of caption
    mid = "91ae 91ae " if italic else ""
    return f"{timecode}\t94ae 94ae 9420 9420 9470 9470 {mid}{scc_words(text)} 942c 942c 942f 942f\n\n"


def test_scc_to_srt(tmp_path):
    scc = ("Scenarist_SCC V1.0\n\n" + pop_on("00:00:01:00", b"Hello there.") + "00:00:03:00\t942c 942c\n\n"
           + pop_on("00:00:04:00", b"Music plays", italic=True) + "00:00:06:00\t942c 942c\n")
    (tmp_path / "show.scc").write_text(scc, encoding="ascii")
    assert run("convert", str(tmp_path / "show.scc"), "-o", str(tmp_path / "show.srt")).exit_code == 0
    cues = parse((tmp_path / "show.srt").read_text(encoding="utf-8"), "show.srt", "srt").cues
    assert [c.text for c in cues] == ["Hello there.", "<i>Music plays</i>"]
    # shown when the caption is complete: the time code plus the frames its bytes take, at 29.97 fps
    assert 1000 < cues[0].start < 1600 and abs(cues[0].end - 3003) <= 1
    assert 4000 < cues[1].start < 4700 and abs(cues[1].end - 6006) <= 1
    # known by its first line whatever the name
    (tmp_path / "show.txt").write_text(scc, encoding="ascii")
    assert [c.text for c in read_file(tmp_path / "show.txt").cues] == ["Hello there.", "<i>Music plays</i>"]


def test_colours_read_from_stl_and_scc_are_rgb(tmp_path):
    """ttconv gives a colour as #rrggbbaa: read as #rrggbb, it is WebVTT's default class (no
    custom class with an invalid 8-digit colour) and an ASS colour (not lost)."""
    (tmp_path / "c.stl").write_bytes(stl(((0, 0, 1, 0), (0, 0, 2, 0), b"\x03Jaune")))  # teletext yellow
    # row 15, a mid-row code for red (91a8), "Hello"
    (tmp_path / "c.scc").write_text("Scenarist_SCC V1.0\n\n00:00:01:00\t9420 9420 94ae 94ae 9452 9452 91a8 91a8 "
                                    "c8e5 ecec ef80 942c 942c 942f 942f\n\n00:00:03:00\t942c 942c\n", encoding="ascii")
    for name, word, colour, rgb in (("c.stl", "Jaune", "yellow", "ffff00"), ("c.scc", "Hello", "red", "ff0000")):
        vtt = run("convert", str(tmp_path / name), "-o", "-", "--to", "vtt")
        assert vtt.exit_code == 0 and f"<c.{colour}>{word}</c>" in vtt.stdout and "STYLE" not in vtt.stdout
        srt = run("convert", str(tmp_path / name), "-o", "-", "--to", "srt")
        assert srt.exit_code == 0 and f'<font color="#{rgb}">{word}</font>' in srt.stdout
        ass = run("convert", str(tmp_path / name), "-o", "-", "--to", "ass")
        assert ass.exit_code == 0 and f"{{\\c&H{rgb[4:]}{rgb[2:4]}{rgb[:2]}&}}{word}".upper() in ass.stdout.upper()


def test_a_long_document_read_in_parts_gives_what_ttconv_gives_for_the_whole():
    """The reader hands ttconv's SRT writer a few paragraphs at a time (its snapshots of a whole file
    take time quadratic in the cues): paragraphs that overlap, which ttconv merges, stay in one part,
    in document order across divisions."""
    from fractions import Fraction

    from ttconv import model
    from ttconv.srt.writer import from_model

    from subkit.formats.broadcast import _cues

    doc = model.ContentDocument()
    doc.set_body(model.Body(doc))
    divs = [model.Div(doc), model.Div(doc)]
    for div in divs:
        doc.get_body().push_child(div)
    for k in range(150):
        p, span = model.P(doc), model.Span(doc)
        p.set_begin(Fraction(2 * k))
        p.set_end(Fraction(2 * k + (5 if k % 7 == 0 else 1)))  # every 7th lasts over the next two
        if k % 3 == 0:
            span.set_style(StyleProperties.FontStyle, FontStyleType.italic)
        span.push_child(model.Text(doc, f"Ligne {k}"))
        p.push_child(span)
        divs[k % 2].push_child(p)
    whole = parse(from_model(doc), "w.srt", "srt").cues
    read = _cues(doc, "x.stl").cues
    assert len(read) > 150 and [(c.start, c.end, c.text) for c in read] == [(c.start, c.end, c.text) for c in whole]


@pytest.mark.parametrize("name, content, needle", [
    ("cut.stl", stl(((0, 0, 1, 0), (0, 0, 2, 0), b"Coup\xc3e."))[:1100], "cut.stl: cannot read as EBU STL: Bad TTI"),
    ("fps.stl", stl(((0, 0, 1, 0), (0, 0, 2, 0), b"Vu."), fps=99), "fps.stl: cannot read as EBU STL: Unknown GSI DFC"),
    ("bad.scc", "Scenarist_SCC V1.0\n\nnot a time code\tzz\n", "bad.scc: no subtitles found"),
])
def test_bad_input_is_one_line_and_nothing_written(tmp_path, name, content, needle):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    result = run("convert", str(path), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert needle in line, line
    assert not (tmp_path / "out.srt").exists()


def test_read_only_formats_are_refused_as_output(tmp_path):
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi.\n", encoding="utf-8")
    for out in ("a.scc", "a.smi"):
        result = run("convert", str(tmp_path / "a.srt"), "-o", str(tmp_path / out))
        assert result.exit_code == 2 and "can be read, not written" in result.stderr
        assert not (tmp_path / out).exists()


def test_without_ttconv_the_message_says_what_to_install(tmp_path):
    (tmp_path / "ep.stl").write_bytes(stl(((0, 0, 1, 0), (0, 0, 2, 0), b"Salut.")))
    code = ("import sys; sys.modules['ttconv'] = None\n"
            "from subkit.cli import main\n"
            f"main(['convert', {str(tmp_path / 'ep.stl')!r}, '-o', {str(tmp_path / 'ep.srt')!r}])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "this format needs ttconv: pip install 'subkit[formats]'" in out.stderr


FRENCH = """1
00:00:01,000 --> 00:00:03,480
Bonjour à tous, <i>voix off</i> !
Ça s'est très bien passé : « oui ».

2
00:00:04,000 --> 00:00:06,200
{\\an8}<u>Œuvre</u> n° 5 — 3 × 2 ½ ’quote’ Ø ß µ

3
01:00:00,040 --> 01:00:02,000
<font color="yellow">Jaune</font>

4
01:00:03,000 --> 01:00:09,000
Une très longue réplique avec beaucoup d'accents : éèêëàâäîïôöùûüÿç,
et encore éèêëàâäîïôöùûüÿç ÉÈÊËÀÂÎÏÔÙÛÇ.
"""


def test_stl_output_is_sorted_at_its_rates_and_garbage_is_named(tmp_path):
    src = tmp_path / "uns.srt"
    src.write_text("1\n00:00:05,000 --> 00:00:06,000\nB.\n\n2\n00:00:01,000 --> 00:00:02,000\nA.\n", encoding="utf-8")
    out = tmp_path / "uns.stl"
    refused = run("convert", str(src), "-o", str(out), "--fps", "24")  # STL has 25 and 30 only
    assert refused.exit_code == 2 and "--fps 25 or --fps 30" in refused.stderr and not out.exists()
    assert run("convert", str(src), "-o", str(out)).exit_code == 0  # SRT may hold cues out of order; STL not
    back = run("convert", str(out), "-o", "-", "--to", "srt")
    assert back.exit_code == 0 and [c.text for c in parse(back.stdout, "b.srt", "srt").cues] == ["A.", "B."]
    noise = tmp_path / "noise.stl"
    noise.write_bytes(bytes(range(256)) * 8)
    bad = run("convert", str(noise), "-o", str(tmp_path / "n.srt"))
    assert bad.exit_code == 2 and "noise.stl: cannot read as EBU STL" in bad.stderr and "attribute" not in bad.stderr


def test_a_transcript_given_for_subtitles_points_to_segment(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Bonjour à tous.\nCeci est un texte.\n", encoding="utf-8")
    for command in (["convert", str(text), "-o", str(tmp_path / "n.vtt")], ["translate", str(text)]):
        result = run(*command)
        assert result.exit_code == 2 and f"to make subtitles from a transcript: subkit segment {text}" in result.stderr


def test_stl_written_by_subkit_is_read_back_by_ttconv(tmp_path):
    """subkit writes EBU STL itself; ttconv, another implementation, reads the same words, italics,
    underline and times back (to the frame); a long cue takes extension blocks."""
    (tmp_path / "in.srt").write_text(FRENCH, encoding="utf-8")
    result = run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "out.stl"))
    assert result.exit_code == 0  # nothing lost; the long cue's rows are too wide for teletext, and said so
    assert result.stderr.endswith("out.stl: 2 row(s) wider than teletext's 40 columns "
                                  "(a control code takes a column)\n")
    data = (tmp_path / "out.stl").read_bytes()
    assert data[3:11] == b"STL25.01" and (len(data) - 1024) % 128 == 0
    blocks = [data[k:k + 128] for k in range(1024, len(data), 128)]
    assert int(data[238:243]) == len(blocks) > 4 and int(data[243:248]) == 4  # 4 cues, one in 2 blocks
    assert [b[3] for b in blocks if int.from_bytes(b[1:3], "little") == 4] == [0, 0xFF]
    assert run("convert", str(tmp_path / "out.stl"), "-o", str(tmp_path / "back.srt")).exit_code == 0
    back = parse((tmp_path / "back.srt").read_text(encoding="utf-8"), "back.srt", "srt").cues
    before = parse(FRENCH, "in.srt", "srt").cues
    assert [(c.start, c.end) for c in back] == [(c.start, c.end) for c in before]  # all on 40 ms frames here
    assert back[0].text == "Bonjour à tous, <i>voix off</i> !\nÇa s'est très bien passé : « oui »."
    assert back[1].text == "<u>Œuvre</u> n° 5 — 3 × 2 ½ ’quote’ Ø ß µ"  # (ttconv's SRT has no positions)
    assert back[3].text == before[3].text
    assert data[1024 + 128 + 13] == 1 and data[1024 + 13] == 20  # rows: from the top, and 2 lines at the bottom


def test_what_stl_cannot_hold_is_named_in_one_line(tmp_path):
    (tmp_path / "in.srt").write_text('1\n00:00:01,000 --> 00:00:02,000\n<b>Gras</b> 日本 … –\n', encoding="utf-8")
    result = run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "out.stl"))
    assert result.exit_code == 0
    assert result.stderr == ("subkit convert: " + str(tmp_path / "out.stl") + ": dropped what EBU STL has no form "
                             "for: bold: 1; characters outside its Latin table, written as '?': 日 本; "
                             "characters outside its Latin table, written as their nearest form: – as -, … as ...\n")
    (cue,) = parse(run("convert", str(tmp_path / "out.stl"), "-o", "-", "--to", "srt").stdout, "x.srt", "srt").cues
    assert cue.text == "Gras ?? ... -"


def test_iso6937_encoding_agrees_with_ttconv():
    decode = pytest.importorskip("ttconv.stl.iso6937").decode
    from subkit.formats.ebu_stl import encode_text

    text = ("àâäéèêëîïôöùûüÿçÀÂÄÉÈÊËÎÏÔÖÙÛÜŸÇñÑãõáíóúýÁÍÓÚÝåÅøØæÆœŒßčšžČŠŽłŁőűśźżąęğıİ"
            "«»‘’“”°±²³×µ¶·÷¼½¾¿¡£¥§—♪©®™ÐĦĲĿŁŒºÞŦŊĸđðħıĳŀłþŧŋ\u00a0")
    lost: set[str] = set()
    encoded = encode_text(text, lost)
    assert decode(encoded)[0] == text and lost == set()
    assert encode_text("日€…", lost) == b"?EUR..." and lost == {"日"}
    # a diacritic ISO 6937 does not put on that letter ("sẽ", Vietnamese) was written and read as U+FFFD
    lost = set()
    assert encode_text("sẽ ỹ ñ", lost) == b"s? ? \xc4n" and lost == {"ẽ", "ỹ"}


def test_stl_refuses_times_past_a_day(tmp_path):
    (tmp_path / "h.srt").write_text("1\n100:00:01,000 --> 100:00:03,000\nHuge\n", encoding="utf-8")
    result = run("convert", str(tmp_path / "h.srt"), "-o", str(tmp_path / "h.stl"))
    assert result.exit_code == 2 and "under 24 hours" in result.stderr  # it wrote 99 h: an hour off
    assert not (tmp_path / "h.stl").exists()


def test_other_commands_refuse_to_write_stl_before_working(tmp_path):
    (tmp_path / "t.txt").write_text("Bonjour à tous.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(tmp_path / "t.txt"), "-o", str(tmp_path / "t.stl")])
    assert result.exit_code == 2 and "EBU STL is a binary format: write it with 'subkit convert" in result.stderr
    assert not (tmp_path / "t.stl").exists()


def test_stl_is_reproducible_and_names_rows_too_wide_for_teletext(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")  # 2025-12-01
    (tmp_path / "in.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nUne ligne de quarante-deux caractères "
                                     "exact\nCourte.\n", encoding="utf-8")
    first = run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "a.stl"))
    run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "b.stl"))
    data = (tmp_path / "a.stl").read_bytes()
    assert data == (tmp_path / "b.stl").read_bytes() and data[224:236] == b"251201251201"
    widest = 1 + len("Une ligne de quarante-deux caractères exact")  # its double-height code, then the text
    assert "1 row(s) wider than teletext's 40 columns" in first.stderr and int(data[251:253]) == widest


def test_stl_written_from_cues_at_one_time_or_shorter_than_a_frame_reads_back(tmp_path):
    """STL shows one subtitle at a time and each for a frame at least: cues starting together are
    merged, a cue overlapping the next ends where it starts, a cue under a frame gets one; all said."""
    (tmp_path / "in.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\n{\\an8}PANNEAU\n\n2\n00:00:01,000 --> 00:00:02,000\nBonjour.\n\n"
        "3\n00:00:04,000 --> 00:00:04,010\nBref.\n\n4\n00:00:05,000 --> 00:00:07,000\nUn.\n\n"
        "5\n00:00:06,000 --> 00:00:08,000\nDeux.\n", encoding="utf-8")
    result = run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "out.stl"))
    assert result.exit_code == 0, result.output
    assert ("1 cue(s) starting with the one before merged into it; 1 cue(s) ended where the next starts; "
            "1 cue(s) shorter than a frame lengthened to one") in result.stderr
    back = run("convert", str(tmp_path / "out.stl"), "-o", "-", "--to", "srt")
    assert back.exit_code == 0, back.output
    cues = parse(back.stdout, "back.srt", "srt").cues
    assert [(c.start, c.end, c.text) for c in cues] == [
        (1000, 3000, "PANNEAU\nBonjour."), (4000, 4040, "Bref."), (5000, 6000, "Un."), (6000, 8000, "Deux.")]


def test_stl_messages_name_the_output_and_the_fault(tmp_path):
    (tmp_path / "in.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n<b>Gras</b>\n", encoding="utf-8")
    result = run("convert", str(tmp_path / "in.srt"), "-o", "-", "--to", "stl")
    assert result.exit_code == 0 and "subkit convert: <stdout>: dropped what EBU STL" in result.stderr
    (tmp_path / "empty.stl").write_bytes(b"")
    empty = run("convert", str(tmp_path / "empty.stl"), "-o", str(tmp_path / "e.srt"))
    assert empty.exit_code == 2 and "empty.stl: cannot read as EBU STL: " in empty.stderr
    assert "unpack" not in empty.stderr and "1024" not in empty.stderr
    damaged = bytearray(stl(((0, 0, 1, 0), (0, 0, 2, 0), b"Hi")))
    damaged[3:11] = b"STL99.01"
    (tmp_path / "d.stl").write_bytes(bytes(damaged))
    bad = run("convert", str(tmp_path / "d.stl"), "-o", str(tmp_path / "d.srt"), "--from", "stl")
    assert bad.exit_code == 2 and "d.stl: cannot read as EBU STL" in bad.stderr and "defaulting" not in bad.stderr
    (tmp_path / "file.srt").write_text("x", encoding="utf-8")
    folder = run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "file.srt" / "x.vtt"))
    assert folder.exit_code == 2 and "File exists" not in folder.stderr and "not a folder" in folder.stderr
