"""One problem found by the linter, and the levels a rule can have."""

from __future__ import annotations

__all__ = ["Problem", "LEVELS", "ERROR", "WARNING", "DISABLE"]

ERROR = "error"
WARNING = "warning"
DISABLE = "disable"
LEVELS = (ERROR, WARNING, DISABLE)


class Problem:
    """A problem at a line and column of a file.

    ``level`` is None while the rule's configured level applies; a rule sets it to ``"warning"``
    for forms it tolerates (players accept them) or to ``"error"`` for faults that are never mere
    style (a binary file). ``cue`` is the cue's index as written in the file (its position when the
    index is missing). ``value`` and ``limit`` are the measured value and the limit it broke, when
    they apply. ``fixable`` says that ``subkit lint --fix`` repairs it for sure.

    ``code`` names the kind of problem, ``rule/kind`` (``syntax/missing-index``,
    ``encoding/bom``, ``min-gap/close-gap``): stable, so that code (and CI scripts, through the
    JSON output) can tell problems apart without reading their message. Each rule module lists
    its codes in ``CODES``. It defaults to the rule id.

    ``context`` is the text of the cue the problem is in, set only when asked for (baselines match
    problems by it: it survives renumbering and cues added above).
    """

    __slots__ = ("line", "col", "rule", "message", "cue", "value", "limit", "fixable", "level", "code", "context")

    def __init__(self, line: int, col: int, rule: str, message: str, cue: int | None = None,
                 value: float | int | str | None = None, limit: float | int | str | None = None,
                 fixable: bool = False, level: str | None = None, code: str | None = None):
        self.line = line
        self.col = col
        self.rule = rule
        self.message = message
        self.cue = cue
        self.value = value
        self.limit = limit
        self.fixable = fixable
        self.level = level
        self.code = code or rule
        self.context: str | None = None

    def as_dict(self, file: str) -> dict:
        return {
            "file": file,
            "line": self.line,
            "column": self.col,
            "cue": self.cue,
            "rule": self.rule,
            "code": self.code,
            "level": self.level,
            "message": self.message,
            "value": self.value,
            "limit": self.limit,
            "fixable": self.fixable,
        }

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Problem({self.line}:{self.col} {self.level} {self.code} {self.message!r})"
