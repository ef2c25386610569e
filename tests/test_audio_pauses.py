"""``segment --audio`` and ``sync`` on speech with long pauses (espeak-ng sentences, silences of
known length): no cue in a silence, none spanning a long pause."""

from __future__ import annotations

import wave

import numpy as np
import pytest

pytest.importorskip("av")
pytest.importorskip("espeakng_loader")

from audio_fixtures import NEWS, RATE, music, paused, programme, recording, resample, write_media  # noqa: E402

from subkit.cli import main  # noqa: E402
from subkit.cues import Cue, compose_srt  # noqa: E402
from subkit.profiles import count_chars, get_profile  # noqa: E402
from subkit.srtio import parse_srt  # noqa: E402

SENTENCES = ["Bonsoir et bienvenue dans ce journal.",
             "Le gouvernement a présenté ce matin son projet de loi sur les retraites.",
             "Les syndicats appellent à une grève nationale jeudi prochain.",
             "Un grand incendie a détruit la forêt."]
GAPS = [2.0, 0.5, 6.0]


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    d = tmp_path_factory.mktemp("pauses")
    x, spans = paused(SENTENCES, GAPS, voice="fr+m3", speed=160)
    write_media(d / "talk.wav", x)
    with wave.open(str(d / "talk_8k.wav"), "wb") as out:  # telephone quality, lossless
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes((np.clip(resample(x, RATE, 8000), -1, 1) * 32767).astype("<i2").tobytes())
    (d / "talk.txt").write_text(" ".join(SENTENCES) + "\n", encoding="utf-8")
    naive = [Cue.from_text(k * 4000, k * 4000 + 3900, s, k + 1) for k, s in enumerate(SENTENCES)]
    (d / "naive.srt").write_text(compose_srt(naive), encoding="utf-8")
    return d, spans


def _run(args, capsys):
    with pytest.raises(SystemExit) as done:
        main(args)
    assert done.value.code in (0, None), capsys.readouterr().err
    return capsys.readouterr().err



def _cues(path):
    return parse_srt(path.read_text(encoding="utf-8"), str(path))


def test_segment_puts_no_cue_in_a_pause_nor_across_one(talk, capsys):
    d, spans = talk
    err = _run(["segment", str(d / "talk.txt"), "--audio", str(d / "talk.wav"), "-o", str(d / "seg.srt")], capsys)
    assert "perhaps not said" not in err
    sentence_of = [k for k, s in enumerate(SENTENCES) for _ in s.split()]
    k = 0
    for cue in _cues(d / "seg.srt"):
        held = sentence_of[k:k + len(cue.text.split())]
        k += len(held)
        # across the 2 s or the 6 s pause, the words after it would show seconds early
        assert (0 in held) + (1 in held) < 2 and (2 in held) + (3 in held) < 2, cue.text
        first = spans[held[0]]
        if sentence_of[k - len(held) - 1:k - len(held)] != held[:1]:  # the cue begins its sentence
            assert abs(cue.start / 1000 - first[0]) < 0.25, (cue.text, cue.start, first)
        assert cue.start / 1000 < first[1], cue.text  # not after its speech, not in the pause
    assert k == len(sentence_of)


@pytest.mark.parametrize("media", ["talk.wav", "talk_8k.wav"])
def test_sync_keeps_each_cue_on_its_speech(talk, media, capsys):
    d, spans = talk
    err = _run(["sync", str(d / "naive.srt"), "--audio", str(d / media), "-o", str(d / "sync.srt")], capsys)
    cues = _cues(d / "sync.srt")
    assert "none doubtful" in err
    profile = get_profile("netflix-fr")
    for k, (cue, (start, end)) in enumerate(zip(cues, spans)):
        assert abs(cue.start / 1000 - start) < 0.2
        # the end: 120 ms after the speech, later only for reading or to close a flickering gap
        need = max(profile.min_duration, count_chars(cue.text) / profile.hard_max_cps)
        closed = k + 1 < len(cues) and cues[k + 1].start - cue.end <= 1000 * profile.min_gap_frames / profile.fps
        assert end < cue.end / 1000 <= max(end + 0.12 + 0.04, cue.start / 1000 + need + 0.08) or closed, cue


