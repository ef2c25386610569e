"""`subkit convert`: an SRT cue's text and markup as each output format holds them: literal ``<`` and
``&`` stay words, only known tags are tags, whatever their case."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.formats import parse

LITERAL = ("1\n00:00:01,000 --> 00:00:02,000\nA < B & C > D\n\n"
           "2\n00:00:03,000 --> 00:00:04,000\nif x<b and y>a\n\n"
           "3\n00:00:05,000 --> 00:00:06,000\n<b>gras</b> <font color=\"red\">rouge</font> <foo>\n")


def convert(tmp_path, source: str, out: str, *extra: str):
    src = tmp_path / "in.srt"
    src.write_text(source, encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(src), "-o", str(tmp_path / out), *extra])
    assert result.exit_code == 0, result.output
    return result, tmp_path / out


def test_literal_angle_brackets_and_ampersands_survive_into_webvtt(tmp_path):
    _, out = convert(tmp_path, LITERAL, "lt.vtt")
    text = out.read_text(encoding="utf-8")
    assert "A &lt; B &amp; C > D\n" in text and "if x&lt;b and y>a\n" in text
    assert "<b>gras</b> <c.red>rouge</c> &lt;foo>" in text
    assert [c.text for c in parse(text, "lt.vtt", "vtt").cues][:2] == ["A &lt; B &amp; C > D", "if x&lt;b and y>a"]


def test_literal_angle_brackets_survive_into_ttml_stl_and_ass(tmp_path):
    pytest.importorskip("pysubs2")
    _, ttml = convert(tmp_path, LITERAL, "lt.ttml")
    body = ttml.read_text(encoding="utf-8")
    assert ">A &lt; B &amp; C &gt; D</p>" in body and ">if x&lt;b and y&gt;a</p>" in body
    assert body.count("fontWeight") == 1
    back = parse(body, "lt.ttml", "ttml").cues
    assert [c.text for c in back][:2] == ["A < B & C > D", "if x<b and y>a"]
    _, ass = convert(tmp_path, LITERAL, "lt.ass")
    events = [x.split(",,", 2)[-1] for x in ass.read_text(encoding="utf-8").splitlines() if x.startswith("Dialogue")]
    assert events[:2] == ["A < B & C > D", "if x<b and y>a"]
    assert events[2].startswith("{\\b1}gras{\\b0} ")


def test_literal_angle_brackets_are_no_bold_in_stl(tmp_path):
    pytest.importorskip("ttconv")
    result, stl = convert(tmp_path, LITERAL, "lt.stl")
    assert "bold: 1" in result.output  # the real <b> only
    back = CliRunner().invoke(cli, ["convert", str(stl), "-o", str(tmp_path / "back.srt")])
    assert back.exit_code == 0, back.output
    text = (tmp_path / "back.srt").read_text(encoding="utf-8")
    assert "A < B & C > D" in text and "if x<b and y>a" in text


UPPER = "1\n00:00:01,000 --> 00:00:02,000\n<I>penché</I> <B>gras</B> <U>souligné</U>\n"


@pytest.mark.parametrize("fmt", ["ass", "ssa"])
def test_uppercase_srt_tags_reach_substation(tmp_path, fmt):
    pytest.importorskip("pysubs2")
    _, out = convert(tmp_path, UPPER, f"up.{fmt}")
    text = out.read_text(encoding="utf-8")
    assert "{\\i1}penché{\\i0} {\\b1}gras{\\b0} {\\u1}souligné{\\u0}" in text


def test_uppercase_srt_tags_reach_microdvd(tmp_path):
    pytest.importorskip("pysubs2")
    _, out = convert(tmp_path, "1\n00:00:01,000 --> 00:00:02,000\n<I>tout penché</I>\n", "up.sub")
    assert "{25}{50}{Y:i}tout penché\n" in out.read_text(encoding="utf-8")  # MicroDVD: whole lines only
