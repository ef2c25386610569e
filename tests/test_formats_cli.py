"""WebVTT through the commands: segment and translate write it, read it, and refuse subtitles as transcripts."""

from __future__ import annotations

import io
import re

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.formats import parse
from subkit.srtio import parse_srt

from conftest import SEED


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_segment_writes_webvtt_that_an_independent_parser_reads(tmp_path):
    webvtt = pytest.importorskip("webvtt")
    out_vtt, out_srt = tmp_path / "seed.fr.vtt", tmp_path / "seed.fr.srt"
    assert run("segment", str(SEED), "-o", str(out_vtt)).exit_code == 0
    assert run("segment", str(SEED), "-o", str(out_srt)).exit_code == 0
    text = out_vtt.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n\n")
    srt_cues = parse_srt(out_srt.read_text(encoding="utf-8"), "seed.fr.srt")
    theirs = list(webvtt.from_buffer(io.StringIO(text)))
    assert len(theirs) == len(srt_cues) > 100
    assert [c.text for c in theirs] == [c.text for c in srt_cues]
    assert [(c.start, c.end) for c in parse(text, "x", "vtt").cues] == [(c.start, c.end) for c in srt_cues]


def test_segment_format_option_wins_over_the_extension(tmp_path):
    out = tmp_path / "x.txt"
    assert run("segment", str(SEED), "-o", str(out), "--format", "vtt").exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")
    result = run("segment", "-", "--lang", "fr", "--format", "vtt", input="Bonjour à tous. Voici une phrase.\n")
    assert result.exit_code == 0 and result.output.startswith("WEBVTT\n\n00:00:00.000 --> ")
    assert run("segment", "-", "--lang", "fr", input="Bonjour à tous.\n").output.startswith("1\n00:00:00,000 --> ")


@pytest.mark.parametrize("name, content", [
    ("talk.vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour.\n"),
    ("talk.txt", "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nBonjour.\n"),
    ("talk.srt", "1\n00:00:00,000 --> 00:00:02,000\nBonjour.\n"),
    ("talk.txt", "1\n00:00:00,000 --> 00:00:02,000\nBonjour.\n"),
    ("talk.sbv", "0:00:00.000,0:00:02.000\nBonjour.\n"),
])
def test_segment_lays_a_subtitle_file_out_again(tmp_path, name, content):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    result = run("segment", str(src), "--lang", "fr", "-o", str(tmp_path / "o.srt"))
    assert result.exit_code == 0, result.output
    assert parse_srt((tmp_path / "o.srt").read_text(encoding="utf-8"), "o.srt")[0].text == "Bonjour."


@pytest.mark.parametrize("name, content", [
    ("talk.ass", "[Script Info]\nTitle: x\n\n[Events]\n"),
    ("talk.srt", "Bonjour à tous, ceci est un texte.\n"),
])
def test_segment_refuses_a_broken_subtitle_file_in_one_line(tmp_path, name, content):
    src = tmp_path / name
    src.write_text(content, encoding="utf-8")
    result = run("segment", str(src), "-o", str(tmp_path / "o.srt"))
    assert result.exit_code != 0 and not (tmp_path / "o.srt").exists()
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(src) in lines[0]


def test_text_that_merely_contains_an_arrow_is_a_transcript(tmp_path):
    src = tmp_path / "talk.txt"
    src.write_text("Le chemin va de Paris --> Lyon, puis il continue.\nEt voilà la suite du texte.\n", encoding="utf-8")
    result = run("segment", str(src), "-o", str(tmp_path / "o.srt"))
    assert result.exit_code == 0, result.output
    assert "Paris --> Lyon" in (tmp_path / "o.srt").read_text(encoding="utf-8").replace("\n", " ")


VTT_IN = """WEBVTT - épisode

NOTE relu par Anne

intro
00:00:01.000 --> 00:00:04.000 align:start line:0
Bonjour à tous et bienvenue.

00:00:05.000 --> 00:00:08.000 position:20%
Nous parlons aujourd'hui de la guerre.

NOTE fin
"""


def test_translate_keeps_webvtt_settings_and_notes(with_model, tmp_path):
    webvtt = pytest.importorskip("webvtt")
    src = tmp_path / "ep.fr.vtt"
    src.write_text(VTT_IN, encoding="utf-8")
    result = run("translate", str(src), "--no-memory", "-q")
    assert result.exit_code == 0, result.output
    out = tmp_path / "ep.en.vtt"
    subs = parse(out.read_text(encoding="utf-8"), "ep.en.vtt", "vtt")
    assert [(c.start, c.settings) for c in subs.cues] == [(1000, "align:start line:0"), (5000, "position:20%")]
    assert [b.text for b in subs.blocks] == ["NOTE relu par Anne", "NOTE fin"]
    assert subs.header == " - épisode" and subs.ids == {0: "intro"}
    assert len(list(webvtt.from_buffer(io.StringIO(out.read_text(encoding="utf-8"))))) == 2
    to_srt = tmp_path / "ep.en.srt"
    assert run("translate", str(src), "-o", str(to_srt), "--no-memory", "-q").exit_code == 0
    assert len(parse_srt(to_srt.read_text(encoding="utf-8"), "x")) == 2


