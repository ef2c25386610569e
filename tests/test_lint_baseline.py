"""`subkit lint` baselines (--baseline, --write-baseline), through the real CLI: matching by cue
text, stale entries, the run's scope, and the files a report may not overwrite."""

from __future__ import annotations

import json
import os

import pytest

from test_lint_ci import DIRTY, LONG, make_tree, run
from test_lint_rules import srt


@pytest.fixture
def tree(tmp_path, monkeypatch):
    return make_tree(tmp_path, monkeypatch)


def _cues(*texts, gap=2.0):
    """Cues of 2 s each, *gap* s apart, with these texts."""
    return srt(*[(1 + k * (2 + gap), 3 + k * (2 + gap), t) for k, t in enumerate(texts)])


def test_baseline_round_trip_and_cue_inserted_at_top(tree):
    (tree / "ep.srt").write_text(_cues("Hello there.", LONG, "Fine.", LONG), encoding="utf-8")
    w = run("--profile", "netflix-en", "--write-baseline", "lint-baseline.json", "ep.srt", "a.srt")
    assert w.exit_code == 0 and "wrote lint-baseline.json" in w.stderr
    assert "Found" in w.stdout  # the report is printed as usual
    doc = json.loads((tree / "lint-baseline.json").read_text(encoding="utf-8"))
    assert list(doc["files"]) == ["a.srt", "ep.srt"] and doc["version"] == 1
    assert {"code": "line-length/too-long", "text": LONG, "count": 2} in doc["files"]["ep.srt"]
    assert [k for k in os.listdir(tree) if k.endswith(".tmp")] == []  # written atomically
    again = run("--profile", "netflix-en", "--baseline", "lint-baseline.json", "ep.srt", "a.srt")
    assert again.exit_code == 0 and again.stdout.strip() == "All checks passed (2 files)."
    # a cue added at the top renumbers and shifts everything: nothing old comes back
    (tree / "ep.srt").write_text(_cues("A new first cue.", "Hello there.", LONG, "Fine.", LONG), encoding="utf-8")
    shifted = run("--profile", "netflix-en", "--format", "json", "--baseline", "lint-baseline.json", "ep.srt")
    assert shifted.exit_code == 0 and json.loads(shifted.stdout) == []
    # a third copy of the long line is new: two baseline entries absorb two problems, not three
    (tree / "ep.srt").write_text(_cues("A new first cue.", LONG, "Hello there.", LONG, "Fine.", LONG,
                                       "Another very long line that nobody could read in time."), encoding="utf-8")
    new = run("--profile", "netflix-en", "--format", "json", "--baseline", "lint-baseline.json", "ep.srt")
    found = json.loads(new.stdout)
    assert new.exit_code == 1
    everything = json.loads(run("--profile", "netflix-en", "--format", "json", "ep.srt").stdout)
    assert {p["cue"] for p in everything} == {2, 4, 6, 7}
    assert found == [p for p in everything if p["cue"] in (6, 7)]
    assert {p["code"] for p in found} == {"line-length/too-long", "reading-speed/too-fast"}


def test_baseline_file_is_stable_and_sorted(tree):
    paths = ["legacy", "a.srt", "b.srt"]
    run("--profile", "netflix-en", *paths, "--write-baseline", "one.json")
    run("--profile", "netflix-en", "--jobs", "2", *reversed(paths), "--write-baseline", "two.json")
    one = (tree / "one.json").read_text(encoding="utf-8")
    assert one == (tree / "two.json").read_text(encoding="utf-8")
    doc = json.loads(one)
    assert list(doc["files"]) == sorted(doc["files"])
    for entries in doc["files"].values():
        keys = [(e["code"], e["text"]) for e in entries]
        assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert one.count("\n") > len(doc["files"]) * 2  # one entry a line: diffs stay small


def test_bad_baseline(tree):
    assert "baseline file not found" in run("--baseline", "nope.json", "a.srt").stderr
    (tree / "bad.json").write_text('{"version": 1, "files": {"a.srt": [{"code": "x"}]}}', encoding="utf-8")
    r = run("--baseline", "bad.json", "a.srt")
    assert r.exit_code == 2 and "bad.json" in r.stderr and "Traceback" not in r.output
    (tree / "bad.json").write_text("[1, 2", encoding="utf-8")
    assert run("--baseline", "bad.json", "a.srt").exit_code == 2



def test_a_baseline_saved_with_a_bom_is_read(tree):
    """Windows editors save JSON with a BOM; the baseline is read as the config is."""
    (tree / "ep.srt").write_text(_cues("Hello there.", LONG), encoding="utf-8")
    assert run("--profile", "netflix-en", "--write-baseline", "b.json", "ep.srt").exit_code == 0
    (tree / "b.json").write_text((tree / "b.json").read_text(encoding="utf-8"), encoding="utf-8-sig")
    again = run("--profile", "netflix-en", "--baseline", "b.json", "ep.srt")
    assert again.exit_code == 0 and again.stdout.strip() == "All checks passed (1 file).", again.output

