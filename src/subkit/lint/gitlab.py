"""GitLab Code Quality output (``--format gitlab``), for merge-request widgets.

A JSON array with one object per problem: ``description`` (the rule and the message),
``check_name`` (the rule), ``severity`` (``major`` for a problem that fails the run, ``minor`` for a
warning), ``location`` (the path relative to ``CI_PROJECT_DIR``, else to the working directory, with
``/`` separators, and the line) and a ``fingerprint`` that does not move with the line, so GitLab can
tell new problems from old ones across commits: a hash of the path, rule, code and message, and how
many identical problems came before in the file. An unreadable file is one ``blocker``. There is no
place for ``--statistics`` in the format, so none is written (as for junit).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from subkit.lint.core import FileReport
from subkit.lint.formats import Writer, _failing

__all__ = ["GitlabWriter", "report_path"]


def report_path(name: str, root: str) -> str:
    """*name* relative to *root* with ``/`` separators; absolute when it lies outside *root*."""
    if name == "<stdin>":
        return "stdin"
    path = os.path.abspath(name)
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive (Windows)
        return Path(path).as_posix()
    return Path(path).as_posix() if rel == ".." or rel.startswith(".." + os.sep) else Path(rel).as_posix()


class GitlabWriter(Writer):
    """The Code Quality report, written as it grows (one object after another)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.root = os.environ.get("CI_PROJECT_DIR") or os.getcwd()
        self.started = False

    def _entry(self, path: str, check: str, severity: str, line: int, description: str, key: str) -> str:
        entry = {"description": description, "check_name": check,
                 "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest(),
                 "severity": severity, "location": {"path": path, "lines": {"begin": line}}}
        text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        first, self.started = not self.started, True
        return ("[\n  " if first else ",\n  ") + text

    def write_file(self, report: FileReport) -> None:
        self.emit(self._rows(report))

    def _rows(self, report: FileReport):
        path = report_path(report.name, self.root)
        if report.fatal is not None:
            yield self._entry(path, "unreadable", "blocker", 1, f"subkit lint: {report.fatal}",
                              f"{path}\0unreadable")
        seen: dict[tuple[str, str, str], int] = {}
        for p in report.problems:
            same = (p.rule, p.code, p.message)
            seen[same] = seen.get(same, -1) + 1
            severity = "major" if _failing(p.level, self.strict) else "minor"
            yield self._entry(path, p.rule, severity, p.line, f"{p.rule}: {p.message}",
                              f"{path}\0{p.rule}\0{p.code}\0{p.message}\0{seen[same]}")

    def finish(self) -> None:
        self.out("\n]\n" if self.started else "[]\n")
