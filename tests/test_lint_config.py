"""`subkit lint` configuration through the real CLI: where it is found, precedence, fps, the
selection of rules, and every bad value a one-line usage error (exit 2)."""

from __future__ import annotations

import json

import pytest
import srt as srt_lib
from click.testing import CliRunner

from subkit.cli import cli
from test_lint_cli import CLEAN, DIRTY, run
from test_lint_rules import srt


# -- configuration -------------------------------------------------------------------------------
FAST = srt((1, 2, "Hello, how are you doing?"))  # 25 cps


def _rules(result):
    return {p["rule"] for p in json.loads(result.stdout)}


def test_config_precedence(tmp_path, monkeypatch):
    project = tmp_path / "project"
    sub = project / "subs"
    sub.mkdir(parents=True)
    (sub / "a.srt").write_text(FAST, encoding="utf-8")
    monkeypatch.chdir(sub)
    assert "reading-speed" in _rules(run("--format", "json", "--profile", "netflix-en", "a.srt"))
    # nearest pyproject.toml (found upwards from the working directory)
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n[tool.subkit.lint]\nprofile = "netflix-en"\n'
        '[tool.subkit.lint.rules.reading-speed]\nmax-cps = 30\n', encoding="utf-8")
    assert "reading-speed" not in _rules(run("--format", "json", "a.srt"))
    # subkit.toml in the working directory wins over pyproject.toml
    (sub / "subkit.toml").write_text('profile = "netflix-en"\n[rules.reading-speed]\nmax-cps = 10\n'
                                     'level = "warning"\n', encoding="utf-8")
    data = json.loads(run("--format", "json", "a.srt").stdout)
    (rs,) = [p for p in data if p["rule"] == "reading-speed"]
    assert rs["limit"] == 10 and rs["level"] == "warning"
    # --config wins over both
    cfg = tmp_path / "lint.toml"
    cfg.write_text('profile = "netflix-en"\n[rules.reading-speed]\nlevel = "disable"\n'
                   '[rules.min-duration]\nseconds = 1.5\n', encoding="utf-8")
    r = run("--format", "json", "--config", cfg, "a.srt")
    assert _rules(r) == {"min-duration"} and r.exit_code == 1


def test_config_found_from_a_subfolder_nearest_folder_first(tmp_path, monkeypatch):
    """As ruff: from the working directory upwards, the first folder with a config wins; in one
    folder subkit.toml comes before pyproject.toml, wherever the run starts."""
    repo, fr = tmp_path / "repo", tmp_path / "repo" / "fr"
    fr.mkdir(parents=True)
    (fr / "a.srt").write_text(FAST, encoding="utf-8")
    (repo / "subkit.toml").write_text('profile = "netflix-en"\n[rules.reading-speed]\nlevel = "disable"\n',
                                      encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.subkit.lint]\nprofile = "netflix-en"\n'
                                         '[tool.subkit.lint.rules.reading-speed]\nmax-cps = 10\n', encoding="utf-8")
    for where, target in ((fr, "."), (repo, "fr")):
        monkeypatch.chdir(where)
        assert "reading-speed" not in _rules(run("--format", "json", target)), where
    (fr / "pyproject.toml").write_text('[tool.subkit.lint.rules.reading-speed]\nlevel = "warning"\n',
                                       encoding="utf-8")
    monkeypatch.chdir(fr)
    assert "reading-speed" in _rules(run("--format", "json", "."))  # nearer folder wins
    (fr / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert "reading-speed" not in _rules(run("--format", "json", "."))  # no table: look further up


@pytest.mark.parametrize("name, body, needle", [
    ("subkit.toml", 'foo = 1\n[lint]\nprofile = "netflix-en"\n', "foo outside the [lint] table"),
    ("subkit.toml", 'exclude = ["x"]\n[lint]\nfps = 25\n[rules.line-length]\nmax = 70\n',
     "exclude, rules outside the [lint] table"),
    ("pyproject.toml", '[tool.subkit.lnit]\nprofile = "netflix-en"\n', "unknown [tool.subkit] key(s) lnit"),
])
def test_config_keys_that_would_be_ignored_are_errors(tmp_path, monkeypatch, name, body, needle):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.srt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / name).write_text(body, encoding="utf-8")
    for args in ((), ("--config", name)):
        r = run(*args, "a.srt")
        assert r.exit_code == 2 and f"{name}: " in r.stderr and needle in r.stderr, r.output
        assert len(r.stderr.strip().splitlines()) == 1


