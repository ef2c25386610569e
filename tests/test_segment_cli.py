"""Bad input for `subkit segment`: correct output, or one line naming the file and a non-zero exit."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
import srt
from click.testing import CliRunner

from segment_checks import limit_problems, words
from subkit.cli import cli
from subkit.profiles import get_profile

ROOT = Path(__file__).resolve().parents[1]


def run(args, input=None):
    return CliRunner().invoke(cli, ["segment", *args], input=input)


def assert_one_line_error(result, name):
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    err = result.stderr.strip().splitlines()
    assert len(err) == 1, result.stderr
    assert name in err[0]
    return err[0]


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"", "empty"),
        (b"  \n\t \n   ", "whitespace"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        ("Caf\u00e9 cr\u00e8me, un d\u00e9lice.".encode("latin-1"), "--encoding"),
        (("Voici un mot " + "a" * 500 + " bien long.").encode(), "cannot fit"),
    ],
)
def test_bad_input_one_line_error(tmp_path, content, needle):
    src = tmp_path / "input.txt"
    src.write_bytes(content)
    line = assert_one_line_error(run([str(src), "-o", str(tmp_path / "o.srt")]), "input.txt")
    assert needle in line
    assert line.startswith(f"subkit segment: error: {src}:")  # the one error format: FILE[:LINE]: message
    assert not (tmp_path / "o.srt").exists()


def test_a_long_web_address_gets_a_line_of_its_own(tmp_path):
    """A word longer than a line is an error, but an address cannot be cut: it is laid out whole, with
    a warning, and French spacing leaves its "?" alone."""
    url = "https://www.exemple.fr/budget-2024?ref=youtube-description-longue"
    src = tmp_path / "url.txt"
    src.write_text(f"Pour tout savoir sur le budget, allez sur {url} et abonnez-vous à la chaîne.\n", "utf-8")
    result = run([str(src), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert url in result.stdout.splitlines() and "over the 42-character line" in result.stderr


def test_missing_file_and_refusing_to_overwrite_input(tmp_path):
    assert_one_line_error(run([str(tmp_path / "nope.txt")]), "nope.txt")
    src = tmp_path / "t.txt"
    src.write_text("Bonjour à tous, voici la vidéo du jour.", "utf-8")
    assert_one_line_error(run([str(src), "-o", str(src)]), "t.txt")
    assert src.read_text("utf-8") == "Bonjour à tous, voici la vidéo du jour."


def test_encoding_option(tmp_path):
    src = tmp_path / "latin.txt"
    src.write_bytes("Caf\u00e9 cr\u00e8me, un d\u00e9lice pour tout le monde.".encode("cp1252"))
    without = run([str(src), "--lang", "fr"])  # the error names the code page the bytes read as
    assert without.exit_code == 2 and "latin.txt:1: not valid utf-8 (byte 0xe9 at offset 3); looks like cp1252: " \
        "read it with --encoding cp1252" in without.output
    result = run([str(src), "--encoding", "cp1252", "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert "Café crème" in result.stdout


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_transcript_with_or_without_bom(tmp_path, codec):
    text = "Café crème, un délice pour tout le monde. Les Russes ont perdu Koursk."
    (tmp_path / "u8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "u16.txt").write_bytes(text.encode(codec))
    outs = [run([str(tmp_path / name), "--lang", "fr"]) for name in ("u8.txt", "u16.txt")]
    assert all(r.exit_code == 0 for r in outs), outs[1].output
    assert outs[0].stdout == outs[1].stdout and "Café crème" in outs[1].stdout


def _check_output(text: str, srt_text: str, profile_name: str):
    subs = list(srt.parse(srt_text))
    problems = limit_problems(subs, get_profile(profile_name))
    structural = [p for p in problems if "cps" not in p and "duration" not in p]
    assert structural == []
    assert words(text) == words(" ".join(s.content for s in subs))
    return subs, problems


def test_awkward_but_valid_inputs(tmp_path):
    rnd = random.Random(7)
    vocab = ("les russes ont lancé une offensive dans la région de koursk et les ukrainiens "
             "résistent encore avec leurs drones").split()
    cases = {
        "nopunct": " ".join(rnd.choice(vocab) for _ in range(300)),
        "giant": " ".join(rnd.choice(vocab) + ("," if rnd.random() < 0.1 else "") for _ in range(2500)),
        "emoji": "Salut 👋 tout le monde 🎉 ! On parle des 3 % de 2024 et de 1 250 000 € 🇫🇷.",
        "urls": "Voir https://example.com/une/page?x=1 ou www.exemple.fr pour 12,5 km/h, merci.",
        "digits": "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30",
    }
    for name, text in cases.items():
        src = tmp_path / f"{name}.txt"
        src.write_text(text, "utf-8")
        out = tmp_path / f"{name}.srt"
        result = run([str(src), "-o", str(out), "--lang", "fr"])
        assert result.exit_code == 0, (name, result.output)
        assert "Traceback" not in result.output
        subs, problems = _check_output(text, out.read_text("utf-8"), "netflix-fr")
        # a reading-speed or duration breach is never silent: each one is reported
        for p in problems:
            cue = p.split(":")[0]
            assert f"{cue} at" in result.stderr, (name, p)


def test_stdin_to_stdout_and_options():
    text = "Bonjour à tous, c’est Sébastien. Aujourd’hui on regarde la situation à Toretsk ?"
    result = run(["-", "--start", "00:01:00,000", "--fps", "24", "--lang", "fr"], input=text)
    assert result.exit_code == 0, result.output
    subs = list(srt.parse(result.stdout))
    assert subs[0].start.total_seconds() == 60.0
    assert "Toretsk\u00a0?" in result.stdout  # French no-break space before "?"
    for s in subs:  # frame-snapped at 24 fps
        for t in (s.start.total_seconds(), s.end.total_seconds()):
            assert abs(t * 24 - round(t * 24)) < 0.03


def test_duration_fits_the_video(tmp_path):
    seed = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"
    out = tmp_path / "o.srt"
    result = run([str(seed), "-o", str(out), "--duration", "00:09:00"])
    assert result.exit_code == 0, result.output
    subs = list(srt.parse(out.read_text("utf-8")))
    assert subs[-1].end.total_seconds() <= 540.0
    assert subs[-1].end.total_seconds() > 500.0


PODCAST = ("(00:05) Bonjour à tous et bienvenue dans ce nouvel épisode.\n"
           "(00:12) Aujourd'hui, nous recevons Claire Martin, ingénieure agronome.\n"
           "(01:23) Claire, merci d'être avec nous.\n(01:27) Merci à vous.\n")


def test_timestamps_win_over_start_and_must_fit_the_duration(tmp_path):
    """The transcript's timestamps are times of the video: --start times only the words before the
    first (a warning says when it is not used), and a timestamp past --duration is an error."""
    src = tmp_path / "pod.txt"
    src.write_text(PODCAST, "utf-8")
    line = assert_one_line_error(run([str(src), "--duration", "60"]), "pod.txt")
    assert "pod.txt:3: timestamp 00:01:23.000" in line and "--duration" in line
    late = run([str(src), "--start", "10"])
    assert late.exit_code == 0, late.output
    assert list(srt.parse(late.stdout))[0].start.total_seconds() == 5.0
    warned = [w for w in late.stderr.splitlines() if "--start" in w]
    assert len(warned) == 1 and "warning: --start 00:00:10.000 not used" in warned[0], late.stderr
    src.write_text("Un mot d'abord.\n" + PODCAST, "utf-8")  # words before the first timestamp
    early = run([str(src), "--start", "2", "--duration", "100"])
    assert early.exit_code == 0 and "--start" not in early.stderr, early.output
    cues = list(srt.parse(early.stdout))
    assert cues[0].start.total_seconds() == 2.0 and cues[-1].end.total_seconds() <= 100
    assert min(c.end - c.start for c in cues).total_seconds() >= 5 / 6
    assert "--start 00:00:06.000 not used" in run([str(src), "--start", "6"]).stderr  # after the first


def test_title_drop_and_bad_options(tmp_path):
    seed = ROOT / "seeds" / "000_7e3d9c830176a7c7.txt"
    result = run([str(seed), "--title", "drop"])
    assert result.exit_code == 0
    assert "dropped (title): Koursk perdu, Toretsk gagné?" in result.stderr
    assert "Koursk perdu" not in result.stdout
    for args in (["--profile", "nope"], ["--rate", "0"], ["--start", "abc"], ["--duration", "-3"]):
        r = run([str(seed), *args])
        assert r.exit_code != 0 and "Traceback" not in r.output
        assert len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)


def test_english_auto_detection_and_profile():
    text = "Hello everyone, and welcome back to the channel. Today we look at the front line near the city."
    result = run(["-"], input=text)
    assert result.exit_code == 0
    subs = list(srt.parse(result.stdout))
    assert words(text) == words(" ".join(s.content for s in subs))


def test_python_m_subkit_segment(tmp_path):
    src = tmp_path / "t.txt"
    src.write_text("Bonjour à tous, voici la vidéo du jour sur le front.", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "subkit", "segment", str(src)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Bonjour à tous," in proc.stdout


@pytest.mark.parametrize("title", ["Le front de l'Est", "Journal du soir"])
def test_a_kept_title_without_final_punctuation_is_a_cue_of_its_own(tmp_path, title):
    """--title keep (the default): a title line ("short, no final period") is not glued to the first
    sentence; with --title drop it is dropped and said to be."""
    src = tmp_path / "t.txt"
    src.write_text(f"{title}\n\nLes troupes sont épuisées. Elles attendent des renforts.\n", encoding="utf-8")
    kept = CliRunner().invoke(cli, ["segment", str(src), "--lang", "fr"])
    assert kept.exit_code == 0, kept.output
    cues = list(srt.parse(kept.stdout))
    assert cues[0].content.replace("\n", " ") == title
    assert all(title not in c.content.replace("\n", " ") for c in cues[1:])
    dropped = CliRunner().invoke(cli, ["segment", str(src), "--lang", "fr", "--title", "drop"])
    assert title not in dropped.stdout and f"dropped (title): {title}" in dropped.stderr
