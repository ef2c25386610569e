"""`subkit lint` for CI at scale: streaming output, SARIF, baselines, excludes, per-file ignores,
--exit-zero and --jobs (issue 17), through the real CLI."""

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
FAST = srt((1, 3, "Hello there."), (4, 4.8, "Way too quick for anyone to read."))  # reading-speed only


def run(*args, input=None):
    result = CliRunner().invoke(cli, ["lint", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def tree(tmp_path, monkeypatch):
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
    for fmt in ("text", "json", "github"):
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
