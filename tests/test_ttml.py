"""TTML / DFXP / IMSC read by subkit (subkit.formats.ttml): the tick, frame and offset times, styles
and regions of the files streaming platforms and broadcasters deliver, through the real CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.formats import parse
from subkit.formats.ttml import Clock, parse_time

# As Netflix delivers DFXP (written here after its published format): ticks (10,000,000 a second),
# styles by reference, two regions.
NETFLIX = (Path(__file__).parent / "data" / "netflix-style.dfxp").read_text(encoding="utf-8")


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_netflix_dfxp_to_srt_and_webvtt(tmp_path):
    (tmp_path / "ep.dfxp").write_text(NETFLIX, encoding="utf-8")
    assert run("convert", str(tmp_path / "ep.dfxp"), "-o", str(tmp_path / "ep.srt")).exit_code == 0
    assert (tmp_path / "ep.srt").read_text(encoding="utf-8") == (
        "1\n00:00:01,001 --> 00:00:03,503\nBonjour à tous,\net bienvenue.\n\n"
        "2\n00:00:03,603 --> 00:00:06,006\n{\\an8}<i>Musique douce</i>\n\n"
        "3\n00:00:06,100 --> 00:00:08,000\nIl a dit <i>non</i> & <b>jamais</b>.\n\n")
    assert run("convert", str(tmp_path / "ep.dfxp"), "-o", str(tmp_path / "ep.vtt")).exit_code == 0
    cues = parse((tmp_path / "ep.vtt").read_text(encoding="utf-8"), "ep.vtt", "vtt").cues
    assert [(c.settings, c.text) for c in cues] == [
        ("", "Bonjour à tous,\net bienvenue."), ("line:0", "<i>Musique douce</i>"),
        ("", "Il a dit <i>non</i> &amp; <b>jamais</b>.")]
    checked = run("lint", str(tmp_path / "ep.vtt"), "--select", "syntax", "--strict")
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("expr, clock, ms", [
    ("00:00:01.5", Clock(), 1500), ("01:02:03.250", Clock(), 3723250), ("10:00:00", Clock(), 36000000),
    ("00:00:01:12", Clock(frame_rate=25), 1480),  # frames
    ("00:00:02:20", Clock(frame_rate=30 * 1000 / 1001), 2667),  # 29.97 fps: 2 + 20 / 29.97 s
    ("00:00:00:10.1", Clock(frame_rate=25, sub_frame_rate=2), 420),  # 10 frames and 1 sub-frame of 2
    ("1.5s", Clock(), 1500), ("200ms", Clock(), 200), ("2m", Clock(), 120000), ("1h", Clock(), 3600000),
    ("50f", Clock(frame_rate=25), 2000), ("10010000t", Clock(tick_rate=10_000_000), 1001),
    ("90t", Clock(tick_rate=90), 1000),
])
def test_time_expressions(expr, clock, ms):
    assert parse_time(expr, clock) == ms


def test_tick_rate_defaults_to_the_frame_rate(tmp_path):
    """TTML1: without ttp:tickRate, ticks are frames x sub-frames when a frame rate is stated."""
    doc = ('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
           'ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001"><body><div>'
           '<p begin="60t" end="00:00:04:00">Deux secondes</p></div></body></tt>')
    (cue,) = parse(doc, "a.ttml", "ttml").cues
    assert (cue.start, cue.end) == (2002, 4000)


def test_nested_times_dur_and_the_old_dfxp_namespace():
    doc = """<?xml version="1.0" encoding="utf-8"?>
<tt xmlns="http://www.w3.org/2006/10/ttaf1" xmlns:tts="http://www.w3.org/2006/10/ttaf1#style">
  <head><styling>
    <style id="base" tts:color="#FFFF00FF"/>
    <style id="it" style="base" tts:fontStyle="italic"/>
    <style id="loop1" style="loop2"/><style id="loop2" style="loop1" tts:textDecoration="underline"/>
  </styling></head>
  <body begin="5s">
    <div begin="10s">
      <p begin="1s" dur="2s" style="it">Voix
        off</p>
      <p begin="00:00:04.000" end="6s" style="loop1">Souligné</p>
      <p begin="7s" end="8s"><span tts:color="rgb(255, 0, 0)">rouge</span> et
        <span tts:textDecoration="lineThrough">barré</span></p>
      <p begin="9s" end="9s">jamais montré</p>
    </div>
  </body>
