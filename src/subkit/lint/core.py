"""The linter core: one streaming pass over a file, every enabled rule on every cue.

``lint_chunks`` takes the file's bytes as an iterable of chunks, so memory stays constant
whatever the file size (problems and a fixed-size cps histogram are all it keeps).
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from subkit.errors import SubkitError
from subkit.language import rules as language_rules
from subkit.profiles import Profile, get_profile, lint_profile, strip_tags, without_language_spans
from subkit.lint.config import LintConfig, fix_profile, resolve_rules
from subkit.lint.langvote import file_language
from subkit.lint.problem import Problem, ERROR, WARNING
from subkit.lint.rules import TEXT_RULES
from subkit.lint.rules._base import State
from subkit.lint.scanner import CHUNK_SIZE, Scanner, iter_file_chunks
from subkit.lint.vtt_scanner import VttScanner, is_webvtt
from subkit.srtio import looks_binary, utf16_codec, utf8_or

__all__ = ["FileReport", "CpsHistogram", "lint_chunks", "lint_bytes", "lint_path", "expand_paths",
           "sample_text", "choose_profile", "expected_language", "track_language"]

SAMPLE_CHARS = 4000
BATCH = 1024  # cues handed to each rule at a time


class CpsHistogram:
    """Reading speeds in 0.1-cps bins (constant memory), for bands and percentiles.

    Bin k holds speeds in ((k-1)/10, k/10]: a cue at exactly 17.0 cps is in band 15-17, the band
    a 17-cps limit allows.
    """

    BIN = 0.1
    TOP = 100.0

    def __init__(self) -> None:
        self.bins = [0] * (int(round(self.TOP / self.BIN)) + 2)  # last bin: over TOP
        self.n = 0
        self.max = 0.0

    def add(self, cps: float) -> None:
        k = math.ceil(cps / self.BIN - 1e-9)
        self.bins[min(max(k, 0), len(self.bins) - 1)] += 1
        self.n += 1
        if cps > self.max:
            self.max = cps

    def merge(self, other: "CpsHistogram") -> None:
        self.bins = [a + b for a, b in zip(self.bins, other.bins)]
        self.n += other.n
        self.max = max(self.max, other.max)

    def percentile(self, q: float) -> float:
        """The q-th percentile (0-100), to the 0.1 cps above (the maximum for the top bin)."""
        if not self.n:
            return 0.0
        target = max(1, math.ceil(q / 100 * self.n - 1e-9))
        seen = 0
        for k, c in enumerate(self.bins):
            seen += c
            if seen >= target:
                if k == len(self.bins) - 1:
                    return round(self.max, 1)
                return min(round(k * self.BIN, 1), round(self.max, 1))
        return round(self.max, 1)

    def count_between(self, lo: float, hi: float | None) -> int:
        """Cues with lo < cps <= hi (0 included in the first band; hi None: no upper bound)."""
        a = 0 if lo == 0 else int(round(lo / self.BIN)) + 1
        b = len(self.bins) if hi is None else int(round(hi / self.BIN)) + 1
        return sum(self.bins[a:b])


@dataclass
class FileReport:
    """Everything the formatters need about one file."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    cues: int = 0
    lang: str | None = None
    profile: str | None = None
    cps: CpsHistogram | None = None
    fatal: str | None = None  # set when the file could not be read at all (exit code 2)
    refused: str | None = None  # why --fix left the file alone (exit code 2; its problems are reported)
    diff: str | None = None  # --diff: what --fix would change, as a unified diff ("" for none)
    # What was checked, for baselines: the ids of the rules that ran (None: every rule) and the
    # problem codes dropped (--ignore, per-file-ignores); a code outside them was not looked for.
    rules: frozenset[str] | None = None
    dropped: frozenset[str] = frozenset()

    def checked(self, code: str) -> bool:
        """Whether problems of *code* (``rule/kind``) were looked for in this file."""
        rule = code.partition("/")[0]
        return self.fatal is None and (self.rules is None or rule in self.rules) and code not in self.dropped

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.level == ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.level == WARNING)