def test_baseline_entries_no_longer_matching_are_counted_on_stderr(tree):
    (tree / "ep.srt").write_text(_cues("Hello there.", LONG, "Fine.", LONG), encoding="utf-8")
    assert run("--profile", "netflix-en", "--write-baseline", "base.json", "ep.srt", "a.srt").exit_code == 0
    same = run("--profile", "netflix-en", "--baseline", "base.json", "ep.srt", "a.srt")
    assert same.exit_code == 0 and same.stderr == ""
    (tree / "ep.srt").write_text(_cues("Hello there.", "Short.", "Fine.", "Short too."), encoding="utf-8")
    fixed = run("--profile", "netflix-en", "--baseline", "base.json", "ep.srt", "a.srt")
    assert fixed.exit_code == 0 and fixed.stdout.strip() == "All checks passed (2 files)."
    assert fixed.stderr == ("subkit lint: 4 baselined problem(s) no longer found in the files linted "
                            "(refresh with --write-baseline)\n")  # 2 too long, 2 too fast
    assert run("--profile", "netflix-en", "--baseline", "base.json", "a.srt").stderr == ""  # ep.srt not linted
    refresh = run("--profile", "netflix-en", "--baseline", "base.json", "--write-baseline", "base.json", "ep.srt")
    assert "no longer found" not in refresh.stderr


def test_baseline_counts_and_refreshes_only_what_the_run_checked(tree):
    """--select, a subset of paths or --ignore leave the other entries alone: not stale, and kept when
    the baseline is written again; entries of a file that no longer exists go."""
    (tree / "gone.srt").write_text(DIRTY, encoding="utf-8")
    full = ["--profile", "netflix-en", "a.srt", "legacy", "gone.srt"]
    assert run(*full, "--write-baseline", "base.json").exit_code == 0
    whole = (tree / "base.json").read_text(encoding="utf-8")
    r = run("--profile", "netflix-en", "--baseline", "base.json", "--select", "line-length", "a.srt", "legacy")
    assert r.exit_code == 0 and r.stderr == ""  # reading-speed, min-duration, ... were not run
    assert run(*full, "--baseline", "base.json", "--ignore", "reading-speed/too-fast").stderr == ""
    (tree / "gone.srt").unlink()
    w = run("--profile", "netflix-en", "--select", "line-length", "--write-baseline", "base.json", "a.srt")
    assert w.exit_code == 0 and "kept: files or rules not checked in this run" in w.stderr
    doc = json.loads((tree / "base.json").read_text(encoding="utf-8"))
    assert sorted(doc["files"]) == ["a.srt", "legacy/deep/x.srt", "legacy/old.srt"]
    assert (tree / "base.json").read_text(encoding="utf-8") == whole.replace(
        whole[whole.index('    "gone.srt"'):whole.index('    "legacy/deep')], "")
    # a rule checked and now clean: its entries go, the rest stay
    (tree / "a.srt").write_text(DIRTY.replace("far too long for any subtitle at all", "short"), encoding="utf-8")
    run("--profile", "netflix-en", "--select", "line-length", "--write-baseline", "base.json", "a.srt")
    codes = {e["code"] for e in json.loads((tree / "base.json").read_text(encoding="utf-8"))["files"]["a.srt"]}
    assert "line-length/too-long" not in codes and "min-duration/too-short" in codes
    (tree / "junk.json").write_text("[]", encoding="utf-8")
    r = run("--write-baseline", "junk.json", "a.srt")
    assert r.exit_code == 2 and "remove the file to start afresh" in r.stderr
    assert (tree / "junk.json").read_text(encoding="utf-8") == "[]"



@pytest.mark.parametrize("option", ["--baseline", "--write-baseline"])
def test_output_file_is_never_a_baseline_of_the_run(tree, option):
    """--output-file over the baseline read (or written) would replace it by the report: refused,
    one line, exit 2, nothing written; through another name of the same file too."""
    run("--write-baseline", "b.json", "a.srt")
    before = (tree / "b.json").read_bytes()
    for name in ("b.json", "./legacy/../b.json"):
        r = run(option, "b.json", "--output-file", name, "a.srt")
        assert r.exit_code == 2 and r.stdout == "", r.output
        assert r.stderr == (f"subkit lint: error: {name}: --output-file and {option} name the same file; "
                            "choose another --output-file\n")
        assert (tree / "b.json").read_bytes() == before
