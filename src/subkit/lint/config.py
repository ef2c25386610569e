"""Lint configuration: where it is found, its shape, and how it resolves against a profile.

Shape (the same in every place)::

    profile = "netflix-fr"
    fps = 23.976           # frame rate for frame-based rules (default: the profile's, 25)
    exclude = ["drafts", "*.orig.srt"]            # replaces the default excludes (.git, .venv, ...)
    extend-exclude = ["legacy/old/**"]            # adds to them
    select = ["reading-speed", "non-word"]        # only these rules run (default: every enabled rule)
    ignore = ["typography/edge-space", "number"]  # rule ids (off) or problem codes (dropped), everywhere
    [per-file-ignores]
    "legacy/**" = ["reading-speed", "syntax/missing-index"]   # rule ids or problem codes
    [rules.reading-speed]
    max-cps = 20
    level = "error"        # error | warning | disable
    [rules.min-duration]
    seconds = 1.0

Path patterns are globs (``*``, ``?``, ``[...]``, ``**`` for any number of folders) matched
against paths relative to the config file's folder (the working directory without one), with
``/`` separators; a pattern without ``/`` matches any one file or folder name, and a pattern that
matches a folder covers everything below it.

Where (like ruff): ``--config FILE``; else the nearest folder, from the working directory
upwards, with a ``subkit.toml`` (its ``[lint]`` table if it has one, and then nothing outside it,
else its top level) or, second in the same folder, a ``pyproject.toml`` with a
``[tool.subkit.lint]`` table. Options given on the command line (``--profile``, ``--fps``) win over
the file.
"""

from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import json
import math
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from subkit.errors import SubkitError
from subkit.language import primary_language
from subkit.profiles import PROFILES, Profile
from subkit.lint.problem import DISABLE, LEVELS
from subkit.lint.rules import RULES
from subkit.lint.rules._base import FromProfile

__all__ = ["LintConfig", "load_config", "parse_config", "find_config", "resolve_rules", "rule_conf", "check_ids",
           "check_select", "check_patterns", "fix_profile", "check_number", "check_fps", "FPS_MAX",
           "DEFAULT_EXCLUDE", "glob_matches"]

# Folders no one keeps subtitles to check in (as ruff's default excludes).
DEFAULT_EXCLUDE = (".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__")


@dataclass
class LintConfig:
    profile: str | None = None
    rules: dict[str, dict] = field(default_factory=dict)
    fps: float | None = None  # overrides the profile's frame rate
    source: str | None = None  # where it was read from (None: built-in defaults)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    root: str | None = None  # the folder path patterns are relative to (None: the working directory)
    select: tuple[str, ...] | None = None  # only these rules run (None: every rule not disabled)
    ignore: tuple[str, ...] = ()  # rule ids and problem codes off for every file


    def excluded(self, path: str) -> bool:
        """Whether *path* (a file or folder) matches ``exclude`` or ``extend-exclude``."""
        rel = self._relative(path)
        if rel == ".":  # the root itself (`subkit lint .`): never excluded, even by ".*"
            return False
        return any(glob_matches(p, rel) for p in (*self.exclude, *self.extend_exclude))

    def ignores(self, path: str) -> frozenset[str]:
        """The rule ids and problem codes that ``ignore`` and ``per-file-ignores`` turn off for *path*."""
        if not self.per_file_ignores or path == "-":
            return frozenset(self.ignore)
        rel = self._relative(path)
        return frozenset(self.ignore).union(x for pattern, ids in self.per_file_ignores.items()
                                            if glob_matches(pattern, rel) for x in ids)

    def with_fps(self, fps: float) -> "LintConfig":
        """This configuration at *fps* everywhere (``--fps``): the rules' own ``fps`` options give way."""
        rules = {rule_id: {k: v for k, v in table.items() if k != "fps"} for rule_id, table in self.rules.items()}
        return replace(self, fps=fps, rules=rules)

    def without(self, rule_ids) -> "LintConfig":
        """This configuration with the rules *rule_ids* disabled."""
        rules = dict(self.rules)
        for rule_id in rule_ids:
            rules[rule_id] = {**rules.get(rule_id, {}), "level": "disable"}
        return replace(self, rules=rules)

    def _relative(self, path: str) -> str:
        full = os.path.abspath(path)
        try:
            rel = os.path.relpath(full, self.root or os.getcwd())
        except ValueError:  # another drive
            rel = full
        return Path(full if rel == ".." or rel.startswith(".." + os.sep) else rel).as_posix()


