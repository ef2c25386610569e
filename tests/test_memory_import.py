"""What an import stores is what translate looks up: merged sentences, TMX units written as CAT tools
write them (spoken spellings, tags, paragraphs, cue fragments, placeholders, dates, regional variants).
The real CLI and real SQLite; a recording translator shows which sentences reached the engine."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from click.testing import CliRunner

from subkit.cli import cli
from subkit.profiles import get_profile
from subkit.srtio import parse_srt
from subkit.translate.memory import TranslationMemory
from subkit.translate.pipeline import translate_subtitles
from folder_support import read_only
from memory_support import Recording


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def srt(path: Path, *cues: tuple[str, str, str]) -> Path:
    path.write_text("\n".join(f"{n}\n{a} --> {b}\n{text}\n" for n, (a, b, text) in enumerate(cues, 1)),
                    encoding="utf-8")
    return path


def translate(db: Path, source: Path):
    engine = Recording()
    subs = parse_srt(source.read_text(encoding="utf-8"), source.name)
    with TranslationMemory(db, "m", "fr>en|o", pair="fr>en") as tm:
        out, report = translate_subtitles(subs, engine, source_lang="fr", target_lang="en",
                                          profile=get_profile("netflix-en"), memory=tm)
    return [c.text.replace("\n", " ") for c in out], engine.asked, report


def stored(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT source, target FROM memory WHERE origin != 'machine' ORDER BY source").fetchall()


def tmx(path: Path, *units: str, srclang: str = "fr-FR") -> Path:
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="{srclang}" '
                    f'segtype="sentence" o-tmf="OmegaT" adminlang="en"/><body>{"".join(units)}</body></tmx>',
                    encoding="utf-8")
    return path


def tu(fr: str, en: str, attrs: str = "", en_lang: str = "en") -> str:
    return (f'<tu {attrs}><tuv xml:lang="fr-FR"><seg>{fr}</seg></tuv>'
            f'<tuv xml:lang="{en_lang}"><seg>{en}</seg></tuv></tu>')


# --- 1. one English sentence for several French ones -------------------------------------------

def test_one_english_sentence_over_two_french_ones_is_not_learned_and_said(tmp_path):
    fr = srt(tmp_path / "d2.fr.srt", ("00:00:01,000", "00:00:03,000", "Le magasin est fermé."),
             ("00:00:03,200", "00:00:05,000", "Nous reviendrons demain."))
    en = srt(tmp_path / "d2.en.srt",
             ("00:00:01,000", "00:00:05,000", "The shop's closed, so we'll come back tomorrow."))
    db = tmp_path / "d2.db"
    result = run("memory", "import", str(fr), str(en), "--memory", str(db), "--force")
    assert result.exit_code == 0, result.output
    assert "learned 0 of 2 sentences" in result.output
    assert "2 not learned: one English sentence for several French ones" in result.output
    assert not db.exists() or stored(db) == []
    texts, asked, _ = translate(db, fr)
    assert asked == ["Le magasin est fermé.", "Nous reviendrons demain."]
    # across two cues, the halves of one English sentence are not two translations either
    en2 = srt(tmp_path / "d2b.en.srt", ("00:00:01,000", "00:00:03,000", "The shop's closed,"),
              ("00:00:03,200", "00:00:05,000", "so we'll come back tomorrow."))
    result = run("memory", "import", str(fr), str(en2), "--memory", str(db), "--force")
    assert "learned 0 of 2 sentences" in result.output and "2 not learned" in result.output


def test_sentences_translated_one_for_one_in_a_merged_cue_are_still_learned(tmp_path):
    fr = srt(tmp_path / "a.fr.srt", ("00:00:01,000", "00:00:03,000", "Le magasin est fermé."),
             ("00:00:03,200", "00:00:05,000", "Nous reviendrons demain."))
    en = srt(tmp_path / "a.en.srt", ("00:00:01,000", "00:00:05,000", "The shop's shut. We'll be back tomorrow."))
    db = tmp_path / "a.db"
    result = run("memory", "import", str(fr), str(en), "--memory", str(db), "--force")
    assert "learned 2 of 2 sentences" in result.output, result.output
    assert stored(db) == [("Le magasin est fermé.", "The shop's shut."),
                          ("Nous reviendrons demain.", "We'll be back tomorrow.")]



def test_a_cue_ending_on_the_next_sentences_first_word_does_not_split_that_sentence(tmp_path):
    fr = srt(tmp_path / "s.fr.srt", ("00:00:01,000", "00:00:04,000", "Le projet a coûté vingt milliards d'euros."),
             ("00:00:04,000", "00:00:07,000", "Alors, est-ce que ça vaut le coup ?"))
    en = srt(tmp_path / "s.en.srt", ("00:00:01,000", "00:00:04,000", "The project cost twenty billion euros. So,"),
             ("00:00:04,000", "00:00:07,000", "is it worth it?"))
    db = tmp_path / "s.db"
    result = run("memory", "import", str(fr), str(en), "--memory", str(db), "--force")
    assert "learned 2 of 2 sentences" in result.output, result.output
    assert stored(db) == [("Alors, est-ce que ça vaut le coup ?", "So, is it worth it?"),
                          ("Le projet a coûté vingt milliards d'euros.", "The project cost twenty billion euros.")]

# --- 1b. music cues: a sung sound label is a sentence, a lyric cue is learned whole --------------

def test_a_reviewers_fix_of_a_music_cue_is_learned_and_served(tmp_path):
    fr = srt(tmp_path / "m.fr.srt", ("00:00:01,000", "00:00:03,500", "♪ [Musique] ♪"),
             ("00:00:04,000", "00:00:07,000", "Le projet a coûté cher."),
             ("00:00:07,500", "00:00:10,000", "♪ Joyeux anniversaire ♪"),
             ("00:00:10,500", "00:00:13,000", "♪ On the road again ♪"))
    en = srt(tmp_path / "m.en.srt", ("00:00:01,000", "00:00:03,520", "♪ [Music] ♪"),
             ("00:00:04,000", "00:00:07,100", "The project was expensive."),
             ("00:00:07,500", "00:00:10,100", "<i>♪ Happy birthday ♪</i>"),
             ("00:00:10,500", "00:00:13,000", "♪ On the road again ♪"))
    db = tmp_path / "m.db"
    result = run("memory", "import", str(fr), str(en), "--memory", str(db), "--force")
    # the label is a sentence; the lyric cue the reviewer translated is learned whole, the one kept is not
    assert "learned 2 of 2 sentences and 1 lyric cue (♪, learned whole)" in result.output, result.output
    assert stored(db) == [("Le projet a coûté cher.", "The project was expensive."),
                          ("[Musique]", "[Music]"), ("♪ Joyeux anniversaire ♪", "♪ Happy birthday ♪")]
    texts, asked, report = translate(db, fr)
    assert asked == []  # a human entry wins over copying the lyrics as written
    assert texts == ["♪ [Music] ♪", "The project was expensive.", "♪ Happy birthday ♪", "♪ On the road again ♪"]
    assert report.cue_origins == ["human", "human", "human", ""]
    with TranslationMemory(db, "m", "fr>en|o", pair="fr>en", mode="machine-only") as tm:
        out, _ = translate_subtitles(parse_srt(fr.read_text(encoding="utf-8"), fr.name), Recording(),
                                     source_lang="fr", target_lang="en", profile=get_profile("netflix-en"),
                                     memory=tm)
    assert out[2].text == "♪ Joyeux anniversaire ♪"


# --- 2. a TMX source is keyed as translate keys its sentences -----------------------------------

def test_tmx_units_are_keyed_as_translate_cuts_and_writes_sentences(tmp_path):
    db = tmp_path / "tm.db"
    units = [("T'as vu mon frère ?", "HUMAN: Seen my brother?"),
             ("Il a le coeur brisé.", "HUMAN: He's heartbroken."),
             ("Est ce que tu viens ?", "HUMAN: Are you coming?"),
             ("&lt;i&gt;Évidemment.&lt;/i&gt;", "&lt;i&gt;HUMAN: Obviously.&lt;/i&gt;")]
    result = run("memory", "import", str(tmx(tmp_path / "omegat.tmx", *(tu(a, b) for a, b in units))),
                 "--memory", str(db))
    assert "imported 4 of 4 units" in result.output, result.output
    fr = srt(tmp_path / "x.fr.srt", *((f"00:00:0{2 * n},000", f"00:00:0{2 * n + 1},000", text.replace("&lt;", "<")
                                        .replace("&gt;", ">")) for n, (text, _) in enumerate(units)))
    texts, asked, report = translate(db, fr)
    assert asked == [] and report.human == 4
    assert texts == ["HUMAN: Seen my brother?", "HUMAN: He's heartbroken.", "HUMAN: Are you coming?",
                     "<i>HUMAN: Obviously.</i>"]


def test_literal_angle_bracket_text_in_a_segment_is_kept_and_served_as_written(tmp_path):
    db = tmp_path / "tm.db"
    doc = tmx(tmp_path / "lt.tmx",
              tu("Écrivez à &lt;redaction@france.fr&gt; dès maintenant.", "Write to &lt;redaction@france.fr&gt; now."),
              tu("Le hashtag &lt;Climat&gt; est en tête.", "The hashtag &lt;Climate&gt; is trending."),
              tu("Les Bleus gagnent.", "<![CDATA[The \"Blues\" & the <Reds> win.]]>"),
              tu("Il a dit non.", "&lt;c.yellow&gt;He&lt;/c&gt; said &lt;v Bob&gt;no.&lt;/v&gt;{\\an8}"))
    assert run("memory", "import", str(doc), "--memory", str(db)).exit_code == 0
    targets = {target for _, target in stored(db)}
    assert targets == {"Write to <redaction@france.fr> now.", "The hashtag <Climate> is trending.",
                       'The "Blues" & the <Reds> win.', "He said no."}, targets
    fr = srt(tmp_path / "lt.fr.srt", ("00:00:01,000", "00:00:03,000", "Le hashtag <Climat> est en tête."))
    texts, asked, _ = translate(db, fr)
    assert asked == [] and texts == ["The hashtag <Climate> is trending."]


# --- 3. units of several sentences, units of part of one ----------------------------------------

def test_a_paragraph_unit_is_cut_into_sentences_and_fragments_are_counted(tmp_path):
    db = tmp_path / "tm.db"
    doc = tmx(tmp_path / "p.tmx", tu("Bonjour Marie. Tu as bien dormi ?", "Hi Marie. Did you sleep well?"),
              tu("Il pleut. Encore.", "It's raining again."),
              tu("Le port est très ancien", "The harbour is very old"),
              tu("et il attire beaucoup de touristes.", "and it draws many tourists."),
              tu("Il a dit : « Non. »", 'He said: "No."'))  # whole: the quote closes after the stop
    result = run("memory", "import", str(doc), "--memory", str(db))
    assert result.exit_code == 0, result.output
    assert "1 unit held several sentences its translation does not cut alike: kept whole" in result.output
    assert "2 units held part of a sentence only: subkit looks sentences up whole" in result.output
    assert ("Bonjour Marie.", "Hi Marie.") in stored(db) and ("Tu as bien dormi ?", "Did you sleep well?") \
        in stored(db)
    fr = srt(tmp_path / "m.fr.srt", ("00:00:01,000", "00:00:02,000", "Bonjour Marie."),
             ("00:00:03,000", "00:00:04,000", "Tu as bien dormi ?"))
    texts, asked, _ = translate(db, fr)
    assert asked == [] and texts == ["Hi Marie.", "Did you sleep well?"]


# --- 4. the newest entry wins, whatever the order read ------------------------------------------

def test_the_newest_unit_wins_whatever_the_order(tmp_path):
    db = tmp_path / "tm.db"
    doc = tmx(tmp_path / "c.tmx",
              tu("Il fait froid ce matin.", "NEW 2026 correction.", 'changedate="20261201T000000Z"'),
              tu("Il fait froid ce matin.", "OLD 2019 draft.",
                 'creationdate="20190101T000000Z" changedate="20190101T000000Z"'))
    result = run("memory", "import", str(doc), "--memory", str(db))
    assert "1 not taken: a newer entry exists" in result.output, result.output
    assert stored(db) == [("Il fait froid ce matin.", "NEW 2026 correction.")]
    # today's reviewed pair, then an old TMX: today's correction stays
    fr = srt(tmp_path / "r.fr.srt", ("00:00:01,000", "00:00:03,000", "Il pleut ce soir."))
    en = srt(tmp_path / "r.en.srt", ("00:00:01,000", "00:00:03,000", "Raining tonight, reviewed today."))
    assert run("memory", "import", str(fr), str(en), "--memory", str(db), "--force").exit_code == 0
    old = tmx(tmp_path / "old.tmx", tu("Il pleut ce soir.", "OLD draft.", 'changedate="20190101"'))
    result = run("memory", "import", str(old), "--memory", str(db))
    assert "imported 0 of 1 units" in result.output and "1 not taken: a newer entry exists" in result.output
    assert ("Il pleut ce soir.", "Raining tonight, reviewed today.") in stored(db)


def test_an_omegat_date_on_the_target_tuv_is_the_units_date(tmp_path):
    db = tmp_path / "tm.db"
    omegat = tmx(tmp_path / "omegat.tmx",
                 '<tu><tuv xml:lang="fr-FR"><seg>Il neige.</seg></tuv><tuv xml:lang="en" '
                 'changedate="20190101T000000Z" creationdate="20180101T000000Z"><seg>OLD snow.</seg></tuv></tu>')
    assert run("memory", "import", str(omegat), "--memory", str(db)).exit_code == 0
    later = tmx(tmp_path / "trados_later.tmx", tu("Il neige.", "NEW snow.", 'changedate="20261120T000000Z"'))
    result = run("memory", "import", str(later), "--memory", str(db))
    assert "imported 1 of 1 units" in result.output and "not taken" not in result.output, result.output
    assert stored(db) == [("Il neige.", "NEW snow.")]
    older = tmx(tmp_path / "older.tmx", tu("Il neige.", "OLDER.", 'changedate="20200101T000000Z"'))
    assert "1 not taken: a newer entry exists" in run("memory", "import", str(older), "--memory", str(db)).output


# --- 5, 6. placeholders for line breaks, no-break spaces ----------------------------------------

def test_a_line_break_placeholder_is_a_space_and_no_break_spaces_are_kept(tmp_path):
    db = tmp_path / "tm.db"
    doc = tmx(tmp_path / "ph.tmx",
              tu('Le métro est resté bloqué<ph x="1" type="0">&lt;br/&gt;</ph>entre deux stations.',
                 'The metro got stuck<ph x="1">\\N</ph>between two stations.'),
              tu("C'est à 10 km.", "It's 10&#160;km away."),
              tu("Il a dit oui.", "Il a dit «&#160;oui&#160;»."))
    assert run("memory", "import", str(doc), "--memory", str(db)).exit_code == 0
    assert ("Le métro est resté bloqué entre deux stations.", "The metro got stuck between two stations.") \
        in stored(db)
    assert ("C'est à 10 km.", "It's 10\u00a0km away.") in stored(db)
    out = tmp_path / "out.tsv"
    assert run("memory", "export", "-o", str(out), "--memory", str(db)).exit_code == 0
    assert "It's 10\u00a0km away." in out.read_text(encoding="utf-8")
    assert "«\u00a0oui\u00a0»" in out.read_text(encoding="utf-8")
    fr = srt(tmp_path / "k.fr.srt", ("00:00:01,000", "00:00:03,000", "C'est à 10 km."))
    texts, _, _ = translate(db, fr)
    assert texts == ["It's 10\u00a0km away."]


# --- 8. regional variants ------------------------------------------------------------------------

def test_regional_variants_pick_one_and_say_how_many_had_several(tmp_path):
    unit = ('<tu><tuv xml:lang="fr-FR"><seg>Il fait beau.</seg></tuv><tuv xml:lang="en-US"><seg>US: Nice day.</seg>'
            '</tuv><tuv xml:lang="en-GB"><seg>GB: Lovely day.</seg></tuv></tu>')
    doc = tmx(tmp_path / "v.tmx", unit)
    db = tmp_path / "a.db"
    result = run("memory", "import", str(doc), "--memory", str(db))
    assert "1 unit had several en variants (en-US, en-GB): the first taken; --to en-GB picks one" in result.output
    assert stored(db) == [("Il fait beau.", "US: Nice day.")]
    db = tmp_path / "b.db"
    result = run("memory", "import", str(doc), "--to", "en-GB", "--memory", str(db))
    assert result.exit_code == 0, result.output
    assert stored(db) == [("Il fait beau.", "GB: Lovely day.")]
    fr = srt(tmp_path / "p.fr.srt", ("00:00:01,000", "00:00:03,000", "Il fait beau ce soir."))
    en = srt(tmp_path / "p.en.srt", ("00:00:01,000", "00:00:03,000", "GB: Lovely evening."))
    assert run("memory", "import", str(fr), str(en), "--from", "fr-FR", "--to", "en-GB", "--memory", str(db),
               "--force").exit_code == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT DISTINCT pair FROM memory").fetchall() == [("fr>en",)]
    # the same language twice, however spelt, is refused in one line before anything is read
    result = run("memory", "import", str(fr), str(en), "--from", "FR", "--to", "fr-CA", "--memory", str(db))
    assert result.exit_code == 2 and result.output.strip().endswith(
        "--from FR and --to fr-CA are the same language (fr): nothing to translate")


# --- 7. a memory in a read-only location ---------------------------------------------------------

def test_a_memory_in_a_read_only_location_is_read_and_writes_say_why_they_fail(with_model, tmp_path):
    import pytest

    shared = tmp_path / "shared"
    shared.mkdir()
    db = shared / "tm.sqlite3"
    fr = srt(tmp_path / "r.fr.srt", ("00:00:01,000", "00:00:03,000", "Il pleut ce soir."))
    en = srt(tmp_path / "r.en.srt", ("00:00:01,000", "00:00:03,000", "Raining tonight."))
    assert run("memory", "import", str(fr), str(en), "--memory", str(db), "--force").exit_code == 0
    undo = read_only(shared)
    if undo is None:
        pytest.skip("running as root without the right to bind-mount: no read-only location can be made")
    try:
        stats = run("memory", "stats", "--memory", str(db))
        assert stats.exit_code == 0 and "1 entry" in stats.output, stats.output
        out = tmp_path / "out.tsv"
        assert run("memory", "export", "-o", str(out), "--memory", str(db)).exit_code == 0
        assert "Raining tonight." in out.read_text(encoding="utf-8")
        for args in (("memory", "import", str(fr), str(en), "--force"), ("memory", "prune", "--keep", "m"),
                     ("translate", str(fr), "-o", str(tmp_path / "o.srt"), "--rebuild-memory")):
            result = CliRunner().invoke(cli, [*args, "--memory", str(db)])
            lines = result.output.strip().splitlines()
            assert result.exit_code == 2 and len(lines) == 1, result.output
            assert "cannot write: read-only location" in lines[0] and "rebuild" not in lines[0], lines[0]
        assert db.exists()
    finally:
        undo()
