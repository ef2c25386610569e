"""Rule ``line-balance``: no orphan one-word lines, no strongly unbalanced two-liners.

A line holding one word while another line of the cue holds several is an orphan; two lines
whose shorter one is under ``min-ratio`` of the longer (when the longer is over half the line
limit) are unbalanced. Dialogue cues (lines starting with a dash) are not judged.

Options: ``min-ratio`` (default ``0.33``), ``orphans`` (default ``true``).

.. rubric:: PASS

::

    I told you we should have
    taken the other road.

.. rubric:: FAIL

::

    I told you we should have taken the other
    road.
"""

import re

from subkit.profiles import plainly_shown, shown_length
from subkit.lint.problem import Problem
from subkit.text import opens_dialogue

ID = "line-balance"
TYPE = "cue"
LEVEL = "warning"
CONF = {"min-ratio": float, "orphans": bool}
DEFAULT = {"min-ratio": 0.33, "orphans": True}
FIXER = None
CODES = ("line-balance/orphan-word", "line-balance/unbalanced")


_DASHES = re.compile("[-–—]")


def _visible(cue) -> list[str]:
    """The cue's lines as shown (``cue.shown``: no tags, WebVTT's references read) and without edge
    spaces (computed only where there are some)."""
    text, lines = cue.text, cue.lines
    if cue.shown(text) != text:
        return [cue.shown(x).strip() for x in lines]
    if " \n" in text or "\n " in text or text[0] == " " or text[-1] == " ":
        return [x.strip() for x in lines]
    return lines


def check(conf, cues, state):
    out = []
    orphans = conf["orphans"]
    ratio = conf["min-ratio"]
    half = state.profile.max_chars_per_line / 2
    for cue in cues:
        if len(cue.lines) < 2:
            continue
        vis = _visible(cue)
        if not all(vis):
            continue  # a line of spaces only: typography reports it, and no word is alone on it
        if _DASHES.search(cue.text) and any(opens_dialogue(v) for v in vis):
            continue  # dialogue: one line per speaker
        if len(vis) == 2:
            a, b = vis
            if orphans and (" " not in a) != (" " not in b) and (a.count(" ") >= 2 or b.count(" ") >= 2):
                k = 0 if " " not in a else 1
                out.append(Problem(cue.text_line + k, 1, ID, f"orphan word {vis[k]!r} alone on its line",
                                   cue=cue.id, value=vis[k], code="line-balance/orphan-word"))
                continue
            # counted as line-length counts (a length is that count in most text)
            la, lb = (len(a), len(b)) if plainly_shown(cue.text) else (shown_length(a), shown_length(b))
            short, long_ = (la, lb) if la < lb else (lb, la)
            if long_ > half and short < ratio * long_:
                out.append(Problem(cue.text_line, 1, ID,
                                   f"unbalanced lines ({la} and {lb} characters)", cue=cue.id,
                                   value=round(short / long_, 2), limit=ratio,
                                   code="line-balance/unbalanced"))
        elif orphans:
            singles = [k for k, v in enumerate(vis) if " " not in v]
            if singles and len(singles) < len(vis) and max(v.count(" ") for v in vis) >= 2:
                k = singles[0]
                out.append(Problem(cue.text_line + k, 1, ID, f"orphan word {vis[k]!r} alone on its line",
                                   cue=cue.id, value=vis[k], code="line-balance/orphan-word"))
    return out
