"""The glossary without the model: matching (case, apostrophes, symbols, overlaps), the repair of
a term the model mangled, the file's errors, and how a missing term is reported (warning with the
cue and the French, the ``glossary`` review flag). A translator that answers a fixed English stands
for the model where the test is about what subkit does with a given output."""

from __future__ import annotations

import pytest

from subkit.cues import Cue
from subkit.errors import SubkitError
from subkit.profiles import get_profile
from subkit.translate import qa
from subkit.translate.glossary import load_glossary
from subkit.translate.memory import Entry, TranslationMemory
from subkit.translate.memory.store import store_entries
from subkit.translate.pipeline import translate_subtitles


def glossary(tmp_path, text: str):
    path = tmp_path / "g.tsv"
    path.write_text(text, encoding="utf-8")
    return load_glossary(str(path))


class Answers:
    """Stands for the model: the same English for every sentence."""

    def __init__(self, english: str):
        self.english = english

    def translate(self, sentences, progress=None):
        return [self.english for _ in sentences]


def test_a_repaired_term_keeps_the_determiner_and_the_initial_capital(tmp_path):
    g = glossary(tmp_path, "mairie\ttown hall\nconseil municipal\tcity council\nbac\tbaccalauréat\n")
    # what the model made of "La town hall est fermée aujourd'hui." and "Le city council a voté."
    assert g.enforce("The hallway is closed today.", ["town hall"]) == "The town hall is closed today."
    assert g.enforce("The council voted.", ["city council"]) == "The city council voted."
    assert g.enforce("Baccalaureat is mandatory.", ["baccalauréat"]) == "Baccalauréat is mandatory."
    assert g.missing("Baccalauréat is mandatory.", ["baccalauréat"]) == []


def test_lowercase_terms_match_capitalised_and_apostrophes_match_each_other(tmp_path):
    g = glossary(tmp_path, "mairie\ttown hall\nCôte d'Ivoire\tIvory Coast\n")
    assert g.prepare("Mairie et école sont voisines.") == ("Town hall et école sont voisines.", ["town hall"])
    assert g.prepare("Elle vient de Côte d’Ivoire.")[0] == "Elle vient de Ivory Coast."
    assert g.prepare("Elle vient de Côte dʼIvoire.")[0] == "Elle vient de Ivory Coast."
    assert g.prepare("Les mairies ont voté.") == ("Les mairies ont voté.", [])


def test_a_term_of_symbols_is_not_found_inside_a_longer_token(tmp_path):
    g = glossary(tmp_path, "C++\tC++\n")
    assert g.missing("He teaches C+++ at SNCF.", ["C++"]) == ["C++"]
    assert g.enforce("He teaches C+++ at SNCF.", ["C++"]) == "He teaches C++ at SNCF."
    assert g.missing("He teaches C++, Java.", ["C++"]) == []


def test_overlapping_terms_leftmost_then_longest_and_the_loser_is_named(tmp_path):
    g = glossary(tmp_path, "centrale nucléaire\tnuclear plant\nnucléaire européenne\tEuropean nuclear\n"
                           "Tchasiv Yar\tChasiv Yar\nYar\tYar river\n")
    assert g.prepare("la centrale nucléaire européenne") == ("la nuclear plant européenne", ["nuclear plant"])
    assert g.overlapped("la centrale nucléaire européenne") == [("nucléaire européenne", "centrale nucléaire")]
    # a term inside a longer one is no overlap worth a word
    assert g.prepare("à Tchasiv Yar")[0] == "à Chasiv Yar" and g.overlapped("à Tchasiv Yar") == []


def test_the_exact_case_entry_wins_over_an_ignore_case_one_in_any_order(tmp_path):
    for lines in ("Koursk\tKursk\nkoursk\tKURSK-X\tignore-case\n", "koursk\tKURSK-X\tignore-case\nKoursk\tKursk\n"):
        g = glossary(tmp_path, lines)
        assert g.prepare("Koursk et KOURSK")[0] == "Kursk et KURSK-X"
    for lines in ("mairie\ttown hall\nMairie\tCity Hall\n", "Mairie\tCity Hall\nmairie\ttown hall\n"):
        g = glossary(tmp_path, lines)
        assert g.prepare("Mairie, mairie")[0] == "City Hall, town hall"


