"""``subkit lint``: check SRT files against a subtitle style profile, like a code linter.

Imports only the linter (no translation stack): ``subkit lint`` starts fast.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import sys
import click

from subkit.cli import echo_error as _echo_error
from subkit.cli import reports_errors
from subkit.errors import SubkitError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@click.command("lint")
@click.argument("paths", nargs=-1, metavar="PATH...")
@click.option("--profile", "profile_name", metavar="NAME", default=None,
              help="Style profile (netflix-fr, netflix-en, arcom-fr, general, ...). "
                   "Default: from the config, else from each file's language (netflix-fr, netflix-en; "
                   "general for other languages).")
@click.option("--config", "config_path", metavar="FILE", default=None,
              help="TOML config (profile, [rules.<id>] level/options). Default: the nearest folder upwards "
                   "with a subkit.toml, or a pyproject.toml with [tool.subkit.lint] (subkit.toml first).")
@click.option("--fps", type=float, default=None, metavar="F",
              help="Frame rate for the frame-based rules (min-gap). Default: from the config, else the "
                   "profile's (25).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "gitlab", "junit", "sarif"]),
              default="text", show_default=True,
              help="Output format (gitlab: a Code Quality report; sarif: SARIF 2.1.0, for GitHub code scanning).")
@click.option("--fix", is_flag=True, help="Apply safe repairs for the rules that run (rewrites files atomically, "
              "refuses a read-only file; see -o).")
@click.option("--diff", is_flag=True,
              help="Print what --fix would change as a unified diff and write nothing; exit 1 when a file "
                   "would change (0 with --exit-zero).")
@click.option("-o", "--output", "output", metavar="FILE", default=None,
              help="With --fix and one input: write the fixed file here instead of in place ('-' = stdout).")
@click.option("--output-file", "output_file", metavar="FILE", default=None,
              help="Write the report (any --format) to FILE instead of stdout, atomically (never over a "
                   "subtitle file, nor the baseline files).")
@click.option("--statistics", is_flag=True, help="Counts per rule and the reading-speed distribution.")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding to read the files with (e.g. cp1252); a file that is valid UTF-8 is read "
                   "as UTF-8.")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit code 1).")
@click.option("--lang", metavar="CODE", default=None,
              help="Language of the files (fr, en, es, pt-BR, en_GB, ...: its primary language counts), "
                   "instead of identifying each file's; chooses the default profile and the language rule's "
                   "expected language.")
@click.option("--source", "source", metavar="SOURCE", default=None,
              help="PATH is a translation of SOURCE (SRT or WebVTT, either file; cues matched by time): also run "
                   "the translation rules (unmatched, non-word, untranslated, number, repetition, omission, negation, "
                   "offensive).")
@click.option("--select", "select", multiple=True, metavar="RULES",
              help="Run only these rules (comma-separated rule ids, repeatable; replaces the config's 'select').")
@click.option("--ignore", "ignore", multiple=True, metavar="RULES",
              help="Turn off these rules, or drop problems with these codes (comma-separated, repeatable; "
                   "adds to the config's 'ignore').")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when problems are found, or --diff "
                                                 "shows changes (2 still means a usage error or unreadable input).")
@click.option("--exclude", "exclude", multiple=True, metavar="PATTERN",
              help="Skip files and folders matching this glob (repeatable; replaces the config's "
                   "'exclude' and the defaults: .git, .venv, node_modules, ...).")
@click.option("--extend-exclude", "extend_exclude", multiple=True, metavar="PATTERN",
              help="Skip these too, besides 'exclude' (repeatable).")
@click.option("--baseline", "baseline_path", metavar="FILE", default=None,
              help="Report only problems that this baseline (from --write-baseline) does not hold.")
@click.option("--write-baseline", "write_baseline", metavar="FILE", default=None,
              help="Record every problem found in FILE (JSON) and exit 0 (2 for unreadable input); never a "
                   "subtitle file. An existing baseline keeps its entries for files and rules this run does "
                   "not check.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=1, show_default=True, metavar="N",
              help="Lint N files at a time (processes); the output is the same, in the same order.")
@reports_errors()
def lint(paths, profile_name, config_path, fps, fmt, fix, diff, output, output_file, statistics, encoding, strict, lang,
         source, select, ignore, exit_zero, exclude, extend_exclude, baseline_path, write_baseline, jobs):
    """Check SRT and WebVTT files (PATH: files, directories searched for *.srt and *.vtt, or '-' for stdin).

    Results are printed file by file as each is done. Exit codes: 0 no error-level problem
    (warnings allowed), 1 some error-level problem (or any problem with --strict), 2 usage error,
    unreadable input, or a file --fix refuses to repair (then nothing is written). With --diff: 0 nothing
    to fix, 1 some file would change (0 with --exit-zero), 2 as above.
    """
    from subkit.lint.formats import make_writer

    # A SubkitError raised here is one line and status 2 (reports_errors).
    if diff and (output is not None or output_file is not None or write_baseline is not None or source):
        raise SubkitError("--diff writes nothing: it cannot be combined with -o, --output-file, --write-baseline "
                          "or --source")
    config = _config(paths, profile_name, config_path, fps, fix or diff, output, encoding)
    if lang is not None:  # the same as [rules.language] expected = LANG ("" is no code either)
        from subkit.language import primary_language

        expected = primary_language(lang, "--lang")
        config.rules = {**config.rules, "language": {**config.rules.get("language", {}), "expected": expected}}
    config = _selection(config, select, ignore)
    pairs = _pairs(source, paths, fix, encoding)  # before any output: a bad pair is one line, exit 2
    _check_selected(config, select, pairs is not None)
    config = _excludes(config, exclude, extend_exclude)
    targets = _targets(paths, fix, output, config)
    if diff:
        status = _show_diffs(_Job(config, True, None, profile_name, encoding, False, pairs=None, diff=True),
                             targets, jobs)
        sys.exit(EXIT_OK if status == EXIT_PROBLEMS and exit_zero else status)
    _check_report_file("--output-file", output_file, targets, output)
    _check_report_file("--write-baseline", write_baseline, targets, output)
    _check_report_files(output_file, baseline_path, write_baseline)
    baseline, recorder = _baselines(baseline_path, write_baseline)
    if statistics and fmt in ("gitlab", "junit"):
        click.echo(f"subkit lint: note: --statistics has no place in the {fmt} format: not written", err=True)
    # the fixed file goes to stdout (-o -, or stdin fixed in place), the report to stderr
    to_stderr = fix and (output == "-" or (output is None and "-" in paths))
    job = _Job(config, fix, output, profile_name, encoding, statistics,
               context=baseline is not None or recorder is not None, pairs=pairs)
    failing, unreadable = False, []
    with _report_sink(output_file, to_stderr) as out:
        writer = make_writer(fmt, out, strict, statistics)
        for rep in _reports(job, targets, jobs, unreadable):
            if recorder is not None:
                recorder.add(rep)
            if baseline is not None:
                rep.problems = baseline.new(rep)
            failing = failing or any(p.level == "error" or (strict and p.level == "warning") for p in rep.problems)
            writer.add(rep)
        writer.finish()
    if baseline is not None and baseline.stale and recorder is None:  # not a failure: fixed problems
        click.echo(f"subkit lint: {baseline.stale} baselined problem(s) no longer found in the files linted "
                   "(refresh with --write-baseline)", err=True)
    if recorder is not None:
        recorder.write(write_baseline)
        kept = f" ({recorder.kept} kept: files or rules not checked in this run)" if recorder.kept else ""
        click.echo(f"subkit lint: wrote {write_baseline}: {recorder.problems} problem(s) in "
                   f"{len(recorder.files)} file(s){kept}", err=True)
        failing = False
    sys.exit(EXIT_USAGE if unreadable else EXIT_PROBLEMS if failing and not exit_zero else EXIT_OK)


def _check_report_file(option: str, report, targets, output) -> None:
    """Refuse a report (``--output-file``, ``--write-baseline``) that would overwrite a subtitle file:
    one being linted (or --fix's output), or any existing file of a subtitle extension (a shell glob
    such as ``--write-baseline *.srt`` hands one over as the option's value)."""
    from subkit.formats import is_subtitle_file
    from subkit.srtio import same_file

    if report is None:
        return
    if report == "-":
        raise SubkitError(f"{option} needs a file name" + (" (the report goes to stdout without it)"
                                                           if option == "--output-file" else ""))
    linted = [t for t, _ in targets] + [output]
    if is_subtitle_file(report) or any(same_file(p, report) for p in linted):
        raise SubkitError(f"refusing to write the report over a subtitle file; choose another {option}", report)


def _check_report_files(output_file, baseline_path, write_baseline) -> None:
    """Refuse an ``--output-file`` that is the baseline read (it would be replaced by the report) or
    written (one of the two outputs would be lost). A baseline written over the one read is a refresh."""
    from subkit.srtio import same_file

    for option, other in (("--baseline", baseline_path), ("--write-baseline", write_baseline)):
        if same_file(output_file, other):
            raise SubkitError(f"--output-file and {option} name the same file; choose another --output-file",
                              output_file)


@contextlib.contextmanager
def _report_sink(output_file, to_stderr: bool):
    """Where the report goes as it is written: stdout (stderr when --fix writes the file to stdout),
    or *output_file*, atomically (:func:`subkit.srtio.atomic_writer`) and without terminal colours."""
    if output_file is None:
        yield lambda text: click.echo(text, nl=False, err=to_stderr)
        return
    from subkit.srtio import atomic_writer

    with atomic_writer(output_file) as handle:
        yield lambda text: handle.write(click.unstyle(text).encode("utf-8"))


def _selection(config, select, ignore):
    """The config with ``--select`` (replacing its ``select``) and ``--ignore`` (adding to its ``ignore``)."""
    from subkit.lint.config import check_ids, check_select

    def ids(values):
        return [x.strip() for v in values for x in v.split(",") if x.strip()]

    if select:
        config = dataclasses.replace(config, select=check_select("--select", ids(select), None))
    if ignore:
        config = dataclasses.replace(config, ignore=config.ignore + check_ids("--ignore", ids(ignore), None))
    return config


def _excludes(config, exclude, extend_exclude):
    """The config with ``--exclude`` (replacing its ``exclude``) and ``--extend-exclude`` (adding)."""
    from subkit.lint.config import check_patterns

    if exclude:
        config = dataclasses.replace(config, exclude=check_patterns("--exclude", exclude, None))
    if extend_exclude:
        extra = check_patterns("--extend-exclude", extend_exclude, None)
        config = dataclasses.replace(config, extend_exclude=config.extend_exclude + extra)
    return config


def _check_selected(config, select, with_source: bool) -> None:
    """Refuse a selection (``--select``, else the config's ``select``) of which no rule would run:
    each one ignored, or run only with ``--source`` (then nothing would be checked and CI would pass);
    name on stderr the selected rules that need --source when others do run."""
    from subkit.lint.rules import RULES

    if config.select is None:
        return
    where = "--select" if select else f"select ({config.source})"
    off = [r for r in config.select if r in config.ignore]
    pair = [r for r in config.select if RULES[r].TYPE == "pair" and r not in off and not with_source]
    if len(off) + len(pair) == len(config.select):
        why = [f"{', '.join(names)}: {reason}" for names, reason in ((pair, "only with --source"), (off, "ignored"))
               if names]
        raise SubkitError(f"{where} runs no rule ({'; '.join(why)}): nothing would be checked")
    if pair:
        click.echo(f"subkit lint: note: {', '.join(pair)} not run: {'it needs' if len(pair) == 1 else 'they need'} "
                   "--source (the original the files translate)", err=True)


def _pairs(source, paths, fix, encoding):
    """``--source``: the translation's cues with their source text (None without --source)."""
    if not source:
        return None
    if len(paths) != 1 or fix or "-" in (paths[0], source):
        raise SubkitError("--source needs exactly one translation file (and no --fix, no stdin)")
    from subkit.lint.source import read_pair

    return read_pair(source, paths[0], encoding)


def _baselines(baseline_path, write_baseline):
    """(the baseline to filter with, the recorder of a baseline to write), each None if not asked."""
    import os

    from subkit.lint.baseline import Baseline, BaselineRecorder

    baseline = Baseline.load(baseline_path) if baseline_path is not None else None
    if write_baseline is None:
        return baseline, None
    previous = None
    if os.path.exists(write_baseline):  # refreshed: its entries outside this run's scope stay
        try:
            previous = Baseline.load(write_baseline)
        except SubkitError as exc:
            raise SubkitError(f"{exc.message}; --write-baseline keeps what this run does not check from the "
                              "baseline it replaces: remove the file to start afresh", exc.path) from None
    return baseline, BaselineRecorder(previous)


def _config(paths, profile_name, config_path, fps, fix, output, encoding):
    """The lint configuration, once the options are known to make sense (else a SubkitError)."""
    from subkit.lint.config import check_fps, load_config
    from subkit.profiles import PROFILES

    if not paths:
        raise SubkitError("no PATH given (files, directories, or '-' for stdin)")
    if output is not None and not fix:
        raise SubkitError("-o/--output only makes sense with --fix")
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise SubkitError(f"unknown encoding {encoding!r}") from None
    if profile_name is not None and profile_name not in PROFILES:
        raise SubkitError(f"unknown profile {profile_name!r} (known: {', '.join(sorted(PROFILES))})")
    fps = None if fps is None else check_fps(fps, "--fps")  # before the config: the option's error first
    config = load_config(config_path)
    return config if fps is None else config.with_fps(fps)


def _targets(paths, fix, output, config) -> list[tuple[str, str | None]]:
    """(path, error) for each file to lint (directories expanded, excludes left out)."""
    from subkit.lint.core import expand_paths

    targets = list(expand_paths(paths, config.excluded))
    if not targets:  # every path excluded: say so (as ruff), or a typo'd CI path passes unseen
        click.echo("subkit lint: warning: no subtitle files found under the given path(s) (all excluded)",
                   err=True)
    if fix and output is not None and len(targets) != 1:
        raise SubkitError("-o/--output needs exactly one input file")
    return targets


@dataclasses.dataclass(frozen=True)
class _Job:
    """What every file is linted with (sent once to each worker process with --jobs)."""

    config: object
    fix: bool
    output: str | None
    profile_name: str | None
    encoding: str
    statistics: bool
    context: bool = False  # problems carry their cue's text (baselines)
    pairs: list | None = None  # --source: the translation's cues with their source text (pair rules)
    diff: bool = False  # --diff: the fixes are shown (FileReport.diff), not written

    def __call__(self, target: tuple[str, str | None]):
        """(report, lines for stderr) for one (path, error) target; never raises on bad content."""
        from subkit.lint.core import FileReport, lint_path

        from subkit.lint.rules import RULES

        path, error = target
        name = "<stdin>" if path == "-" else path
        if error is not None:
            return FileReport(name=name, fatal=error), []
        ignores = self.config.ignores(path)
        job = self
        if ignores:  # per-file-ignores: the rules named are off for this file (--fix too)
            job = dataclasses.replace(self, config=self.config.without(x for x in ignores if x in RULES))
        if self.fix:
            rep, notes = _fix_one(path, name, job, ignores)
        else:
            rep, notes = lint_path(path, config=job.config, profile_name=self.profile_name,
                                   encoding=self.encoding, statistics=self.statistics, context=self.context,
                                   dropped=ignores), []
        if self.pairs is not None and rep.fatal is None:
            notes = notes + _add_pair_problems(self.pairs, rep, job.config)
        if ignores:  # and the codes named are dropped
            rep.problems = [p for p in rep.problems if p.code not in ignores]
            rep.dropped = ignores
        return rep, notes


def _add_pair_problems(pairs, rep, config) -> list[str]:
    """``--source``: the pair rules' problems added to *rep* (see :mod:`subkit.lint.source`); notes."""
    from subkit.lint.source import source_problems
    from subkit.profiles import get_profile

    problems, notes, ran = source_problems(pairs, config, get_profile(rep.profile))
    rep.rules = None if rep.rules is None else rep.rules | ran
    rep.problems = sorted(rep.problems + problems, key=lambda p: (p.line, p.col))
    return notes


_WORKER_JOB: list = []  # the _Job of a worker process (set once by its initializer)


def _init_worker(job: _Job) -> None:
    _WORKER_JOB[:] = [job]


def _work(target):
    return _WORKER_JOB[0](target)


def _run(job: _Job, targets, jobs: int):
    """(report, stderr lines) per target, in the targets' order, with up to *jobs* processes.
    Standard input is read here, in this process."""
    parallel = [t for t in targets if t[0] != "-" and t[1] is None]
    if jobs <= 1 or len(parallel) <= 1:
        for t in targets:
            yield job(t)
        return
    import multiprocessing

    with multiprocessing.Pool(min(jobs, len(parallel)), initializer=_init_worker, initargs=(job,)) as pool:
        done = pool.imap(_work, parallel)  # in order, computed ahead
        for t in targets:
            yield next(done) if t[0] != "-" and t[1] is None else job(t)


def _reports(job: _Job, targets, jobs: int, unreadable: list):
    """Each file's report, in order, once its notes and any fatal error (its name then added to
    *unreadable*) are on stderr."""
    for rep, notes in _run(job, targets, jobs):
        for note in notes:
            click.echo(note, err=True)
        if rep.fatal is not None or rep.refused is not None:
            _echo_error(SubkitError(rep.fatal or rep.refused, rep.name))
            unreadable.append(rep.name)
        yield rep


def _show_diffs(job: _Job, targets, jobs: int) -> int:
    """``--diff``: each file's unified diff on stdout, in order; the exit status."""
    changed, unreadable = False, []
    for rep in _reports(job, targets, jobs, unreadable):
        if rep.fatal is None and rep.diff is not None:
            click.echo(rep.diff, nl=False)
            changed = True
    return EXIT_USAGE if unreadable else EXIT_PROBLEMS if changed else EXIT_OK


def _unified_diff(name: str, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), name, name)
    # every diff line ends with LF: a line ending in CR alone (classic Mac) keeps its CR before it
    return "".join(x if x.endswith("\n") else x + "\n" if x.endswith("\r") else x + "\n\\ No newline at end of file\n"
                   for x in lines)


