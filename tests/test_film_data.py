"""The Tears of Steel subtitles bench/film_quality.py scores against: they parse and line up cue for cue."""

from __future__ import annotations

from pathlib import Path

from subkit.srtio import parse_srt, read_text

FILM = Path(__file__).resolve().parents[1] / "bench" / "data" / "tears-of-steel"


def _cues(name: str):
    return parse_srt(read_text(FILM / name), name)


def test_film_tracks_parse_and_line_up():
    fr, en = _cues("tos-fr.srt"), _cues("tos-en.srt")
    assert len(fr) == len(en) == 76
    assert all(c.text.strip() for c in fr + en)
    # Same times cue for cue, but for the one start the English file has of its own (cue 9).
    assert [c.end for c in fr] == [c.end for c in en]
    assert [n for n, (a, b) in enumerate(zip(fr, en), 1) if a.start != b.start] == [9]
    assert "J'adore ça" in fr[21].text and "I love it!" in en[21].text  # a repaired meaning swap


def test_film_licence_is_stated():
    readme = (FILM / "README.md").read_text(encoding="utf-8")
    assert "CC BY 3.0" in readme and "Blender Foundation | mango.blender.org" in readme
