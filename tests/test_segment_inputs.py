"""`subkit segment`'s reading of its input and options: bad times and mismatches refused in one
line naming the file, saved web pages read as their article, addresses and tags kept in place."""

from __future__ import annotations

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
