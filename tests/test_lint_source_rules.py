"""The translation-pair rules of ``subkit lint --source`` (non-word, untranslated, number, repetition,
omission, offensive) behave like every other lint rule: configured, selected, ignored, baselined, in every
output format; SRT and WebVTT pairs; bad pairs are one line. Through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from subkit.cli import cli

PAIR_RULES = ("non-word", "untranslated", "number", "repetition", "omission", "offensive")

# (French, English) per cue: each English cue raises exactly one flag, the one named.
CUES = {
    "non-word": ("Les Russes ont avancé.", "The Russianavan advanced."),
    "untranslated": ("Parce que le front recule.", "Parce the front is retreating."),
    "number": ("À la fin 2022.", "At the end of 202."),
    "repetition": ("Le plan entier.", "The entire entire plan."),
    "omission": ("Les Russes ont avancé à la fin de l'année.", "The Russians."),
    "offensive": ("Le travail de sape russe.", "The Russian-fuck work."),
}


def ts(ms: int, sep: str = ",") -> str:
    s, ms = divmod(ms, 1000)
    m, s = divmod(s, 60)
    return f"00:{m:02d}:{s:02d}{sep}{ms:03d}"


def times(k: int) -> tuple[int, int]:
    return 1000 + 3000 * k, 3000 + 3000 * k


def srt(texts) -> str:
    return "".join(f"{k + 1}\n{ts(times(k)[0])} --> {ts(times(k)[1])}\n{t}\n\n" for k, t in enumerate(texts))


def vtt(texts, ids: bool = False) -> str:
    out = "WEBVTT\n\nNOTE made by hand\n\n"
    for k, t in enumerate(texts):
        a, b = times(k)
        out += (f"c{k + 1}\n" if ids else "") + f"{ts(a, '.')} --> {ts(b, '.')}\n{t}\n\n"
    return out


FR = [fr for fr, _ in CUES.values()]
EN = [en for _, en in CUES.values()]


def run(tmp_path, fr: str | bytes, en: str | bytes, *args: str, fr_name="ep.fr.srt", en_name="ep.en.srt"):
    for name, content in ((fr_name, fr), (en_name, en)):
        (tmp_path / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return CliRunner().invoke(cli, ["lint", "--source", str(tmp_path / fr_name), *args, str(tmp_path / en_name)],
                              catch_exceptions=False)


def problems(result, rules=PAIR_RULES) -> list[dict]:
    assert result.exit_code in (0, 1), result.output
    return [p for p in json.loads(result.stdout) if p["rule"] in rules]


def found(result) -> dict[str, tuple[str, int, int, str]]:
    """rule -> (level, cue, line, code) of the pair rules' problems (one each here)."""
    out = {}
    for p in problems(result):
        assert p["rule"] not in out, p
        out[p["rule"]] = (p["level"], p["cue"], p["line"], p["code"])
    return out


def test_each_rule_fires_on_its_cue_at_the_cue_line_with_its_code(tmp_path):
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json")
    assert result.exit_code == 0  # warnings by default
    got = found(result)
    assert sorted(got) == sorted(PAIR_RULES)
    for k, rule in enumerate(CUES):
        level, cue, line, code = got[rule]
        assert (level, cue, line) == ("warning", k + 1, 4 * k + 1) and code.startswith(rule + "/")
    assert run(tmp_path, srt(FR), srt(EN), "--strict").exit_code == 1


@pytest.mark.parametrize("rule", PAIR_RULES)
def test_each_rule_is_disabled_by_config(tmp_path, monkeypatch, rule):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "subkit.toml").write_text(f'[rules.{rule}]\nlevel = "disable"\n', "utf-8")
    got = found(run(tmp_path, srt(FR), srt(EN), "--format", "json"))
    assert sorted(got) == sorted(set(PAIR_RULES) - {rule})


def test_level_changed_by_config_file_and_pyproject(tmp_path, monkeypatch):
    conf = tmp_path / "lint.toml"
    conf.write_text('[rules]\nnumber = "error"\n[rules.omission]\nlevel = "error"\n', "utf-8")
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json", "--config", str(conf))
    assert result.exit_code == 1
    levels = {rule: got[0] for rule, got in found(result).items()}
    assert levels == {"non-word": "warning", "untranslated": "warning", "number": "error",
                      "repetition": "warning", "omission": "error", "offensive": "warning"}
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.subkit.lint.rules.repetition]\nlevel = "error"\n', "utf-8")
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json")
    assert result.exit_code == 1 and found(result)["repetition"][0] == "error"
    assert run(tmp_path, srt(FR), srt(EN), "--exit-zero").exit_code == 0


