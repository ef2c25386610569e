"""`subkit lint --fix`: safe, idempotent repairs through the real CLI, and properties."""

from __future__ import annotations

import json

import pytest

import srt as srtlib
from click.testing import CliRunner
from hypothesis import HealthCheck, example, given, settings, strategies as st

from subkit.cli import cli
from subkit.lint.core import lint_bytes
from subkit.lint.fix import fix_bytes
from subkit.tags import read_words
from test_lint_rules import srt, ts
from test_lint_unicode import one_cue, problems

STRUCTURAL = {"numbering", "order", "overlap", "syntax", "encoding"}


def run(*args, input=None):
    result = CliRunner().invoke(cli, ["lint", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def seen_words(text: str) -> list[tuple[str, tuple]]:
    """(word, its tags) as a viewer reads them: a no-break space between them parts two words too
    (--fix makes "le \u00a0!" one blank, "le\u00a0!")."""
    return [(w.text, w.tags) for w in read_words(text.replace("\u00a0", " ").replace("\u202f", " "))[1]]


def words_in_time_order(data: bytes) -> list[str]:
    subs = sorted(srtlib.parse(data.decode("utf-8-sig").replace("\r\n", "\n").replace(".000 ", ",000 ")),
                  key=lambda s: s.start)
    return " ".join(s.content for s in subs).split()


MESSY = (
    "\ufeff3\r\n00:00:05,000 --> 00:00:07,000\r\nThird  cue,   with spaces. \r\n\r\n"
    "1\r\n00:00:01,000 --> 00:00:03,500\r\nFirst cue, which overlaps\r\n\r\n"
    "7\r\n0:00:03.000 --> 0:00:04.600\r\nSecond cue: its text is far too long for one line and goes on\r\n\r\n"
    "8\r\n00:00:07,200 --> 00:00:07,500\r\nFast.\r\n\r\n"
    "8\r\n00:00:09,500 --> 00:00:10,800\r\nA gap follows.\r\n\r\n"
    "9\r\n00:00:11,000 --> 00:00:13,000\r\nThree\r\nshort\r\nlines.\r\n\r\n"
)


def test_fix_repairs_and_is_idempotent(tmp_path):
    path = tmp_path / "messy.srt"
    path.write_bytes(MESSY.encode("utf-8"))
    before = json.loads(run("--format", "json", "--profile", "netflix-en", path).stdout)
    assert {p["rule"] for p in before} >= {"numbering", "order", "overlap", "syntax", "encoding",
                                           "typography", "line-length", "line-count", "min-gap",
                                           "min-duration"}
    first = run("--fix", "--profile", "netflix-en", path)
    assert "fixed" in first.stderr
    fixed = path.read_bytes()
    assert not fixed.startswith(b"\xef\xbb\xbf") and b"\r" not in fixed
    # words are neither lost nor reordered (in time order)
    assert words_in_time_order(fixed) == words_in_time_order(MESSY.encode("utf-8").replace(b"\xef\xbb\xbf", b""))
    subs = list(srtlib.parse(fixed.decode("utf-8")))
    assert [s.index for s in subs] == [1, 2, 3, 4, 5, 6]
    assert subs[1].content == "Second cue: its text is far too long\nfor one line and goes on"
    assert subs[5].content.count("\n") == 0  # "Three short lines." fits on one line
    # nothing fixable is left
    after = json.loads(run("--format", "json", "--profile", "netflix-en", path).stdout)
    assert [p for p in after if p["fixable"]] == []
    assert not {p["rule"] for p in after} & (STRUCTURAL | {"line-length", "line-count", "min-duration",
                                                           "min-gap", "typography"}), after
    # a second --fix changes nothing
    second = run("--fix", "--profile", "netflix-en", path)
    assert path.read_bytes() == fixed and "fixed" not in second.stderr


def test_fix_output_option_keeps_the_input(tmp_path):
    src = tmp_path / "in.srt"
    src.write_bytes(MESSY.encode("utf-8"))
    out = tmp_path / "out.srt"
    r = run("--fix", "-o", out, "--profile", "netflix-en", src)
    assert src.read_bytes() == MESSY.encode("utf-8")
    assert out.read_text(encoding="utf-8").startswith("1\n00:00:01,000 --> ")
    # what cannot be repaired (no free time to slow the second cue down) is still reported
    assert r.exit_code == 1 and "error reading-speed" in r.stdout and str(out) in r.stdout


def test_fix_stdin_to_stdout(tmp_path):
    r = run("--fix", "--profile", "netflix-en", "-", input=MESSY)
    assert r.stdout.startswith("1\n00:00:01,000 --> ")
    assert list(srtlib.parse(r.stdout))


def test_diff_shows_the_fix_and_writes_nothing(tmp_path):
    messy, broken = tmp_path / "messy.srt", tmp_path / "broken.srt"
    messy.write_bytes(MESSY.encode("utf-8"))
    broken.write_bytes(b"1\n00:00:01,000 --> later\nHello.\n")
    r = run("--diff", "--profile", "netflix-en", messy)
    assert r.exit_code == 1 and messy.read_bytes() == MESSY.encode("utf-8")
    assert r.stdout.startswith(f"--- {messy}\n+++ {messy}\n@@ ")
    removed = [x[1:] for x in r.stdout.splitlines()[2:] if x.startswith("-")]
    added = [x[1:] for x in r.stdout.splitlines()[2:] if x.startswith("+")]
    assert removed and set(removed) <= set(MESSY.splitlines())
    fixed = fix_bytes(MESSY.encode("utf-8"), profile_name="netflix-en").text
    assert added and set(added) <= set(fixed.splitlines())
    # once fixed, nothing to show; a file --fix refuses is exit 2; -o makes no sense
    assert run("--fix", "--profile", "netflix-en", messy).exit_code in (0, 1)
    clean = run("--diff", "--profile", "netflix-en", messy)
    assert (clean.exit_code, clean.stdout) == (0, "")
    refused = run("--diff", messy, broken)
    assert refused.exit_code == 2 and "broken.srt" in refused.stderr and broken.read_bytes().endswith(b"Hello.\n")
    assert run("--diff", "-o", tmp_path / "x.srt", messy).exit_code == 2
    mac = tmp_path / "mac.srt"  # classic Mac line endings: each diff line still ends with LF, no false markers
    mac.write_bytes(b"1\r00:00:01,000 --> 00:00:02,000\rHello.\r\r")
    shown = run("--diff", mac).stdout_bytes
    assert b"-Hello.\r\n" in shown and b"+Hello.\n" in shown and b"No newline" not in shown


def test_fix_refuses_files_it_cannot_repair_safely(tmp_path):
    path = tmp_path / "broken.srt"
    content = b"1\n00:00:01,000 --> later\nHello.\n\nstray text\n"
    path.write_bytes(content)
    r = run("--fix", path)
    assert path.read_bytes() == content and "fix them by hand" in r.stderr and r.exit_code == 2
    listed = json.loads(run("--format", "json", path).stdout)
    assert listed and not any(p["fixable"] for p in listed)  # so nothing is promised
    # --fix (the pre-commit hook) still says where the problems are, in every format
    fixing = run("--fix", "--format", "json", path)
    assert fixing.exit_code == 2 and json.loads(fixing.stdout) == listed
    assert "broken.srt:2:1: error syntax" in run("--fix", path).stdout
    cp = tmp_path / "cp.srt"
    cp.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCafé.\n".encode("cp1252"))
    r = run("--fix", cp)
    assert "cp.srt: not valid utf-8: not fixed (looks like cp1252: read it with --encoding cp1252)" in r.stderr
    assert cp.read_bytes().endswith(b"Caf\xe9.\n")
    ru = tmp_path / "ru.srt"  # the hint is the code page the words read in, after a BOM too
    ru.write_bytes(b"\xef\xbb\xbf" + "1\n00:00:01,000 --> 00:00:02,000\nРусский язык.\n".encode("cp1251"))
    assert "looks like cp1251: read it with --encoding cp1251" in run("--fix", ru).stderr
    r = run("--fix", "--encoding", "cp1252", "--profile", "netflix-en", cp)
    assert cp.read_text(encoding="utf-8").endswith("Café.\n\n")
    once = cp.read_bytes()
    run("--fix", "--encoding", "cp1252", "--profile", "netflix-en", cp)  # already UTF-8: unchanged
    assert cp.read_bytes() == once


def test_lint_reads_a_utf8_file_as_utf8_whatever_encoding_says(tmp_path):
    """--encoding cp1252 on a file already in UTF-8: plain lint reads it as --fix does (no mojibake
    counted by line-length); a cp1252 file is still read as cp1252."""
    line = "«Ça», répéta-t-il, «c'était là-bas.»"  # 36 characters, 44 bytes in UTF-8
    utf8 = tmp_path / "u.srt"
    utf8.write_text(srt((1, 4, line)), encoding="utf-8")
    args = ("--encoding", "cp1252", "--select", "line-length,encoding", "--profile", "netflix-fr")
    r = run(*args, utf8, "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout) == [], r.stdout
    report = lint_bytes(utf8.read_bytes(), "u.srt", encoding="cp1252")
    assert not [p for p in report.problems if p.rule == "line-length"]
    legacy = tmp_path / "l.srt"
    legacy.write_bytes(srt((1, 4, line)).encode("cp1252"))
    assert run(*args, legacy).exit_code == 0
    assert run("--fix", *args, legacy).exit_code == 0 and legacy.read_text("utf-8").count(line) == 1


def test_fix_closes_small_gaps_and_trims_overlaps(tmp_path):
    text = srt((1, 2.5, "One, two."), (2.7, 4, "Three, four."), (3.9, 6, "Five, six."))
    path = tmp_path / "gaps.srt"
    path.write_text(text, encoding="utf-8")
    run("--fix", "--profile", "netflix-en", path)
    subs = list(srtlib.parse(path.read_text(encoding="utf-8")))
    gaps = [round((b.start - a.end).total_seconds(), 3) for a, b in zip(subs, subs[1:])]
    assert gaps == [0.08, 0.08]  # 2 frames at 25 fps


def test_fix_rewraps_formatted_cues_keeping_their_tags(tmp_path):
    path = tmp_path / "tags.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:05,000\n{\\an8}Nous avons lu <font color=\"#ff0000\">Le Monde"
                    "</font> ce matin avant de partir au travail.\n\n"
                    "2\n00:00:06,000 --> 00:00:10,000\n<i>Le journaliste parle au téléphone depuis</i> le "
                    "bureau de Paris.\n\n", encoding="utf-8")
    run("--fix", "--profile", "netflix-fr", path)
    subs = list(srtlib.parse(path.read_text(encoding="utf-8")))
    assert subs[0].content == ('{\\an8}Nous avons lu <font color="#ff0000">Le Monde</font> ce matin\n'
                               "avant de partir au travail.")
    assert subs[1].content == "<i>Le journaliste parle au téléphone\ndepuis</i> le bureau de Paris."
    assert run("--profile", "netflix-fr", path).exit_code == 0


def test_fix_is_idempotent_when_the_rewrap_makes_a_cue_too_fast():
    # Joined into one line the text gains a space: 18 characters in 0.833 s break the reading speed
    # that 16 characters in three lines kept, so the first --fix must retime, not the second.
    data = b"1\n00:00:00,000 --> 00:00:00,833\nle\nle\nle le maison\n\n"
    result = fix_bytes(data, profile_name="netflix-en")
    assert result.text.splitlines()[2] == "le le le le maison"
    assert fix_bytes(result.text.encode("utf-8"), profile_name="netflix-en").text == result.text
    assert not [p for p in lint_bytes(result.text.encode("utf-8"), profile_name="netflix-en").problems
                if p.rule == "reading-speed"]


# -- properties ----------------------------------------------------------------------------------
WORDS = st.sampled_from("le la de et un une the a of and is maison house parle speaks très very "
                        "grand big rapidement quickly, demain. tomorrow? oui! yes <i>well</i> {\\an8}so <b>bold "
                        "text</b> <x>odd".split() + ['<font color="#ff0000">red</font>']
                        + [" ", "  ", "\u00a0", "\u202f:", "<i>so </i>"])
cue_line = st.lists(WORDS, min_size=1, max_size=9).map(" ".join).filter(str.strip)  # a blank line ends a cue
cue_text = st.lists(cue_line, min_size=1, max_size=3).map("\n".join)
cue = st.tuples(st.integers(0, 600_000), st.integers(-500, 9000), cue_text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cue, min_size=1, max_size=12), st.booleans(), st.booleans())
@example([(0, 7270, '<font color="#ff0000">red</font>'), (7110, 1321, '<font color="#ff0000">red</font>')],
         False, False)  # a 3-frame gap the 7 s maximum forbids closing (found once by this test)
def test_fix_properties(cues, crlf, bom):
    body = "".join(f"{k}\n{ts(s / 1000)} --> {ts(max(0, s + d) / 1000)}\n{t}\n\n"
                   for k, (s, d, t) in enumerate(cues, 1))
    if crlf:
        body = body.replace("\n", "\r\n")
    data = (b"\xef\xbb\xbf" if bom else b"") + body.encode("utf-8")
    result = fix_bytes(data, profile_name="netflix-en")
    assert result.text is not None
    fixed = result.text.encode("utf-8")
    # never drops or reorders words (stable sort by start time), and each keeps its formatting
    order = sorted(range(len(cues)), key=lambda k: cues[k][0])
    expected = [x for k in order for x in seen_words(cues[k][2])]
    assert [x for s in srtlib.parse(result.text) for x in seen_words(s.content)] == expected
    assert [read_words(s.content)[0] for s in srtlib.parse(result.text)] == [
        read_words(cues[k][2])[0] for k in order]
    # idempotent
    again = fix_bytes(fixed, profile_name="netflix-en")
    assert again.text == result.text
    # nothing fixable left
    left = lint_bytes(fixed, profile_name="netflix-en").problems
    assert [(p.rule, p.message) for p in left if p.fixable] == []


VTT_WORDS = st.sampled_from("le la de et un une the a of and is maison house parle très grand big demain. "
                            "tomorrow? oui! <i>well</i> &amp; <c.yellow>jaune</c>".split()
                            + ["<b>bold text</b>", " ", "  ", "\u00a0", "&nbsp;", "<i>well </i>"])
vtt_cue = st.tuples(st.integers(0, 600_000), st.integers(-500, 9000),
                    st.lists(st.lists(VTT_WORDS, min_size=1, max_size=9).map(" ".join).filter(str.strip),
                             min_size=1, max_size=3).map("\n".join),
                    st.sampled_from(["", " line:0", " align:start"]))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(vtt_cue, min_size=1, max_size=10), st.booleans())
