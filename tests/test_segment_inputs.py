"""`subkit segment`'s reading of its input and options: bad times and mismatches refused in one
line naming the file, saved web pages read as their article, addresses and tags kept in place."""

from __future__ import annotations

import srt
from click.testing import CliRunner

from subkit.cli import cli
from subkit.cues import format_srt


def run(*args):
    return CliRunner().invoke(cli, ["segment", *args])


def one_line_error(result, name: str) -> str:
    assert result.exit_code != 0 and "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0], result.stderr
    return lines[0]


def _karaoke(times: list[tuple[int, int]]) -> str:
    """A Whisper --highlight_words SRT of one 12-word line, a cue per (start, end) in ms."""
    said = "one two three four five six seven eight nine ten eleven twelve".split()
    blocks = []
    for k, (a, b) in enumerate(times):
        shown = " ".join(f"<u>{w}</u>" if j == k else w for j, w in enumerate(said))
        blocks.append(f"{k + 1}\n{format_srt(a)} --> {format_srt(b)}\n{shown}\n")
    return "\n".join(blocks)


def test_a_cue_that_ends_before_it_starts_is_refused_by_number(tmp_path):
    times = [(300 * k, 300 * k + 300) for k in range(12)]
    times[9] = (2700, 2000)
    src = tmp_path / "c12bad.srt"
    src.write_text(_karaoke(times), encoding="utf-8")
    out = tmp_path / "out.srt"
    result = run(str(src), "--lang", "en", "-o", str(out))
    line = one_line_error(result, str(src))
    assert result.exit_code == 2 and "cue 10" in line and "ends before it starts" in line
    assert not out.exists()


def test_an_address_longer_than_a_line_is_laid_out_whole_and_said_to_be(tmp_path):
    """A word longer than a line is an error; an address, which cannot be cut, gets a line of its own
    (README: Segment), and stderr names it, the cue and the lint rule that will flag the line."""
    url = "https://example.com/a/very/long/path/to/some/resource/index.html"
    src = tmp_path / "longurl.txt"
    src.write_text(f"Voici le lien {url} pour vous.\n", encoding="utf-8")
    result = run(str(src), "--lang", "fr")
    assert result.exit_code == 0 and url in result.stdout.splitlines()
    cues = result.stdout.strip().split("\n\n")
    number, times = next(c.splitlines()[:2] for c in cues if url in c.splitlines())
    start = times.split(" --> ")[0].replace(",", ".")
    assert (f"{src}: warning: cue {number} at {start}: the address {url} (64 characters) has a line of its own, "
            "over the 42-character line of netflix-fr (subkit lint: line-length)") in result.stderr.splitlines()
    word = tmp_path / "longword.txt"
    word.write_text("Voici l'anticonstitutionnellementissimementextraordinaire pour vous.\n", encoding="utf-8")
    line = one_line_error(run(str(word), "--lang", "fr"), str(word))
    assert "a word of 51 characters" in line and "cannot fit a 42-character line" in line


def test_punctuation_after_a_closing_tag_stays_outside_it(tmp_path):
    src = tmp_path / "voices.vtt"
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\n<v Paul>Oui, <i>Les Misérables</i>, c'était vraiment "
                   "magnifique.\n\n00:00:05.500 --> 00:00:07.000\n<v Marie><i>Vraiment ?</i> <i>Le</i>s autres, "
                   "<b><i>non</i>.</b>\n", encoding="utf-8")
    result = run(str(src), "--lang", "fr")
    assert result.exit_code == 0, result.output
    shown = " ".join(s.content for s in srt.parse(result.stdout)).replace("\n", " ")
    assert "Oui, <i>Les Misérables</i>, c'était" in shown
    assert "<i>Vraiment\u00a0? Le</i>s autres, <b><i>non</i>.</b>" in shown  # one italic run, as before


def test_a_clock_time_with_60_minutes_or_seconds_is_refused(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("Bonjour à tous, voici la vidéo du jour.\n", encoding="utf-8")
    for bad in ("1:75", "00:60:00", "0:00:59:00", "1:5x"):
        result = run(str(src), "--start", bad)
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1 and repr(bad) in result.stderr, result.stderr
    assert "under 60" in run(str(src), "--duration", "2:75").stderr
    good = run(str(src), "--start", "75:00", "--lang", "fr")  # the first part is not bounded
    assert good.exit_code == 0 and next(srt.parse(good.stdout)).start.total_seconds() == 4500


def test_a_utf8_file_read_with_a_code_page_is_read_as_utf8(tmp_path):
    """As `subkit lint --fix` does: bytes that are valid UTF-8 are UTF-8 whatever --encoding says
    (read as cp1252 they gave "apportÃ©")."""
    src = tmp_path / "t.txt"
    src.write_text("Le vélo a apporté un changement à la ville.\n", encoding="utf-8")
    result = run(str(src), "--encoding", "cp1252", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "apporté" in result.stdout and "Ã" not in result.stdout
    latin = tmp_path / "l.txt"
    latin.write_bytes("Le vélo a apporté un changement.\n".encode("cp1252"))
    assert "apporté" in run(str(latin), "--encoding", "cp1252", "--lang", "fr").stdout


def test_a_format_the_output_name_contradicts_is_refused(tmp_path):
    """--format vtt -o x.srt wrote WebVTT into a .srt file; segment, convert, translate and sync
    refuse it alike (formats.check_writable), before any work. A name no format claims is fine."""
    src = tmp_path / "t.txt"
    src.write_text("Bonjour à tous, voici la vidéo du jour.\n", encoding="utf-8")
    out = tmp_path / "x.srt"
    line = one_line_error(run(str(src), "--format", "vtt", "-o", str(out)), str(out))
    assert ".srt" in line and "vtt" in line and not out.exists()
    assert run(str(src), "--format", "vtt", "-o", str(tmp_path / "x.txt")).exit_code == 0
    srt_in = tmp_path / "in.srt"
    srt_in.write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour.\n", encoding="utf-8")
    converted = CliRunner().invoke(cli, ["convert", str(srt_in), "--to", "vtt", "-o", str(tmp_path / "y.srt")])
    assert converted.exit_code == 2 and ".srt" in converted.stderr and not (tmp_path / "y.srt").exists()
    translated = CliRunner().invoke(cli, ["translate", str(srt_in), "--format", "vtt", "-o", str(tmp_path / "z.srt")])
    assert translated.exit_code == 2 and ".srt" in translated.stderr