def test_unknown_option_of_a_pair_rule_is_a_usage_error(tmp_path):
    conf = tmp_path / "lint.toml"
    conf.write_text('[rules.number]\nlevel = "info"\n', "utf-8")
    result = run(tmp_path, srt(FR), srt(EN), "--config", str(conf))
    assert result.exit_code == 2 and "level must be one of error, warning, disable" in result.output
    conf.write_text('[rules.number]\nratio = 2\n', "utf-8")
    assert "unknown option 'ratio'" in run(tmp_path, srt(FR), srt(EN), "--config", str(conf)).output


def test_select_and_ignore_on_the_command_line(tmp_path):
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json", "--select", "number,omission")
    everything = json.loads(result.stdout)
    assert sorted(p["rule"] for p in everything) == ["number", "omission"]  # no other rule runs either
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json", "--ignore", "non-word", "--ignore",
                 "untranslated, repetition/repeated-words, offensive/offensive-word")
    assert sorted(found(result)) == ["number", "omission"]
    # the config's select, replaced by --select; its ignore, added to by --ignore
    conf = tmp_path / "lint.toml"
    conf.write_text('select = ["non-word", "number"]\nignore = ["number/mismatch"]\n', "utf-8")
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json", "--config", str(conf))
    assert sorted(p["rule"] for p in json.loads(result.stdout)) == ["non-word"]
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json", "--config", str(conf), "--select", "omission",
                 "--ignore", "omission")  # nothing left to run: refused, not passed
    assert result.exit_code == 2 and "--select runs no rule (omission: ignored)" in result.output


@pytest.mark.parametrize("args", [("--select", "nonword"), ("--ignore", "number/nope"),
                                  ("--select", "number/mismatch")])
def test_unknown_rule_in_select_or_ignore_is_one_line_exit_2(tmp_path, args):
    result = run(tmp_path, srt(FR), srt(EN), *args)
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "unknown rule" in result.output


def test_per_file_ignores_name_pair_rules_and_codes(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "subkit.toml").write_text('[per-file-ignores]\n"*.en.srt" = ["non-word", "omission/too-short"]\n',
                                          "utf-8")
    assert sorted(found(run(tmp_path, srt(FR), srt(EN), "--format", "json"))) == ["number", "offensive",
                                                                                  "repetition", "untranslated"]


def test_baseline_holds_pair_problems_and_new_ones_are_reported(tmp_path):
    base = tmp_path / "baseline.json"
    result = run(tmp_path, srt(FR), srt(EN), "--write-baseline", str(base))
    assert result.exit_code == 0 and "number/mismatch" in base.read_text("utf-8")
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json", "--baseline", str(base), "--strict")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    worse = EN[:4] + ["The the Russians advanced at the end of the year."] + EN[5:]  # omission gone, a repetition new
    result = run(tmp_path, srt(FR), srt(worse), "--format", "json", "--baseline", str(base))
    assert [(p["rule"], p["cue"]) for p in problems(result)] == [("repetition", 5)]


def test_statistics_count_pair_rules(tmp_path):
    result = run(tmp_path, srt(FR), srt(EN), "--format", "json", "--statistics")
    rules = json.loads(result.stdout)["statistics"]["rules"]
    for rule in PAIR_RULES:
        assert rules[rule] == {"error": 0, "warning": 1}
    text = run(tmp_path, srt(FR), srt(EN), "--statistics").output
    assert all(rule in text for rule in PAIR_RULES)


def test_sarif_github_and_junit_carry_the_pair_rules(tmp_path):
    log = json.loads(run(tmp_path, srt(FR), srt(EN), "--format", "sarif").stdout)
    run_ = log["runs"][0]
    declared = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert set(PAIR_RULES) <= set(declared)
    results = [r for r in run_["results"] if r["ruleId"] in PAIR_RULES]
    assert sorted(r["ruleId"] for r in results) == sorted(PAIR_RULES)
    for r in results:
        assert declared[r["ruleIndex"]] == r["ruleId"] and r["properties"]["code"].startswith(r["ruleId"] + "/")
    github = run(tmp_path, srt(FR), srt(EN), "--format", "github").stdout
    assert "::warning file=" in github and "title=subkit number/mismatch::numbers differ" in github
    conf = tmp_path / "lint.toml"
    conf.write_text('[rules]\nnon-word = "error"\n', "utf-8")
    junit = run(tmp_path, srt(FR), srt(EN), "--format", "junit", "--config", str(conf)).stdout
    failures = [f.get("type") for f in ET.fromstring(junit).iter("failure")]
    assert "non-word/unknown-word" in failures and "number/mismatch" not in failures  # warnings: system-out
    assert "number" in junit


