"""The translation memory's human entries, ``subkit memory`` (import, export, stats, prune), schema
migration, bad input and concurrent writers: real SQLite, the real CLI, real processes."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.dom import minidom

import pytest
from click.testing import CliRunner

from subkit.cli import cli
from subkit.cues import Cue
from subkit.errors import SubkitError
from subkit.profiles import get_profile
from subkit.srtio import parse_srt
from subkit.translate.memory import Entry, TranslationMemory
from subkit.translate.memory.align import read_pair
from subkit.translate.memory.store import store_entries
from subkit.translate.pipeline import translate_subtitles
from memory_support import Recording

DATA = Path(__file__).parent / "data" / "memory"
PAIRS = [("dinner.fr.srt", "dinner.en.srt"), ("report_head.fr.srt", "report_head.en.srt")]
ROOT = Path(__file__).resolve().parents[1]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def rows(db: Path, where: str = "1") -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT source, target, origin, provenance, pair FROM memory WHERE {where} "
                            "ORDER BY source").fetchall()


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


# --- the store: origins, modes, migration ----------------------------------------------------

def test_a_machine_result_never_overwrites_a_human_entry(tmp_path):
    db = tmp_path / "tm.sqlite3"
    store_entries(db, [Entry("Bonjour à tous.", "Hi, everyone!", pair="fr>en", provenance="ep1")])
    with TranslationMemory(db, "model-a", "fr>en|beam4", pair="fr>en") as tm:
        tm.store([("Bonjour à tous.", "Hello to all.")])
        assert tm.lookup_human(["Bonjour  à tous."]) == {"Bonjour à tous.": ("Hi, everyone!", "human")}
        assert tm.lookup(["Bonjour à tous."]) == {"Bonjour à tous.": "Hello to all."}
    with TranslationMemory(db, "model-a", "fr>en|beam4", pair="fr>en", mode="machine-only") as tm:
        assert tm.lookup_human(["Bonjour à tous."]) == {}
    with TranslationMemory(db, "model-b", "x", pair="de>en") as tm:  # another pair: not its entry
        assert tm.lookup_human(["Bonjour à tous."]) == {}
    assert [r[2] for r in rows(db)] == ["human", "machine"]


def test_a_version_1_memory_is_migrated_without_losing_entries(tmp_path):
    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as conn:  # the layout and keys subkit wrote before origins existed
        conn.execute("CREATE TABLE memory (key TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, "
                     "model TEXT NOT NULL, options TEXT NOT NULL, created REAL NOT NULL)")
        import hashlib

        for n in range(20):
            key = hashlib.sha256("\x1f".join((f"phrase {n}", "m@1", "fr>en|beam4")).encode()).hexdigest()
            conn.execute("INSERT INTO memory VALUES (?, ?, ?, ?, ?, ?)",
                         (key, f"phrase {n}", f"sentence {n}", "m@1", "fr>en|beam4", 1.0))
    with TranslationMemory(db, "m@1", "fr>en|beam4") as tm:
        assert tm.lookup([f"phrase {n}" for n in range(20)]) == {f"phrase {n}": f"sentence {n}" for n in range(20)}
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert conn.execute("SELECT DISTINCT origin, pair FROM memory").fetchall() == [("machine", "fr>en")]
    assert "20 entries" in run("memory", "stats", "--memory", str(db)).output


def test_translate_serves_human_entries_before_the_machine_and_counts_them(tmp_path):
    db = tmp_path / "tm.sqlite3"
    aligned = read_pair(str(DATA / "dinner.fr.srt"), str(DATA / "dinner.en.srt"), "fr", "en")
    store_entries(db, aligned.entries)
    subs = parse_srt((DATA / "dinner.fr.srt").read_text(encoding="utf-8"), "dinner.fr.srt")
    subs.append(Cue.from_text(50_000, 53_000, "Une phrase que personne n'a traduite.", 17))
    engine = Recording()
    with TranslationMemory(db, "m", "fr>en|o", pair="fr>en") as tm:
        out, report = translate_subtitles(subs, engine, source_lang="fr", target_lang="en",
                                          profile=get_profile("netflix-en"), memory=tm)
    assert engine.asked == ["Une phrase que personne n'a traduite."]
    assert report.human == len(aligned.entries) and report.sentences == report.human + 1
    assert report.origins.count("machine") == 1
    text = " ".join(c.text.replace("\n", " ") for c in out)
    assert "I've been waiting for you for an hour outside this cinema." in text
    assert "Fine. It's on me." in text and "MACHINE Une phrase" in text
    # each output cue says where its English came from (the report marks them); the lyric cue the
    # human file translates is served as written too
    assert len(report.cue_origins) == len(out)
    assert [o for c, o in zip(out, report.cue_origins) if "MACHINE" in c.text] == ["machine"]
    assert {o for c, o in zip(out, report.cue_origins) if "MACHINE" not in c.text} == {"human"}
    assert "♪ Soft music ♪" in text
    with TranslationMemory(db, "m", "fr>en|o", pair="fr>en", mode="machine-only") as tm:
        _, report = translate_subtitles(subs, Recording(), source_lang="fr", target_lang="en",
                                        profile=get_profile("netflix-en"), memory=tm)
    assert report.human == 0


# --- import and export -----------------------------------------------------------------------

@pytest.mark.parametrize("source, target", PAIRS)
def test_import_stores_each_sentence_with_the_english_covering_it(tmp_path, source, target):
    db = tmp_path / "tm.sqlite3"
    result = run("memory", "import", str(DATA / source), str(DATA / target), "--memory", str(db))
    assert result.exit_code == 0, result.output
    stored = rows(db)
    assert stored and {r[2] for r in stored} == {"human"} and {r[4] for r in stored} == {"fr>en"}
    assert all(r[3].startswith(f"{source} + {target} @") for r in stored)
    # every word of the human file is stored once, in order of the source sentences (lyric cues whole)
    human_words = " ".join(c.text.replace("\n", " ") for c in parse_srt((DATA / target).read_text(), target)
                           ).replace("<i>", "").replace("</i>", "").split()
    by_time = sorted(stored, key=lambda r: r[3])
    assert sorted(" ".join(r[1] for r in by_time).split()) == sorted(w.lstrip("-") for w in human_words)
    lyrics = sum(1 for r in stored if "♪" in r[0])
    sentences = len(stored) - lyrics
    assert f"learned {sentences} of {sentences} sentences" + (
        f" and {lyrics} lyric cue (♪, learned whole)" if lyrics else " from") in result.output


def test_tmx_export_is_read_back_by_an_independent_parser_and_reimported(tmp_path):
    db, tmx = tmp_path / "tm.sqlite3", tmp_path / "out.tmx"
    for source, target in PAIRS:
        assert run("memory", "import", str(DATA / source), str(DATA / target), "--memory", str(db)).exit_code == 0
    with TranslationMemory(db, "model-a", "fr>en|beam4") as tm:
        tm.store([("Une phrase de la machine.", "A sentence <from> the machine & co.")])
    assert run("memory", "export", "-o", str(tmx), "--memory", str(db)).exit_code == 0
    doc = minidom.parse(str(tmx))
    assert doc.documentElement.tagName == "tmx" and doc.documentElement.getAttribute("version") == "1.4"
    pairs = set()
    for tu in doc.getElementsByTagName("tu"):
        segs = {tuv.getAttribute("xml:lang"): "".join(n.data for n in tuv.getElementsByTagName("seg")[0].childNodes)
                for tuv in tu.getElementsByTagName("tuv")}
        pairs.add((segs["fr"], segs["en"]))
    assert pairs == {(r[0], r[1]) for r in rows(db)}
    lxml = pytest.importorskip("lxml.etree")
    assert len(lxml.parse(str(tmx)).findall(".//tu")) == len(pairs)
    again = tmp_path / "again.sqlite3"
    result = run("memory", "import", str(tmx), "--memory", str(again))
    assert result.exit_code == 0 and f"imported {len(pairs)} of {len(pairs)} units" in result.output
    assert rows(again) == rows(db)


def test_tsv_export_and_human_only_filter(tmp_path):
    db, tsv = tmp_path / "tm.sqlite3", tmp_path / "out.tsv"
    run("memory", "import", str(DATA / "dinner.fr.srt"), str(DATA / "dinner.en.srt"), "--memory", str(db))
    with TranslationMemory(db, "model-a", "fr>en|beam4") as tm:
        tm.store([("Une\tphrase.", "A sentence.")])
    assert run("memory", "export", "-o", str(tsv), "--origin", "human", "--memory", str(db)).exit_code == 0
    lines = tsv.read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t")[:3] == ["source", "target", "origin"]
    assert len(lines) == 1 + len(rows(db, "origin = 'human'"))
    assert all(len(line.split("\t")) == 7 and line.split("\t")[2] == "human" for line in lines[1:])


def test_stats_and_prune_drop_only_machine_entries_of_other_models(tmp_path):
    db = tmp_path / "tm.sqlite3"
    run("memory", "import", str(DATA / "dinner.fr.srt"), str(DATA / "dinner.en.srt"), "--memory", str(db))
    humans = len(rows(db))
    for model in ("old@1", "new@2"):
        with TranslationMemory(db, model, "fr>en|beam4") as tm:
            tm.store([(f"phrase {n}", f"{model} {n}") for n in range(5)])
    out = run("memory", "stats", "--memory", str(db)).output
    assert f"{humans + 10} entries" in out and "old@1" in out and "new@2" in out
    dry = run("memory", "prune", "--keep", "new@2", "--dry-run", "--memory", str(db))
    assert "would drop 5 machine entries" in dry.output and len(rows(db)) == humans + 10
    run("memory", "prune", "--keep", "new@2", "--memory", str(db))
    assert len(rows(db, "origin = 'human'")) == humans
    assert {r[1].split()[0] for r in rows(db, "origin = 'machine'")} == {"new@2"}


# --- bad input: one line, nothing imported ----------------------------------------------------

def _shifted(path: Path, dest: Path, ms: int) -> Path:
    from subkit.cues import compose_srt

    cues = parse_srt(path.read_text(encoding="utf-8"), path.name)
    dest.write_text(compose_srt([c.with_times(c.start + ms, c.end + ms) for c in cues]), encoding="utf-8")
    return dest


def test_bad_pairs_give_one_line_and_import_nothing(tmp_path):
    db = tmp_path / "tm.sqlite3"
    late = _shifted(DATA / "dinner.en.srt", tmp_path / "late.en.srt", 600_000)
    empty = tmp_path / "empty.en.srt"
    empty.write_text("", encoding="utf-8")
    prose = tmp_path / "prose.en.srt"
    prose.write_text("This is a letter, not subtitles.\nIt has two lines.\n", encoding="utf-8")
    cases = [
        ((DATA / "dinner.fr.srt", late), "not a translation of this file"),
        ((DATA / "dinner.fr.srt", DATA / "report_head.en.srt"), "not a translation of this file"),
        ((DATA / "dinner.en.srt", DATA / "dinner.fr.srt"), "looks like 'en', not 'fr'"),
        ((DATA / "dinner.fr.srt", empty), "no subtitles found"),
        ((DATA / "dinner.fr.srt", prose), "prose.en.srt"),
        ((DATA / "dinner.fr.srt", tmp_path / "missing.srt"), "no such file"),
    ]
    for (source, target), message in cases:
        line = one_line_error(run("memory", "import", str(source), str(target), "--memory", str(db)))
        assert line.startswith("subkit memory: error: ") and message in line, line
    # --force takes a shifted-by-a-little pair; far apart (no overlap at all) it still refuses
    line = one_line_error(run("memory", "import", str(DATA / "dinner.fr.srt"), str(late), "--force",
                              "--memory", str(db)))
    assert "0 of 17 sentences overlap" in line
    assert rows(db) == []
    for command in (["stats"], ["export", "-o", str(tmp_path / "x.tmx")], ["prune", "--keep", "m"]):
        line = one_line_error(run("memory", *command, "--memory", str(tmp_path / "none.sqlite3")))
        assert "no translation memory here yet" in line
    assert not (tmp_path / "none.sqlite3").exists() and not (tmp_path / "x.tmx").exists()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>
<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>&c;</seg></tuv>
<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>"""

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file://{path}">]>
<tmx version="1.4"><header srclang="fr"/><body><tu><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv>
<tuv xml:lang="en"><seg>&secret;</seg></tuv></tu></body></tmx>"""

TU = '<tu><tuv xml:lang="{a}"><seg>{x}</seg></tuv><tuv xml:lang="{b}"><seg>{y}</seg></tuv></tu>'


def _tmx(*units: str) -> str:
    return f'<?xml version="1.0"?><tmx version="1.4"><header srclang="fr"/><body>{"".join(units)}</body></tmx>'


def test_bad_tmx_gives_one_line_and_imports_nothing(tmp_path):
    db = tmp_path / "tm.sqlite3"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    good = TU.format(a="fr", x="Bonjour.", b="en", y="Hello.")
    cases = {
        "laughs.tmx": (BILLION_LAUGHS, "refused: the document declares entities"),
        "external.tmx": (EXTERNAL.format(path=secret), "refused: the document declares entities"),
        "broken.tmx": (_tmx(good)[:-20], "not well-formed XML"),
        "foreign.tmx": (_tmx(TU.format(a="de", x="Hallo.", b="en", y="Hello.")), "languages found: de, en"),
        "noseg.tmx": (_tmx(good, '<tu><tuv xml:lang="fr"><seg>Oui.</seg></tuv><tuv xml:lang="en"/></tu>'),
                      "translation unit 2: <tuv xml:lang=\"en\"> has no <seg>"),
        "other.tmx": ('<?xml version="1.0"?><html><body/></html>', "not a TMX document"),
        "empty.tmx": ("", "not well-formed XML"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        line = one_line_error(run("memory", "import", str(path), "--memory", str(db)))
        assert message in line and name in line, line
    assert rows(db) == []
    fine = tmp_path / "fine.tmx"
    fine.write_text(_tmx(good, TU.format(a="fr-FR", x="Oui <ph>&lt;b&gt;</ph>merci.", b="EN-gb", y="Yes, thanks.")),
                    encoding="utf-8")
    assert run("memory", "import", str(fine), "--memory", str(db)).exit_code == 0
    assert [(r[0], r[1], r[2]) for r in rows(db)] == [("Bonjour.", "Hello.", "human"),
                                                      ("Oui merci.", "Yes, thanks.", "human")]


# --- concurrency: real processes -------------------------------------------------------------

def _machine_writer(args):
    path, worker = args
    with TranslationMemory(path, f"m{worker}", "fr>en|o") as tm:
        for i in range(40):
            tm.store([(f"phrase {worker} {i}", f"sentence {worker} {i}")])
    return worker


def test_episode_writers_and_an_import_share_the_memory_without_losing_anything(tmp_path):
    db = str(tmp_path / "tm.sqlite3")
    TranslationMemory(db, "m", "o").close()
    importer = subprocess.Popen(
        [sys.executable, "-m", "subkit", "memory", "import", str(DATA / "dinner.fr.srt"),
         str(DATA / "dinner.en.srt"), "--memory", db],
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, stderr=subprocess.PIPE, text=True)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        assert sorted(pool.map(_machine_writer, [(db, w) for w in range(2)])) == [0, 1]
    assert importer.wait(timeout=120) == 0, importer.stderr.read()
    assert len(rows(Path(db), "origin = 'machine'")) == 80
    assert len(rows(Path(db), "origin = 'human'")) == 18  # 17 sentences and a lyric cue


def test_a_folder_or_a_broken_file_as_memory_is_one_line_that_helps(tmp_path):
    folder = tmp_path / "somedir"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    export = ("memory", "export", "-o", str(tmp_path / "x.tmx"), "--memory", str(folder))
    for args in (("memory", "stats", "--memory", str(folder)), export):
        result = run(*args)
        assert result.exit_code == 2 and "is a folder" in result.output, result.output
        assert "Traceback" not in result.output
    with pytest.raises(SubkitError, match="is a folder"):
        TranslationMemory(folder, "model", "options", rebuild=True)  # translate --rebuild-memory: left alone
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "mine"
    broken = tmp_path / "notdb.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00not a database")  # a damaged SQLite file
    said = run("memory", "stats", "--memory", str(broken))
    assert said.exit_code == 2 and "subkit translate ... --rebuild-memory" in said.output
