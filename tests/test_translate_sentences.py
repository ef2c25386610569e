"""Subtitle-aware input for the model (subkit.translate.sentences): spoken spellings written out, cut-off
words, continuation marks opening a sentence, cries kept as they are, and the name repair's garble test."""

from __future__ import annotations

import pytest

from subkit.translate.names import NameKeeper
from subkit.translate.sentences import analyse_cue, group_sentences


def _texts(*contents: str) -> list[str]:
    pieces = [p for i, c in enumerate(contents) for p in analyse_cue(i, c).pieces]
    return [s.text for s in group_sentences(pieces, "fr")]


@pytest.mark.parametrize("spoken, written", [
    ("Pourquoi est ce qu'il fait ça ?", "Pourquoi est-ce qu'il fait ça ?"),
    ("Est ce que tu viens ?", "Est-ce que tu viens ?"),
    ("Le monde a changé, peut être qu'on peut changer aussi.",
     "Le monde a changé, peut-être qu'on peut changer aussi."),
    ("On a déjà essayé celui la !", "On a déjà essayé celui-là !"),
    ("Pas cette fois ci.", "Pas cette fois-ci."),
    ("Il pleuvait ce jour la.", "Il pleuvait ce jour-là."),
    ("Oui, toi, vas y !", "Oui, toi, vas-y !"),
    ("Allez y, bougez !", "Allez-y, bougez !"),
    ("T'as la robotique et t’es prêt.", "Tu as la robotique et tu es prêt."),
    ("Je sais que t'étais là, si t'avais su...", "Je sais que tu étais là, si tu avais su..."),
    ("Et bien c'est parfait.", "Eh bien c'est parfait."),
    ("Tu as brisé mon coeur, ma soeur.", "Tu as brisé mon cœur, ma sœur."),
    ("Ecoute, cet Etat est en guerre.", "Écoute, cet État est en guerre."),  # capitals lose their accents
    ("Ecrasement de mémoire en cours !", "Écrasement de mémoire en cours !"),  # "écraser", "écrasé"...
])
def test_spoken_spellings_are_written_out_for_the_model(spoken, written):
    assert _texts(spoken) == [written]


@pytest.mark.parametrize("text", [
    "Il peut être grand.",  # "peut être" as a verb
    "C'est ce que je veux, c’est ce qu'il dit.",  # "c'est ce que" is no question
    "Cette fois la police est venue.",  # "la" an article, not "-là"
    "Il va y aller demain.",  # "va y" before a verb
    "Et bien sûr, il est venu.",  # "and of course"
    "Je t'aime et je t'ai vu.",  # t' an object pronoun
    "Tu t'es trompé. T'es-tu battu ? Qui t'as vu ? Je t'avais dit. Elle t'as vu.",  # t' = te
    "Le coefficient de Noël.",  # "oe" that is no ligature
    "Elle est chez Evans, à Modern Education, dans ECHO.",  # no É on names, English words, capitals
])
def test_written_french_is_left_alone(text):
    assert " ".join(_texts(text)) == text


def test_a_word_cut_off_at_a_cue_end_does_not_join_the_next_sentence():
    # "Je-" ... "Je suis désolé.": joined, the model wrote "I'm sorry." on the first cue only
    assert _texts("Je-", "Je suis désolé.") == ["Je-", "Je suis désolé."]
    # a hyphenated word across cues, or a dash alone, still joins a name or a lowercase word
    assert _texts("Il a parlé à Jean -", "Pierre ce matin.") == ["Il a parlé à Jean - Pierre ce matin."]


def test_a_sentence_ended_by_the_next_cue_gets_a_full_stop():
    # "Je sais" alone reads as unfinished to the model ("I know I can")
    assert _texts("Je sais", "Je devrais partir.") == ["Je sais.", "Je devrais partir."]
    # ... and the pipeline takes it off the English again (the French cue has none)
    pieces = [p for i, c in enumerate(["Je sais", "Je devrais partir."]) for p in analyse_cue(i, c).pieces]
    assert [s.closed for s in group_sentences(pieces, "fr")] == [True, False]
    assert _texts("Je sais ?", "Je devrais partir.") == ["Je sais ?", "Je devrais partir."]
    assert _texts("Il parle", "de Koursk.") == ["Il parle de Koursk."]



