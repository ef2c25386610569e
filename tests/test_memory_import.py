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


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


class Recording:
    def __init__(self):
        self.asked: list[str] = []

    def translate(self, sentences, progress=None):
        self.asked += sentences
        return [f"MACHINE {s}" for s in sentences]


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
