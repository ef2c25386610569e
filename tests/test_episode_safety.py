"""``subkit episode`` loses nothing it was not asked to replace: not another folder's episode of the
same name, not a subtitler's edit when the episode then fails; and one episode's trouble stays its
own. The real CLI on the seed's workspace (one model run per module; later runs come from memory)."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
import srt

from episode_support import NAME, OUTPUTS, SEED, Env, row, seed_first_run, workspace_copy
from folder_support import read_only


@pytest.fixture(scope="module")
def first_run(argos_dir, tmp_path_factory):
    return seed_first_run(argos_dir, tmp_path_factory.mktemp("episode"))


@pytest.fixture()
def env(first_run, argos_dir, tmp_path, monkeypatch) -> Env:
    return workspace_copy(first_run[0], argos_dir, tmp_path, monkeypatch)


def _files(env: Env) -> dict[str, bytes]:
    folder = env.out / NAME
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def _made_from(env: Env) -> str:
    return json.loads((env.out / "subkit-episodes.json").read_text("utf-8"))["episodes"][NAME]["input"]


def _error(result, name: str = NAME) -> str:
    return next(line for line in result.stdout.splitlines() if line.startswith(f"{name}: error: "))


def _edit_first_cue(env: Env, text: str) -> bytes:
    """A subtitler's fix of the English track's first cue (a whole sentence in both tracks)."""
    track = env.out / NAME / f"{NAME}.en.srt"
    cues = list(srt.parse(track.read_text("utf-8")))
    cues[0].content = text
    track.write_text(srt.compose(cues), encoding="utf-8")
    return track.read_bytes()


def _edit_entries(env: Env) -> int:
    with sqlite3.connect(env.memory) as conn:
        return conn.execute("SELECT count(*) FROM memory WHERE origin = 'edit'").fetchone()[0]


def test_an_episode_of_the_same_name_from_another_folder_is_refused_not_overwritten(env):
    # week 2's emission.txt silently replaced week 1's subtitles
    lines = SEED.read_text("utf-8").splitlines()
    week2 = env.base / "week2"
    week2.mkdir()
    (week2 / SEED.name).write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
    before, made_from = _files(env), _made_from(env)
    result = env.run(str(week2))
    assert result.exit_code == 2, result.output
    assert " FAILED " in row(result)
    error = _error(result)
    assert str(week2 / SEED.name) in error and str(env.inputs / SEED.name) in error, error
    assert "another --out" in error and "--force" in error
    assert _files(env) == before and _made_from(env) == made_from
    # the same transcript elsewhere is no other episode: still up to date
    moved = env.base / "moved"
    shutil.copytree(env.inputs, moved)
    assert " skipped " in row(env.run(str(moved)))
    # --force replaces it, and the episode is then week 2's: a change there is redone as usual
    assert " done " in row(env.run(str(week2), "--force"))
    assert _made_from(env) == str(week2 / SEED.name)
    assert " FAILED " in row(env.run(str(env.inputs)))
    (week2 / SEED.name).write_text("\n".join(lines[:20]) + "\n", encoding="utf-8")
    assert " done " in row(env.run(str(week2)))


def test_an_edit_that_cannot_be_kept_fails_its_episode_only(env):
    # one read-only episode folder stopped the whole run: no table, the other episodes never done
    lines = SEED.read_text("utf-8").splitlines()
    for n, part in enumerate((lines[:30], lines[30:60]), 1):
        (env.inputs / f"short{n}.txt").write_text("\n".join(part) + "\n", encoding="utf-8")
    edited = _edit_first_cue(env, "Kursk lost, Toretsk taken back?")
    undo = read_only(env.out / NAME)
    if undo is None:
        pytest.skip("running as root without the right to bind-mount: no read-only folder can be made")
    try:
        result = env.run(str(env.inputs), "--force")
    finally:
        undo()
    assert result.exit_code == 2, result.output
    assert " FAILED " in row(result)
    assert " done " in row(result, "short1") and " done " in row(result, "short2")
    assert "cannot keep the hand-edited file" in _error(result), result.output
    assert (env.out / NAME / f"{NAME}.en.srt").read_bytes() == edited


def test_an_episode_that_fails_on_its_transcript_leaves_its_edits_where_they_are(env):
    # the edit was learned and moved aside, then the emptied transcript failed: no NAME.en.srt left
    edited = _edit_first_cue(env, "Kursk lost, Toretsk taken back?")
    before = _files(env)
    (env.inputs / SEED.name).write_text("", encoding="utf-8")
    result = env.run(str(env.inputs))
    assert result.exit_code == 2, result.output
    assert " FAILED " in row(result) and "no text to segment" in _error(result)
    assert _files(env) == before and (env.out / NAME / f"{NAME}.en.srt").read_bytes() == edited
    assert _edit_entries(env) == 0


def test_only_edited_sentences_are_counted_not_learned(env):
    # "8 not learned: one English sentence for several French ones": the model's own merges, untouched
    _edit_first_cue(env, "Kursk lost, Toretsk taken back?")
    result = env.run(str(env.inputs), "--force")
    assert result.exit_code in (0, 1), result.output
    note = next(line for line in result.stdout.splitlines() if "edited by hand" in line)
    assert "1 corrected sentence(s) learned into the translation memory, kept as" in note, note
    assert _edit_entries(env) == 1
    assert all((env.out / NAME / f).is_file() for f in OUTPUTS)