def test_a_greeting_the_word_list_has_capitalised_opens_a_sentence_after_a_title():
    # "Le journal de 20 heures" + "Bonsoir à tous.": joined, the model wrote "Bonsoir's newspaper"
    assert _texts("Le journal de 20 heures", "Bonsoir à tous.") == ["Le journal de 20 heures.", "Bonsoir à tous."]
    assert _texts("Il a parlé à", "Madame Dupont hier.") == ["Il a parlé à Madame Dupont hier."]

def test_a_cue_ending_with_a_semicolon_ends_the_sentence_for_the_model():
    # joined to the next cue, "Celia" became "Thislia"
    assert _texts("Celia, on doit poursuivre nos passions;", "...toi t'as la robotique.") == [
        "Celia, on doit poursuivre nos passions;", "toi tu as la robotique."]
    assert _texts("Il pleut ; il vente", "et il neige.") == ["Il pleut ; il vente et il neige."]


def test_a_mark_opening_a_sentence_goes_aside_and_back():
    pieces = [p for i, c in enumerate(["On doit suivre nos passions.", "...t'as la robotique,",
                                       "et je veux juste être super dans l'espace."]) for p in analyse_cue(i, c).pieces]
    first, second = group_sentences(pieces, "fr")
    assert second.text == "tu as la robotique, et je veux juste être super dans l'espace."
    assert [(f.lead, f.trail) for f in second.fragments] == [("...", ""), ("", "")]
    [sentence] = group_sentences(analyse_cue(0, "…et, action !").pieces, "fr")
    assert sentence.text == "et, action !" and sentence.fragments[0].lead == "…"


@pytest.mark.parametrize("content", ["Whoaaa!", "RAAAAAAAAH !", "Nooooonnn!", "<i>Aaaah... Ouuuh !</i>"])
def test_drawn_out_cries_are_kept_verbatim(content):
    assert analyse_cue(0, content).pieces == []


@pytest.mark.parametrize("content", ["Whoaaa, c'est beau !", "Allez !", "Non !", "Zzz, il dort."])
def test_cues_with_words_are_translated(content):
    assert analyse_cue(0, content).pieces


def test_a_close_copy_of_a_name_without_its_own_romanisation_is_a_garble():
    keeper = NameKeeper("fr", "en")
    fixed, fixes = keeper.repair("Vivacissimo !", "Vivacisimo!")
    assert fixed == "Vivacissimo!" and fixes == [("Vivacisimo", "Vivacissimo")]
    # a romanisation of a French transliteration is still the deliberate English spelling
    assert keeper.repair("Les combats près de Koursk.", "Fighting near Kursk.")[0] == "Fighting near Kursk."


@pytest.mark.parametrize("text, sentences", [
    # French quotes close after the full stop, spaced: the « » belongs to its sentence
    ("Elle m'a dit : « Je suis désolée. »", ["Elle m'a dit : « Je suis désolée. »"]),
    ("Elle a dit : « Non ! » Puis elle est partie.", ["Elle a dit : « Non ! »", "Puis elle est partie."]),
    ('Il a crié "Stop. " Puis il est parti.', ['Il a crié "Stop. "', "Puis il est parti."]),
    ("(Il rit. ) Bon, on y va.", ["(Il rit. )", "Bon, on y va."]),
    # an opening quote after a sentence end starts the next one
    ("Il part. « Bonjour » dit-il.", ["Il part.", "« Bonjour » dit-il."]),
    ('Il part. " Bonjour " dit-il.', ["Il part.", '" Bonjour " dit-il.']),
])
def test_a_closing_quote_after_the_final_stop_stays_with_its_sentence(text, sentences):
    # it was a sentence of its own: the model answered '"""."' and its low score flagged the cue
    assert _texts(text) == sentences


def test_a_sound_label_keeps_the_models_full_stop_out_of_its_brackets():
    from subkit.translate.sentences import Fragment, Sentence, labelled

    label = Sentence([Fragment(0, "[Applaudissements]")], label=True)
    assert labelled(label, "Applause.") == "[Applause]" == labelled(label, "[Applause]")
