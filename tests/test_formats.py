"""subkit.formats: SRT and WebVTT read and written, round trips, an independent WebVTT parser."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings, strategies as st

from subkit.cues import Cue, parse_timestamp
from subkit.errors import SubkitError
from subkit.formats import Block, Subtitles, compose, format_for, parse, read_file, sniff

SAMPLE = """\ufeffWEBVTT - Some title
Kind: captions

STYLE
::cue { color: red }

NOTE a comment
on two lines

intro
00:01.000 --> 00:04.000 align:start line:0
<v Roger>Hello <i>there</i>
<c.loud>second</c> <00:00:02.500>line

2
00:00:05.000 --> 00:00:07.500 position:10%,line-left size:50%
Bye & <lang fr>au revoir</lang>
00:00:08.000 --> 00:00:09.000
no blank line before

NOTE the end
"""


def test_reads_the_w3c_parts():
    subs = parse(SAMPLE, "s.vtt", "vtt")
    assert [(c.start, c.end) for c in subs.cues] == [(1000, 4000), (5000, 7500), (8000, 9000)]
    assert subs.cues[0].settings == "align:start line:0"
    assert subs.cues[0].lines == ("<v Roger>Hello <i>there</i>", "<c.loud>second</c> <00:00:02.500>line")
    assert subs.cues[1].settings == "position:10%,line-left size:50%"
    assert subs.cues[2].text == "no blank line before"
    assert subs.ids == {0: "intro", 1: "2"} and subs.cues[1].index == 2
    assert subs.header == " - Some title\nKind: captions"
    assert [(b.before, b.kind) for b in subs.blocks] == [(0, "STYLE"), (0, "NOTE"), (3, "NOTE")]


def test_writing_then_reading_keeps_everything():
    subs = parse(SAMPLE, "s.vtt", "vtt")
    text = compose(subs, "vtt")
    assert text.startswith("WEBVTT - Some title\nKind: captions\n\nSTYLE\n")
    assert "00:00:01.000 --> 00:00:04.000 align:start line:0" in text
    assert parse(text, "again.vtt", "vtt") == subs


def test_blocks_and_ids_survive_new_cues():
    subs = parse(SAMPLE, "s.vtt", "vtt")
    shifted = subs.with_cues([c.with_times(c.start + 500, c.end + 500) for c in subs.cues])
    again = parse(compose(shifted, "vtt"), "x", "vtt")
    assert again.blocks == subs.blocks and again.ids == subs.ids
    fewer = parse(compose(subs.with_cues(subs.cues[1:]), "vtt"), "x", "vtt")
    assert fewer.ids == {0: "2"} and [b.kind for b in fewer.blocks] == ["STYLE", "NOTE", "NOTE"]


def test_ids_follow_their_cues_through_splits_and_merges():
    # translate splits a cue whose English does not fit and merges others: every identifier was lost
    subs = parse(SAMPLE, "s.vtt", "vtt")
    first, second, third = subs.cues
    split = [first.with_times(1000, 2500), first.with_times(2500, 4000), second, third]
    assert subs.with_cues(split).ids == {0: "intro", 2: "2"}  # the split's second part has none
    merged = [first.with_times(1000, 7500), third]
    assert subs.with_cues(merged).ids == {0: "intro"}  # the first of the merged cues keeps its own


@pytest.mark.parametrize("bad, line", [
    ("WEBVTTX\n\n00:01.000 --> 00:02.000\nHi\n", 1),
    ("\n00:01.000 --> 00:02.000\nHi\n", 1),
    ("WEBVTT\n\n00:01,000 --> 00:02.000\nHi\n", 3),
    ("WEBVTT\n\n0:01.000 --> 00:02.000\nHi\n", 3),
    ("WEBVTT\n\n00:01.000 --> 00:60.000\nHi\n", 3),
    ("WEBVTT\n\nid\nHi there\n", 3),
])
def test_bad_webvtt_is_one_error_with_its_line(bad, line):
    with pytest.raises(SubkitError) as err:
        parse(bad, "bad.vtt", "vtt")
    assert err.value.line == line and "bad.vtt" in str(err.value)


def test_timestamps_the_parser_accepts():
    subs = parse("WEBVTT\t\n\n1:02:03.004 --> 123:00:00.000\nA\n\n59:59.999 --> 01:00:00.000 \nB\n",
                 "x", "vtt")
    assert [(c.start, c.end) for c in subs.cues] == [(3723004, 442800000), (3599999, 3600000)]


def test_format_choice_and_sniffing(tmp_path):
    assert format_for("a.VTT") == "vtt" and format_for("a.srt") == "srt" and format_for("-") == "srt"
    assert format_for("a.vtt", "srt") == "srt" and format_for("a.txt", default="vtt") == "vtt"
    with pytest.raises(SubkitError):
        format_for("a.srt", "docx")
    assert sniff("WEBVTT\n\n") == "vtt" and sniff("1\n00:00:01,000 --> 00:00:02,000\nHi\n") == "srt"
    assert sniff("[Script Info]\nTitle: x\n") == "ass"
    assert sniff("0:00:01.000,0:00:02.000\nHi\n") == "sbv"
    assert sniff("{10}{20}Hi\n") == "microdvd"
    assert sniff("Il a écrit --> puis il est parti.\n") is None
    assert sniff("WEBVTTish text\n") is None
    path = tmp_path / "noext"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", encoding="utf-8")
    assert read_file(path).cues == (Cue(1000, 2000, ("Hi",)),)


# -- round trips -----------------------------------------------------------------------------------
_LINE = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
                min_size=1, max_size=30).map(str.strip).filter(lambda s: s and "-->" not in s)
_CUE = st.builds(lambda start, length, lines, settings: Cue(start, start + length, tuple(lines), None, settings),
                 st.integers(0, 10 * 3600 * 1000), st.integers(1, 20000), st.lists(_LINE, min_size=1, max_size=3),
                 st.sampled_from(["", "align:start", "line:0 position:20%", "size:50% vertical:rl"]))


# Plain WebVTT cue text: no tag and no character reference, so the same characters in SRT.
# (no "{\": in SRT it opens an override block, which WebVTT has no form for: "{\}" does not come back)
_VTT_CUE = _CUE.filter(lambda c: "<" not in c.text and "&" not in c.text and "{\\" not in c.text)
# SRT text holding no SRT markup (tags and override blocks are mapped, not kept, across formats).
_SRT_MARKUP = re.compile(r"<\s*/?\s*(?:i|b|u|s|font)\b[^<>\n]*>|\{\\[^{}\n]*\}", re.IGNORECASE)


def _times_and_text(cues):
    return [(c.start, c.end, c.text) for c in cues]


@settings(max_examples=150, deadline=None)
@given(st.lists(_CUE.filter(lambda c: not _SRT_MARKUP.search(c.text)), min_size=1, max_size=8))
def test_srt_to_vtt_to_srt_keeps_times_and_text(cues):
    """Literal SRT text ('<', '&' and all) comes back exactly, through WebVTT's escapes."""
    srt_text = compose(Subtitles(tuple(Cue(c.start, c.end, c.lines) for c in cues)), "srt")  # SRT: no settings
    first = parse(srt_text, "a.srt", "srt")
    vtt_text = compose(first, "vtt")
    back = parse(compose(parse(vtt_text, "a.vtt", "vtt"), "srt"), "b.srt", "srt")
    assert _times_and_text(back.cues) == _times_and_text(first.cues)
    assert [c.text for c in first.cues] == [c.text for c in cues]