</tt>"""
    cues = parse(doc, "old.dfxp", "ttml").cues
    assert [(c.start, c.end, c.text) for c in cues] == [
        (16000, 18000, '<font color="#ffff00"><i>Voix off</i></font>'),
        (19000, 21000, "<u>Souligné</u>"),
        (22000, 23000, '<font color="#ff0000">rouge</font> et <s>barré</s>'),
    ]


def test_whitespace_and_positions():
    doc = """<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">
<head><layout>
  <region xml:id="top" tts:origin="10% 5%" tts:extent="80% 20%" tts:displayAlign="after"/>
  <region xml:id="left"><style tts:textAlign="left" tts:displayAlign="after"/></region>
  <region xml:id="middle" tts:displayAlign="center" tts:fontStyle="italic"/>
</layout></head>
<body region="left"><div>
  <p begin="1s" end="2s" region="top">IMSC : une région
     en haut</p>
  <p begin="3s" end="4s" xml:space="preserve">Première ligne
Deuxième ligne</p>
  <p begin="5s" end="6s" region="middle">Au milieu</p>
</div></body></tt>"""
    cues = parse(doc, "a.ttml", "ttml").cues
    assert [c.text for c in cues] == ["{\\an8}IMSC : une région en haut", "{\\an1}Première ligne\nDeuxième ligne",
                                      "{\\an5}<i>Au milieu</i>"]  # the region's style too
    # a no-break space is text, not XML whitespace: French spacing survives a trip through TTML
    nbsp = parse("<tt xmlns='http://www.w3.org/ns/ttml'><body><div><p begin='1s' end='2s'>Tu viens&#160;? "
                 "«&#xA0;Oui&#160;»\u00a0</p></div></body></tt>", "n.ttml", "ttml").cues
    assert nbsp[0].text == "Tu viens\u00a0? «\u00a0Oui\u00a0»\u00a0"


@pytest.mark.parametrize("content, needle", [
    ("<tt xmlns='http://www.w3.org/ns/ttml'><body><p begin='1s' end='2s'>x</body></tt>", "a.ttml:1: not valid TTML"),
    ("<tt xmlns='http://www.w3.org/ns/ttml'><body><div><p xml:id='s7' begin='12x' end='2s'>x</p></div></body></tt>",
     "a.ttml: bad TTML time expression '12x' (in s7)"),
    ("<html><body><p>x</p></body></html>", "a.ttml: not TTML: the root element is <html>"),
    ("<tt xmlns='http://www.w3.org/ns/ttml'><body/></tt>", "a.ttml: no subtitles found"),
    ("<tt xmlns='http://www.w3.org/ns/ttml' xmlns:ttp='http://www.w3.org/ns/ttml#parameter' ttp:frameRate='0'>"
     "<body/></tt>", "a.ttml: bad TTML time parameters"),
])
def test_bad_ttml_is_one_line_naming_the_file(tmp_path, content, needle):
    (tmp_path / "a.ttml").write_text(content, encoding="utf-8")
    result = run("convert", str(tmp_path / "a.ttml"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 2 and "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert needle in line, line
    assert not (tmp_path / "out.srt").exists()


def test_reading_ttml_needs_no_pysubs2(tmp_path):
    (tmp_path / "ep.dfxp").write_text(NETFLIX, encoding="utf-8")
    code = ("import sys; sys.modules['pysubs2'] = None\n"
            "from subkit.formats import read_file\n"
            f"print(len(read_file({str(tmp_path / 'ep.dfxp')!r}).cues))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "3"


SRT_IN = """1
00:00:01,001 --> 00:00:03,503
Bonjour à tous,
et bienvenue.

2
00:00:03,603 --> 00:00:06,006
{\\an8}<i>Musique douce</i>

3
01:02:03,100 --> 01:02:05,000
Il a dit <i>non</i> & <b>jamais</b> <font color="#ffa500">x < y</font> <u><s>barré</s></u>.

