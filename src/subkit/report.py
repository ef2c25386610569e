"""The episode report: one JSON document, and a self-contained HTML page built from it.

The JSON (``NAME.report.json``) is the record: lint results for both tracks, timings per step,
reading-speed statistics, the model and the versions used. The HTML page (``NAME.report.html``) is
what a subtitler looks at: the two tracks side by side cue by cue, problems highlighted on the cue
they concern, and a chart of reading speed (characters per second) over the episode with each
profile's limit drawn. The page needs nothing but itself: inline CSS and SVG, no script, no font,
no image, no link outside the page. Every piece of text from the subtitles is escaped.

Report layout (``schema: subkit.episode-report/1``)::

    {
      "schema": "subkit.episode-report/1",
      "episode": "NAME", "input": {"path", "sha256", "bytes"}, "created": ISO-8601 UTC,
      "versions": {"subkit", "python", "srt", "click", "ctranslate2", "sentencepiece", ...},
      "model": {"identity", "name", "path"},
      "options": {...},                       # the options that shaped the outputs
      "timings": {"read", "segment", "translate", "lint", "total"},   # seconds
      "segment": {"dropped": [{"line", "text", "reason"}], "warnings": [...]},
      "translation": {"cues", "sentences", "remembered", "translated", "merged", "names_restored",
                      "warnings"},
      "tracks": {
        "fr": {"file", "lang", "profile": {limits}, "cues": [{"index", "start", "end", "text",
               "chars", "cps"}], "problems": [lint problems as in `subkit lint --format json`],
               "counts": {"error", "warning"}, "statistics": {...}},
        "en": {...}
      }
    }
"""

from __future__ import annotations

import html
import json
import math
from typing import Any, Iterable, Sequence

__all__ = ["SCHEMA", "cue_rows", "cps_summary", "render_json", "render_html", "format_clock"]

SCHEMA = "subkit.episode-report/1"

_TRACK_COLOURS = {0: "#1f6fb2", 1: "#c2561a"}  # first track (source), second track (target)


# --------------------------------------------------------------------------- data helpers


