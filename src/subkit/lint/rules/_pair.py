"""What the translation-pair rules share (``TYPE = "pair"``: they run only with ``--source``).

Each pair rule is one review flag of :mod:`subkit.translate.qa` (the model-free ones). The checks
of a pair run once, when the first enabled rule asks (:attr:`CuePair.flags`); each rule keeps the
flags with its id. qa is imported then, not here: the registry stays light for plain ``lint``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from subkit.lint.problem import Problem

__all__ = ["CuePair", "flag_problems"]


@dataclass
class CuePair:
    """A translated cue and the source text it renders (the source cues matched to it by time)."""

    line: int  # where the translated cue's block starts in its file
    cue: int | None  # the translated cue's index as written (its position when it has none)
    source: str  # the source cues' text, on one line
    target: str  # the translated cue's text, on one line
    text: str  # the translated cue's text as written (baselines match problems by it)
    src_lang: str = "fr"
    tgt_lang: str = "en"
    # (code, message) for a cue of either file with no partner in the other: nothing to compare
    unmatched: tuple[str, str] | None = None

    @cached_property
    def flags(self) -> list:
        from subkit.translate.qa import check_pair

        if self.unmatched:
            return []
        return check_pair(self.source, self.target, self.src_lang, self.tgt_lang)


def flag_problems(rule_id: str, code: str, pairs) -> list[Problem]:
    """One problem per pair that raises the flag *rule_id* (its words in ``value``; the translated
    cue's text in ``context``, which baselines match problems by)."""
    out = []
    for pair in pairs:
        for flag in pair.flags:
            if flag.id == rule_id:
                p = Problem(pair.line, 1, rule_id, flag.message, cue=pair.cue,
                            value=", ".join(dict.fromkeys(flag.words)) or None, code=code)
                p.context = pair.text
                out.append(p)
    return out
