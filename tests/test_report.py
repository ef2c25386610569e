"""The episode report without the model: the JSON summary, the one percentile, the HTML page (Jinja2)."""

from __future__ import annotations

from html_page import Page
import importlib.resources
import re
import subprocess
import sys
from pathlib import Path

import pytest
import srt

from subkit.errors import SubkitError
from subkit.lint.core import CpsHistogram, lint_bytes
from subkit.lint.formats import statistics
from subkit.profiles import count_chars, get_profile
from subkit.cues import from_srt
from subkit.report import cps_histogram, cps_summary, cue_rows, format_clock, render_html

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "000_7e3d9c830176a7c7"
EVIL = "<script>alert('x')</script> & «\u00a0ok\u00a0» \"q\""


def _cue(index, start, end, text):
    chars = count_chars(text)
    return {"index": index, "start": start, "end": end, "text": text, "chars": chars,
            "cps": round(chars / (end - start), 2)}


def _track(code, cues, problems, profile, file=None):
    p = get_profile(profile)
    return {"file": file or f"x.{code}.srt", "lang": code,
            "profile": {"name": p.name, "max_cps": p.max_cps, "hard_max_cps": p.hard_max_cps},
            "cues": cues, "problems": list(problems),
            "counts": {"error": sum(1 for x in problems if x["level"] == "error"),
                       "warning": sum(1 for x in problems if x["level"] == "warning")},
            "summary": cps_summary(cues, p.hard_max_cps)}


def _doc(tracks, **extra):
    doc = {"episode": "x<&>", "tracks": tracks, "timings": {"read": 0.25, "total": 1.0},
           "versions": {"subkit": "0", "srt": "<3.5>"}, "model": {"identity": "m&<i>"},
           "input": {"path": "in/<a&b>.txt", "sha256": "&" * 64}, "created": "2026-01-01T00:00:00+00:00"}
    doc.update(extra)
    return doc


def _evil_doc():
    fr = [_cue(1, 0.0, 2.0, "Bonjour\nà tous"), _cue(2, 2.2, 3.0, EVIL), _cue(3, 3.2, 5.0, "trois")]
    en = [_cue(1, 0.0, 3.0, "Hello everyone, " + EVIL)]
    return _doc({
        "fr": _track("fr", fr, [{"cue": 2, "rule": "reading-speed", "level": "error", "message": "too fast <b>"},
                                {"cue": None, "rule": "r&<x>", "level": "warning", "message": "file & <i>"}],
                     "netflix-fr", file='a"b<c>.fr.srt'),
        "en": _track("en", en, [{"cue": None, "rule": "encoding", "level": "warning", "message": "byte order mark"}],
                     "netflix-en"),
    }, translation={"translated": 3, "remembered": 1})


def _self_contained(page: Page) -> None:
    assert not page.errors and not page.stack, (page.errors[:5], page.stack[:5])
    for tag in ("html", "head", "body", "title", "style", "svg"):
        assert page.tags.get(tag, 0) >= 1, f"no <{tag}>"
    assert page.tags.get("script", 0) == 0 and page.tags.get("link", 0) == 0 and page.tags.get("img", 0) == 0
    for tag, key, value in page.attrs:
        if key in ("src", "href") and value and not value.startswith("#"):
            pytest.fail(f"<{tag} {key}={value!r}> points outside the page")
    assert "@import" not in page.style and "url(" not in page.style and "@font-face" not in page.style


# --------------------------------------------------------------------------- HTML page


def test_page_escapes_every_text_and_stays_self_contained():
    page_text = render_html(_evil_doc())
    assert page_text.startswith("<!DOCTYPE html>\n")
    assert "<script>" not in page_text and "<b>" not in page_text and "<i>" not in page_text
    assert "&amp;" in page_text and "&lt;script&gt;" in page_text
    page = Page(page_text)
    _self_contained(page)
    text = "".join(page.text)
    assert EVIL in text and "Hello everyone, " + EVIL in text
    assert "Bonjour" in text and "à tous" in text  # a two-line cue keeps both lines
    for piece in ("x<&>: subtitle report", "too fast <b>", "r&<x>", "file & <i>", "byte order mark", "m&<i>",
                  'a"b<c>.fr.srt', "in/<a&b>.txt", "srt <3.5>", "&&&&&&&&&&&&&&&&"):
        assert piece in text, piece
    # problems sit on their cue; a cue with an error is highlighted; file-level problems get their panel
    assert "has-error" in page_text and "File-level problems" in text
    assert "FR limit 17 cps" in text and "EN limit 20 cps" in text
    assert "reading-speed" in text and "Sentences" in text


