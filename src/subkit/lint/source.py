"""``subkit lint --source FR.srt EN.srt``: the translation's review flags, model-free.

The cues of the translation are matched to the source's by time (a translated cue keeps the start
of the source cue it renders; cues merged for reading time cover several), then each pair goes
through the checks of :mod:`subkit.translate.qa` (all but ``low-confidence``, which needs the
model). Each flag is a problem whose rule id is the flag id (``non-word``, ``untranslated``,
``number``, ``repetition``, ``omission``), at level warning. A pair whose cues do not line up is
one error naming the first cue without a partner.
"""

from __future__ import annotations

from subkit.errors import SubkitError
from subkit.lint.problem import WARNING, Problem

__all__ = ["source_problems", "MAX_SHIFT_MS"]

# How far before its source cue a translated cue may start (the translator moves a start earlier
# when the English needs more reading time than the French cue had).
MAX_SHIFT_MS = 1500


def source_problems(source_path: str, target_path: str, source_lang: str = "fr", target_lang: str = "en",
                    encoding: str = "utf-8") -> list[Problem]:
    """The review flags of the translation *target_path* of *source_path*, as lint problems."""
    from subkit.srtio import parse_srt, read_text
    from subkit.translate.qa import check_pair, partners

    sources = parse_srt(read_text(source_path, encoding), source_path)
    target_text = read_text(target_path, encoding)
    targets = parse_srt(target_text, target_path)
    pairs = partners(sources, targets)
    _check_alignment(sources, targets, pairs, source_path, target_path)
    lines = _cue_lines(target_text)
    problems = []
    for n, (cue, own) in enumerate(zip(targets, pairs)):
        source = " ".join(sources[i].text.replace("\n", " ") for i in own)
        for flag in check_pair(source, cue.text.replace("\n", " "), source_lang, target_lang):
            line = lines[n] if n < len(lines) else 1
            problems.append(Problem(line, 1, flag.id, flag.message, cue=cue.index or n + 1, level=WARNING))
    return problems


def _check_alignment(sources, targets, pairs, source_path: str, target_path: str) -> None:
    from subkit.cues import format_srt

    assigned = {i for own in pairs for i in own}
    for n, (cue, own) in enumerate(zip(targets, pairs), 1):
        if not own or sources[own[0]].start - cue.start > MAX_SHIFT_MS:
            raise SubkitError(f"cue {n} ({format_srt(cue.start)}) has no cue starting with it in {source_path}; "
                              "are these a source and its translation?", target_path)
    for i, cue in enumerate(sources, 1):
        if i - 1 not in assigned:
            raise SubkitError(f"cue {i} ({format_srt(cue.start)}) has no cue starting with it in {target_path}",
                              source_path)


def _cue_lines(text: str) -> list[int]:
    """The line number where each cue block of an SRT text starts."""
    out, in_block = [], False
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not in_block:
            out.append(number)
        in_block = bool(line.strip())
    return out
