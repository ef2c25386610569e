"""What every rule module shares: profile-derived defaults and the per-file state."""

from __future__ import annotations

from dataclasses import dataclass, field

from subkit.profiles import Profile

__all__ = ["FromProfile", "State", "REWRITE", "SPACES", "REWRAP", "RETIME", "FIXERS"]


# What ``subkit lint --fix`` (subkit.lint.fix) does for a rule, as its module's ``FIXER`` says
# (None: nothing, fix it by hand). The first three run on every file --fix rewrites; ``retime``
# runs when a rule that names it reports a problem.
REWRITE = "rewrite"  # renumber, sort by start, canonical timestamps, LF, no BOM, UTF-8
SPACES = "spaces"  # strip spaces at line ends, collapse double spaces
REWRAP = "rewrap"  # re-wrap lines that are too long or too many (subkit.breaking), when it fits
RETIME = "retime"  # subkit.timing.enforce_profile: extend, trim overlaps, keep gaps, snap to frames
FIXERS = (REWRITE, SPACES, REWRAP, RETIME)


@dataclass(frozen=True)
class FromProfile:
    """A default option value read from the style profile (``FromProfile("max_cps")``)."""

    attr: str

    def resolve(self, profile: Profile):
        return getattr(profile, self.attr)


@dataclass
class State:
    """What rules may know besides the current cue.

    ``prev`` is the previous cue in file order; ``prev_timed`` the previous cue whose timing could
    be read (and is not negative). ``lang`` is the file's expected language and ``lang_rules`` its
    line-break data. ``cache`` is free for rules to keep per-file data in.
    """

    profile: Profile
    lang: str
    lang_rules: object
    prev: object = None
    prev_timed: object = None
    cache: dict = field(default_factory=dict)
