"""The jobs' options (one dataclass each), the episode manifest key made of them, and the one way
the CLI reports errors. No model needed."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from subkit.cli import reports_errors
from subkit.episode import EpisodeOptions
from subkit.errors import SubkitError
from subkit.options import SegmentOptions, TranslateOptions


@pytest.fixture()
def no_lint_config(tmp_path, monkeypatch):
    """Run where `subkit lint` finds no configuration of the repository's."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _episode(segment=None, translate=None, **others) -> EpisodeOptions:
    return EpisodeOptions(segment=dataclasses.replace(SegmentOptions(lang="fr"), **(segment or {})),
                          translate=dataclasses.replace(TranslateOptions(), **(translate or {})), **others)


def test_manifest_key_changes_with_what_shapes_the_outputs_only(no_lint_config, tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Koursk\tKursk\n", encoding="utf-8")
    base = _episode(translate={"glossary": str(glossary)})
    key = base.key()
    assert _episode(translate={"glossary": str(glossary)}).key() == key  # same options: same key
    # what does not change the outputs does not change the key
    for change in ({"threads": 3}, {"device": "cpu"}, {"memory_path": str(tmp_path / "m.sqlite3")},
                   {"use_memory": False}, {"memory_mode": "machine-only"}, {"rebuild_memory": True}, {"force": True},
                   {"model": str(tmp_path)}):
        assert _episode(translate={"glossary": str(glossary), **change}).key() == key, change
    # the default profile by name is the same profile
    assert _episode(segment={"profile": "netflix-fr"}, translate={"glossary": str(glossary),
                                                                  "profile": "netflix-en"}).key() == key
    # every option that shapes an output changes it
    changed = [
        _episode(segment={"rate": 3.5}, translate={"glossary": str(glossary)}),
        _episode(segment={"start_ms": 5000}, translate={"glossary": str(glossary)}),
        _episode(segment={"duration_ms": 600000}, translate={"glossary": str(glossary)}),
        _episode(segment={"title": "drop"}, translate={"glossary": str(glossary)}),
        _episode(segment={"encoding": "cp1252"}, translate={"glossary": str(glossary)}),
        _episode(segment={"profile": "arcom-fr"}, translate={"glossary": str(glossary)}),
        _episode(segment={"fps": 24.0}, translate={"glossary": str(glossary), "fps": 24.0}),
        _episode(translate={"glossary": str(glossary), "beam_size": 2}),
        _episode(translate={"glossary": str(glossary), "retry_beam": 0}),
        _episode(translate={"glossary": str(glossary), "invented_retries": 0}),
        _episode(translate={"glossary": str(glossary), "keep_names": False}),
        _episode(translate={"glossary": str(glossary), "profile": "netflix-en-children"}),
        _episode(translate={}),
    ]
    keys = [o.key() for o in changed]
    assert key not in keys and len(set(keys)) == len(keys)
    glossary.write_text("Koursk\tKoursk\n", encoding="utf-8")  # the glossary counts by its contents
    assert base.key() != key
    strict = tmp_path / "strict.toml"
    strict.write_text('[rules.reading-speed]\nmax-cps = 5\nlevel = "error"\n', encoding="utf-8")
    assert dataclasses.replace(base, lint_config=str(strict)).key() != base.key()


def test_options_are_checked_once_with_one_line_errors(no_lint_config):
    with pytest.raises(SubkitError, match="unknown profile 'nope'"):
        SegmentOptions(profile="nope").check()
    with pytest.raises(SubkitError, match="not a plausible speech rate"):
        SegmentOptions(rate=0).check()
    with pytest.raises(SubkitError, match="unknown profile"):
        TranslateOptions(profile="nope").check()
    with pytest.raises(SubkitError, match="not the translation's source"):
        _episode(segment={"lang": "en"}).check()
    _episode().check()


def test_translate_options_name_the_cli_flags():
    """`subkit translate`'s parameters are TranslateOptions' fields: they go across whole."""
    from subkit.cli.translate import translate

    names = {p.name for p in translate.params} - {"srt_file", "output", "fmt", "quiet"}  # fmt: of the output
    assert names == {f.name for f in dataclasses.fields(TranslateOptions)}


def test_segment_options_name_the_cli_flags():
    from subkit.cli.segment import segment

    names = {p.name for p in segment.params} - {"transcript", "output", "fmt"}  # fmt: of the output
    # --start and --duration are typed as times and arrive as milliseconds (cli.parse_times)
    fields = {f.name for f in dataclasses.fields(SegmentOptions)} - {"start_ms", "duration_ms"}
    assert names == fields | {"start", "duration"}


def test_library_modules_do_not_import_click():
    code = ("import sys, subkit.episode, subkit.episode.steps, subkit.options, subkit.translate.job; "
            "sys.exit('click' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@click.command("demo")
@click.option("--what", default="error")
@reports_errors(interrupted="nothing was written")
def _demo(what):
    """A command that fails the way it is told to."""
    if what == "error":
        raise SubkitError("something is wrong", "ep.srt", 12)
    if what == "interrupt":
        raise KeyboardInterrupt
    click.echo("fine")


@click.group()
def _root():
    pass


_root.add_command(_demo)


def test_errors_are_one_line_naming_command_file_and_line():
    result = CliRunner().invoke(_root, ["demo"])
    assert result.exit_code == 2
    assert result.stderr == "subkit demo: error: ep.srt:12: something is wrong\n"
    assert "Traceback" not in result.output
    result = CliRunner().invoke(_root, ["demo", "--what", "interrupt"])
    assert result.exit_code == 130
    assert result.stderr == "subkit demo: interrupted; nothing was written\n"
    result = CliRunner().invoke(_root, ["demo", "--what", "nothing"])
    assert result.exit_code == 0 and result.stdout == "fine\n"
    assert _demo.help.startswith("A command that fails")  # the decorator keeps the help text


def test_error_outside_a_command_names_subkit(tmp_path, capsys):
    from subkit.cli import fail

    with pytest.raises(SystemExit) as exit_info:
        fail(SubkitError("no such file", str(tmp_path / "x.srt")))
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == f"subkit: error: {tmp_path / 'x.srt'}: no such file\n"


@pytest.mark.parametrize("command", [["segment", "x.txt"], ["convert", "a.srt", "-o", "a.sub"], ["translate", "a.srt"],
                                     ["episode", "x.txt"], ["sync", "a.srt", "--audio", "b.wav"]])
@pytest.mark.parametrize("fps", ["nan", "inf", "0", "0.5", "-25", "241"])
def test_every_fps_option_refuses_what_is_no_frame_rate(command, fps, tmp_path):
    from subkit.cli import cli

    (tmp_path / "x.txt").write_text("Bonjour à tous.\n", encoding="utf-8")
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n", encoding="utf-8")
    args = [str(tmp_path / a) if a.endswith((".txt", ".srt", ".sub", ".wav")) else a for a in command]
    result = CliRunner().invoke(cli, [*args, "--fps", fps])
    assert result.exit_code == 2 and "is not a frame rate" in result.output, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["segment", "x.txt"], ["sync", "a.srt", "--audio", "b.wav"]])
def test_the_rules_language_is_read_as_other_commands_read_codes(command, tmp_path):
    from subkit.cli import cli

    (tmp_path / "x.txt").write_text("Bonjour à tous.\n", encoding="utf-8")
    (tmp_path / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n", encoding="utf-8")
    args = [str(tmp_path / a) if a.endswith((".txt", ".srt", ".wav")) else a for a in command]
    for code, message in (("de", "rules for fr, en"), ("english", "not a language code")):
        refused = CliRunner().invoke(cli, [*args, "--lang", code])
        assert refused.exit_code == 2 and message in refused.output, refused.output
    if command[0] == "segment":
        for code in ("FR", "fr-FR", "fr_CA"):
            done = CliRunner().invoke(cli, [*args, "--lang", code, "-o", str(tmp_path / "x.srt")])
            assert done.exit_code == 0 and "Bonjour" in (tmp_path / "x.srt").read_text(encoding="utf-8"), done.output