def test_fix_properties_webvtt(cues, crlf):
    """As for SRT, on WebVTT: words and their tags kept in order, settings kept, idempotent, nothing
    fixable left."""
    from subkit.cues import format_vtt
    from subkit.formats import parse

    body = "WEBVTT\n\n" + "".join(f"{format_vtt(s)} --> {format_vtt(max(0, s + d))}{cs}\n{t}\n\n"
                                    for s, d, t, cs in cues)
    data = (body.replace("\n", "\r\n") if crlf else body).encode("utf-8")
    result = fix_bytes(data, profile_name="netflix-en", name="x.vtt")
    assert result.text is not None, result.reason
    order = sorted(range(len(cues)), key=lambda k: cues[k][0])
    fixed = parse(result.text, "x.vtt", "vtt").cues
    assert [x for c in fixed for x in seen_words(c.text)] == [x for k in order for x in seen_words(cues[k][2])]
    assert [c.settings for c in fixed] == [cues[k][3].strip() for k in order]
    assert fix_bytes(result.text.encode("utf-8"), profile_name="netflix-en", name="x.vtt").text == result.text
    left = lint_bytes(result.text.encode("utf-8"), "x.vtt", profile_name="netflix-en").problems
    assert [(p.rule, p.message) for p in left if p.fixable or p.rule == "syntax"] == []


