"""Property: on any generated transcript, segment's output is valid SRT, ordered, non-overlapping,
within the hard limits (or each breach reported), and keeps every word in order."""

from __future__ import annotations

import re

import srt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segment_checks import limit_problems, words
from subkit.cues import from_srt
from subkit.profiles import get_profile
from subkit.segment import segment_transcript

VOCAB = (
    "le la les un une des de du à en dans sur pour avec il elle on nous vous ils ne pas est a ont "
    "sont été Russes Ukrainiens Koursk Toretsk Donald Trump ville front drones bataille guerre "
    "stratégique très plus et mais ou donc qui que où 7 12ème 2024 km mois % € M. Mme Dr p. ex. "
    "l’oblast d’Azov qu’il c’est n’a s’est aujourd’hui cessez-le-feu https://ex.fr/a 👋 🎉"
).split()
PUNCT = ["", "", "", "", ",", ".", "?", "!", "…", ";", ":"]

word = st.tuples(st.sampled_from(VOCAB), st.sampled_from(PUNCT)).map(lambda t: t[0] + t[1])
odd = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x2FF, blacklist_categories=("Cc",)),
    min_size=1, max_size=12,
)
paragraph = st.lists(st.one_of(word, word, word, odd), min_size=1, max_size=60).map(" ".join)
transcript = st.lists(paragraph, min_size=1, max_size=6).map("\n\n".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=transcript, profile_name=st.sampled_from(["netflix-fr", "arcom-fr", "netflix-en"]))
def test_segment_properties(text, profile_name):
    profile = get_profile(profile_name)
    result = segment_transcript(text, lang=profile.lang, profile=profile)
    out = result.to_srt()
    subs = list(srt.parse(out))
    assert len(subs) == len(result.cues) > 0
    assert from_srt(subs) == result.cues  # the file says what the cues hold, to the millisecond
    starts = [s.start for s in subs]
    assert starts == sorted(starts)
    problems = limit_problems(subs, profile)
    # line and cue shape and overlaps/gaps always hold
    assert [p for p in problems if "cps" not in p and "duration" not in p] == []
    # reading speed and duration breaches (speech faster than reading) are reported, never silent
    for p in problems:
        assert any(w.startswith(p.split(":")[0] + " at") for w in result.warnings), (p, result.warnings)
    dropped = {line for _, line, _ in result.dropped}
    kept = [_unmarked(ln, result) for ln in text.split("\n") if " ".join(ln.split()) not in dropped]
    assert words(" ".join(kept)) == words(" ".join(s.content for s in subs))


def _unmarked(line: str, result) -> str:
    """*line* without what segment says it took out: a leading dialogue dash or ``>>`` (a change of
    speaker), and the speaker labels its notes name (tests/test_transcript_marks.py tests which)."""
    line = re.sub(r"^[ \u00a0]*(?:>>|[-–—](?=[ \u00a0]))[ \u00a0]*", "", line)
    note = next((n for n in result.notes if n.startswith("transcript: speaker labels taken out (")), "")
    for label in note.partition("(")[2].partition(")")[0].split(", ") if note else []:
        line = re.sub(rf"^[ \u00a0]*{re.escape(label)}[ \u00a0]*:", "", line, flags=re.IGNORECASE)
    return line


@settings(max_examples=60, deadline=None)
@given(text=paragraph, profile_name=st.sampled_from(["netflix-fr", "arcom-fr", "netflix-en"]))
def test_split_text_and_wrap_lines_properties(text, profile_name):
    from subkit.profiles import count_chars
    from subkit.breaking import split_text, wrap_lines
    from subkit.text import normalize_space

    profile = get_profile(profile_name)
    pieces = split_text(text, profile.lang, profile)
    assert " ".join(pieces) == normalize_space(text)
    for piece in pieces:
        lines = wrap_lines(piece, profile.lang, profile)
        assert " ".join(lines) == piece
        assert len(lines) <= profile.max_lines
        assert all(count_chars(ln) <= profile.max_chars_per_line for ln in lines)
    capped = split_text(text, profile.lang, profile, max_pieces=2)
    assert 1 <= len(capped) <= 2 and " ".join(capped) == normalize_space(text)
