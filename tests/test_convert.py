"""`subkit convert`: between subkit's formats exactly, to and from pysubs2's with what each keeps."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.cues import Cue
from subkit.formats import Subtitles, compose, format_module, parse
from subkit.profiles import strip_tags

CUES = (Cue(1000, 3456, ("<i>Bonjour</i> à tous,", "et bienvenue.")), Cue(4001, 5999, ("Deuxième <u>ligne</u> & co.",)),
        Cue(7000, 9010, ("Plain text.",)))
VTT = ("WEBVTT\n\nNOTE kept\n\n00:00:01.000 --> 00:00:03.456 align:start\n<i>Bonjour</i> à tous,\net bienvenue.\n\n"
       "00:00:04.001 --> 00:00:05.999\nDeuxième <u>ligne</u> &amp; co.\n\n00:00:07.000 --> 00:00:09.010\nPlain text.\n")
ASS = (r"""[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, \
Style: Sign,Georgia,28,&H0000FFFF,&H000000FF,&H00000000,&H00000000,1,0,0,0,100,100,0,0,1,2,2,8,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:03.50,Sign,,0,0,0,,{\an8}{\i1}Bonjour{\i0} à tous\Nsecond line
""").replace("Italic, \\\n", "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, "
             "Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n")


def run(*args):
    return CliRunner().invoke(cli, ["convert", *args])


# (format, largest time error in ms, whether tags survive): what the README's Formats table says
FIDELITY = [("srt", 0, True), ("vtt", 0, True), ("sbv", 0, False), ("ass", 5, True), ("ssa", 5, True),
            ("ttml", 0, False), ("microdvd", 40, False), ("mpl2", 100, False)]


@pytest.mark.parametrize("fmt, tolerance, tags", FIDELITY)
def test_round_trip_fidelity(fmt, tolerance, tags):
    if fmt not in ("srt", "vtt", "sbv"):
        pytest.importorskip("pysubs2")
    subs = Subtitles(CUES)
    back = parse(compose(parse(compose(subs, fmt), "x", fmt), "srt"), "y", "srt").cues  # SRT -> fmt -> SRT
    assert len(back) == len(CUES)
    worst = max(max(abs(a.start - b.start), abs(a.end - b.end)) for a, b in zip(back, CUES))
    assert worst <= tolerance
    assert [strip_tags(c.text) for c in back] == [strip_tags(c.text) for c in CUES]
    if tags:
        assert "<i>Bonjour</i>" in back[0].text and "<u>ligne</u>" in back[1].text
    assert (worst == 0 and tags) == (fmt in ("srt", "vtt"))  # SBV has no styling: the words alone


def test_vtt_to_srt_to_vtt_files(tmp_path):
    src = tmp_path / "in.vtt"
    src.write_text(VTT, encoding="utf-8")
    assert run(str(src), "-o", str(tmp_path / "a.srt")).exit_code == 0
    assert "Deuxième <u>ligne</u> & co." in (tmp_path / "a.srt").read_text(encoding="utf-8")  # no entity in SRT
    assert run(str(tmp_path / "a.srt"), "-o", str(tmp_path / "b.vtt")).exit_code == 0
    a, b = parse(VTT, "in", "vtt"), parse((tmp_path / "b.vtt").read_text(encoding="utf-8"), "b", "vtt")
    assert [(c.start, c.end, c.text) for c in a.cues] == [(c.start, c.end, c.text) for c in b.cues]
    assert run(str(src), "-o", str(tmp_path / "c.vtt")).exit_code == 0  # WebVTT to WebVTT keeps it all
    assert parse((tmp_path / "c.vtt").read_text(encoding="utf-8"), "c", "vtt") == a


def test_ass_to_ass_keeps_styles_and_positions(tmp_path):
    pytest.importorskip("pysubs2")
    src = tmp_path / "in.ass"
    src.write_text(ASS, encoding="utf-8")
    assert run(str(src), "-o", str(tmp_path / "out.ass")).exit_code == 0
    out = (tmp_path / "out.ass").read_text(encoding="utf-8")
    assert "Style: Sign,Georgia,28," in out and r"{\an8}{\i1}Bonjour{\i0} à tous\Nsecond line" in out
    assert run(str(src), "-o", str(tmp_path / "out.srt")).exit_code == 0
    srt_text = (tmp_path / "out.srt").read_text(encoding="utf-8")
    assert "<i>Bonjour</i> à tous\nsecond line" in srt_text and "Georgia" not in srt_text
    # the style's yellow, bold and top alignment are kept as SRT can hold them (pysubs2's SRT writer drops them)
    assert '{\\an8}<font color="#ffff00"><b><i>Bonjour</i> à tous\nsecond line</b></font>' in srt_text
    assert run(str(src), "-o", str(tmp_path / "out.vtt")).exit_code == 0
    cue = parse((tmp_path / "out.vtt").read_text(encoding="utf-8"), "out.vtt", "vtt").cues[0]
    assert (cue.settings, cue.text) == ("line:0", "<c.yellow><b><i>Bonjour</i> à tous\nsecond line</b></c>")


def test_webvtt_voices_are_the_ass_name_field_and_come_back(tmp_path):
    # QA: convert to ASS dropped every <v>, though a Dialogue line has a Name (actor) field
    src = tmp_path / "in.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Marie>Bonjour à tous.\n\n"
                   "00:00:04.000 --> 00:00:06.000\n<v.loud Tom &amp; Jo, junior>On arrive !</v>\n\n"
                   "00:00:07.000 --> 00:00:09.000\n- <v Marie>Tu viens ?\n- <v Pierre>Oui.\n\n"
                   "00:00:10.000 --> 00:00:11.000\nPersonne.\n", encoding="utf-8")
    result = run(str(src), "-o", str(tmp_path / "out.ass"))
    assert result.exit_code == 0
    assert "voice tags (<v>): 2" in result.output  # the dialogue of two voices has no one Name
    dialogue = [x for x in (tmp_path / "out.ass").read_text(encoding="utf-8").splitlines() if x.startswith("Dialogue")]
    assert [x.split(",")[4] for x in dialogue] == ["Marie", "Tom & Jo junior", "", ""]
    assert dialogue[1].endswith(",,On arrive !")
    result = run(str(tmp_path / "out.ass"), "-o", str(tmp_path / "back.vtt"))
    assert result.exit_code == 0 and "dropped" not in result.output
    back = parse((tmp_path / "back.vtt").read_text(encoding="utf-8"), "b", "vtt").cues
    assert [c.text for c in back] == ["<v Marie>Bonjour à tous.", "<v Tom &amp; Jo junior>On arrive !",
                                      "- Tu viens ?\n- Oui.", "Personne."]
    result = run(str(tmp_path / "out.ass"), "-o", str(tmp_path / "back.srt"))
    assert "speaker names (ASS Name field): 2" in result.output
    assert "Marie" not in (tmp_path / "back.srt").read_text(encoding="utf-8")


def test_ass_override_tags_drawings_and_hard_spaces(tmp_path):
    pytest.importorskip("pysubs2")
    events = ("Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\b1}Gras{\\b0} puis {\\i1}penché\\Nsuite{\\i0}\n"
              "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{\\an7\\pos(10,10)}Panneau\\hA\n"
              "Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,{\\p1}m 0 0 l 10 10{\\p0}\n"
              "Dialogue: 0,0:00:09.00,0:00:10.00,Default,,0,0,0,,{\\c&H0000FF&}rouge {\\1c&HFF8000&}bleu{\\r} blanc\n"
              "Comment: 0,0:00:07.00,0:00:08.00,Default,,0,0,0,,note\n")
    src = tmp_path / "in.ass"
    src.write_text(ASS.split("Dialogue:")[0] + events, encoding="utf-8")
    assert run(str(src), "-o", str(tmp_path / "out.srt")).exit_code == 0
    cues = parse((tmp_path / "out.srt").read_text(encoding="utf-8"), "out.srt", "srt").cues
    assert [c.text for c in cues] == ["<b>Gras</b> puis <i>penché\nsuite</i>", "{\\an7}Panneau\u00a0A",
                                      '<font color="#ff0000">rouge </font><font color="#0080ff">bleu</font> blanc']


def test_sami_is_read(tmp_path):
    pytest.importorskip("pysubs2")
    src = tmp_path / "in.smi"
    src.write_text("<SAMI><BODY>\n<SYNC Start=1000><P Class=FRCC>Bonjour à tous\n"
                   "<SYNC Start=3000><P Class=FRCC>&nbsp;\n<SYNC Start=4000><P Class=FRCC>Au revoir\n"
                   "<SYNC Start=6000><P Class=FRCC>&nbsp;\n</BODY></SAMI>\n",
                   encoding="utf-8")
    assert run(str(src), "-o", str(tmp_path / "out.vtt")).exit_code == 0
    cues = parse((tmp_path / "out.vtt").read_text(encoding="utf-8"), "x", "vtt").cues
    assert [(c.start, c.end, c.text.strip()) for c in cues] == [(1000, 3000, "Bonjour à tous"),
                                                               (4000, 6000, "Au revoir")]


@pytest.mark.parametrize("args, words", [
    (["in.vtt", "-o", "out.xyz"], "--to"),
    (["in.vtt", "-o", "out.smi"], "SAMI"),
    (["in.vtt", "-o", "in.vtt"], "overwrite"),
    (["missing.srt", "-o", "out.vtt"], "no such file"),
    (["bad.vtt", "-o", "out.srt"], "timing"),
])
def test_errors_are_one_line(tmp_path, monkeypatch, args, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.vtt").write_text(VTT, encoding="utf-8")
    (tmp_path / "bad.vtt").write_text("WEBVTT\n\n00:01 --> 00:02\nHi\n", encoding="utf-8")
    result = run(*args)
    lines = result.output.strip().splitlines()
    assert result.exit_code == 2 and len(lines) == 1 and words in lines[0]
    assert not any(p.name.startswith("out") for p in tmp_path.iterdir())


def test_the_format_modules_share_one_shape():
    for fmt in ("srt", "vtt", "sbv"):
        module = format_module(fmt)
        assert callable(module.read) and callable(module.write)


def test_a_malformed_srt_names_the_line_and_the_fault_as_lint_does(tmp_path):
    src = tmp_path / "m.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nA.\n\n2\n00:00:03,000 -> 00:00:04,000\nB.\n\n"
                   "3\n00:00:05,000 --> 00:00:06,000\nC.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(src), "-o", str(tmp_path / "m.vtt")])
    assert result.exit_code == 2 and f"{src}:6: expected a timing line" in result.output, result.output
    linted = CliRunner().invoke(cli, ["lint", str(src), "--select", "syntax"])
    assert f"{src}:6:1: error syntax/expected-timing expected a timing line" in linted.output


@pytest.mark.parametrize("index", ["3b", "1a", ""])
def test_a_block_with_a_non_numeric_index_is_refused_not_joined_to_the_cue_before(tmp_path, index):
    """The srt library reads "3b" / a timing line / text as more lines of the cue before (pysubs2 keeps
    "3b" there and starts a new cue): a timing line became subtitle text, a cue was lost."""
    src = tmp_path / "b.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nA.\n\n2\n00:00:03,000 --> 00:00:04,000\nB.\n"
                   f"{chr(10) if index else ''}{index}{chr(10) if index else ''}00:00:05,000 --> 00:00:06,000\nC.\n",
                   encoding="utf-8")
    line = 10 if index else 8  # the timing line
    guess = f"index {index!r}?" if index else "no blank line before it?"
    said = f"a timing line inside the text of cue 2: a malformed block ({guess})"
    result = CliRunner().invoke(cli, ["convert", str(src), "-o", str(tmp_path / "b.vtt")])
    assert result.exit_code == 2 and f"{src}:{line}: {said}" in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and not (tmp_path / "b.vtt").exists()


def test_every_writer_names_what_its_format_drops(tmp_path):
    """One stderr line names the markup the output's format has no form for, whatever the writer
    (MicroDVD, MPL2, TTML, SBV as well as SRT and WebVTT); SBV, which has no styling, gets the words."""
    pytest.importorskip("pysubs2")
    (tmp_path / "h.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\n<i>whole italic</i>\n\n2\n00:00:03,000 --> "
                                    '00:00:04,000\n{\\an8}<b>bold</b> <font color="red">red</font>\n', encoding="utf-8")
    (tmp_path / "f.srt").write_text('1\n00:00:01,000 --> 00:00:02,000\n<font face="Arial" size="30">face</font> '
                                    "{\\pos(10,10)}{\\fs40}big\n", encoding="utf-8")
    (tmp_path / "hls.vtt").write_text("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:900000,LOCAL:00:00:00.000\n\n"
                                      "00:00:01.000 --> 00:00:02.000\nhls cue\n", encoding="utf-8")
    (tmp_path / "c.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000 line:0\n<c.yellow>Jaune</c> "
                                    "<v Marie>Salut</v>\n", encoding="utf-8")
    expected = {
        ("h.srt", "h.sub"): "dropped what MICRODVD has no form for (the words are kept): positions ({\\anN}): 1, "
                            "bold (<b>): 1, colours (<font color>): 1",
        ("h.srt", "h.mpl"): "dropped what MPL2 has no form for (the words are kept): italics (<i>): 1, positions "
                            "({\\anN}): 1, bold (<b>): 1, colours (<font color>): 1",
        ("f.srt", "f.ttml"): "dropped what TTML has no form for (the words are kept): font faces and sizes "
                             "(<font face/size>): 1, override blocks other than a leading {\\an}: 2",
        ("f.srt", "f.stl"): "dropped what EBU STL has no form for: font faces and sizes (<font face/size>): 1, "
                            "override blocks other than a leading {\\an}: 2",
        ("hls.vtt", "hls.srt"): "X-TIMESTAMP-MAP header (it offsets the cue times; they are written as read): 1",
        ("c.vtt", "c.sbv"): "dropped what SBV has no form for (the words are kept): voice tags (<v>): 1, "
                            "positions ({\\anN}): 1, colours (<font color>): 1",
    }
    for (src, out), said in expected.items():
        result = run(str(tmp_path / src), "-o", str(tmp_path / out))
        assert result.exit_code == 0 and len(result.stderr.splitlines()) == 1 and said in result.stderr, result.stderr
    assert (tmp_path / "c.sbv").read_text(encoding="utf-8") == "0:00:01.000,0:00:03.000\nJaune Salut\n\n"


def test_ass_override_tags_and_drawings_cue_text_cannot_hold_are_named(tmp_path):
    pytest.importorskip("pysubs2")
    lines = ("Dialogue: 0,0:00:06.10,0:00:07.00,Default,,0,0,0,,{\\pos(960,100)}Positionné\n"
             "Dialogue: 0,0:00:09.10,0:00:10.00,Default,,0,0,0,,{\\fad(200,200)\\blur2\\i1}Fondu\n"
             "Dialogue: 0,0:00:10.10,0:00:11.00,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100 0 100{\\p0}\n")
    (tmp_path / "b.ass").write_text(ASS + lines, encoding="utf-8")
    result = run(str(tmp_path / "b.ass"), "-o", str(tmp_path / "b.srt"))
    assert result.exit_code == 0 and result.stderr == (
        f"subkit convert: {tmp_path / 'b.ass'}: override tags with no form in cue text: \\pos: 1, \\fad: 1, "
        "\\blur: 1; vector drawings (\\p1) left out: 1, at 0:00:10.10\n")
    assert "<i>Fondu</i>" in (tmp_path / "b.srt").read_text(encoding="utf-8")
    # between two pysubs2 formats the file goes through pysubs2 whole: what the output cannot hold is said too
    micro = run(str(tmp_path / "b.ass"), "-o", str(tmp_path / "b.sub"))
    assert micro.exit_code == 0 and micro.stderr == (f"subkit convert: {tmp_path / 'b.sub'}: dropped what MICRODVD "
                                                     "has no form for (the words are kept): positions ({\\anN}): 1, "
                                                     "colours (<font color>): 1, bold (<b>): 1\n")


@pytest.mark.parametrize("fps, line", [(None, "{1}{1}25"), ("23.976", "{1}{1}23.976"), ("30", "{1}{1}30")])
def test_microdvd_declares_its_frame_rate_as_players_read_it(tmp_path, fps, line):
    """VLC and pysubs2 read the frame rate from a first line {1}{1}fps ({0}{0}25.0 is a cue to them)."""
    pysubs2 = pytest.importorskip("pysubs2")
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi.\n", encoding="utf-8")
    result = run(str(tmp_path / "a.srt"), "-o", str(tmp_path / "a.sub"), *(["--fps", fps] if fps else []))
    assert result.exit_code == 0
    text = (tmp_path / "a.sub").read_text(encoding="utf-8")
    assert text.splitlines()[0] == line
    loaded = pysubs2.load(str(tmp_path / "a.sub"))  # no UnknownFPSError: the rate is declared
    assert [e.text for e in loaded] == ["Hi."] and abs(loaded.fps - float(line[6:])) < 1e-9
    back = run(str(tmp_path / "a.sub"), "-o", "-", "--to", "srt")
    assert [abs(c.start - 1000) <= 1 for c in parse(back.stdout, "b", "srt").cues] == [True]  # to the frame


def test_cues_out_of_order_are_sorted_for_webvtt_and_said(tmp_path):
    """WebVTT requires cues in order of start (lint reports it); SRT may hold them in any order."""
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nA.\n\n2\n10:00:00,000 --> 10:00:01,000\nZ.\n\n"
                                    "3\n00:00:07,000 --> 00:00:08,000\nB.\n", encoding="utf-8")
    result = run(str(tmp_path / "a.srt"), "-o", str(tmp_path / "a.vtt"))
    assert result.exit_code == 0 and result.stderr == (
        f"subkit convert: {tmp_path / 'a.vtt'}: cues sorted by start time, as WebVTT requires (1 started before "
        "the cue before them)\n")
    written = parse((tmp_path / "a.vtt").read_text(encoding="utf-8"), "a", "vtt")
    assert [c.text for c in written.cues] == ["A.", "B.", "Z."]
    linted = CliRunner().invoke(cli, ["lint", str(tmp_path / "a.vtt")])
    assert "order" not in linted.output
    stl = run(str(tmp_path / "a.srt"), "-o", str(tmp_path / "a.stl"))  # EBU STL too, said the same way
    assert stl.exit_code == 0 and "cues sorted by start time, as EBU STL requires" in stl.stderr


def test_short_milliseconds_in_srt_are_read_as_players_do_and_named(tmp_path):
    (tmp_path / "ms.srt").write_text("1\n00:00:01,5 --> 00:00:02,000\nx\n\n2\n00:00:03,000 --> 00:00:04,000\ny\n",
                                     encoding="utf-8")
    result = run(str(tmp_path / "ms.srt"), "-o", str(tmp_path / "ms.vtt"))
    assert result.exit_code == 0
    assert "00:00:01.005 --> 00:00:02.000" in (tmp_path / "ms.vtt").read_text(encoding="utf-8")
    assert result.stderr == (f"subkit convert: {tmp_path / 'ms.srt'}: milliseconds of fewer than 3 digits read as "
                             "written (',5' as 5 ms, as VLC and ffmpeg read them; 'subkit lint' calls it an error) "
                             "on line(s) 2\n")


def test_dfxp_is_ttml_and_the_output_is_checked_before_the_work(tmp_path):
    (tmp_path / "a.srt").write_text('1\n00:00:01,000 --> 00:00:02,000\n<font face="Arial">A.</font>\n',
                                    encoding="utf-8")
    assert run(str(tmp_path / "a.srt"), "-o", str(tmp_path / "a.xml"), "--to", "dfxp").exit_code == 0
    back = run(str(tmp_path / "a.xml"), "--from", "dfxp", "-o", "-", "--to", "srt")
    assert back.exit_code == 0 and "A." in back.stdout
    unnamed = run(str(tmp_path / "a.srt"), "-o", str(tmp_path / "a.out"))
    assert unnamed.exit_code == 2  # only the formats that can be written are offered
    assert "pass --to (srt, vtt, sbv, ass, ssa, ttml, microdvd, mpl2, tmp, stl)" in unnamed.stderr
    (tmp_path / "out").mkdir()
    folder = run(str(tmp_path / "a.srt"), "-o", str(tmp_path / "out"), "--to", "vtt")  # nothing said of font faces
    assert folder.exit_code == 2
    assert folder.stderr == f"subkit convert: error: {tmp_path / 'out'}: cannot write: Is a directory\n"


def test_sorting_webvtt_cues_moves_each_note_with_its_cue(tmp_path):
    src = tmp_path / "o.vtt"
    src.write_text("WEBVTT\n\nNOTE about B\n\n00:00:05.000 --> 00:00:06.000\nB\n\n"
                   "NOTE about A\n\n00:00:01.000 --> 00:00:02.000\nA\n", encoding="utf-8")
    assert run(str(src), "-o", str(tmp_path / "o2.vtt")).exit_code == 0
    out = (tmp_path / "o2.vtt").read_text(encoding="utf-8")
    assert out.index("NOTE about A") < out.index("\nA\n") < out.index("NOTE about B") < out.index("\nB\n"), out


def test_a_file_with_no_cue_between_pysubs2_formats_writes_nothing(tmp_path):
    src = tmp_path / "empty.ass"
    src.write_text(ASS.split("[Events]")[0] + "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, "
                   "MarginV, Effect, Text\nComment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a note\n", encoding="utf-8")
    result = run(str(src), "-o", str(tmp_path / "out.ssa"))
    assert result.exit_code == 2 and "no subtitles found" in result.output
    assert not (tmp_path / "out.ssa").exists()