def test_missing_values_print_as_nothing():
    doc = _evil_doc()
    doc["model"] = {"identity": None}
    doc["tracks"]["fr"]["problems"].append({"cue": 1, "rule": None, "level": None, "message": None})
    text = "".join(Page(render_html(doc)).text)
    assert "None" not in text
    assert "has-warning" in render_html(doc)  # a problem without a level counts as a warning, as before


def test_page_links_and_rows():
    doc = _evil_doc()
    page = Page(render_html(doc))
    # every ring of the chart links to a cue of the table
    links = [v for tag, k, v in page.attrs if tag == "a" and k == "href"]
    assert links == ["#fr-2"] and "fr-2" in page.ids()
    assert {"fr-1", "fr-2", "fr-3", "en-1"} <= page.ids()
    # one row per French cue; the English cue sits beside the first; rows without problems are "clean"
    # (en's only problem is file-level): fr 1 with en 1 and fr 3 are clean, fr 2 has an error
    rows = [v for tag, k, v in page.attrs if tag == "tr" and k == "class"]
    assert rows == ["clean", "clean"] and page.tags["tr"] == 1 + 3  # head, one per French cue
    text = "".join(page.text)
    assert text.count("(shown with the previous cue)") == 2  # fr 2 and fr 3 have no English cue beside them


def test_page_with_one_track_or_nothing():
    doc = _evil_doc()
    doc["tracks"].pop("en")
    page = Page(render_html(doc))
    _self_contained(page)
    assert "(shown with the previous cue)" not in "".join(page.text)
    assert page.tags["td"] == 3
    _self_contained(Page(render_html({})))


def test_style_sheet_and_template_are_package_data_inlined_as_they_are():
    templates = importlib.resources.files("subkit") / "templates"
    assert (templates / "report.html.j2").is_file()
    css = (templates / "report.css").read_text("utf-8")
    page = Page(render_html(_evil_doc()))
    assert page.style.strip() == css.strip()
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    assert '"templates/*.j2"' in pyproject and '"templates/*.css"' in pyproject


def test_chart_keeps_outliers_on_the_plot():
    cues = [_cue(1, 0.0, 2.0, "Bonjour"), _cue(2, 2.0, 2.01, "une ligne beaucoup trop rapide")]
    page_text = render_html(_doc({"fr": _track("fr", cues, [], "netflix-fr")}))
    page = Page(page_text)
    ys = [float(v) for tag, k, v in page.attrs if tag == "circle" and k == "cy"]
    assert len(ys) == 1 and ys[0] >= 16  # drawn on the top edge (y=16), not far above it
    assert "<polyline" in page_text


def test_missing_jinja2_is_one_clear_error(monkeypatch):
    import subkit.report_html as report_html

    report_html._environment.cache_clear()
    monkeypatch.setitem(sys.modules, "jinja2", None)
    try:
        with pytest.raises(SubkitError, match=r"pip install 'subkit\[translate\]'"):
            render_html(_evil_doc())
    finally:
        report_html._environment.cache_clear()


def test_lint_and_segment_never_import_jinja2(tmp_path):
    path = tmp_path / "a.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour & <i>toi</i>\n", encoding="utf-8")
    transcript = tmp_path / "t.txt"
    transcript.write_text("Bonjour à tous. Voici une phrase.\n", encoding="utf-8")
    code = (
        "import sys\n"
        "from subkit.cli import main\n"
        "for argv in (['lint', '--statistics', sys.argv[1]], ['lint', '--fix', '-o', sys.argv[3], sys.argv[1]],"
        " ['segment', sys.argv[2]], ['lint', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('LOADED', [m for m in ('jinja2', 'markupsafe', 'subkit.report_html') if m in sys.modules],"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path), str(transcript), str(tmp_path / "b.srt")],
                          capture_output=True, text=True, timeout=120)
    assert "LOADED []" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- JSON data and the one percentile


def test_percentile_is_nearest_rank_to_the_tenth_above():
    hist = CpsHistogram()
    for v in (1.0, 2.0, 3.04, 4.0):
        hist.add(v)
    assert [hist.percentile(q) for q in (0, 25, 50, 51, 75, 90, 100)] == [1.0, 1.0, 2.0, 3.1, 3.1, 4.0, 4.0]
    assert CpsHistogram().percentile(50) == 0.0
    hist = CpsHistogram()
    for v in (14.63, 15.0, 17.0):
        hist.add(v)
    assert hist.percentile(50) == 15.0 and hist.percentile(10) == 14.7 and hist.percentile(100) == 17.0


