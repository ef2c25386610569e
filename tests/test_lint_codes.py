"""Problem codes (``rule/kind``): declared by each rule, carried by every problem, used instead of
message text wherever code tells problems apart."""

from __future__ import annotations

from subkit.lint.config import LintConfig
from subkit.lint.core import lint_bytes
from subkit.lint.problem import Problem
from subkit.lint.rules import RULES

EN = {"profile_name": "netflix-en"}


def codes(data: bytes, **kwargs) -> list[tuple[int, str]]:
    return [(p.line, p.code) for p in lint_bytes(data, **{**EN, **kwargs}).problems]


def test_every_rule_declares_its_codes():
    seen = set()
    for rule_id, module in RULES.items():
        assert module.CODES, rule_id
        for code in module.CODES:
            assert code.startswith(rule_id + "/") and code not in seen, code
            seen.add(code)


def test_code_defaults_to_the_rule_and_is_in_the_json():
    assert Problem(1, 1, "overlap", "x").code == "overlap"
    p = Problem(3, 1, "syntax", "missing cue index before the timing line", code="syntax/missing-index")
    assert p.as_dict("f.srt")["code"] == "syntax/missing-index"


def test_syntax_and_encoding_codes():
    data = ("\ufeff1\n0:00:01.000 --> 00:00:02,000\nOne.\n"
            "2\n00:00:03,000 --> 00:00:04,000\nTwo.\n\n"
            "00:00:05,000 --> 00:00:06,000\nThree.\n \n"
            "Stray text.\n\n"
            "4\n00:00:07,00 --> 00:00:08,000\nFour.\n\n"
            "5\n").encode("utf-8")
    assert codes(data) == [
        (1, "encoding/bom"),
        (2, "syntax/dot-separator"),
        (2, "syntax/single-digit-hours"),
        (4, "syntax/missing-blank-line"),
        (8, "numbering/missing-index"),
        (8, "syntax/missing-index"),
        (10, "syntax/blank-line-whitespace"),
        (11, "syntax/text-outside-cue"),
        (14, "syntax/millisecond-digits"),
        (17, "syntax/truncated"),
    ]


def test_file_level_codes():
    assert codes(b"") == [(1, "syntax/empty-file")]
    assert codes(b"\n\n") == [(1, "syntax/blank-file")]
    assert codes(b"hello\n") == [(1, "syntax/text-outside-cue"), (1, "syntax/no-cue")]
    assert codes(b"\x00\x01binary") == [(1, "encoding/binary"), (1, "syntax/binary-file")]
    crlf = b"1\r\n00:00:01,000 --> 00:00:02,000\r\nOne.\r\n"
    assert codes(crlf) == [(1, "syntax/crlf-line-endings")]
    mixed = crlf + b"\n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n"
    assert ("encoding/mixed-line-endings") in {c for _, c in codes(mixed)}
    assert codes("1\n00:00:01,000 --> 00:00:02,000\nCafé.\n".encode("cp1252")) == [(3, "encoding/invalid-bytes")]


def test_rule_codes():
    srt = ("1\n00:00:01,000 --> 00:00:03,000\nA line that is much, much too long for a subtitle line.\n\n"
           "3\n00:00:02,000 --> 00:00:04,000\nTwo.\n\n"
           "4\n00:00:05,000 --> 00:00:04,000\nThree.\n\n")
    got = {c for _, c in codes(srt.encode())}
    assert {"line-length/too-long", "numbering/out-of-sequence", "overlap/overlap",
            "negative-duration/negative"} <= got


def test_allow_bom_drops_the_bom_by_code_only():
    data = "\ufeff1\n00:00:01,000 --> 00:00:02,000\nCafé.\n\n".encode("utf-8")
    config = LintConfig(rules={"encoding": {"allow-bom": True}})
    assert codes(data) == [(1, "encoding/bom")]
    assert codes(data, config=config) == []
    # only the BOM goes: another encoding problem in the same file stays
    mixed = data + b"2\r\n00:00:03,000 --> 00:00:04,000\r\nTwo.\r\n"
    assert [c for _, c in codes(mixed, config=config)] == ["encoding/mixed-line-endings"]


# -- which fixer handles which rule ---------------------------------------------------------------
def test_every_rule_says_which_fixer_handles_it():
    from subkit.lint.rules._base import FIXERS

    for rule_id, module in RULES.items():
        assert module.FIXER is None or module.FIXER in FIXERS, rule_id
    fixer = {rule_id: module.FIXER for rule_id, module in RULES.items()}
    assert {r for r, f in fixer.items() if f == "retime"} == {
        "overlap", "order", "min-gap", "reading-speed", "min-duration", "negative-duration"}
    assert fixer["syntax"] == fixer["encoding"] == fixer["numbering"] == "rewrite"
    assert fixer["line-length"] == fixer["line-count"] == "rewrap" and fixer["typography"] == "spaces"


def test_fix_retimes_for_the_rules_that_name_the_retime_fixer(monkeypatch):
    from subkit.lint import fix
    from subkit.lint.rules import overlap

    data = b"1\n00:00:01,000 --> 00:00:03,000\nOne.\n\n2\n00:00:02,500 --> 00:00:04,000\nTwo.\n\n"
    assert fix.fix_bytes(data, profile_name="netflix-en").text != data.decode()  # overlap trimmed
    monkeypatch.setattr(overlap, "FIXER", None)
    assert fix.fix_bytes(data, profile_name="netflix-en").text == data.decode()  # nobody retimes


def test_a_fixable_problem_belongs_to_a_rule_with_a_fixer():
    data = ("\ufeff1\r\n0:00:01.000 --> 00:00:02,000\r\n Hello  there.\r\n\r\n"
            "3\r\n00:00:01,500 --> 00:00:03,000\r\nTwo.\r\n").encode("utf-8")
    problems = lint_bytes(data, **EN).problems
    assert any(p.fixable for p in problems)
    for p in problems:
        if p.fixable:
            assert RULES[p.rule].FIXER is not None, p
