"""SARIF 2.1.0 output (``--format sarif``), for GitHub code scanning and other platforms.

One run; ``tool.driver`` describes every rule of the registry (id, the first line of its
docstring, its default level; the project's home and its README's rule table as links only when
the package declares its home, ``[project.urls]`` in pyproject.toml: no made-up URL); each problem is a result with
its rule, level, message and location (the file's path relative to the working directory, line
and column), the problem's ``code`` and ``fixable`` in its ``properties``. Unreadable inputs are
``toolExecutionNotifications`` of the invocation. Written as the files are linted, one result a
line, so memory stays flat.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from subkit import __version__
from subkit.lint.core import FileReport
from subkit.lint.formats import Writer, _failing
from subkit.lint.rules import RULES

__all__ = ["SarifWriter", "SCHEMA_URI", "driver", "artifact_uri", "project_url"]

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_HOME_LABELS = ("homepage", "home", "repository", "source", "source code")


@lru_cache(maxsize=1)
def project_url() -> str | None:
    """The project's home as its package metadata declares it (``[project.urls]`` Homepage or
    Repository in pyproject.toml), else None: SARIF's links are optional, a placeholder is wrong."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("subkit")
    except PackageNotFoundError:
        return None
    urls = {}
    for entry in meta.get_all("Project-URL") or []:  # "Label, https://..."
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    found = [urls.get(label) for label in _HOME_LABELS] + [meta.get("Home-page")]
    return next((url for url in found if url and url.startswith("https://")), None)


def _summary(module) -> str:
    """The first line of a rule module's docstring, without its ``Rule ``id``:`` prefix."""
    first = (module.__doc__ or module.ID).strip().splitlines()[0].replace("``", "")
    head, sep, rest = first.partition(": ")
    text = rest if sep and head.startswith("Rule ") else first
    return text[:1].upper() + text[1:]


def _description(module) -> str:
    """The docstring's first paragraph, on one line."""
    para = (module.__doc__ or module.ID).strip().split("\n\n")[0]
    return " ".join(para.replace("``", "'").split())


def driver() -> dict:
    """``tool.driver``: the linter and every rule it may report (links only to a declared home)."""
    home = project_url()
    links = {"informationUri": home} if home else {}
    help_ = {"helpUri": f"{home}#rules"} if home else {}  # the README's rule table documents every rule
    return {
        "name": "subkit lint",
        "version": __version__,
        "semanticVersion": __version__,
        **links,
        "rules": [
            {
                "id": rule_id,
                "name": rule_id,
                "shortDescription": {"text": _summary(module)},
                "fullDescription": {"text": _description(module)},
                **help_,
                "defaultConfiguration": {"level": module.LEVEL},
                "properties": {"codes": list(module.CODES), "fixer": module.FIXER},
            }
            for rule_id, module in RULES.items()
        ],
    }


def artifact_uri(name: str, cwd: str | None = None) -> str:
    """A file's URI: relative to the working directory (``/`` separators, percent-encoded), or an
    absolute ``file://`` URI for a file outside it."""
    if name == "<stdin>":
        return "stdin"
    cwd = cwd or os.getcwd()
    path = os.path.abspath(name)
    rel = os.path.relpath(path, cwd) if os.path.splitdrive(path)[0] == os.path.splitdrive(cwd)[0] else ".."
    if rel == ".." or rel.startswith(".." + os.sep):
        return Path(path).as_uri()
    return quote(Path(rel).as_posix())


class SarifWriter(Writer):
    """A SARIF 2.1.0 log, streamed: the head (tool and rules), one result per line, the tail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.index = {rule_id: k for k, rule_id in enumerate(RULES)}
        self.started = False
        self.results = 0
        self.notifications: list[dict] = []  # unreadable inputs: few, kept for the tail
        self.cwd = os.getcwd()

    def _start(self) -> None:
        if not self.started:
            self.started = True
            tool = json.dumps({"driver": driver()}, ensure_ascii=False, indent=2).replace("\n", "\n      ")
            self.out('{\n  "$schema": "' + SCHEMA_URI + '",\n  "version": "2.1.0",\n  "runs": [\n    {\n'
                     f'      "tool": {tool},\n      "columnKind": "unicodeCodePoints",\n      "results": [')

    def write_file(self, report: FileReport) -> None:
        self._start()
        uri = artifact_uri(report.name, self.cwd)
        if report.fatal is not None:
            self.notifications.append({
                "level": "error",
                "message": {"text": f"{report.name}: {report.fatal}"},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
            })
            return
        self.emit(self._rows(report, uri))

    def _rows(self, report: FileReport, uri: str):
        strict, index = self.strict, self.index
        for p in report.problems:
            result = {
                "ruleId": p.rule,
                "ruleIndex": index[p.rule],
                "level": "error" if _failing(p.level, strict) else "warning",
                "message": {"text": p.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": {"startLine": p.line, "startColumn": p.col},
                }}],
                "properties": {"code": p.code, "fixable": p.fixable},
            }
            yield ("\n        " if self.results == 0 else ",\n        ") + json.dumps(result, ensure_ascii=False)
            self.results += 1

    def finish(self) -> None:
        self._start()
        invocation = {"executionSuccessful": not self.notifications,
                      "toolExecutionNotifications": self.notifications}
        if not self.notifications:
            del invocation["toolExecutionNotifications"]
        tail = "\n      ]," if self.results else "],"
        props = ""
        if self.stats is not None:
            stats = json.dumps({"statistics": self.stats.result()}, ensure_ascii=False)
            props = f',\n      "properties": {stats}'
        self.out(f'{tail}\n      "invocations": [{json.dumps(invocation, ensure_ascii=False)}]{props}\n'
                 "    }\n  ]\n}\n")