def cue_rows(subtitles: Iterable[Any], count_chars) -> list[dict[str, Any]]:
    """Cue records for the report from ``srt.Subtitle`` objects (times in seconds).

    *count_chars* is the profile module's counting function (Netflix counting).
    """
    rows = []
    for position, sub in enumerate(subtitles, start=1):
        start = sub.start.total_seconds()
        end = sub.end.total_seconds()
        chars = count_chars(sub.content)
        duration = end - start
        cps = chars / duration if duration > 0 else None
        rows.append({
            "index": sub.index if sub.index is not None else position,
            "start": round(start, 3),
            "end": round(end, 3),
            "text": sub.content,
            "chars": chars,
            "cps": round(cps, 2) if cps is not None else None,
        })
    return rows


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    k = (len(sorted_values) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def cps_summary(cues: Sequence[dict[str, Any]], limit: float) -> dict[str, Any]:
    """A compact reading-speed summary of report cues against *limit* (for the page's cards)."""
    values = sorted(c["cps"] for c in cues if c.get("cps") is not None and c.get("chars"))
    if not values:
        return {"cues": 0, "limit": limit, "over_limit": 0}
    return {
        "cues": len(values),
        "limit": limit,
        "mean": round(sum(values) / len(values), 2),
        "median": round(_percentile(values, 0.5), 2),
        "p90": round(_percentile(values, 0.9), 2),
        "max": round(values[-1], 2),
        "over_limit": sum(1 for v in values if v > limit + 1e-9),
    }


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --------------------------------------------------------------------------- HTML


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


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


def _level_class(problems: Sequence[dict]) -> str:
    levels = {p.get("level") for p in problems}
    if "error" in levels:
        return " has-error"
    if levels:
        return " has-warning"
    return ""


def _problem_list(problems: Sequence[dict]) -> str:
    if not problems:
        return ""
    items = []
    for p in problems:
        level = p.get("level") or "warning"
        items.append(
            f'<li class="p-{_e(level)}"><span class="rule">{_e(p.get("rule"))}</span> '
            f'{_e(p.get("message"))}</li>')
    return '<ul class="problems">' + "".join(items) + "</ul>"


def _cue_cell(cue: dict, problems: Sequence[dict], limit: float, track: str) -> str:
    text = "<br>".join(_e(line) for line in str(cue.get("text", "")).split("\n"))
    cps = cue.get("cps")
    over = cps is not None and cps > limit + 1e-9
    cps_txt = "–" if cps is None else f"{cps:.1f}"
    meta = (f'<div class="meta"><span class="idx">#{_e(cue.get("index"))}</span> '
            f'<span class="time">{_e(format_clock(cue["start"]))} → {_e(format_clock(cue["end"]))}</span> '
            f'<span class="num">{_e(cue.get("chars"))} ch</span> '
            f'<span class="num{" over" if over else ""}">{_e(cps_txt)} cps</span></div>')
    return (f'<div class="cue{_level_class(problems)}" id="{_e(track)}-{_e(cue.get("index"))}">'
            f'{meta}<div class="text" lang="{_e(track)}">{text}</div>{_problem_list(problems)}</div>')


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


def render_chart(tracks: Sequence[tuple[str, list[dict], float]], width: int = 1160,
                 height: int = 300) -> str:
    """An inline SVG chart of reading speed over the episode.

    *tracks* holds (label, cues, limit) per track. Each cue is a short horizontal stroke at its cps
    from its start to its end; a thin line joins the strokes; each track's limit is a dashed line
    of the same colour; cues over their limit get a red ring and link to their row.
    """
    left, right, top, bottom = 48, 16, 16, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    end = max((c["end"] for _, cues, _ in tracks for c in cues), default=1.0) or 1.0
    peak = max((c["cps"] or 0 for _, cues, _ in tracks for c in cues if c.get("cps") is not None),
               default=0.0)
    highest_limit = max((limit for _, _, limit in tracks), default=0.0)
    # Outliers (a broken cue at hundreds of cps) must not squash the limits: the axis stops at
    # 2.5 times the highest limit and such cues are drawn on the top edge (they are ringed anyway).
    if highest_limit > 0:
        peak = min(peak, 2.5 * highest_limit)
    top_value = max(peak, highest_limit) * 1.12 + 1
    y_step = _nice_step(top_value, 6)
    top_value = math.ceil(top_value / y_step) * y_step

    def x(t: float) -> float:
        return left + plot_w * (t / end)

    def y(v: float) -> float:
        return top + plot_h * (1 - min(v, top_value) / top_value)

    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="Reading speed over the episode">']
    parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" class="plot"/>')
    v = 0.0
    while v <= top_value + 1e-9:
        yy = y(v)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{yy:.1f}" y2="{yy:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 6}" y="{yy + 4:.1f}" class="tick" text-anchor="end">{v:g}</text>')
        v += y_step
    t_step = _time_step(end)
    t = 0.0
    while t <= end + 1e-9:
        xx = x(t)
        parts.append(f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{top}" y2="{top + plot_h}" class="grid"/>')
        parts.append(f'<text x="{xx:.1f}" y="{top + plot_h + 16}" class="tick" text-anchor="middle">'
                     f'{_e(format_clock(t, millis=False))}</text>')
        t += t_step
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" class="axis" text-anchor="middle">'
                 'time in the episode</text>')
    parts.append(f'<text x="12" y="{top + plot_h / 2:.0f}" class="axis" text-anchor="middle" '
                 f'transform="rotate(-90 12 {top + plot_h / 2:.0f})">characters per second</text>')
    for n, (label, cues, limit) in enumerate(tracks):
        colour = _TRACK_COLOURS.get(n, "#555")
        points = " ".join(f'{x((c["start"] + c["end"]) / 2):.1f},{y(c["cps"]):.1f}'
                          for c in cues if c.get("cps") is not None)
        parts.append(f'<g class="track" stroke="{colour}" fill="{colour}">')
        if points:
            parts.append(f'<polyline points="{points}" fill="none" stroke-width="1" opacity="0.35"/>')
        for c in cues:
            if c.get("cps") is None:
                continue
            yy = y(c["cps"])
            title = (f'{label} #{c["index"]} {format_clock(c["start"])}: {c["cps"]:.1f} cps, '
                     f'{c["chars"]} characters')
            parts.append(f'<line x1="{x(c["start"]):.1f}" x2="{max(x(c["end"]), x(c["start"]) + 1.5):.1f}" '
                         f'y1="{yy:.1f}" y2="{yy:.1f}" stroke-width="3"><title>{_e(title)}</title></line>')
        ly = y(limit)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{ly:.1f}" y2="{ly:.1f}" '
                     f'stroke-width="1.5" stroke-dasharray="6 4" class="limit"/>')
        # labels alternate between the right and the left edge, so that close limits stay legible
        lx, anchor = (left + plot_w - 4, "end") if n % 2 == 0 else (left + 4, "start")
        parts.append(f'<text x="{lx}" y="{ly - 5:.1f}" class="limit-label" '
                     f'text-anchor="{anchor}" stroke="none">{_e(label)} limit {limit:g} cps</text>')
        for c in cues:
            if c.get("cps") is not None and c["cps"] > limit + 1e-9:
                cx, cy = x((c["start"] + c["end"]) / 2), y(c["cps"])
                parts.append(f'<a href="#{_e(label.lower())}-{_e(c["index"])}"><circle cx="{cx:.1f}" '
                             f'cy="{cy:.1f}" r="5" class="over"/></a>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


_CSS = """
:root { --fg:#1d2329; --muted:#66707a; --line:#dde2e7; --bg:#f6f7f9; --card:#fff;
        --err:#c62828; --err-bg:#fdecea; --warn:#a86b00; --warn-bg:#fff6e0;
        --t0:#1f6fb2; --t1:#c2561a; }
* { box-sizing:border-box; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
       color:var(--fg); background:var(--bg); }
header, main { max-width:1200px; margin:0 auto; padding:0 20px; }
header { padding-top:22px; }
h1 { font-size:22px; margin:0 0 4px; }
h2 { font-size:17px; margin:26px 0 10px; }
.sub { color:var(--muted); font-size:13px; }
.cards { display:flex; flex-wrap:wrap; gap:10px; margin:16px 0 4px; }
.card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:10px 14px; min-width:150px; }
.card .k { color:var(--muted); font-size:12px; text-transform:uppercase; letter-spacing:.04em; }
.card .v { font-size:20px; font-weight:600; font-variant-numeric:tabular-nums; }
.card .v small { font-size:13px; font-weight:400; color:var(--muted); }
.v.bad { color:var(--err); } .v.meh { color:var(--warn); } .v.good { color:#2e7d32; }
.panel { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px; }
.legend { display:flex; gap:18px; font-size:13px; color:var(--muted); margin:0 0 6px 6px; }
.legend i { display:inline-block; width:18px; height:3px; vertical-align:middle; margin-right:6px; }
svg.chart { display:block; }
svg .plot { fill:#fbfcfd; stroke:var(--line); }
svg .grid { stroke:#eef1f4; stroke-width:1; }
svg .tick { font-size:11px; fill:var(--muted); }
svg .axis { font-size:12px; fill:var(--muted); }
svg .limit-label { font-size:12px; font-weight:600; }
svg .over { fill:none; stroke:var(--err); stroke-width:2; }
table.tracks { width:100%; border-collapse:separate; border-spacing:0; background:var(--card);
               border:1px solid var(--line); border-radius:8px; overflow:hidden; }
.tracks th { position:sticky; top:0; background:#eef1f5; text-align:left; font-size:13px; padding:8px 10px;
             border-bottom:1px solid var(--line); z-index:1; }
.tracks td { vertical-align:top; padding:6px 8px; border-bottom:1px solid var(--line); width:50%; }
.tracks tr:last-child td { border-bottom:none; }
.cue { border-left:4px solid transparent; padding:2px 8px; border-radius:4px; }
.cue + .cue { margin-top:6px; }
.cue.has-error { border-left-color:var(--err); background:var(--err-bg); }
.cue.has-warning { border-left-color:var(--warn); background:var(--warn-bg); }
.meta { font-size:12px; color:var(--muted); font-variant-numeric:tabular-nums; }
.meta .idx { font-weight:600; color:var(--fg); margin-right:4px; }
.meta .num { margin-left:8px; }
.meta .over { color:var(--err); font-weight:600; }
.text { font-size:16px; margin:2px 0; }
.merged { color:var(--muted); font-size:13px; font-style:italic; padding:6px 8px; }
ul.problems { list-style:none; margin:4px 0 2px; padding:0; font-size:13px; }
ul.problems li { margin:2px 0; }
.rule { font:600 12px/1 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; padding:2px 6px;
        border-radius:10px; margin-right:4px; color:#fff; }
.p-error .rule { background:var(--err); } .p-warning .rule { background:var(--warn); }
.general { margin:8px 0; }
.toggle { font-size:14px; margin:0 0 8px; display:block; }
#only-problems:checked ~ table tr.clean { display:none; }
table.bands { border-collapse:collapse; margin:10px 0 2px 6px; font-size:13px; font-variant-numeric:tabular-nums; }
.bands th, .bands td { padding:3px 10px; text-align:right; border-bottom:1px solid var(--line); }
.bands th:first-child { text-align:left; }
.bands thead th { color:var(--muted); font-weight:600; }
.bands small { color:var(--muted); }
footer { max-width:1200px; margin:24px auto 40px; padding:0 20px; color:var(--muted); font-size:12px; }
code { font-size:12px; }
"""


def _card(key: str, value: str, cls: str = "") -> str:
    return f'<div class="card"><div class="k">{_e(key)}</div><div class="v{(" " + cls) if cls else ""}">{value}</div></div>'


def _bands(tracks: Sequence[tuple[str, dict]]) -> str:
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
        cells = "".join(f'<td>{_e(b["cues"])} <small>({_e(b["percent"])} %)</small></td>' for b in bands)
        pct = rs.get("percentiles", {})
        rows.append(f"<tr><th>{_e(code)}</th>{cells}<td>{_e(pct.get('p50', ''))} / {_e(pct.get('p90', ''))}"
                    f" / {_e(rs.get('max', ''))}</td></tr>")
    if not rows:
        return ""
    head = "".join(f"<th>{_e(h)} cps</th>" for h in header)
    return (f'<table class="bands"><thead><tr><th>cues by reading speed</th>{head}'
            f"<th>median / p90 / max</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def render_html(report: dict[str, Any]) -> str:
    """The self-contained HTML page for an episode report (see the module docstring)."""
    tracks = report.get("tracks", {})
    codes = list(tracks)
    first = codes[0] if codes else "fr"
    second = codes[1] if len(codes) > 1 else None
    t1 = tracks.get(first, {"cues": [], "problems": [], "profile": {}})
    t2 = tracks.get(second, {"cues": [], "problems": [], "profile": {}}) if second else None
    name = report.get("episode", "episode")
    translation = report.get("translation", {})
    timings = report.get("timings", {})

    def limit_of(track: dict) -> float:
        prof = track.get("profile", {})
        return float(prof.get("hard_max_cps") or prof.get("max_cps") or 0)

    def counts(track: dict | None) -> tuple[int, int]:
        if not track:
            return 0, 0
        c = track.get("counts", {})
        return int(c.get("error", 0)), int(c.get("warning", 0))

    e1, w1 = counts(t1)
    e2, w2 = counts(t2)
    errors, warnings = e1 + e2, w1 + w2
    out: list[str] = []
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               f"<title>{_e(name)}: subtitle report</title>\n<style>{_CSS}</style>\n</head>\n<body>\n")
    model = report.get("model", {})
    out.append(f"<header><h1>{_e(name)}</h1><div class=\"sub\">Subtitle report by subkit "
               f"{_e(report.get('versions', {}).get('subkit', ''))} · {_e(report.get('created', ''))} · "
               f"model <code>{_e(model.get('identity', '–'))}</code></div>")
    cards = [
        _card("Cues", f"{len(t1['cues'])}<small> {_e(first)}</small>"
              + (f" · {len(t2['cues'])}<small> {_e(second)}</small>" if t2 else "")),
        _card("Errors", str(errors), "bad" if errors else "good"),
        _card("Warnings", str(warnings), "meh" if warnings else "good"),
    ]
    if translation:
        cards.append(_card("Sentences",
                           f"{_e(translation.get('translated', 0))}<small> new</small> · "
                           f"{_e(translation.get('remembered', 0))}<small> remembered</small>"))
    for code, track in ((first, t1), (second, t2)):
        if track:
            stats = track.get("summary") or cps_summary(track["cues"], limit_of(track))
            if stats.get("cues"):
                cls = "bad" if stats.get("over_limit") else "good"
                cards.append(_card(f"{code} reading speed",
                                   f"{stats['median']:.1f}<small> median · max {stats['max']:.1f} cps</small>",
                                   cls))
    if timings.get("total") is not None:
        cards.append(_card("Time", f"{float(timings['total']):.1f}<small> s</small>"))
    out.append('<div class="cards">' + "".join(cards) + "</div></header>\n<main>\n")

    # chart
    chart_tracks = [(first.upper(), t1["cues"], limit_of(t1))]
    if t2:
        chart_tracks.append((second.upper(), t2["cues"], limit_of(t2)))
    legend = "".join(
        f'<span><i style="background:{_TRACK_COLOURS.get(n, "#555")}"></i>{_e(label)} '
        f'({_e(track.get("profile", {}).get("name", ""))}, limit {limit:g} cps)</span>'
        for n, ((label, _, limit), track) in enumerate(zip(chart_tracks, [t1, t2] if t2 else [t1])))
    out.append('<h2>Reading speed over the episode</h2><div class="panel">'
               f'<div class="legend">{legend}<span>red ring: over the limit (click to see the cue)</span></div>'
               + render_chart(chart_tracks) + _bands([(first, t1), (second, t2)] if t2 else [(first, t1)])
               + "</div>\n")

    # file-level problems
    per1, gen1 = _problems_by_cue(t1.get("problems", []))
    per2, gen2 = _problems_by_cue(t2.get("problems", [])) if t2 else ({}, [])
    if gen1 or gen2:
        out.append("<h2>File-level problems</h2><div class=\"panel general\">")
        for code, gen in ((first, gen1), (second, gen2)):
            if gen:
                out.append(f"<div><strong>{_e(code)}</strong>{_problem_list(gen)}</div>")
        out.append("</div>\n")

    # side by side
    out.append("<h2>Cues side by side</h2>")
    out.append('<input type="checkbox" id="only-problems"> <label class="toggle" for="only-problems" '
               'style="display:inline">Show only cues with problems</label>')
    head2 = f"<th>{_e(second)} · {_e(t2.get('file', ''))}</th>" if t2 else ""
    out.append(f'<table class="tracks"><thead><tr><th>{_e(first)} · {_e(t1.get("file", ""))}</th>'
               f"{head2}</tr></thead><tbody>\n")
    rows = _align(t1["cues"], t2["cues"]) if t2 else [[] for _ in t1["cues"]]
    limit1 = limit_of(t1)
    limit2 = limit_of(t2) if t2 else 0.0
    # cues of the second track that sit before the first cue of the first track cannot happen
    # with _align (every cue gets a row), so each row is: one first-track cue, its partners.
    for cue, partners in zip(t1["cues"], rows):
        probs1 = per1.get(cue["index"], [])
        cells2 = []
        any_problem = bool(probs1)
        for k in partners:
            c2 = t2["cues"][k]
            probs2 = per2.get(c2["index"], [])
            any_problem = any_problem or bool(probs2)
            cells2.append(_cue_cell(c2, probs2, limit2, second))
        right = "".join(cells2) if cells2 else '<div class="merged">(shown with the previous cue)</div>'
        row_class = "" if any_problem else ' class="clean"'
        out.append(f"<tr{row_class}><td>{_cue_cell(cue, probs1, limit1, first)}</td>"
                   + (f"<td>{right}</td>" if t2 else "") + "</tr>\n")
    out.append("</tbody></table>\n</main>\n")
    versions = ", ".join(f"{k} {v}" for k, v in report.get("versions", {}).items() if v)
    step_times = ", ".join(f"{k} {float(v):.1f} s" for k, v in timings.items() if k != "total" and v is not None)
    out.append(f"<footer>Steps: {_e(step_times)}.<br>Versions: {_e(versions)}.<br>"
               f"Input <code>{_e(report.get('input', {}).get('path', ''))}</code> "
               f"sha256 <code>{_e(report.get('input', {}).get('sha256', '')[:16])}</code>.</footer>\n")
    out.append("</body>\n</html>\n")
    return "".join(out)
