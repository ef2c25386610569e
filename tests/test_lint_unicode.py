"""`subkit lint` on Unicode that looks like something else: spaces that are not blank lines, digits
of other scripts, invisible characters, composed and decomposed letters."""

from __future__ import annotations

import json
import unicodedata

import pytest
from click.testing import CliRunner

from subkit.cli import cli


def run(*args, input=None):
    result = CliRunner().invoke(cli, ["lint", *map(str, args)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_cue(tmp_path, name, text, end=3):
    """A file *name* (SRT or WebVTT by its extension) of one cue, 1 s to *end* s, holding *text*."""
    path = tmp_path / name
    if name.endswith(".vtt"):
        head = f"WEBVTT\n\n00:00:01.000 --> 00:00:{end:02d}.000\n"
    else:
        head = f"1\n00:00:01,000 --> 00:00:{end:02d},000\n"
    path.write_bytes((head + text + "\n").encode("utf-8"))
    return path


def problems(path, *args):
    r = run("--format", "json", *args, path)
    return r.exit_code, json.loads(r.stdout)


# -- a line of only a no-break or ideographic space is cue text, not the blank line after the cue --
@pytest.mark.parametrize("space", ["\u3000", "\u00a0"])
def test_a_unicode_space_line_is_text_not_a_blank_line(tmp_path, space):
    path = tmp_path / "ideo.srt"
    text = f"1\n00:00:01,000 --> 00:00:03,000\n{space}\nこんにちは\n"
    path.write_bytes(text.encode("utf-8"))
    code, found = problems(path)
    assert code == 0, found
    assert not [p for p in found if p["rule"] in ("syntax", "empty-cue")]
    fixed = run("--fix", "-o", "-", path)
    assert fixed.exit_code == 0 and "こんにちは" in fixed.stdout


def test_fix_keeps_a_no_break_space_line(tmp_path):
    path = tmp_path / "he.srt"
    path.write_bytes("1\n00:00:01,000 --> 00:00:03,000\nשלום\n\u00a0\n\n".encode("utf-8"))
    fixed = run("--fix", "-o", "-", path)
    assert fixed.exit_code == 0
    assert "שלום\n\u00a0\n" in fixed.stdout


# -- digits of other scripts are not SRT or WebVTT digits ------------------------------------------
ARABIC_TIMING = "1\n٠٠:٠٠:٠١,٠٠٠ --> 00:00:03,000\nمرحبا\n"


@pytest.mark.parametrize("name, text", [
    ("digits.srt", ARABIC_TIMING),
    ("index.srt", "١\n00:00:01,000 --> 00:00:03,000\nمرحبا\n"),
    ("wide.srt", "1\n００:00:01,000 --> 00:00:03,000\nHello\n"),
    ("digits.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:03.000 position:١٠%\nمرحبا\n"),
    ("time.vtt", "WEBVTT\n\n00:00:0١.000 --> 00:00:03.000\nمرحبا\n"),
])
def test_digits_of_other_scripts_are_syntax_errors(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    code, found = problems(path)
    assert code == 1
    assert any(p["rule"] == "syntax" and p["level"] == "error" for p in found), found
    diff = run("--diff", path)
    assert diff.exit_code != 0 and "+00:00:01" not in diff.stdout


def test_subkit_readers_refuse_digits_of_other_scripts():
    from subkit.cues import parse_timestamp
    from subkit.errors import SubkitError

    with pytest.raises((SubkitError, ValueError)):
        parse_timestamp("00:00:0١,000")
    from subkit.srtio import parse_srt

    # the srt library read the end time "00:00:0٢,000" as 0 s and "02,５00" as 2.000 s
    for end in ("00:00:0\u0662,000", "00:00:02,\uff1500"):
        with pytest.raises(SubkitError, match="digits other than ASCII"):
            parse_srt(f"1\n00:00:01,000 --> {end}\nx\n", "x.srt")


# -- a valid WebVTT file with a BOM or CRLF line endings is left as it is --------------------------
@pytest.mark.parametrize("data", [
    b"WEBVTT\r\n\r\n00:00:01.000 --> 00:00:03.000\r\n\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\r\n",
    b"\xef\xbb\xbfWEBVTT\n\n00:00:01.000 --> 00:00:03.000\n\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\n",
    b"\xef\xbb\xbfWEBVTT\r\n\r\n00:00:01.000 --> 00:00:03.000\r\n\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d\r\n\r\n",
])
def test_valid_webvtt_with_bom_or_crlf_is_neither_diffed_nor_rewritten(tmp_path, data):
    path = tmp_path / "he.vtt"
    path.write_bytes(data)
    assert run("--strict", path).exit_code == 0
    diff = run("--diff", path)
    assert diff.exit_code == 0 and diff.stdout == ""
    assert run("--fix", path).exit_code == 0 and path.read_bytes() == data


def test_webvtt_with_crlf_and_a_fault_is_fixed_to_lf(tmp_path):
    path = tmp_path / "he.vtt"
    path.write_bytes(b"WEBVTT\r\n\r\n00:00:01.000 --> 00:00:03.000\r\nTwo  spaces.\r\n")
    assert run("--fix", path).exit_code == 0
    assert path.read_bytes() == b"WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nTwo spaces.\n"


# -- characters are counted as a viewer sees them ---------------------------------------------------
VI = "Tôi rất vui được gặp lại các bạn ở đây"  # 38 characters


@pytest.mark.parametrize("text, n", [
    (VI, 38),
    (unicodedata.normalize("NFD", VI), 38),
    (unicodedata.normalize("NFD", "안녕하세요"), 5),
    ("\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466", 1),  # family: one emoji
    ("\U0001F44D\U0001F3FD", 1),  # thumbs up with a skin tone
    ("\u2764\ufe0f", 1),  # heart with its emoji variation selector
    ("\u200fשלום\u200f", 4),  # right-to-left marks
    ("\u202bab\u202c\u200b\u200e", 2),  # embedding, pop, zero-width space, left-to-right mark
    ("<i>e\u0301</i>\nb", 2),
    ("क्\u200dष", 2),  # a ZWJ between letters asks for a half form: both letters are seen (the virama is a mark)
    ("\U0001F1EF\U0001F1F5", 1),  # a flag: two regional indicators
    ("\U0001F1EF\U0001F1F5\U0001F1EB\U0001F1F7\U0001F1EF", 3),  # two flags and an unpaired letter
    ("नमस्ते किताब", 8),  # न म स् ते ␠ कि ता ब: Devanagari vowel signs (ा ि, spacing marks: Mc) join their letter
    ("\u093f", 1),  # a vowel sign with no letter before it is seen on its own
])
def test_count_chars_counts_what_a_viewer_sees(text, n):
    from subkit.profiles import count_chars

    assert count_chars(text) == n


def _srt(*lines: str) -> bytes:
    return ("1\n00:00:01,000 --> 00:00:07,000\n" + "\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize("line", [
    "\u200f" + "ש" * 20 + " " + "ל" * 21 + "\u200f",  # 42 shown characters between two RLMs
    unicodedata.normalize("NFD", VI),  # 52 code points
    "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466 " * 14,
])
def test_invisible_and_combining_characters_do_not_make_a_line_too_long(tmp_path, line):
    path = tmp_path / "t.srt"
    path.write_bytes(_srt(line))
    code, found = problems(path, "--profile", "netflix-en")
    assert not [p for p in found if p["rule"] in ("line-length", "reading-speed")], found
    fixed = run("--fix", "--profile", "netflix-en", "-o", "-", path)
    assert line.rstrip() in fixed.stdout  # not re-wrapped


def test_a_decomposed_line_and_its_composed_form_count_the_same(tmp_path):
    long = VI + ", tôi rất vui được gặp"  # 60 characters
    counts = []
    for form in ("NFC", "NFD"):
        path = tmp_path / f"{form}.srt"
        path.write_bytes(_srt(unicodedata.normalize(form, long)))
        counts.append([p["value"] for p in problems(path, "--profile", "netflix-en")[1] if p["rule"] == "line-length"])
    assert counts[0] == counts[1] == [60]


# -- a cue with nothing visible is an empty cue -----------------------------------------------------
@pytest.mark.parametrize("name, body", [
    ("rlm.srt", "\u200f"),
    ("zwsp.srt", "\u200b"),
    ("nbsp.srt", "\u00a0"),
    ("nbsp.vtt", "\u00a0"),
    ("entity.vtt", "&nbsp;"),
    ("both.vtt", "<i>&nbsp;\u200f</i>"),
])
def test_a_cue_with_no_visible_text_is_an_empty_cue(tmp_path, name, body):
    path = one_cue(tmp_path, name, body)
    code, found = problems(path)
    assert [p["code"] for p in found] == ["empty-cue/no-text"], found
    assert "no visible text" in found[0]["message"]


# -- a regional language tag chooses its language's profile ------------------------------------------
EN_TEXT = ("1\n00:00:01,000 --> 00:00:02,000\nThis line is far too long for any subtitle at all, really.\n\n"
           "2\n00:00:03,000 --> 00:00:06,000\nI do not know what you are talking about, my friend.\n")


@pytest.mark.parametrize("tag", ["en", "en-GB", "en_GB", "EN-gb", "en-Latn-GB"])
def test_a_regional_tag_gets_its_languages_profile(tmp_path, tag):
    path = tmp_path / "en.srt"
    path.write_text(EN_TEXT, encoding="utf-8")
    code, found = problems(path, "--lang", tag)
    assert code == 1
    assert {p["rule"] for p in found} == {"line-length", "reading-speed"}, found
    assert all(p["level"] == "error" for p in found)


def test_a_regional_tag_in_the_config_is_its_language(tmp_path):
    (tmp_path / "subkit.toml").write_text('[lint.rules.language]\nexpected = "fr_CA"\n', encoding="utf-8")
    path = tmp_path / "en.srt"
    path.write_text(EN_TEXT, encoding="utf-8")
    code, found = problems(path, "--config", tmp_path / "subkit.toml")
    assert any(p["rule"] == "language" and p["limit"] == "fr" for p in found), found


@pytest.mark.parametrize("tag", ["english", "e", "12", "en--GB", "fr-", ""])  # "": an empty $LANG in CI
def test_a_malformed_language_tag_is_a_usage_error(tmp_path, tag):
    path = tmp_path / "en.srt"
    path.write_text(EN_TEXT, encoding="utf-8")
    r = run("--lang", tag, path)
    assert r.exit_code == 2 and "--lang" in r.output and "Traceback" not in r.output


def test_an_unknown_but_well_formed_code_does_not_pass_silently(tmp_path):
    path = tmp_path / "en.srt"
    path.write_text(EN_TEXT, encoding="utf-8")
    code, found = problems(path, "--lang", "qqq")
    assert any(p["rule"] == "language" and p["limit"] == "qqq" for p in found)


# -- columns are columns of the line as written ----------------------------------------------------
@pytest.mark.parametrize("name, line, col", [
    ("t.srt", '<font color="red">שלום</font>  עולם', 30),
    ("t.srt", "{\\an8}Two  spaces", 10),
    ("t.srt", "<i>Two</i>  spaces", 11),
    ("t.vtt", "<c.yellow>Two</c>  spaces", 18),
])
def test_typography_columns_count_the_tags(tmp_path, name, line, col):
    path = one_cue(tmp_path, name, line)
    found = [p for p in problems(path)[1] if p["code"] == "typography/double-space"]
    assert [p["column"] for p in found] == [col], found


@pytest.mark.parametrize("name, line, col", [
    ("t.vtt", "&lt;&amp;&gt;" + "x" * 45, 53),
    ("t.srt", "x" * 40 + "&amp;" + "x" * 5, 43),  # no character references in SRT: five characters
    ("t.srt", "\u200f" + "x" * 45, 44),
])
def test_line_length_columns_count_references_and_invisible_characters(tmp_path, name, line, col):
    path = one_cue(tmp_path, name, line, end=9)
    found = [p for p in problems(path, "--profile", "netflix-en")[1] if p["rule"] == "line-length"]
    assert [p["column"] for p in found] == [col], found


# -- --fix re-wraps WebVTT cues inside class, voice and language spans ---------------------------------
LONG = "I'm telling you, this is the right way to go home tonight."


@pytest.mark.parametrize("open_tag, close_tag", [
    ("<c.yellow>", "</c>"), ("<v Ahmed>", "</v>"), ("<lang ar>", "</lang>"), ("<v.loud Ahmed>", ""),
    ("<i.loud>", "</i>"),
])
def test_fix_rewraps_webvtt_spans(tmp_path, open_tag, close_tag):
    path = one_cue(tmp_path, "t.vtt", open_tag + LONG + close_tag, end=6)
    fixed = run("--fix", "--profile", "netflix-en", "-o", "-", path)
    assert fixed.exit_code == 0, fixed.output
    lines = fixed.stdout.split("\n\n")[1].splitlines()[1:]
    assert len(lines) == 2, fixed.stdout
    assert lines[0].startswith(open_tag) and lines[1].endswith(close_tag or "</v>")
    assert " ".join(lines).replace(open_tag, "").replace(close_tag or "</v>", "") == LONG
    assert run("--profile", "netflix-en", "--strict", "-", input=fixed.stdout).exit_code == 0


def test_line_balance_counts_as_line_length_does(tmp_path):
    # 30 and 12 shown characters: balanced enough (12 > 0.33 x 30), however many RLMs the first holds
    text = "\u200f".join("a" * 10 + " " + "b" * 9 + " " + "c" * 9) + "\nddddd eeeee."
    path = one_cue(tmp_path, "t.srt", text, end=6)
    assert not [p for p in problems(path, "--profile", "netflix-en")[1] if p["rule"] == "line-balance"]
    path = one_cue(tmp_path, "t.srt", text.replace("ddddd eeeee.", "dd ee."), end=6)
    found = [p for p in problems(path, "--profile", "netflix-en")[1] if p["rule"] == "line-balance"]
    assert [p["message"] for p in found] == ["unbalanced lines (30 and 6 characters)"], found


def test_line_break_columns_count_the_tags(tmp_path):
    path = one_cue(tmp_path, "t.srt", "<i>I will go to the</i>\nshop tomorrow.", end=6)
    found = [p for p in problems(path, "--profile", "netflix-en")[1] if p["rule"] == "line-break"]
    assert [p["column"] for p in found] == [17], found


# -- --fix counts a WebVTT character reference as the rule does: one character ----------------------
def test_fix_counts_webvtt_references_as_one_character(tmp_path):
    fits = tmp_path / "fits.vtt"  # 40 characters on screen, 68 in the file: lint passes it
    fits.write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:08.000\n"
                     b"AT&amp;T &amp; B&amp;Q &amp; M&amp;S &amp; H&amp;M &amp; P&amp;G &amp; more text\n")
    assert run("--lang", "en", fits).exit_code == 0
    diff = run("--lang", "en", "--diff", fits)
    assert diff.exit_code == 0 and diff.stdout == ""  # was split in two
    long = tmp_path / "long.vtt"  # 55 on screen: two lines of 27 fit, and were not made
    long.write_bytes(b"WEBVTT\n\n00:00:01.000 --> 00:00:08.000\nR&amp;D A&amp;B C&amp;D E&amp;F G&amp;H I&amp;J K&amp;L"
                     b" M&amp;N O&amp;P Q&amp;R S&amp;T U&amp;V W&amp;X Y&amp;Z\n")
    assert run("--lang", "en", "--fix", long).exit_code == 0
    lines = long.read_text("utf-8").strip().split("\n")[3:]
    assert len(lines) == 2 and " ".join(lines).count("&amp;") == 14
    assert run("--lang", "en", long).exit_code == 0


# -- right-to-left text: direction marks before a dialogue dash, around edge spaces, on re-wrapped lines --
RLM, RLE, PDF = "\u200f", "\u202b", "\u202c"
_RTL_DIALOGUES = [
    f"{RLM}-אתה באמת חושב שהוא יבוא לפגוש אותנו הערב בתחנה?\n{RLM}-כן.",
    f"{RLE}- هل تعتقد حقاً أنه سيأتي للقائنا الليلة في المحطة؟{PDF}\n{RLE}- نعم.{PDF}",
]


@pytest.mark.parametrize("text", _RTL_DIALOGUES)
def test_a_dash_after_a_direction_mark_opens_a_dialogue_line(tmp_path, text):
    """Hebrew and Arabic dialogue lines start with RLM or RLE before the dash: one speaker a line,
    not an orphan word, and --fix does not glue the second speaker onto the first one's line."""
    path = one_cue(tmp_path, "d.srt", text, end=6)
    _, found = problems(path, "--profile", "netflix-en")
    assert not [p for p in found if p["rule"] == "line-balance"], found
    fixed = run("--fix", "-o", "-", "--profile", "netflix-en", path).stdout
    assert text in fixed


def test_rewrapped_rtl_lines_each_start_with_the_mark(tmp_path):
    """Each line of an RTL cue starts with RLM; re-wrapped, each new line does, and none is left inside."""
    words = "אני לא יודע מה אתה רוצה ממני, אבל אני לא הולך לשום מקום היום"
    path = one_cue(tmp_path, "w.srt", f"{RLM}{words}.", end=6)
    lines = run("--fix", "-o", "-", "--profile", "netflix-en", path).stdout.split("\n")[2:4]
    assert len(lines) == 2 and all(x.startswith(RLM) and x.count(RLM) == 1 for x in lines), lines
    assert " ".join(x[1:] for x in lines) == words + "."


@pytest.mark.parametrize("line", [f"{RLM} שלום", f"שלום {RLM}", f"{RLE} שלום{PDF}", f"שלום {RLM} "])
def test_edge_spaces_behind_a_direction_mark_are_seen(tmp_path, line):
    """A space at the line's edge is one whether or not an invisible direction mark stands outside it;
    --fix removes it and keeps the mark."""
    path = one_cue(tmp_path, "e.srt", line)
    _, found = problems(path, "--profile", "netflix-en", "--select", "typography")
    assert [p["code"] for p in found] == ["typography/edge-space"], found
    fixed = run("--fix", "-o", "-", "--profile", "netflix-en", path).stdout.split("\n")[2]
    assert fixed.replace(RLM, "").replace(RLE, "").replace(PDF, "") == "שלום" and (RLM in fixed or RLE in fixed)
