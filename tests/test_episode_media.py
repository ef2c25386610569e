"""``subkit episode`` with the recording beside the transcript: the French track is timed from it,
and its hash joins the manifest's input hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from subkit.episode.media import episode_input, input_digest, media_for
from subkit.episode.options import EpisodeOptions
from subkit.episode.steps import EpisodePaths, read_step, segment_step


def test_media_beside_the_transcript_and_its_hash(tmp_path):
    txt = tmp_path / "ep1.txt"
    txt.write_text("Bonjour.\n", encoding="utf-8")
    assert media_for(txt) is None
    assert input_digest("abc", None) == "abc"
    (tmp_path / "ep1.mp4").write_bytes(b"video")
    (tmp_path / "ep1.wav").write_bytes(b"one")
    (tmp_path / "ep2.wav").write_bytes(b"other episode")
    assert media_for(txt) == tmp_path / "ep1.wav"  # audio first
    first = input_digest("abc", media_for(txt))
    (tmp_path / "ep1.wav").write_bytes(b"two")
    assert first != input_digest("abc", media_for(txt)) != "abc"


def test_media_dir_is_looked_in_when_none_lies_beside(tmp_path):
    (tmp_path / "media").mkdir()
    txt = tmp_path / "ep1.txt"
    txt.write_text("Bonjour.\n", encoding="utf-8")
    (tmp_path / "media" / "ep1.MKV").write_bytes(b"video")
    (tmp_path / "media" / "ep10.wav").write_bytes(b"another episode")
    assert media_for(txt) is None
    assert media_for(txt, tmp_path / "media") == tmp_path / "media" / "ep1.MKV"
    (tmp_path / "ep1.mp3").write_bytes(b"beside")
    assert media_for(txt, tmp_path / "media") == tmp_path / "ep1.mp3"  # beside the transcript wins
    digest, media = episode_input(txt, "abc", tmp_path / "media")
    assert media == tmp_path / "ep1.mp3" and digest == input_digest("abc", media)


def test_media_option_must_be_a_directory(tmp_path):
    from click.testing import CliRunner

    from subkit.cli import cli
    from subkit.errors import SubkitError

    (tmp_path / "ep.txt").write_text("Bonjour à tous.\n", encoding="utf-8")
    (tmp_path / "file.wav").write_bytes(b"x")
    for bad in ("missing", "file.wav"):
        result = CliRunner().invoke(cli, ["episode", str(tmp_path / "ep.txt"), "--media", str(tmp_path / bad),
                                          "--out", str(tmp_path / "out")])
        assert result.exit_code == 2, result.output
        assert "--media" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    with pytest.raises(SubkitError, match="--media is not a directory"):
        EpisodeOptions(media_dir=str(tmp_path / "file.wav")).check()


def test_segment_step_times_the_track_from_the_recording(tmp_path):
    pytest.importorskip("av")
    pytest.importorskip("espeakng_loader")
    from audio_fixtures import FRENCH, recording, write_media

    txt = tmp_path / "ep.txt"
    txt.write_text(FRENCH + "\n", encoding="utf-8")
    x, starts, _ = recording(intro_s=12, speed=130, voice="fr+m3")
    write_media(tmp_path / "ep.m4a", x, codec="aac")
    options = EpisodeOptions()
    lines: list[str] = []
    transcript = read_step(txt, options)
    done = segment_step(txt, transcript, EpisodePaths.of(tmp_path / "out", "ep", options), options, lines.append)
    cues = done.result.cues
    assert abs(cues[0].start / 1000 - starts[0]) <= 0.25 and cues[0].start >= 12_000
    assert any("timing from" in line for line in lines)
    assert Path(tmp_path / "out" / "ep" / "ep.fr.srt").exists()


def test_a_recording_of_another_episode_fails_that_episode(tmp_path):
    pytest.importorskip("av")
    pytest.importorskip("espeakng_loader")
    from audio_fixtures import recording, write_media

    from subkit.errors import SubkitError

    txt = tmp_path / "ep.txt"
    txt.write_text("Il était une fois un petit chat qui aimait le lait chaud et les longues siestes. " * 4,
                   encoding="utf-8")
    x, _, _ = recording()
    write_media(tmp_path / "ep.wav", x)
    options = EpisodeOptions()
    with pytest.raises(SubkitError, match="ep.wav: the text does not match"):
        segment_step(txt, read_step(txt, options), EpisodePaths.of(tmp_path / "out", "ep", options), options,
                     lambda line: None)
    assert not (tmp_path / "out" / "ep" / "ep.fr.srt").exists()


def test_skip_and_record_use_the_same_input_hash(tmp_path):
    # the runner's skip check hashes the files itself; it must agree with what read_step records
    from subkit.episode.manifest import sha256_file

    txt = tmp_path / "ep.txt"
    txt.write_text("Bonjour à tous, voici les nouvelles de la semaine.\n", encoding="utf-8")
    (tmp_path / "ep.ogg").write_bytes(b"not really audio, only hashed here")
    recorded = read_step(txt, EpisodeOptions(force_language=True)).sha256
    assert recorded == input_digest(sha256_file(txt), media_for(txt)) != sha256_file(txt)
