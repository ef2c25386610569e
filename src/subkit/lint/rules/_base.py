"""What every rule module shares: profile-derived defaults and the per-file state."""

from __future__ import annotations

from dataclasses import dataclass, field

from subkit.profiles import Profile

__all__ = ["FromProfile", "State"]


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
