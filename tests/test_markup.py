"""Markup across formats (subkit.formats.markup): SRT's tags and {\\an} blocks become WebVTT's tags
and cue settings and back, through the real `subkit convert` and `subkit lint`."""

from __future__ import annotations

from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from subkit.cli import cli
from subkit.cues import Cue
from subkit.formats import Subtitles, compose, parse
from subkit.formats.markup import lost_markup, srt_to_vtt, vtt_to_srt
from subkit.formats.vtt_syntax import setting_problems, tag_problems

SRT = """1
00:00:01,000 --> 00:00:03,000
{\\an8}<font color="#FF0000">Rouge</font> et <I>italique</I>

2
00:00:04,000 --> 00:00:05,000
<font color="#ffa500">Orange</font> & <s>barré</s> x < y

3
00:00:06,000 --> 00:00:07,000
{\\an7}<i><font color=yellow>croisées</i> encore</font>
"""

VTT = """WEBVTT

00:00:01.000 --> 00:00:03.000 line:0 align:start
<v Roger>Bonjour <c.loud>fort</c> <00:00:02.000>et <c.cyan.bg_black>cyan</c>

00:00:04.000 --> 00:00:05.000 line:50%,center
<ruby>漢字<rt>かんじ</rt></ruby> &amp; &lt;3 <lang en>hi</lang>

00:00:06.000 --> 00:00:07.000 line:-1
<i>bas</i>
"""


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_srt_to_vtt_gives_valid_webvtt_with_the_same_look(tmp_path):
    (tmp_path / "in.srt").write_text(SRT, encoding="utf-8")
    assert run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "out.vtt")).exit_code == 0
    out = (tmp_path / "out.vtt").read_text(encoding="utf-8")
    cues = parse(out, "out.vtt", "vtt").cues
    assert [(c.settings, c.text) for c in cues] == [
        ("line:0", "<c.red>Rouge</c> et <i>italique</i>"),
        ("", "<c.color_ffa500>Orange</c> &amp; barré x &lt; y"),
        ("line:0 align:left", "<i><c.yellow>croisées</c></i><c.yellow> encore</c>"),
    ]
    assert "STYLE\n::cue(.color_ffa500) { color: #ffa500; }" in out
    assert run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "again.vtt")).stderr.endswith(
        "dropped what WebVTT has no form for (the words are kept): strike-through tags (<s>): 1\n")
    plain = tmp_path / "plain.srt"
    plain.write_text("1\n00:00:01,000 --> 00:00:02,000\n<i>Bonjour</i> & merci\n", encoding="utf-8")
    assert run("convert", str(plain), "-o", str(tmp_path / "plain.vtt")).stderr == ""  # nothing lost, nothing said
    checked = run("lint", str(tmp_path / "out.vtt"), "--select", "syntax", "--strict")
    assert checked.exit_code == 0, checked.output
    # the same cues with SRT's tags kept as written (what convert wrote before): the same check fails
    (tmp_path / "verbatim.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n"
                                           '{\\an8}<font color="#FF0000">Rouge</font>\n', encoding="utf-8")
    assert run("lint", str(tmp_path / "verbatim.vtt"), "--select", "syntax").exit_code == 1


