"""Rule ``min-gap``: consecutive cues are separated by at least the minimum gap.

Gaps are measured in frames at ``fps``, not rounded: a gap shorter than ``frames`` frames (80 ms
for 2 frames at 25 fps; but not an overlap: see ``overlap``) is an error. As SRT times are whole
milliseconds, a gap less than 1 ms short of it passes (83 ms for 2 frames of 41.7 ms at 23.976 fps:
two times on frames, each rounded to the millisecond). A gap of ``frames + 1`` to ``close-frames``
frames (3-11 frames for Netflix) is a warning: professional timing closes it to the minimum gap so
that the picture does not flicker. ``--fix`` does both (a gap too short as ``overlap`` says: only
where both cues stay readable); cues that touch stay so where ``chained`` allows them.

Options: ``frames`` (default: the profile's ``min_gap_frames``, 2), ``close-frames`` (default:
the profile's ``close_gap_frames``, 11; ``0`` turns the warning off), ``fps`` (default: the
profile's ``fps``, 25), ``chained`` (cues that touch, a gap of exactly 0 ms, are allowed: many
guides chain cues so; default: the profile's, ``true`` for ``general``, ``false`` for Netflix).

.. rubric:: PASS

``…02,000`` then ``00:00:02,080 --> …`` (80 ms = 2 frames at 25 fps); or a gap of 1 s.

.. rubric:: FAIL

``…02,000`` then ``00:00:02,040 --> …`` (1 frame); ``…02,000`` then ``00:00:02,060`` (1.5
frames); ``…02,000`` then ``00:00:02,200`` (5 frames:
a warning).
"""

from subkit.lint.problem import Problem, WARNING
from subkit.lint.rules._base import RETIME, FromProfile, held_back, settled

ID = "min-gap"
TYPE = "timing"
LEVEL = "error"
CONF = {"frames": int, "close-frames": int, "fps": float, "chained": bool}
POSITIVE = ("fps",)  # options that must be more than 0
DEFAULT = {"frames": FromProfile("min_gap_frames"), "close-frames": FromProfile("close_gap_frames"),
           "fps": FromProfile("fps"), "chained": FromProfile("allow_chained")}
FIXER = RETIME
CODES = ("min-gap/too-short", "min-gap/close-gap")


def check(conf, pairs, state):
    fps = conf["fps"]
    need = conf["frames"]
    close = conf["close-frames"]
    chained = conf["chained"]
    # A gap of at least `far` ms is more than `close` frames: nothing to say (the common case).
    far = (max(need, close) + 0.5) * 1000 / fps if fps > 0 else 0
    shortest = need * 1000 / fps - 1 if fps > 0 else 0  # ms: 1 ms of rounding (see the docstring)
    out = []
    for prev, cue in pairs:
        if prev is None:
            continue
        gap = cue.start - prev.end
        if gap < 0 or gap >= far or (gap == 0 and chained):
            continue  # overlap or disorder: other rules; touching cues, when chaining is allowed
        if gap <= shortest + 1e-9:
            exact = round(gap * fps / 1000, 2)
            exact = int(exact) if exact.is_integer() else exact
            out.append(Problem(cue.timing_line, 1, ID,
                               f"gap of {gap} ms ({_frames(exact)} at {fps:g} fps) before this cue "
                               f"(min {_frames(need)})", cue=cue.id, value=exact, limit=need,
                               fixable=settled(cue, pairs, state), code="min-gap/too-short"))
            continue
        frames = int(gap * fps / 1000 + 0.5)  # whole frames, as the retimer counts them
        if need < frames <= close:
            out.append(Problem(cue.timing_line, 1, ID,
                               f"gap of {_frames(frames)} before this cue: close it to {_frames(need)}",
                               cue=cue.id, value=frames, limit=need, level=WARNING,
                               code="min-gap/close-gap",
                               fixable=_closable(prev, cue, need, fps, state) and not held_back(prev, pairs, state)))
    return out



def _closable(prev, cue, need: int, fps: float, state) -> bool:
    """Whether ``--fix`` can close the gap: the earlier cue, lengthened to end *need* frames before
    this one, must stay within the profile's maximum duration (the retimer never breaks it)."""
    profile = getattr(state, "profile", None)
    if profile is None or fps <= 0:
        return True
    frame = 1000 / fps
    longest = int(profile.max_duration * fps + 1e-9) * frame  # whole frames, as the retimer counts
    return cue.start - need * frame - prev.start <= longest + 0.5


def _frames(n: float) -> str:
    return "1 frame" if n == 1 else f"{n:g} frames"
