"""``subkit lint --source FR EN``: the translation's review flags, model-free, as lint rules.

Either file may be SRT or WebVTT (read by :mod:`subkit.formats`, which tells them apart). The cues
of the translation are matched to the source's by time (a translated cue keeps the start of the
source cue it renders; cues merged for reading time cover several, while they are on screen):
:func:`read_pair`, which raises one error naming the first cue without a partner when the two do not
line up. Each pair then goes
through the registry's ``TYPE = "pair"`` rules (``non-word``, ``untranslated``, ``number``,
``repetition``, ``omission``, ``offensive``: the checks of :mod:`subkit.translate.qa` but
``low-confidence``, which needs the model), each at the level the configuration gives it, like any other rule.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Sequence

from subkit.errors import SubkitError
from subkit.lint.config import LintConfig, resolve_rules
from subkit.lint.problem import Problem
from subkit.lint.rules._pair import CuePair
from subkit.translate.qa import PAIRING_TOLERANCE_MS, partners

__all__ = ["read_pair", "source_problems", "MAX_SHIFT_MS", "NO_DICTIONARY"]

# How far before its source cue a translated cue may start (the translator moves a start earlier
# when the English needs more reading time than the French cue had).
MAX_SHIFT_MS = 1500
# The largest offset of a whole translation from its source that pairing takes away (a translation
# timed to a copy of the video a little ahead or behind; more is another cut, for subkit sync).
MAX_OFFSET_MS = 2000

NO_DICTIONARY = ("subkit lint: note: rule non-word skipped: it needs the English word list of the "
                 "pyspellchecker package (pip install 'subkit[translate]')")

# A timing line of SRT or WebVTT (where a cue's block is; the readers themselves parse it).
_TIMING = re.compile(r"^\s*\d+(?::\d+){1,2}[.,]\d+\s*-->")


def read_pair(source_path: str, target_path: str, encoding: str = "utf-8", src_lang: str = "fr",
              tgt_lang: str = "en") -> list[CuePair]:
    """Each cue of the translation *target_path* with the text of the *source_path* cues it renders.

    A cue of either file without a partner in the other is a pair marked ``unmatched`` (rule
    ``unmatched``, at the translation's line). Raises a one-line :class:`SubkitError` naming the file
    (and line) for unreadable input and when most cues have no partner (another episode)."""
    from subkit.formats import parse_read
    from subkit.srtio import read_text

    source_text, target_text = read_text(source_path, encoding), read_text(target_path, encoding)
    source = parse_read(source_path, source_text)
    target = parse_read(target_path, target_text)
    _check_languages((source_path, source, src_lang), (target_path, target, tgt_lang))
    source_lines = _cue_lines(source_text, len(source.cues))
    target_lines = _cue_lines(target_text, len(target.cues))
    timed = _without_offset(source.cues, target.cues)
    pairs = partners(source.cues, timed)
    extra, missing = _unmatched(source.cues, timed, pairs)
    _refuse_other_episode(source, target, (extra, missing), (source_path, source_lines), (target_path, target_lines))
    out = []
    for n, (cue, own) in enumerate(zip(target.cues, pairs)):
        index = cue.index or n + 1
        if n in extra:
            note = ("unmatched/no-source", f"no cue of {source_path} starts within "
                    f"{PAIRING_TOLERANCE_MS / 1000:g} s of it (added in translation?)")
            out.append(CuePair(target_lines[n], index, "", _shown(cue), cue.text, src_lang, tgt_lang, unmatched=note))
            continue
        if n and own == pairs[n - 1] and not out[-1].unmatched:  # the next part of a cue split in translation
            out[-1] = replace(out[-1], target=f"{out[-1].target} {_shown(cue)}", text=f"{out[-1].text}\n{cue.text}")
            continue
        text = " ".join(_shown(source.cues[i]) for i in own if i not in missing)
        out.append(CuePair(target_lines[n], index, text, _shown(cue), cue.text, src_lang, tgt_lang))
    missing_pairs = _missing_pairs(source, timed, missing, (source_path, source_lines), target_lines,
                                   (src_lang, tgt_lang))
    return sorted(out + missing_pairs, key=lambda p: p.line)


def _missing_pairs(source, timed: Sequence, missing: set[int], source_at: tuple[str, list[int]],
                   target_lines: list[int], langs: tuple[str, str]) -> list[CuePair]:
    """A pair for each source cue no translated cue renders, at the line of the translated cue
    before it in time (the first one's when none is); its text, for baselines, is the source cue's."""
    source_path, source_lines = source_at
    out = []
    for i in sorted(missing):
        cue = source.cues[i]
        before = [n for n, t in enumerate(timed) if t.start <= cue.start]
        line = target_lines[before[-1]] if before else (target_lines[0] if target_lines else 1)
        note = ("unmatched/no-translation", f"cue {i + 1} of {source_path} ({_time(cue.start, source)}, line "
                f"{source_lines[i]}) has no translated cue")
        out.append(CuePair(line, None, _shown(cue), "", cue.text, *langs, unmatched=note))
    return out


def source_problems(pairs: list[CuePair], config: LintConfig,
                    profile) -> tuple[list[Problem], list[str], frozenset[str]]:
    """(problems, notes for stderr, the ids of the rules run): the enabled pair rules run on *pairs*,
    each problem at its rule's configured level."""
    active = [(m, level, conf) for m, level, conf in resolve_rules(config, profile) if m.TYPE == "pair"]
    notes = []
    english = any(p.tgt_lang == "en" for p in pairs)
    if english and any(m.ID == "non-word" for m, _, _ in active) and not _has_english_lists():
        active = [a for a in active if a[0].ID != "non-word"]
        notes.append(NO_DICTIONARY)
    problems = []
    for module, level, conf in active:
        for p in module.check(conf, pairs, None):
            p.level = p.level or level
            problems.append(p)
    return problems, notes, frozenset(m.ID for m, _, _ in active)


def _check_languages(*files: tuple[str, object, str]) -> None:
    """Refuse a pair in the wrong languages (files swapped, or the translation given as source), as
    ``memory import`` does."""
    from subkit.language import refuse_other_language

    for path, subs, lang in files:
        refuse_other_language([_shown(c) for c in subs.cues], lang, path,
                              "--source takes the original, PATH its translation; are the files swapped?")


def _without_offset(source: Sequence, target: Sequence) -> Sequence:
    """*target*'s cues moved back by the offset of the whole file, when most of its cues start more
    than the pairing tolerance after (or before) their source cue alike (a file timed to a copy of
    the video with another lead-in): each cue is then paired with its source cue, not its neighbour."""
    import bisect
    from statistics import median

    starts = [c.start for c in source]
    if not starts or sorted(starts) != starts:
        return target
    diffs = []
    for cue in target:
        k = bisect.bisect_left(starts, cue.start)
        near = [starts[j] for j in (k - 1, k) if 0 <= j < len(starts)]
        diffs.append(min((cue.start - s for s in near), key=abs))
    offset = round(median(diffs))
    if abs(offset) <= PAIRING_TOLERANCE_MS or abs(offset) > MAX_OFFSET_MS:
        return target
    close = sum(abs(d - offset) <= PAIRING_TOLERANCE_MS for d in diffs)
    if 2 * close <= len(diffs):  # no offset most cues share
        return target
    return [replace(c, start=c.start - offset, end=c.end - offset) for c in target]


def _unmatched(source: Sequence, target: Sequence, pairs) -> tuple[set[int], set[int]]:
    """(translated cues rendering no source cue, source cues no translated cue renders)."""
    # a source cue counts as rendered by the translated cue it falls in, not by one that ended before it
    assigned = {i for own, cue in zip(pairs, target) for i in own if source[i].start < cue.end}
    extra = {n for n, (cue, own) in enumerate(zip(target, pairs))
             if not own or source[own[0]].start - cue.start > MAX_SHIFT_MS}
    return extra, set(range(len(source))) - assigned


def _refuse_other_episode(source, target, unmatched: tuple[set[int], set[int]], source_at: tuple[str, list[int]],
                          target_at: tuple[str, list[int]]) -> None:
    """One error naming the first cue without a partner when half the cues of either file have none:
    not a source and its translation (another episode, another cut)."""
    (source_path, source_lines), (target_path, target_lines) = source_at, target_at
    extra, missing = unmatched
    if extra and 2 * len(extra) >= len(target.cues):
        n = min(extra)
        raise SubkitError(f"cue {n + 1} ({_time(target.cues[n].start, target)}) has no cue starting with it in "
                          f"{source_path}; are these a source and its translation?", target_path, target_lines[n])
    if missing and 2 * len(missing) >= len(source.cues):
        i = min(missing)
        raise SubkitError(f"cue {i + 1} ({_time(source.cues[i].start, source)}) has no cue starting with it in "
                          f"{target_path}; are these a source and its translation?", source_path, source_lines[i])


def _shown(cue) -> str:
    """A cue's text as the rules read it: what a viewer reads (markup and ``&nbsp;`` are no words nor
    numbers), on one line."""
    from subkit.profiles import visible_text

    return visible_text(cue.text).replace("\n", " ")


def _time(ms: int, subs) -> str:
    """A time as the file writes it (``00:00:30,000`` in SRT, ``00:00:30.000`` in WebVTT)."""
    from subkit.cues import format_srt, format_vtt

    return format_vtt(ms) if subs.format == "vtt" else format_srt(ms)


def _cue_lines(text: str, n_cues: int) -> list[int]:
    """The line where each of the *n_cues* cue blocks of an SRT or WebVTT text starts: its index or
    identifier line when it has one, else its timing line (1 when the text is not as expected)."""
    lines = text.splitlines()
    out = []
    for k, line in enumerate(lines):
        if _TIMING.match(line):
            # an index or identifier: a line of its own between a blank line (or the start) and the timing
            ident = k > 0 and lines[k - 1].strip() and (k < 2 or not lines[k - 2].strip())
            out.append(k if ident and not lines[k - 1].startswith("WEBVTT") else k + 1)
    return out[:n_cues] if len(out) >= n_cues else [*out, *[1] * (n_cues - len(out))]


def _has_english_lists() -> bool:
    from subkit.translate.words import has_word_lists  # light: word lists, read when asked

    return has_word_lists("en")
