"""Speaker labels and timestamps in transcripts (subkit.transcript_marks), through `subkit segment`:
taken out of the text, a new speaker starts a cue, a timestamp is a time the words do not come before."""

from __future__ import annotations

import srt
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from subkit.cli import cli
from subkit.segment import segment_transcript
from subkit.timing import anchored_times
from subkit.transcript_marks import read_marks

INTERVIEW = """[00:00:01] MARIE : Bonjour à tous et bienvenue dans cette émission consacrée à l'économie française.
[00:00:09] PAUL : Merci Marie. Aujourd'hui nous parlons de l'inflation, qui a atteint 5,2 % en 2023.
MARIE : C'est énorme !
PAUL : Oui.
Et les salaires n'ont pas suivi, surtout pour les ménages les plus modestes.
[00:00:30] MARIE : On en reparle après la pause.
"""


def marks(*paragraphs):
    return read_marks(list(paragraphs), list(range(1, len(paragraphs) + 1)))


def test_labels_and_timestamps_are_taken_out_and_kept_beside_the_words():
    m = marks(*INTERVIEW.splitlines())
    assert m.paragraphs == ["Bonjour à tous et bienvenue dans cette émission consacrée à l'économie française.",
                            "Merci Marie. Aujourd'hui nous parlons de l'inflation, qui a atteint 5,2 % en 2023.",
                            "C'est énorme !", "Oui.",
                            "Et les salaires n'ont pas suivi, surtout pour les ménages les plus modestes.",
                            "On en reparle après la pause."]
    assert m.anchors == [1000, 9000, None, None, None, 30000]
    assert m.turns == [True, True, True, True, False, True]
    assert m.speakers == ["MARIE", "PAUL"]


def test_other_tools_forms():
    # YouTube's "Show transcript": a timestamp alone on the line before the words
    yt = marks("0:01", "bonjour à tous", "0:04", "et bienvenue", "1:02:03.5", "fin")
    assert (yt.paragraphs, yt.anchors) == (["bonjour à tous", "et bienvenue", "fin"], [1000, 4000, 3723500])
    # Otter: "Speaker 1  0:03" on a line of its own; closed captions' ">>"; a dialogue dash
    otter = marks("Speaker 1  0:03", "Hello there.", "Speaker 2  0:05", "Hi.", "Speaker 1  0:07", "How are you?")
    assert otter.paragraphs == ["Hello there.", "Hi.", "How are you?"] and otter.anchors == [3000, 5000, 7000]
    assert otter.speakers == ["Speaker 1", "Speaker 2"] and otter.turns == [True, True, True]
    cc = marks(">> Et vous ?", "- Moi non.", "Mais lui oui.")
    assert cc.paragraphs == ["Et vous ?", "Moi non.", "Mais lui oui."] and cc.turns == [True, True, False]
    # names used for several turns, in any case, with a no-break space before the colon
    names = marks("Marie\u00a0: Oui.", "Jean-Pierre Dupont : Non.", "Marie : Si.", "Jean-Pierre Dupont : Bon.")
    assert names.paragraphs == ["Oui.", "Non.", "Si.", "Bon."] and names.speakers == ["Marie", "Jean-Pierre Dupont"]


def test_one_speaker_named_on_most_lines():
    mono = marks("SÉBASTIEN : Bonjour à tous.", "SÉBASTIEN : Aujourd'hui, Koursk.", "Une parenthèse.",
                 "SÉBASTIEN : Merci.")
    assert mono.paragraphs == ["Bonjour à tous.", "Aujourd'hui, Koursk.", "Une parenthèse.", "Merci."]
    assert mono.speakers == ["SÉBASTIEN"]


def test_exports_of_transcription_services_and_markdown():
    rev = marks("Sarah Smith (00:00:04):", "Welcome to the show.", "John Doe (00:00:09):", "Thanks.",
                "Sarah Smith (00:00:12): So, tell us.")
    assert rev.paragraphs == ["Welcome to the show.", "Thanks.", "So, tell us."]
    assert rev.anchors == [4000, 9000, 12000] and rev.speakers == ["Sarah Smith", "John Doe"]
    bold = marks("**Marie :** Bonjour.", "**Paul :** Salut.", "**Marie :** Ça va ?")  # Paul once, in bold
    assert bold.paragraphs == ["Bonjour.", "Salut.", "Ça va ?"] and bold.speakers == ["Marie", "Paul"]
    roles = marks("Marie Dupont (journaliste) : Bonjour.", "Paul (économiste) : Salut.",
                  "Marie Dupont (journaliste) : Résultat : rien.", "Paul (économiste) : Oui.")
    assert roles.paragraphs == ["Bonjour.", "Salut.", "Résultat : rien.", "Oui."]  # the second colon is text
    qa = marks("Q : Pourquoi ?", "R : Parce que.", "Q : Et après ?", "R : Rien.")
    assert qa.speakers == ["Q", "R"] and qa.paragraphs[1] == "Parce que."


