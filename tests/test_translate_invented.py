"""subkit.translate.invented: which pieces to forbid when the model has invented a word."""

from subkit.translate.invented import pieces_to_ban, shared_starts, word_pieces


def decode(pieces):
    """SentencePiece's decoding of plain pieces: "▁" is a space."""
    return "".join(pieces).replace("\u2581", " ").strip()


def test_pieces_group_into_words_at_each_word_start():
    assert word_pieces(["▁the", "▁Russian", "ava", "n", "ed", ","]) == [["▁the"], ["▁Russian", "ava", "n", "ed", ","]]
    assert word_pieces(["ed", "▁x"]) == [["ed"], ["▁x"]]  # a hypothesis may start inside a word
    assert word_pieces([]) == []


def test_the_ban_ends_at_the_piece_where_the_letters_stop_starting_a_word():
    hypothesis = ["▁the", "▁Russian", "ava", "n", "ed", ",", "▁which"]
    assert pieces_to_ban(hypothesis, ["Russianavaned"], "l'avancée russe", "en", decode) == [["▁Russian", "ava"]]
    # each invented word gets its own ban, once
    two = ["▁impress", "s", "ive", "▁and", "▁math", "m", "atically", "▁impress", "s", "ive"]
    assert pieces_to_ban(two, ["impresssive", "mathmatically"], "", "en", decode) == [
        ["▁impress", "s"], ["▁math", "m"]]


def test_a_name_of_the_source_is_no_invention_until_it_leaves_the_source():
    garbled = ["▁near", "▁Pokr", "ov", "sk", "ovs", "."]
    # "Pokr", "Pokrov", "Pokrovsk" start the source's name; the whole word, less its full stop, goes
    assert pieces_to_ban(garbled, ["Pokrovskovs"], "près de Pokrovsk", "en", decode) == [["▁Pokr", "ov", "sk", "ovs"]]
    # without the name in the source, "Pokr" starts no word
    assert pieces_to_ban(garbled, ["Pokrovskovs"], "près de la ville", "en", decode) == [["▁Pokr"]]


def test_a_word_whose_every_prefix_starts_a_word_is_banned_whole():
    # "acced" starts "acceded"; a hyphen is no letter, and "sk" starts "skill"
    assert pieces_to_ban(["▁acc", "ed", ","], ["acced"], "", "en", decode) == [["▁acc", "ed"]]
    assert pieces_to_ban(["▁Russian", "-", "sk"], ["Russian-sk"], "", "en", decode) == [["▁Russian", "-", "sk"]]


def test_a_french_word_left_in_is_banned_whole():
    """Every prefix of "Russes" starts a word of the source, so the whole word goes."""
    hypothesis = ["▁The", "▁Russ", "es", "▁advanced", "."]
    assert pieces_to_ban(hypothesis, ["Russes"], "Les Russes ont avancé.", "en", decode) == [["▁Russ", "es"]]


def test_words_not_invented_are_left_alone():
    assert pieces_to_ban(["▁the", "▁Russian", "▁advance"], ["Russianavaned"], "", "en", decode) == []
    assert pieces_to_ban(["▁the", "▁Russian", "ava", "n", "ed"], [], "", "en", decode) == []


def test_the_engine_judges_a_translation_with_its_garbled_names_put_back():
    """A name the pipeline will restore is not an invention to forbid (DecodeOptions.repair_names)."""
    from subkit.translate.engine import _invented_words, _word_checks

    source = "Les combats continuent près de Pokrovsk."
    garbled = "Fighting continues near Pokrovskovs."
    assert _word_checks("fr", "en")(source, garbled)
    assert _invented_words("fr", "en")(source, garbled) == ()
    assert not _word_checks("fr", "en", repair_names=False)(source, garbled)
    assert _invented_words("fr", "en", repair_names=False)(source, garbled) == ("Pokrovskovs",)
    # an invented common word stays invented
    assert _invented_words("fr", "en")(source + " Ils avancent.", garbled + " They avanced.") == ("avanced",)


def test_french_left_in_is_forbidden_like_an_invented_word():
    from subkit.translate.engine import _invented_words

    assert _invented_words("fr", "en")("Les Russes ont avancé.", "The Russes advanced.") == ("Russes",)
    assert _invented_words("fr", "en")("Les Russes ont avancé.", "The Russians advanced.") == ()


def test_a_start_two_forbidden_spellings_share_is_forbidden_too():
    """"pari|able" then "pari|tic" for "un pari envisageable": the model finishes no word it
    starts with "▁par i", so that goes; a start of one piece is too broad to forbid."""
    bans = [["▁par", "i", "able"], ["▁par", "i", "tic"], ["▁par", "ent", "ical"]]
    assert shared_starts(bans, "un pari envisageable", "en", decode) == [["▁par", "i"]]
    assert shared_starts([["▁t", "ide", "m", "ic"], ["▁t", "ide", "m", "ate"]], "", "en", decode) == [
        ["▁t", "ide", "m"]]
    assert shared_starts([["▁par", "i", "able"]], "", "en", decode) == []


def test_a_shared_start_that_spells_a_word_or_a_name_of_the_source_stays():
    # "math" is English: "mathematically" still goes through it
    assert shared_starts([["▁ma", "th", "mat"], ["▁ma", "th", "m"]], "", "en", decode) == []
    # "Pokrovsk" is the source's name, which the model may write whole
    garbled = [["▁Pokr", "ov", "sk", "ovs"], ["▁Pokr", "ov", "sk", "ovi"]]
    assert shared_starts(garbled, "près de Pokrovsk", "en", decode) == []
    assert shared_starts(garbled, "près de la ville", "en", decode) == [["▁Pokr", "ov", "sk"]]
    # nor does the start of a name of the source: "Ukrainians" is spelt "▁U k ra in ian s"
    ukrainial = [["▁U", "k", "ra", "in", "ial"], ["▁U", "k", "ra", "in", "iens"], ["▁U", "k", "ra", "ine", "s"]]
    assert shared_starts(ukrainial, "on voit les Ukrainiens", "en", decode) == []
    assert shared_starts(ukrainial, "on voit les soldats", "en", decode) == [["▁U", "k", "ra", "in"], ["▁U", "k", "ra"]]
    # one ban the start of another is no shared start: the longer one is already covered
    assert shared_starts([["▁par", "i"], ["▁par", "i", "tic"]], "", "en", decode) == []


def test_an_offensive_word_the_source_lacks_is_forbidden_like_an_invented_one():
    """"le travail de sape russe" once came out "the Russian-fuck work": the engine's word checks
    reject it, and the invented-word pass forbids its pieces, the whole word."""
    from subkit.translate.engine import _invented_words, _word_checks

    source = "Le travail de sape russe."
    assert not _word_checks("fr", "en")(source, "The Russian-fuck work.")
    assert _word_checks("fr", "en")(source, "The Russian sapping work.")
    assert _invented_words("fr", "en")(source, "The Russian-fuck work.") == ("Russian-fuck",)
    hypothesis = ["▁The", "▁Russian", "-", "f", "uck", "▁work", "."]
    assert pieces_to_ban(hypothesis, ["Russian-fuck"], source, "en", decode) == [["▁Russian", "-", "f", "uck"]]
