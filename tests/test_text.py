"""Transcript cleaning: whitespace, French typography, cruft detection, title."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from subkit.lint.core import lint_bytes
from subkit.text import NBSP, clean_transcript, french_typography, is_navigation_marker, normalize_space, tokenize


def test_whitespace_and_typography():
    raw = "  Alors ,\tcomment   peut-on  expliquer ça ?\u2009Il dit : « oui »  ; bon !\r\n\r\n\n Fin…  "
    t = clean_transcript(raw, "fr")
    assert t.paragraphs == [
        f"Alors , comment peut-on expliquer ça{NBSP}? Il dit{NBSP}: «{NBSP}oui{NBSP}»{NBSP}; bon{NBSP}!",
        "Fin…",
    ]
    assert t.line_numbers == [1, 4]
    # a missing no-break space is added; URLs, times and the second mark of "?!" are untouched
    assert (french_typography("sud-est? (oui)! quoi?! «non» https://x.fr 12:30 x_?")
            == f"sud-est{NBSP}? (oui){NBSP}! quoi{NBSP}?! «{NBSP}non{NBSP}» https://x.fr 12:30 x_?")
    assert french_typography("«oui.»") == f"«{NBSP}oui.{NBSP}»"
    # a mark inside a token is no punctuation: web addresses and paths stay whole
    assert (french_typography("site.fr/b?ref=yt ou C:\\Users ; Yahoo! www.x.fr/p?id=3: fin")
            == f"site.fr/b?ref=yt ou C:\\Users{NBSP}; Yahoo{NBSP}! www.x.fr/p?id=3: fin")
    # the ";" of an HTML entity is no semicolon ("&amp ;" was written)
    assert french_typography("Tom &amp; Jerry ; c&#39;est ça!") == f"Tom &amp; Jerry{NBSP}; c&#39;est ça{NBSP}!"
    line = "Allez sur site.fr/b?ref=yt ou C:\\Users."
    report = lint_bytes(f"1\n00:00:01,000 --> 00:00:05,000\n{line}\n".encode(), profile_name="netflix-fr")
    assert [p.message for p in report.problems if p.rule == "typography"] == []
    # the author's characters are kept
    assert "’" in clean_transcript("l’oblast", "fr").text
    assert tokenize(f"ça{NBSP}? oui") == [f"ça{NBSP}?", "oui"]
    assert normalize_space("a \u00a0 ? b") == f"a{NBSP}? b"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="ab1 ?!:;«»)'’…/.,-\u00a0", min_size=1, max_size=24))
def test_french_typography_satisfies_lint(raw):
    """Whatever segment writes, ``subkit lint``'s typography rule accepts (the two stay in step)."""
    line = french_typography(normalize_space(raw).strip(" -"))
    if not line.strip():
        return
    report = lint_bytes(f"1\n00:00:01,000 --> 00:00:03,000\n{line}\n".encode(), profile_name="netflix-fr")
    assert [p.message for p in report.problems if p.rule == "typography"] == [], line


def test_english_keeps_plain_spaces():
    assert clean_transcript("Really ? Yes !", "en").paragraphs == ["Really ? Yes !"]


def test_trailing_navigation_is_dropped():
    raw = ("Le titre?\n\nPremière phrase du texte, assez longue pour compter.\n\nDernière phrase.\n\n"
           "Previous\nPrevious\n\nLes Ukrainiens à Belgorod?\n\nNext\nNext\n\nLe “oui, mais”, de Poutine\n")
    t = clean_transcript(raw, "fr")
    assert t.paragraphs[-1] == "Dernière phrase."
    assert [d[1] for d in t.dropped] == [
        "Previous", "Previous", "Les Ukrainiens à Belgorod?", "Next", "Next", "Le “oui, mais”, de Poutine"
    ]
    assert all(reason == "web-page navigation" for _, _, reason in t.dropped)
    assert t.dropped[0][0] == 7  # input line number


def test_french_markers_and_no_false_positive():
    raw = "Un texte parlé.\n← Article précédent\nUn autre titre\nArticle suivant →\n"
    assert [d[1] for d in clean_transcript(raw, "fr").dropped] == [
        "← Article précédent", "Un autre titre", "Article suivant →"
    ]
    assert is_navigation_marker("Suivant") and not is_navigation_marker("Suivant les cas, on voit")
    # "Next" inside speech, followed by a long spoken paragraph, is speech
    raw = ("Intro.\nNext\nThen we go on talking for a long while about the front line, the drones, "
           "the cities that were lost and retaken over the months of this long war in the east.\n")
    assert clean_transcript(raw, "en").dropped == []
    # a transcript made only of a marker is not emptied
    assert clean_transcript("Next", "en").paragraphs == ["Next"]


def test_title_keep_and_drop():
    raw = "Koursk perdu, Toretsk gagné?\n\nPendant qu’on a tous les yeux rivés sur Koursk."
    assert clean_transcript(raw, "fr").paragraphs[0] == f"Koursk perdu, Toretsk gagné{NBSP}?"
    t = clean_transcript(raw, "fr", title="drop")
    assert t.paragraphs == ["Pendant qu’on a tous les yeux rivés sur Koursk."]
    assert t.dropped == [(1, "Koursk perdu, Toretsk gagné?", "title")]
    # a first line that is a sentence is not a title
    assert clean_transcript("Bonjour à tous.\nSuite.", "fr", title="drop").dropped == []
