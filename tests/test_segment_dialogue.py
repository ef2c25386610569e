"""Dialogue dashes in `subkit segment`'s input: each speaker's turn is a unit that never joins
another speaker's words, in a transcript as in subtitles; a subtitle cue of two turns that fits
stays a dialogue cue, in the profile's dash style."""

from __future__ import annotations

import srt
from click.testing import CliRunner

from subkit.cli import cli


def _segment(tmp_path, name: str, text: str, *options: str) -> list[str]:
    src = tmp_path / name
    src.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(src), *options])
    assert result.exit_code == 0, result.output
    return [s.content for s in srt.parse(result.stdout)]


DIALOGUE = ("1\n00:00:01,000 --> 00:00:03,000\n- Tu es sûr ?\n- Oui.\n\n"
            "2\n00:00:03,500 --> 00:00:06,000\nAlors on y va, et vite, parce que le train part à 14 h 30.\n")


def test_a_dialogue_cue_stays_one_and_its_reply_joins_no_other_words(tmp_path):
    shown = _segment(tmp_path, "dlg.srt", DIALOGUE, "--lang", "fr")
    assert shown[0] == "- Tu es sûr\u00a0?\n- Oui."
    assert not any("Oui." in s and "Alors" in s for s in shown)
    assert " ".join(shown[1:]).replace("\n", " ") == "Alors on y va, et vite, parce que le train part à 14 h 30."


def test_an_english_dialogue_takes_the_english_dash():
    from subkit.formats import parse
    from subkit.segment import segment_subtitles

    text = "1\n00:00:06,500 --> 00:00:08,000\n- Where are you going?\n- Home.\n"
    result = segment_subtitles(parse(text, "d.srt", "srt"), lang="en")
    assert [c.text for c in result.cues] == ["-Where are you going?\n-Home."]


def test_turns_too_long_for_a_line_each_become_cues_without_dashes(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:05,000\n- Tu viens avec nous ce soir au cinéma de la gare ?\n"
            "- Non, je reste ici.\n")
    shown = _segment(tmp_path, "long.srt", text, "--lang", "fr")
    assert shown == ["Tu viens avec nous ce soir\nau cinéma de la gare\u00a0?", "Non, je reste ici."]


def test_two_turns_on_one_line_are_two_turns(tmp_path):
    line = "- Tu es sûr ? - Oui, absolument sûr."
    cue = _segment(tmp_path, "one.srt", f"1\n00:00:01,000 --> 00:00:04,000\n{line}\n", "--lang", "fr")
    assert cue == ["- Tu es sûr\u00a0?\n- Oui, absolument sûr."]
    said = _segment(tmp_path, "one.txt", line + "\n", "--lang", "fr")
    assert said == ["Tu es sûr\u00a0?", "Oui, absolument sûr."]


def test_a_dash_inside_a_sentence_is_no_turn(tmp_path):
    text = "Il a dit – et je le cite – que tout était réglé. Puis il est parti.\n"
    said = _segment(tmp_path, "incise.txt", text, "--lang", "fr")
    assert "– et je le cite –" in " ".join(said).replace("\n", " ")


def test_italics_stay_on_both_turns_and_on_a_second_line(tmp_path):
    one = "1\n00:00:01,000 --> 00:00:04,000\n<i>- Tu es sûr ? - Oui, absolument sûr.</i>\n"
    assert _segment(tmp_path, "i1.srt", one, "--lang", "fr") == [
        "- <i>Tu es sûr\u00a0?</i>\n- <i>Oui, absolument sûr.</i>"]
    two = "1\n00:00:01,000 --> 00:00:04,000\n<i>Tu es sûr de vouloir\npartir maintenant ?</i>\n"
    assert _segment(tmp_path, "i2.srt", two, "--lang", "fr") == ["<i>Tu es sûr de vouloir partir maintenant\u00a0?</i>"]