def test_prose_that_looks_like_marks_is_left_alone():
    prose = ["Résultat : les prix montent.", "Conclusion : rien ne change.", "10:30, la réunion commence.",
             "https://exemple.fr : un site.", "Bref : voilà.", "12:30 c'est l'heure du déjeuner.",
             "**Note :** en gras.", "Note (importante) : lire ceci."]
    m = marks(*prose)
    assert m.paragraphs == prose and m.anchors == [None] * 8 and not any(m.turns) and m.speakers == []
    # bare times that go back are not timestamps; one in brackets is taken out but anchors nothing
    back = marks("05:00 on commence", "02:00 on finit")
    assert back.paragraphs == ["05:00 on commence", "02:00 on finit"]
    # one label used twice is not two speakers taking turns; "A le" is no name
    twice = marks("Résultat : les prix montent.", "Texte.", "Résultat : rien.", "A le: x", "A le: y")
    assert twice.paragraphs == ["Résultat : les prix montent.", "Texte.", "Résultat : rien.", "A le: x", "A le: y"]
    # a short line that ends in a time is not a name with a time (Otter's line), even among timestamps
    agenda = marks("[00:01] Bonjour.", "Rendez-vous à 12:30", "[15:00] Merci.", "Fin prévue 18:45")
    assert agenda.paragraphs == ["Bonjour.", "Rendez-vous à 12:30", "Merci.", "Fin prévue 18:45"]
    bracketed = marks("[05:00] on commence", "[02:00] on finit", "[99:99] pas une heure")
    assert bracketed.paragraphs == ["on commence", "on finit", "[99:99] pas une heure"]
    assert bracketed.anchors == [5 * 60000, None, None] and bracketed.back == [(2, 2 * 60000, 5 * 60000)]


def test_a_speakers_turn_starts_a_cue_and_no_cue_is_said_before_its_timestamp():
    result = segment_transcript(INTERVIEW, name="i.txt", lang="fr")
    texts = [c.text for c in result.cues]
    assert not any(label in t for t in texts for label in ("MARIE", "PAUL", "[00:", ":00"))
    turns = ["Bonjour", "Merci Marie.", "C'est énorme", "Oui.", "On en reparle"]
    for turn in turns:  # each turn opens a cue
        assert any(t.startswith(turn) for t in texts), (turn, texts)
    starts = {t.split()[0]: c.start for t, c in zip(texts, result.cues)}
    assert starts["Bonjour"] >= 1000 and starts["Merci"] >= 9000 and starts["On"] >= 30000
    cue_of_merci = next(c for c in result.cues if c.text.startswith("Merci"))
    assert cue_of_merci.start - 9000 < 200  # at its timestamp, not long after
    before = [c for c in result.cues if c.start < 9000]
    assert before and all(c.end <= 9000 for c in before)  # Marie's words fit before Paul's timestamp
    assert any("speaker labels taken out (MARIE, PAUL)" in n for n in result.notes)
    assert any("3 timestamp(s) taken out" in n for n in result.notes)


def test_the_cli_says_what_it_took_out(tmp_path):
    (tmp_path / "i.txt").write_text(INTERVIEW, encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(tmp_path / "i.txt"), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    cues = list(srt.parse(result.stdout))
    assert cues[0].content.startswith("Bonjour") and cues[0].start.total_seconds() >= 1
    assert "i.txt: transcript: speaker labels taken out (MARIE, PAUL)" in result.stderr


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.floats(0.05, 1.0), st.sampled_from([0.0, 0.2, 0.6])), min_size=2, max_size=12),
       st.data())
def test_anchored_times_keep_order_and_anchors(durations, data):
    n = len(durations)
    picks = sorted(data.draw(st.sets(st.integers(0, n - 1), max_size=3)))
    times = sorted(data.draw(st.lists(st.floats(0, 60), min_size=len(picks), max_size=len(picks))))
    anchors = [None] * n
    for k, t in zip(picks, times):
        anchors[k] = t
    out = anchored_times(durations, anchors, 0.0, None)
    assert len(out) == n
    assert all(a <= b + 1e-9 for a, b in out)
    assert all(out[k][1] <= out[k + 1][0] + 1e-9 for k in range(n - 1))  # in order, never overlapping
    for k in picks:
        assert abs(out[k][0] - anchors[k]) < 1e-9 or (k == 0 and out[0][0] == anchors[0])