def test_sound_lines_stay_cues_of_their_own_in_the_music(tmp_path, capsys):
    """A line that is only a sound description is not aligned (it is not said): it stays a cue of its
    own over the intro or outro, as it does without --audio."""
    text = "Les syndicats appellent à une grève. Un grand incendie a détruit la forêt."
    x, starts, _ = recording(text, intro_s=5.0, outro_s=4.0, lead_s=0.5, speed=160)
    write_media(tmp_path / "ep.wav", x)
    (tmp_path / "ep.txt").write_text(f"[MUSIQUE]\n\n{text}\n\n♪ Générique de fin ♪\n", encoding="utf-8")
    _run(["segment", str(tmp_path / "ep.txt"), "--audio", str(tmp_path / "ep.wav"), "--lang", "fr",
          "-o", str(tmp_path / "ep.srt")], capsys)
    cues = _cues(tmp_path / "ep.srt")
    assert cues[0].text == "[MUSIQUE]" and cues[-1].text == "♪ Générique de fin ♪"
    assert cues[0].end / 1000 <= starts[0] and abs(cues[1].start / 1000 - starts[0]) < 0.25
    assert cues[-1].start > cues[-2].end and cues[-1].end / 1000 <= len(x) / RATE
    assert " ".join(" ".join(c.text.split()) for c in cues[1:-1]) == text


def test_segment_names_sentences_never_said(talk, capsys):
    d, _ = talk
    extra = "La météo annonce de la pluie sur toute la Bretagne. Le match de football a été reporté à samedi."
    (d / "extra.txt").write_text(" ".join(SENTENCES) + " " + extra + "\n", encoding="utf-8")
    err = _run(["segment", str(d / "extra.txt"), "--audio", str(d / "talk.wav"), "-o", str(d / "extra.srt")], capsys)
    cues = _cues(d / "extra.srt")
    named = {int(line.split("cue ")[1].split(":")[0]) for line in err.splitlines() if "perhaps not said" in line}
    holding = {k for k, c in enumerate(cues, 1) if set(c.text.split()) & {"météo", "Bretagne.", "football"}}
    assert holding and holding <= named


@pytest.mark.parametrize("start, offset_ms", [("10:00:00,000", 36_000_000), ("5", 5000), ("3.52", 3520)])
def test_segment_start_shifts_the_recording_and_rate_is_said_unused(talk, capsys, start, offset_ms):
    """Every cue moves by exactly --start (whole frames): the same frame rounding as without it."""
    d, _ = talk
    _run(["segment", str(d / "talk.txt"), "--audio", str(d / "talk.wav"), "-o", str(d / "plain.srt")], capsys)
    err = _run(["segment", str(d / "talk.txt"), "--audio", str(d / "talk.wav"), "--start", start,
                "--rate", "5", "--duration", "30", "-o", str(d / "tc.srt")], capsys)
    assert "--rate, --duration: not used with --audio" in err
    plain, shifted = _cues(d / "plain.srt"), _cues(d / "tc.srt")
    assert [(c.start + offset_ms, c.end + offset_ms, c.text) for c in plain] == [
        (c.start, c.end, c.text) for c in shifted]


def test_sync_names_lines_over_the_profile(talk, capsys):
    d, _ = talk
    cues = [Cue.from_text(0, 3000, SENTENCES[0], 1),
            Cue.from_text(3000, 6000, SENTENCES[1], 2),  # 72 characters on one line
            Cue.from_text(6000, 9000, "Les syndicats\nappellent à une grève\nnationale jeudi prochain.", 3),
            Cue.from_text(9000, 12000, SENTENCES[3], 4)]
    (d / "long.srt").write_text(compose_srt(cues), encoding="utf-8")
    err = _run(["sync", str(d / "long.srt"), "--audio", str(d / "talk.wav"), "-o", str(d / "long_out.srt")], capsys)
    named = [line for line in err.splitlines() if "text kept as written" in line]
    assert len(named) == 2 and "cue 2 at" in named[0] and "line 1 is 72 characters, over 42" in named[0]
    assert "cue 3 at" in named[1] and "3 lines, over the profile's 2" in named[1]


