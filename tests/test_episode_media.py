"""``subkit episode`` with the recording beside the transcript: the French track is timed from it,
and its hash joins the manifest's input hash."""

from __future__ import annotations

import re
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


# --------------------------------------------------------------------------- how sure the timing is


def test_speech_runs_are_the_gaps_between_pauses_and_stay_few():
    from subkit.report import MAX_SPEECH_RUNS, speech_runs

    assert speech_runs([(0, 500), (1000, 1300), (2000, 2600)], 3000) == [[0.5, 1.0], [1.3, 2.0], [2.6, 3.0]]
    assert speech_runs([], 1500) == [[0.0, 1.5]]
    # an hour with a pause every ~1.1 s: the strip keeps the longest pauses only
    pauses = [(k * 1100, k * 1100 + 200 + (k * 37) % 500) for k in range(3200)]
    runs = speech_runs(pauses, 3200 * 1100 + 1000)
    assert len(runs) <= MAX_SPEECH_RUNS
    assert all(a < b <= c for (a, b), (c, _) in zip(runs, runs[1:]))
    gaps = {(round(b * 1000), round(c * 1000)) for (_, b), (c, _) in zip(runs, runs[1:])}
    longest = sorted(pauses, key=lambda p: p[0] - p[1])[:100]
    assert all(p in gaps for p in longest)


def test_segment_with_audio_says_how_sure_each_cue_is(tmp_path):
    pytest.importorskip("av")
    pytest.importorskip("espeakng_loader")
    from audio_fixtures import FRENCH, RATE, recording, write_media

    from subkit.report import LOW_CONFIDENCE, audio_summary
    from subkit.segment import segment_transcript

    text = ". ".join(FRENCH.split(". ")[:4]) + "."
    x, _, _ = recording(text, intro_s=3, speed=140)
    write_media(tmp_path / "ep.wav", x)
    right = segment_transcript(text, lang="fr", audio=str(tmp_path / "ep.wav"))
    assert right.audio is not None and len(right.audio.confidence) == len(right.cues)
    assert all(c >= LOW_CONFIDENCE for c in right.audio.confidence)
    assert abs(right.audio.duration_ms - len(x) / RATE * 1000) <= 20
    assert segment_transcript(text, lang="fr").audio is None
    # the last sentence is not what is said: its cue, and only it, is doubtful
    said = "Les habitants qui restent vivent dans les caves, sans eau ni électricité."
    assert said in text
    unsaid = "Mon chat aime beaucoup dormir au soleil sur le balcon de la cuisine."
    wrong = segment_transcript(text.replace(said, unsaid), lang="fr", audio=str(tmp_path / "ep.wav"))
    doubtful = [c.text for c, k in zip(wrong.cues, wrong.audio.confidence) if k < LOW_CONFIDENCE]
    assert doubtful and all("chat" in t or "balcon" in t for t in doubtful)
    block = audio_summary("ep.wav", wrong.audio.duration_ms, wrong.audio.pauses, wrong.audio.confidence)
    assert block["low_confidence_cues"] == len(doubtful) and block["pauses"] == len(wrong.audio.pauses) > 0
    assert 0 <= block["median_confidence"] <= 1 and block["speech"][-1][1] <= block["duration"]


# --------------------------------------------------------------------------- the real CLI, end to end


def _page_classes(html: str) -> list[str]:
    from html_page import Page

    page = Page(html)
    assert not page.errors and not page.stack
    return [value or "" for _, name, value in page.attrs if name == "class"]


class Workspace:
    """Transcripts in ``in/``, their recordings in ``media/``, outputs in ``out/``."""

    def __init__(self, base: Path):
        self.base, self.inputs, self.media, self.out = base, base / "in", base / "media", base / "out"

    def run(self, *args: str):
        from click.testing import CliRunner

        from subkit.cli import cli

        argv = ["episode", str(self.inputs), "--media", str(self.media), "--out", str(self.out),
                "--memory", str(self.base / "memory.sqlite3"), *args]
        return CliRunner().invoke(cli, argv, catch_exceptions=False)

    def report(self, name: str) -> dict:
        import json

        return json.loads((self.out / name / f"{name}.report.json").read_text("utf-8"))


def _record(path: Path, text: str, codec: str = "pcm_s16le", **voice) -> None:
    from audio_fixtures import recording, write_media

    x, _, _ = recording(text, **voice)
    write_media(path, x, codec=codec)


TEXT = "Le 24 février 2022, la Russie a lancé une invasion de grande ampleur de l'Ukraine. " \
       "Depuis, les combats se concentrent dans l'est du pays, autour de la ville de Bakhmout."


@pytest.fixture(scope="module")
def media_run(argos_dir, tmp_path_factory):
    """(workspace, result) of a first run: ``ep`` has its recording in --media, ``plain`` has none."""
    pytest.importorskip("av")
    pytest.importorskip("espeakng_loader")
    ws = Workspace(tmp_path_factory.mktemp("episode-media"))
    ws.inputs.mkdir()
    ws.media.mkdir()
    for name in ("ep", "plain"):
        (ws.inputs / f"{name}.txt").write_text(TEXT + "\n", encoding="utf-8")
    _record(ws.media / "ep.wav", TEXT, intro_s=4, speed=140)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(argos_dir))
        patch.setenv("XDG_CACHE_HOME", str(ws.base / "cache"))
        result = ws.run()
    return ws, result