def test_config_option_on_a_pyproject_without_the_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.srt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert run("a.srt").exit_code == 0  # found by itself: no table, no config
    r = run("--config", "pyproject.toml", "a.srt")
    assert r.exit_code == 2 and "pyproject.toml: no [tool.subkit.lint] table" in r.stderr


def test_config_profile_and_cli_profile(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.srt").write_text(srt((1, 3, "Hello, how are you doing today?!")), encoding="utf-8")
    (tmp_path / "subkit.toml").write_text('profile = "arcom-fr"\n', encoding="utf-8")  # 14.4 cps
    assert "reading-speed" in _rules(run("--format", "json", "a.srt"))
    assert "reading-speed" not in _rules(run("--format", "json", "--profile", "netflix-en", "a.srt"))


def test_fps_from_config_and_cli(tmp_path, monkeypatch):
    """An 80 ms gap is 2 frames at 25 fps (fine) but 1 frame at 12.5 fps (too short)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.srt").write_text(srt((1, 3, "Hello there."), (3.08, 5, "How are you?")), encoding="utf-8")
    assert "min-gap" not in _rules(run("--format", "json", "a.srt"))
    r = run("--format", "json", "--fps", "12.5", "a.srt")
    assert "min-gap" in _rules(r) and r.exit_code == 1
    (tmp_path / "subkit.toml").write_text("fps = 12.5\n", encoding="utf-8")
    assert "min-gap" in _rules(run("--format", "json", "a.srt"))
    assert "min-gap" not in _rules(run("--format", "json", "--fps", "25", "a.srt"))  # CLI wins
    # --fix snaps every time to a frame of that rate (80 ms) and opens the gap to 2 frames
    assert run("--fix", "--fps", "12.5", "a.srt").exit_code == 0
    subs = list(srt_lib.parse((tmp_path / "a.srt").read_text("utf-8")))
    ms = [round(t.total_seconds() * 1000) for s in subs for t in (s.start, s.end)]
    assert all(m % 80 == 0 for m in ms) and ms[2] - ms[1] == 160, ms
    assert "min-gap" not in _rules(run("--format", "json", "--fps", "12.5", "a.srt"))
    for bad in ("0", "-5", "fast", "nan", "inf", "-inf", "1001"):
        for fix in ([], ["--fix", "-o", "-"]):
            r = run("--fps", bad, *fix, "a.srt")
            assert r.exit_code == 2 and "--fps" in r.stderr and "Traceback" not in r.output, (bad, r.output)
    r = run("--fps", "nan", "a.srt")
    assert r.stderr.strip() == ("subkit lint: error: --fps must be a number of frames per second, "
                                "more than 0 and at most 1000, not nan"), r.stderr


def test_cli_fps_wins_over_the_min_gap_rule_fps(tmp_path, monkeypatch):
    """--fps on the command line beats [rules.min-gap] fps too (lint and --fix)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.srt").write_text(srt((1, 3, "Hello there."), (3.08, 5, "How are you?")), encoding="utf-8")
    (tmp_path / "subkit.toml").write_text("[rules.min-gap]\nfps = 12.5\n", encoding="utf-8")
    assert "12.5 fps" in run("--select", "min-gap", "a.srt").stdout
    r = run("--select", "min-gap", "--fps", "25", "a.srt")
    assert r.exit_code == 0 and "min-gap" not in r.stdout
    assert run("--fix", "--fps", "25", "a.srt").exit_code == 0
    subs = list(srt_lib.parse((tmp_path / "a.srt").read_text("utf-8")))
    assert [round(t.total_seconds() * 1000) for t in (subs[1].start,)] == [3080]  # not snapped to 80 ms


@pytest.mark.parametrize("body, needle", [
    ('fps = 0\n', "fps must be a number of frames per second, more than 0 and at most 1000, not 0"),
    ('fps = "25"\n', "fps must be a number of frames per second"),
    ('fps = 1001\n', "fps must be a number of frames per second, more than 0 and at most 1000, not 1001"),
    ('fps = nan\n', "fps must be a number of frames per second"),
    ('[rules.min-gap]\nfps = 1e9\n', "[rules.min-gap] fps must be a number of frames per second, more than 0 "
                                      "and at most 1000"),
    ('[rules.min-gap]\nfps = inf\n', "[rules.min-gap] fps must be a number of frames per second"),
    ('[rules.reading-speed]\nmax-cps = nan\n', "[rules.reading-speed] max-cps must be a finite number, not nan"),
    ('[rules.min-duration]\nseconds = nan\n', "[rules.min-duration] seconds must be a finite number"),
    ('[rules.max-duration]\nseconds = inf\n', "[rules.max-duration] seconds must be a finite number"),
    ('[rules.line-balance]\nmin-ratio = -inf\n', "[rules.line-balance] min-ratio must be a finite number"),
    # every list setting refuses one string alike (as ruff)
    ('select = "line-length"\n', 'select must be a list of rule ids: ["line-length"], not "line-length"'),
    ('ignore = "typography"\n', 'ignore must be a list of rule ids or codes: ["typography"], not "typography"'),
    ('exclude = "drafts"\n', 'exclude must be a list of path patterns: ["drafts"], not "drafts"'),
    ('extend-exclude = "drafts"\n', 'extend-exclude must be a list of path patterns: ["drafts"]'),
    ('[per-file-ignores]\n"x/**" = "number"\n', "per-file-ignores 'x/**' must be a list of rule ids or codes"),
    # globs that are none
    ('exclude = ["subs/[a-"]\n', "exclude: bad pattern 'subs/[a-': '[' is not closed by ']'"),
    ('extend-exclude = ["[z-a]"]\n', "extend-exclude: bad pattern '[z-a]': not a set of characters"),
    ('[per-file-ignores]\n"[!]" = ["number"]\n', "per-file-ignores: bad pattern '[!]': not a set of characters"),
    ('[rules.nope]\nlevel = "error"\n', "unknown rule 'nope'"),
    ('[rules.line-length]\nlevel = "fatal"\n', "level must be one of"),
    ('[rules.line-length]\nmaximum = 3\n', "unknown option 'maximum'"),
    ('[rules.line-length]\nmax = "long"\n', "max must be int"),
    ('profile = "bbc"\n', "unknown profile 'bbc'"),
    ('profile = \n', "invalid TOML"),
])
def test_bad_config_is_a_usage_error(tmp_path, body, needle):
    cfg = tmp_path / "c.toml"
    cfg.write_text(body, encoding="utf-8")
    (tmp_path / "a.srt").write_text(CLEAN, encoding="utf-8")
    for fmt in ("text", "json"):
        r = run("--config", cfg, "--format", fmt, tmp_path / "a.srt")
        assert r.exit_code == 2 and needle in r.stderr and "Traceback" not in r.output, r.output
        assert r.stdout == "" and len(r.stderr.splitlines()) == 1 and str(cfg) in r.stderr


@pytest.mark.parametrize("option", ["--exclude", "--extend-exclude"])
def test_bad_glob_on_the_command_line_is_a_usage_error(tmp_path, option):
    (tmp_path / "a.srt").write_text(CLEAN, encoding="utf-8")
    for pattern, why in (("[", "'[' is not closed by ']' (write [[] for a literal '[')"),
                         ("[z-a]", "not a set of characters (bad character range z-a)")):
        r = run(option, pattern, tmp_path / "a.srt")
        assert r.exit_code == 2 and r.stdout == "" and "Traceback" not in r.output
        assert r.stderr == f"subkit lint: error: {option}: bad pattern {pattern!r}: {why}\n"
    assert run(option, "[[]a].srt", tmp_path / "a.srt").exit_code == 0  # a literal '[' is written so


def test_a_config_with_a_utf8_bom_is_read(tmp_path, monkeypatch):
    """Windows editors save subkit.toml (and pyproject.toml) with a BOM: read, not 'invalid TOML'."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.srt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "subkit.toml").write_bytes(b'\xef\xbb\xbfselect = ["line-length"]\n')
    r = run("--format", "json", "a.srt")
    assert r.exit_code == 1 and {p["rule"] for p in json.loads(r.stdout)} == {"line-length"}, r.output
    (tmp_path / "subkit.toml").unlink()
    (tmp_path / "pyproject.toml").write_bytes(b'\xef\xbb\xbf[tool.subkit.lint]\nselect = ["line-length"]\n')
    assert {p["rule"] for p in json.loads(run("--format", "json", "a.srt").stdout)} == {"line-length"}


def test_an_empty_select_and_a_zero_limit_are_usage_errors(tmp_path, monkeypatch):
    path = tmp_path / "a.en.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:03,000\nHello.\n", encoding="utf-8")
    empty = CliRunner().invoke(cli, ["lint", "--select", "", str(path)])
    assert empty.exit_code == 2 and "--select names no rule" in empty.output
    monkeypatch.chdir(tmp_path)
    (tmp_path / "subkit.toml").write_text("[rules.reading-speed]\nmax-cps = 0\n", encoding="utf-8")
    for args in (["lint", str(path)], ["lint", "--fix", "-o", "-", str(path)]):
        zero = CliRunner().invoke(cli, args)
        assert zero.exit_code == 2 and "max-cps must be more than 0" in zero.output, zero.output
        assert not isinstance(zero.exception, ZeroDivisionError)


def test_a_config_selecting_no_rule_is_a_usage_error(tmp_path, monkeypatch):
    """select = [] in the config is refused as --select '' is: a binary file would otherwise pass."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.srt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (tmp_path / "subkit.toml").write_text("select = []\n", encoding="utf-8")
    r = run("--strict", ".")
    assert r.exit_code == 2 and r.stdout == "" and "All checks passed" not in r.output
    assert r.stderr.strip() == (f"subkit lint: error: {tmp_path / 'subkit.toml'}: select names no rule "
                                '(give rule ids, e.g. select = ["line-length"])')


def test_a_selection_of_rules_that_need_source_is_refused_without_it(tmp_path):
    """--select of pair rules only (or of rules all ignored) would check nothing: a usage error; a mix
    runs the others and says on stderr which need --source."""
    path = tmp_path / "a.en.srt"
    path.write_text(DIRTY, encoding="utf-8")
    r = run("--select", "non-word,number", path)
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == ("subkit lint: error: --select runs no rule (non-word, number: only with --source): "
                                "nothing would be checked")
    r = run("--select", "line-length", "--ignore", "line-length", path)
    assert r.exit_code == 2 and "line-length: ignored" in r.stderr
    (tmp_path / "c.toml").write_text('select = ["number"]\n', encoding="utf-8")
    r = run("--config", tmp_path / "c.toml", path)
    assert r.exit_code == 2 and f"select ({tmp_path / 'c.toml'}) runs no rule" in r.stderr
    r = run("--select", "number,line-length", path)
    assert r.exit_code == 1 and "line-length/too-long" in r.stdout
    assert "subkit lint: note: number not run: it needs --source" in r.stderr
