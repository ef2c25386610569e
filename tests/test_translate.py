"""``subkit translate`` end to end with the real model (our own Argos package), offline."""

from __future__ import annotations

import math
import re
import sqlite3
from pathlib import Path

import pytest
import srt
from click.testing import CliRunner

from subkit.cli import cli
from subkit.language import detect_language, lexicon, plain_word
from subkit.profiles import count_chars, get_profile

from conftest import SAMPLES

FR_SAMPLE = SAMPLES / "000_7e3d9c830176a7c7.fr.srt"
EN_SAMPLE = SAMPLES / "000_7e3d9c830176a7c7.en.srt"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write_srt(path: Path, cues: list[tuple[float, float, str]]) -> Path:
    from datetime import timedelta

    subs = [srt.Subtitle(i, timedelta(seconds=a), timedelta(seconds=b), text)
            for i, (a, b, text) in enumerate(cues, 1)]
    path.write_text(srt.compose(subs), encoding="utf-8")
    return path


def test_translates_the_seed_within_the_english_profile(with_model, no_network, tmp_path):
    out = tmp_path / "ep.en.srt"
    result = run("translate", str(FR_SAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    source = list(srt.parse(FR_SAMPLE.read_text(encoding="utf-8")))
    target = list(srt.parse(out.read_text(encoding="utf-8")))
    assert no_network == []
    # Cues may merge, or split where a translation cannot fit two lines (never vanish), and keep
    # their timing within the episode.
    assert 0.8 * len(source) <= len(target) <= 1.1 * len(source)
    assert target[0].start == source[0].start
    assert target[-1].end >= source[-1].end
    prof = get_profile("netflix-en")
    for prev, cue in zip(target, target[1:]):
        assert cue.start >= prev.end  # ordered, no overlap
    over = [c for c in target
            if len(c.content.split("\n")) > prof.max_lines
            or max(count_chars(line) for line in c.content.split("\n")) > prof.max_chars_per_line]
    assert over == []
    assert all(c.content.strip() for c in target)
    # The result passes the linter's hard limits for English.
    lint = run("lint", "--profile", "netflix-en", str(out))
    assert lint.exit_code == 0, lint.output


def test_sentences_spanning_cues_are_translated_whole_and_remembered(with_model, tmp_path):
    src = write_srt(tmp_path / "ep.fr.srt", [
        (1.0, 3.0, "Les Ukrainiens sont revenus à la charge"),
        (3.1, 5.0, "en attaquant du nord"),
        (5.1, 7.5, "et du sud-ouest de la ville."),
        (8.0, 10.0, "Bonjour à tous, bienvenue dans cette vidéo."),
    ])
    memory = tmp_path / "tm.sqlite3"
    first = run("translate", str(src), "-o", str(tmp_path / "a.srt"), "--memory", str(memory))
    assert first.exit_code == 0, first.output
    assert "2 sentences (0 from memory, 0 of them from human entries, 2 translated)" in first.output
    stored = {row[0] for row in sqlite3.connect(memory).execute("SELECT source FROM memory")}
    assert stored == {
        "Les Ukrainiens sont revenus à la charge en attaquant du nord et du sud-ouest de la ville.",
        "Bonjour à tous, bienvenue dans cette vidéo.",
    }
    second = run("translate", str(src), "-o", str(tmp_path / "b.srt"), "--memory", str(memory))
    assert "2 sentences (2 from memory, 0 of them from human entries, 0 translated)" in second.output
    assert (tmp_path / "a.srt").read_text() == (tmp_path / "b.srt").read_text()
    cues = list(srt.parse((tmp_path / "a.srt").read_text(encoding="utf-8")))
    assert len(cues) >= 3 and all(c.content.strip() for c in cues)
    assert "welcome" in cues[-1].content.lower() or "hello" in cues[-1].content.lower()


def _translate_cues(tmp_path, cues):
    """Translate (start, end, text) cues through the CLI: (result, the output cues' contents)."""
    src = write_srt(tmp_path / "ep.fr.srt", cues)
    result = run("translate", str(src), "-o", str(tmp_path / "out.srt"), "--no-memory")
    assert result.exit_code == 0, result.output
    return result, [c.content for c in srt.parse((tmp_path / "out.srt").read_text(encoding="utf-8"))]


def test_tags_empty_and_music_cues_survive(with_model, tmp_path):
    _, cues = _translate_cues(tmp_path, [
        (1.0, 3.0, "<i>Bonjour à tous, bienvenue dans cette vidéo.</i>"),
        (4.0, 6.0, "♪ La la la ♪"),
        (7.0, 9.0, "{\\an8}Merci beaucoup."),
    ])
    assert cues[0].startswith("<i>") and cues[0].endswith("</i>")
    assert cues[1] == "♪ La la la ♪"
    assert cues[2].startswith("{\\an8}") and len(cues[2]) > len("{\\an8}")


def test_a_sound_label_cue_stays_a_label_of_its_own(with_model, tmp_path):
    # joined into the sentence around it, the label took one of its words ("to [Applauds]")
    _, cues = _translate_cues(tmp_path, [
        (0.5, 3.0, "Et là, le public se met à"),
        (3.2, 5.0, "[Applaudissements]"),
        (5.2, 8.0, "applaudir pendant dix minutes."),
    ])
    assert len(cues) == 3 and re.fullmatch(r"\[[^\[\]\s]+\]", cues[1]), cues


def test_formatting_tags_inside_cues_survive(with_model, tmp_path):
    result, cues = _translate_cues(tmp_path, [
        (1.0, 4.0, "<i>Le journaliste parle au téléphone.</i>\nLe président arrive demain."),
        (5.0, 8.0, "Nous avons lu <i>Le Monde</i> ce matin."),
        (9.0, 12.0, "C’est <b>très</b> important pour nous."),
    ])
    first, second = cues[0].split("\n")
    assert first.startswith("<i>") and first.endswith("</i>") and "<" not in second
    assert "<i>Le Monde</i>" in cues[1]
    assert "<b>very</b>" in cues[2]
    assert "tags were dropped" not in result.output


def test_glossary_terms_are_enforced(with_model, tmp_path):
    src = write_srt(tmp_path / "ep.fr.srt", [
        (1.0, 4.0, "Les Russes ont reculé dans l’oblast de Koursk."),
        (5.0, 8.0, "Les combats continuent à Tchasiv Yar."),
    ])
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Koursk\tKursk\nTchasiv Yar\tChasiv Yar\n", encoding="utf-8")
    result = run("translate", str(src), "-o", str(tmp_path / "out.srt"), "--glossary", str(glossary),
                 "--no-memory")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.srt").read_text(encoding="utf-8")
    assert "Kursk" in text and "Chasiv Yar" in text and "Koursk" not in text


def test_garbled_names_restored_only_with_keep_names(with_model, tmp_path):
    kept, plain = tmp_path / "kept.srt", tmp_path / "plain.srt"
    with_names = run("translate", str(FR_SAMPLE), "-o", str(kept), "--no-memory")
    without = run("translate", str(FR_SAMPLE), "-o", str(plain), "--no-memory", "--no-keep-names")
    assert with_names.exit_code == 0 and without.exit_code == 0, with_names.output + without.output
    assert "names restored" not in without.output
    restored = re.search(r"(\d+) garbled names? restored", with_names.output)
    # What the model garbles depends on the model; what subkit does with it does not.
    assert (restored is not None) == (kept.read_text(encoding="utf-8") != plain.read_text(encoding="utf-8"))


def _by_french_cue(cues: list, source: list) -> list[list]:
    """The English cues grouped by the French cue each overlaps most (a French cue whose translation
    did not fit two lines has two or more, refit.split_overfull)."""
    groups: list[list] = [[] for _ in source]
    for cue in cues:
        overlap = [min(cue.end, s.end) - max(cue.start, s.start) for s in source]
        groups[overlap.index(max(overlap))].append(cue)
    return groups


def _reading_time(cues: list, prof) -> float:
    """Seconds *cues* need on screen at the profile's reading speed, with the gaps between them."""
    return sum(count_chars(c.content) for c in cues) / prof.hard_max_cps + (len(cues) - 1) * prof.min_gap


def _english_track_problems(path: Path) -> list[str]:
    """What must hold on every machine for an English track made from FR_SAMPLE, whatever words the
    model chose (they differ between CPUs and CTranslate2 releases): the French cues, each as one
    English cue or split into consecutive ones, with their starts; each end the French end, or later
    where the English needs more reading time, never into the next cue's gap; the netflix-en limits;
    English text."""
    prof = get_profile("netflix-en")
    source = list(srt.parse(FR_SAMPLE.read_text(encoding="utf-8")))
    cues = list(srt.parse(path.read_text(encoding="utf-8")))
    groups = _by_french_cue(cues, source)
    if not all(groups):
        return [f"French cue {k + 1} has no English cue" for k, g in enumerate(groups) if not g]
    # A start moves only earlier, for a French cue whose English (all the parts of a split, with the
    # gaps between them) cannot be read in its time: the boundary with the previous cue of the same
    # sentence is moved (refit.rebalance).
    problems = [f"cue {g[0].index} starts at {g[0].start}, the French cue at {s.start}"
                for g, s in zip(groups, source) if g[0].start != s.start and not (
                    g[0].start < s.start and _reading_time(g, prof) > (s.end - s.start).total_seconds())]
    for k, (group, src) in enumerate(zip(groups, source)):
        room = (source[k + 1].start.total_seconds() - prof.min_gap if k + 1 < len(source)
                else src.start.total_seconds() + prof.max_duration)
        cue = group[-1]
        if len(group) > 1:  # split: the parts share the French time, the last may take reading time
            if not src.end.total_seconds() - 5e-4 <= cue.end.total_seconds() <= room + 5e-4:
                problems.append(f"cue {cue.index} (the last part of a split) ends at {cue.end}, "
                                f"outside {src.end} .. {room:.3f} s")
            continue
        french = (src.end - src.start).total_seconds()
        if count_chars(cue.content) <= prof.hard_max_cps * french + 1e-9:  # readable in the French time
            if cue.end != src.end:
                problems.append(f"cue {cue.index} ends at {cue.end}, not at the French end {src.end}")
            continue
        # longer: the reading time on whole frames, up to the next cue's gap (a gap too short to
        # be worth keeping is closed)
        need = math.ceil(count_chars(cue.content) / prof.hard_max_cps * prof.fps - 1e-9) / prof.fps
        end = cue.end.total_seconds()
        if not any(abs(end - t) < 5e-4 for t in (min(src.start.total_seconds() + need, room), room)):
            problems.append(f"cue {cue.index} ends at {cue.end}: its reading time ends at "
                            f"{src.start.total_seconds() + need:.3f} s, the next cue's gap at {room:.3f} s")
    lint = run("lint", "--profile", "netflix-en", str(path))
    if lint.exit_code != 0:
        problems.append(f"subkit lint --profile netflix-en:\n{lint.output}")
    text = " ".join(c.content.replace("\n", " ") for c in cues)
    if detect_language(text) != "en":
        problems.append(f"the text reads as {detect_language(text)!r}, not English")
    words = [plain_word(w) for w in re.findall(r"[^\W\d_]+", text)]
    english = sum(w in lexicon("en") for w in words) / len(words)
    french = sum(w in lexicon("fr") for w in words) / len(words)
    # measured: the English sample 0.88 English / 0.48 French words, the French sample 0.39 / 0.86
    if english < 0.8 or french > english - 0.25:
        problems.append(f"{english:.0%} English words, {french:.0%} French words")
    return problems


def test_committed_samples_agree():
    """samples/…en.srt (documentation: what the model made on the machine that refreshed it) is an
    English track of samples/…fr.srt by the rules every machine's output must follow."""
    assert _english_track_problems(EN_SAMPLE) == []


def test_sample_is_current(with_model, tmp_path):
    """`subkit translate` makes of samples/…fr.srt what samples/…en.srt is, in all that does not
    depend on the machine; the exact words are compared within this run (CLI and library alike)."""
    from subkit.options import TranslateOptions
    from subkit.translate.job import translate_file

    out = tmp_path / "en.srt"
    result = run("translate", str(FR_SAMPLE), "-o", str(out), "--no-memory")
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.en.srt"
    translate_file(str(FR_SAMPLE), str(again), TranslateOptions(use_memory=False))
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")
    assert _english_track_problems(out) == []
    source = list(srt.parse(FR_SAMPLE.read_text(encoding="utf-8")))
    made = _by_french_cue(list(srt.parse(out.read_text(encoding="utf-8"))), source)
    sample = _by_french_cue(list(srt.parse(EN_SAMPLE.read_text(encoding="utf-8"))), source)
    # how many parts a split makes depends on the words, so on the machine; where each French cue's
    # English starts does not
    assert [g[0].start for g in made] == [g[0].start for g in sample]


# --- bad input: one line, non-zero exit, no output file -----------------------------------------

def test_english_input_is_refused_without_force(with_model, tmp_path):
    src = write_srt(tmp_path / "ep.srt", [
        (1.0, 4.0, "This episode is already in English, as you can clearly see here."),
        (5.0, 8.0, "Nobody should translate it from French again, right?"),
    ])
    result = run("translate", str(src), "-o", str(tmp_path / "out.srt"))
    assert result.exit_code == 2
    assert "looks like 'en'" in result.output and str(src) in result.output
    assert not (tmp_path / "out.srt").exists()


def test_missing_model_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty"))
    result = run("translate", str(FR_SAMPLE), "-o", str(tmp_path / "out.srt"), "--no-memory")
    assert result.exit_code == 2
    assert "subkit models install fr en" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("codes", [["--from", "FR"], ["--from", "fr-FR"], ["--to", "en-GB"],
                                   ["--from", "fr_CA", "--to", "EN"]])
def test_language_codes_are_read_for_their_language(tmp_path, monkeypatch, codes):
    # "FR" and "fr-FR" were refused ("looks like 'fr', not 'FR'"), en-GB asked for a model "fr en-GB"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty"))
    result = run("translate", str(FR_SAMPLE), "-o", str(tmp_path / "out.srt"), "--no-memory", *codes)
    assert result.exit_code == 2
    assert result.output.rstrip().endswith("no fr->en translation model installed; run: subkit models install fr en")


@pytest.mark.parametrize("codes, said", [
    (["--from", "fr", "--to", "FR"], "--from fr and --to FR are the same language (fr): nothing to translate"),
    (["--from", "français"], "--from: 'français' is not a language code"),
])
def test_a_language_pair_that_cannot_be_is_a_usage_error(tmp_path, codes, said):
    result = run("translate", str(FR_SAMPLE), "-o", str(tmp_path / "out.srt"), "--no-memory", *codes)
    assert result.exit_code == 2 and said in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and "models install" not in result.output


@pytest.mark.parametrize("content", [b"", b"not subtitles at all\n", b"\x00\x01\x02binary",
                                     b"1\n00:00:01,000 --> nonsense\nx\n"])
def test_bad_srt_input_is_one_line_error(with_model, tmp_path, content):
    src = tmp_path / "bad.srt"
    src.write_bytes(content)
    result = run("translate", str(src), "-o", str(tmp_path / "out.srt"), "--no-memory")
    assert result.exit_code == 2
    assert result.output.startswith("subkit translate: error: ") and str(src) in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "out.srt").exists()


def test_never_overwrites_input_and_reports_unwritable_output(with_model, tmp_path):
    src = tmp_path / "ep.fr.srt"
    src.write_bytes(FR_SAMPLE.read_bytes())
    same = run("translate", str(src), "-o", str(src), "--no-memory")
    assert same.exit_code == 2 and "overwrite" in same.output
    assert src.read_bytes() == FR_SAMPLE.read_bytes()
    blocked = tmp_path / "file"
    blocked.write_text("x")
    bad = run("translate", str(src), "-o", str(blocked / "out.srt"), "--no-memory")
    assert bad.exit_code == 2 and "cannot write" in bad.output


def test_no_file_the_job_writes_may_be_the_input_or_another_output(tmp_path):
    """--qa, --memory and -o are checked against the input, the glossary and each other before any
    work (no model is needed to be refused)."""
    src = write_srt(tmp_path / "b.fr.srt", [(1.0, 3.0, "Bonjour à tous.")])
    original = src.read_bytes()
    out = tmp_path / "b.out.srt"
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Koursk\tKursk\n", encoding="utf-8")
    (tmp_path / "link.json").symlink_to(src)
    (tmp_path / "sub").mkdir()
    cases = [("--no-memory", "--qa", str(src)), ("--no-memory", "--qa", str(tmp_path / "link.json")),
             ("--no-memory", "--qa", str(tmp_path / "sub" / ".." / "b.fr.srt")),
             ("--no-memory", "--qa", str(out)), ("--memory", str(src)), ("--memory", str(out)),
             ("--no-memory", "--qa", str(glossary), "--glossary", str(glossary)),
             ("--memory", str(src), "--rebuild-memory")]
    for extra in cases:
        result = run("translate", str(src), "-o", str(out), *extra)
        assert result.exit_code == 2 and "would overwrite" in result.output, (extra, result.output)
        assert len(result.output.strip().splitlines()) == 1 and "rebuild" not in result.output
        assert src.read_bytes() == original and not out.exists()
    assert glossary.read_text(encoding="utf-8") == "Koursk\tKursk\n"


def test_glossary_given_twice_is_a_usage_error(tmp_path):
    src = write_srt(tmp_path / "b.fr.srt", [(1.0, 3.0, "Bonjour à tous.")])
    for name in ("a.tsv", "b.tsv"):
        (tmp_path / name).write_text("Koursk\tKursk\n", encoding="utf-8")
    result = run("translate", str(src), "-o", str(tmp_path / "o.srt"), "--glossary", str(tmp_path / "a.tsv"),
                 "--glossary", str(tmp_path / "b.tsv"))
    assert result.exit_code == 2 and "given 2 times" in result.output
    assert not (tmp_path / "o.srt").exists()


def test_a_human_entry_lacking_a_glossary_term_is_kept_flagged_and_counted(with_model, tmp_path):
    from subkit.translate.memory import Entry
    from subkit.translate.memory.store import store_entries

    memory, qa_file = tmp_path / "tm.sqlite3", tmp_path / "qa.json"
    store_entries(memory, [Entry("Le préfet de Koursk est arrivé.", "The Koursk prefect arrived.", pair="fr>en")])
    src = write_srt(tmp_path / "ep.fr.srt", [(1.0, 4.0, "Le préfet de Koursk est arrivé.")])
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Koursk\tKursk\n", encoding="utf-8")
    result = run("translate", str(src), "-o", str(tmp_path / "o.srt"), "--glossary", str(glossary),
                 "--memory", str(memory), "--qa", str(qa_file))
    assert result.exit_code == 0, result.output
    assert "The Koursk prefect arrived." in (tmp_path / "o.srt").read_text(encoding="utf-8")
    assert "warning: cue 1 (00:00:01,000): glossary term 'Kursk' missing" in result.output
    assert "1 cue, 1 sentence (1 from memory, 1 of them from human entries, 0 translated), " \
           "1 cue flagged for review" in result.output
    import json

    assert [f["id"] for f in json.loads(qa_file.read_text(encoding="utf-8"))[0]["flags"]] == ["glossary"]


def test_an_existing_default_output_is_kept_unless_named(with_model, tmp_path):
    """ep.en.srt beside ep.fr.srt may hold a reviewer's corrections: without -o it stays as it is."""
    src = tmp_path / "ep.fr.srt"
    src.write_bytes(FR_SAMPLE.read_bytes())
    edited = tmp_path / "ep.en.srt"
    edited.write_text("1\n00:00:01,000 --> 00:00:03,000\nCorrected by hand.\n", encoding="utf-8")
    kept = run("translate", str(src), "--no-memory", "-q")
    assert kept.exit_code == 2 and f"-o {edited}" in kept.output
    assert len(kept.output.strip().splitlines()) == 1 and "Traceback" not in kept.output
    assert edited.read_text(encoding="utf-8").endswith("Corrected by hand.\n")
    named = run("translate", str(src), "-o", str(edited), "--no-memory", "-q")
    assert named.exit_code == 0, named.output
    assert "Corrected by hand." not in edited.read_text(encoding="utf-8")


def test_corrupt_memory_is_reported_then_rebuilt(with_model, tmp_path):
    memory = tmp_path / "tm.sqlite3"
    memory.write_bytes(b"SQLite format 3\x00" + b"garbage" * 1000)
    src = write_srt(tmp_path / "ep.fr.srt", [(1.0, 4.0, "Bonjour à tous, bienvenue dans cette vidéo.")])
    bad = run("translate", str(src), "-o", str(tmp_path / "o.srt"), "--memory", str(memory))
    assert bad.exit_code == 2 and "--rebuild-memory" in bad.output
    good = run("translate", str(src), "-o", str(tmp_path / "o.srt"), "--memory", str(memory),
               "--rebuild-memory")
    assert good.exit_code == 0, good.output


@pytest.mark.parametrize("given, fmt, expected", [
    ("ep.fr.srt", None, "ep.en.srt"), ("ep.srt", None, "ep.en.srt"), ("ep.fr.vtt", None, "ep.en.vtt"),
    ("ep.fr.vtt", "srt", "ep.en.srt"), ("ep.fr.dfxp", None, "ep.en.srt"), ("ep.stl", None, "ep.en.srt"),
    ("ep.scc", "vtt", "ep.en.vtt"), ("notes.txt", None, "notes.txt.en.srt"),
])
def test_default_output_names(given, fmt, expected):
    from subkit.translate.job import default_output

    assert default_output(given, "fr", "en", fmt) == expected


def test_a_final_ellipsis_and_quotes_come_through_and_the_summary_counts_written_cues(with_model, tmp_path):
    cues, result = _translated(tmp_path, "1\n00:00:01,000 --> 00:00:03,000\nMerci de votre attention...\n\n"
                               "2\n00:00:04,000 --> 00:00:07,000\nElle m'a dit : « Je suis désolée. »\n\n"
                               "3\n00:00:08,000 --> 00:00:15,000\nLe gouvernement a annoncé hier soir une hausse des "
                               "impôts de trois pour cent pour les entreprises qui emploient plus de cinquante "
                               "salariés.\n")
    assert cues[0].endswith("...") and not cues[0].endswith("....")  # the model wrote ".."
    assert cues[1].count('"') == 2 and '""' not in cues[1]  # was 'sorry. """."'
    assert "3 sentences" in result.output
    assert len(cues) > 3 and f"{len(cues)} cues," in result.output  # as written, after splitting the long one


def test_cues_without_final_punctuation_get_none_in_english(with_model, tmp_path):
    # the model is given "Toujours." (it read "Je sais" as unfinished): the English got "Still."
    cues, _ = _translated(tmp_path, "1\n00:00:01,000 --> 00:00:03,000\nToujours\n\n"
                          "2\n00:00:04,000 --> 00:00:06,000\nMerci Paul\n\n3\n00:00:07,000 --> 00:00:09,000\n"
                          "La fin 2022\n\n4\n00:00:10,000 --> 00:00:12,000\nC'est fini.\n")
    assert len(cues) == 4 and cues[3].endswith(".")
    assert not any(c.endswith(".") for c in cues[:3]), cues


def _translated(tmp_path, french: str):
    """(the English cues' texts, the CLI result) of *french* (SRT) through `subkit translate`."""
    src, out = tmp_path / "ep.fr.srt", tmp_path / "ep.en.srt"
    src.write_text(french, "utf-8")
    result = CliRunner().invoke(cli, ["translate", str(src), "-o", str(out), "--no-memory"])
    assert result.exit_code == 0, result.output
    return [c.content for c in srt.parse(out.read_text("utf-8"))], result
