"""The episode report: one JSON document, and a self-contained HTML page built from it.

The JSON (``NAME.report.json``) is the record: lint results for both tracks, timings per step,
reading-speed statistics, the model and the versions used. The HTML page (``NAME.report.html``) is
what a subtitler looks at: the two tracks side by side cue by cue, problems highlighted on the cue
they concern, and a chart of reading speed (characters per second) over the episode with each
profile's limit drawn. The page needs nothing but itself: inline CSS and SVG, no script, no font,
no image, no link outside the page. Every piece of text from the subtitles is escaped.

This module builds the JSON document (standard library only). The page is rendered by
:mod:`subkit.report_html` from a Jinja2 template with autoescaping
(``subkit/templates/report.html.j2`` and ``report.css``, shipped as package data); Jinja2 is
imported only when a page is rendered, never on the lint path.

Report layout (``schema: subkit.episode-report/1``)::

    {
      "schema": "subkit.episode-report/1",
      "episode": "NAME", "input": {"path", "sha256", "bytes"}, "created": ISO-8601 UTC,
      "versions": {"subkit", "python", "srt", "click", "ctranslate2", "sentencepiece", ...},
      "model": {"identity", "name", "path", "version", "review_below"},   # review_below: the low-confidence threshold
      "options": {...},                       # the options that shaped the outputs
      "timings": {"read", "segment", "translate", "lint", "total"},   # seconds
      "segment": {"dropped": [{"line", "text", "reason"}], "warnings": [...]},
      "translation": {"cues", "sentences", "remembered", "translated", "human", "merged",
                      "names_restored", "numbers_restored", "warnings"},     # human: sentences from human entries
      "audio": null | {"media", "duration", "pauses", "median_confidence", "low_confidence_below",
                       "low_confidence_cues", "speech": [[start, end], ...]},   # seconds
      "tracks": {
        "fr": {"file", "lang", "profile": {limits}, "cues": [{"index", "start", "end", "text",
               "chars", "cps", "alignment_confidence"}], "problems": [lint problems as in
               `subkit lint --format json`], "counts": {"error", "warning"}, "statistics": {...}},
        "en": {...}                           # cue "origin": human | edit | machine | mixed
      }
    }

``audio`` is null, and the source cues' ``alignment_confidence`` too, unless a recording timed the
source track (:func:`audio_summary`).
"""

from __future__ import annotations

import json
import statistics
from typing import Any, Iterable, Sequence

__all__ = ["SCHEMA", "cue_rows", "cps_summary", "render_json", "render_html", "format_clock", "audio_summary",
           "speech_runs", "LOW_CONFIDENCE"]

SCHEMA = "subkit.episode-report/1"
# A cue's alignment confidence under this is shown as doubtful. The aligner's confidence is
# (5 - cost) / 2 clipped to 0..1: matched speech costs about 3 (1.0), unrelated sound 5 or more
# (0.0); 0.5 is halfway. Measured on the espeak test recording: every word of the right text 1.0; a
# sentence replaced by one that is not spoken, 0.40 on average over its words (0 to 0.96 each).
LOW_CONFIDENCE = 0.5
MAX_SPEECH_RUNS = 2000  # the strip of speech and pauses keeps the longest pauses, so the page stays light


def cue_rows(cues: Iterable[Any], count_chars) -> list[dict[str, Any]]:
    """Cue records for the report from :class:`subkit.cues.Cue` objects (the report's times are seconds).

    *count_chars* is the profile module's counting function (Netflix counting).
    """
    rows = []
    for position, sub in enumerate(cues, start=1):
        start = sub.start / 1000
        end = sub.end / 1000
        chars = count_chars(sub.text)
        duration = end - start
        cps = chars / duration if duration > 0 else None
        rows.append({
            "index": sub.index if sub.index is not None else position,
            "start": round(start, 3),
            "end": round(end, 3),
            "text": sub.text,
            "chars": chars,
            "cps": round(cps, 2) if cps is not None else None,
        })
    return rows