@lru_cache(maxsize=256)
def _glob_regex(pattern: str) -> re.Pattern:
    """A glob as a regular expression: ``*``/``?`` stay within a folder name, ``**`` crosses folders.
    Raises ValueError for a ``[`` that no ``]`` closes (as ruff's globs: likely a typo; ``[[]`` is a
    literal ``[``) and a ``[...]`` that is no set of characters (``[z-a]``)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        c = pattern[i]
        end = pattern.find("]", i + 2) if c == "[" else -1
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and end == -1:
            raise ValueError("'[' is not closed by ']' (write [[] for a literal '[')")
        elif end != -1:
            body = pattern[i + 1:end]
            body = ("^" + body[1:] if body.startswith("!") else body).replace("\\", "\\\\").replace("[", "\\[")
            out.append("[" + body + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    try:
        return re.compile("".join(out))
    except re.error as exc:
        raise ValueError(f"not a set of characters ({exc.msg})") from None


def check_patterns(key: str, value, where: str | None) -> tuple[str, ...]:
    """*value* as path patterns (*key*: ``exclude``, ``--extend-exclude``, ...): a list of non-empty
    strings, each a valid glob (refused now rather than failing, or matching nothing, later)."""
    if isinstance(value, str):
        _one_string(key, "path patterns", value, where)
    if not isinstance(value, (list, tuple)) or not all(isinstance(x, str) and x.strip() for x in value):
        raise SubkitError(f"{key} must be a list of path patterns (strings)", where)
    for pattern in value:
        try:
            _glob_regex(_bare(pattern))
        except ValueError as exc:
            raise SubkitError(f"{key}: bad pattern {pattern!r}: {exc}", where) from None
    return tuple(value)


def _one_string(key: str, what: str, value: str, where: str | None) -> None:
    """Refuse one string where a list is due, for every list setting alike (as ruff)."""
    raise SubkitError(f"{key} must be a list of {what}: [{json.dumps(value)}], not {json.dumps(value)}", where)


def _bare(pattern: str) -> str:
    """A pattern as matched: without a leading ``./`` or trailing ``/``."""
    return pattern.removeprefix("./").rstrip("/")


def glob_matches(pattern: str, rel: str) -> bool:
    """Whether *pattern* matches the relative path *rel* (``/`` separated) or a folder above it;
    a pattern without ``/`` matches any one name in the path."""
    pattern = _bare(pattern)
    rx = _glob_regex(pattern)
    parts = rel.split("/")
    if "/" not in pattern:
        return any(rx.fullmatch(part) for part in parts)
    return any(rx.fullmatch("/".join(parts[:k])) for k in range(1, len(parts) + 1))


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))  # a BOM (Windows editors) is no TOML error
    except FileNotFoundError:
        raise SubkitError("config file not found", str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SubkitError(f"cannot read config: {getattr(exc, 'strerror', None) or exc}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise SubkitError(f"invalid TOML: {exc}", str(path)) from None


def parse_config(data: dict, source: str | None = None) -> LintConfig:
    """Validate a config table (``profile``, ``fps``, ``rules``) and return it as a :class:`LintConfig`."""
    where = source or "config"
    if not isinstance(data, dict):
        raise SubkitError("lint configuration must be a table", where)
    unknown = set(data) - set(_KEYS)
    if unknown:
        raise SubkitError(f"unknown key(s) {', '.join(sorted(unknown))} (known: {', '.join(_KEYS)})", where)
    fps = data.get("fps")
    if fps is not None:
        fps = check_fps(fps, "fps", where)
    profile = data.get("profile")
    if profile is not None and profile not in PROFILES:
        raise SubkitError(f"unknown profile {profile!r} (known: {', '.join(sorted(PROFILES))})", where)
    rules = data.get("rules", {})
    if not isinstance(rules, dict):
        raise SubkitError("[rules] must be a table of rule ids", where)
    out = {rule_id: _rule_table(rule_id, table, where) for rule_id, table in rules.items()}
    exclude = data.get("exclude")
    select = data.get("select")
    return LintConfig(profile=profile, rules=out, source=source,
                      select=None if select is None else check_select("select", select, where),
                      ignore=check_ids("ignore", data.get("ignore", []), where),
                      fps=fps,
                      exclude=DEFAULT_EXCLUDE if exclude is None else check_patterns("exclude", exclude, where),
                      extend_exclude=check_patterns("extend-exclude", data.get("extend-exclude", []), where),
                      per_file_ignores=_per_file_ignores(data.get("per-file-ignores", {}), where))


_KEYS = ("profile", "fps", "rules", "exclude", "extend-exclude", "select", "ignore", "per-file-ignores")


def check_ids(key: str, ids, where: str | None, codes: bool = True) -> tuple[str, ...]:
    """*ids* (a list: one string is refused, as ruff does and as for every list setting) as a tuple of
    known rule ids (or problem codes, with *codes*)."""
    what = "rule ids or codes" if codes else "rule ids"
    if isinstance(ids, str):
        _one_string(key, what, ids, where)
    if not isinstance(ids, (list, tuple)) or not all(isinstance(x, str) for x in ids):
        raise SubkitError(f"{key} must be a list of {what}", where)
    known = {c for m in RULES.values() for c in m.CODES} if codes else set()
    for x in ids:
        if x not in RULES and x not in known:
            raise SubkitError(f"{key}: unknown rule{' or code' if codes else ''} {x!r} "
                              f"(known rules: {', '.join(RULES)})", where)
    return tuple(ids)


def check_select(key: str, ids, where: str | None) -> tuple[str, ...]:
    """A ``select`` (*key*: ``select``, ``--select``): known rule ids, at least one: an empty one
    (``select = []``, an empty ``$RULES`` in a CI script) would check nothing and pass."""
    out = check_ids(key, ids, where, codes=False)
    if not out:
        example = "--select line-length,reading-speed" if key.startswith("-") else 'select = ["line-length"]'
        raise SubkitError(f"{key} names no rule (give rule ids, e.g. {example})", where)
    return out


def _per_file_ignores(table, where: str) -> dict[str, tuple[str, ...]]:
    """``{pattern: [rule id or problem code, ...]}``, each id or code known."""
    if not isinstance(table, dict):
        raise SubkitError('per-file-ignores must be a table ("pattern" = ["rule-id", ...])', where)
    check_patterns("per-file-ignores", list(table), where)
    return {pattern: check_ids(f"per-file-ignores {pattern!r}", ids, where) for pattern, ids in table.items()}


def _rule_table(rule_id: str, table, where: str) -> dict:
    """One ``[rules.<id>]`` table, checked against the rule's options (``level`` and ``CONF``)."""
    if rule_id not in RULES:
        raise SubkitError(f"unknown rule {rule_id!r} (known: {', '.join(RULES)})", where)
    if isinstance(table, str):  # shorthand: [rules] overlap = "warning"
        table = {"level": table}
    if not isinstance(table, dict):
        raise SubkitError(f"[rules.{rule_id}] must be a table", where)
    module = RULES[rule_id]
    clean = {}
    for key, value in table.items():
        if key == "level":
            if value not in LEVELS:
                raise SubkitError(f"[rules.{rule_id}] level must be one of "
                                  f"{', '.join(LEVELS)}, not {value!r}", where)
            clean[key] = value
        else:
            clean[key] = _option(rule_id, module, key, value, where)
    return clean