@pytest.fixture()
def ws(media_run, argos_dir, tmp_path, monkeypatch) -> Workspace:
    """This test's own copy of the first run's workspace."""
    import shutil

    copy = Workspace(tmp_path / "ws")
    shutil.copytree(media_run[0].base, copy.base, ignore=shutil.ignore_patterns("cache"))
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return copy


def test_media_dir_times_the_track_and_the_report_shows_how_surely(media_run):
    ws, result = media_run
    assert result.exit_code in (0, 1), result.output
    assert f"ep: segment: timing from {ws.media / 'ep.wav'} (from --media)" in result.output
    assert "plain: segment: timing from" not in result.output
    doc = ws.report("ep")
    audio = doc["audio"]
    assert audio["media"] == "ep.wav" and audio["pauses"] > 0 and 4 < audio["duration"] < 30
    cues = doc["tracks"]["fr"]["cues"]
    confidences = [c["alignment_confidence"] for c in cues]
    assert confidences and all(isinstance(k, float) and 0 <= k <= 1 for k in confidences)
    assert audio["low_confidence_cues"] == sum(k < audio["low_confidence_below"] for k in confidences)
    assert cues[0]["start"] >= 4  # after the music intro
    assert doc["options"]["media_dir"] == str(ws.media)
    html = (ws.out / "ep" / "ep.report.html").read_text("utf-8")
    classes = _page_classes(html)
    assert classes.count("strip") == 1
    # the strip: the speech runs (paths of rectangles at y 6) and every French cue (at y 32: sure ones
    # in a path, the others linked rects), each starting where the chart draws it (one time axis)
    strip = html[html.index('<svg class="strip"'):]
    strip = strip[:strip.index("</svg>")]
    assert len(re.findall(r"M[\d.]+ 6h", strip)) == len(audio["speech"])
    strip_x = re.findall(r"M([\d.]+) 32h", strip) + re.findall(r'<rect x="([\d.]+)" y="32"', strip)
    chart_x = re.findall(r'<line x1="([\d.]+)"[^>]*stroke-width="3"><title>FR #', html)
    assert len(chart_x) == len(cues) and sorted(strip_x, key=float) == sorted(chart_x, key=float)
    assert sum(c.startswith("conf ") for c in classes) == len(cues)


def test_a_doubtful_cue_is_marked_and_linked(media_run):
    from subkit.report import render_html

    ws, _ = media_run
    doc = ws.report("ep")
    doc["tracks"]["fr"]["cues"][-1]["alignment_confidence"] = 0.3  # as if its text were not what is said
    html = render_html(doc)
    last = doc["tracks"]["fr"]["cues"][-1]["index"]
    assert _page_classes(html).count("conf low") == 1 and '<span class="conf low">align 0.30</span>' in html
    assert f'<a href="#fr-{last}"><rect' in html and 'class="cue-low"' in html
    at = html.index(f'id="fr-{last}"')
    assert html[html.rindex("<tr", 0, at):].startswith("<tr>")  # not "clean": "only cues with problems" keeps it


def test_without_a_recording_the_report_has_no_audio(media_run):
    ws, _ = media_run
    doc = ws.report("plain")
    assert doc["audio"] is None
    assert all(c["alignment_confidence"] is None for c in doc["tracks"]["fr"]["cues"])
    assert all("alignment_confidence" not in c for c in doc["tracks"]["en"]["cues"])
    classes = _page_classes((ws.out / "plain" / "plain.report.html").read_text("utf-8"))
    assert "strip" not in classes and not any(c.startswith("conf") for c in classes)


def test_a_new_recording_redoes_the_episode(ws):
    import json

    again = ws.run()
    assert "ep: unchanged since the last run, skipped" in again.output
    before = json.loads((ws.out / "subkit-episodes.json").read_text("utf-8"))["episodes"]
    _record(ws.media / "ep.wav", TEXT, intro_s=2, speed=140)  # re-cut: a shorter intro
    redone = ws.run()
    assert redone.exit_code in (0, 1), redone.output
    assert "ep: segment: timing from" in redone.output and "plain: unchanged" in redone.output
    after = json.loads((ws.out / "subkit-episodes.json").read_text("utf-8"))["episodes"]
    assert after["ep"]["input_sha256"] != before["ep"]["input_sha256"]
    assert after["plain"] == before["plain"]
    assert 2 <= ws.report("ep")["tracks"]["fr"]["cues"][0]["start"] < 4


def test_a_recording_beside_the_transcript_wins(ws):
    _record(ws.inputs / "ep.m4a", TEXT, codec="aac", intro_s=7, speed=140)
    redone = ws.run()
    assert redone.exit_code in (0, 1), redone.output
    assert f"ep: segment: timing from {ws.inputs / 'ep.m4a'} (beside the transcript)" in redone.output
    doc = ws.report("ep")
    assert doc["audio"]["media"] == "ep.m4a" and doc["tracks"]["fr"]["cues"][0]["start"] >= 7
