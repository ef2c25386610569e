"""Markup through `subkit translate`: WebVTT voices on their dialogue lines, markup that cannot be
placed said per cue (in the file's own time format), tags continuing across cues and kept off
the punctuation after them."""

from __future__ import annotations

import re

from click.testing import CliRunner

from subkit.cli import cli
from subkit.cue_words import carry_voices, line_voices
from subkit.cues import Cue
from subkit.formats import parse


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


DIALOGUE = "- <v Marie>Tu viens ?</v>\n- <v Pierre>Oui, j'arrive.</v>"


def test_each_dialogue_line_keeps_its_voice():
    source = [Cue.from_text(1000, 3000, "<v Paul>Bonjour.", 1), Cue.from_text(4000, 6000, DIALOGUE, 2)]
    english = [Cue.from_text(1000, 3000, "Hello.", 1), Cue.from_text(4000, 6200, "-Are you coming?\n-Yes.", 2)]
    dropped: list[int] = []
    out = carry_voices(source, english, dropped)
    assert [c.text for c in out] == ["<v Paul>Hello.", "-<v Marie>Are you coming?</v>\n-<v Pierre>Yes.</v>"]
    assert dropped == []
    assert line_voices(DIALOGUE) == [" Marie", " Pierre"] and line_voices("<v Paul>Bonjour.") is None


def test_voices_that_cannot_be_placed_are_reported():
    source = [Cue.from_text(4000, 6000, DIALOGUE, 1)]
    merged = [Cue.from_text(4000, 6000, "Are you coming? Yes.", 1)]  # one line for two voices
    dropped: list[int] = []
    assert carry_voices(source, merged, dropped)[0].text == "Are you coming? Yes."
    assert dropped == [4000]


VTT = """WEBVTT

00:00:01.000 --> 00:00:03.000
<v Marie>Tu viens ce soir ?</v>

00:00:04.000 --> 00:00:06.000
- <v Marie>Tu viens ?</v>
- <v Pierre>Oui, j'arrive.</v>

00:00:07.000 --> 00:00:09.000
<lang en>Hello</lang>, dit Marie.

00:00:10.000 --> 00:00:12.000
Il est loin, dit-il <00:00:11.000>doucement.
"""


def test_translate_keeps_dialogue_voices_and_says_what_it_drops(with_model, tmp_path):
    src, out = tmp_path / "ep.fr.vtt", tmp_path / "ep.en.vtt"
    src.write_text(VTT, encoding="utf-8")
    result = run("translate", str(src), "-o", str(out), "--no-memory")
    assert result.exit_code == 0, result.output
    cues = parse(out.read_text(encoding="utf-8"), "ep.en.vtt", "vtt").cues
    assert cues[0].text.startswith("<v Marie>")
    first, second = cues[1].text.split("\n")
    assert first.startswith("-<v Marie>") and first.endswith("</v>"), cues[1].text
    assert second.startswith("-<v Pierre>") and second.endswith("</v>"), cues[1].text
    warnings = [line for line in result.output.splitlines() if "warning" in line]
    assert any("cue at 00:00:07.000" in w and "<lang>" in w for w in warnings), result.output
    assert any("cue at 00:00:10.000" in w and "timestamp" in w for w in warnings), result.output
    assert not [w for w in warnings if re.search(r"\d\d:\d\d:\d\d,\d{3}", w)], result.output
    assert run("lint", str(out), "--select", "syntax", "--strict").exit_code == 0