def _option(rule_id: str, module, key: str, value, where: str):
    """A rule option's value, checked against the type the rule declares in ``CONF``."""
    if key not in module.CONF:
        known = ", ".join(["level", *module.CONF]) or "level"
        raise SubkitError(f"[rules.{rule_id}] unknown option {key!r} (known: {known})", where)
    typ = module.CONF[key]
    what = f"[rules.{rule_id}] {key}"
    if key == "fps":
        return check_fps(value, what, where)
    if typ in (int, float):
        return check_number(value, what, where, integer=typ is int,
                            positive=key in getattr(module, "POSITIVE", ()))
    if not isinstance(value, typ):
        raise SubkitError(f"{what} must be {typ.__name__}, not {value!r}", where)
    if rule_id == "language" and key == "expected":  # "" is no language code either
        return primary_language(value, "[rules.language] expected", where)
    return value


# Frames per second: above this a "frame" is no unit any subtitle timing uses (the limit of --fps,
# the top-level fps and [rules.min-gap] fps alike).
FPS_MAX = 1000


def check_number(value, what: str, where: str | None, *, integer: bool = False,
                 positive: bool = False) -> float | int:
    """*value* (an option or config setting named *what*) as a finite number, not negative (more than
    0 with *positive*), a whole one with *integer*; else a SubkitError. The one
    check of every numeric lint setting: NaN compares false with every limit, so it must be refused
    by name, or it silently turns a rule off (or every cue into a problem)."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or (integer and not isinstance(value, int)):
        raise SubkitError(f"{what} must be {'int' if integer else 'float'}, not {value!r}", where)
    if not math.isfinite(value):
        raise SubkitError(f"{what} must be a finite number, not {value!r}", where)
    if value < 0:
        raise SubkitError(f"{what} must not be negative", where)
    if positive and value == 0:  # a limit of 0 divides by zero or bans all
        raise SubkitError(f"{what} must be more than 0", where)
    return value if integer else float(value)


def check_fps(value, what: str, where: str | None = None) -> float:
    """A frame rate (*what*: ``--fps``, ``fps``, ``[rules.min-gap] fps``), more than 0 and at most
    :data:`FPS_MAX` frames per second; else a SubkitError saying that range."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not math.isfinite(value) or not 0 < value <= FPS_MAX:
        raise SubkitError(f"{what} must be a number of frames per second, more than 0 and at most {FPS_MAX}, "
                          f"not {value!r}", where)
    return float(value)


