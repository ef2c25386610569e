"""``subkit sync``: an SRT re-timed to espeak-ng recordings whose word times are known exactly."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("av")
pytest.importorskip("espeakng_loader")

from audio_fixtures import FRENCH, NEWS, RATE, programme, recording, write_media  # noqa: E402

from subkit.cli import main  # noqa: E402
from subkit.cues import Cue, compose_srt, format_vtt  # noqa: E402
from subkit.srtio import parse_srt  # noqa: E402
from subkit.sync import snap_to_pauses, spoken_text  # noqa: E402

CUE_WORDS = 7


def _cues_and_truth(x, starts, words, speech_end):
    """Cues of CUE_WORDS words with wrong times (a drifting hand-made file), and each cue's true
    speech start and end (the end from the clean signal's energy)."""
    groups = [list(range(k, min(k + CUE_WORDS, len(words)))) for k in range(0, len(words), CUE_WORDS)]
    cues = []
    for n, g in enumerate(groups):
        text = " ".join(words[i] for i in g)
        half = len(text) // 2
        cut = text.find(" ", half)
        lines = text if cut < 0 or len(text) <= 42 else text[:cut] + "\n" + text[cut + 1:]
        cues.append(Cue.from_text(5000 + n * 3100, 5000 + n * 3100 + 2500, lines, n + 1))
    frame = RATE // 100
    loud = np.array([np.abs(x[i:i + frame]).max() > 0.02 for i in range(0, len(x), frame)])
    true_start = np.array([starts[g[0]] for g in groups])
    true_end = []
    for n, g in enumerate(groups):
        stop = starts[groups[n + 1][0]] if n + 1 < len(groups) else speech_end
        f = np.flatnonzero(loud[int(true_start[n] * 100):int(stop * 100)])
        true_end.append(true_start[n] + (f[-1] + 1) / 100)
    return cues, true_start, np.array(true_end)


@pytest.fixture(scope="module")
def episode(tmp_path_factory):
    d = tmp_path_factory.mktemp("sync")
    x, starts, words = recording(intro_s=12, outro_s=8, voice="fr+m1", speed=165, pitch=25, noise=0.005)
    write_media(d / "ep.m4a", x, codec="aac")
    write_media(d / "ep.wav", x)
    cues, true_start, true_end = _cues_and_truth(x, starts, words, len(x) / RATE - 9.0)  # 1 s + outro
    (d / "ep.srt").write_text(compose_srt(cues), encoding="utf-8")
    return d, cues, true_start, true_end


@pytest.mark.parametrize("media", ["ep.wav", "ep.m4a"])
def test_sync_retimes_without_touching_text(episode, media, capsys):
    d, cues, true_start, true_end = episode
    out = d / f"out-{media}.srt"
    with pytest.raises(SystemExit) as done:
        main(["sync", str(d / "ep.srt"), "--audio", str(d / media), "-o", str(out)])
    assert done.value.code in (0, None)
    got = parse_srt(out.read_text(encoding="utf-8"), "out")
    assert [c.text for c in got] == [c.text for c in cues]
    starts = np.array([c.start for c in got]) / 1000
    ends = np.array([c.end for c in got]) / 1000
    err = np.abs(starts - true_start)
    assert np.median(err) <= 0.06 and np.percentile(err, 90) <= 0.25 and np.percentile(err, 95) <= 0.5
    early = true_end - ends
    assert early.max() <= 0.15, early  # a cue never ends more than 150 ms before its speech
    assert np.mean(ends - true_end > 1.0) <= 0.2
    assert starts.min() >= 12.0 and ends.max() <= len(cues) * 10  # nothing in the intro music
    err = capsys.readouterr().err
    assert "cue(s) timed from" in err and "none doubtful" in err


def test_sync_keeps_webvtt_settings_and_notes(episode, capsys):
    """A WebVTT file is re-timed as WebVTT: cue settings, identifiers and NOTE blocks stay."""
    from subkit.formats import read_file

    d, cues, true_start, _ = episode
    blocks = ["WEBVTT - episode", "", "NOTE checked by the subtitler", ""]
    for n, c in enumerate(cues):
        blocks += [f"cue-{n}", f"{format_vtt(c.start)} --> {format_vtt(c.end)} line:0 align:start", c.text, ""]
    src = d / "ep.vtt"
    src.write_text("\n".join(blocks), encoding="utf-8")
    out = d / "out.vtt"
    with pytest.raises(SystemExit) as done:
        main(["sync", str(src), "--audio", str(d / "ep.wav"), "-o", str(out)])
    assert done.value.code in (0, None), capsys.readouterr().err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT - episode") and "NOTE checked by the subtitler" in text
    got = read_file(out)
    assert [c.text for c in got.cues] == [c.text for c in cues]
    assert {c.settings for c in got.cues} == {"line:0 align:start"}
    assert "cue-0" in text and f"cue-{len(cues) - 1}" in text
    err = np.abs(np.array([c.start for c in got.cues]) / 1000 - true_start)
    assert np.median(err) <= 0.06  # timed from the speech, not left where they were


def test_sync_bad_inputs(episode, tmp_path, capsys):
    d, cues, _, _ = episode
    srt = d / "ep.srt"
    cases = []
    silent = tmp_path / "notes.mp4"
    silent.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200)
    cases.append((["sync", str(srt), "--audio", str(silent)], "notes.mp4"))
    other = [Cue.from_text(i * 3000, i * 3000 + 2000, "Il était une fois un petit chat qui aimait le lait", i + 1)
             for i in range(12)]
    wrong = tmp_path / "other.srt"
    wrong.write_text(compose_srt(other), encoding="utf-8")
    cases.append((["sync", str(wrong), "--audio", str(d / "ep.wav")], "does not match the speech"))
    cases.append((["sync", str(srt), "--audio", str(d / "ep.wav"), "-o", str(srt)], "refusing to overwrite"))
    joined = tmp_path / "joined.srt"  # index "3b": read as more text of the cue before, a timing line with it
    joined.write_text(compose_srt(cues[:4]).replace("\n3\n", "\n3b\n"), encoding="utf-8")
    line = joined.read_text(encoding="utf-8").splitlines().index("3b") + 2
    cases.append((["sync", str(joined), "--audio", str(d / "ep.wav")],
                  f"{joined}:{line}: a timing line inside the text of cue 2: a malformed block (index '3b'?)"))
    for argv, message in cases:
        out = tmp_path / "never.srt"
        if "-o" not in argv:
            argv = argv + ["-o", str(out)]
        with pytest.raises(SystemExit) as done:
            main(argv)
        err = capsys.readouterr().err
        assert done.value.code == 2 and message in err and "Traceback" not in err, err
        assert len(err.strip().splitlines()) == 1, err
        assert not out.exists()


