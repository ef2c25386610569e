"""Speech-rate model and the shared profile enforcement."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from subkit.profiles import get_profile
from subkit.timing import DEFAULT_RATE, enforce_profile, parse_time, speech_durations, syllables, token_times

FR = get_profile("netflix-fr")


def test_syllables_french():
    assert syllables("Ukrainiennes") == 3
    assert syllables("tenaient") == 2
    assert syllables("qu’on") == 1
    assert syllables("opérations") == 4
    assert syllables("le") == 1
    assert syllables("2024") == 6
    assert syllables("%") == 2
    assert syllables("…") == 0


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
    assert parse_time("90") == 90.0
    assert parse_time("1:30") == 90.0
    assert parse_time("00:01:30,500") == 90.5
    for bad in ("abc", "-1", "1:2:3:4"):
        try:
            parse_time(bad)
        except ValueError:
            pass
        else:
            raise AssertionError(bad)


def test_enforce_profile_rules():
    # too short, too fast, overlapping, a 5-frame gap, too long
    spans = [(0.0, 0.3), (0.5, 1.0), (0.9, 2.0), (2.2, 12.0)]
    chars = [10, 60, 20, 30]
    out, warnings = enforce_profile(spans, chars, FR)
    (s1, e1), (s2, e2), (s3, e3), (s4, e4) = out
    assert e1 <= s2 - 0.08 + 1e-9  # min gap of 2 frames at 25 fps
    assert e2 <= s3 - 0.08 + 1e-9  # overlap trimmed
    assert e4 - s4 <= 7.0
    assert all(abs(t * 25 - round(t * 25)) < 1e-6 for span in out for t in span)
    # cue 1 cannot reach 5/6 s before cue 2, cue 2 cannot be read at 17 cps: both reported
    assert any(w.startswith("cue 1 ") and "minimum" in w for w in warnings)
    assert any(w.startswith("cue 2 ") and "cps" in w for w in warnings)


def test_enforce_profile_extends_into_pause_and_closes_small_gaps():
    out, warnings = enforce_profile([(0.0, 1.0), (5.2, 6.0), (10.0, 11.0)], [50, 20, 10], FR)
    # 50 characters at 17 cps need 2.94 s: the cue stays into the pause, to the next whole frame
    assert out[0] == (0.0, math.ceil(50 / 17 * 25) / 25)
    # a gap of 3..11 frames is closed to the 2-frame minimum
    out2, _ = enforce_profile([(0.0, 1.0), (1.3, 2.5)], [10, 10], FR)
    assert round((out2[1][0] - out2[0][1]) * 25) == 2
    assert warnings == []
    # limit_end caps the last cue
    out3, _ = enforce_profile([(0.0, 0.2)], [40], FR, limit_end=1.0)
    assert out3[0][1] <= 1.0


spans_st = st.lists(
    st.tuples(st.floats(0, 600, allow_nan=False), st.floats(0, 10, allow_nan=False), st.integers(0, 100)),
    min_size=1, max_size=30,
)


@settings(max_examples=100, deadline=None)
@given(spans_st, st.sampled_from(["netflix-fr", "arcom-fr", "netflix-en"]), st.sampled_from([23.976, 24, 25, 30]))
def test_enforce_profile_properties(raw, profile_name, fps):
    profile = get_profile(profile_name).with_fps(fps)
    raw = sorted(raw)
    spans = [(s, s + d) for s, d, _ in raw]
    chars = [c for _, _, c in raw]
    out, warnings = enforce_profile(spans, chars, profile)
    again, warnings2 = enforce_profile(out, chars, profile)
    assert again == out and warnings2 == warnings  # idempotent
    for k, (s, e) in enumerate(out):
        assert e > s
        assert e - s <= profile.max_duration + 1e-9
        if k + 1 < len(out):
            assert out[k + 1][0] - e >= profile.min_gap - 1e-9  # no overlap, min gap
        d = e - s
        broken = d < profile.min_duration - 1e-9 or (chars[k] / d) > profile.hard_max_cps + 1e-9
        assert broken == any(w.startswith(f"cue {k + 1} ") for w in warnings if "gap" not in w)