def find_config(cwd: Path | None = None) -> LintConfig:
    """The configuration of the nearest folder, from *cwd* upwards, that has one (as ruff): its
    ``subkit.toml``, else its ``pyproject.toml`` with a ``[tool.subkit.lint]`` table."""
    cwd = Path.cwd() if cwd is None else Path(cwd)
    for folder in (cwd, *cwd.parents):
        local = folder / "subkit.toml"
        if local.is_file():
            return _from_file(local, _read_toml(local), pyproject=False)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            data = _read_toml(pyproject)
            if _pyproject_table(data, pyproject) is not None:
                return _from_file(pyproject, data, pyproject=True)
    return LintConfig()


def load_config(path: str | None = None, cwd: Path | None = None) -> LintConfig:
    """``--config FILE`` when given (a subkit.toml or a pyproject.toml), else what :func:`find_config` finds."""
    if path is None:
        return find_config(cwd)
    p = Path(path)
    data = _read_toml(p)
    return _from_file(p, data, pyproject=p.name == "pyproject.toml" or isinstance(data.get("tool"), dict))


def _from_file(path: Path, data: dict, pyproject: bool) -> LintConfig:
    """The configuration in *data*, read from *path*; its patterns are relative to the file's folder."""
    if pyproject:
        table = _pyproject_table(data, path)
        if table is None:
            raise SubkitError("no [tool.subkit.lint] table", str(path))
        config = parse_config(table, f"{path} [tool.subkit.lint]")
    else:
        config = parse_config(_subkit_table(data, path), str(path))
    return replace(config, root=str(path.resolve().parent))