def test_sound_cues_keep_their_time_and_an_unspoken_line_is_named(episode, tmp_path, capsys):
    """A subtitler's "♪ Musique ♪" over the intro stays there (it was crushed into 40 ms before the
    first word); a sentence the recording does not hold is named as doubtful."""
    d, cues, true_start, _ = episode
    extra = Cue.from_text(0, 0, "Nous reviendrons sur ce sujet la semaine prochaine avec nos invités.")
    middle = len(cues) // 2
    edited = ([Cue.from_text(2000, 5000, "♪ Musique ♪")] + list(cues[:middle])
              + [extra.with_times(cues[middle].start - 50, cues[middle].start - 10)] + list(cues[middle:]))
    src = tmp_path / "extra.srt"
    src.write_text(compose_srt(edited), encoding="utf-8")
    out = tmp_path / "out.srt"
    with pytest.raises(SystemExit) as done:
        main(["sync", str(src), "--audio", str(d / "ep.wav"), "-o", str(out)])
    err = capsys.readouterr().err
    assert done.value.code in (0, None), err
    got = parse_srt(out.read_text(encoding="utf-8"), "out")
    assert (got[0].start, got[0].end) == (2000, 5000) and "1 sound cue(s) kept on their own time" in err
    assert f"doubtful: cue {middle + 2}" in err and f"cue {middle + 2}: " in err
    assert abs(got[middle + 2].start / 1000 - true_start[middle]) < 0.3  # the next real cue on its speech
    assert spoken_text(Cue.from_text(0, 1, "[MUSIQUE DOUCE] Bonjour ♪ la la ♪ à tous\n(rires)")) == "Bonjour à tous"