def test_a_gap_fix_cannot_close_is_not_marked_fixable():
    """Closing a 3-frame gap would take the earlier cue past its 7 s maximum: --fix leaves it (found
    by test_fix_properties), so lint does not mark it fixable; a gap it can close still is."""
    blocked = b"1\n00:00:00,000 --> 00:00:07,000\nred\n\n2\n00:00:07,120 --> 00:00:08,440\nred\n\n"
    problems = [p for p in lint_bytes(blocked, profile_name="netflix-en").problems if p.code == "min-gap/close-gap"]
    assert len(problems) == 1 and not problems[0].fixable
    assert fix_bytes(blocked, profile_name="netflix-en").text == blocked.decode()
    closable = b"1\n00:00:00,000 --> 00:00:03,000\nred\n\n2\n00:00:03,120 --> 00:00:04,440\nred\n\n"
    problems = [p for p in lint_bytes(closable, profile_name="netflix-en").problems if p.code == "min-gap/close-gap"]
    assert len(problems) == 1 and problems[0].fixable
    fixed = fix_bytes(closable, profile_name="netflix-en").text.encode()
    assert not [p for p in lint_bytes(fixed, profile_name="netflix-en").problems if p.fixable]


# -- where --fix writes: through links, keeping the mode, into pipes; the report apart ------------