def _subkit_table(data: dict, path: Path) -> dict:
    """A subkit.toml's lint settings: its ``[lint]`` table when it has one (then nothing may stand
    outside it: such a key would be silently ignored), else its top level."""
    lint = data.get("lint")
    if not isinstance(lint, dict):
        return data
    outside = sorted(k for k in data if k != "lint")
    if outside:
        raise SubkitError(f"{', '.join(outside)} outside the [lint] table: with a [lint] table, every "
                          "setting goes in it", str(path))
    return lint


def _pyproject_table(data: dict, path: Path) -> dict | None:
    """A pyproject.toml's ``[tool.subkit.lint]`` table (None without one); any other
    ``[tool.subkit.*]`` table is an error (a typo such as ``lnit`` would be silently ignored)."""
    tool = data.get("tool")
    subkit = tool.get("subkit") if isinstance(tool, dict) else None
    if subkit is None:
        return None
    others = sorted(set(subkit) - {"lint"}) if isinstance(subkit, dict) else ["(not a table)"]
    if others:
        raise SubkitError(f"unknown [tool.subkit] key(s) {', '.join(others)} (known: lint)", str(path))
    return subkit.get("lint")


def rule_conf(rule_id: str, config: LintConfig, profile: Profile) -> tuple[str, dict]:
    """(level, options) of one rule: its defaults (from *profile*) overridden by *config*; a rule
    that ``select`` leaves out is disabled."""
    module = RULES[rule_id]
    conf = {k: (v.resolve(profile) if isinstance(v, FromProfile) else v)
            for k, v in module.DEFAULT.items()}
    table = config.rules.get(rule_id, {})
    conf.update({k: v for k, v in table.items() if k != "level"})
    if config.select is not None and rule_id not in config.select:
        return DISABLE, conf
    return table.get("level", profile.level(rule_id, module.LEVEL)), conf


def fix_profile(profile: Profile, config: LintConfig, dropped: frozenset[str] = frozenset(),
                every_limit: bool = False) -> Profile:
    """The limits ``--fix`` works to (and lint judges what it can fix by): *profile* with the
    configuration's rule options; a rule that is off, or whose problem code is *dropped*
    (``ignore``, ``per-file-ignores``), imposes nothing. With *every_limit*, each rule's limit
    whether it runs or not: what a re-wrap must fit, as plain lint checks them all."""
    def get(code: str, key: str, off):
        rule_id = code.partition("/")[0]
        level, conf = rule_conf(rule_id, config, profile)
        return off if not every_limit and (level == DISABLE or {rule_id, code} & dropped) else conf[key]

    return replace(
        profile,
        max_chars_per_line=get("line-length/too-long", "max", 10**6),
        max_lines=get("line-count/too-many-lines", "max", 10**6),
        max_cps=get("reading-speed/too-fast", "max-cps", 10.0**6),
        cps_tolerance=0.0,
        min_duration=get("min-duration/too-short", "seconds", 0.0),
        max_duration=get("max-duration/too-long", "seconds", 10.0**6),
        min_gap_frames=get("min-gap/too-short", "frames", 0),
        close_gap_frames=get("min-gap/close-gap", "close-frames", 0),
        fps=get("min-gap", "fps", profile.fps),
        allow_chained=get("min-gap", "chained", True),
    )


def resolve_rules(config: LintConfig, profile: Profile) -> list[tuple[object, str, dict]]:
    """The enabled rules as (module, level, options), in registry order."""
    out = []
    for rule_id, module in RULES.items():
        level, conf = rule_conf(rule_id, config, profile)
        if level != DISABLE:
            out.append((module, level, conf))
    return out