@settings(max_examples=150, deadline=None)
@given(st.lists(_VTT_CUE, min_size=1, max_size=8), st.lists(_LINE, max_size=2))
def test_vtt_to_srt_to_vtt_keeps_times_and_text(cues, note):
    blocks = (Block(1, "NOTE " + " ".join(note)),) if note else ()
    vtt = parse(compose(Subtitles(tuple(cues), blocks=blocks, format="vtt"), "vtt"), "a.vtt", "vtt")
    assert _times_and_text(vtt.cues) == _times_and_text(cues)
    assert [c.settings for c in vtt.cues] == [c.settings for c in cues] and vtt.blocks == blocks
    back = parse(compose(parse(compose(vtt, "srt"), "a.srt", "srt"), "vtt"), "b.vtt", "vtt")
    assert _times_and_text(back.cues) == _times_and_text(cues)


@settings(max_examples=60, deadline=None)
@given(st.lists(_CUE, min_size=1, max_size=6))
def test_an_independent_parser_reads_every_cue(cues):
    webvtt = pytest.importorskip("webvtt")
    text = compose(Subtitles(tuple(cues), header=" Kind: captions", blocks=(Block(0, "NOTE hi"),), format="vtt"), "vtt")
    theirs = list(webvtt.from_buffer(io.StringIO(text)))
    assert [(parse_timestamp(c.start), parse_timestamp(c.end)) for c in theirs] == [(c.start, c.end) for c in cues]
    assert [c.raw_text if hasattr(c, "raw_text") else c.text for c in theirs] == [c.text for c in cues]



def test_a_flag_after_the_language_in_a_file_name_is_no_language():
    from subkit.formats import language_in_name

    assert language_in_name("movie.en.hi.srt") == "en" and language_in_name("movie.en.forced.srt") == "en"
    assert language_in_name("ep.fr.srt") == "fr" and language_in_name("ep.pt_BR.srt") == "pt-BR"
    assert language_in_name("ep.hd.srt") == ""
