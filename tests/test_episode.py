"""``subkit episode`` end to end, through the real CLI, with the real translation model.

One run of the seed on a fresh translation memory is made once per module (the translation is the
slow part) and never touched again: each test gets its own copy of that workspace (inputs, outputs,
manifest, memory), so later runs only translate what is new and no test sees what another changed.
"""

from __future__ import annotations

import contextlib
from html_page import Page
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import srt
from click.testing import CliRunner

from subkit.cli import cli

from episode_support import NAME, OUTPUTS, SEED, Env, seed_first_run, workspace_copy


# --------------------------------------------------------------------------- pure tests (no model)


def _report(cues_fr, cues_en, problems_fr=(), problems_en=()):
    from subkit.profiles import get_profile
    from subkit.report import cps_summary

    def track(code, cues, problems, profile):
        p = get_profile(profile)
        return {"file": f"x.{code}.srt", "lang": code,
                "profile": {"name": p.name, "max_cps": p.max_cps, "hard_max_cps": p.hard_max_cps},
                "cues": cues, "problems": list(problems),
                "counts": {"error": sum(1 for x in problems if x["level"] == "error"),
                           "warning": sum(1 for x in problems if x["level"] == "warning")},
                "summary": cps_summary(cues, p.hard_max_cps)}

    return {"episode": "x<&>", "tracks": {"fr": track("fr", cues_fr, problems_fr, "netflix-fr"),
                                          "en": track("en", cues_en, problems_en, "netflix-en")},
            "timings": {"total": 1.0}, "versions": {"subkit": "0"}, "model": {"identity": "m"}}


def _cue(index, start, end, text):
    from subkit.profiles import count_chars

    chars = count_chars(text)
    return {"index": index, "start": start, "end": end, "text": text, "chars": chars,
            "cps": round(chars / (end - start), 2)}


def _assert_valid_page(page: Page) -> None:
    assert page.doctype, "no <!DOCTYPE html>"
    assert not page.errors, page.errors[:5]
    assert not page.stack, f"unclosed elements: {page.stack[:5]}"
    for tag in ("html", "head", "body", "title", "svg"):
        assert page.tags.get(tag, 0) >= 1, f"no <{tag}>"
    assert page.tags.get("script", 0) == 0 and page.tags.get("link", 0) == 0
    for tag, key, value in page.attrs:  # self-contained: nothing is fetched from elsewhere
        if key in ("src", "href") and value and not value.startswith("#"):
            pytest.fail(f"<{tag} {key}={value!r}> points outside the page")


def test_report_escapes_text_and_marks_problems():
    from subkit.report import render_html

    evil = "<script>alert('x')</script> & «\u00a0ok\u00a0»"
    doc = _report(
        [_cue(1, 0.0, 2.0, "Bonjour\nà tous"), _cue(2, 2.2, 3.0, evil)],
        [_cue(1, 0.0, 3.0, "Hello everyone, " + evil)],
        problems_fr=[{"cue": 2, "rule": "reading-speed", "level": "error", "message": "too fast <b>"}],
        problems_en=[{"cue": None, "rule": "encoding", "level": "warning", "message": "byte order mark"}],
    )
    page_text = render_html(doc)
    assert "<script>" not in page_text
    page = Page(page_text)
    _assert_valid_page(page)
    text = "".join(page.text)
    assert evil in text and "Hello everyone, " + evil in text
    assert "too fast <b>" in text and "reading-speed" in text and "byte order mark" in text
    assert "has-error" in page_text  # the cue with an error is highlighted
    assert "FR limit 17 cps" in text and "EN limit 20 cps" in text


def test_discover_rejects_two_episodes_with_one_name(tmp_path):
    from subkit.episode import discover
    from subkit.errors import SubkitError

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "ep.txt").write_text("x")
    (tmp_path / "b" / "ep.txt").write_text("y")
    (tmp_path / "a" / "notes.md").write_text("z")
    assert [p.name for p in discover([str(tmp_path / "a")])] == ["ep.txt"]
    with pytest.raises(SubkitError, match="both episode 'ep'"):
        discover([str(tmp_path / "a"), str(tmp_path / "b")])
    (tmp_path / "c").mkdir()
    with pytest.raises(SubkitError, match="no transcript"):
        discover([str(tmp_path / "c")])