def sample_text(data: bytes, limit: int = SAMPLE_CHARS, encoding: str = "utf-8") -> str:
    """Cue text from the start of a file, for language detection: the lines after each timing line up
    to the blank line that ends the cue (not the indexes, nor WebVTT's header, NOTE, STYLE and
    REGION blocks or cue identifiers, whose English would make a Japanese file English)."""
    try:
        text = data[: limit * 8].decode(utf16_codec(data) or encoding, errors="replace")
    except LookupError:  # an unknown --encoding is reported by the scanner
        text = data[: limit * 8].decode("utf-8", errors="replace")
    text = text.lstrip("\ufeff")
    out: list[str] = []
    size = 0
    in_cue = False
    for line in text.splitlines():
        s = line.strip()
        if not s or "-->" in s:
            in_cue = bool(s)
            continue
        if not in_cue or s.isdigit():
            continue
        s = without_language_spans(s)  # <lang fr> words in an English file say nothing of its language
        out.append(s)
        size += len(s) + 1
        if size >= limit:
            break
    return strip_tags(" ".join(out))


def choose_profile(config: LintConfig, profile_name: str | None, first: bytes,
                   lang: str | None = None, encoding: str = "utf-8") -> tuple[Profile, str | None, bool]:
    """(profile, file language, explicit?) for a file starting with *first*.

    The language is *lang* when given (``--lang``, the ``language`` rule's ``expected``), else
    identified from a bounded sample of the text; a file whose language has no profile of its
    own gets ``general``. The config's ``fps``, when set, replaces the profile's frame rate.
    """
    name = profile_name or config.profile
    if lang is None and not looks_binary(first) and not (name and get_profile_or_fail(name).lang):
        lang = file_language(sample_text(first, encoding=encoding))  # an explicit profile of one language needs none
    if name:
        profile, explicit = get_profile_or_fail(name), True
    else:
        profile, explicit = lint_profile(lang), False
    if config.fps is not None:
        profile = profile.with_fps(config.fps)
    return profile, lang, explicit


def get_profile_or_fail(name: str) -> Profile:
    try:
        return get_profile(name)
    except KeyError as exc:
        raise SubkitError(str(exc.args[0])) from None


def expected_language(config: LintConfig) -> str | None:
    """The language every file should be in, when configured (``--lang``, ``[rules.language] expected``)."""
    return config.rules.get("language", {}).get("expected") or None


def track_language(expected: str | None, profile: Profile, detected: str | None, explicit: bool) -> str:
    """The language a file should be in: the configured ``expected`` one, else an explicit
    profile's, else the detected one, else the profile's."""
    return expected or (profile.lang if explicit and profile.lang else (detected or profile.lang))


class _Rules:
    """The enabled rules, run on consecutive batches of cues (the state carries across batches)."""

    def __init__(self, active: list, state: State, hist: CpsHistogram | None, problems: list[Problem]):
        self.cue_rules = [(m.check, conf) for m, _, conf in active if m.TYPE == "cue"]
        self.timing_rules = [(m.check, conf) for m, _, conf in active if m.TYPE == "timing"]
        self.state = state
        self.hist = hist
        self.problems = problems

    def run(self, batch: list) -> None:
        problems = self.problems
        state = self.state
        for check, conf in self.cue_rules:
            r = check(conf, batch, state)
            if r:
                problems.extend(r)
        if self.timing_rules or self.hist is not None:
            pairs = self._pairs(batch)
            for check, conf in self.timing_rules:
                r = check(conf, pairs, state)
                if r:
                    problems.extend(r)
        state.prev = batch[-1]

    def _pairs(self, batch: list) -> list:
        """(previous timed cue, cue) for the cues with a timing; fills the cps histogram on the way."""
        hist = self.hist
        prev = self.state.prev_timed
        pairs = []
        for cue in batch:
            start = cue.start
            if start is not None:
                pairs.append((prev, cue))
                end = cue.end
                if end > start:
                    prev = cue
                    if hist is not None and cue.chars:
                        hist.add(cue.chars * 1000 / (end - start))
        self.state.prev_timed = prev
        return pairs