def test_translate_reads_webvtt_character_references_as_characters(with_model, tmp_path):
    """The model is given '&' and '<', not '&amp;' and '&lt;' (which it once garbled to '&amps;')."""
    src = tmp_path / "ep.fr.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:04.000 line:0\n"
                   "Tom &amp; Jerry sont &lt;amis&gt; depuis 1940.\n\n"
                   "00:00:05.000 --> 00:00:08.000\n<v Anne>Bonjour à tous, <c.yellow>je suis</c> contente.\n",
                   encoding="utf-8")
    assert run("translate", str(src), "--no-memory", "-q").exit_code == 0
    out = (tmp_path / "ep.en.vtt").read_text(encoding="utf-8")
    assert set(re.findall(r"&[^;\s]*;?", out)) <= {"&amp;", "&lt;", "&gt;"}, out
    assert run("lint", str(tmp_path / "ep.en.vtt"), "--select", "syntax", "--strict").exit_code == 0, out
    assert parse(out, "ep.en.vtt", "vtt").cues[0].settings == "line:0"
    to_srt = tmp_path / "ep.en.srt"
    assert run("translate", str(src), "-o", str(to_srt), "--no-memory", "-q").exit_code == 0
    srt_text = to_srt.read_text(encoding="utf-8")
    assert "&amp;" not in srt_text and "<v" not in srt_text and "{\\an8}" in srt_text, srt_text


def test_episode_writes_both_formats(with_model, tmp_path):
    webvtt = pytest.importorskip("webvtt")
    src = tmp_path / "ep.txt"
    src.write_text("Bonjour à tous et bienvenue dans cette émission.\n"
                   "Nous parlons aujourd'hui de la ville de Paris et de son histoire.\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["episode", str(src), "--out", str(out), "--no-memory", "--formats", "srt,vtt"]
    result = run(*args)
    assert result.exit_code in (0, 1), result.output
    for lang in ("fr", "en"):
        srt_cues = parse_srt((out / "ep" / f"ep.{lang}.srt").read_text(encoding="utf-8"), "x")
        vtt_text = (out / "ep" / f"ep.{lang}.vtt").read_text(encoding="utf-8")
        theirs = list(webvtt.from_buffer(io.StringIO(vtt_text)))
        assert [c.text for c in theirs] == [c.text for c in srt_cues] and theirs
    assert "Skipped" in run(*args).output or "skipped" in run(*args).output.lower()
    (out / "ep" / "ep.en.vtt").unlink()
    assert run(*args).exit_code in (0, 1) and (out / "ep" / "ep.en.vtt").exists()
    for bad in ("srt,docx", "srt,sami", "srt,scc", "srt,stl", "ass,srt", ""):  # scc, stl: read only, binary
        result = run("episode", str(src), "--out", str(tmp_path / "out2"), "--formats", bad)
        assert result.exit_code == 2 and "--formats" in result.output and not (tmp_path / "out2").exists()


def test_episode_reads_a_subtitle_file_as_its_cues(tmp_path):
    from subkit.episode import EpisodeOptions, episode_name
    from subkit.episode.steps import read_step

    src = tmp_path / "ep.vtt"
    src.write_text(VTT_IN, encoding="utf-8")
    read = read_step(src, EpisodeOptions())
    assert episode_name(src) == "ep" and read.subtitles is not None
    assert len(read.subtitles.cues) == len(parse(VTT_IN, "ep.vtt", "vtt").cues)


def test_episode_working_in_webvtt_reports_the_same_review(with_model, tmp_path):
    """With --formats vtt,srt the steps work on WebVTT: the report's review list (French beside
    English) is read back from it and matches the run that works on SRT (it once parsed WebVTT as SRT)."""
    import json

    src = tmp_path / "ep.txt"
    src.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    reviews = []
    for formats in ("vtt,srt", "srt"):
        out = tmp_path / formats.replace(",", "-")
        result = run("episode", str(src), "--out", str(out), "--no-memory", "--formats", formats)
        assert result.exit_code in (0, 1), result.output
        doc = json.loads((out / "ep" / "ep.report.json").read_text(encoding="utf-8"))
        reviews.append([(r["cue"], r["text"], r["source"]) for r in doc["review"]])
    assert reviews[0] == reviews[1] and reviews[0]