BAD = "\ufeff1\r\n00:00:01,000 --> 00:00:03,000\r\nHello  there.\r\n"


def test_fix_writes_through_a_link_and_keeps_the_mode(tmp_path):
    real = tmp_path / "real.en.srt"
    real.write_bytes(BAD.encode("utf-8"))
    real.chmod(0o664)
    link = tmp_path / "link.en.srt"
    link.symlink_to(real.name)
    assert run("--fix", link).exit_code == 0
    assert link.is_symlink() and real.read_bytes() == b"1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n"
    assert real.stat().st_mode & 0o777 == 0o664


def test_fix_refuses_a_read_only_file(tmp_path):
    """A file without a write bit is not replaced (as ruff and black do), not even by root, for whom
    os.access says every file is writable: one line on stderr, exit 2, the file untouched."""
    path = tmp_path / "ro.en.srt"
    path.write_bytes(BAD.encode("utf-8"))
    path.chmod(0o444)
    other = tmp_path / "rw.en.srt"
    other.write_bytes(BAD.encode("utf-8"))
    result = run("--fix", path, other)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{path}: cannot write: permission denied (read-only file)" in result.stderr
    assert path.read_bytes() == BAD.encode("utf-8") and path.stat().st_mode & 0o777 == 0o444
    assert other.read_bytes() != BAD.encode("utf-8")  # the other files are still fixed


