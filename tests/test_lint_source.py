"""``subkit lint --source FR.srt EN.srt``: review flags of a translation pair, cues matched by time."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from subkit.cli import cli


def srt(*cues: tuple[str, str, str]) -> str:
    return "".join(f"{n}\n{a} --> {b}\n{text}\n\n" for n, (a, b, text) in enumerate(cues, 1))


FR = srt(("00:00:01,000", "00:00:04,000", "Les Russes ont avancé à la fin 2022."),
         ("00:00:05,000", "00:00:08,000", "Parce que le front recule."))


def lint(tmp_path, fr: str, en: str, *extra: str):
    (tmp_path / "ep.fr.srt").write_text(fr, "utf-8")
    (tmp_path / "ep.en.srt").write_text(en, "utf-8")
    return CliRunner().invoke(cli, ["lint", "--source", str(tmp_path / "ep.fr.srt"), str(tmp_path / "ep.en.srt"),
                                    *extra])


def test_flags_of_each_cue_are_reported_as_warnings_at_its_line(tmp_path):
    en = srt(("00:00:01,000", "00:00:04,000", "The Russianavan advanced\nat the end of 202."),
             ("00:00:05,000", "00:00:08,000", "Parce the front is retreating."))
    result = lint(tmp_path, FR, en, "--format", "json")
    assert result.exit_code == 0, result.output
    problems = json.loads(result.output)
    found = {(p["rule"], p["cue"], p["line"]) for p in problems}
    assert {("non-word", 1, 1), ("number", 1, 1), ("untranslated", 2, 6)} <= found
    assert all(p["level"] == "warning" for p in problems)
    strict = lint(tmp_path, FR, en, "--strict")
    assert strict.exit_code == 1


def test_a_good_translation_has_no_flag(tmp_path):
    en = srt(("00:00:01,000", "00:00:04,000", "The Russians advanced at the end of 2022."),
             ("00:00:05,000", "00:00:08,000", "Because the front is retreating."))
    result = lint(tmp_path, FR, en)
    assert result.exit_code == 0 and "non-word" not in result.output and "number" not in result.output


def test_cues_that_do_not_line_up_are_one_error_naming_the_first_cue_without_partner(tmp_path):
    en = srt(("00:00:01,000", "00:00:04,000", "The Russians advanced at the end of 2022."),
             ("00:00:30,000", "00:00:33,000", "Because the front is retreating."))
    result = lint(tmp_path, FR, en)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "cue 2 (00:00:30,000)" in lines[0] and "ep.en.srt" in lines[0]
    other = srt(*[(f"00:01:{n:02},000", f"00:01:{n + 1:02},000", "Another episode.") for n in range(0, 20, 2)])
    result = lint(tmp_path, FR, other)
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1


def ten(text_of, shift_ms: int = 0, skip: int | None = None) -> str:
    """Ten cues two seconds apart (each 1.5 s long), started *shift_ms* late, without cue *skip*."""
    def at(ms: int) -> str:
        return f"00:00:{ms // 1000:02},{ms % 1000:03}"
    return srt(*[(at(1000 + 2000 * n + shift_ms), at(2500 + 2000 * n + shift_ms), text_of(n))
                 for n in range(10) if n != skip])


FR10 = ten(lambda n: f"Le train numéro {n} part maintenant du quai.")
EN10 = lambda n: f"Train number {n} is now leaving the platform."  # noqa: E731


@pytest.mark.parametrize("shift", [41, 80, 300, 480, -400, -480, 600, -900])
def test_a_translation_a_few_frames_off_or_offset_as_a_whole_pairs_every_cue(tmp_path, shift):
    result = lint(tmp_path, FR10, ten(EN10, shift), "--format", "json", "--select", "unmatched,omission,number")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == []


def test_one_cue_late_gives_no_omission_on_its_neighbour(tmp_path):
    en = ten(EN10).replace("00:00:09,000 -->", "00:00:09,080 -->")
    result = lint(tmp_path, FR10, en, "--format", "json", "--select", "unmatched,omission,number")
    assert result.exit_code == 0 and json.loads(result.output) == []


def test_a_missing_or_added_cue_is_a_problem_at_its_line_and_the_other_rules_still_run(tmp_path):
    en = ten(lambda n: "Train number 7 is now leaving." if n == 3 else EN10(n), skip=5)
    result = lint(tmp_path, FR10, en, "--format", "json")
    found = {(p["code"], p["line"]) for p in json.loads(result.output)}
    # the cue left out is reported at the line of the cue before it (cue 5, line 17)
    assert {("unmatched/no-translation", 17), ("number/mismatch", 13)} <= found, found
    extra = ten(EN10) + "11\n00:00:30,000 --> 00:00:32,000\nSubtitles by ACME.\n"
    problems = json.loads(lint(tmp_path, FR10, extra, "--format", "json").output)
    assert [(p["code"], p["line"], p["cue"]) for p in problems if p["rule"] == "unmatched"] == [
        ("unmatched/no-source", 41, 11)]


def test_a_cue_split_in_two_by_translate_pairs_both_parts_with_its_source(tmp_path):
    en = srt(("00:00:01,000", "00:00:02,400", "The Russians advanced"),
             ("00:00:02,480", "00:00:04,000", "at the end of 202."),
             ("00:00:05,000", "00:00:08,000", "Because the front is retreating."))
    result = lint(tmp_path, FR, en, "--format", "json")
    assert result.exit_code == 0, result.output
    # the two parts are checked together against their source, and reported at the first
    assert {(p["rule"], p["cue"]) for p in json.loads(result.output)} == {("number", 1)}


def test_source_needs_one_translation_file(tmp_path):
    (tmp_path / "a.srt").write_text(FR, "utf-8")
    result = CliRunner().invoke(cli, ["lint", "--source", str(tmp_path / "a.srt"), str(tmp_path / "a.srt"),
                                      str(tmp_path / "a.srt")])
    assert result.exit_code == 2 and "--source" in result.output


@pytest.mark.parametrize("en_name", ["en.srt", "en.vtt"])
def test_source_checks_import_no_translation_stack(tmp_path, en_name):
    import subprocess
    import sys

    en = srt(("00:00:01,000", "00:00:04,000", "The Russianavan advanced at the end of 2022."),
             ("00:00:05,000", "00:00:08,000", "Because the front is retreating."))
    if en_name.endswith(".vtt"):
        en = "WEBVTT\n\n" + en.replace(",000", ".000")
    (tmp_path / "fr.srt").write_text(FR, "utf-8")
    (tmp_path / en_name).write_text(en, "utf-8")
    code = ("import sys\nfrom subkit.cli import main\n"
            "sys.argv = ['subkit', 'lint', '--source', sys.argv[1], sys.argv[2]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('ctranslate2', 'torch', 'argostranslate', 'sentencepiece', 'jinja2', 'numpy',"
            " 'stanza', 'av', 'pysubs2', 'sacremoses') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "fr.srt"), str(tmp_path / en_name)],
                         capture_output=True, text=True, check=True)
    assert "non-word" in out.stdout  # the checks ran
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_markup_and_character_references_are_no_words_nor_numbers(tmp_path):
    fr = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nNous avons vendu 1&nbsp;500 billets hier.\n\n"
          "00:00:05.000 --> 00:00:08.000\nLes prix ont augmenté de 50&#8239;% cette année.\n\n"
          "00:00:09.000 --> 00:00:12.000\nIl est parti <00:00:10.000>très tôt ce matin.\n")
    en = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe sold <c.num>1,500</c> tickets&nbsp;yesterday.\n\n"
          "00:00:05.000 --> 00:00:08.000\n<c.yellow.bg_black>Prices went up 50% this year.</c>\n\n"
          "00:00:09.000 --> 00:00:12.000\nHe left <00:00:10.000>very early this morning.\n")
    (tmp_path / "ep.fr.vtt").write_text(fr, "utf-8")
    (tmp_path / "ep.en.vtt").write_text(en, "utf-8")
    result = CliRunner().invoke(cli, ["lint", "--source", str(tmp_path / "ep.fr.vtt"), str(tmp_path / "ep.en.vtt"),
                                      "--format", "json", "--select", "non-word,number,omission,untranslated"])
    assert result.exit_code == 0 and json.loads(result.output) == [], result.output
    en_srt = srt(("00:00:01,000", "00:00:04,000", "{\\an8}The Russians advanced at the end of 2022."),
                 ("00:00:05,000", "00:00:08,000", "Because the front is retreating."))
    result = lint(tmp_path, FR, en_srt, "--format", "json", "--select", "number,non-word")
    assert result.exit_code == 0 and json.loads(result.output) == [], result.output


def test_a_pair_in_the_wrong_languages_is_one_line_exit_2(tmp_path):
    en = ten(EN10)
    swapped = lint(tmp_path, en, FR10)
    assert swapped.exit_code == 2 and len(swapped.output.strip().splitlines()) == 1
    assert "ep.fr.srt: looks like 'en', not 'fr'" in swapped.output
    both_english = lint(tmp_path, en, en)
    assert both_english.exit_code == 2 and "looks like 'en', not 'fr'" in both_english.output