def test_no_model_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "empty"))
    shutil.copy(SEED, tmp_path / f"{NAME}.txt")
    result = CliRunner().invoke(cli, ["episode", str(tmp_path / f"{NAME}.txt"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "subkit models install fr en" in result.stderr
    assert "Traceback" not in result.output


# --------------------------------------------------------------------------- end to end


@pytest.fixture(scope="module")
def first_run(argos_dir, tmp_path_factory):
    """(workspace, result) of the seed's first run; read-only: tests work on copies (``env``)."""
    return seed_first_run(argos_dir, tmp_path_factory.mktemp("episode"))


@pytest.fixture()
def first(first_run):
    """The first run's CLI result (exit code, stdout, stderr)."""
    return first_run[1]


@pytest.fixture()
def env(first_run, argos_dir, tmp_path, monkeypatch) -> Env:
    """This test's own copy of the first run's workspace, with the real model installed."""
    return workspace_copy(first_run[0], argos_dir, tmp_path, monkeypatch)


def _episode_dir(out: Path, name: str = NAME) -> Path:
    return out / name


def _mtimes(folder: Path) -> dict[str, int]:
    return {f: (folder / f).stat().st_mtime_ns for f in OUTPUTS}


def test_first_run_writes_every_output(env, first):
    assert first.exit_code in (0, 1), first.output  # 1 only for lint errors (next test)
    folder = _episode_dir(env.out)
    for f in OUTPUTS:
        assert (folder / f).is_file() and (folder / f).stat().st_size > 0, f
    assert "Traceback" not in first.output
    # progress: one line per step
    for step in ("segment:", "translate:", "lint:", "report:"):
        assert f"{NAME}: {step}" in first.stderr
    # the summary table
    table = first.stdout
    assert "episode" in table and "errors" in table and "sentences new/remembered" in table
    row = next(line for line in table.splitlines() if line.startswith(NAME))
    assert " done " in row


def test_both_tracks_pass_subkit_lint_with_default_profiles(env, first):
    folder = _episode_dir(env.out)
    doc = json.loads((folder / f"{NAME}.report.json").read_text("utf-8"))
    errors = [p for t in doc["tracks"].values() for p in t["problems"] if p["level"] == "error"]
    assert not errors, "error-level problems:\n" + "\n".join(
        f"{p['file']}:{p['line']}: {p['rule']} {p['message']}" for p in errors)
    assert first.exit_code == 0, first.output
    for track in ("fr", "en"):
        result = CliRunner().invoke(cli, ["lint", str(folder / f"{NAME}.{track}.srt")])
        assert result.exit_code == 0, f"{track}: error-level problems:\n{result.output}"


def test_json_report(env, first):
    from subkit.models import find_package

    doc = json.loads((_episode_dir(env.out) / f"{NAME}.report.json").read_text("utf-8"))
    assert doc["episode"] == NAME
    assert doc["model"]["identity"] == find_package("fr", "en").identity
    assert {"subkit", "python", "srt", "ctranslate2"} <= set(doc["versions"])
    assert {"read", "segment", "translate", "lint", "total"} <= set(doc["timings"])
    fr, en = doc["tracks"]["fr"], doc["tracks"]["en"]
    assert fr["profile"]["name"] == "netflix-fr" and en["profile"]["name"] == "netflix-en"
    for track in (fr, en):
        assert track["counts"]["error"] == sum(1 for p in track["problems"] if p["level"] == "error")
        with_text = [c for c in track["cues"] if c["chars"] and c["end"] > c["start"]]
        assert track["statistics"]["reading_speed"]["cues"] == len(with_text) > 0
        assert track["statistics"]["cues"] == len(track["cues"])
        assert all({"file", "line", "cue", "rule", "level", "message"} <= set(p) for p in track["problems"])
    assert doc["translation"]["translated"] == doc["translation"]["sentences"] > 0  # fresh memory
    # the SRT files and the report agree
    subs = list(srt.parse((_episode_dir(env.out) / f"{NAME}.en.srt").read_text("utf-8")))
    assert [c["text"] for c in en["cues"]] == [s.content for s in subs]


def test_html_report_is_valid_and_holds_every_cue(env, first):
    folder = _episode_dir(env.out)
    page_text = (folder / f"{NAME}.report.html").read_text("utf-8")
    page = Page(page_text)
    _assert_valid_page(page)
    text = "".join(page.text)
    for track in ("fr", "en"):
        subs = list(srt.parse((folder / f"{NAME}.{track}.srt").read_text("utf-8")))
        assert subs
        for sub in subs:
            for line in sub.content.split("\n"):
                assert line in text, f"{track} cue {sub.index}: {line!r} missing from the report"
    assert "<polyline" in page_text and "limit 17 cps" in text and "limit 20 cps" in text


def test_second_run_skips_unchanged_episode(env, first):
    before = _mtimes(_episode_dir(env.out))
    result = env.run(str(env.inputs))
    assert result.exit_code == first.exit_code, result.output  # the recorded problems still count
    row = next(line for line in result.stdout.splitlines() if line.startswith(NAME))
    assert " skipped " in row
    assert "translate:" not in result.stderr
    assert _mtimes(_episode_dir(env.out)) == before


def test_a_recalibrated_model_redoes_the_episode(env, first, argos_dir, tmp_path, monkeypatch):
    """The same weights (the same identity) with another review threshold flag other cues: the
    episode made before is not up to date any more."""
    packages = tmp_path / "argos"
    shutil.copytree(argos_dir, packages)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(packages))
    assert " skipped " in next(line for line in env.run(str(env.inputs)).stdout.splitlines() if line.startswith(NAME))
    metadata = next(packages.glob("*/metadata.json"))
    meta = json.loads(metadata.read_text("utf-8"))
    other = 0.5 if (meta.get("review") or {}).get("low_confidence") != 0.5 else 0.6  # not the package's own
    meta["review"] = {"low_confidence": other, "calibration": "this test"}
    metadata.write_text(json.dumps(meta), "utf-8")
    result = env.run(str(env.inputs))
    assert " done " in next(line for line in result.stdout.splitlines() if line.startswith(NAME))
    doc = json.loads((_episode_dir(env.out) / f"{NAME}.report.json").read_text("utf-8"))
    assert doc["model"]["review_below"] == other
    assert " skipped " in next(line for line in env.run(str(env.inputs)).stdout.splitlines() if line.startswith(NAME))


def test_force_redoes_the_episode_from_memory(env, first):
    before = _mtimes(_episode_dir(env.out))
    result = env.run(str(env.inputs), "--force")
    assert result.exit_code == first.exit_code, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith(NAME))
    assert " done " in row
    doc = json.loads((_episode_dir(env.out) / f"{NAME}.report.json").read_text("utf-8"))
    assert doc["translation"]["translated"] == 0  # everything came from the translation memory
    assert doc["translation"]["remembered"] == doc["translation"]["sentences"]
    after = _mtimes(_episode_dir(env.out))
    assert all(after[f] != before[f] for f in OUTPUTS)


def test_hand_edits_are_kept_and_missing_outputs_redone(env, first):
    folder = _episode_dir(env.out)
    en = folder / f"{NAME}.en.srt"
    edited = en.read_text("utf-8").replace("\n\n", "\n\n", 1) + "\n"  # a subtitler's touch
    en.write_text(edited, encoding="utf-8")
    result = env.run(str(env.inputs))
    assert " skipped " in next(line for line in result.stdout.splitlines() if line.startswith(NAME))
    assert f"kept as they are: {NAME}.en.srt" in result.stderr
    assert en.read_text("utf-8") == edited
    (folder / f"{NAME}.report.html").unlink()
    result = env.run(str(env.inputs))
    assert " done " in next(line for line in result.stdout.splitlines() if line.startswith(NAME))
    assert (folder / f"{NAME}.report.html").is_file() and en.read_text("utf-8") != edited
    # redone: the edit was kept beside (nothing to learn: every sentence is still the model's)
    assert [p.read_text("utf-8") for p in folder.glob(f"{NAME}.en.edited-*.srt")] == [edited]
    assert "0 corrected sentence(s) learned" in result.stdout


def test_new_and_corrupt_transcripts_in_parallel(env, first):
    # a new, shorter episode (its sentences are mostly in memory) and a binary "transcript"
    lines = SEED.read_text("utf-8").splitlines()
    (env.inputs / "short.txt").write_text("\n".join(lines[:30]) + "\n", encoding="utf-8")
    (env.inputs / "broken.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" + bytes(range(256)) * 8)
    seed_before = _mtimes(_episode_dir(env.out))
    result = env.run(str(env.inputs), "--jobs", "2")
    assert result.exit_code == 2, result.output
    rows = {line.split()[0]: line for line in result.stdout.splitlines()[2:] if line.split()}
    assert " FAILED " in rows["broken"]
    assert " done " in rows["short"]
    assert " skipped " in rows[NAME]
    assert "broken: error: " in result.stdout and "binary" in result.stdout
    assert "Traceback" not in result.output
    for f in ("short.fr.srt", "short.en.srt", "short.report.json", "short.report.html"):
        assert (env.out / "short" / f).is_file()
    assert not list((env.out / "broken").glob("*.srt")) if (env.out / "broken").exists() else True
    assert _mtimes(_episode_dir(env.out)) == seed_before
    manifest = json.loads((env.out / "subkit-episodes.json").read_text("utf-8"))
    assert set(manifest["episodes"]) == {NAME, "short"}
    # a run after removing the broken file is clean again, and has nothing to do
    (env.inputs / "broken.txt").unlink()
    again = env.run(str(env.inputs))
    assert again.exit_code in (0, 1), again.output  # 1 only for lint errors (tested above)
    assert "translate:" not in again.stderr


def test_lint_errors_give_exit_1(env, first, tmp_path):
    config = tmp_path / "strict.toml"
    config.write_text('[rules.reading-speed]\nmax-cps = 5\nlevel = "error"\n', encoding="utf-8")
    out = env.base / "strict"
    result = env.run(str(env.inputs / SEED.name), "--lint-config", str(config), out=out)
    assert result.exit_code == 1, result.output
    doc = json.loads((out / NAME / f"{NAME}.report.json").read_text("utf-8"))
    assert doc["tracks"]["fr"]["counts"]["error"] > 0
    page = (out / NAME / f"{NAME}.report.html").read_text("utf-8")
    assert "has-error" in page and "reading-speed" in page


def _start_and_kill(cmd: list[str]) -> tuple[int, str]:
    """Start the CLI in its own process group, kill the group as soon as translation starts."""
    child = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                             start_new_session=True)
    seen = []
    try:
        for line in child.stderr:
            seen.append(line)
            if "translate: started" in line:
                time.sleep(0.05)  # inside the translation step: loading the model or translating
                break
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
        child.stderr.close()
    return child.returncode, "".join(seen)