def test_fix_writes_into_a_pipe_instead_of_replacing_it(tmp_path):
    import os
    import threading

    src = tmp_path / "in.en.srt"
    src.write_bytes(BAD.encode("utf-8"))
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = run("--fix", "-o", fifo, src)
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert fifo.is_fifo() and got == [b"1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n"]


def test_fixing_stdin_keeps_the_report_off_the_fixed_file():
    empty_cue = "1\n00:00:01,000 --> 00:00:03,000\n\n\n2\n00:00:04,000 --> 00:00:06,000\nOui.\n"
    result = run("--fix", "-", input=empty_cue)
    assert "empty-cue" not in result.stdout and "Found" not in result.stdout
    assert "<stdin>:2:1: warning empty-cue" in result.stderr
    assert list(srtlib.parse(result.stdout))[-1].content == "Oui."
    named = run("--fix", "-o", "-", "-", input=empty_cue)  # the report names the input, not "-"
    assert "<stdin>:2:1:" in named.stderr and "\n-:" not in "\n" + named.stderr


def test_a_clean_file_is_neither_diffed_nor_rewritten(tmp_path):
    clean = tmp_path / "g.en.srt"
    text = ("1\n00:00:01,000 --> 00:00:03,500\nHello there, how are you?\n\n"
            "2\n00:00:04,000 --> 00:00:06,500\nI am fine, thanks.\n")  # no blank line after the last cue
    clean.write_text(text, encoding="utf-8")
    assert run(clean).exit_code == 0
    diff = run("--diff", clean)
    assert diff.exit_code == 0 and diff.stdout == ""
    assert run("--fix", clean).exit_code == 0 and clean.read_text(encoding="utf-8") == text