def _fix_one(path, name, job: _Job, dropped: frozenset[str] = frozenset()):
    """Fix one file (*dropped*: the rules and codes ignored for it, whose repairs are not made):
    (report of what is left, lines for stderr)."""
    from subkit.lint.core import FileReport, lint_bytes
    from subkit.lint.fix import fix_bytes
    from subkit.srtio import atomic_write_text, read_bytes

    config, profile_name, encoding, output = job.config, job.profile_name, job.encoding, job.output
    try:
        data = read_bytes(path)
    except SubkitError as exc:
        return FileReport(name=name, fatal=exc.message), []
    result = fix_bytes(data, config=config, profile_name=profile_name, encoding=encoding, name=name, dropped=dropped)
    target = output if output is not None else path
    if result.text is None:
        # Refused: nothing is written (no half-decoded copy), the run exits 2 naming the file, and
        # its problems are reported, so that the user learns where to fix it by hand.
        rep = lint_bytes(data, name, config=config, profile_name=profile_name, encoding=encoding,
                         statistics=job.statistics, context=job.context, dropped=dropped)
        rep.refused = result.reason
        if job.diff:
            rep.problems = []  # --diff prints diffs only
        return rep, []
    if job.diff:
        rep = FileReport(name=name)
        if result.changed:
            rep.diff = _unified_diff(name, result.original, result.text)
            notes = [] if rep.diff else [f"subkit lint: {name} would be written as UTF-8 without a BOM"]
            return rep, notes
        return rep, []
    notes = []
    if result.changed or output is not None:
        try:
            atomic_write_text(target, result.text)
        except SubkitError as exc:  # a read-only file: this one is refused, the others still fixed
            return FileReport(name=name, fatal=exc.message), []
        if result.changed and target != "-":
            notes.append(f"subkit lint: fixed {name}" + (f" -> {target}" if output else ""))
    rep = lint_bytes(result.text.encode("utf-8"), name if output in (None, "-") else str(target),
                     config=config, profile_name=profile_name, statistics=job.statistics, context=job.context,
                     dropped=dropped)
    return rep, notes