def test_killed_run_leaves_no_partial_output_and_rerun_completes(env, first):
    for attempt in range(3):  # a fast machine may finish before the kill lands: try again
        out = env.base / f"killed-{attempt}"
        fresh_memory = env.base / f"kill-memory-{attempt}.sqlite3"  # empty: real translating to do
        cmd = [sys.executable, "-m", "subkit", "episode", str(env.inputs / SEED.name), "--out", str(out),
               "--memory", str(fresh_memory), "--force"]
        returncode, seen = _start_and_kill(cmd)
        assert "translate: started" in seen, seen
        if returncode == -signal.SIGKILL:
            break
    assert returncode == -signal.SIGKILL, "every run finished before it could be killed"
    folder = out / NAME
    for path in folder.glob("*.srt"):
        subs = list(srt.parse(path.read_text("utf-8")))  # whole files only: they parse fully
        assert subs, path
    assert not (folder / f"{NAME}.report.html").exists()
    manifest = out / "subkit-episodes.json"
    assert not manifest.exists() or NAME not in json.loads(manifest.read_text("utf-8"))["episodes"]
    # re-running completes the job (the shared memory makes it quick)
    result = env.run(str(env.inputs / SEED.name), out=out)
    assert result.exit_code in (0, 1), result.output  # 1 only for lint errors (tested above)
    assert " done " in next(line for line in result.stdout.splitlines() if line.startswith(NAME))
    for f in OUTPUTS:
        assert (folder / f).is_file()
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert NAME in json.loads(manifest.read_text("utf-8"))["episodes"]