def _srt(cues: list[tuple[int, int, str]]) -> str:
    def ts(ms: int) -> str:
        return f"{ms // 3600000:02d}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"
    return "".join(f"{n}\n{ts(a)} --> {ts(b)}\n{t}\n\n" for n, (a, b, t) in enumerate(cues, start=1))


@pytest.mark.parametrize("text", [
    # 14.63 cps median (interpolated, 14.6 on the card) against 14.7 (lint's p50) before the fix
    _srt([(0, 1000, "a" * 12), (1000, 2913, "b" * 28), (3000, 4000, "c" * 16)]),
    _srt([(i * 1000, i * 1000 + 700 + 13 * i, "mot " * (1 + i % 5)) for i in range(40)]),
])
def test_report_summary_and_lint_statistics_agree(text):
    profile = get_profile("netflix-fr")
    stats = statistics([lint_bytes(text.encode(), "x.srt", profile_name=profile.name, statistics=True)])
    rs = stats["reading_speed"]
    cues = cue_rows(from_srt(srt.parse(text)), count_chars)
    summary = cps_summary(cues, profile.hard_max_cps)
    assert summary["cues"] == rs["cues"] == cps_histogram(cues).n
    assert (summary["median"], summary["p90"], summary["max"]) == (rs["percentiles"]["p50"],
                                                                   rs["percentiles"]["p90"], rs["max"])
    # the page shows the same median on the card and in the table
    page = "".join(Page(render_html(_doc({"fr": {**_track("fr", cues, [], "netflix-fr"), "statistics": stats}}))).text)
    card = re.search(r"fr reading speed\s*([\d.]+) median · max ([\d.]+) cps", page)
    table = re.search(r"\)\s*([\d.]+) / ([\d.]+) / ([\d.]+)", page)
    assert card and table, page
    assert float(card[1]) == float(table[1]) and float(card[2]) == float(table[3])


@pytest.mark.skipif(not SAMPLE.with_suffix(".fr.srt").is_file(), reason="no sample")
def test_sample_summary_matches_lint_statistics():
    for code in ("fr", "en"):
        profile = get_profile(f"netflix-{code}")
        data = SAMPLE.with_suffix(f".{code}.srt").read_bytes()
        rs = statistics([lint_bytes(data, "s.srt", profile_name=profile.name, statistics=True)])["reading_speed"]
        summary = cps_summary(cue_rows(from_srt(srt.parse(data.decode("utf-8"))), count_chars), profile.hard_max_cps)
        assert (summary["median"], summary["p90"], summary["max"]) == (rs["percentiles"]["p50"],
                                                                       rs["percentiles"]["p90"], rs["max"])


def test_summary_counts_and_empty_tracks():
    cues = [_cue(1, 0.0, 1.0, "a" * 18), _cue(2, 1.0, 2.0, "b" * 10), _cue(4, 3.0, 4.0, "")]
    cues.insert(2, {"index": 3, "start": 2.0, "end": 2.0, "text": "c", "chars": 1, "cps": None})
    summary = cps_summary(cues, 17.0)
    assert summary == {"cues": 2, "limit": 17.0, "mean": 14.0, "median": 10.0, "p90": 18.0, "max": 18.0,
                       "over_limit": 1}
    assert cps_summary([], 17.0) == {"cues": 0, "limit": 17.0, "over_limit": 0}


def test_format_clock():
    assert format_clock(3723.4567) == "1:02:03.457" and format_clock(-1) == "0:00:00.000"
    assert format_clock(83.6, millis=False) == "1:24" and format_clock(3600, millis=False) == "1:00:00"


def test_page_says_what_it_does_not_vouch_for():
    # a green page read as "checked": the times were a speech rate's guess and nothing read the meaning
    text = " ".join(Page(render_html(_evil_doc())).text)
    assert "Times are estimated from a speech rate" in text and "not for its meaning" in text
    timed = _evil_doc()
    timed["audio"] = {"media": "x.wav", "duration": 5.0, "pauses": []}
    assert "Times are estimated" not in " ".join(Page(render_html(timed)).text)
    subtitles_in = _evil_doc()
    subtitles_in["input"]["path"] = "in/x.fr.srt"  # the times are the file's own
    subtitles_in.pop("translation")
    text = " ".join(Page(render_html(subtitles_in)).text)
    assert "Times are estimated" not in text and "meaning" not in text
