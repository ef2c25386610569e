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
from subkit.srtio import parse_srt
from subkit.tags import continued, punctuation_tail, read_words, spans_of, write_lines


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

00:00:13.000 --> 00:00:15.000
<i>Il était une fois, dans un pays

00:00:15.100 --> 00:00:17.000
très lointain, un roi triste.</i>
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
    assert any("cue at 00:00:07.000" in w and "language tags (<lang" in w for w in warnings), result.output
    assert any("cue at 00:00:10.000" in w and "timestamp" in w for w in warnings), result.output
    assert not [w for w in warnings if re.search(r"\d\d:\d\d:\d\d,\d{3}", w)], result.output
    assert run("lint", str(out), "--select", "syntax", "--strict").exit_code == 0
    assert all(c.text.startswith("<i>") and c.text.endswith("</i>") for c in cues[-2:]), cues[-2:]


def test_a_tag_left_open_goes_on_into_the_next_cue_that_closes_it():
    assert continued(["<i>Il était une fois, dans un pays", "très lointain, un roi triste.</i>", "Fin."]) == [
        "<i>Il était une fois, dans un pays", "<i>très lointain, un roi triste.</i>", "Fin."]
    # not closed in the next cue: a cue's own business (players end it with the cue)
    assert continued(["<i>Il était une fois", "Fin."]) == ["<i>Il était une fois", "Fin."]
    assert continued(["<b><i>Un", "deux</i>", "trois</b>"]) == ["<b><i>Un", "<i>deux</i>", "trois</b>"]


def test_punctuation_after_a_closing_tag_stays_after_it():
    _, words = read_words("Il est allé à <b>Bakhmout</b>. Puis <i>bonjour.</i>")
    spans = spans_of(words, ())
    assert [(s.first, s.last, s.outside) for s in spans] == [(4, 4, True), (6, 6, False)]
    english = ["He", "went", "to", "Bakhmut.", "Then", "hello."]
    stacks = [(), (), (), ("<b>",), (), ("<i>",)]
    tails = [None, None, None, punctuation_tail("Bakhmut.", ()), None, None]
    assert write_lines(english, stacks, [], tails) == ["He went to <b>Bakhmut</b>. Then <i>hello.</i>"]
    assert write_lines(english, stacks, []) == ["He went to <b>Bakhmut.</b> Then <i>hello.</i>"]


SRT = """1
00:00:01,000 --> 00:00:03,000
<i>Il était une fois, dans un pays

2
00:00:03,100 --> 00:00:05,000
très lointain, un roi triste.</i>

3
00:00:06,000 --> 00:00:08,000
Il est allé à <b>Bakhmout</b>.
"""


def test_translate_carries_italics_across_cues_and_leaves_punctuation_outside_a_tag(with_model, tmp_path):
    src, out = tmp_path / "ep.fr.srt", tmp_path / "ep.en.srt"
    src.write_text(SRT, encoding="utf-8")
    result = run("translate", str(src), "-o", str(out), "--no-memory")
    assert result.exit_code == 0, result.output
    # the second cue's start (3.1 s) is snapped to a frame (3.12 s at 25 fps), and the summary says so
    assert re.search(r"[1-3] cues retimed", result.output), result.output
    cues = parse_srt(out.read_text(encoding="utf-8"), "ep.en.srt")
    assert [c.text.startswith("<i>") and c.text.endswith("</i>") for c in cues] == [True, True, False]
    assert cues[2].text.endswith("</b>."), cues[2].text


class Padded:
    """A model that pads a lone adverb, as subkit-fr_en-2.3 does ("vraiment" -> "I really do")."""

    def translate(self, sentences, progress=None):
        return [{"Je suis vraiment fatigué.": "I'm really tired.", "vraiment": "I really do"}[s] for s in sentences]


def test_a_tagged_word_keeps_its_tags_to_its_own_rendering():
    from subkit.profiles import get_profile
    from subkit.translate.pipeline import translate_subtitles

    subs = [Cue.from_text(1000, 4000, "Je suis <i>vraiment</i> fatigué.", 1)]
    out, _ = translate_subtitles(subs, Padded(), source_lang="fr", target_lang="en",
                                 profile=get_profile("netflix-en"), keep_names=False)
    assert out[0].text == "I'm <i>really</i> tired."


