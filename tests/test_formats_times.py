"""`subkit convert`: times each format can hold written as they are (ASS past ten hours), and times
no format can hold (before 0) clamped on reading, with a notice."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.formats import parse

pytest.importorskip("pysubs2")

HEAD = ("[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n")


def convert(*args):
    return CliRunner().invoke(cli, ["convert", *args])


@pytest.mark.parametrize("fmt", ["ass", "ssa"])
def test_broadcast_times_past_ten_hours_are_written_to_substation(tmp_path, fmt):
    src = tmp_path / "in.srt"
    src.write_text("1\n10:00:00,000 --> 10:00:02,500\nBonjour\n\n2\n12:34:56,780 --> 12:34:58,000\nSoir\n",
                   encoding="utf-8")
    result = convert(str(src), "-o", str(tmp_path / f"out.{fmt}"))
    assert result.exit_code == 0 and "Overflow" not in result.output, result.output
    text = (tmp_path / f"out.{fmt}").read_text(encoding="utf-8")
    assert ",10:00:00.00,10:00:02.50," in text and ",12:34:56.78,12:34:58.00," in text
    assert convert(str(tmp_path / f"out.{fmt}"), "-o", str(tmp_path / "back.srt")).exit_code == 0
    back = parse((tmp_path / "back.srt").read_text(encoding="utf-8"), "back.srt", "srt").cues
    assert [(c.start, c.end) for c in back] == [(36_000_000, 36_002_500), (45_296_780, 45_298_000)]


def test_ass_to_ass_keeps_times_past_ten_hours(tmp_path):
    src = tmp_path / "in.ass"
    src.write_text(HEAD + "Dialogue: 0,10:59:58.99,11:00:01.00,Default,,0,0,0,,Tard\n", encoding="utf-8")
    result = convert(str(src), "-o", str(tmp_path / "out.ass"))
    assert result.exit_code == 0 and "Overflow" not in result.output, result.output
    assert "Dialogue: 0,10:59:58.99,11:00:01.00,Default,,0,0,0,,Tard" in (tmp_path / "out.ass").read_text("utf-8")


@pytest.mark.parametrize("out", ["out.srt", "out.stl", "out.vtt"])
def test_negative_ass_times_are_clamped_to_zero_and_cues_before_zero_dropped(tmp_path, out):
    if out.endswith(".stl"):
        pytest.importorskip("ttconv")
    src = tmp_path / "in.ass"
    src.write_text(HEAD + "Dialogue: 0,-0:00:01.00,0:00:02.00,Default,,0,0,0,,Début\n"
                   "Dialogue: 0,-0:00:03.00,-0:00:01.00,Default,,0,0,0,,Avant\n"
                   "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,Suite\n", encoding="utf-8")
    result = convert(str(src), "-o", str(tmp_path / out))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "end at or before 0:00:00" in result.output and "Avant" in result.output
    back = convert(str(tmp_path / out), "-o", str(tmp_path / "back.srt"))
    assert back.exit_code == 0, back.output
    cues = parse((tmp_path / "back.srt").read_text(encoding="utf-8"), "back.srt", "srt").cues
    assert [(c.start, c.end, c.text) for c in cues] == [(0, 2000, "Début"), (3000, 4000, "Suite")]


def test_legacy_alignment_and_soft_breaks_read_as_the_spec_says(tmp_path):
    """``{\\a6}`` is SSA's top centre (ASS's ``{\\an8}``); ``\\n`` is a space unless WrapStyle is 2."""
    events = ("Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\a6}Panneau\n"
              "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,un\\ndeux\\Ntrois\n")
    for wrap, second in (("", "un deux\ntrois"), ("WrapStyle: 2\n", "un\ndeux\ntrois")):
        src = tmp_path / "in.ass"
        src.write_text(HEAD.replace("ScriptType: v4.00+\n", "ScriptType: v4.00+\n" + wrap) + events, encoding="utf-8")
        result = convert(str(src), "-o", str(tmp_path / "out.srt"))
        assert result.exit_code == 0, result.output
        cues = parse((tmp_path / "out.srt").read_text(encoding="utf-8"), "out.srt", "srt").cues
        assert [c.text for c in cues] == ["{\\an8}Panneau", second]


def test_a_bare_colour_override_resets_the_colour(tmp_path):
    """``{\\c}`` ends a colour (subkit's own ASS writer ends one so): the colour spread over the line."""
    src = tmp_path / "c.ass"
    src.write_text(HEAD + "Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{\\c&H00A5FF&}Orange{\\c} text\n",
                   encoding="utf-8")
    assert convert(str(src), "-o", str(tmp_path / "c.srt")).exit_code == 0
    assert '<font color="#ffa500">Orange</font> text' in (tmp_path / "c.srt").read_text(encoding="utf-8")
    vtt = tmp_path / "y.vtt"  # and round trips through subkit's own ASS
    vtt.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<c.yellow>Yellow</c> and <b>bold</b>\n", encoding="utf-8")
    assert convert(str(vtt), "-o", str(tmp_path / "y.ass")).exit_code == 0
    assert convert(str(tmp_path / "y.ass"), "-o", str(tmp_path / "back.vtt")).exit_code == 0
    assert "<c.yellow>Yellow</c> and <b>bold</b>" in (tmp_path / "back.vtt").read_text(encoding="utf-8")