def test_glossary_file_errors_name_the_file_and_line_and_say_what_works(tmp_path):
    path = tmp_path / "g.tsv"
    path.write_text("# terms\nKoursk\tKursk\nKoursk\tKoursk\n", encoding="utf-8")
    with pytest.raises(SubkitError, match=r"g\.tsv:3: 'Koursk' is given twice: 'Kursk' on line 2"):
        load_glossary(str(path))
    path.write_text("Koursk\tKursk\nKoursk\tKursk\n", encoding="utf-8")  # the same twice: harmless
    assert load_glossary(str(path)).entries == (("Koursk", "Kursk"),)
    path.write_bytes("mairie\ttown hall\npréfet\tprefect\n".encode("latin-1"))
    with pytest.raises(SubkitError) as err:
        load_glossary(str(path))
    assert str(err.value).startswith(f"{path}:2: not UTF-8") and "iconv" in str(err.value)
    assert "--encoding" not in str(err.value)
    path.write_text("mairie\ttown hall\nconseil board\n", encoding="utf-8")
    with pytest.raises(SubkitError, match=r"g\.tsv:2: .*found 'conseil board' \(no tab\)"):
        load_glossary(str(path))
    path.write_bytes("préfet\tprefect\n".encode("utf-16"))
    assert load_glossary(str(path)).entries == (("préfet", "prefect"),)


def _translate(tmp_path, cues, english, gloss, memory=None):
    subs = [Cue.from_text(3000 * i, 3000 * i + 2500, c, i + 1) for i, c in enumerate(cues)]
    return translate_subtitles(subs, Answers(english), source_lang="fr", target_lang="en",
                               profile=get_profile("netflix-en"), glossary=gloss, memory=memory,
                               keep_names=False)


def test_a_missing_term_is_warned_with_cue_time_and_french_and_flagged(tmp_path):
    g = glossary(tmp_path, "conseil\tboard\n")
    _, report = _translate(tmp_path, ["Bonjour.", "Le conseil d'administration a refusé."],
                           "The administration declined.", g)
    assert report.glossary_missing == [[], ["board"]]
    assert ("cue 2 (00:00:03,000): glossary term 'board' missing from the translation of: "
            "Le conseil d'administration a refusé.") in report.warnings
    entries = qa.review(["The administration declined."] * 2, [[0], [1]], report.sentence_sources,
                        report.sentence_targets, [None, None],
                        glossary=list(zip(report.glossary_terms, report.glossary_missing, [False, False],
                                          report.glossary_grammar)))
    assert entries[0]["flags"] == []
    assert entries[1]["flags"] == [{"id": "glossary", "message": "glossary term missing: board"}]


def test_a_term_repaired_in_place_of_the_models_words_is_warned_and_flagged(tmp_path):
    # QA: "remain a doubtful." went out unflagged; the words around the repaired term were the model's
    g = glossary(tmp_path, "sceptiques\tdoubtful\n")
    cues = ["Bonjour.", "Mais les habitants restent sceptiques."]
    out, report = _translate(tmp_path, cues, "But the inhabitants remain a doubt.", g)
    assert report.glossary_grammar == [[], ["repaired in: doubtful"]]
    assert report.glossary_missing == [[], []]
    assert ("cue 2 (00:00:03,000): glossary term repaired in: doubtful; check the grammar of: "
            "But the inhabitants remain a doubtful.") in report.warnings
    entries = qa.review([c.text for c in out], report.cue_sentences, report.sentence_sources,
                        report.sentence_targets, [None, None],
                        glossary=list(zip(report.glossary_terms, report.glossary_missing, [False, False],
                                          report.glossary_grammar)))
    assert entries[0]["flags"] == []
    assert entries[1]["flags"] == [{"id": "glossary",
                                    "message": "glossary term repaired in: doubtful — check the grammar"}]