def test_library_run_reports_translation_progress_to_the_callers_object(env, first):
    """The library draws no progress bar: it reports to what the caller gives (the CLI: a bar)."""
    import contextlib

    from subkit.episode import EpisodeOptions, run_episodes
    from subkit.options import TranslateOptions

    calls: list[tuple[str, str, int]] = []

    class Recorder:
        def __init__(self, name):
            self.name = name

        def on_total(self, total):
            calls.append((self.name, "total", total))

        def advance(self, done):
            calls.append((self.name, "advance", done))

    @contextlib.contextmanager
    def progress(name):
        calls.append((name, "open", 0))
        yield Recorder(name)
        calls.append((name, "close", 0))

    lines: list[str] = []
    options = EpisodeOptions(translate=TranslateOptions(memory_path=str(env.base / "progress-memory.sqlite3")))
    results = run_episodes([str(env.inputs / SEED.name)], str(env.base / "progress"), options,
                           log=lines.append, progress=progress)
    assert [r.status for r in results] == ["done"]
    assert calls[0] == (NAME, "open", 0) and calls[-1] == (NAME, "close", 0)
    totals = [n for _, kind, n in calls if kind == "total"]
    assert totals == [results[0].sentences_new] and totals[0] > 0  # a fresh memory: all new
    assert sum(n for _, kind, n in calls if kind == "advance") == totals[0]
    assert any(line.startswith(f"{NAME}: translate: ") for line in lines)


