"""Hypothesis: whatever the input, the linter never crashes and reports syntax/encoding problems."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import srt as srtlib
from hypothesis import HealthCheck, given, settings, strategies as st

from subkit.lint.core import lint_bytes
from subkit.lint.formats import render
from subkit.lint.rules import RULES
from subkit.profiles import count_chars

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_report(data: bytes, profile: str | None = "netflix-en") -> None:
    report = lint_bytes(data, "fuzz.srt", profile_name=profile, statistics=True)
    for p in report.problems:
        assert p.rule in RULES and p.level in ("error", "warning")
        assert p.code in RULES[p.rule].CODES, (p.code, p.message)
        assert RULES[p.rule].FIXER is not None or not p.fixable, p
        assert p.line >= 1 and p.col >= 1 and p.message
    for fmt in ("text", "json", "github", "junit"):
        out = render(fmt, [report], with_stats=True)
        if fmt == "json":
            json.loads(out)
        elif fmt == "junit":
            ET.fromstring(out)
    rules = {p.rule for p in report.problems}
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        assert "encoding" in rules
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        assert "encoding" in rules
        return
    if text.removeprefix("\ufeff").startswith("WEBVTT"):
        return  # linted as WebVTT (tests/test_lint_vtt.py), where a header without cues is valid
    try:
        parsed = list(srtlib.parse(text.removeprefix("\ufeff")))
    except Exception:  # srt refuses it: we must have said why
        assert rules & {"syntax", "encoding"}, (text, report.problems)
        return
    if not parsed:
        assert "syntax" in rules  # empty or no cue


@SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data):
    check_report(data)


def _ts():
    num = st.one_of(st.integers(0, 99), st.integers(-99, 10**12), st.just(99))
    sep = st.sampled_from([",", ".", ":", ""])
    return st.builds(lambda h, m, s, sp, ms, hw: f"{h:0{hw}d}:{m:02d}:{s:02d}{sp}{ms:03d}",
                     st.integers(0, 120), num.filter(lambda x: -99 <= x <= 99),
                     num.filter(lambda x: -99 <= x <= 99), sep, st.integers(0, 9999), st.sampled_from([1, 2, 3]))


LINE = st.one_of(
    st.integers(-5, 10**30).map(str),
    st.builds(lambda a, arrow, b, extra: f"{a}{arrow}{b}{extra}", _ts(),
              st.sampled_from([" --> ", "-->", " -> ", " --> "]), _ts(), st.sampled_from(["", " X1:10 X2:20", "  "])),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=60).map(lambda s: s.replace("\n", " ")),
    st.sampled_from(["", " ", "<i>Hello</i>", "{\\an8}Top", "- Oui\u00a0?", "-No.", "Il est parti avec"]),
)


@SETTINGS
@given(st.lists(LINE, max_size=40), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_arbitrary_srt_like_text(lines, newline, bom):
    text = newline.join(lines)
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    check_report(data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=30))
def test_arbitrary_text_with_language_detection(lines):
    check_report("\n".join(lines).encode("utf-8"), profile=None)


@SETTINGS
@given(st.text(max_size=200))
def test_cue_character_count_matches_the_profile_module(text):
    from subkit.lint.scanner import ScannedCue as Cue

    lines = text.replace("\r", "").split("\n")
    cue = Cue(1, 1, 1, 2, 0, 1000, "", lines, 3)
    assert cue.chars == count_chars("\n".join(lines))
