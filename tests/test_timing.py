"""Speech-rate model and the shared profile enforcement."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
import srt
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from subkit.cli import cli
from subkit.cues import format_srt, frames_to_ms, ms_to_frames, parse_time, snap_ms
from subkit.profiles import get_profile
from subkit.segment import segment_transcript
from subkit.timing import (DEFAULT_RATE, cue_times, enforce_profile, settlement, speech_durations, syllables,
                           token_syllables, token_times)

FR = get_profile("netflix-fr")


def test_syllables_french():
    assert syllables("Ukrainiennes") == 3
    assert syllables("tenaient") == 2
    assert syllables("qu’on") == 1
    assert syllables("opérations") == 4
    assert syllables("le") == 1
    assert syllables("2024") == 4  # deux mille vingt-quatre
    assert syllables("%") == 2
    assert syllables("…") == 0


def test_numbers_count_the_syllables_they_are_said_with():
    said = {"100": 1, "2019": 4, "80\u00a0000": 3, "3,5": 4, "5%": 3, "71": 4, "1er": 2, "007": 5}
    assert {n: syllables(n) for n in said} == said  # cent, deux mille dix-neuf, quatre-vingt mille...
    # twenty nineteen, a hundred, eighty thousand, three point five, five percent
    said_en = {"2019": 4, "100": 3, "80,000": 4, "3.5": 3, "5%": 3}
    assert {n: syllables(n, "en") for n in said_en} == said_en
    # a number written in groups of thousands is one number: "80 000" is "quatre-vingt mille"
    assert token_syllables(["80", "000", "et", "1", "200", "500,5"], "fr") == [3, 0, 1, 3, 3, 5]
    assert token_syllables(["000"], "fr") == [6]  # alone, three zeros
    assert token_syllables(["999"] + ["000"] * 6, "fr")[0] == 39  # too big to be said: digit by digit


def test_numbers_in_digits_take_as_long_as_written_out():
    digits = ("Le stade accueille 80 000 spectateurs, contre 60 000 en 2019 et 45 000 en 2010.\n"
              "C'est un record.\n")
    words = ("Le stade accueille quatre-vingt mille spectateurs, contre soixante mille en deux mille dix-neuf "
             "et quarante-cinq mille en deux mille dix.\nC'est un record.\n")
    last = [segment_transcript(text, lang="fr").cues[-1] for text in (digits, words)]
    assert last[0].text == last[1].text == "C'est un record."
    assert abs(last[0].start - last[1].start) <= 40, last


@pytest.mark.parametrize("lang, digits, words", [
    ("fr", "7 h 05", "sept heures cinq"), ("fr", "7h05", "sept heures cinq"), ("fr", "20h30", "vingt heures trente"),
    ("fr", "8 h 00", "huit heures"), ("fr", "8h", "huit heures"), ("fr", "14:30", "quatorze heures trente"),
    ("fr", "9h-17h", "neuf heures dix-sept heures"),
    ("fr", "XXIe siècle", "vingt-et-unième siècle"), ("fr", "François Ier", "François premier"),
    ("fr", "1er", "premier"), ("fr", "2e", "deuxième"), ("fr", "21ᵉ", "vingt-et-unième"),
    ("fr", "n° 5", "numéro cinq"), ("fr", "N°5", "numéro cinq"), ("fr", "5 %", "cinq pour cent"),
    ("fr", "3,5 M€", "trois virgule cinq millions d'euros"), ("fr", "2 Md€", "deux milliards d'euros"),
    ("fr", "10 000 €", "dix mille euros"), ("fr", "130 km/h", "cent trente kilomètres heure"),
    ("en", "14:30", "fourteen thirty"), ("en", "2:30", "two thirty"), ("en", "7:05", "seven oh five"),
    ("en", "7:00", "seven o'clock"), ("en", "7pm", "seven pee em"), ("en", "21st", "twenty-first"),
    ("en", "2nd", "second"), ("en", "20th", "twentieth"), ("en", "12th", "twelfth"),
    ("en", "$3.5M", "three point five million dollars"),
    ("en", "$5bn", "five billion dollars"), ("en", "#1", "number one"),
])
def test_clock_times_ordinals_and_amounts_count_as_said(lang, digits, words):
    assert sum(token_syllables(digits.split(), lang)) == sum(token_syllables(words.split(), lang))


def test_a_clock_time_lasts_as_long_in_digits_as_in_words(tmp_path):
    """`7 h 05` was "sept h zéro cinq" (the minutes read digit by digit) and `20h30` "vingt h trente".
    (Written out in words, the first is too long to read in the time it is said: compared with `7 h 5`.)"""
    pairs = [("Le train part à 7 h 05, 8 h 05 et 9 h 05 demain.", "Le train part à 7 h 5, 8 h 5 et 9 h 5 demain."),
             ("Le train part à 20h30 demain.", "Le train part à 20 h 30 demain.")]
    for digits, words in pairs:
        ends = []
        for text in (digits, words):
            (tmp_path / "t.txt").write_text(text + "\n", encoding="utf-8")
            result = CliRunner().invoke(cli, ["segment", str(tmp_path / "t.txt"), "--lang", "fr",
                                              "-o", str(tmp_path / "t.srt")])
            assert result.exit_code == 0, result.output
            ends.append(list(srt.parse((tmp_path / "t.srt").read_text(encoding="utf-8")))[-1].end)
        assert ends[0] == ends[1], (digits, ends)


def test_speech_durations_and_pauses():
    toks = ["Bonjour", "à", "tous,", "ça", "va.", "Oui"]
    d = speech_durations(toks, "fr", 4.0, [False, False, False, False, True, True])
    assert d[0] == (2 / 4.0, 0.0)
    assert d[2][1] == 0.25  # comma
    assert d[4][1] == 0.7  # paragraph end
    times = token_times(d, start=10.0)
    assert times[0][0] == 10.0 and times[1][0] == 10.5
    assert DEFAULT_RATE["fr"] == 4.0
    slow = token_times(speech_durations(toks, "fr", 2.0))
    fast = token_times(speech_durations(toks, "fr", 8.0))
    assert slow[-1][1] > fast[-1][1]


def test_parse_time():
    # milliseconds, from what a user types
    assert parse_time("90") == 90_000
    assert parse_time("1:30") == 90_000
    assert parse_time("00:01:30,500") == 90_500
    assert parse_time("00:01:30.5") == 90_500
    assert parse_time(90.5) == 90_500
    for bad in ("abc", "-1", "1:2:3:4", "nan", "inf"):
        try:
            parse_time(bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)


def test_enforce_profile_rules():
    # too short, too fast, overlapping, a 5-frame gap, too long
    spans = [(0, 300), (500, 1000), (900, 2000), (2200, 12000)]  # milliseconds
    chars = [10, 60, 20, 30]
    out, warnings = enforce_profile(spans, chars, FR)
    (s1, e1), (s2, e2), (s3, e3), (s4, e4) = out
    assert all(isinstance(t, int) for span in out for t in span)
    assert e1 <= s2 - 80  # min gap of 2 frames at 25 fps
    # cue 2 is already too fast and cue 3 too short to lose a frame: the overlap is left as written
    assert (s2, e2, s3, e3) == (480, 1000, 920, 2000)  # snapped to frames, the overlap no longer
    assert any(w.startswith("cue 2 ") and "overlaps the next cue by 0.08 s" in w for w in warnings)  # said so
    assert e4 - s4 <= 7000
    assert all(t % 40 == 0 for span in out for t in span)  # on frames of 25 fps (40 ms)
    # cue 1 cannot reach 5/6 s before cue 2, cue 2 cannot be read at 17 cps: both reported
    assert any(w.startswith("cue 1 ") and "minimum" in w for w in warnings)
    assert any(w.startswith("cue 2 ") and "cps" in w for w in warnings)


def test_enforce_profile_extends_into_pause_and_closes_small_gaps():
    out, warnings = enforce_profile([(0, 1000), (5200, 6000), (10000, 11000)], [50, 20, 10], FR)
    # 50 characters at 17 cps need 2.94 s: the cue stays into the pause, to the next whole frame
    assert out[0] == (0, math.ceil(50 / 17 * 25) * 40)
    # a gap of 3..11 frames is closed to the 2-frame minimum
    out2, _ = enforce_profile([(0, 1000), (1300, 2500)], [10, 10], FR)
    assert out2[1][0] - out2[0][1] == 2 * 40
    assert warnings == []
    # limit_end caps the last cue
    out3, _ = enforce_profile([(0, 200)], [40], FR, limit_end=1000)
    assert out3[0][1] <= 1000


def test_enforce_profile_settles_an_overlap_only_where_both_cues_stay_readable():
    """lint --fix used to cut the earlier cue of an overlap to one frame (600 cps). Now it ends
    sooner only while it keeps its minimum duration and reading speed, else the later cue starts
    later if it can spare the time, else the pair is left for a human."""
    chars = [24, 18, 22]
    # the same start, a cue inside the other: left as written
    same, _ = enforce_profile([(10000, 12000), (10000, 12500), (20000, 22000)], chars, FR)
    assert same[:2] == [(10000, 12000), (10000, 12480)]  # on frames (12.5 s is frame 312.5)
    inside, _ = enforce_profile([(10000, 16000), (11000, 13000), (20000, 22000)], [50, 18, 22], FR)
    assert inside[:2] == [(10000, 16000), (11000, 13000)]
    # the earlier cue can end sooner and stay readable: it does, the later keeps its start
    (a, b, _), _ = enforce_profile([(10000, 13000), (12000, 15000), (20000, 22000)], chars, FR)
    assert b[0] == 12000 and a == (10000, 12000 - 80)
    # a long fast cue (95 characters, 0.7 s) before a short slow one: the later starts later
    (a, b), _ = enforce_profile([(10000, 10720), (10400, 14880)], [95, 6], FR)
    assert a == (10000, 10720) and b == (10800, 14880)


def test_enforce_profile_keeps_chains_where_the_profile_allows_them():
    general = get_profile("general")
    spans = [(1000, 3000), (3000, 5000), (5040, 7000)]
    out, warnings = enforce_profile(spans, [15, 17, 21], general)
    assert out[0] == (1000, 3000) and out[2][0] - out[1][1] == 80 and warnings == []
    netflix, _ = enforce_profile(spans, [15, 17, 21], FR)
    assert netflix[0][1] == 3000 - 80  # Netflix does not chain cues


spans_st = st.lists(
    st.tuples(st.integers(0, 600_000), st.integers(0, 10_000), st.integers(0, 100)),  # ms, ms, chars
    min_size=1, max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(spans_st, st.sampled_from(["netflix-fr", "arcom-fr", "netflix-en"]), st.sampled_from([23.976, 24, 25, 30]))
def test_enforce_profile_properties(raw, profile_name, fps):
    profile = get_profile(profile_name).with_fps(fps)
    raw = sorted(raw)
    spans = [(s, s + d) for s, d, _ in raw]
    chars = [c for _, _, c in raw]
    written, warnings = enforce_profile(spans, chars, profile)
    again, warnings2 = enforce_profile(written, chars, profile)
    assert again == written and warnings2 == warnings  # idempotent
    # every time is the millisecond its frame is written as; the rules hold on the frames
    assert all(t == snap_ms(t, fps) for span in written for t in span)
    out = [(ms_to_frames(s, fps) / fps, ms_to_frames(e, fps) / fps) for s, e in written]
    left: set[int] = set()  # the later cues of pairs left as written
    for k, (s, e) in enumerate(out):
        assert e > s
        if k + 1 < len(out) and out[k + 1][0] - e < profile.min_gap - 1e-9:
            # an overlap or a short gap is left only where settling it would make a cue unreadable
            assert settlement(written[k], chars[k], written[k + 1], chars[k + 1], profile,
                              written[k + 2][0] if k + 2 < len(out) else None, k in left) is False
            left.add(k + 1)
            start, end = (ms_to_frames(t, fps) for t in written[k])
            # its end as written: on the nearest frame, or the one before where that was later
            # (snapping makes no gap shorter than written)
            nearest = ms_to_frames(spans[k][1], fps)
            assert end == max(nearest, start + 1) or (end == nearest - 1 and frames_to_ms(nearest, fps) > spans[k][1])
            continue
        assert e - s <= profile.max_duration + 1e-9
        d = e - s
        broken = d < profile.min_duration - 1e-9 or (chars[k] / d) > profile.hard_max_cps + 1e-9
        assert broken == any(w.startswith(f"cue {k + 1} ") for w in warnings if "gap" not in w)


def test_cue_times_snap_the_speech_models_own_times():
    """Speech spans (seconds, the model's unit) are snapped to frames from their exact values, then
    the profile's rules apply as for cue times in milliseconds."""
    speech = [(0.0, 1.0), (5.2, 6.0), (10.0, 11.0)]
    ms = [(0, 1000), (5200, 6000), (10000, 11000)]
    assert cue_times(speech, [50, 20, 10], FR) == enforce_profile(ms, [50, 20, 10], FR)
    # 1.1 - 1.0 s is 2.5000000000000022 frames at 25 fps: frame 3, as the model's time says (the
    # same time rounded to 100 ms first would be exactly 2.5 frames: frame 2)
    assert cue_times([(1.1 - 1.0, 2.0)], [0], FR)[0][0][0] == 3 * 40
    assert enforce_profile([(100, 2000)], [0], FR)[0][0][0] == 2 * 40


@pytest.mark.parametrize("fps", [23.976, 24, 25, 29.97, 30, 50, 59.94, 240])
def test_frame_times_are_written_as_the_srt_library_writes_them(fps):
    """A frame's time is written at the millisecond at or before it (what ``srt`` wrote for
    ``timedelta(seconds=frames / fps)``), and reads back as the same frame."""
    import srt

    for frames in range(0, 200_000, 997):
        ms = frames_to_ms(frames, fps)
        assert ms_to_frames(ms, fps) == frames
        assert format_srt(ms) == srt.timedelta_to_srt_timestamp(timedelta(seconds=frames / fps))
    assert frames_to_ms(1, 24) == 41  # 41.67 ms


def test_warnings_name_a_cue_by_its_start_as_written():
    """At 29.97 fps a frame's time is not a whole millisecond: the warning says what the file says."""
    profile = FR.with_fps(29.97)
    out, warnings = enforce_profile([(67, 100), (300, 1000)], [10, 10], profile)
    assert out[0][0] == frames_to_ms(2, 29.97) == 66  # 66.73 ms, written 66
    assert any(w.startswith("cue 1 at 00:00:00.066: ") for w in warnings), warnings


def test_cue_times_leave_no_gap_that_flickers_where_the_earlier_cue_cannot_reach_the_next():
    """list.txt: cue 6 (6.84 s of speech) could not stretch over a 7-frame gap without passing its 7 s
    maximum, and the gap that lint warns about stayed. The later cue starts early enough to close it;
    one whose start is held (a timestamp) keeps it, and the earlier cue leaves a gap that does not
    flicker instead. enforce_profile (lint --fix) keeps a subtitler's starts and leaves such a gap."""
    profile = get_profile("netflix-fr")
    speech = [(22.32, 29.16), (29.44, 32.56)]
    (a, b), _ = cue_times(speech, [54, 33], profile)
    assert b[0] - a[1] == 80 and a[1] - a[0] <= 7000 and 29440 - b[0] <= 11 * 40
    (a, b), _ = cue_times(speech, [54, 33], profile, held=[False, True])
    assert b[0] == 29440 and b[0] - a[1] >= 12 * 40
    spans, _ = enforce_profile([(22320, 29160), (29440, 32560)], [54, 33], profile)
    assert spans[1][0] == 29440



def test_a_cue_held_short_by_a_timestamp_after_it_starts_earlier_into_free_time():
    """interview.txt: "(applaudissements)" between a turn ending at 12.56 s and a turn timestamped
    14 s was modelled at 13.08 s: 0.84 s, 21 cps. It starts up to 12 frames earlier, as it may
    (no timestamp holds it), and reads in time; a held cue keeps its start."""
    profile = get_profile("netflix-fr")
    speech = [(9.6, 12.56), (13.08, 13.92), (14.0, 17.48)]
    (_, (s, e), _), warnings = cue_times(speech, [46, 18, 39], profile, held=[True, False, True], modelled=True)
    assert e == 13920 and s == 13920 - 27 * 40 and not warnings, warnings
    (_, (s, _), _), warnings = cue_times(speech, [46, 18, 39], profile, held=[True, True, True], modelled=True)
    assert s == 13080 and warnings
    (_, (s, _), _), _ = cue_times(speech, [46, 18, 39], profile, held=[True, False, True])  # heard: kept
    assert s == 13080


def test_a_cue_held_short_takes_back_the_time_the_cue_before_took_only_to_close_the_gap():
    """midline.txt: "Bonjour à tous" (3.16-4.0 s, before a timestamp at 4 s) after a sentence said
    until 2.74 s. The sentence's cue had stretched to 3.08 s only to close the gap, so the short cue
    could not start earlier and lasted 0.76 s; it now starts at 3.08 s, the sentence ends at 3.0 s,
    after its speech and its reading time."""
    profile = get_profile("netflix-fr")
    speech = [(0.0, 2.74), (3.16, 4.0), (4.0, 7.0)]
    spans, warnings = cue_times(speech, [46, 14, 42], profile, held=[True, False, True], modelled=True)
    assert spans[:2] == [(0, 3000), (3080, 3920)] and not warnings, (spans, warnings)

def test_segment_output_has_no_gap_its_lint_warns_about(tmp_path):
    from click.testing import CliRunner

    from subkit.cli import cli

    src = tmp_path / "list.txt"
    src.write_text("Voici les trois mesures du plan :\n1. Réduire les émissions de 40 % d'ici 2030.\n"
                   "2. Investir 2,5 milliards d'euros dans le rail.\n"
                   "3. Planter un million d'arbres avant le 31 décembre.\nLe 2e point est le plus coûteux. "
                   "Le gouvernement a prévu 12 000 000 € pour la 1re année, soit environ 5 % du budget total.\n",
                   encoding="utf-8")
    out = tmp_path / "list.srt"
    assert CliRunner().invoke(cli, ["segment", str(src), "--profile", "netflix-fr", "-o", str(out)]).exit_code == 0
    linted = CliRunner().invoke(cli, ["lint", str(out), "--profile", "netflix-fr", "--select", "min-gap"])
    assert linted.exit_code == 0 and "min-gap" not in linted.output, linted.output


def test_enforce_profile_without_hold_writes_no_overlap():
    """sync's times are the speech's: a pair that cannot be settled (the same start, as two cues not
    spoken set at the end of the line before were) is set apart, not left overlapping."""
    spans = [(10000, 10040), (10000, 10160), (10560, 11360)]
    held, warnings = enforce_profile(spans, [0, 15, 37], FR)
    assert held[1][0] < held[0][1] and any("cue 1 " in w and "overlaps the next cue" in w for w in warnings)
    apart, warnings = enforce_profile(spans, [0, 15, 37], FR, hold=False)
    assert all(a[1] + 80 <= b[0] for a, b in zip(apart, apart[1:])), apart
    assert not any("overlap" in w or "gap" in w for w in warnings), warnings


def test_a_pair_left_as_written_is_not_snapped_into_a_worse_gap():
    """A 10 ms gap after a too-fast cue, the later cue with no free time after it: left for a human,
    but its start was snapped from 2.010 to 2.000 s (a gap of 0). It goes to the next frame now."""
    out, warnings = enforce_profile([(1000, 2000), (2010, 4000), (4050, 6000)], [32, 43, 5], get_profile("netflix-en"))
    assert out[:2] == [(1000, 2000), (2040, 4000)]
    assert any(w.startswith("cue 1 ") and "gap to the next cue" in w for w in warnings)
