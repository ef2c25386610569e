"""lint --fix and timing: overlaps settled only where both cues stay readable (else left, not
marked fixable), chained cues kept where the rule allows them, no repair of a rule that is off for
the file, NOTE blocks moved with their cue. The real CLI and fix_bytes."""

from __future__ import annotations

import json

import srt as srtlib
from click.testing import CliRunner

from subkit.cli import cli
from subkit.lint.fix import fix_bytes
from test_lint_fix import run
from test_lint_rules import srt

def test_fix_leaves_an_overlap_it_cannot_settle_and_does_not_mark_it(tmp_path):
    """--fix cut the earlier cue of the same start to one frame (600 cps) and a cue with another
    inside it to 0.92 s, marking both [*]. Such an overlap is now reported, unmarked, untouched."""
    same = srt((10, 12, "Le président est arrivé."), (10, 12.5, "Il salue la foule."), (20, 22, "La cérémonie."))
    inside = srt((10, 16, "Le président est arrivé sous les vivats."), (11, 13, "Il salue la foule."),
                 (20, 22, "La cérémonie."))
    for text in (same, inside):
        path = tmp_path / "x.srt"
        path.write_text(text, encoding="utf-8")
        report = json.loads(run("--format", "json", "--profile", "netflix-fr", path).stdout)
        assert [p["fixable"] for p in report if p["rule"] == "overlap"] == [False]
        run("--fix", "--profile", "netflix-fr", path)
        assert [(s.start, s.end) for s in srtlib.parse(path.read_text("utf-8"))] == [
            (s.start, s.end) for s in srtlib.parse(text)]


def test_fix_starts_the_later_cue_later_when_the_earlier_cannot_end_sooner(tmp_path):
    """A 95-character cue went from 700 to 320 ms while the next one (6 characters, 4.5 s) could
    start later: it does now, and the earlier cue keeps its time."""
    long = "Le gouvernement a annoncé ce matin un plan de relance de quarante milliards pour l'industrie."
    path = tmp_path / "g2.srt"
    path.write_text(srt((1, 1.72, long), (1.4, 5.88, "Merci.")), encoding="utf-8")
    run("--fix", "--profile", "netflix-fr", path)
    first, second = srtlib.parse(path.read_text("utf-8"))
    assert (first.start.total_seconds(), first.end.total_seconds()) == (1.0, 1.72)
    assert second.start.total_seconds() == 1.8 and second.end.total_seconds() == 5.88


