"""Output formats: text (ruff-like), json, github annotations, gitlab (Code Quality), junit, sarif;
and ``--statistics``.

Every format streams: a :class:`Writer` is given one :class:`FileReport` at a time, writes that
file's problems at once and keeps only counts (and the fixed-size cps histogram), so memory stays
flat however many files and problems there are. :func:`render` returns the same output as a string.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from html import escape as _html_escape
from typing import Callable, Iterable, Sequence

import click

from subkit.lint.core import CpsHistogram, FileReport
from subkit.lint.problem import ERROR, WARNING

__all__ = ["FORMATS", "render", "statistics", "Stats", "Writer", "make_writer", "CPS_BANDS", "PERCENTILES"]


def escape(text: str) -> str:
    """XML text (xml.sax.saxutils would import urllib and http: 15 ms of start-up)."""
    return _html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + _html_escape(text, quote=True).replace("\n", "&#10;").replace("\r", "&#13;") + '"'


FORMATS = ("text", "json", "github", "gitlab", "junit", "sarif")
CPS_BANDS = ((0, 12), (12, 15), (15, 17), (17, 20), (20, 25), (25, None))
PERCENTILES = (50, 90, 95, 99)


def _failing(level: str | None, strict: bool) -> bool:
    return level == ERROR or (strict and level == WARNING)


class Stats:
    """``--statistics`` gathered one file at a time: counts per rule and level, and the cps histogram."""

    def __init__(self) -> None:
        self.files = 0
        self.cues = 0
        self.per_rule: Counter = Counter()
        self.hist = CpsHistogram()

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.cues += report.cues
        per_rule = self.per_rule
        for p in report.problems:
            per_rule[(p.rule, p.level)] += 1
        if report.cps is not None:
            self.hist.merge(report.cps)

    def result(self) -> dict:
        rules: dict[str, dict[str, int]] = {}
        for (rule, level), n in sorted(self.per_rule.items()):
            rules.setdefault(rule, {"error": 0, "warning": 0})[level] = n
        hist = self.hist
        bands = []
        for lo, hi in CPS_BANDS:
            n = hist.count_between(lo, hi)
            label = f"{lo}-{hi}" if hi is not None else f"{lo}+"
            bands.append({"band": label, "cues": n, "percent": round(100 * n / hist.n, 1) if hist.n else 0.0})
        return {
            "files": self.files,
            "cues": self.cues,
            "rules": rules,
            "reading_speed": {
                "cues": hist.n,
                "bands": bands,
                "percentiles": {f"p{q}": hist.percentile(q) for q in PERCENTILES},
                "max": round(hist.max, 1),
            },
        }


def statistics(reports: Iterable[FileReport]) -> dict:
    """Counts per rule and level, and the reading-speed distribution over all files."""
    stats = Stats()
    for r in reports:
        if r.fatal is None:
            stats.add(r)
    return stats.result()


class Writer:
    """Writes one format as reports arrive: ``add(report)`` per file, then ``finish()``.

    *out* takes text (the output as it grows). Reports of unreadable files (``fatal`` set) are
    given too; formats that have no place for them skip them (the CLI prints their error line).
    """

    def __init__(self, out: Callable[[str], object], strict: bool = False, with_stats: bool = False):
        self.out = out
        self.strict = strict
        self.stats = Stats() if with_stats else None
        self.files = self.errors = self.warnings = self.fixable = 0

    def add(self, report: FileReport) -> None:
        if report.fatal is None:
            self.files += 1
            for p in report.problems:
                self.errors += p.level == ERROR
                self.warnings += p.level == WARNING
                self.fixable += p.fixable
            if self.stats is not None:
                self.stats.add(report)
        self.write_file(report)

    def write_file(self, report: FileReport) -> None:
        raise NotImplementedError

    def emit(self, rows: Iterable[str], every: int = 1000) -> None:
        """Write *rows* a thousand at a time: a file with 100,000 problems is never one string."""
        buf: list[str] = []
        for row in rows:
            buf.append(row)
            if len(buf) >= every:
                self.out("".join(buf))
                buf.clear()
        if buf:
            self.out("".join(buf))

    def finish(self) -> None:
        """Write what comes after the last file (summary, closing brackets, statistics)."""


# -- text --------------------------------------------------------------------------------------
_COLOURS = {ERROR: "red", WARNING: "yellow"}


class TextWriter(Writer):
    """``path:line:col: level code message`` per problem (the code: ``rule/kind``, or the rule id), then
    a summary line."""

    def write_file(self, report: FileReport) -> None:
        if report.fatal is not None or not report.problems:
            return
        self.emit(self._rows(report))

    def _rows(self, report: FileReport):
        strict = self.strict
        where0 = report.name + ":"
        for p in report.problems:
            where = click.style(f"{where0}{p.line}:{p.col}:", bold=True)
            level = click.style(p.level, fg=_COLOURS.get(p.level), bold=_failing(p.level, strict))
            code = click.style(p.code, fg="cyan")  # what --ignore and per-file-ignores take (as ruff)
            mark = " [*]" if p.fixable else ""
            yield f"{where} {level} {code} {p.message}{mark}\n"

    def finish(self) -> None:
        errors, warnings, files = self.errors, self.warnings, self.files
        total = errors + warnings
        noun = "file" if files == 1 else "files"
        out = []
        if total:
            line = (f"Found {total} problem{'s' if total != 1 else ''} ({errors} error"
                    f"{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}) "
                    f"in {files} {noun}.")
            if self.fixable:
                line += f" {self.fixable} fixable with --fix (marked [*])."
            out.append(click.style(line, bold=True, fg="red" if errors or (self.strict and warnings) else "yellow"))
        elif files:
            out.append(click.style(f"All checks passed ({files} {noun}).", fg="green", bold=True))
        if self.stats is not None:
            out.append(_text_stats(self.stats.result()))
        if out:
            self.out("\n".join(out) + "\n")


def _text_stats(stats: dict) -> str:
    lines = ["", f"Statistics: {stats['files']} file(s), {stats['cues']} cue(s)"]
    if stats["rules"]:
        width = max(len(k) for k in stats["rules"]) + 2
        lines.append(f"  {'rule':<{width}}{'errors':>8}{'warnings':>10}")
        for rule, c in stats["rules"].items():
            lines.append(f"  {rule:<{width}}{c['error']:>8}{c['warning']:>10}")
    rs = stats["reading_speed"]
    lines.append(f"Reading speed ({rs['cues']} timed cues with text)")
    for b in rs["bands"]:
        bar = "#" * int(round(b["percent"] / 2))
        lines.append(f"  {b['band'] + ' cps':>10} {b['cues']:>8} {b['percent']:>6.1f} %  {bar}")
    pct = "  ".join(f"{k} {v:.1f}" for k, v in rs["percentiles"].items())
    lines.append(f"  percentiles (cps): {pct}  max {rs['max']:.1f}")
    return "\n".join(lines)


# -- json --------------------------------------------------------------------------------------
_encode_str = json.encoder.encode_basestring  # ensure_ascii=False, as json.dumps(..., ensure_ascii=False)


def _jv(v) -> str:
    """One JSON scalar, written exactly as json.dumps writes it."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    t = type(v)
    if t is int:
        return int.__repr__(v)
    if t is str:
        return _encode_str(v)
    if t is float and v - v == 0:  # finite: json writes float.__repr__ (nan and inf differently)
        return float.__repr__(v)
    return json.dumps(v, ensure_ascii=False)