def _scan(scanner: Scanner, rules: _Rules, problems: list[Problem], context: bool = False) -> None:
    """Stream the file's cues through the rules, BATCH at a time, with the scanner's problems.

    With *context*, each problem gets the text of its cue (the cue whose block starts at or
    before its line) in ``context``.
    """
    pending = scanner.problems
    batch: list = []
    before = None  # the last cue of the previous batch
    mark = 0
    for cue in scanner.cues():
        batch.append(cue)
        if len(batch) >= BATCH:
            rules.run(batch)
            if pending:
                problems.extend(pending)
                pending.clear()
            if context:
                _attach(problems, mark, batch, before)
                mark, before = len(problems), batch[-1]
            batch = []
    if batch:
        rules.run(batch)
    problems.extend(pending)
    pending.clear()
    if context:
        _attach(problems, mark, batch, before)


def _attach(problems: list[Problem], start: int, batch: list, before) -> None:
    """Set ``context`` of problems[start:] to their cue's text (file-level problems: empty)."""
    starts = [c.line for c in batch]
    for p in itertools.islice(problems, start, None):
        if p.rule == "encoding":
            p.context = ""
            continue
        k = bisect.bisect_right(starts, p.line) - 1
        cue = batch[k] if k >= 0 else before
        p.context = cue.text if cue is not None else ""


def _settle(problems: list[Problem], active: list, scanner: Scanner) -> list[Problem]:
    """The problems to report, with their levels, in file order.

    Levels: the rule's configured level, or the level the problem carries (tolerated forms are
    warnings; a binary file is an error); disabled rules drop out.
    """
    levels = {m.ID: level for m, level, _ in active}
    enc = next((conf for m, _, conf in active if m.ID == "encoding"), {})
    allow_bom = enc.get("allow-bom", False)
    non_utf8 = enc.get("non-utf8", ERROR)  # bytes that do not decode fail CI unless told otherwise
    if non_utf8 not in (ERROR, WARNING):
        raise SubkitError(f"[rules.encoding] non-utf8 must be 'error' or 'warning', not {non_utf8!r}")
    kept = []
    misread = TEXT_RULES if scanner.decode_errors else frozenset()
    for p in problems:
        level = levels.get(p.rule)
        if level is None or (allow_bom and p.code == "encoding/bom") or p.rule in misread:
            continue
        if p.code == "encoding/invalid-bytes":
            p.level = non_utf8
        p.level = p.level or level
        kept.append(p)
    if scanner.hard_syntax_errors or scanner.decode_errors or scanner.binary:
        for p in kept:  # --fix leaves such a file alone: nothing in it is fixable
            p.fixable = False
    kept.sort(key=lambda p: (p.line, p.col))
    return kept


def lint_chunks(chunks: Iterable[bytes], name: str, config: LintConfig | None = None,
                profile_name: str | None = None, encoding: str = "utf-8",
                statistics: bool = False, context: bool = False,
                dropped: frozenset[str] = frozenset()) -> FileReport:
    """Lint one file given as chunks of bytes; never raises on bad content.

    *context*: give each problem its cue's text (``Problem.context``), for baselines. *dropped*:
    the problem codes ignored for this file (what ``--fix`` leaves alone, so not fixable).
    """
    config = config or LintConfig()
    it = iter(chunks)
    if _codec(encoding, name) != "utf-8":
        # Whether the file is UTF-8 after all takes all of it (as --fix decides): a legacy-encoded
        # subtitle file is small; UTF-8, the default, still streams.
        whole = b"".join(it)
        encoding, it = utf8_or(whole, encoding), iter((whole,))
    first = next(it, b"")
    profile, detected, explicit = choose_profile(config, profile_name, first, expected_language(config), encoding)
    active = resolve_rules(config, profile)
    expected = next((conf.get("expected") for m, _, conf in active if m.ID == "language"), None)
    lang = track_language(expected, profile, detected, explicit)
    state = State(profile=profile, lang=lang, lang_rules=language_rules(lang),
                  fix_profile=fix_profile(profile, config, dropped))
    report = FileReport(name=name, lang=lang, profile=profile.name,
                        cps=CpsHistogram() if statistics else None)
    vtt = is_webvtt(name, first)  # WebVTT: its own scanner, the same rules (no SRT numbering)
    active = [a for a in active if not (vtt and a[0].ID == "numbering")]
    scanner = (VttScanner if vtt else Scanner)(itertools.chain((first,), it), encoding=encoding)
    try:
        _scan(scanner, _Rules(active, state, report.cps, report.problems), report.problems, context)
    except ValueError as exc:  # unknown --encoding
        raise SubkitError(str(exc), name) from None
    report.cues = scanner.n_cues
    report.rules = frozenset(m.ID for m, _, _ in active if m.TYPE != "pair")  # pairs: only with --source
    if scanner.decode_errors:  # misread text is not measured: those rules checked nothing (a baseline keeps theirs)
        report.rules -= TEXT_RULES
    if scanner.decode_errors and report.cps is not None:
        report.cps = CpsHistogram()  # misread text: no reading speeds (as the reading-speed rule says none)
    report.problems = _settle(report.problems, active, scanner)
    return report


