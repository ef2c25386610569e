"""``subkit segment --audio``: cue times from the speech of an espeak-ng recording with music at both ends."""

from __future__ import annotations

import contextlib
import io

import pytest
import srt

pytest.importorskip("av")
pytest.importorskip("espeakng_loader")

from audio_fixtures import ANNA, FRENCH, NEWS, PAUL, RATE, programme, recording, write_media  # noqa: E402
from segment_checks import limit_problems, words  # noqa: E402

from subkit.cli import main  # noqa: E402
from subkit.profiles import get_profile  # noqa: E402

INTRO_S, OUTRO_S = 15.0, 8.0


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    d = tmp_path_factory.mktemp("segaudio")
    x, starts, spoken = recording(intro_s=INTRO_S, outro_s=OUTRO_S, voice="fr+m3", speed=130, pitch=30, noise=0.004)
    write_media(d / "ep.mp4", x, codec="aac", video=True)
    sentences = FRENCH.split(". ")
    # the author's paragraphs: four sentences each
    text = ". ".join(sentences[:4]) + ".\n" + ". ".join(sentences[4:]) + "\n"
    (d / "ep.txt").write_text(text, encoding="utf-8")
    out = d / "ep.fr.srt"
    with pytest.raises(SystemExit) as done:
        main(["segment", str(d / "ep.txt"), "--audio", str(d / "ep.mp4"), "-o", str(out)])
    assert done.value.code in (0, None)
    return list(srt.parse(out.read_text(encoding="utf-8"))), starts, spoken, len(x) / RATE


def test_every_word_kept_and_no_limit_broken(made):
    subs, _, spoken, _ = made
    assert words(" ".join(s.content for s in subs)) == words(" ".join(spoken))
    assert limit_problems(subs, get_profile("netflix-fr")) == []


def test_no_cue_in_the_music(made):
    subs, _, _, total = made
    assert subs[0].start.total_seconds() >= INTRO_S
    assert subs[-1].end.total_seconds() <= total - OUTRO_S


def test_cues_that_begin_a_phrase_start_with_it(made):
    subs, starts, spoken, _ = made
    phrase_starts = {0} | {k + 1 for k, w in enumerate(spoken[:-1]) if w.endswith((".", ","))}
    k, hits, total = 0, 0, 0
    for sub in subs:
        if k in phrase_starts:
            total += 1
            hits += abs(sub.start.total_seconds() - starts[k]) <= 0.25
        k += len(words(sub.content))
    assert total >= 5 and hits / total >= 0.85


def test_bad_recording_writes_nothing(tmp_path, capsys):
    (tmp_path / "ep.txt").write_text(FRENCH + "\n", encoding="utf-8")
    x, _, _ = recording("Bonjour à tous.")
    write_media(tmp_path / "short.wav", x)
    (tmp_path / "broken.mkv").write_bytes(b"\x1aE\xdf\xa3" + b"\x00" * 100)
    for media, message in (("short.wav", "far shorter"), ("broken.mkv", "broken.mkv: cannot read")):
        out = tmp_path / "out.srt"
        with pytest.raises(SystemExit) as done:
            main(["segment", str(tmp_path / "ep.txt"), "--audio", str(tmp_path / media), "-o", str(out)])
        err = capsys.readouterr().err
        assert done.value.code == 2 and message in err and len(err.strip().splitlines()) == 1, err
        assert not out.exists()


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    """NEWS (tests/audio_fixtures.py) segmented: (cues, each line's and music's (start, end), stderr)."""
    d = tmp_path_factory.mktemp("news")
    x, spans = programme(NEWS)
    write_media(d / "news.wav", x)
    # the speakers labelled, as in a transcript: each turn starts a cue
    lines = [f"{'ANNA' if item[2] is ANNA else 'PAUL'} : {item[1]}" if item[0] == "say" else "[Musique]"
             for item in NEWS if item[0] != "sil"]
    (d / "news.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as done:
        main(["segment", str(d / "news.txt"), "--audio", str(d / "news.wav"), "-o", str(d / "news.srt")])
    assert done.value.code in (0, None), err.getvalue()
    return list(srt.parse((d / "news.srt").read_text(encoding="utf-8"))), spans, err.getvalue()


def _cue_of(subs, text):
    return next(s for s in subs if s.content.replace("\n", " ") == text)


def test_a_line_before_music_after_a_pause_stays_on_its_speech(news):
    """The line before 2 s of silence and music was timed into the music, which shrank to 0.7 s."""
    subs, spans, _ = news
    line = _cue_of(subs, "Soixante et onze mille chômeurs de plus.")
    start, end = spans[7]
    # (lending reading time may show it up to 1 s early, never late)
    assert start - 1.0 <= line.start.total_seconds() <= start + 0.1 and line.end.total_seconds() <= end + 0.5
    music = [s for s in subs if s.content == "[Musique]"][1]
    assert music.start.total_seconds() <= start + 4.0 and music.end.total_seconds() >= spans[9][0] - 0.5


def test_a_short_last_line_on_its_speech_is_not_doubted(news):
    """"À demain.", timed right, alone between two pauses, was named "a poor match for its words"."""
    subs, spans, err = news
    assert abs(_cue_of(subs, "À demain.").start.total_seconds() - spans[-2][0]) <= 0.25  # (0.2 s lent)
    assert "poor match" not in err and "perhaps not said" not in err, err


def test_quick_turns_start_on_their_speech(tmp_path):
    """Each short turn's shortage of reading time was passed on to the next cue's start, adding up:
    "Pourquoi ?" (0.45 s) showed only after it was said, the next line a second late."""
    paul = dict(PAUL, voice="fr+m3", speed=170, pitch=35)
    plan = [("sil", 1.0), ("say", "Vous étiez là en deux mille quinze ?", paul), ("sil", 0.15),
            ("say", "Oui.", ANNA), ("sil", 0.15), ("say", "Et en deux mille seize ?", paul), ("sil", 0.15),
            ("say", "Non.", ANNA), ("sil", 0.15), ("say", "Pourquoi ?", paul), ("sil", 0.2),
            ("say", "Parce que le trente et un décembre, il faisait moins douze degrés.", ANNA), ("sil", 1.0)]
    x, spans = programme(plan)
    write_media(tmp_path / "d.wav", x)
    said = [item[1] for item in plan if item[0] == "say"]
    text = "".join(f"{'ANNA' if k % 2 else 'PAUL'} : {line}\n" for k, line in enumerate(said))
    (tmp_path / "d.txt").write_text(text, encoding="utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit):
        main(["segment", str(tmp_path / "d.txt"), "--audio", str(tmp_path / "d.wav"), "-o", str(tmp_path / "d.srt")])
    subs = list(srt.parse((tmp_path / "d.srt").read_text(encoding="utf-8")))
    firsts = [line.split()[0] for line in said]  # each line's first word: all differ
    for sub in subs:
        start, end = spans[firsts.index(sub.content.lstrip("- ").split()[0])]  # the line it starts with
        assert sub.start.total_seconds() <= min(start + 0.35, end - 0.1), (sub, start, end, err.getvalue())