def problem_json(p, file_json: str, ind: str) -> str:
    """``json.dumps(p.as_dict(file), indent=2)`` nested at indentation *ind* (a template: fast)."""
    i = ind + "  "
    level = _encode_str(p.level) if p.level else "null"
    return (f'{ind}{{\n{i}"file": {file_json},\n{i}"line": {p.line},\n{i}"column": {p.col},\n'
            f'{i}"cue": {_jv(p.cue)},\n{i}"rule": {_encode_str(p.rule)},\n{i}"code": {_encode_str(p.code)},\n'
            f'{i}"level": {level},\n{i}"message": {_encode_str(p.message)},\n{i}"value": {_jv(p.value)},\n'
            f'{i}"limit": {_jv(p.limit)},\n{i}"fixable": {"true" if p.fixable else "false"}\n{ind}}}')


class JsonWriter(Writer):
    """The JSON document (``[problems]``, or ``{"problems": [...], "statistics": {...}}``), written
    as it grows: byte for byte what ``json.dumps(doc, indent=2, ensure_ascii=False)`` gives."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.started = False
        self.ind = "  " if self.stats is None else "    "

    def write_file(self, report: FileReport) -> None:
        if report.fatal is not None or not report.problems:
            return
        file_json = _encode_str(report.name)
        ind = self.ind
        first = ",\n" if self.started else ("[\n" if self.stats is None else '{\n  "problems": [\n')
        self.started = True
        self.emit((",\n" if k else first) + problem_json(p, file_json, ind) for k, p in enumerate(report.problems))

    def finish(self) -> None:
        if self.stats is None:
            self.out("\n]\n" if self.started else "[]\n")
            return
        stats = json.dumps(self.stats.result(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
        head = "\n  ]" if self.started else '{\n  "problems": []'
        self.out(f'{head},\n  "statistics": {stats}\n}}\n')


# -- github ------------------------------------------------------------------------------------
def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


class GithubWriter(Writer):
    """GitHub workflow annotations, one line per problem (and per unreadable file)."""

    def write_file(self, report: FileReport) -> None:
        self.emit(self._rows(report))

    def _rows(self, report: FileReport):
        name = _gh_escape(report.name, True)
        if report.fatal is not None:
            yield f"::error file={name},title=subkit lint::{_gh_escape(report.fatal)}\n"
        for p in report.problems:
            kind = "error" if _failing(p.level, self.strict) else "warning"
            yield (f"::{kind} file={name},line={p.line},col={p.col},"
                   f"title={_gh_escape('subkit ' + p.code, True)}::{_gh_escape(p.message)}\n")

    def finish(self) -> None:
        if self.stats is not None:
            self.out(_text_stats(self.stats.result()).lstrip("\n") + "\n")


# -- junit -------------------------------------------------------------------------------------
class JunitWriter(Writer):
    """One ``<testcase>`` per file. The ``<testsuite>`` head carries the totals, so the cases wait
    in a temporary file (spilled to disk past 1 MB: memory stays flat) until the end."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        import tempfile  # only junit needs it (start-up time)

        self.cases = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        self.tests = self.n_fail = self.n_err = 0

    def write_file(self, report: FileReport) -> None:
        r, strict = report, self.strict
        fails = [p for p in r.problems if _failing(p.level, strict)]
        others = [p for p in r.problems if not _failing(p.level, strict)]
        body = []
        for p in fails:
            msg = f"{r.name}:{p.line}:{p.col}: {p.code} {p.message}"
            body.append(f"    <failure type={quoteattr(p.code)} message={quoteattr(p.message)}>"
                        f"{escape(msg)}</failure>")
        if r.fatal:
            body.append(f"    <error type=\"unreadable\" message={quoteattr(r.fatal)}/>")
        if others:
            text = "\n".join(f"{r.name}:{p.line}:{p.col}: {p.level} {p.code} {p.message}" for p in others)
            body.append(f"    <system-out>{escape(text)}</system-out>")
        self.tests += 1
        self.n_fail += 1 if fails else 0
        self.n_err += 1 if r.fatal else 0
        inner = ("\n" + "\n".join(body) + "\n  ") if body else ""
        self.cases.write(f"  <testcase classname=\"subkit.lint\" name={quoteattr(r.name)}>{inner}</testcase>\n")

    def finish(self) -> None:
        self.out('<?xml version="1.0" encoding="UTF-8"?>\n'
                 f'<testsuite name="subkit lint" tests="{self.tests}" failures="{self.n_fail}" '
                 f'errors="{self.n_err}">\n')
        self.cases.seek(0)
        while True:
            chunk = self.cases.read(1 << 20)
            if not chunk:
                break
            self.out(chunk)
        self.cases.close()
        self.out("</testsuite>\n")


def make_writer(fmt: str, out: Callable[[str], object], strict: bool = False, with_stats: bool = False) -> Writer:
    """The streaming writer of format *fmt* (one of :data:`FORMATS`)."""
    if fmt == "sarif":
        from subkit.lint.sarif import SarifWriter  # only SARIF needs urllib's quoting

        return SarifWriter(out, strict, with_stats)
    if fmt == "gitlab":
        from subkit.lint.gitlab import GitlabWriter  # only GitLab's needs hashlib

        return GitlabWriter(out, strict, with_stats)
    cls = {"text": TextWriter, "json": JsonWriter, "github": GithubWriter, "junit": JunitWriter}[fmt]
    return cls(out, strict, with_stats)


def render(fmt: str, reports: Sequence[FileReport], strict: bool = False, with_stats: bool = False) -> str:
    """The whole output for *reports* as one string (no final newline)."""
    buf = io.StringIO()
    writer = make_writer(fmt, buf.write, strict, with_stats)
    for r in reports:
        writer.add(r)
    writer.finish()
    return buf.getvalue().removesuffix("\n")
