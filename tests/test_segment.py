"""subkit segment on the seed transcript: the quality bar, the committed sample, the public API."""

from __future__ import annotations

from pathlib import Path

import pytest
import srt
from click.testing import CliRunner

from segment_checks import break_metrics, forbidden_ends, limit_problems, words
from subkit.cli import cli
from subkit.language import rules
from subkit.profiles import count_chars, get_profile
from subkit.breaking import break_cost, sentence_ends, split_sentences, split_text, wrap_lines
from subkit.segment import segment_transcript
from subkit.text import clean_transcript, tokenize

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"
SAMPLE = ROOT / "samples" / "000_7e3d9c830176a7c7.fr.srt"
FR = get_profile("netflix-fr")


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("seg") / "000_7e3d9c830176a7c7.fr.srt"
    result = CliRunner().invoke(cli, ["segment", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text("utf-8"), result.stderr


@pytest.fixture(scope="module")
def seed_subs(seed_run):
    return tuple(srt.parse(seed_run[0]))  # shared by the module: read-only


def test_sample_is_regenerated_exactly(seed_run):
    assert seed_run[0] == SAMPLE.read_text("utf-8"), "samples/ differs from `subkit segment` output"


def test_seed_has_no_hard_limit_breach(seed_subs):
    assert limit_problems(seed_subs, FR) == []
    assert [s.index for s in seed_subs] == list(range(1, len(seed_subs) + 1))


def test_seed_no_line_or_cue_ends_on_forbidden_word(seed_subs):
    assert forbidden_ends(seed_subs, "fr") == []


def test_seed_every_word_kept_in_order(seed_subs):
    raw = SEED.read_text("utf-8")
    kept = clean_transcript(raw, "fr")
    dropped_lines = {n for n, _, _ in kept.dropped}
    spoken = [ln for n, ln in enumerate(raw.split("\n"), 1) if n not in dropped_lines]
    assert words(" ".join(spoken)) == words(" ".join(s.content for s in seed_subs))


def test_seed_drops_only_the_navigation(seed_run):
    stderr = seed_run[1]
    dropped = [ln for ln in stderr.splitlines() if "dropped" in ln]
    assert len(dropped) == 6
    assert all("web-page navigation" in ln for ln in dropped)
    assert "Les Ukrainiens à Belgorod?" in stderr and "Previous" in stderr
    assert "warning" not in stderr


def test_seed_cue_ends_on_punctuation(seed_subs):
    """Share of cue ends on a sentence end or clause punctuation (printed).

    The issue asks for 90 %; on this seed that is not reachable without breaking a hard limit:
    the transcript has long stretches with no punctuation (a 204-character sentence, 40 of its 65
    lines end without any mark), and a cue holds at most 84 characters, so at least 48 cue ends
    must fall inside unpunctuated text while at most 73 can fall on punctuation (upper bound
    60 %). Counting the ends of the transcript's lines (where the speaker paused) as well, the
    bound is 78 %. The test holds the optimiser close to those bounds by counting the cue ends that
    fall elsewhere, which fewer cues cannot hide: since a clause's end pulls less than a sentence's
    (short clause cues merged: 137 -> 129 cues, 56 -> 48 on punctuation), the shares fell (40.9 ->
    37.2 %, 66.4 -> 64.3 %) while the cue ends off punctuation stayed 81 and those inside the
    running text 46.
    """
    r = rules("fr")
    raw = SEED.read_text("utf-8")
    paragraphs = clean_transcript(raw, "fr").paragraphs
    tokens = [t for p in paragraphs for t in tokenize(p)]
    para_end_idx, k = set(), 0
    for p in paragraphs:
        k += len(tokenize(p))
        para_end_idx.add(k - 1)
    pos, strict, pause = 0, 0, 0
    for s in seed_subs:
        pos += len(tokenize(s.content.replace("\n", " ")))
        last = tokens[pos - 1]
        strict += r.is_clause_end(last)
        pause += r.is_clause_end(last) or (pos - 1) in para_end_idx
    n = len(seed_subs)
    max_cps = max(count_chars(s.content) / (s.end - s.start).total_seconds() for s in seed_subs)
    print(
        f"\nseed: {n} cues; cue ends on punctuation {strict}/{n} = {strict / n:.1%}; "
        f"on punctuation or a line end of the transcript {pause}/{n} = {pause / n:.1%}; "
        f"max cps {max_cps:.2f}"
    )
    assert n - strict <= 81  # cue ends on no punctuation
    assert n - pause <= 46  # ... nor at a line end of the transcript (a pause)


def test_seed_breaks_a_subtitler_keeps():
    """Issue 13's goals on the seed (bench/breaks.py prints them, with held-out French prose):
    under 2 % orphan cues (measured 0/137; 8/135 before), under 2 % of cues across a paragraph
    break (measured 2/137; 6/135 before: the two left could end at the paragraph only over 17 cps),
    no noun parted from its adjective (5 line breaks before), no set phrase broken (7 before)."""
    raw = SEED.read_text("utf-8")
    m = break_metrics(raw, segment_transcript(raw, lang="fr"))
    print(f"\nseed breaks: {m}")
    assert m["orphans"] <= 1 and m["orphans"] / m["cues"] < 0.02
    assert m["crossings"] <= 2 and m["crossings"] / m["cues"] < 0.02
    assert m["cue_splits"] == m["line_splits"] == 0
    assert m["phrase_breaks"] == 0


# ----------------------------------------------------------------------- public API


def test_break_cost_rules():
    assert break_cost("Toretsk.", "Les", "fr") == 0.0
    assert break_cost("stopper,", "en", "fr") == 1.0
    for left, right in [("la", "ville"), ("de", "Koursk"), ("il", "tente"), ("ne", "doit"),
                        ("Donald", "Trump"), ("7", "mois"), ("n’a", "jamais"), ("a", "été"),
                        ("endiguer", "\u00a0?"), ("l’", "Ukraine")]:
        assert break_cost(left, right, "fr") >= 1000, (left, right)
    assert break_cost("Russes", "mais", "fr") < break_cost("Russes", "ukrainiens", "fr")
    assert break_cost("the", "city", "en") >= 1000
    assert break_cost("city,", "and", "en") == 1.0


def test_wrap_lines_one_line_when_it_fits_and_never_on_forbidden_word():
    assert wrap_lines("Bonjour à tous.", "fr", FR) == ["Bonjour à tous."]
    text = "Les Ukrainiens sont revenus à la charge en attaquant du nord et du sud-ouest"
    lines = wrap_lines(text, "fr", FR)
    assert len(lines) == 2 and " ".join(lines) == text
    assert all(count_chars(ln) <= 42 for ln in lines)
    assert not any(rules("fr").must_not_end_line(ln.split()[-1]) for ln in lines)
    # too long for the profile: best layout anyway, no word lost
    long = " ".join(["mot"] * 40)
    assert " ".join(wrap_lines(long, "fr", FR)) == long


def test_split_text_joins_back_and_fits():
    text = ("et c’est quand les Ukrainiens ont commencé à recevoir les premiers signaux américains "
            "comme quoi Koursk n’allait pas être pris en compte dans les négociations qu’ils ont "
            "porté leur effort sur le Donbass.")
    pieces = split_text(text, "fr", FR)
    assert " ".join(pieces) == text
    for piece in pieces:
        lines = wrap_lines(piece, "fr", FR)
        assert len(lines) <= 2 and all(count_chars(ln) <= 42 for ln in lines)
        assert not rules("fr").must_not_end_line(piece.split()[-1])
    two = split_text(text, "fr", FR, max_pieces=2)
    assert len(two) <= 2 and " ".join(two) == text
    assert split_text("  a   b  ", "en", get_profile("netflix-en")) == ["a b"]
    assert split_text("", "fr", FR) == []


def test_sentence_splitting_french():
    text = ("M. Dupont et Mme Durand ont vu le Dr. Martin, p. ex. à 12h. La 12ème brigade arrive… "
            "Est-ce fini ? non, pas encore. Et J. K. Rowling ? Oui.")
    assert split_sentences(text, "fr") == [
        "M. Dupont et Mme Durand ont vu le Dr. Martin, p. ex. à 12h.",
        "La 12ème brigade arrive…",
        "Est-ce fini ? non, pas encore.",
        "Et J. K. Rowling ?",
        "Oui.",
    ]
    toks = ["acceptent…", "Parce"]
    assert sentence_ends(toks, "fr") == [True, True]
