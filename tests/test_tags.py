"""Formatting tags through translation (subkit.translate.tags): reading which words each tag covers,
finding a tagged span again among translated words, and writing balanced tags back."""

from __future__ import annotations

from hypothesis import given, strategies as st

from subkit.translate.sentences import analyse_cue
from subkit.tags import ignored_tags, locate, merge_contents, read_words, write_lines


def test_whole_cue_tags_are_outer():
    cue = analyse_cue(0, '{\\an8}<font color="#ffff00"><i>Le marché\nest fermé.</i></font>')
    assert cue.prefix == '{\\an8}<font color="#ffff00"><i>' and cue.suffix == "</i></font>"
    assert [(p.text, p.tags, p.spans) for p in cue.pieces] == [("Le marché est fermé.", (), [])]


def test_lines_formatted_differently_are_pieces_of_their_own():
    cue = analyse_cue(0, "<i>Le journaliste parle.</i>\nLe président arrive.")
    assert (cue.prefix, cue.suffix) == ("", "")
    assert [(p.text, p.tags) for p in cue.pieces] == [("Le journaliste parle.", ("<i>",)),
                                                      ("Le président arrive.", ())]


def test_words_formatted_inside_a_line_are_spans():
    (piece,) = analyse_cue(0, "Nous avons lu <i>Le Monde</i> ce <b>matin</b>.").pieces
    assert piece.text == "Nous avons lu Le Monde ce matin."
    assert [(s.first, s.last, s.tags) for s in piece.spans] == [(3, 4, ("<i>",)), (6, 6, ("<b>",))]


def test_dialogue_lines_keep_their_own_formatting():
    cue = analyse_cue(0, "- <i>Tu</i> viens ?\n-Non.")
    assert cue.dialogue and [p.text for p in cue.pieces] == ["Tu viens ?", "Non."]
    assert [(s.first, s.last, s.tags) for s in cue.pieces[0].spans] == [(0, 0, ("<i>",))]


def test_unclosed_stray_and_unknown_tags():
    # An unclosed tag covers the rest of the cue; a stray closer and unknown tags are ignored.
    _, words = read_words("a </b><i>b <x>c")
    assert [(w.text, w.tags) for w in words] == [("a", ()), ("b", ("<i>",)), ("c", ("<i>",))]
    # A no-break space holds a French word and its mark together, as everywhere in subkit.
    _, words = read_words("oui\u00a0? <b>non</b>")
    assert [w.text for w in words] == ["oui\u00a0?", "non"]


def test_ignored_tags_are_the_ones_read_words_drops():
    assert ignored_tags("{\\an8}{\\pos(1,2)}<i>a</i> <font color='red'>b</font>") == []
    assert ignored_tags("a {\\an8}b <x>c</x>") == ["{\\an8}", "<x>", "</x>"]


def test_tags_are_written_balanced_and_closed_on_their_line():
    words = ["The", "journalist", "speaks.", "The", "president", "arrives."]
    stacks = [("<i>",)] * 3 + [()] * 3
    assert write_lines(words, stacks, [3]) == ["<i>The journalist speaks.</i>", "The president arrives."]
    assert write_lines(["a", "b", "c"], [("<i>",), ("<i>", "<b>"), ("<b>",)], []) == [
        "<i>a <b>b</b></i> <b>c</b>"]
    assert write_lines(["a", "b"], [("<i>",), ("<i>",)], [1]) == ["<i>a", "b</i>"]


def test_locate_finds_a_copied_name_or_the_span_translated_alone():
    words = "We read Le Monde this morning.".split()
    assert locate("Le Monde", "Mondede", words, 0.7) == (2, 3)
    assert locate("Le Monde", "Monde", words, 0.7) == (2, 3)  # the whole copy, not its last word
    words = "It's very important for us.".split()
    # A lone word can make a small model loop: only its first words count.
    assert locate("très", "very very very much very", words, 0.2) == (1, 1)
    assert locate("demain", "tomorrow", words, 0.5) is None
    # a lone word translated alone comes back padded: the run keeps only the words that render it
    assert locate("vraiment", "I really do", "I'm really tired.".split(), 0.5) == (1, 1)


def test_merged_cues_keep_each_words_tags():
    merged = merge_contents('<i>The market</i> is', 'closed <font color="#ff0000">today</font>.',
                            lambda text: [text])
    assert merged == '<i>The market</i> is closed <font color="#ff0000">today</font>.'  # the stop stays out


_TAGS = st.sampled_from(["<i>", "<b>", "<u>", '<font color="#ffff00">'])
_STACK = st.lists(_TAGS, max_size=3, unique=True).map(tuple)
_WORD = st.text(alphabet="abcdé?!.,'’-", min_size=1, max_size=6)


@given(st.lists(st.tuples(_WORD, _STACK), min_size=1, max_size=12), st.lists(st.integers(1, 11), max_size=2))
def test_written_tags_read_back_the_same(tagged, breaks):
    words, stacks = [w for w, _ in tagged], [s for _, s in tagged]
    lines = write_lines(words, stacks, breaks)
    _, back = read_words("\n".join(lines))
    assert [(w.text, w.tags) for w in back] == tagged
    text = "".join(lines)
    for name in ("i", "b", "u", "font"):
        assert text.count(f"<{name}") == text.count(f"</{name}>")


def test_the_end_of_a_word_after_its_closing_tag_stays_outside_it():
    _, words = read_words("Oui, <i>Les Misérables</i>, <i>Le</i>s <b><i>non</i>.</b>")
    assert [w.tail for w in words] == [None, None, (1, ()), (1, ()), (1, ("<b>",))]
    lines = write_lines([w.text for w in words], [w.tags for w in words], [], [w.tail for w in words])
    assert lines == ["Oui, <i>Les Misérables</i>, <i>Le</i>s <b><i>non</i>.</b>"]
