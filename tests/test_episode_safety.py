"""``subkit episode`` loses nothing it was not asked to replace: not another folder's episode of the
same name, not a subtitler's edit when the episode then fails; and one episode's trouble stays its
own. The real CLI on the seed's workspace (one model run per module; later runs come from memory)."""

from __future__ import annotations

import sqlite3

import pytest
import srt

from episode_support import NAME, OUTPUTS, Env, seed_first_run, workspace_copy


@pytest.fixture(scope="module")
def first_run(argos_dir, tmp_path_factory):
    return seed_first_run(argos_dir, tmp_path_factory.mktemp("episode"))


@pytest.fixture()
def env(first_run, argos_dir, tmp_path, monkeypatch) -> Env:
    return workspace_copy(first_run[0], argos_dir, tmp_path, monkeypatch)


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


def test_only_edited_sentences_are_counted_not_learned(env):
    # "8 not learned: one English sentence for several French ones": the model's own merges, untouched
    _edit_first_cue(env, "Kursk lost, Toretsk taken back?")
    result = env.run(str(env.inputs), "--force")
    assert result.exit_code in (0, 1), result.output
    note = next(line for line in result.stdout.splitlines() if "edited by hand" in line)
    assert "1 corrected sentence(s) learned into the translation memory, kept as" in note, note
    assert _edit_entries(env) == 1
    assert all((env.out / NAME / f).is_file() for f in OUTPUTS)
