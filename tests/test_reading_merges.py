"""Merging cues the speech outruns (``segment --audio``): :func:`subkit.reading_merges.reading_merges`."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subkit.profiles import get_profile
from subkit.reading_merges import reading_merges
from subkit.timing import cue_times

FR = get_profile("netflix-fr")  # 17 cps, 42 x 2, 5/6 to 7 s, 2 frames at 25 fps


def join_up_to(limit: int, counts):
    """A join that lays cues a..b-1 on one line per part plus spaces, fitting while under *limit*."""
    def join(a: int, b: int):
        chars = sum(counts[a:b]) + (b - a - 1)
        return chars if chars <= limit else None
    return join


def too_fast(speech, counts, limit_end=None) -> list[int]:
    """0-based cues cue_times reports as over the reading speed or under the minimum duration."""
    _, warnings = cue_times(speech, counts, FR, limit_end)
    return sorted({int(w.split()[1]) - 1 for w in warnings if "reading speed" in w or "under the minimum" in w})


def merged(speech, counts, groups, join):
    return ([(speech[g[0]][0], speech[g[-1]][1]) for g in groups],
            [join(g[0], g[-1] + 1) if len(g) > 1 else counts[g[0]] for g in groups])


def test_a_fast_cue_merges_with_the_neighbour_that_has_time():
    # cue 1: 40 characters in 1 s (40 cps); cue 0 is full for its time, cue 2 has time to spare
    speech = [(0.0, 2.9), (3.0, 4.0), (4.1, 8.0), (8.1, 11.0)]
    counts = [48, 40, 30, 40]
    join = join_up_to(84, counts)
    assert too_fast(speech, counts) == [1]
    groups = reading_merges(speech, counts, FR, join)
    assert groups == [range(0, 1), range(1, 3), range(3, 4)]
    assert too_fast(*merged(speech, counts, groups, join)) == []


def test_nothing_merges_when_every_cue_can_be_read():
    speech = [(0.0, 3.0), (3.1, 5.0), (5.5, 9.0)]
    counts = [40, 25, 50]
    assert too_fast(speech, counts) == []
    assert reading_merges(speech, counts, FR, join_up_to(84, counts)) == [range(0, 1), range(1, 2), range(2, 3)]


def test_no_merge_when_the_text_does_not_fit_one_cue_or_the_speech_is_too_long():
    speech = [(0.0, 1.0), (1.1, 5.0)]
    counts = [40, 30]
    assert reading_merges(speech, counts, FR, join_up_to(60, counts)) == [range(0, 1), range(1, 2)]
    assert reading_merges(speech, counts, FR, join_up_to(84, counts)) == [range(0, 2)]
    # the same two cues, the second spoken over 6.5 s: as one cue it would leave the screen mid-speech
    long = [(0.0, 1.0), (1.1, 7.6)]
    assert reading_merges(long, counts, FR, join_up_to(84, counts)) == [range(0, 1), range(1, 2)]


def test_two_cues_as_fast_as_each_other_stay_apart():
    # both about 30 cps (the recording ends at 2.6 s): one long cue as fast gains nothing
    speech = [(0.0, 1.2), (1.3, 2.5)]
    counts = [36, 36]
    assert too_fast(speech, counts, 2600) == [0, 1]
    assert reading_merges(speech, counts, FR, join_up_to(84, counts), 2600) == [range(0, 1), range(1, 2)]


def test_a_flash_under_the_minimum_duration_joins_its_neighbour_even_if_still_fast():
    # 19 characters in 0.4 s, then a cue a little too fast (the recording ends at 3.2 s): together
    # still too fast, but clearly closer to the limit
    speech = [(0.0, 0.4), (0.5, 3.1)]
    counts = [19, 55]
    join = join_up_to(84, counts)
    assert too_fast(speech, counts, 3200) == [0, 1]
    groups = reading_merges(speech, counts, FR, join, 3200)
    assert groups == [range(0, 2)]
    assert too_fast(*merged(speech, counts, groups, join), 3200) == [0]


cue_lists = st.lists(st.tuples(st.floats(0.05, 0.3), st.floats(0.2, 4.0), st.integers(3, 70)), min_size=1, max_size=25)


@settings(max_examples=150, deadline=None)
@given(cue_lists)
def test_merges_keep_order_fix_what_they_can_and_never_add_breaches(parts):
    speech, counts, t = [], [], 0.0
    for pause, length, chars in parts:
        t += pause
        speech.append((t, t + length))
        counts.append(chars)
        t += length
    join = join_up_to(84, counts)
    groups = reading_merges(speech, counts, FR, join)
    assert [k for g in groups for k in g] == list(range(len(counts)))  # every cue once, in order
    assert all(len(g) == 1 or join(g[0], g[-1] + 1) is not None for g in groups)
    new_speech, new_counts = merged(speech, counts, groups, join)
    left = too_fast(new_speech, new_counts)
    assert len(left) <= len(too_fast(speech, counts))
    # no cue left too fast that merging with a neighbour would make readable
    for k in left:
        for j in (k - 1, k):
            if 0 <= j < len(groups) - 1:
                a, b = groups[j][0], groups[j + 1][-1] + 1
                if join(a, b) is None or speech[b - 1][1] - new_speech[j][0] > FR.max_duration - 0.1:
                    continue
                trial = new_speech[:j] + [(new_speech[j][0], new_speech[j + 1][1])] + new_speech[j + 2:]
                trial_counts = new_counts[:j] + [join(a, b)] + new_counts[j + 2:]
                assert j in too_fast(trial, trial_counts), (k, j)