def cps_histogram(cues: Iterable[dict[str, Any]]):
    """The reading speeds of report cues in a :class:`subkit.lint.core.CpsHistogram`.

    Each speed is computed as the linter computes it (characters per integer-millisecond duration),
    so that percentiles and maximum agree with ``subkit lint --statistics`` (the report's
    ``statistics``) to the last digit: the histogram's ``percentile`` is the one percentile
    definition of subkit (nearest rank, to the 0.1 cps above).
    """
    from subkit.lint.core import CpsHistogram

    hist = CpsHistogram()
    for c in cues:
        if c.get("cps") is None or not c.get("chars"):
            continue
        duration_ms = round(c["end"] * 1000) - round(c["start"] * 1000)
        if duration_ms > 0:
            hist.add(c["chars"] * 1000 / duration_ms)
    return hist


def cps_summary(cues: Sequence[dict[str, Any]], limit: float) -> dict[str, Any]:
    """A compact reading-speed summary of report cues against *limit* (for the page's cards).

    Median, p90 and maximum come from :func:`cps_histogram`: the same numbers as the track's
    ``statistics.reading_speed`` (the page shows both).
    """
    values = [c["cps"] for c in cues if c.get("cps") is not None and c.get("chars")]
    hist = cps_histogram(cues)
    if not values or not hist.n:
        return {"cues": 0, "limit": limit, "over_limit": 0}
    return {
        "cues": len(values),
        "limit": limit,
        "mean": round(sum(values) / len(values), 2),
        "median": hist.percentile(50),
        "p90": hist.percentile(90),
        "max": round(hist.max, 1),
        "over_limit": sum(1 for v in values if v > limit + 1e-9),
    }


def speech_runs(pauses: Sequence[tuple[int, int]], duration_ms: int,
                most: int = MAX_SPEECH_RUNS) -> list[list[float]]:
    """The recording's speech as [start, end] seconds: what lies between its *pauses* (ms), at most
    *most* runs (the shortest pauses are dropped first, so the long ones always show)."""
    kept = sorted(pauses, key=lambda p: (p[0] - p[1], p[0]))[:max(0, most - 1)]
    runs, at = [], 0
    for start, end in sorted(kept):
        if start > at:
            runs.append([round(at / 1000, 3), round(start / 1000, 3)])
        at = max(at, end)
    if at < duration_ms:
        runs.append([round(at / 1000, 3), round(duration_ms / 1000, 3)])
    return runs


def audio_summary(media: str, duration_ms: int, pauses: Sequence[tuple[int, int]],
                  confidence: Sequence[float]) -> dict[str, Any]:
    """The report's ``audio`` block: the recording (file name), its length, its pauses, and how sure
    the alignment is over the source cues (*confidence*: one per cue, 0..1)."""
    median = statistics.median(confidence) if confidence else None
    return {
        "media": media,
        "duration": round(duration_ms / 1000, 3),
        "pauses": len(pauses),
        "median_confidence": None if median is None else round(median, 3),
        "low_confidence_below": LOW_CONFIDENCE,
        "low_confidence_cues": sum(1 for c in confidence if c < LOW_CONFIDENCE),
        "speech": speech_runs(pauses, duration_ms),
    }


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def format_clock(seconds: float, millis: bool = True) -> str:
    """``H:MM:SS.mmm`` (or ``M:SS`` for chart ticks)."""
    seconds = max(0.0, float(seconds))
    if not millis:
        total = int(round(seconds))
        h, rem = divmod(total, 3600)
        m, s = divmod(rem, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    ms = int(round(seconds * 1000))
    s, ms = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}.{ms:03d}"


def render_html(report: dict[str, Any]) -> str:
    """The self-contained HTML page for an episode report (see :mod:`subkit.report_html`)."""
    from subkit.report_html import render_page

    return render_page(report)