def test_fix_leaves_the_inside_of_tags_as_written():
    text = '1\n00:00:01,000 --> 00:00:05,000\n<font face="Arial  Black"  color="#ff0000">Red  text</font>\n'
    fixed = fix_bytes(text.encode("utf-8"), profile_name="netflix-en", name="t.srt").text
    assert '<font face="Arial  Black"  color="#ff0000">Red text</font>' in fixed


def test_fix_refuses_a_code_page_the_words_do_not_read_in(tmp_path):
    """Thai in cp874 fixed with --encoding cp1252 (the old hint's "e.g."), or Japanese cp932 with
    gb18030 (its old guess), was written as mojibake. --fix now leaves it alone and names the code
    page the words read in; with that one it converts the file."""
    for text, wrong, right in [("สวัสดีครับยินดีที่ได้รู้จัก วันนี้อากาศดีมากเลยนะ", "cp1252", "cp874"),
                               ("どうしてここにいるの？待って～！①番の髙橋さん。", "gb18030", "cp932")]:
        path = tmp_path / f"{right}.srt"
        data = f"1\n00:00:01,000 --> 00:00:04,000\n{text}\n".encode(right)
        path.write_bytes(data)
        r = run("--fix", "--encoding", wrong, "--profile", "netflix-en", path)
        assert r.exit_code == 2 and path.read_bytes() == data, r.output
        assert f"looks like {right}: read it with --encoding {right}" in r.stderr
        run("--fix", "--encoding", right, "--profile", "netflix-en", path)
        assert text in path.read_text(encoding="utf-8")


# -- dialogue cues keep their lines, whatever tags open them ------------------------------------------
@pytest.mark.parametrize("name, text", [
    ("d.vtt", "<v Journaliste>Nous sommes en direct depuis la place de la République\n"
              "<v Manifestant>On ne lâchera rien\u00a0!"),
    ("d.vtt", "<v.loud Anne>Nous sommes en direct depuis la place de la République</v>\n"
              "<c><v Anne>On ne lâchera rien\u00a0!</v></c>"),
    ("d.srt", "<i>- Tu as vu le match hier soir à la télévision\u00a0?</i>\n<i>- Oui.</i>"),
    ("d.vtt", "<i>- Tu as vu le match hier soir à la télévision\u00a0?</i>\n<i>- Oui.</i>"),
    ("d.vtt", "<c.yellow>- Tu as vu le match hier soir à la télévision\u00a0?</c>\n<c.yellow>- Oui.</c>"),
    ("d.srt", "{\\an8}<i>- Tu as vu le match hier soir à la télévision\u00a0?</i>\n<i>\u200f- Oui.</i>"),
])
def test_fix_keeps_the_lines_of_a_dialogue_cue(tmp_path, name, text):
    """A cue whose lines each open a speaker (a dash after the line's tags, or different WebVTT voices)
    is not re-wrapped: the second speaker was merged into the first one's line."""
    vtt = name.endswith(".vtt")
    path = tmp_path / name
    timing = "00:00:13.000 --> 00:00:18.000" if vtt else "1\n00:00:13,000 --> 00:00:18,000"
    path.write_text(f"{'WEBVTT' if vtt else ''}\n\n{timing}\n{text}\n".lstrip(), encoding="utf-8")
    fixed = run("--fix", "-o", "-", "--profile", "netflix-fr", path)
    assert text in fixed.stdout, fixed.stdout