def test_vtt_to_srt_keeps_the_words_and_what_srt_can_show(tmp_path):
    (tmp_path / "in.vtt").write_text(VTT, encoding="utf-8")
    result = run("convert", str(tmp_path / "in.vtt"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 0
    # what had no SRT form is named, once, on stderr
    assert result.stderr.count("\n") == 1 and "out.srt: dropped what SRT has no form for" in result.stderr
    for lost in ("voice tags (<v>): 1", "language tags (<lang>): 1", "class tags (<c>) without a colour: 1",
                 "timestamp tags: 1"):
        assert lost in result.stderr
    cues = parse((tmp_path / "out.srt").read_text(encoding="utf-8"), "out.srt", "srt").cues
    assert [c.text for c in cues] == ['{\\an7}Bonjour fort et <font color="cyan">cyan</font>',
                                      "{\\an5}漢字(かんじ) & <3 hi", "<i>bas</i>"]


def test_what_is_dropped_is_what_the_mapping_drops():
    """The count comes from the mapping itself: each block or tag it cannot place is counted once."""
    srt = parse("1\n00:00:01,000 --> 00:00:02,000\n{\\an8}{\\pos(10,20)}<s>barré</s> <font face=Arial>a</font>\n"
                "{\\an5}<font color=red>b</font>\n", "a.srt", "srt")
    assert lost_markup(srt, "vtt") == {"override blocks other than a leading {\\an}": 2,
                                       "strike-through tags (<s>)": 1, "font tags without a colour": 1}
    assert lost_markup(srt, "srt") == {}
    assert lost_markup(srt, "ass") == {"font faces and sizes (<font face/size>)": 1}  # ASS takes the colour only
    vtt = parse(VTT, "a.vtt", "vtt")
    assert lost_markup(vtt, "srt") == {"voice tags (<v>)": 1, "class tags (<c>) without a colour": 1,
                                       "timestamp tags": 1, "language tags (<lang>)": 1}
    assert lost_markup(vtt, "vtt") == {}


def test_mapped_markup_comes_back_unchanged(tmp_path):
    first = parse(SRT, "in.srt", "srt")
    back = parse(compose(parse(compose(first, "vtt"), "x.vtt", "vtt"), "srt"), "y.srt", "srt")
    assert [c.text for c in back.cues] == ['{\\an8}<font color="red">Rouge</font> et <i>italique</i>',
                                           '<font color="#ffa500">Orange</font> & barré x < y',
                                           '{\\an7}<i><font color="yellow">croisées</font></i>'
                                           '<font color="yellow"> encore</font>']
    again = parse(compose(parse(compose(back, "vtt"), "x.vtt", "vtt"), "srt"), "z.srt", "srt")
    assert again.cues == back.cues  # a fixed point after one trip


def test_within_a_family_markup_is_kept_as_written():
    vtt = parse(VTT, "in.vtt", "vtt")
    assert parse(compose(vtt, "vtt"), "x.vtt", "vtt").cues == vtt.cues
    srt = parse(SRT, "in.srt", "srt")
    assert parse(compose(srt, "srt"), "x.srt", "srt").cues == srt.cues and "<I>italique</I>" in compose(srt, "srt")


@given(st.integers(1, 9))
def test_every_ass_alignment_survives_a_trip_through_cue_settings(number):
    cue = srt_to_vtt(Cue(0, 1000, (f"{{\\an{number}}}text",)))
    assert cue.lines == ("text",) and not setting_problems(cue.settings)
    back = vtt_to_srt(cue).lines[0]
    assert back == ("text" if number == 2 else f"{{\\an{number}}}text")


_PIECES = st.sampled_from(["<i>", "</i>", "<b>", "</B>", "<u>", "</u>", "<s>", "</s>", "<font color=red>",
                           '<font color="#123abc">', "<font face=Arial>", "</font>", "{\\an8}", "{\\pos(1,2)}",
                           " & ", " < ", " > ", "mot", "é", "&amp;", "-->", " "])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=12).map("".join), min_size=1, max_size=3))
def test_any_srt_markup_becomes_valid_webvtt(lines):
    """Unbalanced, crossed and stray SRT tags still give WebVTT its own rules accept."""
    subs = Subtitles((Cue(0, 1000, tuple(lines)),))
    cues = parse(compose(subs, "vtt"), "x.vtt", "vtt").cues
    for cue in cues:
        assert not tag_problems(list(cue.lines)) and not setting_problems(cue.settings)