4
01:02:06,000 --> 01:02:07,000
{\\an7}<i>En haut
à gauche</i>
"""


def test_written_ttml_reads_back_the_same(tmp_path):
    (tmp_path / "in.srt").write_text(SRT_IN, encoding="utf-8")
    assert run("convert", str(tmp_path / "in.srt"), "-o", str(tmp_path / "out.ttml")).exit_code == 0
    ttml = (tmp_path / "out.ttml").read_text(encoding="utf-8")
    assert 'xml:id="c1"' in ttml and 'ttp:contentProfiles="http://www.w3.org/ns/ttml/profile/imsc1.1/text"' in ttml
    assert run("convert", str(tmp_path / "out.ttml"), "-o", str(tmp_path / "back.srt")).exit_code == 0
    before = parse(SRT_IN, "in.srt", "srt").cues
    after = parse((tmp_path / "back.srt").read_text(encoding="utf-8"), "back.srt", "srt").cues
    assert [(c.start, c.end, c.text) for c in after] == [(c.start, c.end, c.text) for c in before]


@pytest.mark.parametrize("number", range(1, 10))
def test_every_alignment_survives_ttml(number):
    from subkit.formats import compose

    subs = parse(f"1\n00:00:01,000 --> 00:00:02,000\n{{\\an{number}}}Ici\n", "a.srt", "srt")
    (cue,) = parse(compose(subs, "ttml"), "a.ttml", "ttml").cues
    assert cue.text == ("Ici" if number == 2 else f"{{\\an{number}}}Ici")


def test_written_ttml_is_read_by_another_implementation(tmp_path):
    """ttconv's IMSC reader (the IMSC reference toolchain) takes the document and finds the same text."""
    ttconv_reader = pytest.importorskip("ttconv.imsc.reader")
    import xml.etree.ElementTree as ET

    from subkit.formats import compose

    doc = ttconv_reader.to_model(ET.ElementTree(ET.fromstring(compose(parse(SRT_IN, "in.srt", "srt"), "ttml"))))
    texts = []
    for body in doc.get_body():
        for p in body:
            texts.append("".join(_texts(p)))
    assert texts == ["Bonjour à tous,et bienvenue.", "Musique douce",
                     "Il a dit non & jamais x < y barré.", "En hautà gauche"]
    regions = {r.get_id() for r in doc.iter_regions()}
    assert regions == {"bottom", "top", "top-left"}


def _texts(element):
    from ttconv import model

    if isinstance(element, model.Text):
        yield element.get_text()
    for child in element:
        yield from _texts(child)


def test_vtt_markup_is_mapped_on_the_way_to_ttml(tmp_path):
    (tmp_path / "in.vtt").write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000 line:0\n"
                                     "<c.yellow>Tom &amp; Jerry</c> <v Roger>hi</v>\n", encoding="utf-8")
    assert run("convert", str(tmp_path / "in.vtt"), "-o", str(tmp_path / "out.ttml")).exit_code == 0
    (cue,) = parse((tmp_path / "out.ttml").read_text(encoding="utf-8"), "out.ttml", "ttml").cues
    assert cue.text == '{\\an8}<font color="#ffff00">Tom & Jerry</font> hi'


TT = '<tt xmlns="http://www.w3.org/ns/ttml"><body><div><p begin="1s" end="2s">{}</p></div></body></tt>\n'