def test_fix_rewraps_only_into_the_profiles_line_count_whatever_is_selected(tmp_path):
    """With --select line-length (or --ignore line-count) a long line was wrapped into three lines,
    which plain lint then failed: a re-wrap must fit the profile's line count."""
    text = "La réforme des retraites sera présentée au conseil des ministres dès mercredi prochain."
    path = tmp_path / "l.srt"
    path.write_text(f"1\n00:00:06,400 --> 00:00:12,000\n{text}\n", encoding="utf-8")
    for args in (["--select", "line-length"], ["--ignore", "line-count"]):
        fixed = run("--fix", "-o", "-", "--profile", "netflix-fr", *args, path)
        assert text in fixed.stdout, fixed.stdout
    three = tmp_path / "3.srt"  # --select line-count: wrapped within the profile's line length
    three.write_text("1\n00:00:06,400 --> 00:00:12,000\nLa réforme des retraites\nsera présentée au conseil\n"
                     "des ministres mercredi.\n", encoding="utf-8")
    run("--fix", "--profile", "netflix-fr", "--select", "line-count", three)
    assert run("--profile", "netflix-fr", three).exit_code == 0, three.read_text(encoding="utf-8")


# -- a run of blanks becomes one, across tags, keeping a no-break space -------------------------------
@pytest.mark.parametrize("name, line, fixed", [
    ("t.srt", "Il dit  \u00a0: oui.", "Il dit\u00a0: oui."),
    ("t.srt", "Il dit \u00a0 : oui.", "Il dit\u00a0: oui."),
    ("t.srt", "Quoi\u202f?  Vraiment\u00a0 \u00a0 !", "Quoi\u202f? Vraiment\u00a0!"),
    ("t.srt", "Il a dit \u202f\u00a0: « \u00a0oui\u00a0».", "Il a dit\u202f: «\u00a0oui\u00a0»."),
    ("t.srt", "Deux \u2009 blancs.", "Deux blancs."),
    ("t.srt", "<i>Bonjour </i> à tous.", "<i>Bonjour</i> à tous."),
    ("t.srt", "Bonjour <i> à</i> tous.", "Bonjour <i>à</i> tous."),
    ("t.srt", "Bonjour {\\an8}  à tous.", "Bonjour {\\an8}à tous."),
    ("t.vtt", "<c.yellow>Bonjour </c>\u00a0<b> à</b> tous.", "<c.yellow>Bonjour</c>\u00a0<b>à</b> tous."),
])
def test_fix_collapses_a_run_of_blanks_the_check_reports(tmp_path, name, line, fixed):
    """A run of spaces, no-break and thin spaces (across tags too) is one double space, reported
    fixable, and --fix makes it one blank: a no-break space where the run held one (French needs it
    before ; : ! ? »). It wrote "dit \u00a0:" (two blanks left) and lint then passed."""
    path = one_cue(tmp_path, name, line)
    found = [p for p in problems(path, "--profile", "netflix-fr")[1] if p["code"] == "typography/double-space"]
    assert found and all(p["fixable"] for p in found), found
    out = run("--fix", "-o", "-", "--profile", "netflix-fr", path).stdout
    assert f"\n{fixed}\n" in out, out
    path.write_text(out, encoding="utf-8")
    assert not [p for p in problems(path, "--profile", "netflix-fr")[1] if p["rule"] == "typography"
                and p["code"] in ("typography/double-space", "typography/edge-space")]


def test_a_double_space_fix_cannot_make_is_not_marked_fixable(tmp_path):
    """WebVTT's ``&nbsp;`` shows a no-break space: next to a space it is a double space, which --fix
    (leaving references as written) does not repair: no [*]."""
    path = one_cue(tmp_path, "t.vtt", "Il dit &nbsp; oui.")
    found = [p for p in problems(path, "--profile", "netflix-fr")[1] if p["code"] == "typography/double-space"]
    assert found and not any(p["fixable"] for p in found), found


def test_a_rewrap_never_moves_a_tag_beside_a_no_break_space():
    """Re-wrapped, ``partir\u00a0<i>au travail</i>`` became ``partir\u00a0au <i>travail</i>``: the
    italics moved a word. A re-wrap that changes a word's formatting is not made."""
    line = "Nous avons lu le journal ce matin avant de partir\u00a0<i>au travail</i>."
    fixed = fix_bytes(f"1\n00:00:00,000 --> 00:00:05,000\n{line}\n".encode(), profile_name="netflix-fr").text
    assert f"\n{line}\n" in fixed


# -- overlaps --fix can settle, and those it leaves for a human ----------------------------------