def test_webvtt_pair_and_mixed_pairs(tmp_path):
    expected = {rule: k + 1 for k, rule in enumerate(CUES)}
    for fr, en, fr_name, en_name in ((vtt(FR), vtt(EN, ids=True), "ep.fr.vtt", "ep.en.vtt"),
                                     (srt(FR), vtt(EN), "ep.fr.srt", "ep.en.vtt"),
                                     (vtt(FR), srt(EN), "ep.fr.vtt", "ep.en.srt")):
        result = run(tmp_path, fr, en, "--format", "json", fr_name=fr_name, en_name=en_name)
        got = found(result)
        assert {rule: v[1] for rule, v in got.items()} == expected, (fr_name, en_name)
        text = (tmp_path / en_name).read_text("utf-8").splitlines()
        for rule, (_, _, line, _) in got.items():  # the line of the cue's identifier or timing
            block = text[line - 1:line + 2]
            assert CUES[rule][1] in block, (rule, line, block)
    # a WebVTT file with another extension is still read as WebVTT (its content says so)
    result = run(tmp_path, srt(FR), vtt(EN), "--format", "json", en_name="ep.en.txt")
    assert sorted(found(result)) == sorted(PAIR_RULES)


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_a_pair_mostly_unmatched_is_one_error_naming_the_first_cue_without_partner(tmp_path, fmt):
    write = srt if fmt == "srt" else vtt
    sep = "," if fmt == "srt" else "."
    late = write(EN[:2]).replace(ts(4000, sep), ts(30000, sep))  # cue 2 starts at 30 s, no French there
    result = run(tmp_path, write(FR[:2]), late, fr_name=f"fr.{fmt}", en_name=f"en.{fmt}")
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.output.splitlines()
    assert f"en.{fmt}:" in line and f"cue 2 ({ts(30000, sep)}) has no cue starting with it" in line
    block_line = int(line.split(f"en.{fmt}:")[1].split(":")[0])
    block = (tmp_path / f"en.{fmt}").read_text("utf-8").splitlines()[block_line - 1:block_line + 1]
    assert any(x.startswith(ts(30000, sep)) for x in block)  # the line of its index, or its timing line
    # most French cues left without English (one alone is an unmatched/no-translation problem)
    result = run(tmp_path, write(FR[:3]), write(EN[:1]), fr_name=f"fr.{fmt}", en_name=f"en.{fmt}")
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.output.splitlines()
    assert f"fr.{fmt}:" in line and f"cue 2 ({ts(4000, sep)}) has no cue starting with it in" in line


@pytest.mark.parametrize("which", ["source", "translation"])
@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02binary\x00" * 20, "binary"),
    (b"", "no subtitles found"),
    (srt(FR).encode("cp1252"), "not valid utf-8"),
    (b"WEBVTT\n\n00:01.000 -> 00:02.000\nBad timing.\n", "line"),
])
def test_bad_input_is_one_line_naming_the_file_and_nothing_else(tmp_path, which, content, message):
    fr, en = (content, srt(EN)) if which == "source" else (srt(FR), content)
    result = run(tmp_path, fr, en, "--format", "sarif")
    assert result.exit_code == 2 and result.stdout == ""  # nothing half-written
    (line,) = result.output.splitlines()
    assert ("ep.fr.srt" if which == "source" else "ep.en.srt") in line and message in line.lower()


def test_source_refuses_stdin_and_fix(tmp_path):
    (tmp_path / "a.srt").write_text(srt(FR), "utf-8")
    for args in (["--source", "-", str(tmp_path / "a.srt")], ["--source", str(tmp_path / "a.srt"), "-"],
                 ["--fix", "--source", str(tmp_path / "a.srt"), str(tmp_path / "a.srt")]):
        result = CliRunner().invoke(cli, ["lint", *args], input="")
        assert result.exit_code == 2 and "--source needs exactly one translation file" in result.output


NO_WORD_LIST = """
import sys
sys.modules["spellchecker"] = None  # as when lint is installed without the translate extra
from subkit.cli import main
sys.argv = ["subkit", "lint", "--format", "json", "--source", sys.argv[1], sys.argv[2]]
main()
"""


def test_without_the_word_list_non_word_is_skipped_with_a_note(tmp_path):
    (tmp_path / "fr.srt").write_text(srt(FR), "utf-8")
    (tmp_path / "en.srt").write_text(srt(EN), "utf-8")
    out = subprocess.run([sys.executable, "-c", NO_WORD_LIST, str(tmp_path / "fr.srt"), str(tmp_path / "en.srt")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip().splitlines() == [
        "subkit lint: note: rule non-word skipped: it needs the English word list of the pyspellchecker "
        "package (pip install 'subkit[translate]')"]
    rules = sorted(p["rule"] for p in json.loads(out.stdout) if p["rule"] in PAIR_RULES)
    assert rules == ["number", "offensive", "omission", "repetition", "untranslated"]
    # no note when the rule is off anyway
    out = subprocess.run([sys.executable, "-c", NO_WORD_LIST.replace('"--format"', '"--ignore", "non-word", '
                                                                          '"--format"'),
                          str(tmp_path / "fr.srt"), str(tmp_path / "en.srt")], capture_output=True, text=True)
    assert out.returncode == 0 and out.stderr == ""
