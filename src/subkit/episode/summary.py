"""What happened to each episode: the result, the exit status and the summary table."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Sequence

__all__ = ["EpisodeResult", "exit_code", "summary_table"]


@dataclass
class EpisodeResult:
    """What happened to one episode (picklable: it comes back from worker processes)."""

    name: str
    input: str
    status: str = "done"  # done | skipped | failed
    error: str | None = None
    cues: dict[str, int] = field(default_factory=dict)
    problems: dict[str, dict[str, int]] = field(default_factory=dict)  # track -> level -> count
    sentences_new: int = 0
    sentences_remembered: int = 0
    seconds: float = 0.0
    input_hash: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    edits: list[str] = field(default_factory=list)  # what became of hand-edited outputs, one line each

    @property
    def errors(self) -> int:
        return sum(c.get("error", 0) for c in self.problems.values())

    @property
    def warnings(self) -> int:
        return sum(c.get("warning", 0) for c in self.problems.values())

    def summary(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k not in ("status", "error", "input", "edits")}


def exit_code(results: Sequence[EpisodeResult]) -> int:
    """2 if any episode failed, else 1 if any has an error-level problem, else 0."""
    if any(r.status == "failed" for r in results):
        return 2
    if any(r.errors for r in results):
        return 1
    return 0


def summary_table(results: Sequence[EpisodeResult], source: str = "fr", target: str = "en") -> str:
    """The short table printed at the end of a run (one row per episode)."""
    header = ["episode", "status", f"cues {source}/{target}", "errors", "warnings",
              "sentences new/remembered", "time"]
    rows = []
    for r in results:
        if r.status == "failed":
            rows.append([r.name, "FAILED", "-", "-", "-", "-", f"{r.seconds:.1f} s"])
            continue
        cues = f"{r.cues.get(source, 0)}/{r.cues.get(target, 0)}"
        errors = "/".join(str(r.problems.get(c, {}).get("error", 0)) for c in (source, target))
        warns = "/".join(str(r.problems.get(c, {}).get("warning", 0)) for c in (source, target))
        sentences = f"{r.sentences_new}/{r.sentences_remembered}"
        rows.append([r.name, r.status, cues, errors, warns, sentences, f"{r.seconds:.1f} s"])
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]

    def fmt(row: Sequence[str]) -> str:
        return "  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip()

    lines = [fmt(header), fmt(["-" * w for w in widths])]
    lines += [fmt(r) for r in rows]
    lines += [f"{r.name}: {note}" for r in results for note in r.edits]
    failed = [r for r in results if r.status == "failed"]
    lines += [f"{r.name}: error: {r.error}" for r in failed]
    return "\n".join(lines)
