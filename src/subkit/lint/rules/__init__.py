"""The rule registry: rule id → rule module.

Each module has ``ID``, ``TYPE``, ``LEVEL`` (default level), ``CONF`` (option → type),
``DEFAULT`` (option → default, possibly read from the profile with ``FromProfile``), ``FIXER``
(what ``--fix`` does for it: one of :data:`~subkit.lint.rules._base.FIXERS`, or None), ``CODES``
(the codes of the problems it reports, ``rule/kind``), a docstring with the options and PASS/FAIL
examples, and ``check(conf, items, state)`` returning a list of problems. The core streams the
file and calls ``check`` on consecutive runs of cues (a few hundred at a time: constant memory,
little call overhead):

- ``TYPE = "cue"``: *items* are :class:`~subkit.lint.scanner.ScannedCue` objects, in file order
  (``state.prev`` is the cue before the first one);
- ``TYPE = "timing"``: *items* are ``(prev, cue)`` pairs for the cues whose timing line could be
  read, ``prev`` being the previous such cue with a positive duration (or None);
- ``TYPE = "stream"``: the scanner reports the rule's problems itself (``syntax``, ``encoding``);
- ``TYPE = "pair"``: the review flags of a translation, run only with ``lint --source``
  (:mod:`subkit.lint.source`): *items* are :class:`~subkit.lint.rules._pair.CuePair` objects.
"""

from __future__ import annotations

from subkit.lint.rules import (
    empty_cue, encoding, language, line_balance, line_break, line_count, line_length, max_duration,
    min_duration, min_gap, negation, negative_duration, non_word, number, numbering, offensive, omission, order,
    overlap, reading_speed, repeated_line, repetition, syntax, typography, unmatched, untranslated,
)

__all__ = ["RULES", "TEXT_RULES", "get_rule"]

RULES = {
    m.ID: m
    for m in (
        syntax, encoding, numbering, order, overlap, empty_cue, negative_duration, line_length,
        line_count, reading_speed, min_duration, max_duration, min_gap, line_break, line_balance,
        typography, repeated_line, language,
        unmatched, non_word, untranslated, number, repetition, omission, negation, offensive,  # pairs (--source)
    )
}

# The rules that measure or read a cue's text (lengths, speeds, spacing, words, language). In a file
# whose bytes do not decode, each bad byte is one U+FFFD: the core drops these rules' problems there
# (what they would say is about the misreading), leaving the encoding problem and the timing rules.
TEXT_RULES = frozenset({"empty-cue", "line-length", "reading-speed", "line-break", "line-balance", "typography",
                        "repeated-line", "language"})


def get_rule(rule_id: str):
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r} (known: {', '.join(RULES)})") from None