def test_a_term_the_model_put_after_an_article_the_french_lacks_is_flagged(tmp_path):
    # QA (tr/g4.srt): given "restent doubtful", the model itself wrote "remain a doubtful."
    g = glossary(tmp_path, "sceptiques\tdoubtful\nespion\tspy\n")
    out, report = _translate(tmp_path, ["Mais les habitants restent sceptiques."],
                             "But the inhabitants remain a doubtful.", g)
    assert out[0].text == "But the inhabitants remain a doubtful."
    assert report.glossary_grammar == [["after an article the French lacks: a doubtful"]]
    assert qa.check_glossary([], grammar=report.glossary_grammar[0]).message == (
        "glossary term after an article the French lacks: a doubtful — check the grammar")
    # the French has its own "un": the English article is a translation of it
    assert g.grammar_notes("C'est un espion.", "He is a spy.", []) == []
    assert g.grammar_notes("Ils restent sceptiques.", "They remain doubtful.", []) == []


def test_a_term_the_model_wrote_or_copied_in_french_is_no_repair(tmp_path):
    g = glossary(tmp_path, "sceptiques\tdoubtful\n")
    assert g.enforced("They remain doubtful.", ["doubtful"]) == ("They remain doubtful.", [])
    assert g.enforced("They remain sceptiques.", ["doubtful"]) == ("They remain doubtful.", [])
    assert g.enforced("They remain a doubt.", ["doubtful"]) == ("They remain a doubtful.", ["doubtful"])
    # a repaired term is noted once, as repaired
    assert g.grammar_notes("Ils restent sceptiques.", "They remain a doubtful.", ["doubtful"]) == [
        "repaired in: doubtful"]


def test_overlapping_terms_are_warned(tmp_path):
    g = glossary(tmp_path, "centrale nucléaire\tnuclear plant\nnucléaire européenne\tEuropean nuclear\n")
    _, report = _translate(tmp_path, ["La centrale nucléaire européenne ferme."],
                           "The European nuclear plant closes.", g)
    assert any("'nucléaire européenne' not applied, it overlaps 'centrale nucléaire'" in w
               for w in report.warnings)


def test_a_human_entry_wins_over_the_glossary_but_is_flagged(tmp_path):
    db = tmp_path / "tm.sqlite3"
    store_entries(db, [Entry("Le préfet de Koursk est arrivé.", "The Koursk prefect arrived.", pair="fr>en")])
    g = glossary(tmp_path, "Koursk\tKursk\n")
    with TranslationMemory(db, "m", "fr>en|x", pair="fr>en") as tm:
        out, report = _translate(tmp_path, ["Le préfet de Koursk est arrivé."], "unused", g, tm)
    assert out[0].text == "The Koursk prefect arrived."
    assert report.glossary_missing == [["Kursk"]]
    assert any("'Kursk' missing from the translation (a human translation from the memory, kept)" in w
               for w in report.warnings)
    assert qa.check_glossary(["Kursk"], human=True).message == "glossary term missing (human translation kept): Kursk"


def test_terms_the_glossary_forced_are_not_french_left_in():
    source, target = "Le baccalauréat est obligatoire pour entrer en prépa.", "Baccalauréat is mandatory for prépa."
    assert any(f.id == "untranslated" for f in qa.check_pair(source, target))
    entries = qa.review([target], [[0]], [source], [target], [None],
                        glossary=[(["baccalauréat", "prépa"], [], False, [])])
    assert entries[0]["flags"] == []


def test_the_confidence_message_shows_the_decimals_that_tell_the_two_apart():
    assert qa.check_confidence(0.607, 0.61).message == "model confidence 0.607 (under 0.610)"
    assert qa.check_confidence(0.5, 0.61).message == "model confidence 0.50 (under 0.61)"
