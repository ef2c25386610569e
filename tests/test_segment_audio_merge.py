"""``subkit segment --audio`` on speech faster than reading: cues merged where that lets them be read,
every word kept in order, what is left reported on stderr (espeak-ng recordings, tests/audio_fixtures.py)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
import srt

pytest.importorskip("av")
pytest.importorskip("espeakng_loader")

from audio_fixtures import FRENCH, recording, write_media  # noqa: E402
from segment_checks import EPS, words  # noqa: E402

from subkit.breaking import wrap_lines  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from subkit.cli import cli, main  # noqa: E402
from subkit.profiles import count_chars, get_profile  # noqa: E402

FR = get_profile("netflix-fr")


def segment(folder, speed: int):
    """(cues, stderr, spoken words) of the CLI on FRENCH spoken at *speed* (espeak words per minute)."""
    x, _, spoken = recording(voice="fr+m3", speed=speed, pitch=30, noise=0.004, intro_s=4, outro_s=2)
    write_media(folder / "ep.wav", x)
    sentences = FRENCH.split(". ")
    (folder / "ep.txt").write_text(". ".join(sentences[:4]) + ".\n" + ". ".join(sentences[4:]) + "\n", "utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as done:
        main(["segment", str(folder / "ep.txt"), "--audio", str(folder / "ep.wav"), "-o", str(folder / "ep.srt")])
    assert done.value.code in (0, None), err.getvalue()
    return list(srt.parse((folder / "ep.srt").read_text("utf-8"))), err.getvalue(), spoken


def cps(sub) -> float:
    return count_chars(sub.content) / max((sub.end - sub.start).total_seconds(), EPS)


@pytest.fixture(scope="module")
def fast(tmp_path_factory):
    return segment(tmp_path_factory.mktemp("fast"), 240)  # about 270 words a minute: faster than 17 cps


def test_fast_speech_merges_and_keeps_every_word_in_order(fast):
    subs, err, spoken = fast
    assert re.search(r"timing: [1-9]\d* cue\(s\) merged into a neighbour", err), err
    assert words(" ".join(s.content for s in subs)) == words(" ".join(spoken))
    assert [s.index for s in subs] == list(range(1, len(subs) + 1))
    for sub in subs:  # merged cues were laid out again within 2 x 42
        lines = sub.content.split("\n")
        assert len(lines) <= FR.max_lines and all(count_chars(x) <= FR.max_chars_per_line for x in lines), sub


def test_no_cue_left_too_fast_that_a_merge_would_make_readable(fast):
    subs, _, _ = fast
    gap = FR.min_gap
    for k, sub in enumerate(subs):
        if cps(sub) <= FR.hard_max_cps + EPS:
            continue
        for a in (k - 1, k):
            if not 0 <= a < len(subs) - 1:
                continue
            first, second = subs[a], subs[a + 1]
            lines = wrap_lines(first.content.replace("\n", " ") + " " + second.content.replace("\n", " "), "fr", FR)
            if len(lines) > FR.max_lines or any(count_chars(x) > FR.max_chars_per_line for x in lines):
                continue
            start = first.start.total_seconds()
            if second.end.total_seconds() - start > FR.max_duration:
                continue
            until = subs[a + 2].start.total_seconds() - gap if a + 2 < len(subs) else second.end.total_seconds()
            shown = min(until - start, FR.max_duration)
            assert count_chars("\n".join(lines)) / shown > FR.hard_max_cps, (k, first.content, second.content)


def test_stderr_names_exactly_the_cues_left_too_fast(fast):
    subs, err, _ = fast
    warned = {int(n) for n in re.findall(r"warning: cue (\d+) at [\d:.]+: reading speed", err)}
    assert warned, err  # this speech is too fast for some cues whatever is merged
    assert warned == {s.index for s in subs if cps(s) > FR.hard_max_cps + EPS}


def test_speech_that_can_be_read_merges_nothing(tmp_path):
    subs, err, spoken = segment(tmp_path, 130)
    assert "merged" not in err and "warning" not in err, err
    assert words(" ".join(s.content for s in subs)) == words(" ".join(spoken))


def test_two_speakers_share_a_cue_only_as_a_dialogue(tmp_path):
    """Fast speech whose clauses alternate between two labelled speakers: where the speech outruns
    reading, two whole turns of a line each become one cue with a dialogue dash per line; otherwise
    no cue mixes two speakers' words."""
    x, _, spoken = recording(voice="fr+m3", speed=240, pitch=30, noise=0.004, intro_s=4, outro_s=2)
    write_media(tmp_path / "ep.wav", x)
    # short turns, each opening with a capital as a speaker's turn does (else "MARIE : la" is prose)
    turns = [t[0].upper() + t[1:] for sentence in FRENCH.split(". ") for t in sentence.rstrip(".").split(", ")]
    labelled = "\n".join(f"{'MARIE' if k % 2 == 0 else 'PAUL'} : {t}" for k, t in enumerate(turns))
    (tmp_path / "ep.txt").write_text(labelled + "\n", "utf-8")
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as done:
        main(["segment", str(tmp_path / "ep.txt"), "--audio", str(tmp_path / "ep.wav"), "-o", str(tmp_path / "ep.srt")])
    assert done.value.code in (0, None), err.getvalue()
    assert "speaker labels taken out (MARIE, PAUL)" in err.getvalue()
    subs = list(srt.parse((tmp_path / "ep.srt").read_text("utf-8")))
    said = [line.removeprefix("- ") for s in subs for line in s.content.split("\n")]
    assert words(" ".join(said)) == words(" ".join(turns))  # labels out, every word in, in order
    owner = [k for k, t in enumerate(turns) for _ in words(t)]
    at, dialogues = 0, 0
    for sub in subs:
        lines = sub.content.split("\n")
        if len(lines) == 2 and all(line.startswith("- ") for line in lines):  # a dialogue: a whole turn a line
            dialogues += 1
            for line in lines:
                n = len(words(line[2:]))
                assert len(set(owner[at:at + n])) == 1 and words(line[2:]) == words(turns[owner[at]]), sub.content
                at += n
            assert count_chars(lines[0]) <= FR.max_chars_per_line and count_chars(lines[1]) <= FR.max_chars_per_line
            continue
        n = len(words(sub.content))
        assert len(set(owner[at:at + n])) == 1, sub.content
        at += n
    assert dialogues  # this speech is too fast for some short turns alone
    checked = CliRunner().invoke(cli, ["lint", str(tmp_path / "ep.srt"), "--select", "typography,line-length"])
    assert checked.exit_code == 0, checked.output  # the dashes as French subtitles write them
