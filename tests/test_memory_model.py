"""Human entries with the real model: a reviewed pair imported, then its French translated again."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sacrebleu.metrics import CHRF

from subkit.cli import cli
from subkit.srtio import parse_srt

DATA = Path(__file__).parent / "data" / "memory"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def plain(path: Path) -> str:
    """The words of a track: tags, dialogue dashes and line breaks left out."""
    lines = [line for c in parse_srt(path.read_text(encoding="utf-8"), path.name) for line in c.lines]
    return " ".join(re.sub(r"^[-–]\s*", "", re.sub(r"<[^>]+>", "", line)) for line in lines).strip()


@pytest.mark.parametrize("name", ["dinner", "report_head"])
def test_imported_human_translation_comes_back_as_the_human_wrote_it(with_model, tmp_path, name):
    memory = str(tmp_path / "tm.sqlite3")
    source, human = DATA / f"{name}.fr.srt", DATA / f"{name}.en.srt"
    before = tmp_path / "machine.en.srt"
    assert run("translate", str(source), "-o", str(before), "--memory", memory).exit_code == 0
    assert run("memory", "import", str(source), str(human), "--memory", memory).exit_code == 0
    out = tmp_path / "again.en.srt"
    result = run("translate", str(source), "-o", str(out), "--memory", memory)
    assert result.exit_code == 0, result.output
    sentences = int(re.search(r"(\d+) sentences", result.output).group(1))
    assert f"({sentences} from memory, {sentences} of them from human entries, 0 translated)" in result.output
    chrf = CHRF()
    score = chrf.sentence_score(plain(out), [plain(human)]).score
    machine = chrf.sentence_score(plain(before), [plain(human)]).score
    assert score >= 95, (score, plain(out))
    assert machine < 90  # the model alone writes something else: the memory made the difference
    # machine-only ignores the human entries (and the machine's entries are still there)
    ignored = run("translate", str(source), "-o", str(tmp_path / "m.en.srt"), "--memory", memory,
                  "--memory-mode", "machine-only")
    assert "0 of them from human entries, 0 translated" in ignored.output
    assert chrf.sentence_score(plain(tmp_path / "m.en.srt"), [plain(human)]).score == pytest.approx(machine)


def test_a_new_engine_revision_translates_machine_entries_again_and_keeps_human_ones(with_model, tmp_path,
                                                                                    monkeypatch):
    """The memory serves a machine translation only to the engine revision that made it (a changed
    decoding must not hide behind old output); a human entry wins under any revision."""
    from subkit.translate import engine

    memory = str(tmp_path / "tm.sqlite3")
    source, human = DATA / "dinner.fr.srt", DATA / "dinner.en.srt"
    first = run("translate", str(source), "-o", str(tmp_path / "a.en.srt"), "--memory", memory)
    sentences = int(re.search(r"(\d+) sentences", first.output).group(1))
    again = run("translate", str(source), "-o", str(tmp_path / "b.en.srt"), "--memory", memory)
    assert f"({sentences} from memory, 0 of them from human entries, 0 translated)" in again.output
    monkeypatch.setattr(engine, "ENGINE_REVISION", engine.ENGINE_REVISION + 1)
    newer = run("translate", str(source), "-o", str(tmp_path / "c.en.srt"), "--memory", memory)
    assert f"(0 from memory, 0 of them from human entries, {sentences} translated)" in newer.output
    assert run("memory", "import", str(source), str(human), "--memory", memory).exit_code == 0
    monkeypatch.setattr(engine, "ENGINE_REVISION", engine.ENGINE_REVISION + 1)
    latest = run("translate", str(source), "-o", str(tmp_path / "d.en.srt"), "--memory", memory)
    # the ♪ cue the human file translates, learned whole, is served too: one unit more than the sentences
    assert f"({sentences + 1} from memory, {sentences + 1} of them from human entries, 0 translated)" in latest.output