def _two_tracks(path, first, second):
    """A Matroska file with two audio streams tagged eng and fra."""
    import av

    with av.open(str(path), "w") as out:
        streams = [out.add_stream("flac", rate=RATE) for _ in range(2)]
        for stream, tag in zip(streams, ("eng", "fra")):
            stream.layout = "mono"
            stream.metadata["language"] = tag
        for stream, x in zip(streams, (first, second)):
            pcm = (np.clip(x, -1, 1) * 32767).astype(np.int16)
            for a in range(0, len(pcm), 1024):
                frame = av.AudioFrame.from_ndarray(pcm[None, a:a + 1024], format="s16", layout="mono")
                frame.sample_rate, frame.pts = RATE, a
                for packet in stream.encode(frame):
                    out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)


def test_audio_track_by_language_tag_or_by_number(talk, tmp_path, capsys):
    d, spans = talk
    french, _ = paused(SENTENCES, GAPS, voice="fr+m3", speed=160)
    other, _ = paused(["Il était une fois un petit chat qui aimait le lait chaud."] * 4, GAPS, voice="fr+f2")
    _two_tracks(tmp_path / "two.mkv", other[:len(french)], french)
    args = ["sync", str(d / "naive.srt"), "--audio", str(tmp_path / "two.mkv"), "-o", str(tmp_path / "out.srt")]
    _run(args + ["--lang", "fr"], capsys)  # the track tagged fra
    assert abs(_cues(tmp_path / "out.srt")[0].start / 1000 - spans[0][0]) < 0.2
    _run(args + ["--audio-track", "1"], capsys)
    _run(["segment", str(d / "talk.txt"), "--audio", str(tmp_path / "two.mkv"), "--audio-track", "1",
          "-o", str(tmp_path / "seg.srt")], capsys)
    assert abs(_cues(tmp_path / "seg.srt")[0].start / 1000 - spans[0][0]) < 0.25
    with pytest.raises(SystemExit):
        main(args + ["--audio-track", "0"])
    err = capsys.readouterr().err
    assert "does not match the speech" in err and "2 audio tracks: 0 eng, 1 fra; track 0 was used" in err
    with pytest.raises(SystemExit):
        main(args + ["--audio-track", "2"])
    assert "no audio track 2 (the media has 2 audio tracks: 0 eng, 1 fra)" in capsys.readouterr().err


def test_music_is_sound_but_steady_not_speech():
    """Music (a tune of steady notes, the fixtures' chords) counts as sound in the speech mask (the
    report shows it) and as steady sound, which the warping gives no words; speech never does."""
    from subkit.align.features import log_mel
    from subkit.align.pauses import speech_mask_from_mels, steady_sound

    x, spans = programme(NEWS)
    x = np.concatenate([x, music(3.0)])
    mels = log_mel(x, RATE)[0]
    mask = speech_mask_from_mels(mels)
    steady = steady_sound(mels, mask)
    tunes = [s for item, s in zip([i for i in NEWS if i[0] != "sil"], spans) if item[0] == "music"]
    tunes.append((len(x) / RATE - 3.0, len(x) / RATE))
    for a, b in tunes:
        inside = slice(int(a * 100) + 5, int(b * 100) - 5)
        assert mask[inside].mean() > 0.95 and steady[inside].mean() > 0.9, (a, b)
        steady[max(0, int(a * 100) - 5):int(b * 100) + 5] = False
    assert not steady.any(), np.flatnonzero(steady)[:10] / 100  # none in speech nor silence