def test_fix_keeps_chained_cues_where_the_rule_allows_them(tmp_path):
    """[rules.min-gap] chained = true: cues that touch stay so (--fix made a 0 ms chain 80 ms)."""
    (tmp_path / "subkit.toml").write_text("[rules.min-gap]\nchained = true\n", encoding="utf-8")
    path = tmp_path / "c.srt"
    path.write_text(srt((1, 3, "Bonjour à tous."), (3, 5, "Voici les titres."), (5.02, 7, "D'abord la politique."),
                        (7.12, 9, "Ensuite  le sport.")), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lint", "--config", str(tmp_path / "subkit.toml"), "--fix", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    subs = list(srtlib.parse(path.read_text("utf-8")))
    assert subs[0].end == subs[1].start and subs[0].end.total_seconds() == 3.0
    general = tmp_path / "g.en.srt"
    general.write_text(srt((1, 3, "Good evening, everyone."), (3, 5, "Here are the headlines."),
                           (4.9, 7, "First, politics.")), encoding="utf-8")
    run("--profile", "general", "--fix", general)
    subs = list(srtlib.parse(general.read_text("utf-8")))
    assert subs[0].end.total_seconds() == subs[1].start.total_seconds() == 3.0
    assert (subs[2].start - subs[1].end).total_seconds() == 0.08


# -- only the repairs of rules that are on -------------------------------------------------------

def test_fix_makes_no_repair_of_a_rule_that_is_ignored_or_not_selected(tmp_path, monkeypatch):
    """README: ignored rules "are off there (and do not trigger --fix)"; --select runs only these
    rules. Fixing a gap stripped the edge spaces a per-file-ignores kept; --ignore numbering
    renumbered; --select typography sorted the cues; an ignored double space was collapsed."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "subkit.toml").write_text('[per-file-ignores]\n"*.sdh.srt" = ["typography/edge-space"]\n'
                                          '"b.srt" = ["typography"]\n', encoding="utf-8")
    sdh = tmp_path / "ep.sdh.srt"
    sdh.write_text(srt((1, 3, " [MUSIQUE] "), (3.02, 6, "Nous commençons ce journal.")), encoding="utf-8")
    run("--fix", sdh.name)
    first, second = srtlib.parse(sdh.read_text("utf-8"))
    assert first.content == " [MUSIQUE] " and (second.start - first.end).total_seconds() >= 0.08
    b = tmp_path / "b.srt"
    b.write_text(srt((1, 3, "Bonjour  à tous.")), encoding="utf-8")
    run("--fix", b.name)
    assert b.read_text("utf-8") == srt((1, 3, "Bonjour  à tous."))
    num = tmp_path / "num.srt"
    num.write_text(srt((1, 3, "Bonjour  à tous."), (4, 6, "Nous commençons.")).replace("2\n00:00:04", "5\n00:00:04"),
                   encoding="utf-8")
    run("--ignore", "numbering", "--fix", num.name)
    assert [s.index for s in srtlib.parse(num.read_text("utf-8"))] == [1, 5]
    assert "Bonjour à tous." in num.read_text("utf-8")
    unsorted = tmp_path / "u.srt"
    unsorted.write_text(srt((5, 7, "Deuxième  phrase."), (1, 3, "Première phrase.")), encoding="utf-8")
    run("--select", "typography", "--fix", unsorted.name)
    assert [s.content for s in srtlib.parse(unsorted.read_text("utf-8"))] == ["Deuxième phrase.", "Première phrase."]


def test_fix_moves_a_note_with_the_cue_it_precedes_when_it_sorts_cues():
    """README: NOTE blocks are anchored to the cue they precede. Sorting the cues left "NOTE sujet 2"
    before the wrong cue; STYLE stays at the top, where WebVTT wants it."""
    data = ("WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nNOTE sujet 1\n\ns1-a\n00:00:05.000 --> 00:00:07.000 line:90%\n"
            "Deuxième phrase.\n\nNOTE sujet 2 : la première phrase\n\ns1-b\n00:00:01.000 --> 00:00:03.000 align:right\n"
            "Première phrase.\n\ns1-c\n00:00:08.000 --> 00:00:10.000\nTroisième phrase.\n\nNOTE fin du fichier\n")
    text = fix_bytes(data.encode("utf-8"), profile_name="netflix-fr", name="x.vtt").text
    assert text == ("WEBVTT\n\nSTYLE\n::cue { color: yellow }\n\nNOTE sujet 2 : la première phrase\n\n"
                    "s1-b\n00:00:01.000 --> 00:00:03.000 align:right\nPremière phrase.\n\nNOTE sujet 1\n\n"
                    "s1-a\n00:00:05.000 --> 00:00:07.000 line:90%\nDeuxième phrase.\n\n"
                    "s1-c\n00:00:08.000 --> 00:00:10.000\nTroisième phrase.\n\nNOTE fin du fichier\n")


def test_fix_settles_a_short_gap_after_a_fast_cue_with_the_free_time_after_the_later_one(tmp_path):
    """gap.srt: a 32-cps cue, a 10 ms gap, a 21-cps cue with 1 s free after it. --fix snapped the
    later start onto the earlier end (gap 0 ms, still an error) and held the later cue at 21 cps: the
    pair was judged unsettleable, as if the later cue could not grow. It can: it starts 2 frames after
    the earlier one ends and extends into the free time after it for its reading speed."""
    text = srt((1, 2, "Did you see the game last night?"), (2.01, 4, "No, I was working late at the office again."),
               (5, 6, "Okay."))
    path = tmp_path / "gap.srt"
    path.write_text(text, encoding="utf-8")
    report = json.loads(run("--format", "json", "--profile", "netflix-en", path).stdout)
    assert [p["fixable"] for p in report if p["rule"] == "min-gap"] == [True]
    run("--fix", "--profile", "netflix-en", path)
    first, second, third = [(s.start.total_seconds(), s.end.total_seconds())
                            for s in srtlib.parse(path.read_text("utf-8"))]
    assert first == (1.0, 2.0) and third == (5.0, 6.0)
    assert second[0] == 2.08 and second[1] > 4.0  # 2 frames of gap; longer, for its reading speed
    report = json.loads(run("--format", "json", "--profile", "netflix-en", path).stdout)
    assert [p["rule"] for p in report if p["line"] > 4] == []  # the later cue breaks nothing now
