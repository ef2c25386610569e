"""The episode report's HTML page: plain data for a Jinja2 template with autoescaping.

The functions here turn the report document (:mod:`subkit.report`) into plain values: numbers
already formatted, text as it is. The markup lives in ``subkit/templates/report.html.j2`` and the
style sheet in ``subkit/templates/report.css`` (package data), both inlined into one
self-contained page with the reading-speed chart as inline SVG. Jinja2 escapes every value it
prints, so subtitle text, rule messages and file names need no escaping here; Jinja2 is imported
only when a page is rendered (``subkit lint`` never imports this module).
"""

from __future__ import annotations

import functools
import math
from typing import Any, Sequence

from subkit.errors import SubkitError
from subkit.report import LOW_CONFIDENCE, cps_summary, format_clock

__all__ = ["render_page", "chart_data", "page_data", "strip_data"]

TEMPLATE = "report.html.j2"
STYLE = "report.css"
_TRACK_COLOURS = {0: "#1f6fb2", 1: "#c2561a"}  # first track (source), second track (target)
_NO_TRACK: dict[str, Any] = {"cues": [], "problems": [], "profile": {}}


@functools.lru_cache(maxsize=1)
def _environment():
    try:
        import jinja2
    except ImportError:
        raise SubkitError("the HTML report needs Jinja2: pip install 'subkit[translate]'") from None
    return jinja2.Environment(
        loader=jinja2.PackageLoader("subkit", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=lambda value: "" if value is None else value,  # a missing value prints as nothing
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(report: dict[str, Any]) -> str:
    """The self-contained HTML page for an episode report."""
    from markupsafe import Markup  # a Jinja2 dependency

    env = _environment()
    css, _, _ = env.loader.get_source(env, STYLE)  # package data, inlined as it is (not a template)
    return env.get_template(TEMPLATE).render(page_data(report), css=Markup(css))


# --------------------------------------------------------------------------- page data


def _limit_of(track: dict) -> float:
    prof = track.get("profile", {})
    return float(prof.get("hard_max_cps") or prof.get("max_cps") or 0)


def _counts(track: dict | None) -> tuple[int, int]:
    if not track:
        return 0, 0
    c = track.get("counts", {})
    return int(c.get("error", 0)), int(c.get("warning", 0))


def _card(key: str, values: Sequence[tuple[Any, str]], cls: str = "") -> dict[str, Any]:
    """A card: its title and (number, small print) pairs shown side by side."""
    return {"key": key, "cls": cls, "values": [(str(big), small) for big, small in values]}


def _cards(report: dict, tracks: Sequence[tuple[str, dict]]) -> list[dict[str, Any]]:
    errors = sum(_counts(t)[0] for _, t in tracks)
    warnings = sum(_counts(t)[1] for _, t in tracks)
    cards = [
        _card("Cues", [(len(t["cues"]), f" {code}") for code, t in tracks]),
        _card("Errors", [(errors, "")], "bad" if errors else "good"),
        _card("Warnings", [(warnings, "")], "meh" if warnings else "good"),
    ]
    translation = report.get("translation", {})
    if translation:
        cards.append(_card("Sentences", [(translation.get("translated", 0), " new"),
                                         (translation.get("remembered", 0), " remembered")]))
    if translation.get("flagged") is not None:
        # Review flags say which English cues may be wrong: the page is not green while any remain.
        flagged = int(translation["flagged"])
        cards.append(_card("To review", [(flagged, " cues")], "meh" if flagged else "good"))
    for code, track in tracks:
        stats = track.get("summary") or cps_summary(track["cues"], _limit_of(track))
        if stats.get("cues"):
            cards.append(_card(f"{code} reading speed",
                               [(f"{stats['median']:.1f}", f" median · max {stats['max']:.1f} cps")],
                               "bad" if stats.get("over_limit") else "good"))
    audio = report.get("audio")
    if audio and audio.get("median_confidence") is not None:
        low = int(audio.get("low_confidence_cues", 0))
        cards.append(_card("Alignment", [(f"{audio['median_confidence']:.2f}", " median"), (low, " doubtful cues")],
                           "meh" if low else "good"))
    total = report.get("timings", {}).get("total")
    if total is not None:
        cards.append(_card("Time", [(f"{float(total):.1f}", " s")]))
    return cards


def _bands(tracks: Sequence[tuple[str, dict]]) -> dict[str, Any] | None:
    """The reading-speed distribution of each track (``subkit lint --statistics``), as a table."""
    rows = []
    header: list[str] = []
    for code, track in tracks:
        rs = (track.get("statistics") or {}).get("reading_speed")
        if not rs or not rs.get("cues"):
            continue
        bands = rs.get("bands", [])
        if not header:
            header = [b["band"] for b in bands]
        pct = rs.get("percentiles", {})
        rows.append({"code": code, "cells": [(b["cues"], b["percent"]) for b in bands],
                     "p50": pct.get("p50", ""), "p90": pct.get("p90", ""), "max": rs.get("max", "")})
    return {"header": header, "rows": rows} if rows else None


def _problems_by_cue(problems: Sequence[dict]) -> tuple[dict[int, list[dict]], list[dict]]:
    per_cue: dict[int, list[dict]] = {}
    general: list[dict] = []
    for p in problems:
        if p.get("level") == "disable":
            continue
        cue = p.get("cue")
        if isinstance(cue, int):
            per_cue.setdefault(cue, []).append(p)
        else:
            general.append(p)
    return per_cue, general


def _problem_items(problems: Sequence[dict]) -> list[dict[str, str]]:
    return [{"level": p.get("level") or "warning", "rule": p.get("rule"), "message": p.get("message")}
            for p in problems]


def _level_class(problems: Sequence[dict]) -> str:
    levels = {p.get("level") for p in problems}
    if "error" in levels:
        return " has-error"
    if levels:
        return " has-warning"
    return ""


_ORIGIN_TITLES = {
    "human": "translated by a person: a human entry of the translation memory",
    "edit": "a subtitler's edit of an earlier run, learned into the translation memory",
    "mixed": "sentences of several origins (human entries and the machine's)",
}


def _confidence_class(conf: float | None) -> str:
    """none, low (under LOW_CONFIDENCE: doubtful), mid (under 0.8) or ok."""
    if conf is None:
        return "none"
    return "low" if conf < LOW_CONFIDENCE else "mid" if conf < 0.8 else "ok"


def _cue_cell(cue: dict, problems: Sequence[dict], limit: float, track: str) -> dict[str, Any]:
    cps = cue.get("cps")
    conf = cue.get("alignment_confidence")
    return {
        "conf": None if conf is None else f"{conf:.2f}",
        "conf_low": conf is not None and conf < LOW_CONFIDENCE,
        "conf_cls": _confidence_class(conf),
        "cls": _level_class(problems),
        "id": f"{track}-{cue.get('index')}",
        "index": cue.get("index"),
        "start": format_clock(cue["start"]),
        "end": format_clock(cue["end"]),
        "chars": cue.get("chars"),
        "cps": "–" if cps is None else f"{cps:.1f}",
        "over": cps is not None and cps > limit + 1e-9,
        "lang": track,
        "origin": cue.get("origin"),
        "origin_title": _ORIGIN_TITLES.get(cue.get("origin") or "", ""),
        "lines": str(cue.get("text", "")).split("\n"),
        "problems": _problem_items(problems),
    }


def _align(first: Sequence[dict], second: Sequence[dict]) -> list[list[int]]:
    """For each cue of *first*, the positions of the cues of *second* shown beside it.

    A cue of the second track goes beside the first-track cue it overlaps most in time (the
    translation keeps the source timing; a merged cue spans several source cues and sits beside
    the first of them); a cue that overlaps none goes beside the nearest start.
    """
    rows: list[list[int]] = [[] for _ in first]
    if not first:
        return rows
    j0 = 0
    for k, cue in enumerate(second):
        best, best_overlap = None, 0.0
        # both tracks are in time order: scan a window from the last match
        while j0 + 1 < len(first) and first[j0 + 1]["end"] <= cue["start"]:
            j0 += 1
        j = max(0, j0 - 1)
        while j < len(first) and first[j]["start"] < cue["end"]:
            overlap = min(first[j]["end"], cue["end"]) - max(first[j]["start"], cue["start"])
            if overlap > best_overlap + 1e-9:
                best, best_overlap = j, overlap
            j += 1
        if best is None:
            best = min(range(len(first)), key=lambda i: abs(first[i]["start"] - cue["start"]))
        rows[best].append(k)
    return rows


def _rows(tracks: Sequence[tuple[str, dict]]) -> list[dict[str, Any]]:
    """The side-by-side table: one row per first-track cue, with the second-track cues beside it.

    Every second-track cue gets a row (see :func:`_align`); a first-track cue with none beside it
    (merged into the previous one) shows a note instead.
    """
    (first, t1), *rest = tracks
    per1, _ = _problems_by_cue(t1.get("problems", []))
    limit1 = _limit_of(t1)
    if not rest:
        cells = [_cue_cell(c, per1.get(c["index"], []), limit1, first) for c in t1["cues"]]
        return [{"clean": not cell["problems"] and not cell["conf_low"], "cell": cell, "partners": None}
                for cell in cells]
    second, t2 = rest[0]
    per2, _ = _problems_by_cue(t2.get("problems", []))
    limit2 = _limit_of(t2)
    rows = []
    for cue, partners in zip(t1["cues"], _align(t1["cues"], t2["cues"])):
        probs1 = per1.get(cue["index"], [])
        cells2 = [_cue_cell(t2["cues"][k], per2.get(t2["cues"][k]["index"], []), limit2, second)
                  for k in partners]
        cell = _cue_cell(cue, probs1, limit1, first)
        rows.append({"clean": not probs1 and not cell["conf_low"] and not any(c["problems"] for c in cells2),
                     "cell": cell, "partners": cells2})
    return rows


def _general(tracks: Sequence[tuple[str, dict]]) -> list[tuple[str, list[dict[str, str]]]]:
    """The file-level problems (no cue) of each track that has some."""
    out = []
    for code, track in tracks:
        _, general = _problems_by_cue(track.get("problems", []))
        if general:
            out.append((code, _problem_items(general)))
    return out


def _tracks(report: dict) -> list[tuple[str, dict]]:
    """(code, track) for the first track and, if any, the second (the report's order)."""
    tracks = report.get("tracks", {})
    codes = list(tracks)
    first = codes[0] if codes else "fr"
    out = [(first, tracks.get(first, _NO_TRACK))]
    if len(codes) > 1:
        out.append((codes[1], tracks.get(codes[1], _NO_TRACK)))
    return out


def page_data(report: dict[str, Any]) -> dict[str, Any]:
    """Everything the template shows, as plain values (the template escapes them)."""
    tracks = _tracks(report)
    timings = report.get("timings", {})
    chart_tracks = [(code.upper(), t["cues"], _limit_of(t)) for code, t in tracks]
    audio = report.get("audio")
    chart = chart_data(chart_tracks, end=audio.get("duration") if audio else None)
    return {
        "name": report.get("episode", "episode"),
        "subkit": report.get("versions", {}).get("subkit", ""),
        "created": report.get("created", ""),
        "model": report.get("model", {}).get("identity", "–"),
        "cards": _cards(report, tracks),
        "legend": [{"colour": _TRACK_COLOURS.get(n, "#555"), "label": label,
                    "profile": t.get("profile", {}).get("name", ""), "limit": f"{limit:g}"}
                   for n, ((label, _, limit), (_, t)) in enumerate(zip(chart_tracks, tracks))],
        "chart": chart,
        "strip": strip_data(audio, tracks[0][0], tracks[0][1]["cues"], chart) if audio else None,
        "bands": _bands(tracks),
        "general": _general(tracks),
        "heads": [(code, t.get("file", "")) for code, t in tracks],
        "rows": _rows(tracks),
        "review": [{"cue": r["cue"], "start": format_clock(r["start_ms"] / 1000),
                    "flags": [f["id"] + ": " + f["message"] for f in r["flags"]],
                    "confidence": "–" if r.get("confidence") is None else f"{r['confidence']:.2f}",
                    "source": r.get("source", "").split("\n"), "text": r.get("text", "").split("\n")}
                   for r in report.get("review") or []],
        "steps": ", ".join(f"{k} {float(v):.1f} s" for k, v in timings.items() if k != "total" and v is not None),
        "versions": ", ".join(f"{k} {v}" for k, v in report.get("versions", {}).items() if v),
        "input_path": report.get("input", {}).get("path", ""),
        "input_sha": report.get("input", {}).get("sha256", "")[:16],
        "limits": _limits(report),
    }


def _limits(report: dict[str, Any]) -> list[str]:
    """What the page's numbers do not vouch for: a green page is not a checked translation."""
    from subkit.formats import format_for

    notes = []
    if not report.get("audio") and format_for(report.get("input", {}).get("path", ""), default="") == "":
        notes.append("Times are estimated from a speech rate: no recording timed this episode "
                     "(a recording of the same name in --media would).")
    if report.get("translation"):
        notes.append("The English is checked for invented words, French left in, numbers, negation, omissions, "
                     "repetitions, offensive words and the model's confidence, not for its meaning: a cue "
                     "without a flag may still be wrong.")
    return notes


# --------------------------------------------------------------------------- chart


def _nice_step(span: float, target_ticks: int) -> float:
    raw = span / max(1, target_ticks)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return m * magnitude
    return 10 * magnitude


def _time_step(span: float) -> float:
    for step in (5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600):
        if span / step <= 12:
            return step
    return 7200


class _Scale:
    """Chart geometry: the plot area and the mapping of (time, cps) to SVG coordinates."""

    def __init__(self, tracks: Sequence[tuple[str, list[dict], float]], width: int, height: int,
                 end: float | None = None):
        self.width, self.height = width, height
        self.left, right, self.top, bottom = 48, 16, 16, 36
        self.plot_w, self.plot_h = width - self.left - right, height - self.top - bottom
        self.end = max(max((c["end"] for _, cues, _ in tracks for c in cues), default=1.0), end or 0.0) or 1.0
        peak = max((c["cps"] or 0 for _, cues, _ in tracks for c in cues if c.get("cps") is not None),
                   default=0.0)
        highest_limit = max((limit for _, _, limit in tracks), default=0.0)
        # Outliers (a broken cue at hundreds of cps) must not squash the limits: the axis stops at
        # 2.5 times the highest limit and such cues are drawn on the top edge (they are ringed anyway).
        if highest_limit > 0:
            peak = min(peak, 2.5 * highest_limit)
        top_value = max(peak, highest_limit) * 1.12 + 1
        self.y_step = _nice_step(top_value, 6)
        self.top_value = math.ceil(top_value / self.y_step) * self.y_step

    def x(self, t: float) -> float:
        return self.left + self.plot_w * (t / self.end)

    def y(self, v: float) -> float:
        return self.top + self.plot_h * (1 - min(v, self.top_value) / self.top_value)


def _y_ticks(s: _Scale) -> list[dict[str, str]]:
    ticks = []
    v = 0.0
    while v <= s.top_value + 1e-9:
        yy = s.y(v)
        ticks.append({"y": f"{yy:.1f}", "label_y": f"{yy + 4:.1f}", "label": f"{v:g}"})
        v += s.y_step
    return ticks


def _x_ticks(s: _Scale) -> list[dict[str, str]]:
    ticks = []
    t_step = _time_step(s.end)
    t = 0.0
    while t <= s.end + 1e-9:
        ticks.append({"x": f"{s.x(t):.1f}", "label": format_clock(t, millis=False)})
        t += t_step
    return ticks


def _chart_track(s: _Scale, n: int, label: str, cues: list[dict], limit: float) -> dict[str, Any]:
    timed = [c for c in cues if c.get("cps") is not None]
    ly = s.y(limit)
    # labels alternate between the right and the left edge, so that close limits stay legible
    lx, anchor = (s.left + s.plot_w - 4, "end") if n % 2 == 0 else (s.left + 4, "start")
    return {
        "colour": _TRACK_COLOURS.get(n, "#555"),
        "points": " ".join(f'{s.x((c["start"] + c["end"]) / 2):.1f},{s.y(c["cps"]):.1f}' for c in timed),
        "strokes": [{"x1": f'{s.x(c["start"]):.1f}', "x2": f'{max(s.x(c["end"]), s.x(c["start"]) + 1.5):.1f}',
                     "y": f'{s.y(c["cps"]):.1f}',
                     "title": (f'{label} #{c["index"]} {format_clock(c["start"])}: {c["cps"]:.1f} cps, '
                               f'{c["chars"]} characters')} for c in timed],
        "limit_y": f"{ly:.1f}", "label_x": lx, "label_y": f"{ly - 5:.1f}", "anchor": anchor,
        "label": f"{label} limit {limit:g} cps",
        "rings": [{"href": f'#{label.lower()}-{c["index"]}', "cx": f'{s.x((c["start"] + c["end"]) / 2):.1f}',
                   "cy": f'{s.y(c["cps"]):.1f}'} for c in timed if c["cps"] > limit + 1e-9],
    }


def chart_data(tracks: Sequence[tuple[str, list[dict], float]], width: int = 1160,
               height: int = 300, end: float | None = None) -> dict[str, Any]:
    """The reading-speed chart's geometry, for the template's inline SVG.

    *tracks* holds (label, cues, limit) per track. Each cue is a short horizontal stroke at its cps
    from its start to its end; a thin line joins the strokes; each track's limit is a dashed line
    of the same colour; cues over their limit get a red ring and link to their row. The time axis
    runs to the last cue's end, or to *end* (the recording's length) if that is later.
    """
    s = _Scale(tracks, width, height, end)
    return {
        "width": width, "height": height, "left": s.left, "top": s.top, "end": s.end,
        "plot_w": s.plot_w, "plot_h": s.plot_h, "right": s.left + s.plot_w, "bottom": s.top + s.plot_h,
        "tick_x": s.left - 6, "tick_label_y": s.top + s.plot_h + 16,
        "axis_x": f"{s.left + s.plot_w / 2:.0f}", "axis_y": height - 4,
        "axis_mid": f"{s.top + s.plot_h / 2:.0f}",
        "y_ticks": _y_ticks(s), "x_ticks": _x_ticks(s),
        "tracks": [_chart_track(s, n, label, cues, limit) for n, (label, cues, limit) in enumerate(tracks)],
    }


# --------------------------------------------------------------------------- speech strip


def strip_data(audio: dict[str, Any], code: str, cues: Sequence[dict], chart: dict[str, Any],
               height: int = 58) -> dict[str, Any]:
    """The strip under the chart, on its time axis: the recording's speech runs (pauses are the gaps)
    and the source cues coloured by alignment confidence; the doubtful and less sure ones link to
    their row. Runs and sure cues are each one path of rectangles (an hour: 2,000 runs, 1,000 cues;
    a fifth of the bytes of as many elements)."""
    left, plot_w, end = chart["left"], chart["plot_w"], chart["end"]

    def x(t: float) -> float:
        return left + plot_w * min(max(t, 0.0), end) / end

    def path(spans: Sequence[tuple[float, float]], y: int, h: int) -> str:
        boxes = ((f"{x(a):.1f}", f"{max(x(b) - x(a), 0.4):.1f}") for a, b in spans)
        return " ".join(f"M{left_x} {y}h{w}v{h}h-{w}z" for left_x, w in boxes)

    sure: dict[str, list[tuple[float, float]]] = {"ok": [], "none": []}
    marked = []
    for c in cues:
        conf = c.get("alignment_confidence")
        cls = _confidence_class(conf)
        if cls in sure:
            sure[cls].append((c["start"], c["end"]))
            continue
        marked.append({"x": f"{x(c['start']):.1f}", "w": f"{max(x(c['end']) - x(c['start']), 0.4):.1f}",
                       "cls": cls, "href": f"#{code}-{c['index']}",
                       "title": f"{code.upper()} #{c['index']} {format_clock(c['start'])}: "
                                f"alignment confidence {conf:.2f}"})
    return {
        "width": chart["width"], "height": height, "left": left, "plot_w": plot_w, "label_x": left - 6,
        "speech": path(audio.get("speech", []), 6, 18),
        "sure": path(sure["ok"], 32, 16), "unknown": path(sure["none"], 32, 16), "marked": marked,
        "ticks": [t["x"] for t in chart["x_ticks"]],
        "media": audio.get("media", ""), "pauses": audio.get("pauses", 0),
        "duration": format_clock(audio.get("duration") or 0, millis=False),
        "low": LOW_CONFIDENCE,
    }
