"""Output formats: text (ruff-like), json, github annotations, junit; and ``--statistics``."""

from __future__ import annotations

import json
from collections import Counter
from html import escape as _html_escape
from typing import Sequence

import click

from subkit.lint.core import CpsHistogram, FileReport
from subkit.lint.problem import ERROR, WARNING

__all__ = ["FORMATS", "render", "statistics", "CPS_BANDS", "PERCENTILES"]


def escape(text: str) -> str:
    """XML text (xml.sax.saxutils would import urllib and http: 15 ms of start-up)."""
    return _html_escape(text, quote=False)


def quoteattr(text: str) -> str:
    """A double-quoted XML attribute value."""
    return '"' + _html_escape(text, quote=True).replace("\n", "&#10;").replace("\r", "&#13;") + '"'


FORMATS = ("text", "json", "github", "junit")
CPS_BANDS = ((0, 12), (12, 15), (15, 17), (17, 20), (20, 25), (25, None))
PERCENTILES = (50, 90, 95, 99)


def _failing(level: str | None, strict: bool) -> bool:
    return level == ERROR or (strict and level == WARNING)


def statistics(reports: Sequence[FileReport]) -> dict:
    """Counts per rule and level, and the reading-speed distribution over all files."""
    per_rule: Counter = Counter()
    for r in reports:
        for p in r.problems:
            per_rule[(p.rule, p.level)] += 1
    rules: dict[str, dict[str, int]] = {}
    for (rule, level), n in sorted(per_rule.items()):
        rules.setdefault(rule, {"error": 0, "warning": 0})[level] = n
    hist = CpsHistogram()
    for r in reports:
        if r.cps is not None:
            hist.merge(r.cps)
    bands = []
    for lo, hi in CPS_BANDS:
        n = hist.count_between(lo, hi)
        label = f"{lo}-{hi}" if hi is not None else f"{lo}+"
        bands.append({"band": label, "cues": n, "percent": round(100 * n / hist.n, 1) if hist.n else 0.0})
    return {
        "files": len(reports),
        "cues": sum(r.cues for r in reports),
        "rules": rules,
        "reading_speed": {
            "cues": hist.n,
            "bands": bands,
            "percentiles": {f"p{q}": hist.percentile(q) for q in PERCENTILES},
            "max": round(hist.max, 1),
        },
    }


# -- text --------------------------------------------------------------------------------------
_COLOURS = {ERROR: "red", WARNING: "yellow"}


def _text(reports: Sequence[FileReport], strict: bool, stats: dict | None) -> str:
    out = []
    errors = warnings = fixable = 0
    for r in reports:
        for p in r.problems:
            where = click.style(f"{r.name}:{p.line}:{p.col}:", bold=True)
            level = click.style(p.level, fg=_COLOURS.get(p.level), bold=_failing(p.level, strict))
            rule = click.style(p.rule, fg="cyan")
            mark = " [*]" if p.fixable else ""
            out.append(f"{where} {level} {rule} {p.message}{mark}")
            errors += p.level == ERROR
            warnings += p.level == WARNING
            fixable += p.fixable
    files = sum(1 for r in reports if r.fatal is None)
    total = errors + warnings
    noun = "file" if files == 1 else "files"
    if total:
        line = (f"Found {total} problem{'s' if total != 1 else ''} ({errors} error"
                f"{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}) "
                f"in {files} {noun}.")
        if fixable:
            line += f" {fixable} fixable with --fix (marked [*])."
        out.append(click.style(line, bold=True, fg="red" if errors or (strict and warnings) else "yellow"))
    elif files:
        out.append(click.style(f"All checks passed ({files} {noun}).", fg="green", bold=True))
    if stats is not None:
        out.append(_text_stats(stats))
    return "\n".join(out)


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
def _json(reports: Sequence[FileReport], stats: dict | None) -> str:
    problems = [p.as_dict(r.name) for r in reports for p in r.problems]
    if stats is None:
        return json.dumps(problems, ensure_ascii=False, indent=2)
    return json.dumps({"problems": problems, "statistics": stats}, ensure_ascii=False, indent=2)


# -- github ------------------------------------------------------------------------------------
def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        s = s.replace(":", "%3A").replace(",", "%2C")
    return s


def _github(reports: Sequence[FileReport], strict: bool) -> str:
    out = []
    for r in reports:
        if r.fatal is not None:
            out.append(f"::error file={_gh_escape(r.name, True)},title=subkit lint::{_gh_escape(r.fatal)}")
        for p in r.problems:
            kind = "error" if _failing(p.level, strict) else "warning"
            out.append(f"::{kind} file={_gh_escape(r.name, True)},line={p.line},col={p.col},"
                       f"title={_gh_escape('subkit ' + p.rule, True)}::{_gh_escape(p.message)}")
    return "\n".join(out)


# -- junit -------------------------------------------------------------------------------------
def _junit(reports: Sequence[FileReport], strict: bool) -> str:
    cases = []
    n_fail = n_err = 0
    for r in reports:
        fails = [p for p in r.problems if _failing(p.level, strict)]
        others = [p for p in r.problems if not _failing(p.level, strict)]
        body = []
        for p in fails:
            msg = f"{r.name}:{p.line}:{p.col}: {p.rule} {p.message}"
            body.append(f"    <failure type={quoteattr(p.rule)} message={quoteattr(p.message)}>"
                        f"{escape(msg)}</failure>")
        if r.fatal:
            body.append(f"    <error type=\"unreadable\" message={quoteattr(r.fatal)}/>")
        if others:
            text = "\n".join(f"{r.name}:{p.line}:{p.col}: {p.level} {p.rule} {p.message}" for p in others)
            body.append(f"    <system-out>{escape(text)}</system-out>")
        n_fail += 1 if fails else 0
        n_err += 1 if r.fatal else 0
        inner = ("\n" + "\n".join(body) + "\n  ") if body else ""
        cases.append(f"  <testcase classname=\"subkit.lint\" name={quoteattr(r.name)}>{inner}</testcase>")
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuite name="subkit lint" tests="{len(reports)}" failures="{n_fail}" errors="{n_err}">')
    return "\n".join([head, *cases, "</testsuite>"])


def render(fmt: str, reports: Sequence[FileReport], strict: bool = False, with_stats: bool = False) -> str:
    stats = statistics(reports) if with_stats else None
    if fmt == "json":
        return _json(reports, stats)
    if fmt == "github":
        text = _github(reports, strict)
        if stats is not None:
            text = (text + "\n" if text else "") + _text_stats(stats).lstrip("\n")
        return text
    if fmt == "junit":
        return _junit(reports, strict)
    return _text(reports, strict, stats)
