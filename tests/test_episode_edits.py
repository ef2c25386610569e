"""Hand edits are never lost: ``subkit episode`` learns an edited English track into the memory and
keeps the file before redoing an episode, and the next episode is translated with the correction.
Real CLI, real model, real SQLite."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from subkit.cli import cli
from subkit.cues import compose_srt
from subkit.srtio import parse_srt

GREETING_FR = "Bonjour à tous, c'est Sébastien."
GREETING_EN = "Hi everyone, Sébastien here."
EP1 = (f"{GREETING_FR}\nAujourd'hui on regarde la situation autour de la ville de Toretsk.\n"
       "Les Ukrainiens ont repris une partie de la ville la semaine dernière.\n")
EP2 = (f"{GREETING_FR}\nCette semaine on parle du front du sud et des nouvelles brigades.\n"
       "Les Russes avancent lentement près de Pokrovsk depuis le printemps.\n")


def run(base: Path, *args: str):
    argv = ["episode", str(base / "in"), "--out", str(base / "out"), "--memory", str(base / "tm.sqlite3"), *args]
    return CliRunner().invoke(cli, argv, catch_exceptions=False)


def cues(path: Path):
    return parse_srt(path.read_text(encoding="utf-8"), path.name)


def greeting_cues(folder: Path, name: str) -> int:
    """How many cues the greeting (the first sentence) takes in the French track."""
    texts = [c.text for c in cues(folder / f"{name}.fr.srt")]
    n = next(i for i, t in enumerate(texts, 1) if t.endswith("."))
    assert " ".join(texts[:n]).replace("\n", " ") == GREETING_FR
    return n


def opening(path: Path, n: int) -> str:
    return " ".join(c.text.replace("\n", " ") for c in cues(path)[:n])


def edit_opening(path: Path, n: int, text: str) -> str:
    """Write *text* over the first *n* cues (the translator's fix), a word share on each."""
    subs, words = cues(path), text.split()
    cut = [round(len(words) * k / n) for k in range(n + 1)]
    edited = compose_srt([s.with_text(" ".join(words[cut[k]:cut[k + 1]])) for k, s in enumerate(subs[:n])]
                         + subs[n:])
    path.write_text(edited, encoding="utf-8")
    return edited


def test_a_greeting_corrected_in_episode_1_is_used_in_episode_2(with_model, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ep1.txt").write_text(EP1, encoding="utf-8")
    assert run(tmp_path).exit_code == 0
    folder = tmp_path / "out" / "ep1"
    n = greeting_cues(folder, "ep1")
    assert opening(folder / "ep1.en.srt", n) != GREETING_EN  # the model's own greeting
    edited = edit_opening(folder / "ep1.en.srt", n, GREETING_EN)

    # --force with a hand-edited output: learned, kept, then redone with the correction
    result = run(tmp_path, "--force")
    assert result.exit_code == 0, result.output
    kept = sorted(folder.glob("ep1.en.edited-*.srt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == edited
    assert (f"ep1: ep1.en.srt was edited by hand: 1 corrected sentence(s) learned into the translation memory, "
            f"kept as {kept[0].name}") in result.stdout
    assert opening(folder / "ep1.en.srt", n) == GREETING_EN

    # next week's episode shares the greeting: it comes from the human entry
    (tmp_path / "in" / "ep2.txt").write_text(EP2, encoding="utf-8")
    result = run(tmp_path)
    assert result.exit_code == 0, result.output
    ep2 = tmp_path / "out" / "ep2"
    assert opening(ep2 / "ep2.en.srt", greeting_cues(ep2, "ep2")) == GREETING_EN
    report = json.loads((tmp_path / "out" / "ep2" / "ep2.report.json").read_text(encoding="utf-8"))
    assert report["translation"]["human"] == 1 and report["translation"]["translated"] == 2
    assert "1 of them human" in result.stderr
    # the report marks the cues whose English came from the learned edit
    en_cues = report["tracks"]["en"]["cues"]
    n2 = greeting_cues(ep2, "ep2")
    assert [c.get("origin") for c in en_cues[:n2 + 1]] == ["edit"] * n2 + ["machine"]
    assert (ep2 / "ep2.report.html").read_text(encoding="utf-8").count('<span class="origin edit"') == n2

    # --discard-edits overwrites an edit without keeping or learning it; the French track is kept too
    edit_opening(ep2 / "ep2.en.srt", 1, "Something else entirely.")
    edit_opening(ep2 / "ep2.fr.srt", 1, "Salut à tous,")
    result = run(tmp_path, "--force", "--discard-edits")
    assert "ep2.en.srt was edited by hand; the edit is discarded" in result.stdout
    assert not list(ep2.glob("*.edited-*"))
    assert opening(ep2 / "ep2.en.srt", greeting_cues(ep2, "ep2")) == GREETING_EN
    edit_opening(ep2 / "ep2.fr.srt", 1, "Salut à tous,")
    result = run(tmp_path, "--force")
    assert [p.name.split(".edited-")[0] for p in ep2.glob("*.edited-*")] == ["ep2.fr"]
    assert "ep2.fr.srt was edited by hand: kept as ep2.fr.edited-" in result.stdout


def test_only_sentences_the_memory_does_not_hold_as_written_by_a_person_are_counted_learned(with_model, tmp_path):
    # QA: one English cue edited, "2 corrected sentence(s) learned": the other was a human entry
    # from an earlier run, served as written (here the report that says what the run wrote is gone)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ep1.txt").write_text(EP1, encoding="utf-8")
    assert run(tmp_path).exit_code == 0
    folder = tmp_path / "out" / "ep1"
    n = greeting_cues(folder, "ep1")
    edit_opening(folder / "ep1.en.srt", n, GREETING_EN)
    assert "1 corrected sentence(s) learned" in run(tmp_path, "--force").stdout
    assert opening(folder / "ep1.en.srt", n) == GREETING_EN  # served from the human entry
    english = folder / "ep1.en.srt"
    last = cues(english)[-1]
    english.write_text(english.read_text(encoding="utf-8").replace(last.text, "The Ukrainians took back part "
                                                                   "of the town last week."), encoding="utf-8")
    (folder / "ep1.report.json").unlink()
    result = run(tmp_path, "--force")
    assert result.exit_code == 0, result.output
    assert "ep1.en.srt was edited by hand: 1 corrected sentence(s) learned" in result.stdout


TRANSCRIPTS = {
    "a/ep1.txt": EP1,
    "a/ep2.txt": EP2,
    "b/ep3.txt": f"{GREETING_FR}\nLa météo complique les opérations dans le nord du pays.\n"
                 "Les deux armées attendent le retour du beau temps.\n",
    "b/ep4.txt": "On termine avec les questions que vous nous avez envoyées.\n"
                 "Merci pour vos messages et à la semaine prochaine.\n",
}


def test_two_episode_runs_and_an_import_share_one_memory_without_losing_anything(with_model, tmp_path):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    data = Path(__file__).parent / "data" / "memory"
    for name, text in TRANSCRIPTS.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    memory = str(tmp_path / "tm.sqlite3")
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    subkit = [sys.executable, "-m", "subkit"]
    procs = [subprocess.Popen([*subkit, "episode", str(tmp_path / group), "--out", str(tmp_path / f"out-{group}"),
                               "--jobs", "2", "--memory", memory], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True) for group in ("a", "b")]
    procs.append(subprocess.Popen([*subkit, "memory", "import", str(data / "dinner.fr.srt"),
                                   str(data / "dinner.en.srt"), "--memory", memory], env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True))
    for proc in procs:
        output, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, output
    # nothing lost: every sentence of every episode is now remembered, and every human entry is there
    # (the dinner scene's 17 sentences and its lyric cue, learned whole)
    for group in ("a", "b"):
        again = run_group(tmp_path, group, memory)
        assert again.exit_code == 0, again.output
        for name in (n.split("/")[1][:-4] for n in TRANSCRIPTS if n.startswith(group)):
            doc = json.loads((tmp_path / f"out-{group}" / name / f"{name}.report.json").read_text("utf-8"))
            assert doc["translation"]["translated"] == 0 and doc["translation"]["sentences"] > 0
    stats = CliRunner().invoke(cli, ["memory", "stats", "--memory", memory]).output
    assert any(line.split()[:2] == ["human", "fr>en"] and line.split()[-1] == "18" for line in stats.splitlines())


def run_group(base: Path, group: str, memory: str):
    return CliRunner().invoke(cli, ["episode", str(base / group), "--out", str(base / f"out-{group}"), "--force",
                                    "--memory", memory], catch_exceptions=False)


def test_edits_of_a_webvtt_episode_are_learned_and_kept(with_model, tmp_path):
    """With --formats vtt the tracks the manifest records are the .vtt files: an edit there is
    learned and kept as .edited-DATE.vtt, as for SRT (it was overwritten unseen before)."""
    from subkit.formats import compose, read_file

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ep1.txt").write_text(EP1, encoding="utf-8")
    assert run(tmp_path, "--formats", "vtt").exit_code == 0
    folder = tmp_path / "out" / "ep1"
    track = folder / "ep1.en.vtt"
    doc = read_file(track)
    n = next(i for i, c in enumerate(read_file(folder / "ep1.fr.vtt").cues, 1)
                                 if c.text.endswith("."))
    words = GREETING_EN.split()
    cut = [round(len(words) * k / n) for k in range(n + 1)]
    edited = [c.with_text(" ".join(words[cut[k]:cut[k + 1]])) if k < n else c for k, c in enumerate(doc.cues)]
    track.write_text(compose(doc.with_cues(edited), "vtt"), encoding="utf-8")
    edited_text = track.read_text(encoding="utf-8")

    result = run(tmp_path, "--force", "--formats", "vtt")
    assert result.exit_code == 0, result.output
    kept = sorted(folder.glob("ep1.en.edited-*.vtt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == edited_text
    assert "1 corrected sentence(s) learned" in result.stdout
    again = read_file(track).cues
    assert " ".join(c.text.replace("\n", " ") for c in again[:n]) == GREETING_EN


def test_edits_are_told_from_what_subkit_wrote_in_every_case(with_model, tmp_path):
    """An edited second format (--formats srt,vtt) is kept and learned; files a killed run left are
    no edits; with the manifest lost, an edit is kept (not learned) rather than overwritten."""
    from subkit.episode.manifest import MANIFEST_NAME, note_written

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ep1.txt").write_text(EP1, encoding="utf-8")
    assert run(tmp_path, "--formats", "srt,vtt").exit_code == 0
    folder = tmp_path / "out" / "ep1"
    vtt = folder / "ep1.en.vtt"
    edited = vtt.read_text(encoding="utf-8").replace(" the ", " THE-EDIT ", 1)
    assert edited != vtt.read_text(encoding="utf-8")
    vtt.write_text(edited, encoding="utf-8")
    result = run(tmp_path, "--formats", "srt,vtt", "--force")
    assert result.exit_code == 0, result.output
    (kept,) = folder.glob("ep1.en.edited-*.vtt")
    assert kept.read_text(encoding="utf-8") == edited and "ep1.en.vtt was edited by hand" in result.stdout

    # a run killed after writing new tracks, before the manifest recorded them: its files are its own
    for track in (folder / "ep1.fr.srt", folder / "ep1.en.srt"):
        text = track.read_text(encoding="utf-8").replace("\n\n", "\n\n", 1) + "\n"  # what that run wrote
        track.write_text(text, encoding="utf-8")
        note_written(track, text)
    result = run(tmp_path, "--formats", "srt,vtt", "--force")
    assert result.exit_code == 0 and "edited by hand" not in result.stdout, result.output
    assert len(list(folder.glob("*.edited-*"))) == 1  # only the real edit of before

    # the manifest (and the folder's record) lost: an edited track is kept, not learned, not lost
    (tmp_path / "out" / MANIFEST_NAME).unlink()
    (folder / ".subkit-written.json").unlink()
    english = folder / "ep1.en.srt"
    english.write_text(english.read_text(encoding="utf-8").replace(" the ", " HAND-EDIT ", 1), encoding="utf-8")
    result = run(tmp_path, "--formats", "srt,vtt")
    assert result.exit_code == 0, result.output
    # nothing says subkit wrote it: no claim that a hand edited it (every untouched track said so)
    assert "ep1.en.srt is not one subkit has a record of: not learned, kept as" in result.stdout
    assert "edited by hand" not in result.stdout
    assert any("HAND-EDIT" in p.read_text(encoding="utf-8") for p in folder.glob("ep1.en.edited-*.srt"))


def test_one_english_sentence_made_of_two_french_ones_is_not_learned(with_model, tmp_path):
    """Merging two sentences into one English sentence: no French sentence gets the whole of it
    (re-translated, the first cue repeated what the second said)."""
    import sqlite3

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ep1.txt").write_text(EP1, encoding="utf-8")
    assert run(tmp_path).exit_code == 0
    folder = tmp_path / "out" / "ep1"
    texts = [c.text for c in cues(folder / "ep1.fr.srt")]
    ends = [i for i, t in enumerate(texts, 1) if t.endswith(".")]
    edit_opening(folder / "ep1.en.srt", ends[1], "Hi everyone, Sébastien here, and today we look at Toretsk.")
    result = run(tmp_path, "--force")
    assert result.exit_code == 0, result.output
    assert "0 corrected sentence(s) learned into the translation memory (2 not learned: one English sentence " \
           "for several French ones)" in result.stdout
    with sqlite3.connect(tmp_path / "tm.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM memory WHERE origin = 'edit'").fetchone()[0] == 0