def test_spoken_text_and_snapping():
    cue = Cue.from_text(0, 1000, "- <i>Bonjour</i> !\n- Salut.")
    assert spoken_text(cue) == "Bonjour ! Salut."
    # back onto a pause that ended 200 ms earlier; never forward, never from farther than 300 ms
    spans = [(1000, 2000), (5000, 6000), (7000, 8000)]
    pauses = [(500, 800), (4000, 5200), (6000, 6600)]
    assert snap_to_pauses(spans, pauses, 300) == [(800, 2000), (5000, 6000), (7000, 8000)]
    assert snap_to_pauses(spans, pauses, 0) == spans


def test_english_speech_syncs_with_the_english_voice(tmp_path):
    text = ("The city was quiet that morning. Nobody expected the news that would arrive before noon. "
            "By evening, every channel in the country was talking about it.")
    from subkit.align.synth import synthesize
    from audio_fixtures import resample

    words = text.split()
    syn = synthesize(words, "en", speed=150, pitch=30, voice="en+m3")
    x = np.concatenate([np.zeros(RATE, np.float32), resample(syn.samples, syn.rate)])
    write_media(tmp_path / "en.wav", x)
    cues = [Cue.from_text(i * 1000, i * 1000 + 900, " ".join(words[k:k + 6]), i + 1)
            for i, k in enumerate(range(0, len(words), 6))]
    (tmp_path / "en.srt").write_text(compose_srt(cues), encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["sync", str(tmp_path / "en.srt"), "--audio", str(tmp_path / "en.wav"), "-o", str(tmp_path / "o.srt"),
              "--lang", "en"])
    got = parse_srt((tmp_path / "o.srt").read_text(encoding="utf-8"), "o")
    truth = 1.0 + syn.word_starts[::6] / syn.rate
    assert np.median(np.abs(np.array([c.start for c in got]) / 1000 - truth)) < 0.06


assert FRENCH


def test_lend_time_takes_reading_time_from_neighbours():
    from subkit.profiles import get_profile
    from subkit.sync import lend_time

    profile = get_profile("netflix-fr")
    # cue 1 holds 30 characters in 1 s of speech (needs about 1.8 s); cue 2 has slack but starts at
    # most 1/3 s later (a longer shift, passed on down quick turns, put cues after their speech)
    spans = [(0, 1000), (1080, 5000), (9000, 12000)]
    out = lend_time(spans, [30, 10, 10], profile)
    assert out[1][0] == 1080 + 330 and out[0][1] == out[1][0] - 80 and out[2] == (9000, 12000)
    # ... and never past the middle of its speech; times shared out of subtitle cues move on further
    assert lend_time([(0, 1000), (1080, 1400)], [30, 4], profile)[1][0] == 1080 + 160
    shared = lend_time(spans, [30, 10, 10], profile, even=True)
    assert shared[1][0] - 80 - shared[0][0] >= 30 / profile.hard_max_cps * 1000
    # an anchored cue keeps its start: the short cue starts earlier instead (at most 1 s)
    spans = [(0, 3000), (4000, 5000), (5080, 8000)]
    out = lend_time(spans, [10, 40, 10], profile, anchored=[True, False, True])
    assert out[2][0] == 5080 and out[1][0] < 4000 and out[0][1] <= out[1][0] - 80
    # the cue before keeps its own speech (its voice ends END_PAD_MS before its span): it was cut short
    out = lend_time([(0, 2000), (2100, 2400), (2500, 6000)], [10, 40, 10], profile, anchored=[True, False, True])
    assert out[0][1] >= 2000 - 120 and out[1][0] == out[0][1] + 80


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    """NEWS (tests/audio_fixtures.py) as a wav, its lines and music as cues 0.9 s late, and their true
    (start, end)."""
    d = tmp_path_factory.mktemp("news")
    x, spans = programme(NEWS)
    write_media(d / "news.wav", x)
    texts = [item[1] if item[0] == "say" else "[Musique]" for item in NEWS if item[0] != "sil"]
    cues = [Cue.from_text(int(a * 1000) + 900, int(b * 1000) + 900, text, n)
            for n, (text, (a, b)) in enumerate(zip(texts, spans), 1)]
    return d, cues, spans