def _codec(encoding: str, name: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        raise SubkitError(f"unknown encoding {encoding!r}", name) from None


def lint_bytes(data: bytes, name: str = "<bytes>", **kwargs) -> FileReport:
    """Lint a file held in memory (tests, ``--fix``)."""
    return lint_chunks((data[i:i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)), name, **kwargs)


def lint_path(path: str, **kwargs) -> FileReport:
    """Lint a file on disk (``-`` is stdin); unreadable input gives a report with ``fatal`` set."""
    name = "<stdin>" if path == "-" else path
    if path == "-":
        return lint_chunks(iter_file_chunks(sys.stdin.buffer), name, **kwargs)
    try:
        with open(path, "rb") as fh:
            return lint_chunks(iter_file_chunks(fh), name, **kwargs)
    except FileNotFoundError:
        return FileReport(name=name, fatal="no such file")
    except IsADirectoryError:
        return FileReport(name=name, fatal="is a directory")
    except PermissionError:
        return FileReport(name=name, fatal="cannot read: permission denied")
    except OSError as exc:
        return FileReport(name=name, fatal=f"cannot read: {exc.strerror or exc}")


def expand_paths(paths: Iterable[str], excluded=None) -> Iterator[tuple[str, str | None]]:
    """(path, error) pairs: files as given, directories expanded to their ``*.srt`` and ``*.vtt`` files (sorted).

    *excluded* (a path → bool function, e.g. :meth:`LintConfig.excluded`) drops files and whole
    folders, named or found. Each file comes once (the first time it is met), ``-`` too.
    """
    seen: set[str] = set()
    for path, error in _expand(paths, excluded):
        key = path if path == "-" else os.path.realpath(path)
        if key not in seen:  # a file named twice (or in a folder named too) is linted once, as ruff
            seen.add(key)
            yield _without_dot(path), error


def _without_dot(path: str) -> str:
    """*path* without leading ``./`` (``lint .`` finds ``./en/x.vtt``): every format, and the
    baseline, then name it ``en/x.vtt``."""
    prefix = os.curdir + os.sep
    while path.startswith(prefix) and len(path) > len(prefix):
        path = path[len(prefix):]
    return path


def _expand(paths: Iterable[str], excluded) -> Iterator[tuple[str, str | None]]:
    def skip(p: str) -> bool:
        return excluded is not None and excluded(p)

    for path in paths:
        if path == "-":
            yield path, None
            continue
        p = Path(path)
        if skip(path):
            continue
        if p.is_dir():
            found, error = _srt_files(p, skip)
            if error is not None:
                yield path, error
            for f in found:
                yield f, None
        elif not p.exists():
            yield path, "broken symbolic link" if p.is_symlink() else "no such file or directory"
        else:
            yield path, None if os.access(p, os.R_OK) else "cannot read: permission denied"


def _srt_files(folder: Path, skip) -> tuple[list[str], str | None]:
    """The ``*.srt`` and ``*.vtt`` files below *folder*, sorted, excluded folders not entered; and an error."""
    found: list[str] = []
    seen = 0
    failed: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=failed.append):
        dirs[:] = [d for d in dirs if not skip(os.path.join(root, d))]
        for f in files:
            if f.lower().endswith((".srt", ".vtt")):
                full = os.path.join(root, f)
                if os.path.isfile(full):
                    seen += 1
                    if not skip(full):
                        found.append(full)
    if failed and not seen:
        return [], f"cannot read directory: {failed[0].strerror or failed[0]}"
    return sorted(found), None if seen else "directory holds no .srt file and no .vtt file"
