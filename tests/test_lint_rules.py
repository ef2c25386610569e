"""`subkit lint` rules, each with a failing and a passing case, through the real CLI."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.lint.rules import RULES


def ts(seconds: float) -> str:
    ms = round(seconds * 1000)
    s, ms = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return f"{h:02d}:{m:02d}:{s:02d},{ms:03d}"


def srt(*cues) -> str:
    """cues: (start, end, text) or (index, start, end, text)."""
    out = []
    for k, cue in enumerate(cues, 1):
        if len(cue) == 3:
            cue = (k, *cue)
        idx, start, end, text = cue
        out.append(f"{idx}\n{ts(start)} --> {ts(end)}\n{text}\n\n")
    return "".join(out)


def lint(tmp_path, content, *args, name="t.srt"):
    """Run `subkit lint --format json` on *content*; (exit code, problems)."""
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["lint", "--format", "json", *args, str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def rules_of(problems, rule=None):
    found = [p for p in problems if rule is None or p["rule"] == rule]
    return found


EN = ("--profile", "netflix-en")
FR = ("--profile", "netflix-fr")

# rule id -> (profile args, failing content, passing content)
CASES = {
    "syntax": (EN, "1\n00:00:01,000 -> 0:0:3\nHello.\n", srt((1, 3, "Hello."))),
    "numbering": (EN, srt((1, 1, 2, "One."), (3, 3, 4, "Two.")), srt((1, 2, "One."), (3, 4, "Two."))),
    "order": (EN, srt((3, 4, "Second."), (1, 2, "First.")), srt((1, 2, "First."), (3, 4, "Second."))),
    "overlap": (EN, srt((1, 3, "First."), (2.5, 4, "Second.")), srt((1, 2, "First."), (2.5, 4, "Second."))),
    "empty-cue": (EN, srt((1, 2, "<i> </i>")), srt((1, 2, "Hello."))),
    "negative-duration": (EN, srt((2, 1, "Hello.")), srt((1, 2, "Hello."))),
    "line-length": (EN, srt((1, 4, "I'm telling you, this is the right way to go home.")),
                    srt((1, 4, "I'm telling you, this is the right way."))),
    "line-count": (EN, srt((1, 4, "Three\nlines\nare too many.")), srt((1, 4, "Two lines\nare fine."))),
    "reading-speed": (EN, srt((1, 2, "Hello, how are you doing today?")), srt((1, 3, "Hello, how are you?"))),
    "min-duration": (EN, srt((1, 1.5, "Hi.")), srt((1, 2, "Hi."))),
    "max-duration": (EN, srt((1, 10, "Hi.")), srt((1, 6, "Hi."))),
    "min-gap": (EN, srt((1, 2, "One."), (2.04, 3, "Two.")), srt((1, 2, "One."), (2.08, 3, "Two."))),
    "line-break": (FR, srt((1, 4, "Il est parti avec\nson frère.")), srt((1, 4, "Il est parti\navec son frère."))),
    "line-balance": (EN, srt((1, 5, "I told you we should have taken the other\nroad.")),
                     srt((1, 5, "I told you we should have\ntaken the other road."))),
    "typography": (FR, srt((1, 4, "-Vraiment ?")), srt((1, 4, "- Vraiment\u00a0?"))),
    "repeated-line": (EN, srt((1, 3, "Hello everyone"), (3.2, 5.5, "Hello everyone\nand welcome")),
                      srt((1, 3, "No!"), (3.2, 5, "No!"), (5.2, 7.5, "And welcome\nto the show."))),
    "language": (FR, srt((1, 5, "Je ne sais pas ce que tu veux\ndire par là, vraiment."),
                         (6, 10, "I don't know what you mean\nby that, and I never did.")),
                 srt((1, 5, "Je ne sais pas ce que tu veux\ndire par là, vraiment."),
                     (6, 10, "Et je ne l'ai jamais su,\npas une seule fois dans ma vie."))),
}


def test_every_rule_has_a_case_and_the_registry_shape():
    # the translation-pair rules (TYPE "pair", lint --source) have theirs in test_lint_source.py
    assert set(CASES) | {"encoding"} == {r for r, m in RULES.items() if m.TYPE != "pair"}
    for rule_id, module in RULES.items():
        assert module.ID == rule_id
        assert module.LEVEL in ("error", "warning")
        assert module.TYPE in ("stream", "cue", "timing", "pair")
        assert set(module.DEFAULT) == set(module.CONF)
        assert "PASS" in module.__doc__ and "FAIL" in module.__doc__


def test_default_levels_follow_the_issue():
    errors = {"syntax", "order", "overlap", "negative-duration", "line-length", "line-count",
              "reading-speed", "min-duration", "max-duration", "min-gap"}
    for rule_id, module in RULES.items():
        assert module.LEVEL == ("error" if rule_id in errors else "warning"), rule_id


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fails_and_passes(tmp_path, rule_id):
    profile, bad, good = CASES[rule_id]
    _, problems = lint(tmp_path, bad, *profile)
    hits = rules_of(problems, rule_id)
    assert hits, f"{rule_id} did not fire on its failing example: {problems}"
    level = RULES[rule_id].LEVEL
    assert hits[0]["level"] == level
    for p in hits:
        assert p["file"].endswith("t.srt") and p["line"] >= 1 and p["message"]
    code, problems = lint(tmp_path, good, *profile)
    assert rules_of(problems, rule_id) == [], problems
    assert code == 0, problems


def test_line_numbers_are_file_lines(tmp_path):
    text = srt((1, 2, "Fine."), (3, 4, "A line that is much, much too long for a subtitle line."))
    _, problems = lint(tmp_path, text, *EN)
    (p,) = rules_of(problems, "line-length")
    assert p["line"] == 7 and p["cue"] == 2 and p["value"] == 55 and p["limit"] == 42
    assert p["column"] == 43
    # the column points at the first character over the limit in the line as written, tags and all
    tagged = srt((1, 4, '{\\an8}<font color="#ffffff">A line that is much, much too long for a subtitle line.</font>'))
    (p,) = rules_of(lint(tmp_path, tagged, *EN)[1], "line-length")
    written = tagged.splitlines()[2]
    assert p["column"] == 71 and written[p["column"] - 1:].startswith("ubtitle line.")


def test_syntax_is_tolerant_and_keeps_checking(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n"
            "2\n00:00:03,000 -> nonsense\nTwo.\n\n"
            "3\n00:00:05,000 --> 00:00:06,000\nA line that is much, much too long for a subtitle line.\n\n")
    code, problems = lint(tmp_path, text, *EN)
    assert code == 1
    (syn,) = rules_of(problems, "syntax")
    assert syn["line"] == 6 and syn["level"] == "error"
    assert rules_of(problems, "line-length")[0]["line"] == 11


def test_tolerated_forms_are_warnings(tmp_path):
    text = "\ufeff1\r\n0:00:01.000 --> 0:00:02.000\r\nHello.\r\n\r\n".encode("utf-8")
    code, problems = lint(tmp_path, text, *EN)
    assert code == 0
    msgs = {(p["rule"], p["level"], p["message"].split(" (")[0]) for p in problems}
    assert ("syntax", "warning", "'.' as decimal separator") in msgs
    assert ("syntax", "warning", "single-digit hours") in msgs
    assert ("syntax", "warning", "CRLF line endings") in msgs
    assert ("encoding", "warning", "byte order mark") in msgs


def test_missing_blank_line_and_index(tmp_path):
    text = ("1\n00:00:01,000 --> 00:00:02,000\nOne.\n"
            "2\n00:00:03,000 --> 00:00:04,000\nTwo.\n\n"
            "00:00:05,000 --> 00:00:06,000\nThree.\n")
    code, problems = lint(tmp_path, text, *EN)
    syn = rules_of(problems, "syntax")
    assert [p["line"] for p in syn] == [4, 8]
    assert "missing blank line" in syn[0]["message"] and "missing cue index" in syn[1]["message"]
    assert code == 1


def test_encoding_reports_byte_offset_and_encoding_option(tmp_path):
    data = "1\n00:00:01,000 --> 00:00:02,000\nCafé.\n\n".encode("cp1252")
    code, problems = lint(tmp_path, data, *EN)
    (enc,) = rules_of(problems, "encoding")
    assert "offset 35" in enc["message"] and "0xe9" in enc["message"] and enc["line"] == 3
    assert code == 1 and enc["level"] == "error"  # bytes that do not decode fail by default (issue 17)
    code, problems = lint(tmp_path, data, *EN, "--encoding", "cp1252")
    assert rules_of(problems, "encoding") == [] and code == 0


def test_mixed_line_endings(tmp_path):
    data = b"1\r\n00:00:01,000 --> 00:00:02,000\r\nOne.\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n"
    _, problems = lint(tmp_path, data, *EN)
    (mixed,) = [p for p in problems if "mixed line endings" in p["message"]]
    assert mixed["rule"] == "encoding" and mixed["line"] == 3


def test_min_gap_warns_on_3_to_11_frames(tmp_path):
    text = srt((1, 2, "One."), (2.2, 3.2, "Two."), (3.8, 5, "Three."))  # 5 frames, then 15 frames
    code, problems = lint(tmp_path, text, *EN)
    (gap,) = rules_of(problems, "min-gap")
    assert gap["level"] == "warning" and gap["value"] == 5 and gap["limit"] == 2
    assert code == 0


@pytest.mark.parametrize("fps, gap_ms, shown", [
    ("25", 0, "0 frames"), ("25", 40, "1 frame"), ("25", 59, "1.48 frames"), ("25", 60, "1.5 frames"),
    ("25", 79, "1.98 frames"), ("25", 80, None), ("25", 90, None),
    ("23.976", 82, "1.97 frames"), ("23.976", 83, None),  # 2 frames are 83.4 ms: 83 is two times rounded
])
def test_min_gap_compares_milliseconds_not_rounded_frames(tmp_path, fps, gap_ms, shown):
    """A gap under 2 frames is an error even when it rounds to 2 (60 ms = 1.5 frames at 25 fps), its
    message giving the gap as it is; --fix opens it to a gap that passes."""
    text = srt((1, 2.94, "One."), (2.94 + gap_ms / 1000, 5, "Two."))
    code, problems = lint(tmp_path, text, *EN, "--fps", fps, "--select", "min-gap")
    if shown is None:
        assert (code, problems) == (0, [])
        return
    (gap,) = problems
    assert code == 1 and gap["code"] == "min-gap/too-short" and gap["fixable"]
    assert gap["message"] == f"gap of {gap_ms} ms ({shown} at {fps} fps) before this cue (min 2 frames)"
    assert gap["value"] == float(shown.split()[0]) and gap["limit"] == 2
    fixed = CliRunner().invoke(cli, ["lint", *EN, "--fps", fps, "--fix", "-o", "-", str(tmp_path / "t.srt")])
    assert lint(tmp_path, fixed.stdout, *EN, "--fps", fps, "--select", "min-gap") == (0, [])


def test_typography_english_dash_and_spaces(tmp_path):
    _, problems = lint(tmp_path, srt((1, 4, "- Really?  Yes. ")), *EN)
    msgs = [p["message"] for p in rules_of(problems, "typography")]
    assert any("English dialogue dash" in m for m in msgs)
    assert any("double space" in m for m in msgs) and any("end of the line" in m for m in msgs)
    _, problems = lint(tmp_path, srt((1, 4, "-Really?\n-Yes.")), *EN)
    assert rules_of(problems, "typography") == []


def test_line_break_flags_a_title_or_a_date_cut_at_a_line_end(tmp_path):
    """"see Dr.\nSmith", "to Mr.\nJohnson", "on March\n15", "July 4,\n1976": the full stop of a title is
    no closing punctuation, a date is one unit (the segmenter's break costs)."""
    text = srt((1, 4, "Yesterday I went to see Dr.\nSmith about my knee again."),
               (5, 8, "I was talking to Mr.\nJohnson about the new contract."),
               (9, 12, "We will meet again on March\n15 at the hotel near the station."),
               (13, 16, "She was born on July 4,\n1976, in a small town in Ohio."),
               (17, 20, "He came from St. Louis.\nThe flight was late, anyway."))
    _, problems = lint(tmp_path, text, *EN)
    assert [p["value"] for p in rules_of(problems, "line-break")] == ["Dr.", "Mr.", "March", "4,"], problems


def test_a_line_of_spaces_is_no_orphan_word(tmp_path):
    """YouTube's WebVTT puts a line of one space in its cues: typography reports it, line-balance does not."""
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000 align:start position:0%\n \nbonjour à tous c'est Sébastien\n"
    code, problems = lint(tmp_path, vtt, "--profile", "netflix-fr", name="t.vtt")
    rules = {p["rule"] for p in problems}
    assert "typography" in rules and "line-balance" not in rules, problems


def test_tags_are_not_counted(tmp_path):
    text = srt((1, 4, "<i>{\\an8}I'm telling you, this is the right way.</i>"))
    _, problems = lint(tmp_path, text, *EN)
    assert rules_of(problems, "line-length") == []


def test_profile_from_language(tmp_path):
    # 18 cps: over netflix-fr's 17, under netflix-en's 20.
    fr = srt((1, 4, "Je ne sais pas du tout ce que tu veux dire par là, mon ami."[:54]))
    _, problems = lint(tmp_path, fr)
    assert rules_of(problems, "reading-speed"), "a French file gets netflix-fr (17 cps)"
    en = srt((1, 4, "I really do not know what you mean by that, my friend."[:54]))
    _, problems = lint(tmp_path, en)
    assert rules_of(problems, "reading-speed") == [], "an English file gets netflix-en (20 cps)"


def test_numbering_names_only_the_wrong_index(tmp_path):
    first_off = srt((5, 1, 2, "A."), (2, 3, 4, "B."), (3, 5, 6, "C."), (4, 7, 8, "D."))
    found = rules_of(lint(tmp_path, first_off, *EN)[1], "numbering")
    assert [(p["line"], p["message"]) for p in found] == [(1, "index 5, expected 1")]
    skipped = srt((1, 1, 2, "A."), (2, 3, 4, "B."), (4, 5, 6, "C."), (5, 7, 8, "D."))
    found = rules_of(lint(tmp_path, skipped, *EN)[1], "numbering")
    assert [(p["line"], p["message"]) for p in found] == [(9, "index 4, expected 3")]  # no cascade


def test_a_cue_before_a_backwards_one_is_out_of_order(tmp_path):
    text = srt((5, 3, "Runs backwards."), (1, 2, "Starts before it."))
    _, problems = lint(tmp_path, text, *EN)
    assert {p["rule"] for p in problems} >= {"negative-duration", "order"}
    (order,) = rules_of(problems, "order")
    assert order["line"] == 6 and "before the previous cue (00:00:05,000)" in order["message"]
