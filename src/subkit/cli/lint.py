"""``subkit lint``: check SRT files against a subtitle style profile, like a code linter.

Imports only the linter (no translation stack): ``subkit lint`` starts fast.
"""

from __future__ import annotations

import codecs
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
              help="TOML config (profile, [rules.<id>] level/options). Default: ./subkit.toml, "
                   "else [tool.subkit.lint] of the nearest pyproject.toml.")
@click.option("--fps", type=click.FloatRange(min=0, min_open=True, max=1000), default=None, metavar="F",
              help="Frame rate for the frame-based rules (min-gap). Default: from the config, else the "
                   "profile's (25).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "junit"]), default="text",
              show_default=True, help="Output format.")
@click.option("--fix", is_flag=True, help="Apply safe repairs (rewrites files atomically; see -o).")
@click.option("-o", "--output", "output", metavar="FILE", default=None,
              help="With --fix and one input: write the fixed file here instead of in place ('-' = stdout).")
@click.option("--statistics", is_flag=True, help="Counts per rule and the reading-speed distribution.")
@click.option("--encoding", default="utf-8", show_default=True,
              help="Encoding to read the files with (e.g. cp1252).")
@click.option("--strict", is_flag=True, help="Warnings fail too (exit code 1).")
@click.option("--lang", metavar="CODE", default=None,
              help="Language of the files (fr, en, es, ...), instead of identifying each file's; chooses "
                   "the default profile and the language rule's expected language.")
@click.option("--source", "source", metavar="SOURCE.srt", default=None,
              help="PATH is a translation of SOURCE.srt (cues matched by time): also report its review flags "
                   "(non-word, untranslated, number, repetition, omission).")
@reports_errors()
def lint(paths, profile_name, config_path, fps, fmt, fix, output, statistics, encoding, strict, lang, source):
    """Check SRT and WebVTT files (PATH: files, directories searched for *.srt and *.vtt, or '-' for stdin).

    Exit codes: 0 no error-level problem (warnings allowed), 1 some error-level problem (or any
    problem with --strict), 2 usage error, unreadable input, or a file --fix refuses to repair
    (then nothing is written).
    """
    from subkit.lint.formats import render

    # A SubkitError raised here is one line and status 2 (reports_errors).
    config = _config(paths, profile_name, config_path, fps, fix, output, encoding)
    if lang:  # the same as [rules.language] expected = LANG
        config.rules = {**config.rules, "language": {**config.rules.get("language", {}), "expected": lang.lower()}}
    targets = _targets(paths, fix, output)
    reports, fatals, report_to_stderr = _lint_all(targets, config, fix, output, profile_name, encoding,
                                                  statistics)
    _add_source_problems(source, reports, paths, fix, encoding)
    shown = reports + fatals if fmt in ("github", "junit") else reports
    text = render(fmt, shown, strict=strict, with_stats=statistics)
    if text:
        click.echo(text, err=report_to_stderr)
    failing = any(p.level == "error" or (strict and p.level == "warning")
                  for r in reports for p in r.problems)
    sys.exit(EXIT_USAGE if fatals else EXIT_PROBLEMS if failing else EXIT_OK)


def _config(paths, profile_name, config_path, fps, fix, output, encoding):
    """The lint configuration, once the options are known to make sense (else a SubkitError)."""
    from subkit.lint.config import load_config
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
    config = load_config(config_path)
    return config if fps is None else dataclasses.replace(config, fps=fps)


def _targets(paths, fix, output) -> list[tuple[str, str | None]]:
    """(path, error) for each file to lint (directories expanded)."""
    from subkit.lint.core import expand_paths

    targets = list(expand_paths(paths))
    if fix and output is not None and len(targets) != 1:
        raise SubkitError("-o/--output needs exactly one input file")
    return targets


def _lint_all(targets, config, fix, output, profile_name, encoding, statistics):
    """(reports, reports of unreadable inputs, whether the report goes to stderr): each file
    linted, or fixed then linted; an unreadable one gets its error line and a report with
    ``fatal`` set (the CI formats show those too)."""
    from subkit.lint.core import FileReport, lint_path

    reports: list[FileReport] = []
    fatals: list[FileReport] = []
    report_to_stderr = False
    for path, error in targets:
        name = "<stdin>" if path == "-" else path
        if error is not None:
            rep = FileReport(name=name, fatal=error)
        elif fix:
            rep, to_stdout = _fix_one(path, name, output, config, profile_name, encoding, statistics)
            report_to_stderr |= to_stdout
        else:
            rep = lint_path(path, config=config, profile_name=profile_name, encoding=encoding,
                            statistics=statistics)
        if rep.fatal is not None:
            _echo_error(SubkitError(rep.fatal, name))
            fatals.append(rep)
        else:
            reports.append(rep)
    return reports, fatals, report_to_stderr


def _add_source_problems(source, reports, paths, fix, encoding) -> None:
    """``--source``: the review flags of the one translation given (see :mod:`subkit.lint.source`)."""
    if not source:
        return
    from subkit.lint.source import source_problems

    if len(paths) != 1 or len(reports) != 1 or fix or paths[0] == "-":
        raise SubkitError("--source needs exactly one translation file (and no --fix)")
    rep = reports[0]
    rep.problems = sorted(rep.problems + source_problems(source, paths[0], encoding=encoding),
                          key=lambda p: (p.line, p.col))


def _fix_one(path, name, output, config, profile_name, encoding, statistics):
    """Fix one file; returns (report of what is left, whether the file went to stdout)."""
    from subkit.lint.core import FileReport, lint_bytes
    from subkit.lint.fix import fix_bytes
    from subkit.srtio import atomic_write_text, read_bytes

    try:
        data = read_bytes(path)
    except SubkitError as exc:
        return FileReport(name=name, fatal=exc.message), False
    result = fix_bytes(data, config=config, profile_name=profile_name, encoding=encoding)
    target = output if output is not None else path
    to_stdout = target == "-"
    if result.text is None:
        # Refused: nothing is written (no half-decoded copy), and the run exits 2 naming the file.
        rep = lint_bytes(data, name, config=config, profile_name=profile_name, encoding=encoding,
                         statistics=statistics)
        rep.fatal = result.reason
        return rep, to_stdout
    if result.changed or output is not None:
        atomic_write_text(target, result.text)
        if result.changed and not to_stdout:
            click.echo(f"subkit lint: fixed {name}" + (f" -> {target}" if output else ""), err=True)
    rep = lint_bytes(result.text.encode("utf-8"), name if output is None else str(target),
                     config=config, profile_name=profile_name, statistics=statistics)
    return rep, to_stdout
