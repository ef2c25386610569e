"""Sentences without closing punctuation (DecodeOptions.close_fragments): decoded with a full stop
after them, which the translation then loses again."""

import pytest

from subkit.translate.engine import _is_fragment
from subkit.translate.sentences import unclosed as _unclosed


@pytest.mark.parametrize("sentence", ["très", "la fin 2022", "Il a dit « non", "(voir plus bas)", "c'est 'ok'",
                                      "Kiev "])
def test_a_sentence_ending_in_a_letter_or_digit_is_a_fragment(sentence):
    assert _is_fragment(sentence)


@pytest.mark.parametrize("sentence", ["Bonjour.", "Quoi ?", "Attends...", "Attends…", "trois, ", "Non !",
                                      "« Oui. »", "", "♪"])
def test_a_sentence_with_closing_punctuation_is_not(sentence):
    assert not _is_fragment(sentence)


def test_the_added_full_stop_goes_and_other_closings_stay():
    assert _unclosed("very.") == "very"
    assert _unclosed("always..") == "always"  # the model doubled it
    assert _unclosed("Wait...") == "Wait..."
    assert _unclosed("Why?") == "Why?"
    assert _unclosed("Mr. Smith") == "Mr. Smith"


LONE_WORDS = ["très", "toujours", "jamais", "beaucoup", "pourquoi", "maintenant", "rien", "ici", "vraiment",
              "demain"]


def _engine(close: bool):
    from subkit.models import find_package
    from subkit.translate.engine import DecodeOptions, Engine

    pkg = find_package("fr", "en")
    return Engine(pkg.path, pkg.identity, "cpu", 2, DecodeOptions(close_fragments=close))


def test_lone_words_translate_to_a_word_or_two_not_a_loop(with_model):
    """The real model: a lone unpunctuated word gets a short translation, with no full stop and no
    word said twice (unclosed, the model looped on most of these: "very very very very really...")."""
    for word, english in zip(LONE_WORDS, _engine(True).translate(LONE_WORDS)):
        words = english.lower().split()
        assert 1 <= len(words) <= 3, (word, english)
        assert len(set(words)) == len(words) and not english.endswith("."), (word, english)


def test_closing_leaves_punctuated_sentences_alone(with_model):
    """The real model: sentences that end in punctuation decode exactly as without the option."""
    sentences = ["Bonjour à tous.", "Pourquoi la Russie avance-t-elle ?", "Attendez !", "C'est la fin..."]
    assert _engine(True).translate(sentences) == _engine(False).translate(sentences)


def test_a_closed_fragment_is_never_translated_by_the_full_stop_alone(with_model):
    """"ici ." can come out as "." alone; a translation without a word is not acceptable for a
    source with one, so another hypothesis is kept."""
    assert all(any(c.isalnum() for c in t) for t in _engine(True).translate(["ici", "là", "oui", "non", "42"]))