def _sync(folder, cues, capsys):
    (folder / "in.srt").write_text(compose_srt(cues), encoding="utf-8")
    with pytest.raises(SystemExit) as done:
        main(["sync", str(folder / "in.srt"), "--audio", str(folder / "news.wav"), "-o", str(folder / "out.srt")])
    err = capsys.readouterr().err
    assert done.value.code in (0, None), err
    return parse_srt((folder / "out.srt").read_text(encoding="utf-8"), "out"), err


def test_an_unsaid_line_before_music_takes_no_real_line_into_it(news, tmp_path, capsys):
    """A line not said just before a real line, 2 s of silence and music: the real line was timed into
    the music and named as the poor match instead of the unsaid one."""
    d, cues, spans = news
    k = 7  # "Soixante et onze mille chômeurs de plus."
    unsaid = Cue.from_text(cues[k].start - 500, cues[k].start - 100, "Les chiffres seront publiés le trois mars.")
    for case, edited, real in (("plain", cues, k), ("unsaid", cues[:k] + [unsaid] + cues[k:], k + 1)):
        folder = tmp_path / case
        folder.mkdir()
        (folder / "news.wav").symlink_to(d / "news.wav")
        got, err = _sync(folder, edited, capsys)
        start, music = spans[k][0], spans[k + 1][0]  # (held on for reading, but not into the music)
        assert abs(got[real].start / 1000 - start) <= 0.25 and got[real].end / 1000 <= music, (case, got[real])
        assert got[real + 1].end - got[real + 1].start >= 2000  # the music cue is not squeezed
        # the intro's and the break's music overlap the speech 0.9 s early: moved; the outro's is not
        # (all three were said "kept on their own time")
        assert "; 1 sound cue(s) kept on their own time; 2 sound cue(s) moved to fit" in err, err
        flagged = {n for n in range(1, len(got) + 1) if f"warning: cue {n}: " in err}
        # ... and only it: "À demain.", short, alone at the end and on its speech, was named a poor match
        assert flagged == ({k + 1} if case == "unsaid" else set()), err
        assert abs(got[-2].start / 1000 - spans[-2][0]) <= 0.1


def test_a_line_ending_with_the_recording_is_speech_of_its_own():
    """The recording's end bounds a last line as a pause does (its start is read so already)."""
    from subkit.sync import alone

    pauses = [(0, 1000), (31000, 32250)]
    assert alone(32280, 33000, pauses, audio_end_ms=33100)
    assert not alone(32280, 33000, pauses)  # no end known: no pause after it
    assert not alone(32280, 30000 + 1000, pauses, audio_end_ms=40000)


@pytest.mark.parametrize("where", ["inside the line before", "just before the music"])
def test_an_empty_cue_is_kept_and_timed_like_a_sound_cue_without_overlaps(news, tmp_path, capsys, where):
    """An empty cue (no text) and a sound cue written inside the line before's speech were both set
    at its end (the same start: an overlap, warned only as a short gap, the music squeezed to
    0.16 s); an empty cue written just before the music kept its time while the music moved before
    it (out of order, squeezed). Unspoken cues now move as one run, in their order; sync keeps every
    cue and writes no overlap."""
    d, cues, spans = news
    k = 7  # "Soixante et onze mille chômeurs de plus.", then 2 s of silence and the music (cue k + 1)
    music = cues[k + 1]
    if where == "inside the line before":
        at, music = cues[k].start, music.with_times(cues[k].start + 500, music.end)
    else:
        at = music.start - 500
    edited = cues[:k + 1] + [Cue.from_text(at, at + 500, ""), music] + cues[k + 2:]
    folder = tmp_path / where.replace(" ", "_")
    folder.mkdir()
    (folder / "news.wav").symlink_to(d / "news.wav")
    got, err = _sync(folder, edited, capsys)
    assert [c.text for c in got] == [c.text for c in edited]
    assert all(a.end <= b.start for a, b in zip(got, got[1:])), got
    if where == "just before the music":
        assert got[k + 2].end - got[k + 2].start >= 2000  # the music cue is not squeezed
    assert "overlap" not in err and "under 2 frames" not in err and "cue 9: no text: timed as a sound cue" in err, err