_WORD = st.text(alphabet="abcdeéàçXYZ'’-.,?!", min_size=1, max_size=8)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.lists(_WORD, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=6))
def test_prose_without_colons_times_or_leading_marks_is_never_touched(paragraphs):
    paragraphs = [p for p in paragraphs if p.strip() and not p.lstrip().startswith(("-", ">>"))]
    m = marks(*paragraphs)
    assert m.paragraphs == [p.strip() for p in paragraphs] and m.speakers == [] and not any(m.turns)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.sampled_from(["", "MARIE : ", "Paul : ", "[00:01:02] ", "12:30 ", "Note : "]),
                          st.lists(_WORD, min_size=1, max_size=6).map(" ".join)), min_size=1, max_size=8))
def test_only_marks_are_ever_taken_out(pairs):
    """Whatever is taken out of a paragraph is its leading mark: the words after it are all kept."""
    paragraphs = [head + words for head, words in pairs if words.strip() and not words.startswith(("-", ">>"))]
    m = marks(*paragraphs)
    kept = iter(m.paragraphs)
    for (head, words), out in zip([(h, w) for h, w in pairs if w.strip() and not w.startswith(("-", ">>"))], kept):
        assert out in ((head + words).strip(), words.strip()), (head, words, out)


def test_no_cue_shows_words_before_their_timestamp():
    """Short paragraphs a second apart would read better merged, but a timestamp is a promise."""
    text = ("[00:00:00] Hello everyone, and welcome back.\n[00:00:05] Today we talk about money.\n"
            "[00:00:06] And taxes.\n[00:00:20] The end.\n")
    result = segment_transcript(text, lang="en")
    stamps = {"Hello": 0, "Today": 5000, "And": 6000, "The": 20000}
    for cue in result.cues:
        for word in cue.text.split():
            if word in stamps:
                assert cue.start >= stamps[word], (word, cue)
    assert [c.text.split()[0] for c in result.cues] == ["Hello", "Today", "And", "The"]


RECIPE = """Today we are going to bake bread at home.
Tip: always weigh your flour instead of using cups.
Then mix the flour with the water and let it rest.
Note: the dough should feel slightly sticky at this point.
Knead it for ten minutes.
Tip: a little oil on your hands helps a lot.
Note: the oven must be very hot before the bread goes in.
"""


def test_a_word_and_a_colon_before_lower_case_is_prose_not_a_speaker():
    """A speaker's turn opens with a capital (after a dash or a quote too): "Tip: always weigh..." is
    the author's text, however often "Tip:" recurs."""
    recipe = marks(*RECIPE.splitlines())
    assert recipe.paragraphs == RECIPE.splitlines() and recipe.speakers == [] and not any(recipe.voices)
    conseils = ["Conseil : choisissez des pommes.", "Épluchez-les.", "Attention : le four doit être chaud.",
                "Conseil : ajoutez de la cannelle.", "Attention : surveillez la cuisson."]
    assert marks(*conseils).paragraphs == conseils
    stamped = marks("Marie (00:01): bonjour", "Paul (00:02): salut")  # any kind of label
    assert stamped.speakers == [] and stamped.paragraphs[0].startswith("Marie")
    real = marks("Marie : « Bonjour. »", "Paul : – Salut.", "Marie : [00:03] Ça va ?", "Paul : 20 ans, oui.")
    assert real.speakers == ["Marie", "Paul"] and real.paragraphs == ["« Bonjour. »", "– Salut.", "Ça va ?",
                                                                      "20 ans, oui."]



def test_a_turn_opening_in_lower_case_keeps_its_speaker_under_a_label_in_capitals():
    """Spoken transcripts open turns with "euh", "oui": under a label in capitals, or a label other
    turns made a speaker, the turn is still that speaker's."""
    m = marks("JOURNALISTE : Monsieur le ministre, bonsoir.", "MINISTRE : Bonsoir.",
              "JOURNALISTE : Vous annoncez 3 milliards.", "MINISTRE : oui, 3 milliards sur cinq ans.")
    assert m.speakers == ["JOURNALISTE", "MINISTRE"] and m.paragraphs[3] == "oui, 3 milliards sur cinq ans."
    mixed = marks("Marie : Bonjour.", "Paul : Salut.", "Marie : euh, ça va ?", "Paul : Oui.")
    assert mixed.speakers == ["Marie", "Paul"] and mixed.paragraphs[2] == "euh, ça va ?"