def test_ttml_is_read_in_the_encoding_its_declaration_names(tmp_path):
    latin = tmp_path / "l1.dfxp"
    latin.write_bytes(('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + TT.format("Café crème")).encode("latin-1"))
    wide = tmp_path / "u16.ttml"
    wide.write_bytes(('<?xml version="1.0" encoding="UTF-16"?>\n' + TT.format("Hello")).encode("utf-16"))
    for src, words in ((latin, "Café crème"), (wide, "Hello")):
        result = run("convert", str(src), "-o", str(tmp_path / "out.srt"))
        assert result.exit_code == 0, result.output
        assert (tmp_path / "out.srt").read_text(encoding="utf-8") == f"1\n00:00:01,000 --> 00:00:02,000\n{words}\n\n"
    # --encoding overrides the declaration (a file saved in another encoding than it says)
    assert run("convert", str(wide), "-o", str(tmp_path / "w.srt"), "--encoding", "utf-16").exit_code == 0
    assert "Hello" in (tmp_path / "w.srt").read_text(encoding="utf-8")
    lying = tmp_path / "lying.ttml"
    lying.write_bytes(('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + TT.format("Café")).encode("utf-8"))
    assert run("convert", str(lying), "-o", str(tmp_path / "lie.srt"), "--encoding", "utf-8").exit_code == 0
    assert "\nCafé\n" in (tmp_path / "lie.srt").read_text(encoding="utf-8")


def test_span_timed_cues_are_kept_and_untimed_ones_named(tmp_path):
    body = ('<p begin="1s" end="2s">timed</p><p><span begin="3s" end="4s">span-timed</span> loose words</p>'
            '<p xml:id="open" begin="5s">begin only</p><p begin="7s" end="6s">backwards</p>')
    (tmp_path / "in.ttml").write_text(TT.replace("<p begin=\"1s\" end=\"2s\">{}</p>", body), encoding="utf-8")
    result = run("convert", str(tmp_path / "in.ttml"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.srt").read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:02,000\ntimed\n\n2\n00:00:03,000 --> 00:00:04,000\nspan-timed\n\n")
    assert result.stderr == (f"subkit convert: {tmp_path / 'in.ttml'}: left out 3 <p> that cannot be timed: "
                             "'loose words' (between timed spans, no time of its own), open (no end), "
                             "'backwards' (ends before it begins)\n")


def test_smpte_time_base_counts_frame_labels_at_the_real_rate(tmp_path):
    doc = ('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttp="http://www.w3.org/ns/ttml#parameter" '
           'ttp:timeBase="smpte" ttp:frameRate="30" ttp:frameRateMultiplier="1000 1001" ttp:dropMode="{}">'
           '<body><div><p begin="01:00:00:00" end="01:00:02:00">Hi</p></div></body></tt>\n')
    for mode, times in (("nonDrop", "01:00:03,600 --> 01:00:05,602"), ("dropNTSC", "00:59:59,996 --> 01:00:01,998")):
        (tmp_path / "in.ttml").write_text(doc.format(mode), encoding="utf-8")
        result = run("convert", str(tmp_path / "in.ttml"), "-o", "-", "--to", "srt")
        assert result.exit_code == 0 and f"\n{times}\nHi\n" in result.stdout, (mode, result.output)


def test_nested_times_are_clipped_to_the_parent_and_seq_containers_follow_on(tmp_path):
    """TTML1 par timing: a child counts from its parent's begin and never outlasts it; the timed
    spans of a <p> with no end of its own are cues of their own, in a timed <div> too; the children
    of a seq container follow one another (ttconv's IMSC reader gives the same times)."""
    doc = ('<tt xmlns="http://www.w3.org/ns/ttml"><body begin="5s">'
           '<div begin="00:00:10.000" end="00:00:20.000">'
           '<p><span begin="00:00:01.000" end="00:00:02.000">in timed div one</span> '
           '<span begin="3s" end="4s">two</span></p>'
           '<p begin="00:00:05.000" end="00:00:30.000">clip me at 20</p>'
           '<p begin="16s" end="18s">after the div</p></div>'
           '<div timeContainer="seq"><p dur="2s">seq one</p><p dur="2s">seq two</p></div>'
           '<div begin="30s" end="40s"><p>Name: <span begin="1s" end="2s">hello</span></p></div>'
           '</body></tt>')
    (tmp_path / "in.ttml").write_text(doc, encoding="utf-8")
    result = run("convert", str(tmp_path / "in.ttml"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 0, result.output
    cues = parse((tmp_path / "out.srt").read_text(encoding="utf-8"), "out.srt", "srt").cues
    assert [(c.start, c.end, c.text) for c in cues] == [
        (5000, 7000, "seq one"), (7000, 9000, "seq two"), (16000, 17000, "in timed div one"),
        (18000, 19000, "two"), (20000, 25000, "clip me at 20"), (35000, 45000, "Name:"), (36000, 37000, "hello")]
    assert "'after the div' (begins after its parent ends)" in result.stderr


def test_ebu_tt_with_a_prefixed_root_is_told_by_its_content(tmp_path):
    """EBU-TT writes every element with a prefix (<tt:tt xmlns:tt=...>): a .xml file so is TTML."""
    from subkit.formats import sniff

    doc = ('<?xml version="1.0" encoding="UTF-8"?>\n<tt:tt xmlns:tt="http://www.w3.org/ns/ttml" xml:lang="de">'
           '<tt:body><tt:div><tt:p begin="00:00:01.000" end="00:00:03.000">Größe &amp; Maß<tt:br/>Zweite Zeile'
           '</tt:p></tt:div></tt:body></tt:tt>\n')
    (tmp_path / "ebutt.xml").write_text(doc, encoding="utf-8")
    result = run("convert", str(tmp_path / "ebutt.xml"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.srt").read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:03,000\nGröße & Maß\nZweite Zeile\n\n")
    assert sniff('<x:tt xmlns:x="urn:not-ttml"><x:body/></x:tt>') is None  # a prefix bound elsewhere
    assert sniff("<html><body><tt>code</tt></body></html>") is None


@pytest.mark.parametrize("name, content, lang", [
    ("in.ttml", TT.replace('<tt ', '<tt xml:lang="fr" ').format("Bonjour"), "fr"),
    ("in.vtt", "WEBVTT\nKind: captions\nLanguage: fr-CA\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n", "fr-CA"),
    ("ep.fr.srt", "1\n00:00:01,000 --> 00:00:02,000\nBonjour\n", "fr"),
    ("ep.pt_br.srt", "1\n00:00:01,000 --> 00:00:02,000\nBom dia\n", "pt-BR"),
    ("ep.hd.srt", "1\n00:00:01,000 --> 00:00:02,000\nBonjour\n", ""),  # no language: left empty
    ("ep.srt", "1\n00:00:01,000 --> 00:00:02,000\nBonjour\n", ""),
])
def test_written_ttml_keeps_the_source_language(tmp_path, name, content, lang):
    (tmp_path / name).write_text(content, encoding="utf-8")
    result = run("convert", str(tmp_path / name), "-o", str(tmp_path / "out.ttml"))
    assert result.exit_code == 0, result.output
    assert f' xml:lang="{lang}" ' in (tmp_path / "out.ttml").read_text(encoding="utf-8")


def test_characters_xml_forbids_are_not_written_and_named(tmp_path):
    """A vertical tab (some tools' line break) or a control character in SRT text would make the
    document not well-formed: a \\v or \\f is a line break, the others are left out, all named."""
    (tmp_path / "vt.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nligne\x0bsuite\x01 fin\n", encoding="utf-8")
    result = run("convert", str(tmp_path / "vt.srt"), "-o", str(tmp_path / "vt.ttml"))
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"subkit convert: {tmp_path / 'vt.ttml'}: characters XML does not allow: "
                             "U+0001 left out, U+000B as a line break\n")
    back = run("convert", str(tmp_path / "vt.ttml"), "-o", "-", "--to", "srt")
    assert back.exit_code == 0 and back.stdout == "1\n00:00:01,000 --> 00:00:02,000\nligne\nsuite fin\n\n"


def test_malformed_xml_is_named_not_taken_for_an_encoding_fault(tmp_path):
    (tmp_path / "bad.ttml").write_text(TT.format("ligne\x0bsuite"), encoding="utf-8")
    result = run("convert", str(tmp_path / "bad.ttml"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("bad.ttml:1: not valid TTML (XML): not well-formed (invalid token): "
                                          "U+000B, which XML does not allow, at column 78"), result.stderr
    # bytes that are not in the encoding declared: then the advice is to name the right one
    (tmp_path / "l1.ttml").write_bytes(TT.format("Café").encode("latin-1"))
    result = run("convert", str(tmp_path / "l1.ttml"), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 2 and "read it with --encoding" in result.stderr


def test_a_cue_that_ends_before_it_starts_is_left_out_and_named(tmp_path):
    (tmp_path / "t.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nbon\n\n"
                                    "2\n00:00:05,000 --> 00:00:04,000\nend before start\n\n"
                                    "3\n00:00:06,000 --> 00:00:07,000\nbon aussi\n", encoding="utf-8")
    result = run("convert", str(tmp_path / "t.srt"), "-o", str(tmp_path / "t.ttml"))
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"subkit convert: {tmp_path / 't.ttml'}: left out 1 cue(s) that do not end after they "
                             "start (TTML cannot time them): 2 (00:00:05.000 --> 00:00:04.000)\n")
    ttml = (tmp_path / "t.ttml").read_text(encoding="utf-8")
    assert "end before start" not in ttml and 'xml:id="c2" begin="00:00:06.000"' in ttml
