"""`subkit lint` command: output formats, statistics, exit codes, bad input (configuration: test_lint_config.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tracemalloc
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from test_lint_rules import srt

CLEAN = srt((1, 3, "Hello there."), (4, 6, "How are you?"))
DIRTY = srt((1, 3, "Hello there."), (3.5, 4, "This line is far too long for any subtitle at all."),
            (5, 7, "- Fine."))  # line-length + reading-speed + min-duration errors; a typography warning
WARN_ONLY = srt((1, 3, "- Hello there."))  # English dash with a space: a warning


def run(*args, input=None):
    result = CliRunner().invoke(cli, ["lint", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def files(tmp_path):
    (tmp_path / "clean.srt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "dirty.srt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "warn.srt").write_text(WARN_ONLY, encoding="utf-8")
    return tmp_path


# -- formats -------------------------------------------------------------------------------------
def test_text_format(files):
    r = run("--profile", "netflix-en", files / "dirty.srt")
    assert r.exit_code == 1
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith(f"{files / 'dirty.srt'}:6:1: error reading-speed/too-fast ")  # the code, as ruff
    long_line = f"{files / 'dirty.srt'}:7:43: error line-length/too-long line has 50 characters (max 42)"
    assert long_line in lines
    assert lines[-1].startswith("Found 4 problems (3 errors, 1 warning) in 1 file.")
    assert "\x1b[" not in r.stdout  # no colour when not a TTY
    code = lines[0].split()[2]
    assert "reading-speed" not in run("--profile", "netflix-en", "--ignore", code, files / "dirty.srt").stdout
    ok = run("--profile", "netflix-en", files / "clean.srt")
    assert ok.exit_code == 0 and ok.stdout.strip() == "All checks passed (1 file)."


def test_text_colour_on_tty(files):
    from subkit.lint.core import lint_path
    from subkit.lint.formats import render

    text = render("text", [lint_path(str(files / "dirty.srt"), profile_name="netflix-en")])
    assert "\x1b[31m" in text  # click strips it when stdout is not a terminal


def test_json_format_schema(files):
    r = run("--format", "json", "--profile", "netflix-en", files / "dirty.srt", files / "clean.srt")
    data = json.loads(r.stdout)
    assert isinstance(data, list) and len(data) == 4
    for p in data:
        assert set(p) == {"file", "line", "column", "cue", "rule", "code", "level", "message", "value", "limit",
                          "fixable"}
        assert p["code"].startswith(p["rule"] + "/")
    ll = next(p for p in data if p["rule"] == "line-length")
    assert (ll["line"], ll["cue"], ll["value"], ll["limit"], ll["level"]) == (7, 2, 50, 42, "error")
    assert ll["code"] == "line-length/too-long"
    assert ll["file"] == str(files / "dirty.srt")


def test_github_format(files):
    r = run("--format", "github", "--profile", "netflix-en", files / "dirty.srt")
    lines = r.stdout.strip().splitlines()
    assert (f"::error file={files / 'dirty.srt'},line=7,col=43,title=subkit line-length/too-long::"
            "line has 50 characters (max 42)") in lines
    assert any(x.startswith("::warning ") and "title=subkit typography/" in x for x in lines)
    assert r.exit_code == 1


def test_junit_format(files):
    r = run("--format", "junit", "--profile", "netflix-en", files / "dirty.srt", files / "clean.srt",
            files / "warn.srt")
    root = ET.fromstring(r.stdout)
    cases = root.findall("testcase")
    assert [c.get("name") for c in cases] == [str(files / n) for n in ("dirty.srt", "clean.srt", "warn.srt")]
    assert len(cases[0].findall("failure")) == 3 and root.get("failures") == "1"
    assert cases[1].findall("failure") == [] and cases[2].findall("failure") == []
    strict = ET.fromstring(run("--format", "junit", "--strict", "--profile", "netflix-en",
                               files / "warn.srt").stdout)
    assert len(strict.find("testcase").findall("failure")) == 1


def test_statistics(files):
    r = run("--statistics", "--profile", "netflix-en", files / "dirty.srt", files / "clean.srt")
    assert "Statistics: 2 file(s), 5 cue(s)" in r.stdout
    assert "reading-speed" in r.stdout and "percentiles (cps): p50" in r.stdout
    data = json.loads(run("--statistics", "--format", "json", "--profile", "netflix-en",
                          files / "dirty.srt").stdout)
    stats = data["statistics"]
    assert stats["rules"]["line-length"] == {"error": 1, "warning": 0}
    rs = stats["reading_speed"]
    assert rs["cues"] == 3 and sum(b["cues"] for b in rs["bands"]) == 3
    assert [b["band"] for b in rs["bands"]] == ["0-12", "12-15", "15-17", "17-20", "20-25", "25+"]
    assert rs["max"] == 100.0 and rs["percentiles"]["p99"] == 100.0  # 50 chars in 0.5 s
    assert isinstance(data["problems"], list)


# -- exit codes ----------------------------------------------------------------------------------
def test_exit_codes(files, tmp_path):
    assert run("--profile", "netflix-en", files / "clean.srt").exit_code == 0
    assert run("--profile", "netflix-en", files / "warn.srt").exit_code == 0
    assert run("--strict", "--profile", "netflix-en", files / "warn.srt").exit_code == 1
    assert run("--profile", "netflix-en", files / "dirty.srt").exit_code == 1
    assert run("--profile", "nope", files / "clean.srt").exit_code == 2
    assert run().exit_code == 2
    assert run("--encoding", "klingon", files / "clean.srt").exit_code == 2
    missing = run(tmp_path / "missing.srt")
    assert missing.exit_code == 2 and "no such file" in missing.stderr and "Traceback" not in missing.output


def test_directories_and_stdin(files, tmp_path):
    r = run("--format", "json", "--profile", "netflix-en", files)
    names = {p["file"] for p in json.loads(r.stdout)}
    assert names == {str(files / "dirty.srt"), str(files / "warn.srt")} and r.exit_code == 1
    empty = tmp_path / "empty_dir"
    empty.mkdir()
    (empty / "notes.txt").write_text("x")
    r = run(empty)
    assert r.exit_code == 2 and "no .srt file" in r.stderr
    r = run("--profile", "netflix-en", "-", input=DIRTY)
    assert r.exit_code == 1 and r.stdout.startswith("<stdin>:6:1: error reading-speed")


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads anything")
def test_unreadable_path(files):
    path = files / "clean.srt"
    path.chmod(0)
    try:
        r = run(path)
        assert r.exit_code == 2 and "permission denied" in r.stderr
    finally:
        path.chmod(0o644)


# -- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_read_reported_and_fixed(tmp_path, codec):
    f = tmp_path / "a.srt"
    f.write_bytes(DIRTY.encode(codec))
    data = json.loads(run("--format", "json", "--profile", "netflix-en", f).stdout)
    assert [p["message"] for p in data if p["rule"] == "encoding"] == [
        f"file is UTF-16{'' if codec == 'utf-16' else ' without a BOM'}; SRT files should be UTF-8"]
    assert all(p["fixable"] for p in data if p["rule"] == "encoding")  # --fix writes UTF-8: marked [*]
    # the cues were read: the same problems as in the UTF-8 file besides the encoding warning
    (tmp_path / "b.srt").write_text(DIRTY, encoding="utf-8")
    utf8 = json.loads(run("--format", "json", "--profile", "netflix-en", tmp_path / "b.srt").stdout)
    assert sorted(p["rule"] for p in data if p["rule"] != "encoding") == sorted(p["rule"] for p in utf8)
    # --fix writes UTF-8
    run("--fix", "--profile", "netflix-en", f)
    assert f.read_bytes().decode("utf-8").startswith("1\n")


@pytest.mark.parametrize("content, rule, needle", [
    (b"", "syntax", "empty file"),
    (b"\n\n  \n", "syntax", "only blank lines"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "encoding", "binary file"),
    (b"1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n", "syntax", "truncated"),
    (b"1\n00:00:01,000 --> 00:00:02,0", "syntax", "milliseconds must have 3 digits"),
    (b"1\n00:00:01,000 --> soon\nHello.\n", "syntax", "malformed timing line"),
    (b"1\n99:99:99,999 --> 99:99:99,999\nHello.\n", "syntax", "minutes and seconds must be 00-59"),
    (b"1\n-00:00:01,000 --> 00:00:02,000\nHello.\n", "syntax", "negative number"),
    (b"1\n00:00:01,000 --> 00:00:02,00\nHello.\n", "syntax", "milliseconds must have 3 digits"),
    (b"9" * 10000 + b"\n00:00:01,000 --> 00:00:02,000\nHello.\n", "syntax", "absurd cue index"),
    (b"Just some prose, no subtitles.\nAnother line.\n", "syntax", "no cue found"),
])
def test_bad_input_gives_clear_problems(tmp_path, content, rule, needle):
    path = tmp_path / "bad.srt"
    path.write_bytes(content)
    r = run("--format", "json", "--profile", "netflix-en", path)
    assert r.exit_code == 1, r.output
    data = json.loads(r.stdout)
    assert any(p["rule"] == rule and needle in p["message"] and p["level"] == "error" for p in data), data
    text = run("--profile", "netflix-en", path)
    assert "Traceback" not in text.output and text.exit_code == 1


def test_huge_streamed_input_uses_constant_memory():
    """100 MB streamed through the core (never held in memory): a long-line file and garbage."""
    from subkit.lint.core import lint_chunks

    def long_lines(total_mb: int):
        yield b"1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n"
        chunk = (b"x" * ((1 << 20) - 1) + b"\n")
        for _ in range(total_mb):
            yield chunk
        yield b"\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n"

    t0 = time.perf_counter()
    tracemalloc.start()
    try:
        report = lint_chunks(long_lines(100), "huge.srt", profile_name="netflix-en")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.cues == 2
    (syn,) = [p for p in report.problems if p.rule == "syntax"]
    assert syn.line == 5 and "text outside a cue" in syn.message
    assert peak < 40e6, f"peak {peak / 1e6:.0f} MB for a 100 MB input"
    assert time.perf_counter() - t0 < 20

    def garbage(total_mb: int):
        block = bytes((i * 7919 + 13) % 255 + 1 for i in range(1 << 16))  # no NUL: not "binary"
        for _ in range(total_mb * 16):
            yield block

    report = lint_chunks(garbage(4), "garbage.srt", profile_name="netflix-en")
    assert report.cues == 0
    assert sum(p.rule == "syntax" for p in report.problems) <= 203
    assert any("not valid utf-8" in p.message for p in report.problems)


# -- the import boundary -------------------------------------------------------------------------
def test_lint_does_not_import_the_translation_stack(tmp_path):
    path = tmp_path / "a.srt"
    path.write_text(DIRTY, encoding="utf-8")
    fixed = tmp_path / "b.srt"
    code = (
        "import sys\n"
        "from subkit.cli import main\n"
        "for argv in (['lint', sys.argv[1]], ['lint', '--fix', '-o', sys.argv[2], sys.argv[1]],"
        " ['lint', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('argostranslate', 'torch', 'ctranslate2', 'stanza', 'sentencepiece',"
        " 'av', 'numpy', 'espeakng_loader', 'subkit.align') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(path), str(fixed)], capture_output=True,
                          text=True, timeout=120)
    assert "HEAVY []" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert fixed.exists()


def test_cli_subprocess_entry_point(tmp_path):
    path = tmp_path / "a.srt"
    path.write_text(DIRTY, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "subkit", "lint", "--profile", "netflix-en",
                           "--format", "github", str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stdout.startswith("::error file=")


@pytest.mark.parametrize("fmt", ["gitlab", "junit"])
def test_statistics_in_a_format_without_a_place_for_them_says_so(files, fmt):
    r = run("--format", fmt, "--statistics", files / "clean.srt")
    assert r.exit_code == 0
    assert r.stderr == f"subkit lint: note: --statistics has no place in the {fmt} format: not written\n"
    assert run("--format", "json", "--statistics", files / "clean.srt").stderr == ""


def test_pre_commit_hooks_file():
    from pathlib import Path

    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["subkit-lint"]["entry"] == "subkit lint"
    assert by_id["subkit-lint-fix"]["entry"] == "subkit lint --fix"
    for hook in hooks:
        assert hook["language"] == "python"
        assert [bool(re.search(hook["files"], f)) for f in ("a.srt", "b/c.vtt", "a.txt", "a.srt.bak", "E.SRT")] == [
            True, True, False, False, True]  # any case, as a folder search finds E.SRT
        args = hook["entry"].split()[1:]
        assert run(*args[1:], "--help").exit_code == 0


def test_unreadable_inputs_without_root(tmp_path, monkeypatch):
    """Paths that cannot be read give a one-line message and exit 2 (simulated: tests may run as root)."""
    broken = tmp_path / "broken.srt"
    broken.symlink_to(tmp_path / "nowhere.srt")
    r = run(broken)
    assert r.exit_code == 2 and "broken symbolic link" in r.stderr and "Traceback" not in r.output
    good = tmp_path / "good.srt"
    good.write_text(CLEAN, encoding="utf-8")
    import builtins

    real_open = builtins.open

    def deny(path, *args, **kwargs):
        if str(path) == str(good):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    r = run(good)
    assert r.exit_code == 2 and "permission denied" in r.stderr and "Traceback" not in r.output


def test_unreadable_inputs_in_ci_formats(files, tmp_path):
    missing = tmp_path / "missing.srt"
    gh = run("--format", "github", "--profile", "netflix-en", files / "dirty.srt", missing)
    assert gh.exit_code == 2
    assert f"::error file={missing},title=subkit lint::no such file or directory" in gh.stdout.splitlines()
    junit = ET.fromstring(run("--format", "junit", missing).stdout)
    assert junit.get("errors") == "1" and junit.find("testcase/error") is not None
