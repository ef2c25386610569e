"""``subkit episode`` with the recording beside the transcript: the French track is timed from it,
and its hash joins the manifest's input hash."""

from __future__ import annotations

from pathlib import Path

import pytest

from subkit.episode.media import input_digest, media_for
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
