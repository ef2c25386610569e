"""Shared checks for the segment tests (and bench/breaks.py): hard limits of a profile, word
preservation, and the break metrics a subtitler reads (orphan cues, paragraph crossings,
noun-adjective and set-phrase splits)."""

from __future__ import annotations

import re

import srt

from subkit.breaking import adjective_noun_split, noun_adjective_split, sentence_ends, wrap_lines
from subkit.language import rules
from subkit.profiles import Profile, count_chars
from subkit.text import clean_transcript, tokenize

EPS = 1e-6
ORPHAN_SECONDS = 1.2  # a cue on screen for less is an orphan...
ORPHAN_WORDS = 3  # ...and so is one of fewer words that does not end a sentence


def words(text: str) -> list[str]:
    """Words as a reader sees them: spacing around French punctuation does not count, and a line
    break is a space (a « may end a paragraph of the transcript and a line of a cue)."""
    text = text.replace("\n", " ")
    text = re.sub(r"[ \u00a0\u202f]*([?!:;»])", r"\1", text)
    return re.sub(r"(«)[ \u00a0\u202f]*", r"\1", text).split()


def limit_problems(subs: list[srt.Subtitle], profile: Profile) -> list[str]:
    """Every breach of a hard limit of *profile* (empty when the file is clean)."""
    problems = []
    prev_end = None
    for k, sub in enumerate(subs, 1):
        start, end = sub.start.total_seconds(), sub.end.total_seconds()
        duration = end - start
        lines = sub.content.split("\n")
        chars = count_chars(sub.content)
        if len(lines) > profile.max_lines:
            problems.append(f"cue {k}: {len(lines)} lines")
        for line in lines:
            if count_chars(line) > profile.max_chars_per_line:
                problems.append(f"cue {k}: line of {count_chars(line)} chars")
        if duration <= 0 or chars / duration > profile.hard_max_cps + EPS:
            problems.append(f"cue {k}: {chars / max(duration, EPS):.2f} cps")
        if duration < profile.min_duration - EPS:
            problems.append(f"cue {k}: duration {duration:.3f} s < min")
        if duration > profile.max_duration + EPS:
            problems.append(f"cue {k}: duration {duration:.3f} s > max")
        if prev_end is not None:
            if start < prev_end - EPS:
                problems.append(f"cue {k}: overlaps the previous cue")
            elif start - prev_end < profile.min_gap - EPS:
                problems.append(f"cue {k}: gap {start - prev_end:.3f} s < min gap")
        prev_end = end
    return problems


def forbidden_ends(subs: list[srt.Subtitle], lang: str) -> list[str]:
    """Lines (and so cues) ending on a word that must not end a line."""
    r = rules(lang)
    bad = []
    for k, sub in enumerate(subs, 1):
        for line in sub.content.split("\n"):
            toks = line.split(" ")
            if toks and r.must_not_end_line(toks[-1]):
                bad.append(f"cue {k}: line ends on {toks[-1]!r}: {line!r}")
    return bad



def break_metrics(text: str, result, lang: str = "fr", show: str | None = None) -> dict:
    """Counts over the cues of *result* (a :class:`subkit.segment.SegmentResult` of *text*):
    ``orphans`` (on screen under 1.2 s, or under 3 words without ending a sentence),
    ``crossings`` (a paragraph end of the transcript inside the cue), ``cue_splits`` and
    ``line_splits`` (a noun parted from its adjective by a cue or line break), ``an_splits`` (an
    adjective parted from the noun after it, either break), ``phrase_breaks``
    (a break inside a set phrase), ``punct`` (cue ends on punctuation), ``cut_fitting`` (cue breaks
    inside a sentence whose words fit one cue of the profile) and ``run_on`` (cues that end a
    sentence, start the next and leave it unfinished). *show* ("orphans", "crossings", "splits",
    "cuts") prints those cues."""
    tokens, spans, cues = result.tokens, result.spans, result.cues
    r = rules(lang)
    para_end, k = set(), 0
    for para in clean_transcript(text, lang).paragraphs:
        k += len(tokenize(para))
        para_end.add(k - 1)
    ends = sentence_ends(tokens, lang)
    inside_phrase = {k for a, b in r.phrase_spans(tokens) for k in range(a, b - 1)}
    m = dict.fromkeys(("orphans", "crossings", "cue_splits", "line_splits", "an_splits", "phrase_breaks", "punct"), 0)
    for span, cue in zip(spans, cues):
        seconds = (cue.end - cue.start) / 1000
        orphan = seconds < ORPHAN_SECONDS or (span.end - span.start < ORPHAN_WORDS and not ends[span.end - 1])
        crossing = any(i in para_end for i in range(span.start, span.end - 1))
        m["orphans"] += orphan
        m["crossings"] += crossing
        m["punct"] += r.is_clause_end(tokens[span.end - 1])
        cuts = [span.start + len(tokenize(" ".join(span.lines[:n]))) - 1 for n in range(1, len(span.lines))]
        for cut, kind in [(c, "line") for c in cuts] + [(span.end - 1, "cue")] * (span.end < len(tokens)):
            m["phrase_breaks"] += cut in inside_phrase
            m["an_splits"] += adjective_noun_split(tokens, cut, lang)
            if noun_adjective_split(tokens, cut, lang):
                m[f"{kind}_splits"] += 1
                if show == "splits":
                    print(f"  {kind} split: {tokens[cut]} | {tokens[cut + 1]}")
        if (show == "orphans" and orphan) or (show == "crossings" and crossing):
            print(f"  {seconds:.2f} s {' / '.join(span.lines)}")
    m["cues"] = len(cues)
    m.update(sentence_metrics(tokens, spans, ends, result.profile, lang, show == "cuts"))
    return m


def sentence_metrics(tokens, spans, ends, profile: Profile, lang: str, show: bool = False) -> dict:
    """``cut_fitting``: cue breaks inside a sentence that one cue could hold (its words wrapped to
    the profile's lines); ``run_on``: cues holding a sentence end that stop inside the next sentence."""
    fits, start = [False] * len(tokens), 0
    for k, end in enumerate(ends):
        if end:
            lines = wrap_lines(" ".join(tokens[start:k + 1]), lang, profile)
            ok = len(lines) <= profile.max_lines and all(count_chars(x) <= profile.max_chars_per_line for x in lines)
            fits[start:k + 1] = [ok] * (k + 1 - start)
            start = k + 1
    m = {"cut_fitting": 0, "run_on": 0}
    for span in spans[:-1]:
        last = span.end - 1
        if not ends[last] and fits[last]:
            m["cut_fitting"] += 1
            if show:
                print(f"  cut: {' / '.join(span.lines)} | {tokens[span.end]}")
        m["run_on"] += not ends[last] and any(ends[span.start:last])
    return m
