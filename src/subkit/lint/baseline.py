"""Baselines: record today's problems (``--write-baseline FILE``), report only new ones later
(``--baseline FILE``).

A problem is known by its file (the path relative to the working directory), its ``code``
(``reading-speed/too-fast``) and the text of its cue, whitespace collapsed: not by cue number or
line, so renumbering or adding cues above it does not make it new. Each such key has a count: two
identical problems in the baseline absorb two.

A run counts and replaces only what it checked: the entries of the files it linted whose rule ran
there (not left out by ``--select``, ``ignore``, ``per-file-ignores``, a level of ``disable``, or
``--source`` missing). Writing over an existing baseline keeps its other entries (other files,
other rules), except those of files that no longer exist. The file is JSON, files and entries
sorted, one entry a line, so that it diffs well under version control; it is written atomically::

    {
      "tool": "subkit lint",
      "version": 1,
      "files": {
        "subs/ep01.srt": [
          {"code": "line-length/too-long", "text": "This line is far too long.", "count": 1}
        ]
      }
    }
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from subkit.errors import SubkitError
from subkit.lint.core import FileReport

__all__ = ["Baseline", "BaselineRecorder", "file_key", "normalise", "VERSION"]

VERSION = 1


def normalise(text: str | None) -> str:
    """A cue's text as baselines compare it: whitespace (line breaks included) collapsed."""
    return " ".join((text or "").split())


def file_key(name: str) -> str:
    """A file's name in a baseline: relative to the working directory, ``/`` separated."""
    if name == "<stdin>":
        return name
    full = os.path.abspath(name)
    try:
        rel = os.path.relpath(full)
    except ValueError:  # another drive
        rel = full
    return Path(rel).as_posix()


def _key(p) -> tuple[str, str]:
    return p.code, normalise(p.context)


class BaselineRecorder:
    """Counts the problems of each report given, then writes them (``--write-baseline``) with what
    the *previous* baseline at that path holds outside the run's scope (see the module's docstring)."""

    def __init__(self, previous: "Baseline | None" = None) -> None:
        self.files: dict[str, Counter] = {}
        self.previous = dict(previous.files) if previous is not None else {}
        self.kept = 0  # entries (counted) of the previous baseline kept: outside this run's scope

    def add(self, report: FileReport) -> None:
        key = file_key(report.name)
        old = self.previous.pop(key, None)
        counts = Counter(_key(p) for p in report.problems) if report.fatal is None else Counter()
        if old:  # what this run did not look for in the file stays as it was
            kept = Counter({k: n for k, n in old.items() if not report.checked(k[0])})
            self.kept += sum(kept.values())
            counts.update(kept)
        if counts:
            self.files.setdefault(key, Counter()).update(counts)

    def _keep_unlinted(self) -> None:
        """The previous entries of files this run did not lint, while the file is still there."""
        for key, counts in self.previous.items():
            if key == "<stdin>" or os.path.isfile(key):
                self.files.setdefault(key, Counter()).update(counts)
                self.kept += sum(counts.values())
        self.previous = {}

    @property
    def problems(self) -> int:
        return sum(sum(c.values()) for c in self.files.values())

    def document(self) -> str:
        lines = ['{', '  "tool": "subkit lint",', f'  "version": {VERSION},', '  "files": {']
        files = sorted(self.files)
        for k, name in enumerate(files):
            entries = sorted(self.files[name].items())
            lines.append(f"    {json.dumps(name, ensure_ascii=False)}: [")
            for j, ((code, text), n) in enumerate(entries):
                entry = json.dumps({"code": code, "text": text, "count": n}, ensure_ascii=False)
                lines.append(f"      {entry}" + ("," if j < len(entries) - 1 else ""))
            lines.append("    ]" + ("," if k < len(files) - 1 else ""))
        lines += ["  }", "}"]
        return "\n".join(lines) + "\n"

    def write(self, path: str) -> None:
        """Write the baseline atomically (a temporary file, then a rename)."""
        from subkit.srtio import atomic_write_text

        self._keep_unlinted()
        atomic_write_text(path, self.document())


class Baseline:
    """A baseline read from disk; :meth:`new` keeps a report's problems that it does not hold, and
    counts in ``stale`` its entries that no longer match (problems fixed since)."""

    def __init__(self, files: dict[str, Counter]):
        self.files = files
        self.stale = 0  # entries (counted) of rules run that matched no problem of the files given to new()

    @classmethod
    def load(cls, path: str) -> "Baseline":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8-sig"))  # a BOM (Windows editors) is no JSON error
        except FileNotFoundError:
            raise SubkitError("baseline file not found (make one with --write-baseline)", path) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise SubkitError(f"cannot read baseline: {getattr(exc, 'strerror', None) or exc}", path) from None
        except json.JSONDecodeError as exc:
            raise SubkitError(f"baseline is not valid JSON (line {exc.lineno}: {exc.msg})", path) from None
        return cls(_parse(data, path))

    def new(self, report: FileReport) -> list:
        """The report's problems not absorbed by the baseline (each baseline entry absorbs as many
        identical problems as its count)."""
        counts = self.files.get(file_key(report.name))
        if not counts or report.fatal is not None:
            return report.problems
        left = Counter(counts)
        out = []
        for p in report.problems:
            k = _key(p)
            if left[k] > 0:
                left[k] -= 1
            else:
                out.append(p)
        self.stale += sum(n for k, n in left.items() if n > 0 and report.checked(k[0]))
        return out


def _parse(data, where: str) -> dict[str, Counter]:
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("files"), dict):
        raise SubkitError(f"not a subkit lint baseline (version {VERSION} with a \"files\" table)", where)
    out: dict[str, Counter] = {}
    for name, entries in data["files"].items():
        counts: Counter = Counter()
        for e in entries if isinstance(entries, list) else [None]:
            ok = (isinstance(e, dict) and isinstance(e.get("code"), str) and isinstance(e.get("text"), str)
                  and isinstance(e.get("count"), int) and not isinstance(e.get("count"), bool) and e["count"] > 0)
            if not ok:
                raise SubkitError(f"baseline entry of {name!r} must be {{code, text, count > 0}}: {e!r}", where)
            counts[(e["code"], e["text"])] += e["count"]
        out[name] = counts
    return out