class Unrelated:
    def translate(self, sentences, progress=None):
        return ["Two big dogs." if len(s) > 10 else "qqq" for s in sentences]


def test_a_tag_that_cannot_be_placed_is_said_with_the_files_time_format():
    from subkit.cues import format_vtt
    from subkit.profiles import get_profile
    from subkit.translate.pipeline import translate_subtitles

    subs = [Cue.from_text(10_000, 12_000, "La mairie est <i>fermée</i> aujourd'hui.", 1)]
    _, report = translate_subtitles(subs, Unrelated(), source_lang="fr", target_lang="en",
                                    profile=get_profile("netflix-en"), keep_names=False, clock=format_vtt)
    assert [w for w in report.warnings if w.startswith("cue at 00:00:10.000: <i> around 'fermée'")], report.warnings


def test_markup_that_cannot_be_placed_is_named_as_the_cue_writes_it():
    from subkit.cues import format_vtt
    from subkit.translate.job import unkept_markup

    cue = Cue.from_text(7_700, 9_000, "Il <00:00:08.500>chante <lang en>hello</lang> <ruby>東<rt>とう</rt></ruby>", 1)
    [warning] = unkept_markup([cue], format_vtt)
    assert warning.startswith("cue at 00:00:07.700: "), warning
    assert "timestamp tags (<00:00:08.500>)" in warning and "language tags (<lang en>)" in warning, warning
    assert "ruby text (<ruby>)" in warning and "00:00:19" not in warning, warning
    [styled] = unkept_markup([Cue.from_text(0, 900, "<c.jaune>Attention</c> <c.yellow>!</c>", 2)], format_vtt)
    assert "class tags (<c.jaune>)" in styled and "yellow" not in styled, styled
    [bold] = unkept_markup([Cue.from_text(0, 900, "<c.yellow.bold>Attention</c>", 3)], format_vtt)
    assert "<c.yellow.bold>" in bold, bold  # the class that is no colour is dropped, whatever its place


class TwoSentences:
    """subkit-fr_en's renderings of a cue of two sentences ("U.E." kept), and of its tagged word alone."""

    def translate(self, sentences, progress=None):
        return [{"Les chiffres de l'U.E.": "These numbers of U.E.", "Les voici.": "Here's yours.",
                 "chiffres": "Figures", "Les voici !": "Here they are!", "Les données de l'U.E.":
                 "The data of the EU.", "données": "data"}[s] for s in sentences]


def _translated(source: str):
    from subkit.profiles import get_profile
    from subkit.translate.pipeline import translate_subtitles

    out, report = translate_subtitles([Cue.from_text(1000, 4000, source, 1)], TwoSentences(), source_lang="fr",
                                      target_lang="en", profile=get_profile("netflix-en"), keep_names=False)
    return out[0].text, report.warnings


def test_a_tag_stays_in_its_own_sentence_of_the_cue():
    """"Les <b>chiffres</b> de l'U.E. Les voici.": the bold went on "Here's" of the other sentence,
    spelt like "chiffres" (the tagged words were sought over the whole cue's translation)."""
    from subkit.translate.sentences import analyse_cue, group_sentences

    source = "Les <b>chiffres</b> de l'U.E. Les voici."
    assert [s.text for s in group_sentences(analyse_cue(0, source).pieces, "fr")] == [
        "Les chiffres de l'U.E.", "Les voici."]
    text, warnings = _translated(source)
    assert text == "These numbers of U.E. Here's yours."  # nothing there is spelt like "Figures"
    assert [w for w in warnings if w.startswith("cue at 00:00:01,000: <b> around 'chiffres'")], warnings
    # in the second sentence, after a no-break space ("voici\u00a0!" is one word of the cue, two of
    # the sentence splitter): found among that sentence's words
    assert _translated("Les voici\u00a0! Les <b>données</b> de l'U.E.") == (
        "Here they are! The <b>data</b> of the EU.", [])