def test_review_flags_in_the_json_and_html_reports(env, first):
    from subkit.translate.qa import FLAGS, SEVERITY

    folder = _episode_dir(env.out)
    doc = json.loads((folder / f"{NAME}.report.json").read_text("utf-8"))
    review = doc["review"]
    assert doc["translation"]["flagged"] == len(review)
    en = list(srt.parse((folder / f"{NAME}.en.srt").read_text("utf-8")))
    fr_text = (folder / f"{NAME}.fr.srt").read_text("utf-8")
    for entry in review:
        assert entry["flags"] and {f["id"] for f in entry["flags"]} <= set(FLAGS)
        assert entry["text"] == en[entry["cue"] - 1].content
        assert entry["source"] and all(line in fr_text for line in entry["source"].split("\n"))
    severities = [max(SEVERITY[f["id"]] for f in e["flags"]) for e in review]
    assert severities == sorted(severities, reverse=True)
    page = Page((folder / f"{NAME}.report.html").read_text("utf-8"))
    text = "".join(page.text)
    assert ("Cues to review" in text) == bool(review)
    assert "To review" in text


def test_discover_takes_pages_and_subtitles_only_from_a_folder_without_transcripts(tmp_path):
    from subkit.episode import discover, episode_name

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for name in ("ep1.txt", "ep1.srt", "ep1.mp3"):
        (tmp_path / "a" / name).write_text("x")
    for name in ("ep2.srt", "ep3.vtt", "ep4.html", "ep5.mp3", "notes.md", ".hidden.srt"):
        (tmp_path / "b" / name).write_text("x")
    assert [p.name for p in discover([str(tmp_path / "a")])] == ["ep1.txt"]
    found = discover([str(tmp_path / "b")])
    assert [p.name for p in found] == ["ep2.srt", "ep3.vtt", "ep4.html"]
    assert [episode_name(p) for p in found] == ["ep2", "ep3", "ep4"]


def test_a_second_run_on_one_folder_waits_for_the_first(env, first):
    # two runs at once deleted each other's files ("cannot keep the hand-edited file: No such file")
    from subkit.srtio import locked

    out = env.base / "shared-out"
    out.mkdir()
    cmd = [sys.executable, "-m", "subkit", "episode", str(env.inputs / SEED.name), "--out", str(out),
           "--memory", str(env.memory)]
    with locked(out / ".subkit-episode-run.lock"):  # a first run, still writing
        child = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        first_line = child.stderr.readline()
        assert "another subkit episode is writing here: waiting" in first_line, first_line
        time.sleep(0.5)
        assert child.poll() is None and not (out / NAME).exists()  # nothing written while it waits
    rest = child.stderr.read()
    assert child.wait(timeout=300) == 0, rest
    assert (out / NAME / f"{NAME}.en.srt").exists()


def test_a_skipped_episode_reports_its_hand_edited_track_as_it_is(env, first):
    # the table showed the last run's counts and the run passed CI while the edited file failed lint
    track = _episode_dir(env.out) / f"{NAME}.en.srt"
    cues = list(srt.parse(track.read_text("utf-8")))
    cues[0].content = "This line is far too long for any subtitle profile, at ninety-five characters or so."
    track.write_text(srt.compose(cues), encoding="utf-8")
    result = env.run(str(env.inputs))
    assert "skipped" in result.stderr and "edited since the last run" in result.stderr
    assert result.exit_code == 1, result.output
    _, status, counts, errors, *_ = next(line for line in result.stdout.splitlines() if line.startswith(NAME)).split()
    assert status == "skipped" and counts.endswith(f"/{len(cues)}") and int(errors.split("/")[1]) > 0