def test_the_cli_keeps_prose_labels_in_the_text_and_out_of_voices(tmp_path):
    (tmp_path / "recipe.txt").write_text(RECIPE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(tmp_path / "recipe.txt"), "--format", "vtt"])
    assert result.exit_code == 0, result.output
    assert "Tip: always weigh" in result.stdout and "Note: the oven" in result.stdout
    assert "<v" not in result.stdout and "speaker labels" not in result.stderr


INLINE = ("Bonjour à tous [00:00:04] et bienvenue dans cette émission. [00:00:09] Aujourd'hui, nous parlons "
          "de cuisine. [00:00:15] Et plus précisément de pâtisserie.\n")


def test_a_timestamp_inside_a_line_is_taken_out_and_times_the_words_after_it():
    m = marks("Bonjour à tous [00:00:04] et bienvenue. [00:09] Aujourd'hui, cuisine. (00:15,5) Fin (99:99) ici.",
              "Merci beaucoup [00:20]", "Au revoir.")
    assert m.paragraphs == ["Bonjour à tous", "et bienvenue.", "Aujourd'hui, cuisine.", "Fin (99:99) ici.",
                            "Merci beaucoup", "Au revoir."]
    assert m.anchors == [None, 4000, 9000, 15500, None, 20000]  # a time ending a line: the next line's
    assert m.line_numbers == [1, 1, 1, 1, 2, 3] and not any(m.turns) and m.back == []
    result = segment_transcript(INLINE, lang="fr", title="drop")
    assert result.dropped == []  # a line's first piece is no title
    texts = [c.text.replace("\n", " ") for c in result.cues]
    assert not any("[" in t or ":0" in t for t in texts), texts
    for first, at in (("et", 4000), ("Aujourd'hui,", 9000), ("Et", 15000)):
        cue = next(c for c, t in zip(result.cues, texts) if t.split()[0] == first)
        assert 0 <= cue.start - at < 200, (first, cue)
    assert any("3 timestamp(s) taken out" in n for n in result.notes)


def test_a_timestamp_going_back_is_counted_and_named(tmp_path):
    (tmp_path / "back.txt").write_text("[00:00:05] Un.\n[00:00:09] Deux.\n[00:00:07] Trois.\n[00:00:12] Quatre.\n",
                                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(tmp_path / "back.txt"), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "back.txt: transcript: 4 timestamp(s) taken out" in result.stderr
    warned = [line for line in result.stderr.splitlines() if "goes back" in line]
    assert len(warned) == 1, result.stderr
    assert "back.txt: warning: line 3: timestamp 00:00:07.000 goes back" in warned[0], warned
    assert [c.content for c in srt.parse(result.stdout)] == ["Un.", "Deux.", "Trois.", "Quatre."]


def test_the_words_before_a_timestamp_inside_a_sentence_are_not_appended_to_the_sentence_before(tmp_path):
    """The speaker goes on at a timestamp inside a line: it forces a cue end, not a paragraph's. The
    words before it ("Bonjour à tous") get a cue of their own, not the tail of the previous sentence's
    ("…avec nos titres. Bonjour à tous": a run-on, ending on a word lint flags)."""
    (tmp_path / "midline.txt").write_text(
        "[00:00:00] Le journal commence maintenant avec nos titres. Bonjour à tous [00:00:04] et bienvenue "
        "dans cette édition du 15 mars.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["segment", str(tmp_path / "midline.txt"), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    cues = list(srt.parse(result.stdout))
    assert [c.content.replace("\n", " ") for c in cues] == [
        "Le journal commence maintenant avec nos titres.", "Bonjour à tous",
        "et bienvenue dans cette édition du 15 mars."], result.stdout
    assert cues[2].start.total_seconds() == 4.0
    assert (cues[1].end - cues[1].start).total_seconds() >= 5 / 6  # readable: the profile's minimum duration
    assert "warning" not in result.stderr, result.stderr


def test_the_words_before_a_timestamp_stay_with_the_sentence_before_when_alone_they_could_not_be_read():
    """Timestamped 3 s in, "Bonjour à tous" would have 0.6 s of its own: too short to read, so it
    stays where it was rather than be a cue nobody reads."""
    result = segment_transcript("[00:00:00] Le journal commence maintenant avec nos titres. Bonjour à tous "
                                "[00:00:03] et bienvenue dans cette édition du 15 mars.\n", lang="fr")
    assert [c.text.replace("\n", " ") for c in result.cues] == [
        "Le journal commence maintenant avec nos titres. Bonjour à tous",
        "et bienvenue dans cette édition du 15 mars."]