def test_settings_become_an_override_block_in_srt_once():
    srt_doc = Subtitles((Cue(0, 1000, ("haut",), None, "line:0 align:right"),
                         Cue(2000, 3000, ("{\\an8}déjà",), None, "line:0")))
    assert [c.text for c in parse(compose(srt_doc, "srt"), "x.srt", "srt").cues] == ["{\\an9}haut", "{\\an8}déjà"]


def test_lines_of_spaces_are_left_out_of_srt():
    """YouTube's WebVTT has lines of one space; in SRT a reader that trims lines would end the cue there."""
    youtube = parse("WEBVTT\n\n00:00:00.000 --> 00:00:02.510 align:start position:0%\n \n"
                    "bonjour<00:00:00.480><c> à</c><00:00:00.719><c> tous</c>\n", "yt.vtt", "vtt")
    out = compose(youtube, "srt")
    assert "{\\an1}bonjour à tous\n" in out and not [x for x in out.splitlines() if x and not x.strip()]
    srt_doc = Subtitles((Cue(0, 1000, ("un", " ", "deux")),))
    assert parse(compose(srt_doc, "srt"), "x.srt", "srt").cues[0].lines == ("un", "deux")


def test_a_colour_class_read_for_its_words_is_not_styled_twice():
    from subkit.formats.markup import text_markup

    vtt = ("WEBVTT\n\nSTYLE\n::cue(.color_ffa500) { color: #ffa500; }\n\n"
           "00:00:01.000 --> 00:00:04.000\n<c.color_ffa500>Attention</c>, danger.\n")
    out = compose(text_markup(parse(vtt, "o.vtt", "vtt")), "vtt")
    assert out.count("::cue(.color_ffa500)") == 1, out
    assert "<c.color_ffa500>Attention</c>" in out, out


def test_a_translation_declares_its_own_language_in_the_webvtt_header():
    vtt = "WEBVTT\nKind: captions\nLanguage: fr\n\n00:00:01.000 --> 00:00:02.000\nBonjour.\n"
    out = compose(parse(vtt, "a.vtt", "vtt").in_language("en"), "vtt")
    assert out.startswith("WEBVTT\nKind: captions\nLanguage: en\n"), out
    assert parse("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA\n", "b.vtt", "vtt").in_language("en").header == ""


def test_escaped_tag_like_text_stays_text_in_every_format(tmp_path):
    """WebVTT's "&lt;i&gt;" and TTML's are text: it crosses SRT-family text marked (a word joiner
    after the "<", which an SRT player shows as "<i>" too) and comes out as text, never as italics."""
    run = CliRunner().invoke
    (tmp_path / "esc.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n"
                                      "Type &lt;i&gt;texte&lt;/i&gt; for <i>italics</i>\n", encoding="utf-8")
    for ext in ("ttml", "ass", "srt"):
        result = run(cli, ["convert", str(tmp_path / "esc.vtt"), "-o", str(tmp_path / f"esc.{ext}")])
        assert result.exit_code == 0, result.output
        back = run(cli, ["convert", str(tmp_path / f"esc.{ext}"), "-o", "-", "--to", "vtt"])
        assert back.stdout.endswith("\nType &lt;i>texte&lt;/i> for <i>italics</i>\n"), (ext, back.output)
    assert "Type &lt;i&gt;texte&lt;/i&gt; for <span" in (tmp_path / "esc.ttml").read_text(encoding="utf-8")
    assert "Type <i>texte</i> for {\\i1}italics{\\i0}" in (tmp_path / "esc.ass").read_text(encoding="utf-8")
    assert "Type <\u2060i>texte<\u2060/i> for <i>italics</i>" in (tmp_path / "esc.srt").read_text(encoding="utf-8")
    # TTML to TTML and to ASS: the same text
    result = run(cli, ["convert", str(tmp_path / "esc.ttml"), "-o", str(tmp_path / "again.ttml")])
    assert result.exit_code == 0 and "&lt;i&gt;texte" in (tmp_path / "again.ttml").read_text(encoding="utf-8")
